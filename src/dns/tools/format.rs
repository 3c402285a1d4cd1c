//! Text as BIND prints it: dig's tab-stop columns, record data, the WHEN date.

use crate::dns::generic_rdata::{dname_target, text_of};
use hickory_proto::rr::{RData, Record, RecordType};

/// The column a line reaches when tabs stop every 8 columns.
fn visible_len(line: &str) -> usize {
    line.chars().fold(0, |col, c| {
        if c == '\t' {
            (col / 8 + 1) * 8
        } else {
            col + 1
        }
    })
}

/// A record line: name, TTL, class, type, data at BIND's columns (24, 32, 40, 48).
pub fn record_line(r: &Record) -> String {
    let mut line = r.name.to_string();
    pad_to(&mut line, 24);
    line.push_str(&r.ttl.to_string());
    pad_to(&mut line, 32);
    line.push_str("IN");
    pad_to(&mut line, 40);
    line.push_str(&type_name(r.record_type()));
    pad_to(&mut line, 48);
    line.push_str(&rdata(&r.data));
    line
}

/// A question line: `;name`, class and type at columns 32 and 40. BIND counts the
/// columns from the name (not the `;`) and first tabs to the empty TTL column, 24.
pub fn question_line(name: &str, rtype: RecordType) -> String {
    let mut line = String::from(name);
    if visible_len(&line) < 24 {
        pad_to(&mut line, 24);
    }
    pad_to(&mut line, 32);
    line.push_str("IN");
    pad_to(&mut line, 40);
    line.push_str(&type_name(rtype));
    format!(";{line}")
}

/// Tabs up to `column` (tab stops every 8), or a single space when already there.
pub fn pad_to(line: &mut String, column: usize) {
    if visible_len(line) >= column {
        line.push(' ');
        return;
    }
    while visible_len(line) < column {
        line.push('\t');
    }
}

/// A type's name (`SPF` for 99, `TYPE65280` for the unknown).
pub fn type_name(rtype: RecordType) -> String {
    crate::ground::type_name(rtype)
}

/// A record's data as dig prints it.
pub fn rdata(data: &RData) -> String {
    match data {
        RData::MX(mx) => format!("{} {}", mx.preference, mx.exchange),
        RData::SOA(s) => format!(
            "{} {} {} {} {} {} {}",
            s.mname, s.rname, s.serial, s.refresh, s.retry, s.expire, s.minimum
        ),
        RData::TXT(txt) => txt
            .txt_data
            .iter()
            .map(|s| quoted(s))
            .collect::<Vec<_>>()
            .join(" "),
        RData::CNAME(n) => n.0.to_string(),
        RData::NS(n) => n.0.to_string(),
        RData::PTR(n) => n.0.to_string(),
        RData::A(a) => a.0.to_string(),
        RData::AAAA(a) => a.0.to_string(),
        other => match (dname_target(other), text_of(other)) {
            (Some(target), _) => target.to_string(),
            (None, Some(_)) if matches!(other, RData::Unknown { .. }) => spf_strings(other),
            _ => other.to_string(),
        },
    }
}

fn spf_strings(data: &RData) -> String {
    let RData::Unknown { rdata, .. } = data else {
        return String::new();
    };
    let mut out = Vec::new();
    let mut bytes = &rdata.anything[..];
    while let Some((&len, rest)) = bytes.split_first() {
        let len = usize::from(len).min(rest.len());
        out.push(quoted(&rest[..len]));
        bytes = &rest[len..];
    }
    out.join(" ")
}

/// A character-string in quotes, with `"` and `\` escaped and other bytes as \DDD.
fn quoted(bytes: &[u8]) -> String {
    let mut out = String::from('"');
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

/// dig's WHEN line: `Sat Nov 28 00:53:25 UTC 2026`.
pub fn when(unix: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (days, secs) = (unix / 86_400, unix % 86_400);
    let (year, month, day) = crate::calendar::civil(unix);
    format!(
        "{} {} {:02} {:02}:{:02}:{:02} UTC {year}",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
