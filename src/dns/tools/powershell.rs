//! Windows PowerShell's `Resolve-DnsName`, parsed for what it asks (command
//! questions accept it where it asks the same as dig, nslookup or host), and what
//! it prints, for the lab console: Windows PowerShell 5.1's default views (a table
//! of the records shaped like the first, every other record as a list, the error
//! record when the server says no such name or refuses). The layout is written
//! from PowerShell's views as they print, not captured here: no Windows machine
//! runs the tests.

use super::Context;
use super::format::rdata;
use super::{TYPES, name_of, record_type, reverse};
use crate::dns::message::{Question, respond};
use crate::ground::bare;
use hickory_proto::op::ResponseCode;
use hickory_proto::rr::{Name, RData, Record, RecordType};
use std::fmt::Write;
use std::net::IpAddr;

/// What a `Resolve-DnsName` line asks: the name and the types. `None` when the line
/// is not a `Resolve-DnsName` command at all.
pub fn query(line: &str) -> Option<Result<(Name, Vec<RecordType>), String>> {
    let mut words = line.split_whitespace();
    // PowerShell command and parameter names are case-insensitive.
    if !words.next()?.eq_ignore_ascii_case("Resolve-DnsName") {
        return None;
    }
    Some(parse(words.collect()))
}

/// Switches that change how, not what, `Resolve-DnsName` asks.
const SWITCHES: [&str; 8] = [
    "-dnsonly",
    "-nohostsfile",
    "-norecursion",
    "-tcponly",
    "-quicktimeout",
    "-cacheonly",
    "-dnssecok",
    "-noidn",
];

fn parse(words: Vec<&str>) -> Result<(Name, Vec<RecordType>), String> {
    let mut name: Option<&str> = None;
    let mut rtype: Option<&str> = None;
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        let mut value = |param: &str| {
            words.next().ok_or_else(|| {
                format!("Resolve-DnsName: missing an argument for parameter '{param}'")
            })
        };
        match lower.as_str() {
            "-name" => name = Some(value("Name")?),
            "-type" => rtype = Some(value("Type")?),
            "-server" => {
                value("Server")?;
            }
            w if SWITCHES.contains(&w) => {}
            w if w.starts_with('-') => {
                return Err(format!(
                    "Resolve-DnsName: a parameter cannot be found that matches parameter name '{}'",
                    &word[1..]
                ));
            }
            // Positional: -Name first, then -Type.
            _ if name.is_none() => name = Some(word),
            _ if rtype.is_none() => rtype = Some(word),
            _ => {
                return Err(format!(
                    "Resolve-DnsName: a positional parameter cannot be found that accepts argument '{word}'"
                ));
            }
        }
    }
    let name = name.ok_or("Resolve-DnsName: name a domain, such as: Resolve-DnsName -Name blossomflowers.example -Type MX")?;
    // An address is looked up in reverse, as a PTR, like `dig -x`.
    if name.parse::<IpAddr>().is_ok() && rtype.is_none_or(|t| t.eq_ignore_ascii_case("PTR")) {
        return Ok((reverse(name)?, vec![RecordType::PTR]));
    }
    let types = match rtype {
        // The default type asks for both kinds of address.
        None => vec![RecordType::A, RecordType::AAAA],
        Some(t) if t.eq_ignore_ascii_case("A_AAAA") => vec![RecordType::A, RecordType::AAAA],
        Some(t) => match record_type(t) {
            Some(t) if TYPES.contains(&t) => vec![t],
            _ => {
                return Err(format!(
                    "Resolve-DnsName: cannot convert value '{t}' to a record type"
                ));
            }
        },
    };
    Ok((name_of(name)?, types))
}

