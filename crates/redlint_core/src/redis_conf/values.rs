//! Redis's value parsers, reproduced byte for byte: `yesnotoi`, `string2ll`, `memtoull`,
//! `strtoll`/`strtol` as the `save` and `replicaof` setters use them, and octal.

/// `yesnotoi`: `yes` or `no`, case-insensitive.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("yes") {
        Some(true)
    } else if text.eq_ignore_ascii_case("no") {
        Some(false)
    } else {
        None
    }
}

/// `string2ll`: strict decimal. No `+`, no leading zeros (except `0` itself), no `-0`, no
/// spaces, at most 20 characters, and it must fit a `long long`.
pub fn string2ll(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() >= 21 {
        return None;
    }
    if bytes == b"0" {
        return Some(0);
    }
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) if !rest.is_empty() => (true, rest),
        Some((b'-', _)) => return None,
        _ => (false, bytes),
    };
    if !(b'1'..=b'9').contains(&digits[0]) || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value: u64 = 0;
    for &digit in digits {
        value = value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
    }
    if negative {
        if value > i64::MAX as u64 + 1 { None } else { Some((value as i64).wrapping_neg()) }
    } else {
        i64::try_from(value).ok()
    }
}

/// The unit multipliers `memtoull` accepts (case-insensitive).
pub const MEMORY_UNITS: &[(&str, u64)] = &[
    ("", 1),
    ("b", 1),
    ("k", 1000),
    ("kb", 1024),
    ("m", 1000 * 1000),
    ("mb", 1024 * 1024),
    ("g", 1000 * 1000 * 1000),
    ("gb", 1024 * 1024 * 1024),
];

/// A memory value as `memtoull` reads it, with the unit the author wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryValue {
    pub bytes: u64,
    /// The unit suffix as written (`""`, `"1g"` → `"g"`, `"GB"`), for the decimal-unit rule.
    pub unit_len: u8,
    pub multiplier: u64,
}

/// `memtoull`: leading digits (possibly none: `""` and `"mb"` are 0), then a unit. No sign,
/// no decimal point, no space, no `t`/`tb`; overflow is an error.
pub fn memtoull(text: &str) -> Option<MemoryValue> {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b'-') {
        return None;
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let unit = &text[digits..];
    let multiplier = MEMORY_UNITS.iter().find(|(name, _)| unit.eq_ignore_ascii_case(name))?.1;
    if digits >= 128 {
        return None;
    }
    // strtoull of an empty string yields 0 without an error on glibc and musl.
    let mut value: u64 = 0;
    for &digit in &bytes[..digits] {
        value = value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
    }
    let bytes = value.checked_mul(multiplier)?;
    Some(MemoryValue { bytes, unit_len: unit.len() as u8, multiplier })
}

/// `strtoll(text, &end, 10)` with `*end == '\0'` required, as the `save` and
/// `client-output-buffer-limit` setters use it: leading whitespace and a sign are allowed,
/// an empty digit sequence reads as 0 only when nothing else follows. Saturates like glibc.
pub fn strtoll_full(text: &str) -> Option<i64> {
    let (negative, rest) = strtol_prefix(text);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        // No conversion: strtoll leaves end at the start of the string.
        return if text.is_empty() { Some(0) } else { None };
    }
    if digits != rest.len() {
        return None;
    }
    let mut value: i128 = 0;
    for digit in rest.bytes() {
        value = (value * 10 + i128::from(digit - b'0')).min(i128::from(i64::MAX) + 1);
    }
    if negative {
        value = -value;
    }
    Some(value.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64)
}

/// What `strtol` skips before the digits: leading whitespace, then an optional sign.
fn strtol_prefix(text: &str) -> (bool, &str) {
    let trimmed = text.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    }
}

/// Octal as `strtoll(text, &end, 8)` with a full match and no overflow.
pub fn parse_octal(text: &str) -> Option<i64> {
    let (negative, rest) = strtol_prefix(text);
    if rest.is_empty() || !rest.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return None;
    }
    let value = i64::from_str_radix(rest, 8).ok()?;
    Some(if negative { -value } else { value })
}

/// Format a byte count the way a person would write it in redis.conf (`1gb`, `512mb`), or
/// plain bytes when no binary unit divides it.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size && bytes % size == 0 {
            return format!("{}{unit}", bytes / size);
        }
    }
    bytes.to_string()
}

/// Human-readable size with binary units and up to one decimal (`1.5 GiB`), for messages.
pub fn describe_bytes(bytes: u64) -> String {
    const UNITS: [(&str, u64); 4] = [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let tenths = (u128::from(bytes) * 10 / u128::from(size)) as u64;
            return if tenths % 10 == 0 {
                format!("{} {unit}", tenths / 10)
            } else {
                format!("{}.{} {unit}", tenths / 10, tenths % 10)
            };
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string2ll_is_strict() {
        assert_eq!(string2ll("0"), Some(0));
        assert_eq!(string2ll("-2"), Some(-2));
        assert_eq!(string2ll("9223372036854775807"), Some(i64::MAX));
        assert_eq!(string2ll("-9223372036854775808"), Some(i64::MIN));
        for bad in ["", "-", "-0", "007", "+1", " 1", "1 ", "1.5", "9223372036854775808", "1k"] {
            assert_eq!(string2ll(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn memtoull_follows_redis() {
        let bytes = |text| memtoull(text).map(|value| value.bytes);
        assert_eq!(bytes("1g"), Some(1_000_000_000));
        assert_eq!(bytes("1GB"), Some(1 << 30));
        assert_eq!(bytes("1Gb"), Some(1 << 30));
        assert_eq!(bytes("1k"), Some(1000));
        assert_eq!(bytes("1kb"), Some(1024));
        assert_eq!(bytes("100"), Some(100));
        assert_eq!(bytes("100b"), Some(100));
        assert_eq!(bytes(""), Some(0));
        assert_eq!(bytes("mb"), Some(0));
        assert_eq!(bytes("007mb"), Some(7 << 20));
        for bad in ["1.5gb", "1tb", "-1", "1 gb", "+1", "1gib", "18446744073709551616", "20000000000gb"] {
            assert_eq!(bytes(bad), None, "{bad:?}");
        }
        assert_eq!(memtoull("2gb").unwrap().unit_len, 2);
    }

    #[test]
    fn strtoll_full_accepts_what_strtoll_accepts() {
        assert_eq!(strtoll_full("900"), Some(900));
        assert_eq!(strtoll_full(" +5"), Some(5));
        assert_eq!(strtoll_full("007"), Some(7));
        assert_eq!(strtoll_full("-1"), Some(-1));
        assert_eq!(strtoll_full(""), Some(0));
        assert_eq!(strtoll_full("1x"), None);
        assert_eq!(strtoll_full("x"), None);
        assert_eq!(strtoll_full("99999999999999999999"), Some(i64::MAX));
    }

    #[test]
    fn formats_sizes() {
        assert_eq!(format_bytes(1 << 30), "1gb");
        assert_eq!(format_bytes(1_000_000_000), "1000000000");
        assert_eq!(describe_bytes(1_000_000_000), "953.6 MiB");
        assert_eq!(describe_bytes(1 << 30), "1 GiB");
        assert_eq!(describe_bytes(12), "12 bytes");
    }
}
