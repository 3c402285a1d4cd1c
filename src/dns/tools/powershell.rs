//! Windows PowerShell's `Resolve-DnsName`, parsed for what it asks (command
//! questions accept it where it asks the same as dig, nslookup or host). Its output
//! is not imitated: there is no Windows reference to capture it from.

use super::{TYPES, name_of, record_type, reverse};
use hickory_proto::rr::{Name, RecordType};
use std::net::IpAddr;

/// What a `Resolve-DnsName` line asks: the name and the types. `None` when the line
/// is not a `Resolve-DnsName` command at all.
pub fn query(line: &str) -> Option<Result<(Name, Vec<RecordType>), String>> {
    let mut words = line.split_whitespace();
    // PowerShell command and parameter names are case-insensitive.
    if !words.next()?.eq_ignore_ascii_case("Resolve-DnsName") {
        return None;
    }
    Some(parse(words.collect()))
}

/// Switches that change how, not what, `Resolve-DnsName` asks.
const SWITCHES: [&str; 8] = [
    "-dnsonly",
    "-nohostsfile",
    "-norecursion",
    "-tcponly",
    "-quicktimeout",
    "-cacheonly",
    "-dnssecok",
    "-noidn",
];

fn parse(words: Vec<&str>) -> Result<(Name, Vec<RecordType>), String> {
    let mut name: Option<&str> = None;
    let mut rtype: Option<&str> = None;
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let lower = word.to_ascii_lowercase();
        let mut value = |param: &str| {
            words.next().ok_or_else(|| {
                format!("Resolve-DnsName: missing an argument for parameter '{param}'")
            })
        };
        match lower.as_str() {
            "-name" => name = Some(value("Name")?),
            "-type" => rtype = Some(value("Type")?),
            "-server" => {
                value("Server")?;
            }
            w if SWITCHES.contains(&w) => {}
            w if w.starts_with('-') => {
                return Err(format!(
                    "Resolve-DnsName: a parameter cannot be found that matches parameter name '{}'",
                    &word[1..]
                ));
            }
            // Positional: -Name first, then -Type.
            _ if name.is_none() => name = Some(word),
            _ if rtype.is_none() => rtype = Some(word),
            _ => {
                return Err(format!(
                    "Resolve-DnsName: a positional parameter cannot be found that accepts argument '{word}'"
                ));
            }
        }
    }
    let name = name.ok_or("Resolve-DnsName: name a domain, such as: Resolve-DnsName -Name blossomflowers.example -Type MX")?;
    // An address is looked up in reverse, as a PTR, like `dig -x`.
    if name.parse::<IpAddr>().is_ok() && rtype.is_none_or(|t| t.eq_ignore_ascii_case("PTR")) {
        return Ok((reverse(name)?, vec![RecordType::PTR]));
    }
    let types = match rtype {
        // The default type asks for both kinds of address.
        None => vec![RecordType::A, RecordType::AAAA],
        Some(t) if t.eq_ignore_ascii_case("A_AAAA") => vec![RecordType::A, RecordType::AAAA],
        Some(t) => match record_type(t) {
            Some(t) if TYPES.contains(&t) => vec![t],
            _ => {
                return Err(format!(
                    "Resolve-DnsName: cannot convert value '{t}' to a record type"
                ));
            }
        },
    };
    Ok((name_of(name)?, types))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks(line: &str) -> (String, Vec<RecordType>) {
        let (name, types) = query(line)
            .expect("a Resolve-DnsName line")
            .expect("parses");
        (name.to_string(), types)
    }

    #[test]
    fn named_and_positional_parameters_ask_the_same() {
        let want = ("blossomflowers.example.".to_string(), vec![RecordType::MX]);
        for line in [
            "Resolve-DnsName -Name blossomflowers.example -Type MX",
            "resolve-dnsname -type mx -name blossomflowers.example",
            "Resolve-DnsName blossomflowers.example MX",
            "Resolve-DnsName blossomflowers.example -Type MX -Server 192.0.2.53 -DnsOnly",
        ] {
            assert_eq!(asks(line), want, "{line}");
        }
    }

    #[test]
    fn without_a_type_it_asks_for_both_address_types() {
        assert_eq!(
            asks("Resolve-DnsName mail.petalmail.example").1,
            [RecordType::A, RecordType::AAAA]
        );
    }

    #[test]
    fn an_address_is_looked_up_in_reverse() {
        assert_eq!(
            asks("Resolve-DnsName 203.0.113.25"),
            (
                "25.113.0.203.in-addr.arpa.".to_string(),
                vec![RecordType::PTR]
            )
        );
    }

    #[test]
    fn other_commands_are_not_mine_and_mistakes_are_errors() {
        assert!(query("dig blossomflowers.example MX").is_none());
        for line in [
            "Resolve-DnsName",
            "Resolve-DnsName -Name",
            "Resolve-DnsName x.example -Kind MX",
            "Resolve-DnsName x.example -Type BOGUS",
            "Resolve-DnsName x.example MX extra",
        ] {
            assert!(matches!(query(line), Some(Err(_))), "{line}");
        }
    }
}
