//! Record data from tokens, type by type; types hickory's parser rejects (DNAME,
//! SPF, RFC 3597 generic data) handled here, any other type through hickory's parser.

use super::lex::{Token, unescape};
use super::{Problem, name, ttl, type_name};
use crate::dns::generic_rdata;
use hickory_proto::rr::rdata::{A, AAAA, CNAME, MX, NS, PTR, SOA};
use hickory_proto::rr::{Name, RData, RecordType};
use hickory_proto::serialize::binary::{BinDecoder, Restrict};
use hickory_proto::serialize::txt::Parser;

fn count(rdata: &[&Token<'_>], n: usize, rtype: RecordType, at: &Token<'_>) -> Result<(), Problem> {
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

pub(super) fn rdata_of(
    rtype: RecordType,
    type_token: &Token<'_>,
    rdata: &[&Token<'_>],
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
fn character_strings(rdata: &[&Token<'_>], at: &Token<'_>) -> Result<Vec<u8>, Problem> {
    if rdata.is_empty() {
        return Err((at.pos, "TXT record needs at least one string".into()));
    }
    let mut wire = Vec::new();
    for t in rdata {
        let bytes = unescape(t.text).map_err(|e| (t.pos, e))?;
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

fn soa(rdata: &[&Token<'_>], at: &Token, origin: &Name) -> Result<RData, Problem> {
    count(rdata, 7, RecordType::SOA, at)?;
    let number = |t: &Token<'_>| -> Result<u32, Problem> {
        if t.text.chars().all(|c| c.is_ascii_digit()) {
            t.text
                .parse()
                .map_err(|_| (t.pos, format!("SOA value '{}' is out of range", t.text)))
        } else {
            ttl(t)
        }
    };
    let signed = |t: &Token<'_>| -> Result<i32, Problem> {
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
fn generic(rtype: RecordType, rdata: &[&Token<'_>]) -> Result<RData, Problem> {
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
    let hex: String = rdata[2..].iter().map(|t| t.text).collect();
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
    type_token: &Token<'_>,
    rdata: &[&Token<'_>],
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
                t.text.to_string()
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
