//! Disk → validated values: question banks, zones, and diagnostics with
//! `path:line:col`. Pure apart from reading the files it is pointed at.

pub mod bank;
mod diagnostic;
mod duplicates;
pub mod item_lint;
pub mod master;
mod parallel;
mod read;
pub mod reserved;
pub mod schema;
mod text;
pub mod yaml;
pub mod zone;

pub use bank::Bank;
pub use diagnostic::{Diagnostic, Level, Pos, has_errors, printable};
pub use master::bare;
pub use read::{ReadError, read_capped, read_limited, read_paths, read_sources};

use crate::dns::{Check, World, Zone, lint_zone};
use hickory_proto::rr::{Name, RecordType};
use std::borrow::Cow;
use std::collections::HashMap;
use zone::LoadedZone;

/// The largest content file read (a 100,000-record zone is about 3 MB).
pub const MAX_FILE_BYTES: u64 = 16 << 20;

use crate::ground::did_you_mean;
pub use crate::ground::{RefKind, Reference};

/// One content file's text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in diagnostics.
    pub path: String,
    /// The text as stored (a byte order mark and CRLF line ends included); the
    /// readers see it through `as_read`.
    pub text: String,
    /// Bundled with the binary (a user file may replace a bundled zone).
    pub bundled: bool,
    /// Why the file could not be read as text (not UTF-8): it is reported and skipped.
    pub unreadable: Option<Diagnostic>,
}

impl Source {
    /// The text as every reader sees it: without the byte order mark Windows editors
    /// put first, and with each CRLF line end turned into LF.
    ///
    /// Line ends are made one here, where a source is read, rather than in each
    /// reader: yaml-rust2 already takes CRLF as one line break and the master lexer
    /// takes a CR for a blank, but a reader that meets the CR still differs at the
    /// edges (a backslash before the line end escapes the CR, not the line end, so
    /// a quoted TXT string continued on the next line was unbalanced). Dropping the
    /// CR of a CRLF changes no line number and the column of no character before the
    /// line end, so every position stays exact, and the YAML reader, the master
    /// lexer, the reserved-name scan and the zone text kept for excerpts all see
    /// the text the same file saved with LF gives. The byte order mark is not text:
    /// columns on the first line are counted without it. A lone CR (not followed by
    /// LF) is left as written.
    fn as_read(&self) -> Cow<'_, str> {
        let text = without_bom(&self.text);
        match text.contains('\r') {
            true => Cow::Owned(text.replace("\r\n", "\n")),
            false => Cow::Borrowed(text),
        }
    }
}

/// The byte order mark Windows editors put first: not text.
const BOM: &str = "\u{feff}";

/// `text` without a leading byte order mark (as every reader of a content file sees it).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// `bytes` without a leading UTF-8 byte order mark: for a file parsed from bytes (a
/// learner's JSON report for `report --merge`), read like a content file.
pub fn bytes_without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(BOM.as_bytes()).unwrap_or(bytes)
}

/// Everything loaded: the banks, the world, and what was found on the way.
#[derive(Debug, Default)]
pub struct Library {
    /// Banks that loaded without errors.
    pub banks: Vec<Bank>,
    /// All zones that loaded without errors.
    pub world: World,
    /// Every diagnostic, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Files left out because of errors: each with its first error (file and line).
    pub skipped: Vec<Diagnostic>,
    /// Banks left out because of errors, holding only their questions that have no
    /// error of their own: `check` audits them, so that every question's problems
    /// show in one run. Never served: sessions, previews and exports read `banks`.
    pub rejected: Vec<Bank>,
}

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The questions and zones compiled into the binary.
pub fn bundled_sources() -> Vec<Source> {
    bundled::FILES
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_string(),
            text: (*text).to_string(),
            bundled: true,
            unreadable: None,
        })
        .collect()
}

enum Parsed {
    Zone(LoadedZone),
    Bank(bank::LoadedBank),
}

