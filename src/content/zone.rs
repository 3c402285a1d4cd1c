//! Zone files: the YAML format (a master file plus what the simulator needs) and
//! plain `*.zone` master files.

use super::diagnostic::{Diagnostic, Level, Pos};
use super::master::{self, Placement};
use super::yaml::{self, Node, Value};
use super::{RefKind, Reference, bare};
use crate::dns::name_map::{Fnv, NameSet, same_name};
use crate::dns::{Check, MailServer, Zone, ZoneRecord};
use hickory_proto::rr::{Name, RecordType};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A zone file in YAML (`zones/*.yaml`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneFile {
    /// The zone's name, e.g. `blossomflowers.example`.
    pub zone: String,
    /// One line shown in menus.
    #[serde(default)]
    pub title: Option<String>,
    /// The scenario in a few sentences.
    #[serde(default)]
    pub description: Option<String>,
    /// Defects the zone contains on purpose; `check` verifies the linter finds each.
    #[serde(default)]
    pub defects: Vec<Check>,
    /// The zone in RFC 1035 master-file syntax (`$INCLUDE` is refused).
    pub records: String,
    /// How mail hosts behave in the simulator, by host name (FQDN).
    #[serde(default)]
    pub mail_servers: BTreeMap<String, MailServer>,
}

/// A zone read from a file, with the references it makes to the rest of the world.
#[derive(Debug)]
pub struct LoadedZone {
    /// The zone.
    pub zone: Zone,
    /// Where the zone's name is written (for "defined twice").
    pub origin_pos: Pos,
    /// Where `defects:` is written.
    pub defects_pos: Pos,
    /// Host names the zone refers to.
    pub references: Vec<Reference>,
    /// The file had no errors. A zone with errors is not loaded, but the records
    /// that parsed are still linted (all problems in one run).
    pub complete: bool,
    /// Compiled into the binary (a user's file may replace it).
    pub bundled: bool,
}

/// The fields of a zone file (see [`ZoneFile`]).
const FIELDS: [&str; 6] = [
    "zone",
    "title",
    "description",
    "defects",
    "records",
    "mail_servers",
];

/// Reads a zone YAML file, each part on its own so that one mistake does not hide
/// the others. Returns the zone unless the file has errors.
pub fn load_yaml(
    path: &str,
    text: &str,
    node: &Node,
    out: &mut Vec<Diagnostic>,
) -> Option<LoadedZone> {
    let errors_before = count_errors(out);
    for (key, _) in node.entries() {
        let name = key.as_str().unwrap_or_default();
        if !FIELDS.contains(&name) {
            let msg = format!(
                "unknown field `{name}`, expected one of {}",
                FIELDS.map(|f| format!("`{f}`")).join(", ")
            );
            out.push(Diagnostic::error(path, key.pos, msg));
        }
    }
    for required in ["zone", "records"] {
        if node.get(required).is_none() {
            out.push(Diagnostic::error(
                path,
                node.pos,
                format!("missing field `{required}`"),
            ));
        }
    }
    let zone_node = node.get("zone").unwrap_or(node);
    let origin =
        read_part::<String>(path, node, "zone", out).and_then(|text| match zone_name(&text) {
            Ok(origin) => Some(origin),
            Err(message) => {
                out.push(Diagnostic::error(path, zone_node.pos, message));
                None
            }
        });
    let title = read_part::<String>(path, node, "title", out);
    let description = read_part::<String>(path, node, "description", out);
    let defects = read_part::<Vec<Check>>(path, node, "defects", out).unwrap_or_default();
    let defects_pos = node.get("defects").map_or(node.pos, |n| n.pos);
    for check in defects.iter().filter(|c| !c.is_defect()) {
        let msg = format!(
            "`{}` is a note, not a defect: remove it from `defects`",
            check.id()
        );
        out.push(Diagnostic::error(path, defects_pos, msg));
    }
    let (mail_servers, references) = read_mail_servers(path, node, out);
    let records_node = node.get("records");
    let zone = match (origin, records_node) {
        (Some(origin), Some(records_node)) => match &records_node.value {
            Value::Scalar {
                text: records,
                block_line: Some(_),
                ..
            } => {
                let placement = block_placement(text, records_node);
                Some(read_master(path, records, &origin, placement, out))
            }
            _ => {
                let msg = "write the records as a literal block, `records: |`, one record per line";
                out.push(Diagnostic::error(path, records_node.pos, msg));
                None
            }
        },
        _ => None,
    };
    let mut zone = zone?;
    zone.title = title;
    zone.description = description;
    zone.defects = defects;
    zone.mail_servers = mail_servers;
    Some(LoadedZone {
        zone,
        origin_pos: zone_node.pos,
        defects_pos,
        references,
        bundled: false,
        complete: count_errors(out) == errors_before,
    })
}

/// One field of a mapping, typed; a wrong type is reported and gives `None`.
fn read_part<'a, T: serde::Deserialize<'a>>(
    path: &str,
    node: &'a Node,
    key: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value = node.get(key)?;
    yaml::from_node(value)
        .map_err(|e| {
            out.push(Diagnostic::error(
                path,
                e.pos.unwrap_or(value.pos),
                e.message,
            ))
        })
        .ok()
}

/// `mail_servers:` — each host on its own; the hosts are references to check.
fn read_mail_servers(
    path: &str,
    node: &Node,
    out: &mut Vec<Diagnostic>,
) -> (Vec<(Name, MailServer)>, Vec<Reference>) {
    let mut servers = Vec::new();
    let mut references = Vec::new();
    let Some(map) = node.get("mail_servers") else {
        return (servers, references);
    };
    if !matches!(map.value, Value::Map(_)) {
        out.push(Diagnostic::error(
            path,
            map.pos,
            "`mail_servers` must map host names to their behaviour",
        ));
    }
    for (key, value) in map.entries() {
        let name = match zone_name(key.as_str().unwrap_or_default()) {
            Ok(name) => name,
            Err(message) => {
                out.push(Diagnostic::error(path, key.pos, message));
                continue;
            }
        };
        let mut server: MailServer = match yaml::from_node(value) {
            Ok(server) => server,
            Err(e) => {
                out.push(Diagnostic::error(
                    path,
                    e.pos.unwrap_or(value.pos),
                    e.message,
                ));
                continue;
            }
        };
        if let Some(text) = &server.lasts_text {
            match parse_duration(text) {
                Ok(seconds) if server.state.is_some() => server.lasts = Some(seconds),
                Ok(_) => out.push(Diagnostic::error(
                    path,
                    value.pos,
                    "`for` says how long `state` lasts: give a `state` too",
                )),
                Err(message) => out.push(Diagnostic::error(path, value.pos, message)),
            }
        }
        for domain in server.accepts.iter().flatten() {
            match zone_name(domain) {
                Ok(name) => references.push(Reference {
                    pos: value.pos,
                    kind: RefKind::MailDomain,
                    name,
                }),
                Err(message) => out.push(Diagnostic::error(path, value.pos, message)),
            }
        }
        references.push(Reference {
            pos: key.pos,
            kind: RefKind::Host,
            name: name.clone(),
        });
        servers.push((name, server));
    }
    (servers, references)
}

/// Reads a plain master file; its origin is its first `$ORIGIN`, else the file name
/// without `.zone`.
pub fn load_master(path: &str, text: &str, out: &mut Vec<Diagnostic>) -> Option<LoadedZone> {
    let errors_before = count_errors(out);
    // A `$ORIGIN` names the zone only if it comes before the first record.
    let declared = text
        .lines()
        .enumerate()
        .map(|(i, line)| {
            (
                i,
                line.split(';')
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>(),
            )
        })
        .find(|(_, words)| {
            words
                .first()
                .is_some_and(|w| !w.eq_ignore_ascii_case("$TTL"))
        })
        .filter(|(_, words)| words[0].eq_ignore_ascii_case("$ORIGIN"))
        .map(|(i, words)| (i, words.get(1).copied().unwrap_or("")));
    let stem = std::path::Path::new(path)
        .file_name()
        .and_then(|f| f.to_str())
        .map(|f| f.trim_end_matches(".zone"))
        .unwrap_or_default();
    let (line, origin_text) = match declared {
        Some((i, name)) => (i as u32 + 1, name),
        None => (1, stem),
    };
    let origin = match zone_name(origin_text) {
        Ok(origin) => origin,
        Err(message) => {
            out.push(Diagnostic::error(path, Pos::line(line), message));
            return None;
        }
    };
    let placement = Placement {
        first_line: 1,
        indent: 0,
    };
    let zone = read_master(path, text, &origin, placement, out);
    Some(LoadedZone {
        zone,
        origin_pos: Pos::line(line),
        defects_pos: Pos::line(1),
        references: Vec::new(),
        bundled: false,
        complete: count_errors(out) == errors_before,
    })
}

fn count_errors(out: &[Diagnostic]) -> usize {
    out.iter().filter(|d| d.level == Level::Error).count()
}

pub use crate::ground::zone_name;

/// Where a `records: |` block's text sits in the file.
fn block_placement(text: &str, node: &Node) -> Placement {
    let first_line = match &node.value {
        Value::Scalar {
            block_line: Some(line),
            ..
        } => *line,
        _ => node.pos.line,
    };
    let indent = text
        .lines()
        .skip(first_line.saturating_sub(1) as usize)
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start().len());
    Placement {
        first_line,
        indent: indent as u32,
    }
}

