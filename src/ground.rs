//! The ground floor: positions, levels, names and references shared by `content`,
//! `kind`, `dns` and `delivery`, so that none of them imports another for these.

use hickory_proto::rr::{Name, RecordType};
use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is. `check` fails only on errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Something wrong that stops the file from loading (or a zone that breaks mail).
    Error,
    /// Probably a mistake; the file still loads.
    Warning,
    /// A valid but notable fact, or an expected defect.
    Note,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
        })
    }
}

/// A position in a source file: 1-based line, and 1-based column when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
}

impl Pos {
    /// A line and column.
    pub fn new(line: u32, col: u32) -> Self {
        Pos {
            line,
            col: Some(col),
        }
    }

    /// A line whose column is not known.
    pub fn line(line: u32) -> Self {
        Pos { line, col: None }
    }
}

/// Human name of a record type, as in zone files (`SPF` for 99).
pub fn type_name(rtype: RecordType) -> String {
    match rtype {
        RecordType::Unknown(99) => "SPF".into(),
        RecordType::Unknown(n) => format!("TYPE{n}"),
        other => other.to_string(),
    }
}

/// `example.com` for `example.com.`: a name as BIND prints it in messages — no final
/// dot, and only the characters special in master files escaped (hickory's `Display`
/// escapes more, such as the `:` of an IPv6 address written as a name).
pub fn bare(name: &Name) -> String {
    if name.is_root() {
        return ".".into();
    }
    let mut text = String::new();
    for (i, label) in name.iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        for &b in label {
            match b {
                b'.' | b'\\' | b'"' | b';' | b'(' | b')' | b'@' | b'$' => {
                    text.push('\\');
                    text.push(char::from(b));
                }
                0x21..=0x7e => text.push(char::from(b)),
                _ => text.push_str(&format!("\\{b:03}")),
            }
        }
    }
    text
}

/// A zone or host name as written by an author: trailing dot optional.
pub fn zone_name(text: &str) -> Result<Name, String> {
    if text.trim().is_empty() {
        return Err("empty domain name".into());
    }
    let mut name =
        Name::from_ascii(text.trim()).map_err(|e| format!("bad domain name '{text}': {e}"))?;
    name.set_fqdn(true);
    Ok(name)
}

/// Whether `a` and `b` differ by exactly one edit: a character added, dropped or
/// changed, or two neighbouring characters swapped.
pub fn one_typo(a: &[u8], b: &[u8]) -> bool {
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Less => a[p..] == b[p + 1..],
        std::cmp::Ordering::Greater => a[p + 1..] == b[p..],
        std::cmp::Ordering::Equal => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len()
                    && a[p] == b[p + 1]
                    && a[p + 1] == b[p]
                    && a[p + 2..] == b[p + 2..])
        }
    }
}

/// "did you mean a?" or "did you mean a or b?" (at most three names); empty for
/// none.
pub fn did_you_mean(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    match shown.split_last() {
        Some((last, [])) => format!("did you mean {last}?"),
        Some((last, rest)) => format!("did you mean {} or {last}?", rest.join(", ")),
        None => String::new(),
    }
}

/// What a reference in a content file must point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A zone of the world, by its exact name.
    Zone,
    /// A host with an A or AAAA record somewhere in the world.
    Host,
    /// A name inside some zone of the world.
    Domain,
    /// A mail domain a server accepts (`accepts:`): inside a loaded zone it must
    /// exist; outside every zone it is not checked (a relay may serve domains the
    /// world does not hold), unless it is one typo away from a loaded name.
    MailDomain,
}

/// A name a content file refers to, and where.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Where it is written.
    pub pos: Pos,
    /// What it must be.
    pub kind: RefKind,
    /// The name.
    pub name: Name,
}

/// `part` of `whole` in percent, rounded half up to the nearest whole number (2 of
/// 3 is 67, 1 of 8 is 13), and 0 when `whole` is 0. The one rule for every
/// percentage mxdrill shows, writes (results, stats, reports, the class CSV) or
/// compares with a pass mark, so that the figure a learner reads is the one judged.
pub fn percent(part: u64, whole: u64) -> u64 {
    let rounded = (u128::from(part) * 100 + u128::from(whole) / 2).checked_div(u128::from(whole));
    // At most 100 times `part`: it fits unless `part` is above u64::MAX / 100.
    rounded.map_or(0, |p| u64::try_from(p).unwrap_or(u64::MAX))
}

/// How many threads a large piece of work is shared among: the machine's cores, at
/// most four (loading and linting a large zone gain little beyond that).
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4)
}

/// What a scoped worker thread returned. A worker's panic is a bug: it is passed on
/// to the caller as the same panic, as if the work had run in the caller's thread.
pub fn joined<T>(worker: std::thread::ScopedJoinHandle<'_, T>) -> T {
    match worker.join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, one_typo, percent};

    #[test]
    fn percentages_round_half_up_to_the_nearest() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(1, 8), 13, "12.5 rounds up");
        assert_eq!(percent(3, 8), 38, "37.5 rounds up");
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(5, 5), 100);
        assert_eq!(percent(u64::MAX, u64::MAX), 100, "no overflow");
    }

    #[test]
    fn did_you_mean_lists_up_to_three_names() {
        let names: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(did_you_mean(&names[..1]), "did you mean a?");
        assert_eq!(did_you_mean(&names[..2]), "did you mean a or b?");
        assert_eq!(did_you_mean(&names), "did you mean a, b or c?");
    }

    /// One edit of each kind is one typo; none, two, or a swap of letters that are
    /// not neighbours is not.
    #[test]
    fn one_typo_is_one_letter_added_dropped_changed_or_a_neighbouring_pair_swapped() {
        let yes = [
            ("lumenmial", "lumenmail"),  // swapped neighbours
            ("lumenmal", "lumenmail"),   // dropped
            ("lumennmail", "lumenmail"), // added
            ("lumenmaul", "lumenmail"),  // changed
            ("lumenmail.", "lumenmail"), // one character is one character
            ("ulmenmail", "lumenmail"),  // swap at the start
            ("lumenmaill", "lumenmail"), // added at the end
        ];
        for (a, b) in yes {
            assert!(one_typo(a.as_bytes(), b.as_bytes()), "{a} {b}");
            assert!(one_typo(b.as_bytes(), a.as_bytes()), "{b} {a}");
        }
        let no = [
            ("lumenmail", "lumenmail"),
            ("lumenmila", "lumenmail"), // two letters moved
            ("lxmenmaix", "lumenmail"), // two changes
            ("lumen", "lumenmail"),
            ("mial", "mali"), // not neighbours: i↔l across a
        ];
        for (a, b) in no {
            assert!(!one_typo(a.as_bytes(), b.as_bytes()), "{a} {b}");
        }
    }
}