fn parse_source(source: &Source, out: &mut Vec<Diagnostic>) -> Option<Parsed> {
    let path = &source.path;
    if let Some(d) = &source.unreadable {
        out.push(d.clone());
        return None;
    }
    let read = source.as_read();
    let text: &str = &read;
    if path.ends_with(".zone") {
        let mut refused = Vec::new();
        text::check_master(path, text, &mut refused);
        let complete = refused.is_empty();
        let parsed = zone::load_master(path, text, out);
        out.extend(refused);
        return parsed.map(|mut z| {
            z.complete &= complete;
            Parsed::Zone(z)
        });
    }
    let node = match yaml::parse(text) {
        Ok(node) => node,
        Err(e) => {
            out.push(Diagnostic::error(
                path,
                e.pos.unwrap_or(Pos::line(1)),
                format!("YAML syntax error: {}", e.message),
            ));
            return None;
        }
    };
    // What any text may hold; a file with such an error is not loaded.
    let mut refused = Vec::new();
    text::check(path, &node, &mut refused);
    let parsed = if node.get("zone").is_some() {
        zone::load_yaml(path, text, &node, out).map(Parsed::Zone)
    } else if node.get("bank").is_some() {
        Some(Parsed::Bank(bank::load(path, &node, out)))
    } else {
        out.push(Diagnostic::error(
            path,
            node.pos,
            "neither a question bank (no `bank:`) nor a zone (no `zone:`)",
        ));
        return None;
    };
    if !refused.is_empty() {
        out.extend(refused);
        return parsed.map(|p| match p {
            Parsed::Zone(mut z) => {
                z.complete = false;
                Parsed::Zone(z)
            }
            Parsed::Bank(mut b) => {
                b.has_errors = true;
                Parsed::Bank(b)
            }
        });
    }
    parsed
}

/// Loads every source: parses, builds the world, resolves references, lints the
/// zones. A file with errors is left out (never half-loaded) and its errors are in
/// `diagnostics`.
pub fn load(sources: &[Source]) -> Library {
    let mut diagnostics = Vec::new();
    let mut zones: Vec<LoadedZone> = Vec::new();
    let mut banks = Vec::new();
    let mut skipped = Vec::new();
    // Zones left out, by the name they meant to define: their dependants say why.
    let mut skipped_zones: Vec<(Name, Diagnostic)> = Vec::new();
    // Zones with errors, as far as they were read: linted, never loaded.
    let mut partial: Vec<Zone> = Vec::new();
    for (source, (mut out, parsed)) in sources.iter().zip(parallel::read_all(sources)) {
        let is_bank = match parsed {
            Some(Parsed::Zone(mut z)) if z.complete => {
                z.bundled = source.bundled;
                add_zone(z, &mut zones, &mut out);
                false
            }
            Some(Parsed::Zone(z)) => {
                partial.push(z.zone);
                false
            }
            // A bank's fate is known once its references are checked, below.
            Some(Parsed::Bank(mut b)) => {
                b.bundled = source.bundled;
                banks.push(b);
                true
            }
            None => false,
        };
        if !is_bank && let Some(first) = out.iter().find(|d| d.level == Level::Error) {
            skipped.push(first.clone());
            if let Some(name) = intended_zone(source) {
                skipped_zones.push((name, first.clone()));
            }
        }
        diagnostics.extend(out);
    }
    let references: Vec<(String, Reference)> = zones
        .iter()
        .flat_map(|z| {
            z.references
                .iter()
                .map(|r| (z.zone.path.clone(), r.clone()))
        })
        .collect();
    let mut defects: Vec<(String, Check, Pos, Name)> = Vec::new();
    for z in &zones {
        defects.extend(z.zone.defects.iter().map(|d| {
            (
                z.zone.path.clone(),
                *d,
                z.defects_pos,
                z.zone.origin.clone(),
            )
        }));
    }
    let world = World::new(zones.into_iter().map(|z| z.zone).collect());
    for (path, reference) in &references {
        check_reference(&world, &skipped_zones, path, reference, &mut diagnostics);
    }
    lint_world(&world, &defects, &mut diagnostics);
    for zone in partial {
        lint_partial(&world, zone, &mut diagnostics);
    }
    let mut kept = Vec::new();
    let mut rejected = Vec::new();
    for (loaded, duplicate) in duplicates::settle_ids(banks) {
        let mut out = duplicate;
        let path = loaded.bank.path.clone();
        for reference in &loaded.references {
            check_reference(&world, &skipped_zones, &path, reference, &mut out);
        }
        for (zone, wanted, pos) in &loaded.defect_uses {
            check_defect_use(&world, &path, zone, wanted, *pos, &mut out);
        }
        if !loaded.has_errors && !has_errors(&out) {
            kept.push(loaded.bank);
        } else {
            let first = diagnostics
                .iter()
                .chain(&out)
                .find(|d| d.path == path && d.level == Level::Error);
            skipped.extend(first.cloned());
            let errors: Vec<u32> = diagnostics
                .iter()
                .chain(&out)
                .filter(|d| d.path == path && d.level == Level::Error)
                .map(|d| d.pos.line)
                .collect();
            rejected.push(without_faulty(loaded.bank, &loaded.starts, &errors));
        }
        diagnostics.extend(out);
    }
    sort_diagnostics(&mut diagnostics, sources);
    Library {
        banks: kept,
        world,
        diagnostics,
        skipped,
        rejected,
    }
}

