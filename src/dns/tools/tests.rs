//! The parser: every accepted form and malformed input.

use super::*;

fn cmd(line: &str) -> Command {
    parse(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn asks(line: &str) -> (Tool, String, Vec<RecordType>) {
    let c = cmd(line);
    (c.tool, c.name.to_string(), c.types())
}

#[test]
fn dig_takes_name_and_type_in_either_order() {
    let want = (
        Tool::Dig,
        "blossomflowers.example.".to_string(),
        vec![RecordType::MX],
    );
    for line in [
        "dig blossomflowers.example MX",
        "dig MX blossomflowers.example",
        "dig -t mx blossomflowers.example",
        "dig blossomflowers.example -t MX",
        "dig @127.0.0.1 -p 5300 blossomflowers.example mx +short",
        "dig blossomflowers.example IN MX",
    ] {
        assert_eq!(asks(line), want, "{line}");
    }
    assert_eq!(asks("dig blossomflowers.example").2, vec![RecordType::A]);
    assert_eq!(asks("dig mx.example.com").1, "mx.example.com.");
    assert_eq!(
        asks("dig -x 192.0.2.1"),
        (
            Tool::Dig,
            "1.2.0.192.in-addr.arpa.".to_string(),
            vec![RecordType::PTR]
        )
    );
    // nslookup and host given an address look it up in reverse, as dig -x does.
    for line in [
        "nslookup 203.0.113.25",
        "host 203.0.113.25",
        "nslookup 203.0.113.25 192.0.2.53",
    ] {
        assert_eq!(asks(line).1, "25.113.0.203.in-addr.arpa.", "{line}");
        assert_eq!(asks(line).2, vec![RecordType::PTR], "{line}");
    }
    assert_eq!(
        asks("host 2001:db8:25::25").1,
        "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.5.2.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
    );
}

#[test]
fn dig_options() {
    let c = cmd("dig @192.0.2.53 -p 5300 +norec +tcp +noall +answer blossomflowers.example MX");
    assert_eq!(
        (c.server.as_deref(), c.port, c.recurse, c.tcp),
        (Some("192.0.2.53"), 5300, false, true)
    );
    assert!(c.show.answer && !c.show.question && !c.show.comments);
    assert!(cmd("dig +short x.example").short);
}

#[test]
fn nslookup_forms() {
    for line in [
        "nslookup -type=mx blossomflowers.example",
        "nslookup -query=MX blossomflowers.example",
        "nslookup -q=mx blossomflowers.example 127.0.0.1",
    ] {
        assert_eq!(
            asks(line),
            (
                Tool::Nslookup,
                "blossomflowers.example.".to_string(),
                vec![RecordType::MX]
            ),
            "{line}"
        );
    }
    assert_eq!(
        asks("nslookup blossomflowers.example").2,
        vec![RecordType::A, RecordType::AAAA]
    );
    assert_eq!(
        cmd("nslookup -port=5300 x.example 127.0.0.1")
            .server
            .as_deref(),
        Some("127.0.0.1")
    );
}

#[test]
fn host_forms() {
    assert_eq!(
        asks("host -t mx blossomflowers.example"),
        (
            Tool::Host,
            "blossomflowers.example.".to_string(),
            vec![RecordType::MX]
        )
    );
    assert_eq!(
        asks("host blossomflowers.example").2,
        vec![RecordType::A, RecordType::AAAA, RecordType::MX]
    );
    assert_eq!(
        cmd("host -t MX blossomflowers.example 127.0.0.1")
            .server
            .as_deref(),
        Some("127.0.0.1")
    );
}

#[test]
fn malformed_input_gets_a_clear_error() {
    for (line, words) in [
        ("", "type a dig"),
        ("ping blossomflowers.example", "not a lookup tool"),
        ("dig", "name a domain"),
        ("dig +bogus x.example", "Invalid option: +bogus"),
        ("dig -t", "needs a value"),
        ("dig -t WKS x.example", "invalid type"),
        ("dig -p 99999 x.example", "invalid port"),
        ("dig a.example b.example", "only one name"),
        ("dig -c CH x.example", "only class IN"),
        ("nslookup -type=bogus x.example", "Invalid option"),
        ("nslookup -frobnicate x.example", "Invalid option"),
        ("nslookup a.example b.example c.example", "too many"),
        ("host -t", "needs a value"),
        ("host -z x.example", "invalid option"),
        ("dig -x 999.1.1.1", "not an IP address"),
        ("dig bad..name", "not a valid domain name"),
    ] {
        let err = parse(line).expect_err(line);
        assert!(err.contains(words), "{line}: {err}");
    }
}

/// The lab console and the CLI understand zone transfers and answer as BIND's tools
/// do against a server that refuses them (the lab server's REFUSED); `-t` names the
/// bad type, not itself.
#[test]
fn zone_transfers_are_understood_and_refused() {
    let library = crate::content::load(&crate::content::bundled_sources());
    let cx = Context {
        world: &library.world,
        now: 0,
        id: 1,
    };
    for (line, last, status) in [
        (
            "dig -t AXFR blossomflowers.example",
            "; Transfer failed.",
            0,
        ),
        ("dig blossomflowers.example AXFR", "; Transfer failed.", 0),
        (
            "dig -t IXFR=1 blossomflowers.example",
            "; Transfer failed.",
            0,
        ),
        (
            "host -t AXFR blossomflowers.example",
            "; Transfer failed.",
            1,
        ),
        (
            "nslookup -type=AXFR blossomflowers.example",
            "; Transfer failed.",
            1,
        ),
    ] {
        let c = cmd(line);
        let (text, code) = run(&c, &cx);
        assert_eq!(text.trim_end().lines().last(), Some(last), "{line}: {text}");
        assert_eq!(code, status, "{line}");
    }
    assert_eq!(
        parse("dig -t WKS x.example").err().as_deref(),
        Some("invalid type: WKS")
    );
}
