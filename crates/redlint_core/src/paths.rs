//! Repository paths: relative, `/`-separated and lexically normalised, so the same file is
//! always spelled the same way whichever frontend (CLI, playground, action) supplied it.

/// Normalise a path: `\` becomes `/`, `.` segments and empty segments go, `a/..` collapses.
/// A leading `/` is kept (container paths are absolute); leading `..` segments of a relative
/// path are kept too.
pub fn normalize_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if absolute => {}
                _ => parts.push(".."),
            },
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute { format!("/{joined}") } else { joined }
}

/// The directory part of a normalised path (`""` for a file at the root).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(index) => &path[..index],
        None => "",
    }
}

/// Join a relative path onto a directory and normalise; an absolute `relative` wins.
pub fn join(dir: &str, relative: &str) -> String {
    if relative.starts_with('/') || dir.is_empty() {
        normalize_path(relative)
    } else {
        normalize_path(&format!("{dir}/{relative}"))
    }
}

pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Shell-style glob match of one path against a pattern, as `glob(3)` does for Redis's
/// `include`: `*` and `?` never match `/`, `[...]` is a character class (`!` or `^` negates).
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn matches(pattern: &[char], text: &[char]) -> bool {
        let (mut p, mut t) = (0, 0);
        let (mut star_p, mut star_t) = (usize::MAX, 0);
        while t < text.len() {
            if p < pattern.len() {
                match pattern[p] {
                    '*' => {
                        star_p = p;
                        star_t = t;
                        p += 1;
                        continue;
                    }
                    '?' if text[t] != '/' => {
                        p += 1;
                        t += 1;
                        continue;
                    }
                    '[' => {
                        if let Some((matched, next)) = class_matches(pattern, p, text[t]) {
                            if matched && text[t] != '/' {
                                p = next;
                                t += 1;
                                continue;
                            }
                        } else if text[t] == '[' {
                            p += 1;
                            t += 1;
                            continue;
                        }
                    }
                    c if c == text[t] => {
                        p += 1;
                        t += 1;
                        continue;
                    }
                    _ => {}
                }
            }
            if star_p != usize::MAX && text[star_t] != '/' {
                p = star_p + 1;
                star_t += 1;
                t = star_t;
                continue;
            }
            return false;
        }
        pattern[p..].iter().all(|&c| c == '*')
    }
    /// `Some((matched, index after the class))`, or `None` when the `[` starts no class.
    fn class_matches(pattern: &[char], open: usize, c: char) -> Option<(bool, usize)> {
        let mut i = open + 1;
        let negate = matches!(pattern.get(i), Some('!' | '^'));
        if negate {
            i += 1;
        }
        let mut matched = false;
        let mut first = true;
        while i < pattern.len() {
            if pattern[i] == ']' && !first {
                return Some((matched != negate, i + 1));
            }
            first = false;
            if i + 2 < pattern.len() && pattern[i + 1] == '-' && pattern[i + 2] != ']' {
                if pattern[i] <= c && c <= pattern[i + 2] {
                    matched = true;
                }
                i += 3;
            } else {
                if pattern[i] == c {
                    matched = true;
                }
                i += 1;
            }
        }
        None
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = path.chars().collect();
    matches(&pattern, &text)
}

/// Match a repository path against an `[[ignore]]` glob: segments match with
/// [`glob_match`], a `**` segment matches any number of segments, and a pattern that matches
/// a directory also matches everything under it (`vendor` covers `vendor/a/redis.conf`).
pub fn path_glob_match(pattern: &str, path: &str) -> bool {
    let pattern = normalize_path(pattern.trim_end_matches('/'));
    let path = normalize_path(path);
    let mut pattern: Vec<&str> = pattern.split('/').filter(|segment| !segment.is_empty()).collect();
    let path: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    if pattern.is_empty() {
        return false;
    }
    // Matching a prefix is matching the whole path with `**` appended.
    pattern.push("**");
    // `*` matching over segments: every other segment matches exactly one path segment, so
    // on a mismatch only the latest `**` needs to take one more segment. Trying every split
    // for every `**` instead is exponential in their number (`**/**/**/…/x`).
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < path.len() {
        if pattern.get(p) == Some(&"**") {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && glob_match(pattern[p], path[t]) {
            p += 1;
            t += 1;
        } else if let Some((star_p, star_t)) = star {
            star = Some((star_p, star_t + 1));
            p = star_p + 1;
            t = star_t + 1;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&segment| segment == "**")
}

pub fn has_glob_chars(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(normalize_path("./a//b/./c"), "a/b/c");
        assert_eq!(normalize_path("a/../../b"), "../b");
        assert_eq!(normalize_path("/etc/../usr/./x"), "/usr/x");
        assert_eq!(normalize_path("/.."), "/");
        assert_eq!(normalize_path("a\\b"), "a/b");
        assert_eq!(join("conf", "../x.conf"), "x.conf");
        assert_eq!(join("conf", "/abs"), "/abs");
        assert_eq!(parent("a/b/c"), "a/b");
        assert_eq!(parent("c"), "");
        assert_eq!(parent("/c"), "/");
    }

    #[test]
    fn globs_like_glob3() {
        assert!(glob_match("conf.d/*.conf", "conf.d/a.conf"));
        assert!(!glob_match("conf.d/*.conf", "conf.d/sub/a.conf"));
        assert!(glob_match("x/?.conf", "x/a.conf"));
        assert!(glob_match("x/[ab].conf", "x/b.conf"));
        assert!(!glob_match("x/[!ab].conf", "x/b.conf"));
        assert!(glob_match("x/[a-c]*", "x/bee"));
        assert!(glob_match("*", "anything"));
        assert!(!glob_match("a*b", "acd"));
    }

    #[test]
    fn path_globs_cross_directories_with_double_stars() {
        assert!(path_glob_match("vendor/**", "vendor/a/b/redis.conf"));
        assert!(path_glob_match("vendor", "vendor/redis.conf"));
        assert!(path_glob_match("vendor/", "vendor/redis.conf"));
        assert!(path_glob_match("**/redis.conf", "redis.conf"));
        assert!(path_glob_match("**/redis.conf", "a/b/redis.conf"));
        assert!(path_glob_match("deploy/*.conf", "deploy/cache.conf"));
        assert!(!path_glob_match("deploy/*.conf", "deploy/sub/cache.conf"));
        assert!(path_glob_match("deploy/**/*.conf", "deploy/sub/cache.conf"));
        assert!(!path_glob_match("*.conf", "deploy/cache.conf"));
        assert!(!path_glob_match("vendor", "vendored/redis.conf"));
        assert!(!path_glob_match("", "redis.conf"));
    }
}
