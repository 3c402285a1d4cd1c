//! host's output, as BIND 9.18 prints it.

use super::format::{rdata, type_name};
use super::{Command, Context};
use crate::dns::message::{Question, respond};
use crate::ground::bare;
use hickory_proto::op::ResponseCode;
use hickory_proto::rr::{RData, Record, RecordType};
use std::fmt::Write;

/// One answer record in host's words.
fn line(r: &Record) -> String {
    let owner = bare(&r.name);
    match &r.data {
        RData::A(a) => format!("{owner} has address {}", a.0),
        RData::AAAA(a) => format!("{owner} has IPv6 address {}", a.0),
        RData::MX(mx) => format!(
            "{owner} mail is handled by {} {}",
            mx.preference, mx.exchange
        ),
        RData::CNAME(c) => format!("{owner} is an alias for {}.", bare(&c.0)),
        RData::NS(ns) => format!("{owner} name server {}", ns.0),
        RData::PTR(p) => format!("{owner} domain name pointer {}", p.0),
        RData::TXT(_) => format!("{owner} descriptive text {}", rdata(&r.data)),
        RData::SOA(_) => format!("{owner} has SOA record {}", rdata(&r.data)),
        other => format!(
            "{owner} has {} record {}",
            type_name(other.record_type()),
            rdata(other)
        ),
    }
}

/// What host prints for `cmd`, and its exit status.
pub fn output(cmd: &Command, cx: &Context) -> (String, i32) {
    let mut out = String::new();
    if let Some(server) = &cmd.server {
        let _ = write!(
            out,
            "Using domain server:\nName: {server}\nAddress: {server}#{}\nAliases: \n\n",
            cmd.port
        );
    }
    // host names a reverse lookup's name as it built it, with the trailing dot.
    let name = if cmd.reverse {
        cmd.name.to_string()
    } else {
        bare(&cmd.name)
    };
    let asked_one = cmd.rtype.is_some();
    let mut seen_alias = false;
    for (i, rtype) in cmd.types().into_iter().enumerate() {
        let q = Question {
            name: cmd.name.clone(),
            rtype,
            recursion_desired: cmd.recurse,
            id: cx.id.wrapping_add(i as u16),
        };
        let m = respond(cx.world, &q);
        match m.metadata.response_code {
            ResponseCode::NoError => {
                for r in &m.answers {
                    // The alias line is printed once, not once per type asked.
                    if r.record_type() == RecordType::CNAME && rtype != RecordType::CNAME {
                        if seen_alias {
                            continue;
                        }
                        seen_alias = true;
                    }
                    let _ = writeln!(out, "{}", line(r));
                }
                let has_type = m
                    .answers
                    .iter()
                    .any(|r| rtype == RecordType::ANY || r.record_type() == rtype);
                if !has_type && asked_one {
                    let _ = writeln!(out, "{name} has no {} record", type_name(rtype));
                }
            }
            code => {
                let number = u16::from(code);
                let _ = writeln!(
                    out,
                    "Host {name} not found: {number}({})",
                    super::dig::status(code)
                );
                return (out, 1);
            }
        }
    }
    (out, 0)
}
