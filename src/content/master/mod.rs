//! RFC 1035 master files, read record by record so that every record keeps its line
//! and every problem is reported at its line and column (hickory's parser reports
//! none). Types hickory's parser rejects — DNAME, SPF, RFC 3597 `TYPEnn \# ...` —
//! and `@` in record data are handled here (mx-rules.md §8). `$INCLUDE` is refused.

use super::diagnostic::{Level, Pos};
use crate::dns::ZoneRecord;
use hickory_proto::rr::{Name, RData, Record, RecordType};
use hickory_proto::serialize::txt::parse_ttl;
use lex::{Entry, Token, lex};
use rdata::rdata_of;
use std::net::Ipv6Addr;
use std::str::FromStr;

/// What reading a master file produced.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The records, in file order.
    pub records: Vec<ZoneRecord>,
    /// Problems, with their positions.
    pub problems: Vec<(Pos, Level, String)>,
}

/// Where the master text sits in its file: the file line of its first line, and
/// the number of columns stripped from each line (a YAML block's indentation).
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    /// File line of the text's first line.
    pub first_line: u32,
    /// Columns to add to every column.
    pub indent: u32,
}

/// The state carried from one entry to the next.
struct Context {
    origin: Name,
    default_ttl: Option<u32>,
    last_ttl: Option<u32>,
    /// The SOA's MINIMUM: BIND's TTL when none is given at all.
    soa_minimum: Option<u32>,
    owner: Option<Name>,
    /// Whether `origin`, and the last owner, lie inside the zone: a relative name
    /// then does too, with no need to compare labels (a large zone has many names).
    origin_in_zone: bool,
    owner_in_zone: bool,
    /// A `$TTL` was refused: its error is the one to fix, so records without a TTL
    /// do not add that they fall back to the SOA's MINIMUM.
    ttl_refused: bool,
    warnings: Vec<Problem>,
}

type Problem = (Pos, String);

/// Reads a master file. `origin` is the zone's name (a `$ORIGIN` may change it for
/// the names that follow).
pub fn parse(text: &str, origin: &Name, at: Placement) -> Parsed {
    parse_on(text, origin, at, crate::ground::threads())
}

/// [`parse`] with at most `threads` threads (a large file is read in batches).
fn parse_on(text: &str, origin: &Name, at: Placement, threads: usize) -> Parsed {
    if threads > 1 && text.len() >= batch::WORTH_THREADS {
        return batch::parse(text, origin, at, threads);
    }
    let mut parsed = Parsed::default();
    let mut lexing = Vec::new();
    let mut cx = Context::new(origin);
    lex(text, at, &mut lexing, |entry| {
        take(&entry, &mut cx, origin, &mut parsed);
    });
    finish(parsed, lexing)
}

impl Context {
    fn new(origin: &Name) -> Self {
        Context {
            origin: origin.clone(),
            default_ttl: None,
            last_ttl: None,
            soa_minimum: None,
            owner: None,
            origin_in_zone: true,
            owner_in_zone: true,
            ttl_refused: false,
            warnings: Vec::new(),
        }
    }
}

/// One entry read: a directive changes the context, a record joins the records;
/// problems are kept with their positions.
fn take(entry: &Entry<'_>, cx: &mut Context, zone: &Name, parsed: &mut Parsed) {
    if is_directive(entry) {
        if let Err((pos, message)) = directive(entry, cx, zone) {
            parsed.problems.push((pos, Level::Error, message));
        }
        return;
    }
    match record(entry, cx, zone) {
        Ok(Some(record)) => parsed.records.push(record),
        Ok(None) => {}
        Err((pos, message)) => parsed.problems.push((pos, Level::Error, message)),
    }
    for (pos, message) in cx.warnings.drain(..) {
        parsed.problems.push((pos, Level::Warning, message));
    }
}

fn is_directive(entry: &Entry<'_>) -> bool {
    !entry.inherits_owner && entry.tokens[0].text.starts_with('$')
}

/// The lexer's problems (quotes, parentheses) join the others, all in line order.
fn finish(mut parsed: Parsed, lexing: Vec<(Pos, Level, String)>) -> Parsed {
    parsed.problems.extend(lexing);
    parsed.problems.sort_by_key(|p| p.0);
    parsed
}

