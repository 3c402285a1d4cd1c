//! Record data hickory-proto has no type for (mx-rules.md §8): DNAME (RFC 6672) and
//! the obsolete SPF type 99 are kept as `RData::Unknown` with their wire bytes, so
//! they still encode into real DNS messages.

use hickory_proto::rr::rdata::NULL;
use hickory_proto::rr::{Name, RData, RecordType};
use hickory_proto::serialize::binary::{BinDecodable, BinEncodable};

/// The SPF record type code (RFC 7208 §3.1: obsolete, receivers ignore it).
pub const SPF: RecordType = RecordType::Unknown(99);

/// Data of an unknown type, as raw bytes.
pub fn unknown(rtype: RecordType, bytes: Vec<u8>) -> RData {
    // `NULL::with` refuses empty data, which RFC 3597 allows (`\# 0`).
    let rdata = if bytes.is_empty() {
        NULL::new()
    } else {
        NULL::with(bytes)
    };
    RData::Unknown { code: rtype, rdata }
}

/// A DNAME's data: its target name, uncompressed.
pub fn dname(target: &Name) -> RData {
    // Encoding a parsed name into a Vec cannot fail (names are at most 255 octets).
    let bytes = target.to_bytes().unwrap_or_default();
    unknown(RecordType::DNAME, bytes)
}

/// The target of a DNAME record's data.
pub fn dname_target(data: &RData) -> Option<Name> {
    match data {
        RData::Unknown {
            code: RecordType::DNAME,
            rdata,
        } => Name::from_bytes(&rdata.anything).ok(),
        _ => None,
    }
}

/// The text of TXT (or SPF-type) data, strings joined as receivers join them.
pub fn text_of(data: &RData) -> Option<String> {
    let strings: Vec<&[u8]> = match data {
        RData::TXT(txt) => txt.txt_data.iter().map(|s| &s[..]).collect(),
        RData::Unknown { code: SPF, rdata } => character_strings(&rdata.anything)?,
        _ => return None,
    };
    Some(strings.iter().map(|s| String::from_utf8_lossy(s)).collect())
}

/// Splits wire-format character-strings (a length octet, then that many octets).
fn character_strings(mut bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut strings = Vec::new();
    while let Some((&len, rest)) = bytes.split_first() {
        let len = usize::from(len);
        strings.push(rest.get(..len)?);
        bytes = &rest[len..];
    }
    Some(strings)
}