/// The bank with only its questions that have no error of their own: none on the
/// lines from the question's first line to the next question's (`starts`: the first
/// line of every question as written, read or not).
fn without_faulty(mut bank: Bank, starts: &[u32], errors: &[u32]) -> Bank {
    bank.questions.retain(|q| {
        let end = starts
            .iter()
            .copied()
            .filter(|&s| s > q.pos.line)
            .min()
            .unwrap_or(u32::MAX);
        !errors.iter().any(|&e| (q.pos.line..end).contains(&e))
    });
    bank
}

/// File by file in the order given, line by line within a file.
fn sort_diagnostics(diagnostics: &mut [Diagnostic], sources: &[Source]) {
    let order: HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.as_str(), i))
        .collect();
    diagnostics.sort_by_key(|d| (order.get(d.path.as_str()).copied(), d.pos));
}

impl Library {
    /// Why no bank `id` is loaded when a bank file with that id was skipped for
    /// errors: the file, its first error, and to run `check` for the rest.
    pub fn skipped_bank(&self, id: &str) -> Option<String> {
        let bank = self.rejected.iter().find(|b| b.bank == id)?;
        let first = self.skipped.iter().find(|d| d.path == bank.path)?;
        Some(format!(
            "bank `{id}` was skipped because of errors in {}; the first, at line {}: {}. Run `mxdrill check` to see them all",
            bank.path, first.pos.line, first.message
        ))
    }

    /// Adds diagnostics found after loading (such as `quiz::audit`'s), keeping the
    /// order of the `sources` the library was loaded from.
    pub fn merge(&mut self, more: Vec<Diagnostic>, sources: &[Source]) {
        self.diagnostics.extend(more);
        sort_diagnostics(&mut self.diagnostics, sources);
    }
}

/// Adds a zone unless its name is taken: two user files defining one zone is an
/// error naming both; a user file may replace a bundled zone.
fn add_zone(z: LoadedZone, zones: &mut Vec<LoadedZone>, out: &mut Vec<Diagnostic>) {
    let Some(i) = zones
        .iter()
        .position(|other| other.zone.origin == z.zone.origin)
    else {
        zones.push(z);
        return;
    };
    let first = &zones[i];
    let name = bare(&z.zone.origin);
    let first_at = format!("{}:{}", first.zone.path, first.origin_pos.line);
    if first.bundled && !z.bundled {
        if first.zone.path != z.zone.path {
            let msg = format!("zone {name} replaces the bundled zone of {first_at}");
            out.push(Diagnostic::new(
                &z.zone.path,
                z.origin_pos,
                Level::Note,
                msg,
            ));
        }
        zones[i] = z;
    } else {
        let msg = format!("zone {name} is defined twice: here and in {first_at}");
        out.push(Diagnostic::error(&z.zone.path, z.origin_pos, msg));
    }
}

