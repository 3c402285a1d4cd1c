//! `mxdrill simulate`: one delivery, step by step, as text or JSON.

use crate::sources;
use hickory_proto::rr::{Name, RecordType};
use mxdrill::cli::{Cli, ProfileArg};
use mxdrill::content::{self, zone::parse_duration, zone::zone_name};
use mxdrill::delivery::{self, Behaviour, Profile, Scenario};
use mxdrill::dns::{HostState, World};
use std::process::ExitCode;

/// What the command line asked for.
pub struct Request<'a> {
    pub address: &'a str,
    pub states: &'a [String],
    pub profile: ProfileArg,
    pub self_host: Option<&'a str>,
    pub seed: Option<u64>,
    pub json: bool,
}

fn usage(message: &str) -> ExitCode {
    eprintln!("mxdrill simulate: {message}");
    ExitCode::from(2)
}

/// A host the world knows: it has an address record somewhere in the loaded zones.
fn known_host(world: &World, text: &str) -> Result<Name, String> {
    let name = zone_name(text)?;
    let has = |t| world.lookup(&name, t).records_of(t).next().is_some();
    match has(RecordType::A) || has(RecordType::AAAA) {
        true => Ok(name),
        false => Err(format!(
            "host {} is not in the simulated world (no A or AAAA record)",
            content::bare(&name)
        )),
    }
}

/// `HOST=STATE` or `HOST=STATE:DURATION` (the state lasts that long, then the host is up).
fn override_of(world: &World, text: &str) -> Result<(Name, Behaviour), String> {
    let (host, rest) = text.split_once('=').ok_or_else(|| {
        format!("--state '{text}': write HOST=STATE, such as mx1.example.com=down")
    })?;
    let (state, lasts) = match rest.split_once(':') {
        Some((state, duration)) => (state, Some(parse_duration(duration)?)),
        None => (rest, None),
    };
    let state: HostState = state.parse()?;
    Ok((known_host(world, host)?, Behaviour { state, lasts }))
}

/// Runs the command.
pub fn run(cli: &Cli, request: &Request) -> ExitCode {
    let library = match sources(cli, &[]) {
        Ok(sources) => content::load(&sources),
        Err(d) => return usage(&format!("{}: {}", d.path, d.message)),
    };
    let world = &library.world;
    let mut overrides = Vec::new();
    for text in request.states {
        match override_of(world, text) {
            Ok(o) => overrides.push(o),
            Err(message) => return usage(&message),
        }
    }
    let self_host = match request.self_host.map(|h| known_host(world, h)).transpose() {
        Ok(host) => host,
        Err(message) => return usage(&message),
    };
    let profile = match request.profile {
        ProfileArg::Postfix => Profile::Postfix,
        ProfileArg::Exim => Profile::Exim,
        ProfileArg::Rfc => Profile::Rfc,
    };
    // Without --seed, any seed will do; it is printed so the run can be repeated.
    let seed = request.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs() % 10_000)
    });
    let scenario = Scenario {
        world,
        recipient: request.address,
        overrides,
        profile,
        self_host,
        seed,
    };
    let trace = match delivery::simulate(&scenario) {
        Ok(trace) => trace,
        Err(e) => return usage(&e.to_string()),
    };
    let text = if request.json {
        let json = serde_json::json!({
            "recipient": request.address,
            "profile": profile.name(),
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
            "Delivering a message to {} (profile {}, seed {seed})\n\n{}",
            request.address,
            profile.name(),
            trace.to_text()
        )
    };
    let written = mxdrill::output::print(&text);
    mxdrill::output::finish("mxdrill simulate", written, ExitCode::SUCCESS)
}
