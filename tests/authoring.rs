//! docs/authoring.md lists every check `mxdrill check` makes (issue 25), tested
//! against the code: `check --json` runs on the bundled content and on every
//! fixture under `tests/fixtures/` (each file and folder on its own, and the
//! zones of `tests/bind/zones/`), and
//! - every diagnostic it gives matches a row of the guide's table (its level, and
//!   the row's words in order: a check without a row fails here), and
//! - every row matches at least one diagnostic (a row for a check that no longer
//!   exists, or that no fixture shows, fails here).
//!
//! A row's words are the fixed parts of the message, `…` standing for the parts
//! that name the file's own values.

#[path = "common/binary.rs"]
mod binary;

use binary::mxdrill;
use std::path::PathBuf;

const GUIDE: &str = "docs/authoring.md";
const START: &str = "<!-- every check: start -->";
const END: &str = "<!-- every check: end -->";

/// One row: the level and the fixed parts of the message.
#[derive(Debug)]
struct Row {
    level: String,
    parts: Vec<String>,
    text: String,
}

impl Row {
    fn matches(&self, level: &str, message: &str) -> bool {
        if level != self.level {
            return false;
        }
        let mut rest = message;
        for part in &self.parts {
            match rest.find(part.as_str()) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        true
    }
}

fn rows() -> Vec<Row> {
    let guide = std::fs::read_to_string(GUIDE).expect("the guide");
    let from = guide
        .find(START)
        .expect("the guide marks its table's start");
    let to = guide.find(END).expect("the guide marks its table's end");
    guide[from..to]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| level") && !l.starts_with("|--"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").map(|c| c.trim_matches(['|', ' '])).collect();
            let words = cells[1].trim_matches('`');
            Row {
                level: cells[0].to_string(),
                parts: words
                    .split('…')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect(),
                text: l.to_string(),
            }
        })
        .collect()
}

/// Every diagnostic `check --json` gives on the bundled content and on each fixture.
fn diagnostics() -> Vec<(String, String, String)> {
    let mut targets: Vec<Option<PathBuf>> = vec![None];
    for folder in ["tests/fixtures", "tests/bind/zones"] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .expect("a fixture folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        targets.extend(entries.into_iter().map(Some));
    }
    let mut out = Vec::new();
    for target in targets {
        let mut command = mxdrill();
        command.args(["check", "--json"]);
        if let Some(path) = &target {
            command.arg(path);
        }
        let output = command.output().expect("check runs");
        if output.status.code() == Some(2) {
            continue;
        }
        let list: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("check --json prints JSON");
        for d in list.as_array().expect("a list") {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            out.push((s("path"), s("level"), s("message")));
        }
    }
    assert!(out.len() > 50, "the fixtures give diagnostics");
    out
}

#[test]
fn the_guide_lists_every_check_that_check_makes_and_no_other() {
    let rows = rows();
    assert!(rows.len() > 40, "the table is found: {}", rows.len());
    let all = diagnostics();
    let unlisted: Vec<String> = all
        .iter()
        .filter(|(_, level, message)| !rows.iter().any(|r| r.matches(level, message)))
        .map(|(path, level, message)| format!("{path}: {level}: {message}"))
        .collect();
    let unseen: Vec<&str> = rows
        .iter()
        .filter(|r| {
            !all.iter()
                .any(|(_, level, message)| r.matches(level, message))
        })
        .map(|r| r.text.as_str())
        .collect();
    assert!(
        unlisted.is_empty() && unseen.is_empty(),
        "checks with no row in {GUIDE}:\n  {}\nrows no fixture shows:\n  {}",
        unlisted.join("\n  "),
        unseen.join("\n  ")
    );
}
