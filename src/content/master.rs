//! RFC 1035 master files, read record by record so that every record keeps its line
//! and every problem is reported at its line and column (hickory's parser reports
//! none). Types hickory's parser rejects — DNAME, SPF, RFC 3597 `TYPEnn \# ...` —
//! and `@` in record data are handled here (mx-rules.md §8). `$INCLUDE` is refused.

use super::diagnostic::{Level, Pos};
use crate::dns::{ZoneRecord, generic_rdata};
use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, NS, PTR, SOA};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use hickory_proto::serialize::binary::{BinDecoder, Restrict};
use hickory_proto::serialize::txt::{Parser, parse_ttl};
use std::net::Ipv6Addr;
use std::str::FromStr;

/// One token of a master file.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    pos: Pos,
    quoted: bool,
}

/// One logical entry: the tokens of a line (or of a parenthesised group of lines).
#[derive(Debug)]
struct Entry {
    tokens: Vec<Token>,
    /// The line began with white space: the owner is the previous one.
    inherits_owner: bool,
    pos: Pos,
}

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

/// Splits master-file text into entries: one per line, or per parenthesised group.
fn lex(text: &str, at: Placement, problems: &mut Vec<(Pos, Level, String)>) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut emit = |entry: Entry| entries.push(entry);
    let mut line = at.first_line;
    let mut col = at.indent + 1;
    let mut chars = text.chars().peekable();
    let mut tokens: Vec<Token> = Vec::new();
    let mut inherits_owner = false;
    let mut at_line_start = true;
    let mut entry_pos = Pos::new(line, col);
    let mut paren: Option<Pos> = None;

    while let Some(c) = chars.next() {
        let here = Pos::new(line, col);
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = at.indent + 1;
                if paren.is_none() {
                    if !tokens.is_empty() {
                        emit(Entry {
                            tokens: std::mem::take(&mut tokens),
                            inherits_owner,
                            pos: entry_pos,
                        });
                    }
                    at_line_start = true;
                    inherits_owner = false;
                }
            }
            ' ' | '\t' | '\r' => {
                if at_line_start && paren.is_none() && tokens.is_empty() {
                    inherits_owner = true;
                }
            }
            ';' => {
                while chars.peek().is_some_and(|&c| c != '\n') {
                    chars.next();
                    col += 1;
                }
            }
            '(' => {
                if paren.is_some() {
                    problems.push((here, Level::Error, "nested '(' is not allowed".into()));
                }
                paren = Some(here);
            }
            ')' => {
                if paren.take().is_none() {
                    problems.push((here, Level::Error, "')' without a matching '('".into()));
                }
            }
            '"' => {
                let mut text = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    col += 1;
                    match c {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => {
                            text.push(c);
                            if let Some(next) = chars.next() {
                                col += 1;
                                text.push(next);
                                if next == '\n' {
                                    line += 1;
                                    col = at.indent + 1;
                                }
                            }
                        }
                        '\n' => break,
                        _ => text.push(c),
                    }
                }
                if !closed {
                    // The record ends here; the next line is a record of its own.
                    problems.push((here, Level::Error, "unbalanced quotes".into()));
                    line += 1;
                    col = at.indent + 1;
                    tokens.clear();
                    paren = None;
                    at_line_start = true;
                    inherits_owner = false;
                    continue;
                }
                if tokens.is_empty() {
                    entry_pos = here;
                }
                tokens.push(Token {
                    text,
                    pos: here,
                    quoted: true,
                });
            }
            _ => {
                let mut word = String::from(c);
                while let Some(&next) = chars.peek() {
                    if matches!(next, ' ' | '\t' | '\r' | '\n' | ';' | '(' | ')' | '"') {
                        break;
                    }
                    word.push(next);
                    chars.next();
                    col += 1;
                    if next == '\\'
                        && let Some(escaped) = chars.next()
                    {
                        word.push(escaped);
                        col += 1;
                        if escaped == '\n' {
                            line += 1;
                            col = at.indent + 1;
                        }
                    }
                }
                if tokens.is_empty() {
                    entry_pos = here;
                }
                tokens.push(Token {
                    text: word,
                    pos: here,
                    quoted: false,
                });
            }
        }
        if c != '\n' && !matches!(c, ' ' | '\t' | '\r') {
            at_line_start = false;
        }
    }
    if let Some(open) = paren {
        problems.push((open, Level::Error, "'(' is never closed".into()));
    }
    if !tokens.is_empty() {
        emit(Entry {
            tokens,
            inherits_owner,
            pos: entry_pos,
        });
    }
    entries
}