/// Parses the master text and checks what every zone needs (SOA and NS at the apex).
fn read_master(
    path: &str,
    text: &str,
    origin: &Name,
    at: Placement,
    out: &mut Vec<Diagnostic>,
) -> Zone {
    let parsed = master::parse(text, origin, at);
    for (pos, level, message) in parsed.problems {
        out.push(Diagnostic::new(path, pos, level, message));
    }
    let records = merge_duplicates(path, parsed.records, out);
    let at_apex = |r: &&ZoneRecord| same_name(&r.record.name, origin);
    let apex: Vec<&ZoneRecord> = records.iter().filter(at_apex).collect();
    let apex_of = |t: RecordType| apex.iter().filter(move |r| r.record.record_type() == t);
    let first = Pos::line(at.first_line);
    let soas: Vec<Pos> = apex_of(RecordType::SOA).map(|r| r.pos).collect();
    let name = bare(origin);
    match soas.as_slice() {
        [] => out.push(Diagnostic::error(
            path,
            first,
            format!("zone {name}/IN: has no SOA record"),
        )),
        [_] => {}
        [_, second, ..] => out.push(Diagnostic::error(
            path,
            *second,
            format!("zone {name}/IN: multiple SOA records"),
        )),
    }
    for r in records
        .iter()
        .filter(|r| r.record.record_type() == RecordType::SOA && !at_apex(r))
    {
        out.push(Diagnostic::error(
            path,
            r.pos,
            format!("SOA record not at the top of zone {name}"),
        ));
    }
    if apex_of(RecordType::NS).next().is_none() {
        out.push(Diagnostic::error(
            path,
            first,
            format!("zone {name}/IN: has no NS records"),
        ));
    }
    Zone {
        origin: origin.clone(),
        path: path.to_string(),
        title: None,
        description: None,
        defects: Vec::new(),
        records,
        mail_servers: Vec::new(),
        text: text.to_string(),
        first_line: at.first_line,
    }
}