/// What `Resolve-DnsName` prints for `line` (a line [`query`] read as asking
/// `name` for `types`), answered by the world.
pub fn output(line: &str, name: &Name, types: &[RecordType], cx: &Context) -> String {
    let mut found: Vec<(Record, &str)> = Vec::new();
    for (i, rtype) in types.iter().enumerate() {
        let q = Question {
            name: name.clone(),
            rtype: *rtype,
            recursion_desired: true,
            id: cx.id.wrapping_add(i as u16),
        };
        let m = respond(cx.world, &q);
        let (text, id) = match m.metadata.response_code {
            ResponseCode::NoError => {
                found.extend(m.answers.iter().map(|r| (r.clone(), "Answer")));
                found.extend(m.additionals.iter().map(|r| (r.clone(), "Additional")));
                if m.answers.is_empty() {
                    found.extend(m.authorities.iter().map(|r| (r.clone(), "Authority")));
                }
                continue;
            }
            ResponseCode::NXDomain => ("DNS name does not exist", "NAME_ERROR"),
            ResponseCode::Refused => ("DNS request refused", "REFUSED"),
            _ => ("DNS server failure", "SERVER_FAILURE"),
        };
        return error(line, name, text, id);
    }
    // Each record once (A and AAAA asked together may repeat the additionals).
    let mut shown: Vec<(Record, &str)> = Vec::new();
    for (r, section) in found {
        if !shown.iter().any(|(s, _)| *s == r) {
            shown.push((r, section));
        }
    }
    records(&shown)
}

/// The records as PowerShell's default view shows them: those in the table of the
/// first record's shape, the others one list each.
fn records(shown: &[(Record, &str)]) -> String {
    let Some(first) = shown.first().and_then(|(r, _)| column(r)) else {
        return shown.iter().map(|(r, s)| list(r, s)).collect();
    };
    let mut out = String::from("\n");
    let (name_width, title, width) = first;
    let mut head = format!(
        "{:<name_width$}{:<7}{:<6}{:<11}{title}",
        "Name", "Type", "TTL", "Section"
    );
    let mut rule = format!(
        "{:<name_width$}{:<7}{:<6}{:<11}{}",
        "----",
        "----",
        "---",
        "-------",
        "-".repeat(title.len())
    );
    if let Some(w) = width {
        head = format!(
            "{:<name_width$}{:<7}{:<6}{:<11}{title:<w$}Preference",
            "Name", "Type", "TTL", "Section"
        );
        rule = format!(
            "{:<name_width$}{:<7}{:<6}{:<11}{:<w$}----------",
            "----",
            "----",
            "---",
            "-------",
            "-".repeat(title.len())
        );
    }
    let _ = writeln!(out, "{head}\n{rule}");
    let mut rest = String::new();
    for (r, section) in shown {
        match column(r) {
            Some((_, t, _)) if t == title => {
                let _ = writeln!(
                    out,
                    "{:<name_width$}{:<7}{:<6}{:<11}{}",
                    bare(&r.name),
                    r.record_type().to_string(),
                    r.ttl,
                    section,
                    cell(r, width)
                );
            }
            _ => rest.push_str(&list(r, section)),
        }
    }
    out.push('\n');
    out.push_str(&rest);
    out
}

/// The table a record's type is shown in: the Name column's width, the value's
/// title, and for MX the width of NameExchange before Preference.
fn column(r: &Record) -> Option<(usize, &'static str, Option<usize>)> {
    Some(match r.record_type() {
        RecordType::A | RecordType::AAAA => (47, "IPAddress", None),
        RecordType::MX => (41, "NameExchange", Some(42)),
        RecordType::TXT => (41, "Strings", None),
        RecordType::CNAME | RecordType::NS | RecordType::PTR => (31, "NameHost", None),
        _ => return None,
    })
}

/// A record's value in its table.
fn cell(r: &Record, exchange: Option<usize>) -> String {
    match &r.data {
        RData::MX(mx) => format!(
            "{:<w$}{}",
            bare(&mx.exchange),
            mx.preference,
            w = exchange.unwrap_or(42)
        ),
        RData::TXT(_) => format!("{{{}}}", strings(r)),
        RData::CNAME(n) => bare(&n.0),
        RData::NS(n) => bare(&n.0),
        RData::PTR(n) => bare(&n.0),
        other => rdata(other),
    }
}

