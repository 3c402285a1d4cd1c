//! Content written on Windows (issue 22): banks and zones saved with CRLF line ends,
//! with or without a byte order mark, load, check, preview and grade exactly as the
//! same files saved with LF, and answers typed on Windows (CRLF on standard input)
//! are read as LF ones are.
//!
//! Each run copies content into a temporary folder of its own, as `content/...`, and
//! runs there, so the paths in every output are the same whatever the line ends. The
//! bundled content is compiled in and always loaded beside `--content`: a copied
//! zone replaces the bundled zone of its name (with a note), while a copied bank
//! loads beside the bundled bank of the same id. So `check content` reports on the
//! copies only, and the previews compared are those whose `at` is in `content/`.

use assert_cmd::Command;
use mxdrill::content::bank::Kind;
use mxdrill::content::{self, Library, Source};
use mxdrill::play::SessionSpec;
use mxdrill::quiz::{Answer, Filter, Item, Mode, Response};
use std::path::Path;
use std::process::Output;

/// How the copied files are saved.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Saved {
    /// LF line ends (a byte order mark only where the original has one).
    Lf,
    /// CRLF line ends (a byte order mark only where the original has one).
    Crlf,
    /// CRLF line ends and a byte order mark first.
    CrlfBom,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

impl Saved {
    const WINDOWS: [Saved; 2] = [Saved::Crlf, Saved::CrlfBom];

    /// `bytes` saved this way (bytes, not text: a Latin-1 fixture stays Latin-1).
    fn convert(self, bytes: &[u8]) -> Vec<u8> {
        let mut lf: Vec<u8> = Vec::with_capacity(bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                lf.push(b);
            }
        }
        if self == Saved::Lf {
            return lf;
        }
        let body = lf.strip_prefix(BOM).unwrap_or(&lf);
        let mut out = Vec::with_capacity(lf.len() * 11 / 10 + 3);
        if self == Saved::CrlfBom || lf.starts_with(BOM) {
            out.extend_from_slice(BOM);
        }
        for &b in body {
            if b == b'\n' {
                out.push(b'\r');
            }
            out.push(b);
        }
        out
    }
}

fn is_content(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "zone"))
}

/// Copies every content file under `from` (a folder of the source tree) to
/// `root/content/<from>`, keeping the layout, saved as `saved`; returns how many.
fn copy_content(from: &str, root: &Path, saved: Saved) -> usize {
    let mut copied = 0;
    let mut folders = vec![std::path::PathBuf::from(from)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if is_content(&path) {
                let to = root.join("content").join(&path);
                std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
                let bytes = std::fs::read(&path).expect("read");
                std::fs::write(&to, saved.convert(&bytes)).expect("write");
                copied += 1;
            }
        }
    }
    copied
}

/// A folder with `from` copied as `saved`.
fn copied(from: &[&str], saved: Saved) -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("tempdir");
    let n: usize = from
        .iter()
        .map(|f| copy_content(f, root.path(), saved))
        .sum();
    assert!(n > 0, "nothing copied from {from:?}");
    root
}