/// Drops records identical to an earlier one (BIND merges them silently) and refuses
/// a second CNAME at one name (BIND: "multiple RRs of singleton type"). The records
/// stay where they are (a 100,000-record zone is not copied), and each is hashed
/// once: linear however many share one owner.
fn merge_duplicates(
    path: &str,
    mut records: Vec<ZoneRecord>,
    out: &mut Vec<Diagnostic>,
) -> Vec<ZoneRecord> {
    type ByHash<V> = HashMap<u64, V, BuildHasherDefault<Fnv>>;
    // The first kept record with each hash of owner and data, and (rare) the later
    // kept records whose hash was taken by a different record.
    let mut first: ByHash<usize> =
        HashMap::with_capacity_and_hasher(records.len(), Default::default());
    let mut collided: ByHash<Vec<usize>> = ByHash::default();
    let mut cnames = NameSet::default();
    let mut keep = vec![true; records.len()];
    let hashes = record_hashes(&records);
    for ((i, zr), &hash) in records.iter().enumerate().zip(&hashes) {
        let same = |j: &usize| {
            let other = &records[*j].record;
            other.data == zr.record.data && other.name == zr.record.name
        };
        let taken = first.get(&hash);
        if taken.is_some_and(same) || collided.get(&hash).is_some_and(|c| c.iter().any(same)) {
            keep[i] = false;
            continue;
        }
        if zr.record.record_type() == RecordType::CNAME && !cnames.insert(zr.record.name.clone()) {
            let msg = format!(
                "{}: multiple RRs of singleton type (CNAME)",
                bare(&zr.record.name)
            );
            out.push(Diagnostic::error(path, zr.pos, msg));
            keep[i] = false;
            continue;
        }
        match taken {
            None => {
                first.insert(hash, i);
            }
            Some(_) => collided.entry(hash).or_default().push(i),
        }
    }
    let mut kept = keep.into_iter();
    records.retain(|_| kept.next().unwrap_or(true));
    records
}

/// Each record's hash of owner (any case, as `==` compares names) and data; a large
/// zone's on the machine's cores.
fn record_hashes(records: &[ZoneRecord]) -> Vec<u64> {
    let hash = |zr: &ZoneRecord| {
        let mut hasher = Fnv::default();
        zr.record.name.hash(&mut hasher);
        zr.record.data.hash(&mut hasher);
        hasher.finish()
    };
    let threads = crate::ground::threads();
    if threads < 2 || records.len() < 20_000 {
        return records.iter().map(hash).collect();
    }
    std::thread::scope(|scope| {
        let parts: Vec<_> = records
            .chunks(records.len().div_ceil(threads))
            .map(|part| scope.spawn(move || part.iter().map(hash).collect::<Vec<u64>>()))
            .collect();
        parts.into_iter().flat_map(crate::ground::joined).collect()
    })
}

/// A duration such as `2h`, `90m`, `1d12h` or `3600` (seconds), as zone files write TTLs.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    hickory_proto::serialize::txt::parse_ttl(text.trim())
        .map(u64::from)
        .map_err(|_| format!("bad duration '{text}': write a number of seconds or a duration like 2h, 90m or 1d12h, below 136 years"))
}
