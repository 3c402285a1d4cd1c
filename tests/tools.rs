//! `mxdrill dig | nslookup | host` against the real tools: tests/tools/capture.sh ran
//! BIND's dig, nslookup and host against BIND `named` serving the bundled zones
//! (`recursion no; minimal-responses yes;`); the same commands here, answered from
//! the world, must print the same thing, section by section. Ids, times, cookies and
//! the server lines are masked; record order inside a section is not compared (BIND
//! rotates it).

use mxdrill::content;
use mxdrill::dns::tools::{self, Context};
use std::collections::BTreeMap;

/// dig output split into comparable parts: section name → its lines.
fn dig_sections(text: &str) -> BTreeMap<String, Vec<String>> {
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = "HEAD".to_string();
    for line in text.lines() {
        if let Some(title) = line
            .strip_prefix(";; ")
            .and_then(|l| l.strip_suffix(" SECTION:"))
        {
            current = title.to_string();
            continue;
        }
        if line == ";; OPT PSEUDOSECTION:" {
            current = "OPT".into();
            continue;
        }
        let keep = match line {
            l if l.is_empty() || l.starts_with("; <<>> DiG") || l.starts_with("; (") => None,
            l if l.starts_with(";; Query time")
                || l.starts_with(";; SERVER")
                || l.starts_with(";; WHEN") =>
            {
                None
            }
            l if l.starts_with(";; ->>HEADER<<-") => Some(
                l.rsplit_once(", id:")
                    .map_or(l, |(head, _)| head)
                    .to_string(),
            ),
            l if l.starts_with("; COOKIE:") => Some("; COOKIE: (masked)".into()),
            l if l.starts_with(";; MSG SIZE") => {
                sections.insert("SIZE".into(), vec![l.to_string()]);
                None
            }
            l => Some(l.to_string()),
        };
        if let Some(line) = keep {
            sections.entry(current.clone()).or_default().push(line);
        }
    }
    for (name, lines) in sections.iter_mut() {
        if name != "HEAD" {
            lines.sort();
        }
    }
    sections
}

/// nslookup and host output without the lines that name the server.
fn tool_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .filter(|l| {
            ![
                "Server:",
                "Address:\t",
                "Using domain server:",
                "Name: 127.0.0.1",
                "Address: 127.0.0.1#",
                "Aliases:",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        })
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Where hickory-proto's message is smaller than BIND's: BIND 9.18 does not compress
/// a name against a lone top-level label (`example.` of the question), hickory does:
/// a 2-byte pointer instead of the 9 bytes of `\x07example\x00`. The size printed is
/// the true size of the message mxdrill built.
const SMALLER_BY_COMPRESSION: [(&str, usize); 3] = [("01", 7), ("02", 7), ("14", 7)];

fn size_of(lines: Option<&Vec<String>>) -> usize {
    lines
        .and_then(|l| l.first())
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[test]
fn output_matches_bind_section_by_section() {
    let library = content::load(&content::bundled_sources());
    let cx = Context {
        world: &library.world,
        now: 1_795_827_205,
        id: 4242,
    };
    let mut compared = [0usize; 3];
    let mut entries: Vec<_> = std::fs::read_dir("tests/tools/expected")
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "cmd"))
        .collect();
    entries.sort();
    for cmd_path in entries {
        let n = cmd_path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let line = std::fs::read_to_string(&cmd_path).expect("command");
        let bind = std::fs::read_to_string(cmd_path.with_extension("txt")).expect("output");
        let command = tools::parse(line.trim()).unwrap_or_else(|e| panic!("{n}: {e}"));
        let (ours, _) = tools::run(&command, &cx);
        match command.tool {
            tools::Tool::Dig if command.short || !command.show.comments => {
                let sort = |t: &str| {
                    let mut v: Vec<&str> = t.lines().filter(|l| !l.is_empty()).collect();
                    v.sort();
                    v.into_iter().map(str::to_string).collect::<Vec<_>>()
                };
                assert_eq!(sort(&ours), sort(&bind), "{n}: {line}");
                compared[0] += 1;
            }
            tools::Tool::Dig => {
                let (mut a, b) = (dig_sections(&ours), dig_sections(&bind));
                let (ours_size, bind_size) = (size_of(a.get("SIZE")), size_of(b.get("SIZE")));
                let allowed = SMALLER_BY_COMPRESSION
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map_or(0, |(_, d)| *d);
                assert_eq!(ours_size + allowed, bind_size, "{n}: {line}: MSG SIZE");
                a.insert("SIZE".into(), b.get("SIZE").cloned().unwrap_or_default());
                assert_eq!(a, b, "{n}: {line}");
                compared[0] += 1;
            }
            tools::Tool::Nslookup => {
                assert_eq!(tool_lines(&ours), tool_lines(&bind), "{n}: {line}");
                compared[1] += 1;
            }
            tools::Tool::Host => {
                assert_eq!(tool_lines(&ours), tool_lines(&bind), "{n}: {line}");
                compared[2] += 1;
            }
        }
    }
    assert!(
        compared[0] >= 15 && compared[1] >= 3 && compared[2] >= 3,
        "{compared:?}"
    );
}

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("dig".to_string()),
            Just("nslookup".to_string()),
            Just("host".to_string()),
            Just("-t".to_string()),
            Just("-p".to_string()),
            Just("-x".to_string()),
            Just("+short".to_string()),
            Just("+noall".to_string()),
            Just("+answer".to_string()),
            Just("-type=mx".to_string()),
            Just("MX".to_string()),
            Just("ANY".to_string()),
            Just("blossomflowers.example".to_string()),
            Just("@127.0.0.1".to_string()),
            "[a-z0-9.@=+\\\\-]{0,12}",
            "\\PC{0,8}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// No command line makes the parser or the tools panic.
        #[test]
        fn any_command_line_gets_an_answer_or_an_error(words in prop::collection::vec(word(), 0..7)) {
            static LIBRARY: std::sync::OnceLock<content::Library> = std::sync::OnceLock::new();
            let library = LIBRARY.get_or_init(|| content::load(&content::bundled_sources()));
            let cx = Context { world: &library.world, now: 0, id: 1 };
            if let Ok(command) = tools::parse(&words.join(" ")) {
                let (text, status) = tools::run(&command, &cx);
                // dig +noall may print nothing at all; everything else says something.
                let silent = command.short || !(command.show.cmd || command.show.comments || command.show.stats);
                prop_assert!(silent || !text.is_empty());
                prop_assert!(status == 0 || status == 1);
            }
        }
    }
}