fn directive(entry: &Entry, cx: &mut Context, zone: &Name) -> Result<(), Problem> {
    let first = &entry.tokens[0];
    let arg = entry.tokens.get(1);
    let need = |what: &str| (first.pos, format!("{} needs {what}", first.text));
    match first.text.to_ascii_uppercase().as_str() {
        "$TTL" => {
            cx.ttl_refused = true;
            let arg = arg.ok_or_else(|| need("a TTL"))?;
            cx.default_ttl = Some(ttl(arg)?);
            cx.ttl_refused = false;
        }
        "$ORIGIN" => {
            let arg = arg.ok_or_else(|| need("a domain name"))?;
            cx.origin = name(arg, &cx.origin)?;
            cx.origin_in_zone = zone.zone_of(&cx.origin);
        }
        "$INCLUDE" => {
            return Err((
                first.pos,
                "$INCLUDE is refused: a content file may not read other files".into(),
            ));
        }
        other => return Err((first.pos, format!("unknown directive {other}"))),
    }
    Ok(())
}

fn ttl(token: &Token) -> Result<u32, Problem> {
    parse_ttl(token.text).map_err(|_| {
        let msg = format!(
            "bad TTL '{}': write seconds (3600) or BIND's units w, d, h, m, s (1h, 1d12h)",
            token.text
        );
        (token.pos, msg)
    })
}

/// A domain name from a token: `@` is the origin, relative names get the origin.
fn name(token: &Token, origin: &Name) -> Result<Name, Problem> {
    if token.text == "@" {
        return Ok(origin.clone());
    }
    if let Some(name) = ldh_name(token.text, origin) {
        return Ok(name);
    }
    let bad = |e: String| (token.pos, format!("bad domain name '{}': {e}", token.text));
    let mut parsed = match Name::parse(token.text, Some(origin)) {
        Ok(name) => name,
        // BIND loads an IPv6 address where a name belongs (then warns, L1): one label.
        Err(e) => match token
            .text
            .strip_suffix('.')
            .unwrap_or(token.text)
            .parse::<Ipv6Addr>()
        {
            Ok(_) => {
                let label = Name::from_labels([token.text.trim_end_matches('.').as_bytes()])
                    .map_err(|e| bad(e.to_string()))?;
                match token.text.ends_with('.') {
                    true => label,
                    false => label
                        .append_domain(origin)
                        .map_err(|e| bad(e.to_string()))?,
                }
            }
            Err(_) => return Err(bad(e.to_string())),
        },
    };
    parsed.set_fqdn(true);
    Ok(parsed)
}

/// The common case, fast: a name of lower-case letters, digits and hyphens. UTS 46
/// (which `Name::parse` runs on every label, and which was a tenth of `check`'s time
/// on a large zone) leaves such labels as they are, so building the name from the
/// bytes gives the same name. Anything else — capitals, escapes, `_`, `*`, `xn--`,
/// empty labels — takes the full parse and its messages.
fn ldh_name(text: &str, origin: &Name) -> Option<Name> {
    let (labels, absolute) = match text.strip_suffix('.') {
        Some(labels) => (labels, true),
        None => (text, false),
    };
    if labels.is_empty() {
        return None;
    }
    let mut name = Name::new();
    for label in labels.split('.') {
        let ldh = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        if label.is_empty() || label.contains("--") || !label.bytes().all(ldh) {
            return None;
        }
        name = name.append_label(label.as_bytes()).ok()?;
    }
    match absolute {
        true => {
            name.set_fqdn(true);
            Some(name)
        }
        false => name.append_domain(origin).ok(),
    }
}

fn is_ttl(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit()) && parse_ttl(text).is_ok()
}

