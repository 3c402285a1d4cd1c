//! dig's output, as BIND 9.18 prints it.

use super::format::{question_line, rdata, record_line, when};
use super::{Command, Context};
use crate::dns::message::{Question, respond};
use hickory_proto::op::{Message, ResponseCode};
use hickory_proto::rr::{Record, RecordType};
use std::fmt::Write;

/// The status word of a response code.
pub fn status(code: ResponseCode) -> &'static str {
    match code {
        ResponseCode::NoError => "NOERROR",
        ResponseCode::FormErr => "FORMERR",
        ResponseCode::ServFail => "SERVFAIL",
        ResponseCode::NXDomain => "NXDOMAIN",
        ResponseCode::NotImp => "NOTIMP",
        ResponseCode::Refused => "REFUSED",
        _ => "RESERVED",
    }
}

fn flags(m: &Message) -> String {
    let h = &m.metadata;
    let set = [
        ("qr", true),
        ("aa", h.authoritative),
        ("tc", h.truncation),
        ("rd", h.recursion_desired),
        ("ra", h.recursion_available),
    ];
    set.iter()
        .filter(|(_, on)| *on)
        .map(|(f, _)| *f)
        .collect::<Vec<_>>()
        .join(" ")
}

fn section(out: &mut String, title: &str, records: &[Record], comments: bool) {
    if records.is_empty() {
        return;
    }
    if comments {
        let _ = writeln!(out, ";; {title} SECTION:");
    }
    for r in records {
        let _ = writeln!(out, "{}", record_line(r));
    }
    if comments {
        out.push('\n');
    }
}

/// What dig prints for `cmd`.
pub fn output(cmd: &Command, cx: &Context) -> String {
    let rtype = cmd.types()[0];
    let question = Question {
        name: cmd.name.clone(),
        rtype,
        recursion_desired: cmd.recurse,
        id: cx.id,
    };
    let m = respond(cx.world, &question);
    // Encoding a message built from parsed records does not fail; 0 would show if it did.
    let size = m.to_vec().map_or(0, |bytes| bytes.len());
    let mut out = String::new();
    if cmd.short {
        for r in m.answers.iter().filter(|r| {
            rtype == RecordType::ANY
                || r.record_type() == rtype
                || r.record_type() == RecordType::CNAME
        }) {
            let _ = writeln!(out, "{}", rdata(&r.data));
        }
        return out;
    }
    let show = cmd.show;
    if show.cmd {
        let _ = writeln!(
            out,
            "\n; <<>> DiG 9.18 (mxdrill) <<>> {}",
            cmd.args.join(" ")
        );
        if cmd.server.is_some() {
            out.push_str("; (1 server found)\n");
        }
        out.push_str(";; global options: +cmd\n");
    }
    if show.comments {
        let h = &m.metadata;
        out.push_str(";; Got answer:\n");
        let _ = writeln!(
            out,
            ";; ->>HEADER<<- opcode: QUERY, status: {}, id: {}",
            status(h.response_code),
            h.id
        );
        let _ = writeln!(
            out,
            ";; flags: {}; QUERY: 1, ANSWER: {}, AUTHORITY: {}, ADDITIONAL: {}",
            flags(&m),
            m.answers.len(),
            m.authorities.len(),
            m.additionals.len() + 1
        );
        if h.recursion_desired && !h.recursion_available {
            out.push_str(";; WARNING: recursion requested but not available\n");
        }
        out.push('\n');
        out.push_str(";; OPT PSEUDOSECTION:\n");
        let _ = writeln!(
            out,
            "; EDNS: version: 0, flags:; udp: {}",
            crate::dns::message::UDP_PAYLOAD
        );
        let cookie: String = crate::dns::message::cookie(cx.id)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let _ = writeln!(out, "; COOKIE: {cookie} (good)");
    }
    if show.question {
        if show.comments {
            out.push_str(";; QUESTION SECTION:\n");
        }
        let _ = writeln!(out, "{}", question_line(&cmd.name.to_string(), rtype));
        if show.comments {
            out.push('\n');
        }
    }
    if show.answer {
        section(&mut out, "ANSWER", &m.answers, show.comments);
    }
    if show.authority {
        section(&mut out, "AUTHORITY", &m.authorities, show.comments);
    }
    if show.additional {
        section(&mut out, "ADDITIONAL", &m.additionals, show.comments);
    }
    if show.stats {
        let server = cmd.server.as_deref().unwrap_or("127.0.0.1");
        let transport = if cmd.tcp { "TCP" } else { "UDP" };
        out.push_str(";; Query time: 0 msec\n");
        let _ = writeln!(
            out,
            ";; SERVER: {server}#{}(mxdrill world) ({transport})",
            cmd.port
        );
        let _ = writeln!(out, ";; WHEN: {}", when(cx.now));
        let _ = writeln!(out, ";; MSG SIZE  rcvd: {size}\n");
    }
    out
}
