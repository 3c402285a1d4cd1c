//! Maps keyed by domain name, with FNV-1a hashing: names are short, the content is
//! local (no hash flooding to fear), and SipHash was the top cost of `check` on
//! large zones.
//!
//! The key is hickory's `Name` itself: its `Hash` and `Eq` both ignore ASCII case
//! (and agree with each other), so a lookup needs no lower-cased copy of the name —
//! building `LowerName`s was the top cost of `check` on a 100,000-record zone.

use hickory_proto::rr::Name;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 64 bits.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A map keyed by domain name, any case.
pub type NameMap<V> = HashMap<Name, V, BuildHasherDefault<Fnv>>;

/// A set of domain names, any case.
pub type NameSet = HashSet<Name, BuildHasherDefault<Fnv>>;

/// Whether `a` and `b` are the same name (any case, as `==`), turning most other
/// names away before hickory's label-by-label comparison: by label count, then by
/// the first label. Loading a large zone asks this once per record.
pub fn same_name(a: &Name, b: &Name) -> bool {
    let first_same = match (a.iter().next(), b.iter().next()) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (x, y) => x.is_none() && y.is_none(),
    };
    a.iter().len() == b.iter().len() && first_same && a == b
}
