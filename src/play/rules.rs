//! A short glossary of the rules that feedback, whys and explanations cite by id
//! (R1.7, L3, …), in plain words, so that a learner meeting "R1.7" can look it up
//! in the app. The full rules, with sources, are in `docs/mx-rules.md`.

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Its id, as cited.
    pub id: &'static str,
    /// A few words.
    pub title: &'static str,
    /// What it says.
    pub text: &'static str,
}

const fn rule(id: &'static str, title: &'static str, text: &'static str) -> Rule {
    Rule { id, title, text }
}

/// Every rule, in the order of `docs/mx-rules.md`.
pub const RULES: &[Rule] = &[
    rule(
        "R1.1",
        "Ask for the MX of the domain after the @",
        "The sending server looks up the MX records of the recipient's domain. If that name is an alias (CNAME), the lookup starts again at the alias's target.",
    ),
    rule(
        "R1.2",
        "No such domain bounces",
        "If DNS says the domain does not exist (NXDOMAIN), the message bounces: the error is permanent.",
    ),
    rule(
        "R1.3",
        "A DNS failure waits",
        "If the lookup fails for now (SERVFAIL, a timeout), the message stays in the queue and is tried again later.",
    ),
    rule(
        "R1.4",
        "No MX: the implicit MX",
        "If the domain exists but has no MX record, the sender treats the domain itself as the only mail host (preference 0) and uses its A/AAAA records, often a web server that refuses port 25.",
    ),
    rule(
        "R1.5",
        "Any MX hides the A record",
        "Once a domain has an MX record, its own A/AAAA records are never used for mail.",
    ),
    rule(
        "R1.6",
        "An exchange needs an address",
        "The name in an MX record must be a host name with at least one A or AAAA record.",
    ),
    rule(
        "R1.7",
        "Lower preference first; ties shared",
        "Hosts are tried from the lowest preference number up. Hosts with the same number are tried in random order: that shares the load, it is not a backup.",
    ),
    rule(
        "R1.8",
        "At least two addresses",
        "A sender should try at least two addresses, and may cap how many it tries (Postfix tries at most 5 addresses and 2 sessions).",
    ),
    rule(
        "R1.9",
        "Mail to itself",
        "A sender that is itself one of the MX hosts drops its own and every worse record; if none is left the mail loops back and bounces.",
    ),
    rule(
        "R1.10",
        "Retry for days",
        "Queued mail is retried, at least every 30 minutes or so, for at least 4-5 days before it bounces (Postfix: 5 days).",
    ),
    rule(
        "R1.11",
        "Reply classes",
        "2xx means done, 4xx means try again (later or at the next host), 5xx means do not repeat the same request.",
    ),
    rule(
        "R2.1",
        "Null MX",
        "A domain that takes no mail publishes exactly one MX record, 0 . , and no other MX.",
    ),
    rule(
        "R2.2",
        "Null MX fails at once",
        "Mail to a null-MX domain fails immediately: no queueing, no retries.",
    ),
    rule(
        "R2.3",
        "Null MX codes",
        "Servers reject such recipients with 556 5.1.10 (and senders from such domains with 550 5.7.27); Postfix bounces with 5.1.0.",
    ),
    rule(
        "R3.1",
        "No aliases in MX",
        "An MX record must not point at an alias (a CNAME).",
    ),
    rule(
        "R3.2",
        "Aliases usually work anyway",
        "Postfix and Exim follow the alias, so an illegal MX-to-CNAME usually still delivers: illegal, fragile, fix it.",
    ),
    rule(
        "R3.3",
        "An address as exchange",
        "An MX must name a host, not an IP address. Postfix delivers to the address anyway (with a warning); Exim refuses.",
    ),
    rule(
        "R3.4",
        "The missing trailing dot",
        "In a zone file, MX 10 192.0.2.25 without a final dot is a relative name: it becomes 192.0.2.25.example.com., which has no address.",
    ),
    rule(
        "L1",
        "MX is an address",
        "The linter flags an MX whose target is an IP address (BIND: MX is an address).",
    ),
    rule(
        "L2",
        "MX is a CNAME",
        "The linter flags an MX whose target is an alias (BIND: is a CNAME (illegal)).",
    ),
    rule(
        "L3",
        "MX has no address",
        "The linter flags an MX whose target has no A or AAAA record, so senders have nowhere to connect.",
    ),
    rule(
        "L4",
        "MX below a DNAME",
        "The linter flags an MX target that lies below a DNAME, where it cannot exist.",
    ),
    rule(
        "L5",
        "Null MX mixed or numbered",
        "A null MX must stand alone and have preference 0; the linter flags one mixed with other MX records or with another number.",
    ),
    rule(
        "L6",
        "MX to CNAME (Zonemaster)",
        "Zonemaster reports an MX that points at a CNAME as an error, as BIND does.",
    ),
    rule(
        "L7",
        "No MX at a mail domain",
        "A domain without MX records gets the implicit MX (R1.4): often not what was meant.",
    ),
    rule(
        "L8",
        "CNAME and other data",
        "A name with a CNAME may have no other records; BIND refuses to load such a zone.",
    ),
    rule(
        "L9",
        "The obsolete SPF type",
        "SPF policies belong in TXT records; receivers ignore the old SPF record type (99).",
    ),
    rule(
        "L10",
        "Two SPF records",
        "More than one v=spf1 TXT record at a name is an SPF error: the domain then has no usable SPF policy.",
    ),
    rule(
        "L11",
        "A name server with no address",
        "An NS record at the zone's apex that names a host inside the zone needs that host's A or AAAA record there; BIND refuses to load the zone without it.",
    ),
];

/// The rule `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The rules `text` cites, in order of first mention, each once.
pub fn cited(text: &str) -> Vec<&'static Rule> {
    let mut found: Vec<&'static Rule> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        let c = chars[start];
        let before_ok = start == 0 || !chars[start - 1].is_alphanumeric();
        if !(before_ok && (c == 'R' || c == 'L')) {
            continue;
        }
        let mut end = start + 1;
        while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
            end += 1;
        }
        let id: String = chars[start..end].iter().collect();
        let id = id.trim_end_matches('.');
        let after_ok = chars.get(end).is_none_or(|ch| !ch.is_alphanumeric());
        if let Some(rule) = find(id).filter(|_| after_ok)
            && !found.contains(&rule)
        {
            found.push(rule);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_where_feedback_cites_them() {
        let ids: Vec<&str> = cited("Lower first (R1.7). An exchange needs an address (R1.6, L3). R1.7 again. RL3 is no id; L3.")
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids, ["R1.7", "R1.6", "L3"]);
        assert!(
            cited("R1.10 and L10")
                .iter()
                .map(|r| r.id)
                .eq(["R1.10", "L10"])
        );
    }

    #[test]
    fn every_rule_of_the_reference_is_explained() {
        let reference = include_str!("../../docs/mx-rules.md");
        for rule in RULES {
            assert!(
                reference.contains(&format!("**{}**", rule.id)),
                "{}",
                rule.id
            );
        }
        for line in reference.lines() {
            if let Some(rest) = line.strip_prefix("- **")
                && let Some((id, _)) = rest.split_once("**")
            {
                assert!(find(id).is_some(), "{id} has no glossary entry");
            }
        }
    }
}
