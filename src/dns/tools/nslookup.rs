//! nslookup's output, as BIND 9.18 prints it.

use super::format::rdata;
use super::{Command, Context};
use crate::dns::message::{Question, respond};
use crate::ground::bare;
use hickory_proto::op::ResponseCode;
use hickory_proto::rr::{RData, Record};
use std::fmt::Write;

/// One answer record in nslookup's words.
fn line(r: &Record) -> String {
    let owner = bare(&r.name);
    match &r.data {
        RData::A(a) => format!("Name:\t{owner}\nAddress: {}", a.0),
        RData::AAAA(a) => format!("Name:\t{owner}\nAddress: {}", a.0),
        RData::MX(mx) => format!(
            "{owner}\tmail exchanger = {} {}",
            mx.preference, mx.exchange
        ),
        RData::CNAME(c) => format!("{owner}\tcanonical name = {}", c.0),
        RData::NS(ns) => format!("{owner}\tnameserver = {}", ns.0),
        RData::PTR(p) => format!("{owner}\tname = {}", p.0),
        RData::TXT(_) => format!("{owner}\ttext = {}", rdata(&r.data)),
        RData::SOA(s) => format!(
            "{owner}\n\torigin = {}\n\tmail addr = {}\n\tserial = {}\n\trefresh = {}\n\tretry = {}\n\texpire = {}\n\tminimum = {}",
            s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum
        ),
        other => format!("{owner}\trdata = {}", rdata(other)),
    }
}

/// What nslookup prints for `cmd`, and its exit status.
pub fn output(cmd: &Command, cx: &Context) -> (String, i32) {
    let server = cmd.server.as_deref().unwrap_or("127.0.0.1");
    let mut out = format!("Server:\t\t{server}\nAddress:\t{server}#{}\n\n", cmd.port);
    let name = bare(&cmd.name);
    let mut status = 0;
    let mut answered = false;
    for (i, rtype) in cmd.types().into_iter().enumerate() {
        let q = Question {
            name: cmd.name.clone(),
            rtype,
            recursion_desired: cmd.recurse,
            id: cx.id.wrapping_add(i as u16),
        };
        let m = respond(cx.world, &q);
        match m.metadata.response_code {
            ResponseCode::NoError if m.answers.is_empty() => {}
            ResponseCode::NoError => {
                if !m.metadata.authoritative {
                    out.push_str("Non-authoritative answer:\n");
                }
                for r in &m.answers {
                    let _ = writeln!(out, "{}", line(r));
                }
                answered = true;
            }
            code => {
                let _ = writeln!(
                    out,
                    "** server can't find {name}: {}\n",
                    super::dig::status(code)
                );
                return (out, 1);
            }
        }
    }
    if answered {
        out.push('\n');
    } else {
        let _ = writeln!(out, "*** Can't find {name}: No answer\n");
        status = 1;
    }
    (out, status)
}
