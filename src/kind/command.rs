//! `command`: type a dig, nslookup, host (or Resolve-DnsName) command that asks the
//! question's name and type; graded on what it asks, in any tool's form (R6).

use super::Rules;
use super::check::{Report, Written};
use super::entry::Entry;
use super::forms::Forms;
use super::item::{Answer, Item, Response, Verdict};
use super::key::{Key, Preview};
use super::options::{mismatch, shown};
use super::question::Question;
use crate::dns::tools::{self, Context, Tool};
use crate::dns::{World, Zone};
use crate::ground::{bare, did_you_mean, zone_name};
use hickory_proto::rr::{Name, RecordType};
use rand::Rng;
use std::fmt::Write;
use std::str::FromStr;

/// The record types a command question may ask for.
const KNOWN: [&str; 9] = ["A", "AAAA", "MX", "CNAME", "TXT", "NS", "SOA", "PTR", "ANY"];

/// The `command` kind.
pub(super) struct Command;

impl Rules for Command {
    fn name(&self) -> &'static str {
        "command"
    }

    fn fields(&self) -> &'static [&'static str] {
        &["expect", "zone"]
    }

    fn needs_zone(&self) -> bool {
        false
    }

    /// `expect`: a name, and a type the lookup tools serve.
    fn check(&self, q: &Question, at: &dyn Written, report: &mut dyn Report) {
        let Some(expect) = &q.expect else {
            report.error(
                at.at("kind"),
                "command questions need `expect: { name: ..., type: ... }`".into(),
            );
            return;
        };
        if let Err(msg) = zone_name(&expect.name) {
            report.error(at.at("expect"), msg);
        }
        let upper = expect.rtype.to_ascii_uppercase();
        if !KNOWN.contains(&upper.as_str()) || RecordType::from_str(&upper).is_err() {
            report.error(
                at.at("expect"),
                format!(
                    "unknown record type `{}` (use one of {})",
                    expect.rtype,
                    KNOWN.join(", ")
                ),
            );
        }
    }

    /// The query the learner's command must ask; the name must be one the world
    /// answers for, or no command could be right.
    fn prepare(
        &self,
        q: &Question,
        _zone: Option<&Zone>,
        item: &mut Item,
        world: &World,
        _shuffle: bool,
        _rng: &mut dyn Rng,
    ) -> Result<(), String> {
        let expect = q.expect.as_ref().ok_or("no expect")?;
        let name = zone_name(&expect.name)?;
        let rtype =
            RecordType::from_str(&expect.rtype.to_ascii_uppercase()).map_err(|e| e.to_string())?;
        // Reverse names are graded on the question asked: the world has no reverse zones.
        let reverse = ["in-addr.arpa.", "ip6.arpa."]
            .iter()
            .any(|z| name.to_ascii().to_ascii_lowercase().ends_with(z));
        if world.zone_index_for(&name).is_none() && !reverse {
            let mut reason = format!(
                "expect.name {} is in no loaded zone: no command could ask for it",
                bare(&name)
            );
            let near = world.near(&name, false);
            if !near.is_empty() {
                reason = format!("{reason}; {}", did_you_mean(&near));
            }
            return Err(reason);
        }
        let near = misspelt(world, &name);
        if !near.is_empty() && !reverse {
            return Err(format!(
                "expect.name {} has no records in the world (the lookup answers NXDOMAIN): a learner who types the name the prompt means is marked wrong; {}",
                bare(&name),
                did_you_mean(&near)
            ));
        }
        item.answer = Answer::Query(name, rtype);
        Ok(())
    }

    fn entry(&self) -> Entry {
        Entry::TYPE
    }

    fn hint(&self) -> &'static str {
        "Type a dig, nslookup, host or Resolve-DnsName command."
    }

    fn grade(&self, item: &Item, response: &Response, world: &World, now: u64) -> Verdict {
        let (Answer::Query(name, rtype), Response::Command(line)) = (&item.answer, response) else {
            return mismatch();
        };
        command(name, *rtype, line, world, now)
    }

    fn key(&self, _q: &Question, item: &Item, _world: &World, p: &mut Preview) {
        p.options = shown(item);
        let Answer::Query(name, rtype) = &item.answer else {
            p.key = Key::Choices;
            return;
        };
        p.key = Key::Query {
            name: bare(name),
            rtype: rtype.to_string(),
            example: format!("dig {} {rtype}", bare(name)),
        };
    }

    fn key_text(&self, p: &Preview, out: &mut String) {
        let Key::Query {
            name,
            rtype,
            example,
        } = &p.key
        else {
            return;
        };
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "a command that asks {name} {rtype}, such as `{example}`"
        );
    }

    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String> {
        let Key::Query {
            name,
            rtype,
            example,
        } = &p.key
        else {
            return Err("no query was computed".into());
        };
        to.command(p, name, rtype, example)
    }
}

