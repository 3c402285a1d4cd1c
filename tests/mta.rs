//! The simulator against real Postfix and real Exim (mx-rules.md §1–§4).
//!
//! Every case of tests/mta/cases.txt, and the scenario of every bundled `predict`
//! question, was run through the real MTAs by tests/mta/harness.py; what each contacted
//! and how its first run ended is stored in tests/mta/expected (bash tests/mta/capture.sh).
//! `the_simulator_agrees_with_the_captured_mtas` compares the simulator with those files
//! everywhere; `the_simulator_agrees_with_the_live_mtas` reruns the real MTAs where root,
//! Exim and an unpacked Postfix are available (mandatory when MXDRILL_REQUIRE_MTA is set).

use hickory_proto::rr::{Name, RData, RecordType};
use mxdrill::content::bank::Kind;
use mxdrill::content::{self, Library, Source, bare};
use mxdrill::delivery::{Behaviour, Profile, Scenario, StepKind, Trace, simulate};
use mxdrill::dns::HostState;
use mxdrill::dns::host_state::{Smtp, Stage};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/live.rs"]
mod live;

const MTAS: [Profile; 2] = [Profile::Postfix, Profile::Exim];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mta")
}

/// The bundled content plus the harness zones.
fn library() -> Library {
    let mut sources = content::bundled_sources();
    for entry in fs::read_dir(dir().join("zones")).expect("tests/mta/zones") {
        let path = entry.expect("entry").path();
        sources.push(Source {
            text: fs::read_to_string(&path).expect("zone text"),
            path: path.display().to_string(),
            bundled: false,
            unreadable: None,
        });
    }
    let library = content::load(&sources);
    assert!(library.skipped.is_empty(), "{:?}", library.skipped);
    library
}

/// One conformance case.
#[derive(Debug, Clone)]
struct Case {
    name: String,
    recipient: String,
    states: Vec<(Name, HostState)>,
    self_host: Option<Name>,
    dns_up: bool,
    /// Some hosts share a preference: their order is random (R1.7), so any order the
    /// simulator gives for some seed is right.
    ties: bool,
    mtas: Vec<Profile>,
}

fn name(text: &str) -> Name {
    let mut n = Name::from_ascii(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    n.set_fqdn(true);
    n
}

/// tests/mta/cases.txt, then one case per bundled predict question under its profile.
fn cases(library: &Library) -> Vec<Case> {
    let path = dir().join("cases.txt");
    let text = fs::read_to_string(&path).expect("cases.txt");
    let mut cases = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut words = line.split_whitespace();
        let (Some(case), Some(recipient)) = (words.next(), words.next()) else {
            continue;
        };
        if case.starts_with('#') {
            continue;
        }
        let mut c = Case {
            name: case.into(),
            recipient: recipient.into(),
            states: Vec::new(),
            self_host: None,
            dns_up: true,
            ties: false,
            mtas: MTAS.to_vec(),
        };
        for word in words {
            match word.split_once('=') {
                _ if word == "ties" => c.ties = true,
                Some(("self", host)) => c.self_host = Some(name(host)),
                Some(("dns", "down")) => c.dns_up = false,
                Some((host, state)) => c.states.push((
                    name(host),
                    state
                        .parse()
                        .unwrap_or_else(|e| panic!("cases.txt:{}: {e}", n + 1)),
                )),
                None => panic!("cases.txt:{}: '{word}' is not understood", n + 1),
            }
        }
        cases.push(c);
    }
    for bank in &library.banks {
        for q in bank.questions.iter().filter(|q| q.kind == Kind::Predict) {
            let s = q
                .scenario
                .as_ref()
                .expect("predict questions have a scenario");
            let profile = s.profile.unwrap_or_default();
            let states: Vec<(Name, HostState)> =
                s.states.iter().map(|(h, st)| (name(h), *st)).collect();
            cases.push(Case {
                name: format!("question-{}", q.id),
                recipient: s.recipient.clone(),
                dns_up: dns_up(library, &s.recipient, &states),
                states,
                self_host: s.self_host.as_deref().map(name),
                ties: true,
                mtas: MTAS.iter().copied().filter(|p| *p == profile).collect(),
            });
        }
    }
    cases
}

