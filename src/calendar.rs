//! Dates from seconds since 1970 (UTC), for dig's WHEN line and for reports — no
//! clock is read here.

/// The civil date (year, month 1–12, day 1–31) of a time, by Howard Hinnant's
/// days-from-civil algorithm run backwards.
pub fn civil(unix: u64) -> (i64, i64, i64) {
    let z = (unix / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_dates() {
        assert_eq!(super::civil(0), (1970, 1, 1));
        assert_eq!(super::civil(1_795_827_205), (2026, 11, 28));
        assert_eq!(super::civil(951_782_400), (2000, 2, 29));
    }
}
