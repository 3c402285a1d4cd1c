//! `mxdrill simulate`: one delivery, step by step, as text or JSON.

use super::args::Cli;
use super::policy::{self, Done, Out, Stop};
use mxdrill::delivery::{Profile, Setup};
use mxdrill::dns::World;
use mxdrill::play::{self, scenario::known_host};
use std::io::Write;

/// What the command line asked for.
pub struct Request<'a> {
    pub address: &'a str,
    pub states: &'a [String],
    pub profile: Profile,
    pub self_host: Option<&'a str>,
    pub seed: Option<u64>,
    pub json: bool,
    /// Write the picture of the delivery here.
    pub svg: Option<&'a std::path::Path>,
}

/// The delivery the command line describes.
fn setup(world: &World, request: &Request) -> Result<Setup, String> {
    let mut setup = Setup::new(request.address);
    for text in request.states {
        let (host, behaviour) = play::parse_override(world, text)?;
        setup.set_behaviour(host, behaviour);
    }
    setup.self_host = request
        .self_host
        .map(|h| known_host(world, h))
        .transpose()?;
    setup.profile = request.profile;
    // Without --seed, any seed will do; it is printed so the run can be repeated.
    setup.seed = request.seed.unwrap_or_else(|| policy::seed(policy::now()));
    Ok(setup)
}

/// Runs the command.
pub fn run(cli: &Cli, request: &Request, out: &mut Out) -> Done {
    let library = policy::library(cli)?;
    let setup = setup(&library.world, request).map_err(Stop::Usage)?;
    let trace = setup
        .run(&library.world)
        .map_err(|e| Stop::Usage(e.to_string()))?;
    let (profile, seed) = (setup.profile.name(), setup.seed);
    if let Some(path) = request.svg {
        let title = format!(
            "Delivering a message to {} (profile {profile}, seed {seed})",
            request.address
        );
        // Only a file is written: a FIFO would block until a reader came, a device
        // or a folder is not a picture's place. Anything else there is refused
        // before the picture is drawn (a missing path is created).
        if let Some(meta) = std::fs::metadata(path).ok().filter(|m| !m.is_file()) {
            let what = if meta.is_dir() {
                "a folder"
            } else {
                "not a regular file (a FIFO, device or socket)"
            };
            return Err(Stop::Usage(format!(
                "--svg {}: {what}; give the path of a file to write",
                path.display()
            )));
        }
        let picture = play::WhatIf::of(setup.clone(), &library.world).picture(usize::MAX);
        std::fs::write(path, play::svg::svg(&picture, &title))
            .map_err(|e| Stop::Failed(format!("cannot write {}: {e}", path.display())))?;
    }
    if request.json {
        let json = serde_json::json!({
            "recipient": request.address,
            "profile": profile,
            "seed": seed,
            "outcome": trace.outcome,
            "steps": trace.steps,
        });
        // A value built from strings and numbers: serializing cannot fail.
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        writeln!(out, "{text}")?;
    } else {
        write!(
            out,
            "Delivering a message to {} (profile {profile}, seed {seed})\n\n{}",
            request.address,
            trace.to_text()
        )?;
    }
    Ok(0)
}
