//! The house rules of DESIGN.md, checked on the source: data flows one way
//! (no module imports one above it, so no import cycles between them), the engines
//! and the play layer touch no terminal, socket or async runtime, and in `tui/`
//! state never imports drawing.

use std::path::Path;

/// Top-level modules, lowest first: each may import only those before it.
const LAYERS: &[&str] = &[
    "platform", "ground", "calendar", "dns", "delivery", "kind", "content", "quiz", "progress",
    "cli", "play", "lab", "tui",
];

/// Crates only the terminal app or the lab server may use.
const FRONT_END_CRATES: &[&str] = &[
    "ratatui",
    "crossterm",
    "tokio",
    "tui_big_text",
    "std::net::Udp",
    "std::net::Tcp",
];

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("src readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("utf-8 source");
            out.push((path.display().to_string(), text));
        }
    }
}

/// The top-level module a file of `src/` belongs to.
fn module_of(path: &str) -> String {
    let rest = path.trim_start_matches("src/");
    rest.split(['/', '.'])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The top-level modules a file names as `crate::NAME`.
fn imports(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        .map(|(i, _)| {
            text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn no_module_imports_one_above_it() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    for (path, text) in &files {
        let Some(own) = rank(&module_of(path)) else {
            continue; // main.rs and the binary's command files sit above everything
        };
        if path.ends_with("/tests.rs") {
            continue; // unit tests may build their fixtures with higher layers
        }
        for import in imports(text) {
            let Some(theirs) = rank(&import) else {
                continue;
            };
            assert!(
                theirs <= own,
                "{path} imports crate::{import}, a layer above {}",
                LAYERS[own]
            );
        }
    }
}

#[test]
fn engines_and_the_play_layer_touch_no_terminal_socket_or_runtime() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    for (path, text) in &files {
        let module = module_of(path);
        if ![
            "ground", "calendar", "dns", "delivery", "kind", "content", "quiz", "progress", "play",
        ]
        .contains(&module.as_str())
        {
            continue;
        }
        for krate in FRONT_END_CRATES {
            assert!(!text.contains(krate), "{path} uses {krate}");
        }
    }
}

#[test]
fn in_the_terminal_app_state_never_imports_drawing() {
    let drawing = ["view", "quiz_view", "sim_view", "lab_view", "widgets"];
    for state in ["app", "quiz_state", "sim", "lab", "keys", "theme"] {
        let path = format!("src/tui/{state}.rs");
        let text = std::fs::read_to_string(&path).expect("state file");
        for d in drawing {
            assert!(
                !text.contains(&format!("super::{d}")),
                "{path} imports super::{d}"
            );
        }
    }
}

#[test]
fn what_differs_by_platform_lives_in_the_platform_module() {
    // Issue 22: the Windows build broke on Unix-only code spread over the crate.
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let os_specific = [
        "cfg(unix)",
        "cfg(windows)",
        "cfg(not(unix))",
        "cfg(not(windows))",
        "std::os::unix",
        "std::os::windows",
        "libc::",
        "signal_hook",
        "windows_sys",
        "/dev/tty",
    ];
    for (path, text) in &files {
        if module_of(path) == "platform" {
            continue;
        }
        for needle in os_specific {
            assert!(
                !text.contains(needle),
                "{path} holds {needle}: move it to src/platform"
            );
        }
    }
}

/// One home for borders: every block the terminal app draws starts at
/// `Theme::block`, so `--ascii` draws each of them with `+`, `-` and `|`.
#[test]
fn in_the_terminal_app_every_block_comes_from_the_theme() {
    let mut files = Vec::new();
    sources(Path::new("src/tui"), &mut files);
    for (path, text) in &files {
        if path.ends_with("theme.rs") {
            continue;
        }
        for start in ["Block::bordered", "Block::new", "Block::default"] {
            assert!(
                !text.contains(start),
                "{path} starts a block with {start}: use Theme::block"
            );
        }
    }
}

/// The types whose values say which kind of question something is: the kind, the
/// shapes of its answer and response, and the key previews and exports show.
const KIND_TYPES: &[&str] = &["Kind", "Answer", "Response", "Key"];

/// The names banks give kinds: a string compared with one is a branch on kinds too.
const KIND_NAMES: &[&str] = &[
    "choice",
    "multi",
    "order",
    "zone-line",
    "command",
    "predict",
];

/// The index of the bracket that closes the one opening at `open`.
fn closing(text: &[u8], open: usize) -> Option<usize> {
    let (o, c) = (text[open], if text[open] == b'(' { b')' } else { b'}' });
    let mut depth = 0;
    for (i, &b) in text.iter().enumerate().skip(open) {
        if b == o {
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Whether what follows `at` continues a pattern: an arm (`=>`), another
/// alternative (`|`, not `||`), a guard (`if`), or a `let` pattern's `=`.
fn pattern_follows(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start();
    rest.starts_with("=>")
        || (rest.starts_with('|') && !rest.starts_with("||"))
        || rest.starts_with("if ")
        || (rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>"))
}

/// Whether the `Type::Variant` at `start` is matched on: a pattern of a `match`,
/// `matches!`, `if let` or `let … else` (as itself or inside a tuple or `Some(…)`
/// of one), or compared with `==` / `!=`.
fn matched_on(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    let before = text[..start].trim_end();
    if before.ends_with("==") || before.ends_with("!=") {
        return true;
    }
    // The variant's own name, then its fields.
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_' || bytes[end] == b':')
    {
        end += 1;
    }
    let after = text[end..].trim_start();
    let skipped = end + (text.len() - end - after.len());
    if after.starts_with('(') || after.starts_with('{') {
        end = closing(bytes, skipped).map_or(end, |c| c + 1);
    }
    if pattern_follows(text, end)
        || text[end..].trim_start().starts_with("==")
        || text[end..].trim_start().starts_with("!=")
    {
        return true;
    }
    // Inside brackets: the enclosing group's end decides (a tuple pattern of an arm),
    // or `matches!` opened it.
    let mut depth = 0i32;
    for i in (0..start).rev() {
        match bytes[i] {
            b')' => depth += 1,
            b'(' if depth > 0 => depth -= 1,
            b'(' => {
                let opener =
                    text[..i].trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                let opener = opener.trim_end();
                if text[..i].ends_with("matches!")
                    || opener.ends_with("==")
                    || opener.ends_with("!=")
                {
                    return true;
                }
                return closing(bytes, i).is_some_and(|c| pattern_follows(text, c + 1));
            }
            b'{' | b'}' | b';' if depth == 0 => return false,
            _ => {}
        }
    }
    false
}

/// Lines of `text` that branch on the kind of a question.
fn kind_branches(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    for ty in KIND_TYPES {
        let needle = format!("{ty}::");
        for (at, _) in code.match_indices(&needle) {
            let own = code[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_');
            let variant = code[at + needle.len()..].starts_with(|c: char| c.is_ascii_uppercase());
            if own && variant && matched_on(code, at) {
                let line = code[..at].lines().count();
                found.push(format!(
                    "{line}: {}",
                    code.lines().nth(line - 1).unwrap_or("").trim()
                ));
            }
        }
    }
    for name in KIND_NAMES {
        let literal = format!("\"{name}\"");
        for (at, _) in code.match_indices(&literal) {
            let line_start = code[..at].rfind('\n').map_or(0, |i| i + 1);
            let line = &code[line_start..code[at..].find('\n').map_or(code.len(), |i| at + i)];
            let compared =
                code[..at].trim_end().ends_with("==") || code[..at].trim_end().ends_with("!=");
            if compared || (line.contains("matches!(") && line.contains("kind")) {
                found.push(format!("{}: {}", code[..at].lines().count(), line.trim()));
            }
        }
    }
    found
}

/// The folder of the question kinds: one module per kind, and the one dispatch.
const KIND_FOLDER: &str = "src/kind/";

/// The place a file counts as: the kind folder, or the file itself.
fn kind_place(path: &str) -> String {
    let path = path.trim_start_matches("./");
    match path.starts_with(KIND_FOLDER) {
        true => KIND_FOLDER.to_string(),
        false => path.to_string(),
    }
}

/// Issue 23: a new question kind touched 13 files, several of them behind a `_`
/// arm or a string the compiler could not flag. Each kind now lives in its module of
/// `src/kind/` and the rest of the crate asks it (`Kind::rules`, `Kind::entry`), so
/// at most five places may branch on kinds, the kind folder counting as one. A
/// branch is a pattern or comparison on `Kind`, on the shapes of an answer
/// (`Answer`, `Response`) or on a preview's `Key`, or a comparison with a kind's
/// name; asking an entry's properties (`typed`, `arranged`, `shows_zone`) is not.
#[test]
fn at_most_five_places_branch_on_question_kinds() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut places: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (path, text) in &files {
        for branch in kind_branches(text) {
            places
                .entry(kind_place(path))
                .or_default()
                .push(format!("{path}:{branch}"));
        }
    }
    let list: Vec<String> = places
        .iter()
        .map(|(place, lines)| format!("{place} ({} branches, first {})", lines.len(), lines[0]))
        .collect();
    // Shown with `--nocapture`: where a new kind must be handled.
    eprintln!("{}", list.join("\n"));
    assert!(
        places.len() <= 5,
        "{} places branch on question kinds (at most 5):\n{}",
        places.len(),
        list.join("\n")
    );
}

#[test]
fn branches_on_kinds_are_found_however_they_are_written() {
    let found = |text: &str| kind_branches(text).len();
    assert_eq!(
        found("match k { Kind::Choice => 1, Kind::Multi | Kind::Order => 2 }"),
        3
    );
    assert_eq!(found("if item.kind == Kind::Command { }"), 1);
    assert_eq!(
        found("if kind != Some(crate::content::bank::Kind::Order) { }"),
        1
    );
    assert_eq!(
        found("let x = matches!(item.kind, Kind::Choice | Kind::Predict);"),
        2
    );
    assert_eq!(
        found("match (q.kind, c) { (Kind::Choice, []) => 1, _ => 2 }"),
        1
    );
    assert_eq!(found("if let Some(Response::Pick(p)) = r { }"), 1);
    assert_eq!(found("let Answer::One(r) = a else { return };"), 1);
    assert_eq!(found("match k { Key::Outcome {\n a,\n ..\n } => 1 }"), 1);
    assert_eq!(
        found("let single = !matches!(p.kind.as_str(), \"multi\" | \"zone-line\");"),
        2
    );
    assert_eq!(found("if p.kind == \"multi\" { }"), 1);
    // Making a value is no branch.
    assert_eq!(found("item.answer = Answer::One(right);"), 0);
    assert_eq!(found("(false, _) => Ok(Response::Pick(picked)),"), 0);
    assert_eq!(found("base(id, Kind::Order, Category::Priority)"), 0);
    assert_eq!(found("if q.kind == k { }"), 0);
}

/// Whether a source branches on host states: a `match` arm or `matches!` naming a
/// `HostState` variant, an `if let` on one, a comparison with one, or an import of
/// the variants (which would hide such branches).
fn branches_on_host_states(text: &str) -> bool {
    if text.contains("HostState::*") || text.contains("HostState::{") {
        return true;
    }
    text.match_indices("HostState::").any(|(i, found)| {
        let end = i + found.len();
        let variant: String = text[end..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !variant.starts_with(|c: char| c.is_ascii_uppercase()) {
            return false; // HostState::ALL, HostState::named(…)
        }
        let before = text[..i].trim_end();
        let after = text[end + variant.len()..].trim_start();
        let line = text[..i].rsplit('\n').next().unwrap_or_default();
        after.starts_with("=>")
            || (after.starts_with('|') && !after.starts_with("||"))
            || after.starts_with("if ")
            || before.ends_with("==")
            || before.ends_with("!=")
            || before.ends_with("let")
            || line.contains("matches!(")
    })
}

#[test]
fn the_branch_finder_sees_each_way_of_branching_on_a_state() {
    for branching in [
        "match s { HostState::Up => 1, _ => 2 }",
        "match s { HostState::Down | HostState::Timeout => 1, _ => 2 }",
        "matches!(s, HostState::Down)",
        "if let HostState::Down = s {}",
        "s == HostState::Up",
        "use HostState::*;",
    ] {
        assert!(branches_on_host_states(branching), "{branching}");
    }
    for plain in [
        "HostState::ALL",
        "let s = HostState::Up;",
        "Some(lasts) if at >= lasts => HostState::Up,",
        "[HostState::Up, HostState::Down]",
        "s.severity()",
    ] {
        assert!(!branches_on_host_states(plain), "{plain}");
    }
}

/// One home for each host state (issue 23): its name, SMTP behaviour, words and
/// severity are its row of `dns::host_state::TABLE`, and code asks the row instead
/// of branching on the state. At most five files may branch on host states.
#[test]
fn few_places_branch_on_host_states() {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let branching: Vec<&str> = files
        .iter()
        .filter(|(_, text)| branches_on_host_states(text))
        .map(|(path, _)| path.as_str())
        .collect();
    assert!(
        branching.len() <= 5,
        "{} files branch on host states (at most 5): {branching:?}; ask the state's row of dns::host_state::TABLE",
        branching.len()
    );
}
