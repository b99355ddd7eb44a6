//! "Did you mean …?" for misspelt rule names and configuration keys.

/// The candidate closest to `name` by edit distance, when it is close enough to be a typo.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    fn distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut previous: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut current = vec![i + 1];
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != *cb);
                current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
            }
            previous = current;
        }
        previous[b.len()]
    }
    let length = name.chars().count();
    candidates
        // The distance is at least the difference in length: a long name is far from every
        // candidate, and is not compared character by character.
        .filter(|candidate| length.abs_diff(candidate.chars().count()) <= (candidate.len() / 4).max(2))
        .map(|candidate| (distance(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 4).max(2))
        .min()
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names() {
        let names = crate::rules::all().map(|meta| meta.name);
        assert_eq!(closest("weak-pasword", names), Some("weak-password"));
        assert_eq!(closest("zzzz", crate::rules::all().map(|meta| meta.name)), None);
    }
}
