//! The house rules of DESIGN.md, checked on the source: data flows one way
//! (no module imports one above it, so no import cycles between them), the engines
//! and the play layer touch no terminal, socket or async runtime, and in `tui/`
//! state never imports drawing.

use std::path::Path;

/// Top-level modules, lowest first: each may import only those before it.
const LAYERS: &[&str] = &[
    "platform", "ground", "calendar", "dns", "delivery", "content", "quiz", "progress", "cli",
    "play", "lab", "tui",
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
            "ground", "calendar", "dns", "delivery", "content", "quiz", "progress", "play",
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
