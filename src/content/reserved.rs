//! Reserved names only: content must use the names RFC 2606 and RFC 6761 set aside
//! for documentation and testing, so that a `dig NAME MX` copied out of mxdrill can
//! never query a stranger's servers.

use super::diagnostic::{Diagnostic, Pos};
use std::collections::HashSet;

/// Top-level domains a real, registrable name ends in. A dotted word ending in one
/// of these is a domain name; other dotted words (`mx-rules.md`, `bank.json`,
/// `R1.7`) are not.
const REAL_TLDS: [&str; 30] = [
    "com", "net", "org", "info", "biz", "io", "co", "uk", "de", "fr", "nl", "eu", "us", "ca", "au",
    "edu", "gov", "mil", "int", "me", "app", "dev", "cloud", "email", "online", "site", "shop",
    "store", "tech", "xyz",
];

/// Top-level names reserved by RFC 2606 and RFC 6761.
const RESERVED_TLDS: [&str; 4] = ["example", "test", "invalid", "localhost"];

/// Second-level names reserved by RFC 2606 §3.
const RESERVED_DOMAINS: [&str; 3] = ["example.com", "example.net", "example.org"];

/// Whether `name` (without the trailing dot, any case) is a reserved name or lies
/// below one.
pub fn is_reserved(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let tld = name.rsplit('.').next().unwrap_or_default();
    RESERVED_TLDS.contains(&tld)
        || RESERVED_DOMAINS
            .iter()
            .any(|d| name == *d || name.ends_with(&format!(".{d}")))
}

/// The domain names in a line of text that end in a real top-level domain.
pub fn domain_names(line: &str) -> Vec<&str> {
    // Bytes, not characters: every delimiter is ASCII, and `check` runs this over
    // every line of a zone (a 100,000-record zone is 3 MB of text).
    let word = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_');
    let bytes = line.as_bytes();
    let mut names = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let len = bytes[at..].iter().take_while(|b| word(b)).count();
        if len == 0 {
            at += 1;
            continue;
        }
        let token = line[at..at + len].trim_matches(|c| c == '.' || c == '-');
        at += len;
        let Some((rest, tld)) = token.rsplit_once('.') else {
            continue;
        };
        let second = rest.rsplit('.').next().unwrap_or_default();
        if !second.is_empty() && REAL_TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld)) {
            names.push(token);
        }
    }
    names
}

/// A warning for each unreserved domain name in a content file, once per name, at
/// the line where it first appears.
pub fn check(path: &str, text: &str, out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        for name in domain_names(line) {
            if is_reserved(name) || !seen.insert(name.to_ascii_lowercase()) {
                continue;
            }
            let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let col = line.find(name).map_or(1, |c| c + 1);
            let msg = format!(
                "`{name}` is not a reserved name: use names under .example or .test, or \
                 example.com/.net/.org (RFC 2606, RFC 6761), so that nothing a learner copies \
                 reaches a real domain"
            );
            let pos = Pos::new(line_no, u32::try_from(col).unwrap_or(u32::MAX));
            out.push(Diagnostic::warning(path, pos, msg));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_names_are_the_rfc_2606_and_6761_ones() {
        for name in [
            "blossomflowers.example",
            "mail.petalmail.example.",
            "blossomflowers.test",
            "shop.example.com",
            "example.net",
            "x.EXAMPLE.ORG",
            "nosuch.invalid",
        ] {
            assert!(is_reserved(name), "{name}");
        }
        for name in [
            "blossomflowers.com",
            "petalmail.net",
            "notexample.com",
            "example.co",
        ] {
            assert!(!is_reserved(name), "{name}");
        }
    }

    #[test]
    fn only_dotted_words_with_a_real_tld_count_as_domain_names() {
        let line = "Run `dig blossomflowers.com MX` (see mx-rules.md, R1.7, 192.0.2.1, \
                    bank.json) or mail info@petalmail.net.";
        assert_eq!(domain_names(line), ["blossomflowers.com", "petalmail.net"]);
    }

    #[test]
    fn check_warns_once_per_name_with_its_line() {
        let text =
            "zone: shop.example.com\n  @ IN MX 10 mx.realmail.com.\n  # mx.realmail.com again\n";
        let mut out = Vec::new();
        check("z.yaml", text, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].pos.line, 2);
        assert!(out[0].message.contains("`mx.realmail.com`"));
    }
}