/// The loaded names one typo away from `name` when `name` itself does not exist
/// (NXDOMAIN): the author almost surely meant one of them. A name that does not
/// exist and is near no other may be the point of the question (a troubleshooting
/// question whose answer is NXDOMAIN); one that exists without records of the
/// asked type (NODATA) is a fair question too.
fn misspelt(world: &World, name: &Name) -> Vec<String> {
    match world.exists(name) {
        Some(false) => world.near(name, false),
        _ => Vec::new(),
    }
}

/// Grades a typed command on what it asks, and shows what it prints.
fn command(name: &Name, rtype: RecordType, line: &str, world: &World, now: u64) -> Verdict {
    let want = format!("{} {rtype}", bare(name));
    let example = format!(
        "For example: dig {} {rtype} | nslookup -type={} {} | host -t {} {}",
        bare(name),
        rtype.to_string().to_lowercase(),
        bare(name),
        rtype.to_string().to_lowercase(),
        bare(name)
    );
    if let Some(asked) = tools::powershell::query(line) {
        return resolve_dns_name(name, rtype, asked, want, example);
    }
    let command = match tools::parse(line) {
        Ok(command) => command,
        Err(error) => {
            return Verdict {
                correct: false,
                summary: format!("That command does not run: {error}"),
                details: vec![format!("The question asks for {want}."), example],
            };
        }
    };
    let asked: Vec<String> = command
        .types()
        .iter()
        .map(|t| format!("{} {t}", bare(&command.name)))
        .collect();
    let correct = &command.name == name && command.types().contains(&rtype);
    let tool = match command.tool {
        Tool::Dig => "dig",
        Tool::Nslookup => "nslookup",
        Tool::Host => "host",
    };
    let (output, _) = tools::run(
        &command,
        &Context {
            world,
            now,
            id: 4321,
        },
    );
    let mut details = vec![
        format!("Your command asks: {} ({tool})", asked.join(", ")),
        format!("The question asks for {want}."),
    ];
    if !correct {
        details.push(example);
    }
    details.push("It prints:".into());
    details.extend(output.lines().map(str::to_string));
    asks(correct, &want, details)
}

/// Windows' `Resolve-DnsName`, graded on what it asks; its output is not imitated.
fn resolve_dns_name(
    name: &Name,
    rtype: RecordType,
    asked: Result<(Name, Vec<RecordType>), String>,
    want: String,
    example: String,
) -> Verdict {
    let (asked_name, types) = match asked {
        Ok(asked) => asked,
        Err(error) => {
            return Verdict {
                correct: false,
                summary: format!("That command does not run: {error}"),
                details: vec![format!("The question asks for {want}."), example],
            };
        }
    };
    let correct = &asked_name == name && types.contains(&rtype);
    let shown: Vec<String> = types
        .iter()
        .map(|t| format!("{} {t}", bare(&asked_name)))
        .collect();
    let mut details = vec![
        format!("Your command asks: {} (Resolve-DnsName)", shown.join(", ")),
        format!("The question asks for {want}."),
    ];
    if !correct {
        details.push(format!(
            "For example: Resolve-DnsName -Name {} -Type {rtype}",
            bare(name)
        ));
    }
    asks(correct, &want, details)
}

/// The verdict on a typed command: whether it asks what the question wants.
fn asks(correct: bool, want: &str, details: Vec<String>) -> Verdict {
    let summary = match correct {
        true => format!("It asks for {want}"),
        false => format!("It does not ask for {want}"),
    };
    Verdict {
        correct,
        summary,
        details,
    }
}