/// Some name server of the recipient's zone answers (a question may take them all
/// down: SERVFAIL, R1.3); the harness then points the MTAs at no resolver at all.
fn dns_up(library: &Library, recipient: &str, states: &[(Name, HostState)]) -> bool {
    let world = &library.world;
    let domain = name(recipient.rsplit_once('@').map_or("", |(_, d)| d));
    let Some(zone) = world.zone_index_for(&domain) else {
        return true;
    };
    let origin = &world.zones()[zone].origin;
    let servers: Vec<Name> = world
        .records(origin, RecordType::NS)
        .iter()
        .filter_map(|r| match &r.data {
            RData::NS(ns) => Some(ns.0.clone()),
            _ => None,
        })
        .collect();
    let state = |host: &Name| {
        states
            .iter()
            .find(|(h, _)| h == host)
            .map(|(_, s)| *s)
            .or_else(|| world.mail_server(host).and_then(|m| m.state))
            .unwrap_or_default()
    };
    servers.is_empty()
        || servers
            .iter()
            .any(|ns| !matches!(state(ns), HostState::Down | HostState::Timeout))
}

fn run(library: &Library, case: &Case, profile: Profile, seed: u64) -> Trace {
    let scenario = Scenario {
        world: &library.world,
        recipient: &case.recipient,
        overrides: case
            .states
            .iter()
            .map(|(h, state)| {
                let b = Behaviour {
                    state: *state,
                    lasts: None,
                };
                (h.clone(), b)
            })
            .collect(),
        profile,
        self_host: case.self_host.clone(),
        seed,
    };
    simulate(&scenario).unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

/// What one sender did at its first attempt: the addresses it connected to, in order,
/// and `delivered ADDRESS`, `deferred DSN` or `bounced DSN`.
#[derive(Debug, Clone, PartialEq)]
struct FirstRun {
    contacted: Vec<String>,
    outcome: String,
}

/// The address in `Connect to host [192.0.2.11] port 25` or `SMTP with host [..]`.
fn address_in(text: &str) -> Option<String> {
    let (_, rest) = text.split_once('[')?;
    Some(rest.split_once(']')?.0.to_string())
}

fn first_run(trace: &Trace) -> FirstRun {
    let first: Vec<_> = trace.steps.iter().filter(|s| s.attempt == 1).collect();
    let contacted: Vec<String> = first
        .iter()
        .filter(|s| matches!(s.kind, StepKind::Connect | StepKind::Smtp))
        .filter_map(|s| address_in(&s.text))
        .collect();
    let outcome = if let Some(defer) = first.iter().find(|s| s.kind == StepKind::Defer) {
        let dsn = defer.text.split(['(', ')']).nth(1).unwrap_or("?");
        format!("deferred {dsn}")
    } else if trace.outcome.dsn.is_some() {
        format!("bounced {}", trace.outcome.dsn.as_deref().unwrap_or("?"))
    } else {
        format!("delivered {}", contacted.last().map_or("?", |a| a.as_str()))
    };
    FirstRun { contacted, outcome }
}

/// Where the real MTA and the simulator disagree, in words; empty when they agree.
/// DSN: Postfix logs its own enhanced status codes, so they must match; Exim logs only
/// the server's reply, so its class (4 deferred, 5 bounced) must match.
/// The hosts contacted, in order, each with how many of its addresses were tried in a
/// row. Which addresses: a host's IPv4 and IPv6 addresses come in either order (Postfix's
/// smtp_balance_inet_protocols interleaves them, measured), so only their number counts.
fn by_host(contacted: &[String], names: &BTreeMap<String, String>) -> Vec<String> {
    let mut groups: Vec<(String, usize)> = Vec::new();
    for address in contacted {
        let host = names
            .get(address)
            .cloned()
            .unwrap_or_else(|| address.clone());
        match groups.last_mut() {
            Some((last, n)) if *last == host => *n += 1,
            _ => groups.push((host, 1)),
        }
    }
    groups
        .into_iter()
        .map(|(host, n)| format!("{host} x{n}"))
        .collect()
}

fn disagreement(
    case: &Case,
    profile: Profile,
    names: &BTreeMap<String, String>,
    real: &FirstRun,
    sim: &FirstRun,
) -> String {
    let mut problems = Vec::new();
    let a = by_host(&real.contacted, names);
    let b = by_host(&sim.contacted, names);
    if a != b {
        problems.push(format!(
            "contacted {:?}, simulator {:?}",
            real.contacted, sim.contacted
        ));
    }
    let (rk, rd) = real.outcome.split_once(' ').unwrap_or((&real.outcome, ""));
    let (sk, sd) = sim.outcome.split_once(' ').unwrap_or((&sim.outcome, ""));
    // Delivered: by the same host (which of its addresses answered first is random).
    let host = |a: &str| names.get(a).cloned().unwrap_or_else(|| a.to_string());
    let dsn_differs = match (profile, rk) {
        (_, "delivered") => host(rd) != host(sd),
        (Profile::Postfix, _) => rd != sd,
        _ => rd.get(..1) != sd.get(..1),
    };
    if rk != sk || dsn_differs {
        problems.push(format!("ended {}, simulator {}", real.outcome, sim.outcome));
    }
    match problems.is_empty() {
        true => String::new(),
        false => format!(
            "{} ({}): {}",
            case.name,
            profile.name(),
            problems.join("; ")
        ),
    }
}

/// Empty when the real MTA did what the simulator does. With equal preferences the
/// order is random (R1.7): the real order must be one the simulator gives for some seed.
fn compare(library: &Library, case: &Case, profile: Profile, real: &FirstRun) -> String {
    let names = names(library, case);
    let seeds = if case.ties { 0..64 } else { 0..1 };
    let mut first = String::new();
    for seed in seeds {
        let sim = first_run(&run(library, case, profile, seed));
        let problem = disagreement(case, profile, &names, real, &sim);
        if problem.is_empty() {
            return problem;
        }
        if first.is_empty() {
            first = problem;
        }
    }
    first
}

fn golden_path(case: &Case, profile: Profile) -> PathBuf {
    dir()
        .join("expected")
        .join(format!("{}.{}.txt", case.name, profile.name()))
}

/// `contacted:` and `outcome:` lines of a golden file.
fn read_golden(path: &Path) -> FirstRun {
    let text = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (bash tests/mta/capture.sh writes it)",
            path.display()
        )
    });
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .unwrap_or_else(|| panic!("{}: no '{key}' line", path.display()))
            .trim()
            .to_string()
    };
    FirstRun {
        contacted: field("contacted:")
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        outcome: field("outcome:"),
    }
}

