//! One `check` run shows every mistake an instructor makes (issue 25): the bank
//! files and zones under `tests/fixtures/mistakes/` each carry their mistakes, and
//! each mistaken line says what `check` must report there in a comment:
//!
//! ```yaml
//!   correct: yes  # expect error: YAML's `yes`
//! ```
//!
//! A comment on a line of its own applies to the next line that is not a comment
//! (several may stack). Inside a zone's records, `; expect warning: ...` does the
//! same in the master file's comment syntax. The test runs `mxdrill check` once on
//! the folder and asserts that every expectation is met at its file, line and level,
//! and that nothing else is reported.

#[path = "common/binary.rs"]
mod binary;

use binary::mxdrill;
use std::path::Path;

const FOLDER: &str = "tests/fixtures/mistakes";

/// What `check` must say at one line.
#[derive(Debug, Clone, PartialEq)]
struct Expected {
    file: String,
    line: usize,
    level: String,
    text: String,
}

/// The expectations written in one file's comments.
fn expectations(file: &str, source: &str) -> Vec<Expected> {
    let mut out = Vec::new();
    let mut waiting: Vec<(String, String)> = Vec::new();
    for (i, line) in source.lines().enumerate() {
        let marker = ["# expect ", "; expect "]
            .iter()
            .filter_map(|m| line.find(m).map(|at| (at, m.len())))
            .min();
        let own_line = |at: usize| line[..at].trim().is_empty();
        match marker {
            Some((at, len)) => {
                let rest = &line[at + len..];
                let (level, text) = rest
                    .split_once(':')
                    .unwrap_or_else(|| panic!("{file}:{}: `expect LEVEL: text`", i + 1));
                let wanted = (level.trim().to_string(), text.trim().to_string());
                if own_line(at) {
                    waiting.push(wanted);
                    continue;
                }
                waiting.push(wanted);
            }
            None if line.trim_start().starts_with('#') || line.trim().is_empty() => continue,
            None => {}
        }
        for (level, text) in waiting.drain(..) {
            out.push(Expected {
                file: file.to_string(),
                line: i + 1,
                level,
                text,
            });
        }
    }
    assert!(
        waiting.is_empty(),
        "{file}: an expectation with no line after it"
    );
    out
}

/// `path:line[:col]: level: message` as `check` prints a diagnostic.
fn parse(line: &str) -> Option<(String, usize, String, String)> {
    let (path, rest) = line.split_once(".yaml:")?;
    let (number, rest) = rest.split_once(':')?;
    let rest = match rest.split_once(':') {
        Some((col, after)) if col.chars().all(|c| c.is_ascii_digit()) => after,
        _ => rest,
    };
    let (level, message) = rest.trim_start().split_once(": ")?;
    Some((
        format!("{path}.yaml"),
        number.parse().ok()?,
        level.to_string(),
        message.to_string(),
    ))
}

#[test]
fn one_check_run_reports_every_planted_mistake_at_its_line_and_level() {
    let mut wanted = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(FOLDER)
        .expect("the fixture folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    for path in &files {
        let source = std::fs::read_to_string(path).expect("a fixture file");
        let name = format!("{FOLDER}/{}", path.file_name().unwrap().to_string_lossy());
        wanted.extend(expectations(&name, &source));
    }
    assert!(!wanted.is_empty(), "the fixtures plant no mistakes");
    let output = mxdrill()
        .args(["check", FOLDER])
        .output()
        .expect("check runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let reported: Vec<_> = stdout.lines().filter_map(parse).collect();
    let mut missing = Vec::new();
    for w in &wanted {
        let met = reported.iter().any(|(file, line, level, message)| {
            Path::new(file) == Path::new(&w.file)
                && *line == w.line
                && *level == w.level
                && message.contains(&w.text)
        });
        if !met {
            missing.push(format!("{}:{}: {}: {}", w.file, w.line, w.level, w.text));
        }
    }
    let unexpected: Vec<_> = reported
        .iter()
        .filter(|(file, line, level, _)| {
            !wanted.iter().any(|w| {
                Path::new(file) == Path::new(&w.file) && *line == w.line && *level == w.level
            })
        })
        .map(|(f, l, lv, m)| format!("{f}:{l}: {lv}: {m}"))
        .collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "not reported:\n  {}\nreported but not expected:\n  {}\n--- check said:\n{stdout}",
        missing.join("\n  "),
        unexpected.join("\n  ")
    );
    assert_eq!(output.status.code(), Some(1), "errors make check exit 1");
}

#[test]
fn expectations_apply_to_their_line_or_the_next() {
    let source = "a: 1  # expect error: one\n# expect warning: two\n# expect note: three\n\nb: 2\n";
    let got = expectations("f.yaml", source);
    let lines: Vec<_> = got.iter().map(|e| (e.line, e.level.as_str())).collect();
    assert_eq!(lines, [(1, "error"), (5, "warning"), (5, "note")]);
}