/// A TXT record's strings, as PowerShell joins them.
fn strings(r: &Record) -> String {
    match &r.data {
        RData::TXT(t) => t
            .txt_data
            .iter()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

/// One record as PowerShell's list view shows it (`Name : …`, aligned).
fn list(r: &Record, section: &str) -> String {
    let mut rows: Vec<(&str, String)> = vec![
        ("Name", bare(&r.name)),
        ("QueryType", r.record_type().to_string()),
        ("TTL", r.ttl.to_string()),
        ("Section", section.to_string()),
    ];
    match &r.data {
        RData::A(a) => rows.push(("IP4Address", a.0.to_string())),
        RData::AAAA(a) => rows.push(("IP6Address", a.0.to_string())),
        RData::MX(mx) => {
            rows.push(("NameExchange", bare(&mx.exchange)));
            rows.push(("Preference", mx.preference.to_string()));
        }
        RData::SOA(soa) => {
            rows.push(("NameAdministrator", bare(&soa.rname)));
            rows.push(("SerialNumber", soa.serial.to_string()));
            rows.push(("TimeToZoneRefresh", soa.refresh.to_string()));
            rows.push(("TimeToZoneFailureRetry", soa.retry.to_string()));
            rows.push(("TimeToExpiration", soa.expire.to_string()));
            rows.push(("DefaultTTL", soa.minimum.to_string()));
            rows.push(("PrimaryServer", bare(&soa.mname)));
        }
        RData::TXT(_) => rows.push(("Strings", format!("{{{}}}", strings(r)))),
        _ => rows.push(("NameHost", cell(r, None))),
    }
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    let mut out = String::from("\n");
    for (k, v) in rows {
        let _ = writeln!(out, "{k:<width$}: {v}");
    }
    out
}

/// PowerShell's error record for a failed lookup (`DNS name does not exist`).
fn error(line: &str, name: &Name, text: &str, id: &str) -> String {
    let name = bare(name);
    let line = line.trim();
    format!(
        "Resolve-DnsName : {name} : {text}\nAt line:1 char:1\n+ {line}\n+ {}\n    + CategoryInfo          : ResourceUnavailable: ({name}:String) [Resolve-DnsName], Win32Exception\n    + FullyQualifiedErrorId : DNS_ERROR_RCODE_{id},Microsoft.DnsClient.Commands.ResolveDnsName\n",
        "~".repeat(line.chars().count())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks(line: &str) -> (String, Vec<RecordType>) {
        let (name, types) = query(line)
            .expect("a Resolve-DnsName line")
            .expect("parses");
        (name.to_string(), types)
    }

    #[test]
    fn named_and_positional_parameters_ask_the_same() {
        let want = ("blossomflowers.example.".to_string(), vec![RecordType::MX]);
        for line in [
            "Resolve-DnsName -Name blossomflowers.example -Type MX",
            "resolve-dnsname -type mx -name blossomflowers.example",
            "Resolve-DnsName blossomflowers.example MX",
            "Resolve-DnsName blossomflowers.example -Type MX -Server 192.0.2.53 -DnsOnly",
        ] {
            assert_eq!(asks(line), want, "{line}");
        }
    }

    #[test]
    fn without_a_type_it_asks_for_both_address_types() {
        assert_eq!(
            asks("Resolve-DnsName mail.petalmail.example").1,
            [RecordType::A, RecordType::AAAA]
        );
    }

    #[test]
    fn an_address_is_looked_up_in_reverse() {
        assert_eq!(
            asks("Resolve-DnsName 203.0.113.25"),
            (
                "25.113.0.203.in-addr.arpa.".to_string(),
                vec![RecordType::PTR]
            )
        );
    }

    #[test]
    fn other_commands_are_not_mine_and_mistakes_are_errors() {
        assert!(query("dig blossomflowers.example MX").is_none());
        for line in [
            "Resolve-DnsName",
            "Resolve-DnsName -Name",
            "Resolve-DnsName x.example -Kind MX",
            "Resolve-DnsName x.example -Type BOGUS",
            "Resolve-DnsName x.example MX extra",
        ] {
            assert!(matches!(query(line), Some(Err(_))), "{line}");
        }
    }
}