#[test]
fn the_simulator_agrees_with_the_captured_mtas() {
    let library = library();
    let mut problems = Vec::new();
    let mut compared = 0;
    for case in cases(&library) {
        for &profile in &case.mtas {
            let real = read_golden(&golden_path(&case, profile));
            let problem = compare(&library, &case, profile, &real);
            if !problem.is_empty() {
                problems.push(problem);
            }
            compared += 1;
        }
    }
    assert!(compared > 80, "only {compared} comparisons");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_golden_file_belongs_to_a_case() {
    let library = library();
    let known: Vec<PathBuf> = cases(&library)
        .iter()
        .flat_map(|c| c.mtas.iter().map(move |p| golden_path(c, *p)))
        .collect();
    for entry in fs::read_dir(dir().join("expected")).expect("expected/") {
        let path = entry.expect("entry").path();
        assert!(
            known.contains(&path),
            "{} is left from a removed case",
            path.display()
        );
    }
}

// --- the live run -------------------------------------------------------------------

/// The addresses a sender could connect to for `case`, each with the state and whether
/// the host accepts the recipient's domain (zone `mail_servers`, then the case's states).
fn hosts(library: &Library, case: &Case) -> Vec<Value> {
    let world = &library.world;
    let domain = name(case.recipient.rsplit_once('@').map_or("", |(_, d)| d));
    let lookup = world.lookup(&domain, RecordType::MX);
    let mut exchanges: Vec<Name> = lookup
        .records_of(RecordType::MX)
        .filter_map(|r| match &r.data {
            RData::MX(m) if !m.exchange.is_root() => Some(m.exchange.clone()),
            _ => None,
        })
        .collect();
    if exchanges.is_empty() {
        exchanges.push(domain.clone());
    }
    let mut out = BTreeMap::new();
    for exchange in exchanges {
        let literal = bare(&exchange).parse::<IpAddr>().ok();
        let mut addresses: Vec<IpAddr> = literal.into_iter().collect();
        let mut canonical = exchange.clone();
        for t in [RecordType::A, RecordType::AAAA] {
            for r in world.lookup(&exchange, t).answers() {
                match &r.data {
                    RData::A(a) => addresses.push(IpAddr::V4(a.0)),
                    RData::AAAA(a) => addresses.push(IpAddr::V6(a.0)),
                    RData::CNAME(c) => canonical = c.0.clone(),
                    _ => {}
                }
            }
        }
        // The behaviour is declared under the canonical name, or else the exchange name.
        let declared =
            |n: &Name| case.states.iter().any(|(h, _)| h == n) || world.mail_server(n).is_some();
        let host = match declared(&canonical) || !declared(&exchange) {
            true => canonical,
            false => exchange,
        };
        let server = world.mail_server(&host);
        let state = case
            .states
            .iter()
            .find(|(h, _)| *h == host)
            .map(|(_, s)| *s)
            .or_else(|| server.and_then(|s| s.state))
            .unwrap_or_default();
        let wanted = bare(&domain);
        let accepts = server.and_then(|s| s.accepts.as_ref()).is_none_or(|list| {
            list.iter()
                .any(|d| d.trim_end_matches('.').eq_ignore_ascii_case(&wanted))
        });
        let smtp = smtp_script(state);
        for a in addresses {
            out.entry(a.to_string()).or_insert_with(|| {
                json!({"address": a.to_string(), "name": bare(&host),
                       "state": state.name(), "smtp": smtp, "accepts": accepts})
            });
        }
    }
    out.into_values().collect()
}

/// What the scripted server for a host in `state` does, from the state's row of
/// `dns::host_state::TABLE` (so the harness lists no states): whether it takes the
/// connection, and the reply it gives instead of going on, with `{host}` and `{to}`
/// for the names the harness knows.
fn smtp_script(state: HostState) -> Value {
    match state.smtp() {
        Smtp::Accepts => json!({"connect": "answers"}),
        Smtp::Refuses => json!({"connect": "refuses"}),
        Smtp::Silent => json!({"connect": "silent"}),
        Smtp::Replies(stage, reply) => {
            let (at, named) = match stage {
                Stage::Greeting => ("greeting", "{host}"),
                Stage::Rcpt => ("rcpt", "{to}"),
                Stage::Data => ("data", ""),
            };
            json!({"connect": "answers", "stage": at, "reply": reply.line(stage, named),
                   "permanent": reply.permanent()})
        }
    }
}

/// Address -> host name, for the case's hosts.
fn names(library: &Library, case: &Case) -> BTreeMap<String, String> {
    hosts(library, case)
        .iter()
        .filter_map(|h| Some((h["address"].as_str()?.into(), h["name"].as_str()?.into())))
        .collect()
}

fn self_addresses(library: &Library, case: &Case) -> Vec<String> {
    let Some(me) = &case.self_host else {
        return Vec::new();
    };
    [RecordType::A, RecordType::AAAA]
        .iter()
        .flat_map(|t| {
            library
                .world
                .lookup(me, *t)
                .records_of(*t)
                .cloned()
                .collect::<Vec<_>>()
        })
        .filter_map(|r| match r.data {
            RData::A(a) => Some(a.0.to_string()),
            RData::AAAA(a) => Some(a.0.to_string()),
            _ => None,
        })
        .collect()
}

fn postfix_root() -> PathBuf {
    std::env::var_os("MXDRILL_POSTFIX_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/mta/postfix"))
}