/// Whether a lookup of `name` ends at an A or AAAA record.
fn has_address(world: &World, name: &Name) -> bool {
    [RecordType::A, RecordType::AAAA]
        .into_iter()
        .any(|t| world.lookup(name, t).records_of(t).next().is_some())
}

/// The zone a file meant to define, read as far as it can be: `zone:` of a YAML
/// zone, or the file name of a master file (`$ORIGIN` aside).
fn intended_zone(source: &Source) -> Option<Name> {
    let text = if source.path.ends_with(".zone") {
        std::path::Path::new(&source.path)
            .file_name()?
            .to_str()?
            .trim_end_matches(".zone")
            .to_string()
    } else {
        yaml::parse(&source.as_read())
            .ok()?
            .get("zone")?
            .as_str()?
            .to_string()
    };
    zone::zone_name(&text).ok()
}

fn check_reference(
    world: &World,
    skipped: &[(Name, Diagnostic)],
    path: &str,
    r: &Reference,
    out: &mut Vec<Diagnostic>,
) {
    let name = bare(&r.name);
    let problem = match r.kind {
        RefKind::Zone if world.zone(&r.name).is_none() => Some(format!("no zone {name} is loaded")),
        RefKind::Domain if world.zone_index_for(&r.name).is_none() => {
            Some(format!("{name} is in no loaded zone"))
        }
        RefKind::Host if world.zone_index_for(&r.name).is_none() => {
            Some(format!("host {name} is in no loaded zone"))
        }
        // Through aliases, as a sender resolves a host (an MX may point to a CNAME, R3.2).
        RefKind::Host if !has_address(world, &r.name) => {
            Some(format!("host {name} has no address records (A or AAAA)"))
        }
        // Inside a loaded zone the domain must exist, or no sender finds a server for
        // it; outside every zone it may be a relay's other domain: not checked.
        RefKind::MailDomain if world.exists(&r.name) == Some(false) => Some(format!(
            "accepted domain {name} has no records in zone {}: no sender can find a mail server for it, so this entry never applies; correct the name, or add the domain's MX record",
            world
                .zone_index_for(&r.name)
                .map(|zi| bare(&world.zones()[zi].origin))
                .unwrap_or_default()
        )),
        _ => None,
    };
    let near = near_names(world, r);
    let Some(mut message) = problem else {
        // A name that may lie outside the world (an accepted domain) but is one
        // typo away from a loaded one.
        if !near.is_empty() {
            let message = format!("{name} is not a loaded name: {}", did_you_mean(&near));
            out.push(Diagnostic::warning(path, r.pos, message));
        }
        return;
    };
    // The zone it needs may have been written but left out for an error.
    let cause = skipped
        .iter()
        .filter(|(zone, _)| zone.zone_of(&r.name))
        .max_by_key(|(zone, _)| zone.num_labels());
    if let Some((_, first)) = cause {
        message.push_str(&format!(
            ": {} would define it but was skipped for its error at line {}: {}",
            first.path, first.pos.line, first.message
        ));
    } else if !near.is_empty() {
        message = format!("{message}: {}", did_you_mean(&near));
    }
    out.push(Diagnostic::error(path, r.pos, message));
}

/// "Did you mean": the loaded names one typo away from a reference's name when
/// that name is not loaded (loaded zones for `zone:`, any loaded name otherwise).
fn near_names(world: &World, r: &Reference) -> Vec<String> {
    match r.kind {
        RefKind::Zone if world.zone(&r.name).is_none() => world.near(&r.name, true),
        RefKind::Zone => Vec::new(),
        _ if world.exists(&r.name) != Some(true) => world.near(&r.name, false),
        _ => Vec::new(),
    }
}

/// Lints the records of a zone that was left out for errors, in the world it would
/// have joined, so that its linter findings come in the same run as its format
/// errors. Its declared defects are not verified, and notes are not given
/// (records may be missing).
fn lint_partial(world: &World, zone: Zone, out: &mut Vec<Diagnostic>) {
    let origin = zone.origin.clone();
    let mut zones: Vec<Zone> = world
        .zones()
        .iter()
        .filter(|z| z.origin != origin)
        .cloned()
        .collect();
    zones.push(zone);
    let with = World::new(zones);
    if let Some(zone) = with.zone(&origin) {
        // Notes are left out: they tell of what is absent, and records are missing.
        out.extend(
            lint_zone(&with, zone)
                .iter()
                .map(|f| finding(zone, f))
                .filter(|d| d.level != Level::Note),
        );
    }
}

