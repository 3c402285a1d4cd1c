//! Disk → validated values: question banks, zones, and diagnostics with
//! `path:line:col`. Pure apart from reading the files it is pointed at.

pub mod bank;
mod diagnostic;
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
pub use read::{read_capped, read_paths, read_sources};

use crate::dns::{Check, World, Zone, lint_zone};
use hickory_proto::rr::{Name, RecordType};
use std::borrow::Cow;
use std::collections::HashMap;
use zone::LoadedZone;

/// The largest content file read (a 100,000-record zone is about 3 MB).
pub const MAX_FILE_BYTES: u64 = 16 << 20;

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
        let text = self.text.strip_prefix('\u{feff}').unwrap_or(&self.text);
        match text.contains('\r') {
            true => Cow::Owned(text.replace("\r\n", "\n")),
            false => Cow::Borrowed(text),
        }
    }
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
            Some(Parsed::Bank(b)) => {
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
    for loaded in banks {
        let mut out = Vec::new();
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
        _ => None,
    };
    if let Some(mut message) = problem {
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
        }
        out.push(Diagnostic::error(path, r.pos, message));
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
}