/// Resolves `\X` and `\DDD` into the bytes of a character-string (RFC 1035 §5.1).
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let digits = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(u8::is_ascii_digit));
        match digits {
            Some(d) => {
                let value = d.iter().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
                out.push(
                    u8::try_from(value)
                        .map_err(|_| format!("escape \\{value} is out of range (0-255)"))?,
                );
                i += 4;
            }
            None => {
                out.extend(bytes.get(i + 1));
                i += 2;
            }
        }
    }
    Ok(out)
}

/// The state carried from one entry to the next.
struct Context {
    origin: Name,
    default_ttl: Option<u32>,
    last_ttl: Option<u32>,
    /// The SOA's MINIMUM: BIND's TTL when none is given at all.
    soa_minimum: Option<u32>,
    owner: Option<Name>,
    warnings: Vec<Problem>,
}

type Problem = (Pos, String);

/// Reads a master file. `origin` is the zone's name (a `$ORIGIN` may change it for
/// the names that follow).
pub fn parse(text: &str, origin: &Name, at: Placement) -> Parsed {
    let mut parsed = Parsed::default();
    let entries = lex(text, at, &mut parsed.problems);
    let mut cx = Context {
        origin: origin.clone(),
        default_ttl: None,
        last_ttl: None,
        soa_minimum: None,
        owner: None,
        warnings: Vec::new(),
    };
    for entry in entries {
        let first = &entry.tokens[0];
        if !entry.inherits_owner && first.text.starts_with('$') {
            if let Err((pos, message)) = directive(&entry, &mut cx) {
                parsed.problems.push((pos, Level::Error, message));
            }
            continue;
        }
        match record(&entry, &mut cx, origin) {
            Ok(Some(record)) => parsed.records.push(record),
            Ok(None) => {}
            Err((pos, message)) => parsed.problems.push((pos, Level::Error, message)),
        }
        for (pos, message) in cx.warnings.drain(..) {
            parsed.problems.push((pos, Level::Warning, message));
        }
    }
    parsed
}

