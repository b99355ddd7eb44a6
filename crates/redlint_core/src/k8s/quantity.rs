//! Kubernetes resource quantities (`512Mi`, `1G`, `1.5Gi`, `129e6`): binary suffixes are powers
//! of 1024, decimal ones powers of 1000, unlike redis.conf where `1g` is 10^9 and `1gb` 2^30.

/// The number of bytes a memory quantity means, rounded up as the API server rounds it;
/// `None` for text that is not a quantity.
pub fn parse_bytes(text: &str) -> Option<u64> {
    let text = text.trim();
    let (sign_free, negative) = match text.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (text.strip_prefix('+').unwrap_or(text), false),
    };
    let number_end = sign_free.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(sign_free.len());
    let (number, suffix) = sign_free.split_at(number_end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.contains('.') {
        return None;
    }
    // Mantissa as an integer, scaled down by 10^fraction digits.
    let digits = format!("{whole}{fraction}");
    let mantissa: u128 = digits.trim_start_matches('0').parse().unwrap_or(0);
    let mut scale_down = u32::try_from(fraction.len()).ok()?;
    let (numerator, mut exponent10): (u128, i64) = match suffix {
        "" => (1, 0),
        "Ki" => (1 << 10, 0),
        "Mi" => (1 << 20, 0),
        "Gi" => (1 << 30, 0),
        "Ti" => (1 << 40, 0),
        "Pi" => (1 << 50, 0),
        "Ei" => (1 << 60, 0),
        "k" => (1, 3),
        "M" => (1, 6),
        "G" => (1, 9),
        "T" => (1, 12),
        "P" => (1, 15),
        "E" => (1, 18),
        "m" => (1, -3),
        "u" => (1, -6),
        "n" => (1, -9),
        exponent if exponent.starts_with(['e', 'E']) => (1, exponent[1..].parse::<i64>().ok()?),
        _ => return None,
    };
    if negative && mantissa != 0 {
        return None;
    }
    let mut value = mantissa.checked_mul(numerator)?;
    if exponent10 < 0 {
        scale_down = scale_down.checked_add(u32::try_from(-exponent10).ok()?)?;
        exponent10 = 0;
    }
    for _ in 0..exponent10 {
        value = value.checked_mul(10)?;
    }
    let divisor = 10u128.checked_pow(scale_down)?;
    let bytes = value.div_ceil(divisor);
    u64::try_from(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn binary_decimal_and_exponent_forms() {
        assert_eq!(parse_bytes("1Gi"), Some(1 << 30));
        assert_eq!(parse_bytes("256Mi"), Some(256 << 20));
        assert_eq!(parse_bytes("1.5Gi"), Some(3 << 29));
        assert_eq!(parse_bytes("1G"), Some(1_000_000_000));
        assert_eq!(parse_bytes("128974848"), Some(128_974_848));
        assert_eq!(parse_bytes("129e6"), Some(129_000_000));
        assert_eq!(parse_bytes("123k"), Some(123_000));
        assert_eq!(parse_bytes("1E"), Some(1_000_000_000_000_000_000));
        assert_eq!(parse_bytes("1500m"), Some(2));
        assert_eq!(parse_bytes(".5Ki"), Some(512));
        assert_eq!(parse_bytes("0"), Some(0));
        for bad in ["", "Gi", "1GB", "1gi", "-1Gi", "1..2", "x", "1e"] {
            assert_eq!(parse_bytes(bad), None, "{bad}");
        }
    }
}
