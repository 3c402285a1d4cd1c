//! The master-file reader, line by line.
use super::*;
use hickory_proto::rr::rdata::{A, CNAME};

fn origin() -> Name {
    Name::from_ascii("example.com.").unwrap()
}

fn parse_text(text: &str) -> Parsed {
    parse(
        text,
        &origin(),
        Placement {
            first_line: 1,
            indent: 0,
        },
    )
}

#[test]
fn records_keep_their_lines_and_at_sign_in_data() {
    let p = parse_text(
        "$TTL 300\n@ IN SOA ns1 host ( 1 2\n 3 4 5 )\nwww IN CNAME @\n  IN TXT \"a b\" ; c\n",
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let lines: Vec<u32> = p.records.iter().map(|r| r.pos.line).collect();
    assert_eq!(lines, vec![2, 4, 5]);
    assert_eq!(p.records[1].record.data, RData::CNAME(CNAME(origin())));
    assert_eq!(p.records[2].record.name.to_string(), "www.example.com.");
}

#[test]
fn include_is_refused_at_its_line() {
    let p = parse_text("$TTL 300\n$INCLUDE /etc/passwd\n");
    assert_eq!(p.problems[0].0, Pos::new(2, 1));
    assert!(p.problems[0].2.contains("$INCLUDE is refused"));
}

#[test]
fn mx_preference_out_of_range_names_its_column() {
    let p = parse_text("$TTL 300\n@ IN MX 70000 mail\n");
    assert_eq!(p.problems[0].0, Pos::new(2, 9));
    assert!(p.problems[0].2.contains("out of range"));
}

#[test]
fn types_hickory_rejects_still_load() {
    let p = parse_text(
        "$TTL 300\n@ IN SPF \"v=spf1 -all\"\nd IN DNAME other.example.\nx IN TYPE65280 \\# 2 abcd\ny IN TYPE1 \\# 4 C0000201\n",
    );
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.records[0].record.record_type(), RecordType::Unknown(99));
    assert_eq!(p.records[1].record.record_type(), RecordType::DNAME);
    assert_eq!(p.records[3].record.data, RData::A(A([192, 0, 2, 1].into())));
}

#[test]
fn other_types_go_through_hickory_with_our_line() {
    let p = parse_text(
        "$TTL 300\n_sip._tcp IN SRV 0 5 5060 sip\n@ IN CAA 0 issue \"ca.example.net\"\nbad IN SRV x\n",
    );
    assert_eq!(p.records.len(), 2, "{:?}", p.problems);
    assert_eq!(p.problems[0].0.line, 4);
}