fn directive(entry: &Entry, cx: &mut Context) -> Result<(), Problem> {
    let first = &entry.tokens[0];
    let arg = entry.tokens.get(1);
    let need = |what: &str| (first.pos, format!("{} needs {what}", first.text));
    match first.text.to_ascii_uppercase().as_str() {
        "$TTL" => {
            let arg = arg.ok_or_else(|| need("a TTL"))?;
            cx.default_ttl = Some(ttl(arg)?);
        }
        "$ORIGIN" => {
            let arg = arg.ok_or_else(|| need("a domain name"))?;
            cx.origin = name(arg, &cx.origin)?;
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
    parse_ttl(&token.text).map_err(|_| (token.pos, format!("bad TTL '{}'", token.text)))
}

/// A domain name from a token: `@` is the origin, relative names get the origin.
fn name(token: &Token, origin: &Name) -> Result<Name, Problem> {
    if token.text == "@" {
        return Ok(origin.clone());
    }
    let bad = |e: String| (token.pos, format!("bad domain name '{}': {e}", token.text));
    let mut parsed = match Name::parse(&token.text, Some(origin)) {
        Ok(name) => name,
        // BIND loads an IPv6 address where a name belongs (then warns, L1): one label.
        Err(e) => match token
            .text
            .strip_suffix('.')
            .unwrap_or(&token.text)
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

fn is_ttl(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit()) && parse_ttl(text).is_ok()
}

fn record(entry: &Entry, cx: &mut Context, zone: &Name) -> Result<Option<ZoneRecord>, Problem> {
    let mut tokens = entry.tokens.iter().peekable();
    let owner = if entry.inherits_owner {
        cx.owner.clone().ok_or_else(|| {
            (
                entry.pos,
                "no owner name: the first record must name one".into(),
            )
        })?
    } else {
        let token = tokens
            .next()
            .ok_or_else(|| (entry.pos, "empty record".into()))?;
        name(token, &cx.origin)?
    };
    cx.owner = Some(owner.clone());

    let mut ttl_value = None;
    let mut rtype = None;
    for token in tokens.by_ref() {
        let upper = token.text.to_ascii_uppercase();
        if is_ttl(&token.text) && ttl_value.is_none() {
            ttl_value = Some(ttl(token)?);
        } else if matches!(upper.as_str(), "IN" | "CH" | "HS" | "CS") {
            if upper != "IN" {
                return Err((token.pos, format!("class {upper} is not supported; use IN")));
            }
        } else {
            rtype = Some((record_type(token)?, token));
            break;
        }
    }
    let (rtype, type_token) = rtype.ok_or_else(|| (entry.pos, "record has no type".into()))?;
    let rdata: Vec<&Token> = tokens.collect();

    if !zone.zone_of(&owner) {
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
        RecordType::MX => rdata.get(1).map(|t| t.text.clone().into_boxed_str()),
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
            Err((token.pos, format!("unknown RR type '{}'", token.text)))
        }
        Ok(t) => Ok(t),
    }
}

/// Human name of a record type, as in zone files (`SPF` for 99).
pub fn type_name(rtype: RecordType) -> String {
    match rtype {
        RecordType::Unknown(99) => "SPF".into(),
        RecordType::Unknown(n) => format!("TYPE{n}"),
        other => other.to_string(),
    }
}

/// `example.com` for `example.com.`: a name as BIND prints it in messages — no final
/// dot, and only the characters special in master files escaped (hickory's `Display`
/// escapes more, such as the `:` of an IPv6 address written as a name).
pub fn bare(name: &Name) -> String {
    if name.is_root() {
        return ".".into();
    }
    let mut text = String::new();
    for (i, label) in name.iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        for &b in label {
            match b {
                b'.' | b'\\' | b'"' | b';' | b'(' | b')' | b'@' | b'$' => {
                    text.push('\\');
                    text.push(char::from(b));
                }
                0x21..=0x7e => text.push(char::from(b)),
                _ => text.push_str(&format!("\\{b:03}")),
            }
        }
    }
    text
}

fn count(rdata: &[&Token], n: usize, rtype: RecordType, at: &Token) -> Result<(), Problem> {
    if rdata.len() < n {
        let pos = rdata.last().map_or(at.pos, |t| t.pos);
        return Err((
            pos,
            format!("{} record needs {n} field(s) of data", type_name(rtype)),
        ));
    }
    if let Some(extra) = rdata.get(n) {
        return Err((
            extra.pos,
            format!(
                "extra data '{}' after {} record",
                extra.text,
                type_name(rtype)
            ),
        ));
    }
    Ok(())
}

fn rdata_of(
    rtype: RecordType,
    type_token: &Token,
    rdata: &[&Token],
    origin: &Name,
    owner: &Name,
    ttl: u32,
) -> Result<RData, Problem> {
    if rdata.first().is_some_and(|t| t.text == "\\#" && !t.quoted) {
        return generic(rtype, rdata);
    }
    let data = match rtype {
        RecordType::A => {
            count(rdata, 1, rtype, type_token)?;
            let t = rdata[0];
            RData::A(A(t.text.parse().map_err(|_| {
                (t.pos, format!("bad IPv4 address '{}'", t.text))
            })?))
        }
        RecordType::AAAA => {
            count(rdata, 1, rtype, type_token)?;
            let t = rdata[0];
            RData::AAAA(AAAA(
                t.text
                    .parse()
                    .map_err(|_| (t.pos, format!("bad IPv6 address '{}'", t.text)))?,
            ))
        }
        RecordType::CNAME => {
            count(rdata, 1, rtype, type_token)?;
            RData::CNAME(CNAME(name(rdata[0], origin)?))
        }
        RecordType::NS => {
            count(rdata, 1, rtype, type_token)?;
            RData::NS(NS(name(rdata[0], origin)?))
        }
        RecordType::PTR => {
            count(rdata, 1, rtype, type_token)?;
            RData::PTR(PTR(name(rdata[0], origin)?))
        }
        RecordType::DNAME => {
            count(rdata, 1, rtype, type_token)?;
            generic_rdata::dname(&name(rdata[0], origin)?)
        }
        RecordType::MX => {
            count(rdata, 2, rtype, type_token)?;
            let t = rdata[0];
            let preference = match t.text.parse::<u64>() {
                Ok(p) if p <= u64::from(u16::MAX) => p as u16,
                Ok(p) => {
                    return Err((
                        t.pos,
                        format!("MX preference {p} is out of range (0-65535)"),
                    ));
                }
                Err(_) => {
                    return Err((
                        t.pos,
                        format!("bad MX preference '{}': expected 0-65535", t.text),
                    ));
                }
            };
            RData::MX(MX::new(preference, name(rdata[1], origin)?))
        }
        RecordType::TXT => {
            let wire = character_strings(rdata, type_token)?;
            RData::read(
                &mut BinDecoder::new(&wire),
                rtype,
                Restrict::new(wire.len() as u16),
            )
            .map_err(|e| (type_token.pos, format!("bad TXT data: {e}")))?
        }
        RecordType::Unknown(99) => {
            generic_rdata::unknown(rtype, character_strings(rdata, type_token)?)
        }
        RecordType::SOA => soa(rdata, type_token, origin)?,
        _ => fallback(rtype, type_token, rdata, origin, owner, ttl)?,
    };
    Ok(data)
}

/// TXT (and SPF-type) data: character-strings in wire form, each at most 255 bytes.
fn character_strings(rdata: &[&Token], at: &Token) -> Result<Vec<u8>, Problem> {
    if rdata.is_empty() {
        return Err((at.pos, "TXT record needs at least one string".into()));
    }
    let mut wire = Vec::new();
    for t in rdata {
        let bytes = unescape(&t.text).map_err(|e| (t.pos, e))?;
        let len = u8::try_from(bytes.len()).map_err(|_| {
            (
                t.pos,
                "string longer than 255 bytes: split it into several quoted strings".to_string(),
            )
        })?;
        wire.push(len);
        wire.extend(bytes);
    }
    if wire.len() > usize::from(u16::MAX) {
        return Err((at.pos, "TXT data longer than 65535 bytes".into()));
    }
    Ok(wire)
}

fn soa(rdata: &[&Token], at: &Token, origin: &Name) -> Result<RData, Problem> {
    count(rdata, 7, RecordType::SOA, at)?;
    let number = |t: &Token| -> Result<u32, Problem> {
        if t.text.chars().all(|c| c.is_ascii_digit()) {
            t.text
                .parse()
                .map_err(|_| (t.pos, format!("SOA value '{}' is out of range", t.text)))
        } else {
            ttl(t)
        }
    };
    let signed = |t: &Token| -> Result<i32, Problem> {
        i32::try_from(number(t)?)
            .map_err(|_| (t.pos, format!("SOA value '{}' is out of range", t.text)))
    };
    Ok(RData::SOA(SOA::new(
        name(rdata[0], origin)?,
        name(rdata[1], origin)?,
        number(rdata[2])?,
        signed(rdata[3])?,
        signed(rdata[4])?,
        signed(rdata[5])?,
        number(rdata[6])?,
    )))
}

/// RFC 3597: `\# LENGTH HEX...`.
fn generic(rtype: RecordType, rdata: &[&Token]) -> Result<RData, Problem> {
    let marker = rdata[0];
    let length_token = rdata
        .get(1)
        .ok_or_else(|| (marker.pos, "\\# needs a length".to_string()))?;
    let length: usize = length_token.text.parse().map_err(|_| {
        (
            length_token.pos,
            format!("bad \\# length '{}'", length_token.text),
        )
    })?;
    let hex: String = rdata[2..].iter().map(|t| t.text.as_str()).collect();
    let bytes = decode_hex(&hex)
        .ok_or_else(|| (marker.pos, "bad hexadecimal data after \\#".to_string()))?;
    if length > usize::from(u16::MAX) {
        return Err((
            length_token.pos,
            format!("\\# length {length} is out of range (0-65535)"),
        ));
    }
    if bytes.len() != length {
        return Err((
            length_token.pos,
            format!(
                "\\# length {length} does not match the {} bytes given",
                bytes.len()
            ),
        ));
    }
    if rtype == RecordType::DNAME {
        use hickory_proto::serialize::binary::BinDecodable;
        let target = Name::from_bytes(&bytes)
            .map_err(|_| (marker.pos, "bad DNAME data: not a domain name".to_string()))?;
        return Ok(generic_rdata::dname(&target));
    }
    let known = !matches!(rtype, RecordType::Unknown(_));
    if known {
        let mut decoder = BinDecoder::new(&bytes);
        return RData::read(&mut decoder, rtype, Restrict::new(bytes.len() as u16))
            .map_err(|e| (marker.pos, format!("bad {} data: {e}", type_name(rtype))));
    }
    Ok(generic_rdata::unknown(rtype, bytes))
}

fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Any other type: hickory's parser on this one record, so its error has our line.
fn fallback(
    rtype: RecordType,
    type_token: &Token,
    rdata: &[&Token],
    origin: &Name,
    owner: &Name,
    ttl: u32,
) -> Result<RData, Problem> {
    let data: Vec<String> = rdata
        .iter()
        .map(|t| {
            if t.quoted {
                format!("\"{}\"", t.text)
            } else {
                t.text.clone()
            }
        })
        .collect();
    let snippet = format!("{owner} {ttl} IN {} {}\n", type_name(rtype), data.join(" "));
    let parsed = Parser::new(snippet, None, Some(origin.clone())).parse();
    let err = |e: String| {
        (
            type_token.pos,
            format!("bad {} record: {e}", type_name(rtype)),
        )
    };
    let (_, sets) = parsed.map_err(|e| err(e.to_string()))?;
    sets.into_values()
        .flat_map(|set| set.records_without_rrsigs().cloned().collect::<Vec<_>>())
        .map(|r| r.data)
        .next()
        .ok_or_else(|| err("no record".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Name {
        Name::from_ascii("example.com.").unwrap()
    }

    fn parse_text(text: &str) -> Parsed {
        parse(
            text,
            &origin(),
            Placement {
                first_line: 1,
                indent: 0,
            },
        )
    }

    #[test]
    fn records_keep_their_lines_and_at_sign_in_data() {
        let p = parse_text(
            "$TTL 300\n@ IN SOA ns1 host ( 1 2\n 3 4 5 )\nwww IN CNAME @\n  IN TXT \"a b\" ; c\n",
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let lines: Vec<u32> = p.records.iter().map(|r| r.pos.line).collect();
        assert_eq!(lines, vec![2, 4, 5]);
        assert_eq!(p.records[1].record.data, RData::CNAME(CNAME(origin())));
        assert_eq!(p.records[2].record.name.to_string(), "www.example.com.");
    }

    #[test]
    fn include_is_refused_at_its_line() {
        let p = parse_text("$TTL 300\n$INCLUDE /etc/passwd\n");
        assert_eq!(p.problems[0].0, Pos::new(2, 1));
        assert!(p.problems[0].2.contains("$INCLUDE is refused"));
    }

    #[test]
    fn mx_preference_out_of_range_names_its_column() {
        let p = parse_text("$TTL 300\n@ IN MX 70000 mail\n");
        assert_eq!(p.problems[0].0, Pos::new(2, 9));
        assert!(p.problems[0].2.contains("out of range"));
    }

    #[test]
    fn types_hickory_rejects_still_load() {
        let p = parse_text(
            "$TTL 300\n@ IN SPF \"v=spf1 -all\"\nd IN DNAME other.example.\nx IN TYPE65280 \\# 2 abcd\ny IN TYPE1 \\# 4 C0000201\n",
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.records[0].record.record_type(), RecordType::Unknown(99));
        assert_eq!(p.records[1].record.record_type(), RecordType::DNAME);
        assert_eq!(p.records[3].record.data, RData::A(A([192, 0, 2, 1].into())));
    }

    #[test]
    fn other_types_go_through_hickory_with_our_line() {
        let p = parse_text(
            "$TTL 300\n_sip._tcp IN SRV 0 5 5060 sip\n@ IN CAA 0 issue \"ca.example.net\"\nbad IN SRV x\n",
        );
        assert_eq!(p.records.len(), 2, "{:?}", p.problems);
        assert_eq!(p.problems[0].0.line, 4);
    }

    #[test]
    fn errors_do_not_stop_the_file() {
        let p =
            parse_text("$TTL 300\na IN A 999.1.1.1\nb IN AAAA zz\nc IN FOO x\nd IN A 192.0.2.1\n");
        let lines: Vec<u32> = p.problems.iter().map(|p| p.0.line).collect();
        assert_eq!(lines, vec![2, 3, 4]);
        assert_eq!(p.records.len(), 1);
    }

    #[test]
    fn review_regressions_generic_and_lines() {
        // RFC 3597 allows empty data; a length over 16 bits is refused.
        let p = parse_text("$TTL 300\nh IN TYPE65535 \\# 0\nbig IN TYPE1 \\# 65540 00\n");
        assert_eq!(p.records.len(), 1);
        assert!(p.problems[0].2.contains("out of range"), "{:?}", p.problems);
        // A backslash-newline inside quotes still counts the line.
        let p = parse_text("$TTL 300\na IN TXT \"ab\\\n\"\nb IN A 999.0.0.1\n");
        assert_eq!(p.problems[0].0.line, 4, "{:?}", p.problems);
        // Unbalanced quotes end the record; the next line is read on its own.
        let p = parse_text("$TTL 300\na IN TXT \"open\nb IN A 192.0.2.1\n");
        assert_eq!(
            (p.problems[0].0.line, p.records.len()),
            (2, 1),
            "{:?}",
            p.problems
        );
    }

    #[test]
    fn missing_ttl_uses_the_soa_minimum_and_out_of_zone_data_is_skipped() {
        let p = parse_text(
            "@ IN SOA ns1 host 1 2 3 4 900\nwww IN A 192.0.2.1\nwww.other.org. IN A 192.0.2.2\n",
        );
        assert_eq!(
            p.records.iter().map(|r| r.record.ttl).collect::<Vec<_>>(),
            vec![900, 900]
        );
        let levels: Vec<Level> = p.problems.iter().map(|p| p.1).collect();
        assert_eq!(
            levels,
            vec![Level::Warning, Level::Warning], // the TTL warning once, as BIND
            "{:?}",
            p.problems
        );
        assert!(p.problems[1].2.contains("ignoring out-of-zone data"));
    }

    #[test]
    fn txt_escapes_are_bytes_and_ipv6_exchanges_load() {
        let p = parse_text(
            "$TTL 300\na IN TXT \"caf\\233\" v=spf1\\032-all\nb IN TXT \"\\999\"\n@ IN MX 10 2001:db8::25\n",
        );
        let RData::TXT(txt) = &p.records[0].record.data else {
            panic!("{:?}", p.records)
        };
        assert_eq!(&*txt.txt_data[0], b"caf\xe9");
        assert_eq!(&*txt.txt_data[1], b"v=spf1 -all");
        assert!(p.problems[0].2.contains("out of range"), "{:?}", p.problems);
        let RData::MX(mx) = &p.records[1].record.data else {
            panic!("{:?}", p.records)
        };
        assert_eq!(mx.exchange.iter().next(), Some(&b"2001:db8::25"[..]));
        assert_eq!(mx.exchange.base_name(), origin());
    }
}
