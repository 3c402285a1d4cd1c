//! The house rules of DESIGN.md, checked on the source: data flows one way
//! (no module imports one above it, and no import cycle between modules), the engines
//! and the play layer touch no terminal, socket or async runtime, in `tui/` state
//! never imports drawing, and the binary (`main.rs` and `cli/`) is the only place that
//! knows the command line, writes to standard output or reads the clock. The modules
//! are read from the tree: a new one is checked without editing this file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules in their documented order, lowest first: each may import only
/// those before it. A module not listed is still held to every other rule here,
/// the import-cycle check among them.
const LAYERS: &[&str] = &[
    "platform", "ground", "calendar", "dns", "delivery", "kind", "content", "quiz", "progress",
    "export", "play", "lab", "tui",
];

/// Crates and types only some modules may use: the terminal (the app, and the
/// platform module that sets the Windows console's mouse mode) and sockets with the
/// async runtime (the lab server).
const FRONT_END_CRATES: &[(&str, &[&str])] = &[
    ("ratatui", &["tui", "platform"]),
    ("crossterm", &["tui", "platform"]),
    ("tui_big_text", &["tui"]),
    ("tokio", &["lab"]),
    ("std::net::Udp", &["lab"]),
    ("std::net::Tcp", &["lab"]),
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

/// The modules a crate root (`lib.rs`, `main.rs`) declares with `mod NAME;`.
fn declared(root: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(root).expect("crate root");
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")?.strip_suffix(';').map(String::from)
        })
        .collect()
}

/// The binary's modules: those `main.rs` declares.
fn binary_modules() -> BTreeSet<String> {
    declared("src/main.rs")
}

/// The library's top-level modules, read from the tree: every file and folder of
/// `src/` but the crate roots and the binary's modules.
fn library_modules() -> BTreeSet<String> {
    let binary = binary_modules();
    std::fs::read_dir("src")
        .expect("src readable")
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            let name = path.file_stem()?.to_str()?.to_string();
            let module = path.is_dir() || path.extension().is_some_and(|x| x == "rs");
            module.then_some(name)
        })
        .filter(|m| m != "lib" && m != "main" && !binary.contains(m))
        .collect()
}

/// The library's files with their text (unit-test files `tests.rs` included).
fn library_files() -> Vec<(String, String)> {
    let library = library_modules();
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.retain(|(path, _)| library.contains(&module_of(path)));
    files
}

/// The binary's files: `main.rs` and its modules.
fn binary_files() -> Vec<(String, String)> {
    let binary = binary_modules();
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    files.retain(|(path, _)| path == "src/main.rs" || binary.contains(&module_of(path)));
    files
}

#[test]
fn the_tree_and_lib_rs_name_the_same_modules() {
    let library = library_modules();
    assert!(library.len() >= LAYERS.len(), "{library:?}");
    assert_eq!(
        declared("src/lib.rs"),
        library,
        "src/lib.rs and the folders of src/"
    );
    assert!(
        binary_modules().contains("cli"),
        "the binary's modules live in src/cli/"
    );
}

#[test]
fn at_most_three_files_sit_at_the_root_of_src_besides_the_crate_roots() {
    let files: Vec<String> = std::fs::read_dir("src")
        .expect("src readable")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| Some(p.file_name()?.to_str()?.to_string()))
        .filter(|f| f != "lib.rs" && f != "main.rs")
        .collect();
    assert!(files.len() <= 3, "{files:?}: give them a folder");
}

#[test]
fn the_library_knows_nothing_of_the_command_line() {
    for (path, text) in library_files() {
        for needle in ["clap", "crate::cli", "mxdrill::cli"] {
            assert!(
                !text.contains(needle),
                "{path} names {needle}: the command line is the binary's (src/cli)"
            );
        }
    }
}

/// One output writer, one clock: in the binary only `cli/policy.rs` touches
/// standard output and error, and nothing in the crate reads the calendar clock but
/// it; `print!` and `eprintln!` (which panic when the stream fails) are never used.
#[test]
fn the_binary_writes_and_reads_the_clock_through_its_policy() {
    let policy = "src/cli/policy.rs";
    for (path, text) in binary_files() {
        for needle in ["print!(", "println!(", "eprint!(", "eprintln!("] {
            assert!(
                !text.contains(needle),
                "{path} uses {needle}: write through Out"
            );
        }
        if path == policy {
            continue;
        }
        for needle in ["stdout()", "stderr()", "process::exit"] {
            assert!(
                !text.contains(needle),
                "{path} uses {needle}: ask cli::policy"
            );
        }
    }
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    for (path, text) in files {
        if path != policy {
            assert!(
                !text.contains("SystemTime"),
                "{path} reads the clock: the time is cli::policy::clock's, passed in"
            );
        }
    }
}

#[test]
fn no_module_imports_one_above_it() {
    let files = library_files();
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    for (path, text) in &files {
        let Some(own) = rank(&module_of(path)) else {
            continue; // a module not listed: held to no cycle below
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

/// The graph of imports between the library's modules (from `crate::NAME`, unit-test
/// files `tests.rs` left out) has no cycle: there is an order in which every module
/// imports only those before it.
#[test]
fn no_import_cycle_between_modules() {
    let library = library_modules();
    let mut graph: BTreeMap<String, BTreeSet<String>> = library
        .iter()
        .map(|m| (m.clone(), BTreeSet::new()))
        .collect();
    for (path, text) in library_files() {
        if path.ends_with("/tests.rs") {
            continue;
        }
        let own = module_of(&path);
        for import in imports(&text) {
            if import != own && library.contains(&import) {
                graph.entry(own.clone()).or_default().insert(import);
            }
        }
    }
    // Peel off the modules that import nothing left; what remains lies on a cycle.
    let mut left = graph.clone();
    while let Some(free) = left
        .iter()
        .find(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
        .map(|(m, _)| m.clone())
    {
        left.remove(&free);
    }
    assert!(left.is_empty(), "modules importing each other: {left:?}");
}

/// The terminal, sockets and the async runtime stay in the modules that own them:
/// the engines, the play layer and any new module touch none of them.
#[test]
fn engines_and_the_play_layer_touch_no_terminal_socket_or_runtime() {
    for (path, text) in library_files() {
        let module = module_of(&path);
        for (krate, owners) in FRONT_END_CRATES {
            assert!(
                owners.contains(&module.as_str()) || !text.contains(krate),
                "{path} uses {krate}"
            );
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
