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
    "platform", "ground", "calendar", "dns", "delivery", "content", "quiz", "progress", "export",
    "play", "lab", "tui",
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
