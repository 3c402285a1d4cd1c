//! `mxdrill simulate`: one delivery, step by step, as text or JSON.

use crate::learner::now;
use mxdrill::cli::{Cli, ProfileArg};
use mxdrill::delivery::{Profile, Setup};
use mxdrill::dns::World;
use mxdrill::play::{self, scenario::known_host};
use std::process::ExitCode;

/// What the command line asked for.
pub struct Request<'a> {
    pub address: &'a str,
    pub states: &'a [String],
    pub profile: ProfileArg,
    pub self_host: Option<&'a str>,
    pub seed: Option<u64>,
    pub json: bool,
    /// Write the picture of the delivery here.
    pub svg: Option<&'a std::path::Path>,
}

fn usage(message: &str) -> ExitCode {
    eprintln!("mxdrill simulate: {message}");
    ExitCode::from(2)
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
    setup.profile = match request.profile {
        ProfileArg::Postfix => Profile::Postfix,
        ProfileArg::Exim => Profile::Exim,
        ProfileArg::Rfc => Profile::Rfc,
    };
    // Without --seed, any seed will do; it is printed so the run can be repeated.
    setup.seed = request.seed.unwrap_or_else(|| now() % 10_000);
    Ok(setup)
}

/// Runs the command.
pub fn run(cli: &Cli, request: &Request) -> ExitCode {
    let library = match play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => return usage(&e),
    };
    let setup = match setup(&library.world, request) {
        Ok(setup) => setup,
        Err(message) => return usage(&message),
    };
    let trace = match setup.run(&library.world) {
        Ok(trace) => trace,
        Err(e) => return usage(&e.to_string()),
    };
    let (profile, seed) = (setup.profile.name(), setup.seed);
    if let Some(path) = request.svg {
        let title = format!(
            "Delivering a message to {} (profile {profile}, seed {seed})",
            request.address
        );
        let picture = play::WhatIf::of(setup.clone(), &library.world).picture(usize::MAX);
        if let Err(e) = std::fs::write(path, play::svg::svg(&picture, &title)) {
            eprintln!("mxdrill simulate: cannot write {}: {e}", path.display());
            return ExitCode::from(1);
        }
    }
    let text = if request.json {
        let json = serde_json::json!({
            "recipient": request.address,
            "profile": profile,
            "seed": seed,
            "outcome": trace.outcome,
            "steps": trace.steps,
        });
        // A value built from strings and numbers: serializing cannot fail.
        format!(
            "{}\n",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        )
    } else {
        format!(
            "Delivering a message to {} (profile {profile}, seed {seed})\n\n{}",
            request.address,
            trace.to_text()
        )
    };
    let written = mxdrill::output::print(&text);
    mxdrill::output::finish("mxdrill simulate", written, ExitCode::SUCCESS)
}