/// Runs mxdrill in `root` (its progress kept there too).
fn run(root: &Path, args: &[&str], stdin: &[u8]) -> Output {
    Command::cargo_bin("mxdrill")
        .expect("binary")
        .current_dir(root)
        .env("XDG_DATA_HOME", root.join("data"))
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .expect("runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

/// `other` equals `lf`; on a difference, the first differing line says where (a
/// carriage return shows as `\r`).
fn assert_same(what: &str, saved: Saved, lf: &str, other: &str) {
    if lf == other {
        return;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (lf.split('\n').collect(), other.split('\n').collect());
    let n = (0..a.len().max(b.len()))
        .find(|&i| a.get(i) != b.get(i))
        .unwrap_or_default();
    panic!(
        "{what}: saved as {saved:?}, line {} of the output differs from LF:\n  LF: {:?}\n  {saved:?}: {:?}",
        n + 1,
        a.get(n),
        b.get(n)
    );
}

/// The previews of the questions read from `content/`, as pretty JSON, and how many.
fn copied_previews(json: &str) -> (String, usize) {
    let all: Vec<serde_json::Value> = serde_json::from_str(json).expect("preview JSON");
    let mine: Vec<&serde_json::Value> = all
        .iter()
        .filter(|p| {
            p["at"]
                .as_str()
                .is_some_and(|at| at.starts_with("content/"))
        })
        .collect();
    let text = serde_json::to_string_pretty(&mine).expect("serialize");
    (text, mine.len())
}

/// What the commands print on a copy.
struct Printed {
    /// `check --json content`.
    check: Output,
    /// `preview --json`, every question loaded.
    preview: String,
    /// The exports of one bank: Markdown, GIFT and Moodle XML, one after the other.
    exports: String,
}

/// What the commands print for `from` saved as `saved` (`bank`: the bank exported).
fn printed(from: &[&str], saved: Saved, bank: Option<&str>) -> Printed {
    let root = copied(from, saved);
    let check = run(root.path(), &["check", "--json", "content"], b"");
    let preview = stdout(&run_ok(
        root.path(),
        &["--content", "content", "preview", "--json"],
    ));
    let mut exports = String::new();
    for format in ["markdown", "gift", "moodle-xml"] {
        let Some(bank) = bank else { break };
        let args = [
            "--content",
            "content",
            "export",
            "--format",
            format,
            "--bank",
            bank,
            // One seed, so both saves shuffle a handout's choices the same way.
            "--seed",
            "1",
        ];
        exports.push_str(&stdout(&run_ok(root.path(), &args)));
    }
    Printed {
        check,
        preview,
        exports,
    }
}

fn run_ok(root: &Path, args: &[&str]) -> Output {
    let out = run(root, args, b"");
    assert!(out.status.success(), "{args:?}: {out:?}");
    out
}

/// No carriage return reaches text that is shown, exported or graded.
fn assert_no_cr(what: &str, text: &str) {
    assert!(
        !text.contains('\r'),
        "{what}: a carriage return leaked into the output"
    );
}

/// No string of a JSON output holds a carriage return.
fn assert_no_cr_in_json(what: &str, json: &str) {
    fn walk(what: &str, v: &serde_json::Value) {
        match v {
            serde_json::Value::String(s) => assert_no_cr(what, s),
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(what, i)),
            serde_json::Value::Object(map) => map.values().for_each(|i| walk(what, i)),
            _ => {}
        }
    }
    walk(what, &serde_json::from_str(json).expect("JSON"));
}

#[test]
fn bundled_banks_and_zones_saved_on_windows_check_and_preview_as_with_lf() {
    let from = ["questions", "zones"];
    let lf = printed(&from, Saved::Lf, None);
    assert!(
        lf.check.status.success(),
        "the LF copies check clean: {:?}",
        lf.check
    );
    let (lf_previews, n) = copied_previews(&lf.preview);
    // Every bundled question was previewed from its copy too. (A copy with a
    // bundled bank's id replaces that bank, so the bundled questions are counted
    // where they load on their own.)
    let bundled: usize = content::load(&content::bundled_sources())
        .banks
        .iter()
        .map(|b| b.questions.len())
        .sum();
    assert!(bundled > 100, "{bundled}");
    assert_eq!(n, bundled, "questions read from the copies");
    for saved in Saved::WINDOWS {
        let windows = printed(&from, saved, None);
        let check = stdout(&windows.check);
        assert_no_cr_in_json("check --json", &check);
        assert_no_cr_in_json("preview --json", &windows.preview);
        assert_eq!(
            windows.check.status.code(),
            lf.check.status.code(),
            "{saved:?}"
        );
        assert_same("check --json", saved, &stdout(&lf.check), &check);
        let (previews, _) = copied_previews(&windows.preview);
        assert_same("preview --json", saved, &lf_previews, &previews);
    }
}

#[test]
fn fixtures_with_errors_saved_on_windows_report_every_problem_at_the_same_place() {
    let from = ["tests/fixtures"];
    let lf = printed(&from, Saved::Lf, Some("windows-crlf"));
    assert_eq!(lf.check.status.code(), Some(1), "{:?}", lf.check);
    let lf_check = stdout(&lf.check);
    // The places where readers go wrong on CRLF are among those compared: after a
    // multi-line `( ... )` record, an unbalanced TXT string, a `)` at a line start,
    // YAML errors after block and multi-line quoted scalars, a name on line 1.
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&lf_check).expect("JSON");
    let at = |file: &str, line: u64, col: u64, words: &str| {
        let path = format!("content/tests/fixtures/crlf/{file}");
        assert!(
            diagnostics.iter().any(|d| d["path"] == path.as_str()
                && d["line"] == line
                && d["col"] == col
                && d["message"].as_str().is_some_and(|m| m.contains(words))),
            "no {path}:{line}:{col} {words} in\n{lf_check}"
        );
    };
    at("broken-master.example.zone", 7, 19, "'seventy'");
    at("broken-master.example.zone", 11, 17, "unbalanced quotes");
    at("broken-master.example.zone", 12, 1, "')' without");
    at("broken-zone.yaml", 11, 22, "70000");
    at("broken-zone.yaml", 14, 20, "unbalanced quotes");
    at("broken-zone.yaml", 16, 41, "sideways");
    at("broken-bank.yaml", 13, 9, "corect");
    at("broken-bank.yaml", 34, 13, "MXX");
    at("yaml-syntax-crlf.yaml", 12, 30, "colon");
    at("windows-master.example.zone", 1, 27, "shop.realmail.com");
    at("windows-zone.yaml", 1, 69, "realmail.net");
    assert!(!lf_check.contains("windows-bank.yaml"), "{lf_check}");
    let (lf_previews, _) = copied_previews(&lf.preview);
    // The bank of every kind, on a master file with `( ... )` records and a TXT
    // string continued over two lines, is previewed and exported whole.
    assert_eq!(lf_previews.matches("\"bank\": \"windows-crlf\"").count(), 6);
    assert!(
        lf.exports.contains("continued on the next line"),
        "{}",
        lf.exports
    );
    for saved in Saved::WINDOWS {
        let windows = printed(&from, saved, Some("windows-crlf"));
        let check = stdout(&windows.check);
        assert_no_cr_in_json("check --json", &check);
        assert_no_cr_in_json("preview --json", &windows.preview);
        assert_no_cr("export", &windows.exports);
        assert_eq!(windows.check.status.code(), Some(1), "{saved:?}");
        assert_same("check --json", saved, &lf_check, &check);
        let (previews, _) = copied_previews(&windows.preview);
        assert_same("preview --json", saved, &lf_previews, &previews);
        assert_same("export", saved, &lf.exports, &windows.exports);
    }
}

/// The banks of every question kind, on zones saved the same way.
const GRADED: [&str; 2] = ["tests/fixtures/crlf", "tests/fixtures/study"];

fn graded_spec() -> SessionSpec {
    SessionSpec {
        filter: Filter {
            banks: vec!["windows-crlf".into(), "study".into()],
            ..Filter::default()
        },
        count: Some(100),
        ..SessionSpec::new(Mode::Practice, 7)
    }
}

/// The bundled content and `root/content`, read as the binary reads them.
fn library(root: &Path) -> Library {
    let mut sources: Vec<Source> = content::bundled_sources();
    let added = content::read_paths(&[&root.join("content")]).expect("read");
    assert!(added.iter().all(|s| s.unreadable.is_none()));
    sources.extend(added);
    content::load(&sources)
}

/// The right response to `item`.
fn right(item: &Item) -> Response {
    match &item.answer {
        Answer::One(r) => Response::Pick(vec![*r]),
        Answer::Set(s) => Response::Pick(s.clone()),
        Answer::Groups(g) => Response::Order(g.concat()),
        Answer::Query(name, rtype) => Response::Command(format!("dig {name} {rtype}")),
    }
}

/// A wrong response to `item`.
fn wrong(item: &Item) -> Response {
    let n = item.options.len();
    match &item.answer {
        Answer::One(r) => Response::Pick(vec![(r + 1) % n]),
        Answer::Set(s) => Response::Pick((0..n).filter(|i| !s.contains(i)).take(1).collect()),
        Answer::Groups(g) => Response::Order(g.iter().rev().flatten().copied().collect()),
        Answer::Query(name, _) => Response::Command(format!("dig {name} AAAA")),
    }
}

/// Each question as asked and its verdicts on a right and a wrong answer.
fn graded(saved: Saved) -> Vec<String> {
    let root = copied(&GRADED, saved);
    let library = library(root.path());
    let spec = graded_spec();
    let mut rounds = Vec::new();
    for (is_right, answer) in [(true, right as fn(&Item) -> Response), (false, wrong)] {
        let mut study = spec
            .start(&library, None, &Default::default(), 0)
            .expect("starts");
        assert!(study.skipped.is_empty(), "{saved:?}: {:?}", study.skipped);
        let items = study.session.items.clone();
        assert_eq!(items.len(), 12, "{saved:?}");
        for (i, item) in items.iter().enumerate() {
            study.session.go(i);
            let verdict = study
                .session
                .answer(answer(item), &library.world, 0)
                .expect("graded")
                .clone();
            assert_eq!(
                verdict.correct, is_right,
                "{saved:?} {}: {verdict:?}",
                item.id
            );
            rounds.push(format!("{item:#?}\n{verdict:#?}"));
        }
    }
    rounds
}

#[test]
fn questions_of_every_kind_read_from_windows_files_are_asked_and_graded_as_with_lf() {
    let lf = graded(Saved::Lf);
    for saved in Saved::WINDOWS {
        // A carriage return in a text would show in the Debug form as `\r`.
        for (a, b) in lf.iter().zip(graded(saved)) {
            assert_same("question and verdict", saved, a, &b);
        }
    }
}

/// `text` without dig's `;; WHEN:` lines (the time of the run).
fn without_clock(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with(";; WHEN:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The answer lines a learner types for the right answers, as the plain mode asks.
fn answer_lines(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|item| match (&item.answer, right(item)) {
            (Answer::Set(s), _) if item.kind == Kind::ZoneLine => {
                // Zone lines are answered by their line numbers in the file.
                let lines: Vec<u32> = item
                    .zone_lines
                    .iter()
                    .filter(|(_, t)| !t.trim().is_empty())
                    .map(|(n, _)| *n)
                    .collect();
                let picked: Vec<String> = s.iter().map(|&i| lines[i].to_string()).collect();
                picked.join(" ")
            }
            (_, Response::Pick(p) | Response::Order(p)) => p
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(" "),
            (_, Response::Command(c)) => c,
        })
        .collect()
}

#[test]
fn the_plain_mode_reads_answers_typed_on_windows_as_lf_ones_on_windows_content() {
    let lf_root = copied(&GRADED, Saved::Lf);
    let library = library(lf_root.path());
    let items = graded_spec()
        .start(&library, None, &Default::default(), 0)
        .expect("starts")
        .session
        .items;
    let kinds: std::collections::BTreeSet<&str> = items.iter().map(|i| i.kind.name()).collect();
    assert_eq!(kinds.len(), 6, "every kind is answered: {kinds:?}");
    let lines = answer_lines(&items);
    let args = [
        "--content",
        "content",
        "practice",
        "--plain",
        "--bank",
        "windows-crlf",
        "--bank",
        "study",
        "--count",
        "100",
        "--seed",
        "7",
    ];
    let lf_input = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let lf = run(lf_root.path(), &args, lf_input.as_bytes());
    let lf_out = without_clock(&stdout(&lf));
    assert!(lf_out.contains("Score: 12/12"), "{lf_out}");
    assert!(!lf_out.contains("Invalid answer"), "{lf_out}");
    let crlf_input = lines.iter().map(|l| format!("{l}\r\n")).collect::<String>();
    for saved in [Saved::Lf, Saved::Crlf, Saved::CrlfBom] {
        let root = copied(&GRADED, saved);
        let out = run(root.path(), &args, crlf_input.as_bytes());
        let text = stdout(&out);
        assert_no_cr("practice --plain", &text);
        assert_same("practice --plain", saved, &lf_out, &without_clock(&text));
    }
}