fn record(entry: &Entry, cx: &mut Context, zone: &Name) -> Result<Option<ZoneRecord>, Problem> {
    let mut tokens = entry.tokens.iter().peekable();
    let (owner, in_zone) = if entry.inherits_owner {
        let owner = cx.owner.clone().ok_or_else(|| {
            (
                entry.pos,
                "no owner name: the first record must name one".into(),
            )
        })?;
        (owner, cx.owner_in_zone)
    } else {
        let token = tokens
            .next()
            .ok_or_else(|| (entry.pos, "empty record".into()))?;
        let owner = name(token, &cx.origin)?;
        let relative = token.text == "@" || !token.text.ends_with('.');
        let in_zone = (relative && cx.origin_in_zone) || zone.zone_of(&owner);
        (owner, in_zone)
    };
    cx.owner = Some(owner.clone());
    cx.owner_in_zone = in_zone;

    let mut ttl_value = None;
    let mut rtype = None;
    for token in tokens.by_ref() {
        let is_class = |c: &str| token.text.eq_ignore_ascii_case(c);
        if is_ttl(token.text) && ttl_value.is_none() {
            ttl_value = Some(ttl(token)?);
        } else if ["IN", "CH", "HS", "CS"].into_iter().any(is_class) {
            if !is_class("IN") {
                let class = token.text.to_ascii_uppercase();
                return Err((token.pos, format!("class {class} is not supported; use IN")));
            }
        } else {
            rtype = Some((record_type(token)?, token));
            break;
        }
    }
    let (rtype, type_token) = rtype.ok_or_else(|| (entry.pos, "record has no type".into()))?;
    let rdata: Vec<&Token<'_>> = tokens.collect();

    if !in_zone {
        let msg = format!("{}: ignoring out-of-zone data", bare(&owner));
        cx.warnings.push((entry.pos, msg));
        return Ok(None);
    }
    // hickory's parser (the fallback) needs some TTL; the real one is settled below.
    let data = rdata_of(
        rtype,
        type_token,
        &rdata,
        &cx.origin,
        &owner,
        ttl_value.unwrap_or(0),
    )?;
    if let RData::SOA(soa) = &data {
        cx.soa_minimum = Some(soa.minimum);
    }
    let ttl = match ttl_value.or(cx.default_ttl).or(cx.last_ttl) {
        Some(t) => t,
        // The refused `$TTL` is the error; any TTL will do for the records after it
        // (a zone with errors is linted, never loaded).
        None if cx.ttl_refused => cx.soa_minimum.unwrap_or(0),
        None => {
            let minimum = cx.soa_minimum.ok_or_else(|| {
                (
                    entry.pos,
                    "no TTL specified and no $TTL or SOA before it".to_string(),
                )
            })?;
            let msg = "no TTL specified; using SOA MINTTL instead".to_string();
            cx.warnings.push((entry.pos, msg));
            cx.last_ttl = Some(minimum);
            minimum
        }
    };
    if ttl_value.is_some() {
        cx.last_ttl = ttl_value;
    }
    let exchange_token = match rtype {
        RecordType::MX => rdata.get(1).map(|t| t.text.into()),
        _ => None,
    };
    Ok(Some(ZoneRecord {
        record: Record::from_rdata(owner, ttl, data),
        pos: entry.pos,
        exchange_token,
    }))
}

fn record_type(token: &Token) -> Result<RecordType, Problem> {
    let upper = token.text.to_ascii_uppercase();
    if upper == "SPF" {
        return Ok(RecordType::Unknown(99));
    }
    if let Some(code) = upper.strip_prefix("TYPE")
        && let Ok(code) = code.parse::<u16>()
    {
        return Ok(RecordType::from(code));
    }
    match RecordType::from_str(&upper) {
        Ok(RecordType::Unknown(_)) | Err(_) => {
            let mut msg = format!("unknown RR type '{}'", token.text);
            // A TTL with a unit BIND does not know (`1hr`, `2days`) is read as a type.
            if token.text.starts_with(|c: char| c.is_ascii_digit()) {
                msg.push_str(
                    ": it looks like a TTL; write seconds (3600) or BIND's units w, d, h, m, s (1h, 1d12h)",
                );
            }
            Err((token.pos, msg))
        }
        Ok(t) => Ok(t),
    }
}

pub use crate::ground::{bare, type_name};

mod batch;
mod lex;
mod rdata;
#[cfg(test)]
mod tests;