#[test]
fn errors_do_not_stop_the_file() {
    let p = parse_text("$TTL 300\na IN A 999.1.1.1\nb IN AAAA zz\nc IN FOO x\nd IN A 192.0.2.1\n");
    let lines: Vec<u32> = p.problems.iter().map(|p| p.0.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
    assert_eq!(p.records.len(), 1);
}

#[test]
fn review_regressions_generic_and_lines() {
    // RFC 3597 allows empty data; a length over 16 bits is refused.
    let p = parse_text("$TTL 300\nh IN TYPE65535 \\# 0\nbig IN TYPE1 \\# 65540 00\n");
    assert_eq!(p.records.len(), 1);
    assert!(p.problems[0].2.contains("out of range"), "{:?}", p.problems);
    // A backslash-newline inside quotes still counts the line.
    let p = parse_text("$TTL 300\na IN TXT \"ab\\\n\"\nb IN A 999.0.0.1\n");
    assert_eq!(p.problems[0].0.line, 4, "{:?}", p.problems);
    // Unbalanced quotes end the record; the next line is read on its own.
    let p = parse_text("$TTL 300\na IN TXT \"open\nb IN A 192.0.2.1\n");
    assert_eq!(
        (p.problems[0].0.line, p.records.len()),
        (2, 1),
        "{:?}",
        p.problems
    );
}

#[test]
fn missing_ttl_uses_the_soa_minimum_and_out_of_zone_data_is_skipped() {
    let p = parse_text(
        "@ IN SOA ns1 host 1 2 3 4 900\nwww IN A 192.0.2.1\nwww.other.org. IN A 192.0.2.2\n",
    );
    assert_eq!(
        p.records.iter().map(|r| r.record.ttl).collect::<Vec<_>>(),
        vec![900, 900]
    );
    let levels: Vec<Level> = p.problems.iter().map(|p| p.1).collect();
    assert_eq!(
        levels,
        vec![Level::Warning, Level::Warning], // the TTL warning once, as BIND
        "{:?}",
        p.problems
    );
    assert!(p.problems[1].2.contains("ignoring out-of-zone data"));
}

#[test]
fn txt_escapes_are_bytes_and_ipv6_exchanges_load() {
    let p = parse_text(
        "$TTL 300\na IN TXT \"caf\\233\" v=spf1\\032-all\nb IN TXT \"\\999\"\n@ IN MX 10 2001:db8::25\n",
    );
    let RData::TXT(txt) = &p.records[0].record.data else {
        panic!("{:?}", p.records)
    };
    assert_eq!(&*txt.txt_data[0], b"caf\xe9");
    assert_eq!(&*txt.txt_data[1], b"v=spf1 -all");
    assert!(p.problems[0].2.contains("out of range"), "{:?}", p.problems);
    let RData::MX(mx) = &p.records[1].record.data else {
        panic!("{:?}", p.records)
    };
    assert_eq!(mx.exchange.iter().next(), Some(&b"2001:db8::25"[..]));
    assert_eq!(mx.exchange.base_name(), origin());
}

/// The fast path for plain names builds exactly the name the full parse builds
/// (case, fqdn, origin), and leaves every other spelling to the full parse.
#[test]
fn plain_names_take_the_fast_path_to_the_same_name() {
    let origin = Name::from_ascii("shop.example.").unwrap();
    for text in [
        "mx1",
        "mx1.shop.example.",
        "a-b.c9",
        "0",
        "mail.example.net.",
    ] {
        let fast = super::ldh_name(text, &origin).expect(text);
        let mut full = Name::parse(text, Some(&origin)).unwrap();
        full.set_fqdn(true);
        assert!(fast.eq_case(&full), "{text}: {fast} vs {full}");
        assert_eq!(fast.is_fqdn(), full.is_fqdn(), "{text}");
    }
    for text in [
        "MX1",
        "_dmarc",
        "*",
        "xn--bcher-kva",
        "a..b",
        ".",
        "a\\.b",
        "mx_1",
        "",
    ] {
        assert!(super::ldh_name(text, &origin).is_none(), "{text}");
    }
}

/// A large file read in batches on threads gives exactly what reading it in order
/// gives: records, problems and their order — with directives, inherited owners,
/// bad records and out-of-zone data spread through it.
#[test]
fn batches_on_threads_read_what_one_thread_reads() {
    let mut text = String::from("$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n  IN NS ns1\n");
    for i in 0..30_000 {
        text.push_str(&format!(
            "d{i} IN MX 10 mx{i}\n   IN MX 20 mx{i}b.example.com.\n"
        ));
        text.push_str(&format!("mx{i} 60 IN A 192.0.2.{}\n", i % 250));
        match i % 4_000 {
            0 => text.push_str(&format!(
                "$ORIGIN sub{i}.example.com.\nw{i} IN TXT \"in sub\"\n"
            )),
            1 => text.push_str("$ORIGIN example.com.\n"),
            2 => text.push_str(&format!("Bad_{i} IN MX ten mx\n  IN A 192.0.2.1\n")),
            3 => text.push_str(&format!("out{i}.example.net. IN A 192.0.2.2\n$TTL 1h\n")),
            _ => {}
        }
    }
    assert!(text.len() > super::batch::WORTH_THREADS);
    let at = Placement {
        first_line: 1,
        indent: 0,
    };
    let alone = super::parse_on(&text, &origin(), at, 1);
    let shared = super::parse_on(&text, &origin(), at, 4);
    assert!(alone.problems.len() > 10, "{:?}", alone.problems);
    assert_eq!(alone.problems, shared.problems);
    assert_eq!(alone.records.len(), shared.records.len());
    for (a, b) in alone.records.iter().zip(&shared.records) {
        assert_eq!(a.record, b.record);
        assert!(a.record.name.eq_case(&b.record.name));
        assert_eq!((a.pos, &a.exchange_token), (b.pos, &b.exchange_token));
    }
}

#[test]
fn a_refused_ttl_directive_is_the_only_problem_reported() {
    // `$TTL 36OO` (letters O for zeros) is refused; the records after it then have
    // no TTL, and saying that they take the SOA's MINIMUM would point away from the
    // real mistake (BIND stops at "bad ttl").
    let p = parse_text("$TTL 36OO\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\n");
    let problems: Vec<_> = p
        .problems
        .iter()
        .map(|(pos, _, m)| (pos.line, m.as_str()))
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, 1);
    assert!(problems[0].1.contains("bad TTL '36OO'"), "{problems:?}");
    // Without a `$TTL` at all, BIND's warning stays.
    let p = parse_text("@ IN SOA ns1 h 1 2 3 4 5\n");
    assert!(p.problems[0].2.contains("using SOA MINTTL"));
}