/// Root, Exim, Postfix unpacked, unshare and ip: what the live run needs.
fn live_tools() -> Result<(), String> {
    // The namespaces need root: `id -u` prints 0 for root.
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if !root {
        return Err("not root".into());
    }
    for tool in ["exim", "unshare", "ip", "python3"] {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            return Err(format!("{tool} is not installed"));
        }
    }
    let postfix = postfix_root().join("usr/sbin/postfix");
    match postfix.exists() {
        true => Ok(()),
        false => Err(format!("{} is missing", postfix.display())),
    }
}

#[test]
fn the_simulator_agrees_with_the_live_mtas() {
    if let Err(why) = live_tools() {
        live::skip(
            live::REQUIRE_MTA,
            &format!("{why} (bash .ci/run installs Exim and unpacks Postfix)"),
        );
        return;
    }
    let library = library();
    let cases = cases(&library);
    let capture = std::env::var_os("MXDRILL_MTA_CAPTURE").is_some();
    let failing = live_problems(&library, &cases, capture);
    if failing.is_empty() {
        return;
    }
    // A case that disagrees is run once more, alone, to tell a one-off under load (a
    // daemon slow to start, a retransmitted SYN) from a real disagreement.
    let again: Vec<Case> = cases
        .into_iter()
        .filter(|c| failing.iter().any(|(name, _)| *name == c.name))
        .collect();
    let problems: Vec<String> = live_problems(&library, &again, capture)
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Runs the real MTAs through `cases` and compares each first run with the
/// simulator: the disagreements, by case name.
fn live_problems(library: &Library, cases: &[Case], capture: bool) -> Vec<(String, String)> {
    let plan = json!({
        "mxdrill": env!("CARGO_BIN_EXE_mxdrill"),
        "content": [dir().join("zones")],
        "postfix_root": postfix_root(),
        "cases": cases.iter().map(|c| json!({
            "name": c.name,
            "recipient": c.recipient,
            "hosts": hosts(library, c),
            "self": c.self_host.as_ref().map(bare),
            "self_addresses": self_addresses(library, c),
            "dns": c.dns_up,
            "mtas": c.mtas.iter().map(|p| p.name()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let work = tempfile::tempdir().expect("temp dir");
    let (plan_path, seen_path) = (work.path().join("plan.json"), work.path().join("seen.json"));
    fs::write(&plan_path, plan.to_string()).expect("plan written");
    let status = Command::new("python3")
        .arg(dir().join("harness.py"))
        .args([&plan_path, &seen_path])
        .status()
        .expect("python3 runs");
    assert!(status.success(), "the harness failed: {status}");
    let seen: Value =
        serde_json::from_str(&fs::read_to_string(&seen_path).expect("observations")).expect("json");
    let versions = &seen["versions"];
    let mut problems = Vec::new();
    for case in cases {
        for &profile in &case.mtas {
            let got = &seen["cases"][&case.name][profile.name()];
            let real = FirstRun {
                contacted: got["contacted"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str().map(str::to_string))
                    .collect(),
                outcome: got["outcome"].as_str().unwrap_or("none").to_string(),
            };
            if capture {
                let log: Vec<String> = got["log"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|l| l.as_str().map(|l| format!("  {l}")))
                    .collect();
                let text = format!(
                    "mta: {} {}\nrecipient: {}\ncontacted: {}\noutcome: {}\nlog:\n{}\n",
                    profile.name(),
                    versions[profile.name()].as_str().unwrap_or("?"),
                    case.recipient,
                    real.contacted.join(" "),
                    real.outcome,
                    log.join("\n")
                );
                fs::write(golden_path(case, profile), text).expect("golden written");
            }
            let problem = compare(library, case, profile, &real);
            if !problem.is_empty() {
                problems.push((case.name.clone(), problem));
            }
        }
    }
    problems
}