/// A linter finding as a diagnostic; a defect the zone declares is a note.
fn finding(zone: &Zone, f: &crate::dns::Finding) -> Diagnostic {
    let (level, message) = if zone.defects.contains(&f.check) {
        (
            Level::Note,
            format!("expected defect {}: {}", f.check.id(), f.message),
        )
    } else {
        (f.check.level(), f.message.clone())
    };
    let mut d = Diagnostic::new(
        &zone.path,
        f.pos,
        level,
        format!("{message} [{}]", f.check.rule()),
    );
    d.code = Some(f.check.id().to_string());
    d
}

/// Lints every zone; declared defects are verified and reported as expected.
fn lint_world(world: &World, declared: &[(String, Check, Pos, Name)], out: &mut Vec<Diagnostic>) {
    for zone in world.zones() {
        let findings = lint_zone(world, zone);
        out.extend(findings.iter().map(|f| finding(zone, f)));
        for (path, check, pos, _) in declared
            .iter()
            .filter(|(_, _, _, origin)| origin == &zone.origin)
        {
            if check.is_defect() && !findings.iter().any(|f| f.check == *check) {
                let msg = format!(
                    "zone declares defect `{}` but the linter does not find it",
                    check.id()
                );
                out.push(Diagnostic::error(path, *pos, msg));
            }
        }
    }
}

