//! Pathological content, generated: shared by tests/hardening.rs (it loads, with the
//! right findings) and benches/engines.rs (time grows linearly from 10 k to 100 k).

/// A bank-shaped YAML file whose one mapping has `keys` keys (duplicate-key detection
/// once scanned every earlier key: 100 k keys took 54 s).
pub fn yaml_keys(keys: usize) -> String {
    let mut text = String::with_capacity(keys * 16);
    text.push_str("bank: wide\ntitle: Wide\nextra:\n");
    for i in 0..keys {
        text.push_str(&format!("  key{i}: {i}\n"));
    }
    text
}

/// A master file with `records` TXT records at the apex, one owner (grouping and
/// duplicate merging once scanned the owner's records: 100 k took 254 s).
pub fn zone_one_owner(records: usize) -> String {
    let mut text = String::with_capacity(records * 24);
    text.push_str("$ORIGIN wide.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n");
    for i in 0..records {
        text.push_str(&format!("@ IN TXT \"record {i}\"\n"));
    }
    // One duplicate, which BIND merges silently: it must be merged here too.
    text.push_str("@ IN TXT \"record 0\"\n");
    text
}

/// A master file with `records` MX records at the apex, each exchange with its address
/// (the linter once scanned the apex's records for a DNAME or NS per exchange).
pub fn zone_many_mx(records: usize) -> String {
    let mut text = String::with_capacity(records * 48);
    text.push_str("$ORIGIN mx-wide.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n");
    for i in 0..records {
        text.push_str(&format!(
            "@ IN MX {} mx{i}\nmx{i} IN A 10.{}.{}.{}\n",
            i % 65_536,
            i >> 16,
            (i >> 8) & 255,
            i & 255
        ));
    }
    text
}
