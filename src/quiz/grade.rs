//! Grading a response, kind by kind, fairly: ties in any order, any tool's form of
//! the right question.

use super::{Answer, Item, Response, Verdict};
use crate::content::bank::Kind;
use crate::content::bare;
use crate::dns::World;
use crate::dns::tools::{self, Context, Tool};
use std::collections::BTreeSet;

fn letters(indices: &[usize]) -> String {
    indices
        .iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Grades `response` to `item`. `world` answers typed commands; `now` is the clock
/// for their output.
pub fn grade(item: &Item, response: &Response, world: &World, now: u64) -> Verdict {
    let text = |i: usize| {
        item.options
            .get(i)
            .map_or(String::new(), |o| o.text.clone())
    };
    match (&item.answer, response) {
        (Answer::One(right), Response::Pick(picked)) => Verdict {
            correct: picked.as_slice() == [*right],
            summary: format!("The answer is {}: {}", right + 1, text(*right)),
            details: delivery_lines(item, world),
        },
        (Answer::Set(right), Response::Pick(picked)) => {
            let want: BTreeSet<usize> = right.iter().copied().collect();
            let got: BTreeSet<usize> = picked.iter().copied().collect();
            // Zone-line options start with their file line number: name lines by it.
            let summary = match item.kind {
                Kind::ZoneLine => {
                    let first_word = |i: usize| {
                        text(i)
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    };
                    format!(
                        "The faulty line(s): {}",
                        right
                            .iter()
                            .map(|&i| first_word(i))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
                _ => format!("The right answers: {}", letters(right)),
            };
            // Zone lines explain themselves: each right line with the checker's
            // words, then each wrongly picked line with why it is not the fault.
            let explained = |i: usize| match item.options.get(i) {
                Some(o) if !o.why.is_empty() => format!("{} — {}", o.text, o.why),
                _ => text(i),
            };
            let details = match item.kind {
                Kind::ZoneLine => right
                    .iter()
                    .map(|&i| explained(i))
                    .chain(got.difference(&want).map(|&i| explained(i)))
                    .collect(),
                _ => right.iter().map(|&i| text(i)).collect(),
            };
            Verdict {
                correct: want == got,
                summary,
                details,
            }
        }
        (Answer::Groups(groups), Response::Order(order)) => {
            let mut rest = order.as_slice();
            let mut correct = order.len() == groups.iter().map(Vec::len).sum::<usize>();
            for group in groups {
                let (head, tail) = rest.split_at(group.len().min(rest.len()));
                let want: BTreeSet<&usize> = group.iter().collect();
                correct &= head.iter().collect::<BTreeSet<_>>() == want;
                rest = tail;
            }
            let shown: Vec<String> = groups
                .iter()
                .map(|g| {
                    let hosts: Vec<String> = g.iter().map(|&i| text(i)).collect();
                    match hosts.len() {
                        1 => hosts[0].clone(),
                        _ => format!("{{{}}} in any order", hosts.join(", ")),
                    }
                })
                .collect();
            Verdict {
                correct,
                summary: format!("The sender tries {}", shown.join(", then ")),
                details: Vec::new(),
            }
        }
        (Answer::Query(name, rtype), Response::Command(line)) => {
            command(name, *rtype, line, world, now)
        }
        _ => Verdict {
            correct: false,
            summary: "That kind of answer does not fit this question".into(),
            details: Vec::new(),
        },
    }
}

fn command(
    name: &hickory_proto::rr::Name,
    rtype: hickory_proto::rr::RecordType,
    line: &str,
    world: &World,
    now: u64,
) -> Verdict {
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
    name: &hickory_proto::rr::Name,
    rtype: hickory_proto::rr::RecordType,
    asked: Result<(hickory_proto::rr::Name, Vec<hickory_proto::rr::RecordType>), String>,
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

/// A predict question's delivery as the simulator ran it, step by step (the first
/// attempt and the outcome), so the learner sees why the answer is what it is.
fn delivery_lines(item: &Item, world: &World) -> Vec<String> {
    let Some(setup) = item.replay.as_ref().filter(|_| item.kind == Kind::Predict) else {
        return Vec::new();
    };
    let Ok(trace) = setup.run(world) else {
        return Vec::new();
    };
    let mut lines = vec![format!("The delivery (profile {}):", setup.profile.name())];
    lines.extend(
        trace
            .steps
            .iter()
            .filter(|s| s.attempt == 1)
            .enumerate()
            .map(|(n, s)| {
                let rule = s.rule.map(|r| format!(" ({r})")).unwrap_or_default();
                format!("{:>2}. {}{rule}", n + 1, s.text)
            }),
    );
    match trace.outcome.attempts {
        1 => {}
        2 => lines.push("... then one more attempt on the retry schedule.".into()),
        n => lines.push(format!(
            "... then {} more attempts on the retry schedule.",
            n - 1
        )),
    }
    lines
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