fn check_defect_use(
    world: &World,
    path: &str,
    zone: &str,
    wanted: &[Check],
    pos: Pos,
    out: &mut Vec<Diagnostic>,
) {
    let Some(zone) = zone::zone_name(zone).ok().and_then(|n| world.zone(&n)) else {
        return; // reported as a missing zone already
    };
    if zone.defects.is_empty() {
        let msg = format!(
            "zone-line questions need a zone with declared defects; {} declares none",
            bare(&zone.origin)
        );
        out.push(Diagnostic::error(path, pos, msg));
    }
    for check in wanted.iter().filter(|c| !zone.defects.contains(c)) {
        let msg = format!(
            "zone {} does not declare defect `{}`",
            bare(&zone.origin),
            check.id()
        );
        out.push(Diagnostic::error(path, pos, msg));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            bundled: false,
            unreadable: None,
        }
    }

    /// The diagnostics and the zones' records and texts of `sources`, loaded.
    fn loaded(sources: &[Source]) -> String {
        let library = load(sources);
        let zones: Vec<_> = library
            .world
            .zones()
            .iter()
            .map(|z| (&z.records, &z.text))
            .collect();
        format!("{:#?}\n{zones:#?}", library.diagnostics)
    }

    #[test]
    fn a_bank_with_an_error_is_not_served_but_keeps_its_other_questions_for_check() {
        // One error must not hide the rest of its file (issue 25): the bank is left
        // out, and only the questions with no error of their own are kept aside.
        let question = |id: &str, extra: &str| {
            format!(
                "  - id: {id}\n    kind: choice\n    category: identification\n    difficulty: 1\n    \
                 objectives: [N10-009 3.4]\n    prompt: Which record is {id}?\n{extra}    choices:\n      \
                 - {{ text: MX, correct: true, why: It names the exchanger. }}\n      \
                 - {{ text: NS, why: It names the servers. }}\n    explanation: MX.\n"
            )
        };
        let text = format!(
            "bank: b\ntitle: B\nquestions:\n{}{}{}",
            question("first", ""),
            question("broken", "    hint: x\n"),
            question("last", "    zone: nowhere.example\n")
        );
        let library = load(&[source("b.yaml", &text)]);
        assert!(library.banks.is_empty(), "{:#?}", library.diagnostics);
        let kept: Vec<_> = library.rejected[0]
            .questions
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        // `last` names a zone that is not loaded (an error found after parsing).
        assert_eq!(kept, ["first"]);
    }

    #[test]
    fn a_file_saved_with_crlf_and_a_byte_order_mark_loads_as_the_same_file_saved_with_lf() {
        // A quoted string continued after a backslash (the CR once took the escape),
        // a multi-line record, a real domain name on line 1 (its column once counted
        // the byte order mark).
        let master = "; from shop.realmail.com\n$TTL 300\n@ IN SOA ns1 h (\n  1 2 3 4 5 )\n\
                      @ IN NS ns1\nns1 IN A 192.0.2.1\nt IN TXT \"one \\\nline\" ; note\n";
        let yaml = format!(
            "# from realmail.net\nzone: y.example\nrecords: |\n{}",
            master
                .lines()
                .skip(1)
                .map(|l| format!("  {l}\n"))
                .collect::<String>()
        );
        let windows = |text: &str| format!("\u{feff}{}", text.replace('\n', "\r\n"));
        for (path, text) in [("x.example.zone", master), ("y.yaml", yaml.as_str())] {
            let lf = loaded(&[source(path, text)]);
            assert!(lf.contains("realmail") && lf.contains("TXT("), "{lf}");
            assert_eq!(loaded(&[source(path, &windows(text))]), lf, "{path}");
        }
    }

    /// A zone with `records` (indented in the YAML block) and `extra` YAML after them.
    fn zone(origin: &str, records: &str, extra: &str) -> String {
        let block: String = records.lines().map(|l| format!("  {l}\n")).collect();
        format!("zone: {origin}\ntitle: t\nrecords: |\n{block}{extra}")
    }

    const SOA: &str = "$TTL 3600\n@ IN SOA ns1 h 1 2 3 4 5\n";

    fn bank(id: &str, question: &str) -> String {
        format!(
            "bank: {id}\ntitle: t\nquestions:\n  - id: {question}\n    kind: choice\n    category: identification\n    objectives: [N10-009 3.4]\n    prompt: p\n    choices:\n      - {{ text: a, correct: true, why: w }}\n      - {{ text: b, why: w }}\n    explanation: e\n"
        )
    }

    fn said(library: &Library) -> Vec<String> {
        library.diagnostics.iter().map(|d| d.to_string()).collect()
    }

    /// Progress is keyed by bank id + question id (`progress::key`): a second file
    /// with a bank id already used is an error naming the first, its bank is left
    /// out, and so is each of its question ids the first file uses. The same
    /// question id in another bank is fine.
    #[test]
    fn a_bank_id_used_by_an_earlier_file_is_an_error_and_that_bank_is_left_out() {
        let library = load(&[
            source("a.yaml", &bank("shared", "q1")),
            source("b.yaml", &bank("shared", "q1")),
            source("c.yaml", &bank("other", "q1")),
        ]);
        let ids: Vec<(&str, &str)> = library
            .banks
            .iter()
            .map(|b| (b.bank.as_str(), b.path.as_str()))
            .collect();
        assert_eq!(ids, [("shared", "a.yaml"), ("other", "c.yaml")]);
        assert_eq!(
            said(&library),
            [
                "b.yaml:1:7: error: bank id `shared` is already used by a.yaml:1: progress is kept by bank id and question id, so the two banks' results would mix; this file's bank is left out (the file loaded first keeps the id): give it another `bank:` id",
                "b.yaml:4:7: error: question id `q1` of bank `shared` is already used at a.yaml:4: both would be kept under one progress key (shared/q1); rename one, or give this file another bank id",
            ]
        );
        assert_eq!(library.skipped.len(), 1);
        assert_eq!(library.skipped[0].path, "b.yaml");
    }

    /// A user file with a bundled bank's id replaces it, as a user zone replaces a
    /// bundled zone: with a note, or silently when it is the bundled file itself
    /// named from disk (`check questions/x.yaml` in the source tree).
    #[test]
    fn a_user_file_with_a_bundled_banks_id_replaces_it() {
        let bundled = |path: &str| Source {
            bundled: true,
            ..source(path, &bank("x", "q1"))
        };
        let library = load(&[
            bundled("questions/x.yaml"),
            source("questions/x.yaml", &bank("x", "q1")),
        ]);
        assert_eq!(said(&library), Vec::<String>::new());
        assert_eq!(library.banks.len(), 1);
        assert!(!library.banks[0].questions.is_empty());
        let library = load(&[
            bundled("questions/x.yaml"),
            source("mine/x.yaml", &bank("x", "q1")),
            source("mine/y.yaml", &bank("x", "q1")),
        ]);
        let paths: Vec<&str> = library.banks.iter().map(|b| b.path.as_str()).collect();
        assert_eq!(paths, ["mine/x.yaml"]);
        let said = said(&library);
        assert_eq!(
            said[0],
            "mine/x.yaml:1:7: note: bank x replaces the bundled bank of questions/x.yaml:1"
        );
        assert!(
            said[1].starts_with(
                "mine/y.yaml:1:7: error: bank id `x` is already used by mine/x.yaml:1"
            ),
            "{said:?}"
        );
    }

    /// A server's `accepts:` domain inside a loaded zone must exist, or no sender
    /// finds a server for it (R1.1); outside every zone it is not checked, unless it
    /// is one typo away from a loaded name.
    #[test]
    fn an_accepted_domain_must_exist_inside_the_world_and_is_free_outside_it() {
        let records = format!(
            "{SOA}@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 mx\nmx IN A 192.0.2.2\nlists IN MX 10 mx\n"
        );
        let servers = "mail_servers:\n  mx.shop.example.: { accepts: [shop.example, lists.shop.example, other.example, shop.exmaple, archive.shop.example] }\n";
        let library = load(&[source("z.yaml", &zone("shop.example", &records, servers))]);
        assert_eq!(
            said(&library),
            [
                "z.yaml:12:21: warning: shop.exmaple is not a loaded name: did you mean shop.example?",
                "z.yaml:12:21: error: accepted domain archive.shop.example has no records in zone shop.example: no sender can find a mail server for it, so this entry never applies; correct the name, or add the domain's MX record",
            ]
        );
    }

    /// A name that must be loaded and is not says which loaded name is one typo
    /// away, in the same error.
    #[test]
    fn a_missing_name_one_typo_from_a_loaded_one_is_named_in_its_error() {
        let records =
            format!("{SOA}@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 mail\nmail IN A 192.0.2.2\n");
        let servers = "mail_servers:\n  mial.shop.example.: { state: down }\n  mx9.elsewhere.example.: { state: down }\n";
        let library = load(&[source("z.yaml", &zone("shop.example", &records, servers))]);
        assert_eq!(
            said(&library),
            [
                "z.yaml:11:3: error: host mial.shop.example has no address records (A or AAAA): did you mean mail.shop.example?",
                "z.yaml:12:3: error: host mx9.elsewhere.example is in no loaded zone",
            ]
        );
    }

    /// L11: BIND refuses a zone whose apex NS names a host inside the zone with no
    /// address (`NS 'ns1.example.com' has no address records (A or AAAA)`, copied
    /// from named-checkzone 9.18); an IPv6 address is enough; a name server in
    /// another zone is not checked; a declared defect is a note.
    #[test]
    fn an_apex_ns_inside_the_zone_needs_an_address() {
        let text = |origin: &str, defects: &str| {
            let records = format!(
                "{SOA}@ IN NS ns1\n@ IN NS ns2\n@ IN NS ns.elsewhere.example.\nns2 IN AAAA 2001:db8::53\n@ IN MX 10 mx\nmx IN A 192.0.2.2\n"
            );
            zone(origin, &records, defects)
        };
        let library = load(&[
            source("a.yaml", &text("a.example", "")),
            source("b.yaml", &text("b.example", "defects: [ns-no-address]\n")),
        ]);
        assert_eq!(
            said(&library),
            [
                "a.yaml:6:3: error: NS 'ns1.a.example' has no address records (A or AAAA) [L11]",
                "b.yaml:6:3: note: expected defect ns-no-address: NS 'ns1.b.example' has no address records (A or AAAA) [L11]",
            ]
        );
    }
}
