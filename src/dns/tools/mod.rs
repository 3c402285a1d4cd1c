//! `dig`, `nslookup` and `host` answered from the world (mx-rules.md §6): one parser
//! for the three command lines (shared by the lab console and `command` questions),
//! and output in BIND 9.18's formats.

mod dig;
mod format;
mod host;
mod nslookup;
pub mod powershell;

pub use dig::status;
pub use format::when;

use super::World;
use hickory_proto::rr::{Name, RecordType};
use std::net::IpAddr;
use std::str::FromStr;

/// Which tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// BIND's dig.
    Dig,
    /// nslookup.
    Nslookup,
    /// host.
    Host,
}

/// The types the tools accept here.
pub const TYPES: [RecordType; 9] = [
    RecordType::A,
    RecordType::AAAA,
    RecordType::MX,
    RecordType::CNAME,
    RecordType::TXT,
    RecordType::NS,
    RecordType::SOA,
    RecordType::PTR,
    RecordType::ANY,
];

/// A parsed command line: what it asks, and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The tool.
    pub tool: Tool,
    /// The name asked.
    pub name: Name,
    /// The type asked; `None`: the tool's default (dig: A; nslookup: A and AAAA;
    /// host: A, AAAA and MX).
    pub rtype: Option<RecordType>,
    /// The server named (`@server`, or nslookup's and host's last argument).
    pub server: Option<String>,
    /// The port (`-p`, `-port=`).
    pub port: u16,
    /// RD flag (dig `+norec`, nslookup `-norecurse`, host `-r` clear it).
    pub recurse: bool,
    /// Over TCP (dig `+tcp`, nslookup `-vc`, host `-T`).
    pub tcp: bool,
    /// dig `+short`.
    pub short: bool,
    /// dig `+noall` … `+answer`: which parts to print.
    pub show: Show,
    /// The arguments as typed, for dig's banner.
    pub args: Vec<String>,
    /// The name was made from an address (`dig -x ADDR`, `nslookup ADDR`, `host ADDR`):
    /// a reverse lookup, whose name host prints with its trailing dot as BIND's does.
    pub reverse: bool,
}

/// The parts of dig's output to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Show {
    /// Banner and `global options`.
    pub cmd: bool,
    /// `Got answer`, header, flags, OPT pseudosection.
    pub comments: bool,
    /// The question section.
    pub question: bool,
    /// The answer section.
    pub answer: bool,
    /// The authority section.
    pub authority: bool,
    /// The additional section.
    pub additional: bool,
    /// Query time, server, when, size.
    pub stats: bool,
}

impl Show {
    const ALL: Show = Show {
        cmd: true,
        comments: true,
        question: true,
        answer: true,
        authority: true,
        additional: true,
        stats: true,
    };
    const NONE: Show = Show {
        cmd: false,
        comments: false,
        question: false,
        answer: false,
        authority: false,
        additional: false,
        stats: false,
    };
}

impl Command {
    /// The types this command asks, in the order the tool asks them.
    pub fn types(&self) -> Vec<RecordType> {
        match (self.rtype, self.tool) {
            (Some(t), _) => vec![t],
            (None, Tool::Dig) => vec![RecordType::A],
            (None, Tool::Nslookup) => vec![RecordType::A, RecordType::AAAA],
            (None, Tool::Host) => vec![RecordType::A, RecordType::AAAA, RecordType::MX],
        }
    }
}

/// A type name as the tools accept it (any case).
fn record_type(text: &str) -> Option<RecordType> {
    let upper = text.to_ascii_uppercase();
    // Zone transfers are understood, and refused as the lab server refuses them
    // (dig's `IXFR=serial` names the serial the client has).
    if upper == "AXFR" {
        return Some(RecordType::AXFR);
    }
    if upper == "IXFR"
        || upper
            .strip_prefix("IXFR=")
            .is_some_and(|n| n.parse::<u32>().is_ok())
    {
        return Some(RecordType::IXFR);
    }
    let t = RecordType::from_str(&upper).ok()?;
    TYPES.contains(&t).then_some(t)
}

fn name_of(text: &str) -> Result<Name, String> {
    let mut name =
        Name::from_ascii(text).map_err(|e| format!("'{text}' is not a valid domain name: {e}"))?;
    name.set_fqdn(true);
    Ok(name)
}

/// The reverse-lookup name of an address (`dig -x`).
fn reverse(text: &str) -> Result<Name, String> {
    let ip: IpAddr = text
        .parse()
        .map_err(|_| format!("'{text}' is not an IP address"))?;
    let label = match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.{}.in-addr.arpa.", o[3], o[2], o[1], o[0])
        }
        IpAddr::V6(v6) => {
            let nibbles: Vec<String> = v6
                .octets()
                .iter()
                .rev()
                .flat_map(|b| [b & 0xf, b >> 4])
                .map(|n| format!("{n:x}"))
                .collect();
            format!("{}.ip6.arpa.", nibbles.join("."))
        }
    };
    name_of(&label)
}

fn port_of(text: &str) -> Result<u16, String> {
    text.parse()
        .map_err(|_| format!("invalid port number '{text}'"))
}

