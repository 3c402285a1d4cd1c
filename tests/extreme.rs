//! Extreme input gets a clear error or a result, never a hang, a panic or an
//! exhausted memory; and the proptest mirrors of the fuzz targets (fuzz/).

use mxdrill::content::{self, Source};
use mxdrill::dns::tools::{self, Context};
use proptest::prelude::*;
use std::sync::OnceLock;

fn library() -> &'static content::Library {
    static LIB: OnceLock<content::Library> = OnceLock::new();
    LIB.get_or_init(|| content::load(&content::bundled_sources()))
}

#[test]
fn a_50_mb_bank_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("huge.yaml");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(50 << 20).expect("50 MB");
    let err = content::read_sources(&path).expect_err("refused");
    assert!(err.message.contains("at most 16 MB"), "{err}");
}

#[test]
fn a_yaml_alias_bomb_is_refused() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\nbank: b\ntitle: t\nquestions: []\n";
    let lib = content::load(&[Source {
        path: "bomb.yaml".into(),
        text: bomb.into(),
        bundled: false,
        unreadable: None,
    }]);
    assert!(
        lib.diagnostics[0].message.contains("aliases"),
        "{:?}",
        lib.diagnostics
    );
}

#[test]
fn names_of_10000_labels_get_an_error() {
    let long = vec!["a"; 10_000].join(".");
    let zone = format!(
        "$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\n@ IN MX 10 {long}\n{long} IN A 192.0.2.2\n"
    );
    let lib = content::load(&[Source {
        path: "long.example.zone".into(),
        text: zone,
        bundled: false,
        unreadable: None,
    }]);
    let errors: Vec<_> = lib
        .diagnostics
        .iter()
        .filter(|d| d.level == content::Level::Error)
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors.iter().all(|d| d.message.contains("bad domain name")),
        "{errors:?}"
    );
    assert!(tools::parse(&format!("dig {long} MX")).is_err());
    let simulate = mxdrill::delivery::Scenario {
        world: &library().world,
        recipient: &format!("a@{long}"),
        overrides: vec![],
        profile: Default::default(),
        self_host: None,
        seed: 1,
    };
    assert!(mxdrill::delivery::simulate(&simulate).is_err());
}

#[test]
fn a_progress_store_that_cannot_be_written_is_told_and_the_session_goes_on() {
    // /proc refuses new folders even to root: the store cannot be created.
    let out = assert_cmd::Command::cargo_bin("mxdrill")
        .expect("binary")
        .env("XDG_DATA_HOME", "/proc/mxdrill-cannot-write")
        .args([
            "practice", "--plain", "--seed", "1", "--count", "1", "--kind", "choice",
        ])
        .write_stdin("1\n")
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stderr.contains("progress will not be saved"), "{stderr}");
    assert!(stdout.contains("Score: "), "{stdout}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Mirror of fuzz/bank_yaml.
    #[test]
    fn any_bank_text_loads_or_reports(text in "\\PC{0,200}", tail in "(  - id: [a-z]{1,5}\n    kind: (choice|order|predict)\n    [a-z]{1,8}: [a-z0-9 .@:-]{0,20}\n){0,4}") {
        let src = Source { path: "p.yaml".into(), text: format!("bank: p\ntitle: p\nquestions:\n{tail}{text}"), bundled: false, unreadable: None };
        let _ = content::load(&[src]);
    }

    /// Mirror of fuzz/zone_files.
    #[test]
    fn any_zone_text_loads_or_reports(lines in prop::collection::vec("[a-z0-9@.*$\\\\#() \";-]{0,30} (IN )?(MX|A|AAAA|CNAME|TXT|SPF|DNAME|TYPE99|NS|SOA) [a-z0-9.@\" \\\\#-]{0,30}", 0..12)) {
        let text = format!("$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\n{}\n", lines.join("\n"));
        let src = Source { path: "p.example.zone".into(), text, bundled: false, unreadable: None };
        let _ = content::load(&[src]);
    }

    /// Mirror of fuzz/tool_commands.
    #[test]
    fn any_command_line_is_parsed_or_refused(line in "(dig|host|nslookup) [a-zA-Z0-9.@+=# -]{0,40}") {
        if let Ok(command) = tools::parse(&line) {
            let _ = tools::run(&command, &Context { world: &library().world, now: 0, id: 1 });
        }
    }

    /// Mirror of fuzz/dns_packets.
    #[test]
    fn any_packet_gets_an_answer_formerr_or_a_drop(packet in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = mxdrill::lab::answer(&library().world, &packet, Some(512));
    }
}