/// Parses a whole command line: `dig …`, `nslookup …` or `host …`.
pub fn parse(line: &str) -> Result<Command, String> {
    let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    let Some((tool, args)) = words.split_first() else {
        return Err("type a dig, nslookup, host or Resolve-DnsName command".into());
    };
    let tool = match tool.as_str() {
        "dig" => Tool::Dig,
        "nslookup" => Tool::Nslookup,
        "host" => Tool::Host,
        other => {
            return Err(format!(
                "{other}: not a lookup tool here (use dig, nslookup, host or Resolve-DnsName)"
            ));
        }
    };
    parse_args(tool, args)
}

/// Parses a tool's arguments.
pub fn parse_args(tool: Tool, args: &[String]) -> Result<Command, String> {
    let mut p = Args {
        cmd: Command {
            tool,
            name: Name::root(),
            rtype: None,
            server: None,
            port: 53,
            recurse: true,
            tcp: false,
            short: false,
            show: Show::ALL,
            args: args.to_vec(),
            reverse: false,
        },
        name: None,
        address: false,
        words: args.iter(),
    };
    while let Some(word) = p.words.next() {
        match tool {
            Tool::Dig => p.dig(word)?,
            Tool::Nslookup => p.nslookup(word)?,
            Tool::Host => p.host(word)?,
        }
    }
    let Args {
        mut cmd,
        name,
        address,
        ..
    } = p;
    // `nslookup ADDR` and `host ADDR` ask for the address's PTR, as `dig -x` does.
    if address {
        cmd.rtype = cmd.rtype.or(Some(RecordType::PTR));
        cmd.reverse = true;
    }
    cmd.name = name.ok_or_else(|| match tool {
        Tool::Dig => {
            "dig: name a domain to look up, such as: dig blossomflowers.example MX".to_string()
        }
        Tool::Nslookup => {
            "nslookup: name a domain to look up, such as: nslookup -type=mx blossomflowers.example"
                .to_string()
        }
        Tool::Host => {
            "host: name a domain to look up, such as: host -t mx blossomflowers.example".to_string()
        }
    })?;
    Ok(cmd)
}

/// A command line being read: the command so far, the name asked, the words left.
struct Args<'a> {
    cmd: Command,
    name: Option<Name>,
    /// nslookup and host: the name was typed as an IP address (a reverse lookup).
    address: bool,
    words: std::slice::Iter<'a, String>,
}

impl Args<'_> {
    /// The word after `flag`.
    fn value(&mut self, flag: &str) -> Result<String, String> {
        self.words
            .next()
            .cloned()
            .ok_or_else(|| format!("option {flag} needs a value"))
    }

    fn set_name(&mut self, text: &str) -> Result<(), String> {
        if self.name.is_some() {
            return Err(format!("only one name at a time here: '{text}' is extra"));
        }
        self.name = Some(name_of(text)?);
        Ok(())
    }

    fn dig(&mut self, word: &str) -> Result<(), String> {
        match word {
            w if w.starts_with('@') => self.cmd.server = Some(w[1..].to_string()),
            "-t" => {
                let t = self.value("-t")?;
                self.cmd.rtype = Some(record_type(&t).ok_or_else(|| format!("invalid type: {t}"))?);
            }
            "-p" => self.cmd.port = port_of(&self.value("-p")?)?,
            "-x" => {
                self.name = Some(reverse(&self.value("-x")?)?);
                self.cmd.rtype = self.cmd.rtype.or(Some(RecordType::PTR));
                self.cmd.reverse = true;
            }
            "-c" => {
                let class = self.value("-c")?;
                if !class.eq_ignore_ascii_case("IN") {
                    return Err(format!("only class IN is served here, not {class}"));
                }
            }
            w if w.starts_with('+') => dig_option(&mut self.cmd, &w[1..])?,
            w if w.starts_with('-') => return Err(format!("Invalid option: {w}")),
            w if w.eq_ignore_ascii_case("IN") => {}
            w => match record_type(w) {
                Some(t)
                    if self.cmd.rtype.is_none() && (self.name.is_some() || !looks_like_name(w)) =>
                {
                    self.cmd.rtype = Some(t)
                }
                _ => self.set_name(w)?,
            },
        }
        Ok(())
    }

    fn nslookup(&mut self, word: &str) -> Result<(), String> {
        match word.split_once('=') {
            Some((opt, v)) if opt.starts_with('-') => match opt {
                "-type" | "-query" | "-q" | "-querytype" | "-ty" => {
                    self.cmd.rtype =
                        Some(record_type(v).ok_or_else(|| format!("*** Invalid option: {word}"))?)
                }
                "-port" => self.cmd.port = port_of(v)?,
                "-timeout" | "-retry" | "-class" | "-domain" => {}
                _ => return Err(format!("*** Invalid option: {}", &word[1..])),
            },
            _ => match word {
                "-norecurse" | "-norec" => self.cmd.recurse = false,
                "-recurse" | "-rec" => self.cmd.recurse = true,
                "-vc" => self.cmd.tcp = true,
                "-novc" => self.cmd.tcp = false,
                w if w.starts_with('-') => {
                    return Err(format!("*** Invalid option: {}", &w[1..]));
                }
                w => self.name_or_server(w)?,
            },
        }
        Ok(())
    }

    fn host(&mut self, word: &str) -> Result<(), String> {
        match word {
            "-t" => {
                let t = self.value("-t")?;
                self.cmd.rtype =
                    Some(record_type(&t).ok_or_else(|| format!("host: invalid type: {t}"))?);
            }
            "-p" => self.cmd.port = port_of(&self.value("-p")?)?,
            "-r" => self.cmd.recurse = false,
            "-T" => self.cmd.tcp = true,
            "-a" | "-v" => self.cmd.rtype = Some(self.cmd.rtype.unwrap_or(RecordType::ANY)),
            w if w.starts_with('-') => {
                return Err(format!(
                    "host: invalid option -- '{}'",
                    w.trim_start_matches('-')
                ));
            }
            w => self.name_or_server(w)?,
        }
        Ok(())
    }

    /// nslookup and host: the first plain word is the name, the second the server.
    fn name_or_server(&mut self, w: &str) -> Result<(), String> {
        if self.name.is_none() && w.parse::<IpAddr>().is_ok() {
            self.name = Some(reverse(w)?);
            self.address = true;
            Ok(())
        } else if self.name.is_none() {
            self.set_name(w)
        } else if self.cmd.server.is_none() {
            self.cmd.server = Some(w.to_string());
            Ok(())
        } else {
            Err(format!("too many arguments: '{w}'"))
        }
    }
}

/// A word with a dot is a name even if it spells a type (`mx.example.com`).
fn looks_like_name(word: &str) -> bool {
    word.contains('.')
}

fn dig_option(cmd: &mut Command, option: &str) -> Result<(), String> {
    let (no, key) = match option.strip_prefix("no") {
        Some(rest) => (true, rest),
        None => (false, option),
    };
    let on = !no;
    match key {
        "short" => cmd.short = on,
        "rec" | "recurse" => cmd.recurse = on,
        "tcp" | "vc" => cmd.tcp = on,
        "all" => cmd.show = if on { Show::ALL } else { Show::NONE },
        "answer" => cmd.show.answer = on,
        "authority" => cmd.show.authority = on,
        "additional" => cmd.show.additional = on,
        "question" => cmd.show.question = on,
        "comments" => cmd.show.comments = on,
        "cmd" => cmd.show.cmd = on,
        "stats" => cmd.show.stats = on,
        _ => return Err(format!("Invalid option: +{option}")),
    }
    Ok(())
}

/// Where the answers come from, and the clock, for the footer lines.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The world.
    pub world: &'a World,
    /// Seconds since 1970 (UTC), for dig's WHEN line.
    pub now: u64,
    /// The message id of the first query.
    pub id: u16,
}

/// Runs a parsed command against the world and returns what the tool prints, and
/// the tool's exit status.
pub fn run(cmd: &Command, cx: &Context) -> (String, i32) {
    if matches!(cmd.rtype, Some(RecordType::AXFR | RecordType::IXFR)) {
        return transfer_refused(cmd);
    }
    match cmd.tool {
        Tool::Dig => (dig::output(cmd, cx), 0),
        Tool::Nslookup => nslookup::output(cmd, cx),
        Tool::Host => host::output(cmd, cx),
    }
}

/// A zone transfer: the world's servers refuse it (BIND's `allow-transfer { none; }`),
/// and each tool says so as BIND 9.18's tools do against such a server.
fn transfer_refused(cmd: &Command) -> (String, i32) {
    let name = crate::ground::bare(&cmd.name);
    let server = |out: &mut String| {
        if let Some(server) = &cmd.server {
            out.push_str(&format!(
                "Using domain server:\nName: {server}\nAddress: {server}#{}\nAliases: \n\n",
                cmd.port
            ));
        }
    };
    match cmd.tool {
        Tool::Dig => {
            let mut out = String::new();
            if cmd.show.cmd && !cmd.short {
                out.push_str(&format!(
                    "\n; <<>> DiG 9.18 (mxdrill) <<>> {}\n",
                    cmd.args.join(" ")
                ));
                if cmd.server.is_some() {
                    out.push_str("; (1 server found)\n");
                }
                out.push_str(";; global options: +cmd\n");
            }
            out.push_str("; Transfer failed.\n");
            (out, 0)
        }
        Tool::Host => {
            let mut out = format!("Trying \"{name}\"\n");
            server(&mut out);
            out.push_str(&format!(
                "Host {name} not found: 5(REFUSED)\n; Transfer failed.\n"
            ));
            (out, 1)
        }
        Tool::Nslookup => {
            let server = cmd.server.as_deref().unwrap_or("127.0.0.1");
            let out = format!(
                "Server:\t\t{server}\nAddress:\t{server}#{}\n\n** server can't find {name}: REFUSED\n; Transfer failed.\n\n",
                cmd.port
            );
            (out, 1)
        }
    }
}

#[cfg(test)]
mod tests;
