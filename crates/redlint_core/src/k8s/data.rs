//! The files a ConfigMap or Secret holds (`data`, and a Secret's `stringData`): each key's
//! text, decoded, with the map from that text back to the manifest. The engine registers each
//! one as an embedded source, so a redis.conf in a ConfigMap is tokenised, loaded and reported
//! like a file while its findings point into the manifest.

use std::collections::HashMap;

use super::object::{Kind, Object, Str};
use crate::yaml::{ScalarMap, YamlRef};

/// Most keys read from one object.
const MAX_KEYS: usize = 1_000;

/// One key of a ConfigMap or Secret.
#[derive(Clone, Debug)]
pub(crate) struct DataEntry<'a> {
    pub key: Str<'a>,
    /// The value's node in the manifest.
    pub value_span: crate::source::Span,
    pub text: String,
    pub map: ScalarMap,
    /// A Secret's value (masked in every output).
    pub secret: bool,
}

/// The keys of a ConfigMap or Secret, `stringData` winning over `data` as the API server
/// merges them. A Secret's `data` is base64; values that do not decode to text are left out.
pub(crate) fn entries<'a>(object: &Object<'a>, text: &str) -> Vec<DataEntry<'a>> {
    let secret = object.kind == Kind::Secret;
    if !matches!(object.kind, Kind::ConfigMap | Kind::Secret) {
        return Vec::new();
    }
    let mut out: Vec<DataEntry<'a>> = Vec::new();
    let mut add = |key: YamlRef<'a>, value: YamlRef<'a>, base64: bool| {
        let Some(key) = Str::of(key) else { return };
        let Some(raw) = value.as_str() else { return };
        let entry = if base64 {
            let Some(decoded) = decode_base64(raw).and_then(|bytes| String::from_utf8(bytes).ok()) else {
                return;
            };
            let map = ScalarMap::opaque(value.span(), decoded.len());
            DataEntry { key, value_span: value.span(), text: decoded, map, secret }
        } else {
            let Some(map) = value.scalar_map(text) else { return };
            DataEntry { key, value_span: value.span(), text: raw.to_owned(), map, secret }
        };
        out.retain(|existing| existing.key.value != entry.key.value);
        out.push(entry);
    };
    let data = object.node.get("data").filter(YamlRef::is_mapping);
    for (key, value) in data.map(|data| data.entries()).unwrap_or_default().into_iter().take(MAX_KEYS) {
        add(key, value, secret);
    }
    if secret {
        let string_data = object.node.get("stringData").filter(YamlRef::is_mapping);
        for (key, value) in
            string_data.map(|data| data.entries()).unwrap_or_default().into_iter().take(MAX_KEYS)
        {
            add(key, value, false);
        }
    }
    out
}

/// Every value of a Secret's `data` and `stringData`, with its key: masked in every output,
/// also the values [`entries`] leaves out (base64 of binary data).
pub(crate) fn secret_values(object: &Object<'_>) -> Vec<(String, crate::source::Span)> {
    if object.kind != Kind::Secret {
        return Vec::new();
    }
    let mut out = Vec::new();
    for field in ["data", "stringData"] {
        let Some(map) = object.node.get(field).filter(YamlRef::is_mapping) else { continue };
        for (key, value) in map.entries().into_iter().take(MAX_KEYS) {
            if value.as_str().is_some() {
                let key = Str::of(key).map_or_else(String::new, |key| key.value.to_owned());
                out.push((key, value.span()));
            }
        }
    }
    out
}

/// Standard base64 (with or without padding), ignoring white space as `kubectl` tolerates
/// line-wrapped values.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    let mut padding = false;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if padding {
            return None;
        }
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    (bits < 6).then_some(out)
}

/// The repository path of an embedded text: the manifest's path, then the object and key
/// (`deploy/redis.yaml#ConfigMap/redis-config/redis.conf`). Paths are unique per object;
/// `taken` says whether a path is already used (two objects of the same name in one file),
/// and `next_suffix` remembers, per path, the suffix to try next: thousands of objects of one
/// name would otherwise each try every suffix the earlier ones took.
pub(crate) fn data_dir(
    host_path: &str,
    kind: &str,
    name: &str,
    next_suffix: &mut HashMap<String, usize>,
    taken: &dyn Fn(&str) -> bool,
) -> String {
    let base = format!("{host_path}#{kind}/{name}");
    let next = next_suffix.entry(base.clone()).or_insert(1);
    if *next == 1 {
        *next = 2;
        if !taken(&base) {
            return base;
        }
    }
    while *next < usize::MAX {
        let candidate = format!("{base}~{next}");
        *next += 1;
        if !taken(&candidate) {
            return candidate;
        }
    }
    base
}

/// A message's description of an embedded text's path: "key `redis.conf` of ConfigMap `x`".
pub fn describe_data_path(path: &str) -> Option<String> {
    let (_, object) = path.split_once('#')?;
    let mut parts = object.splitn(3, '/');
    let (kind, name, key) = (parts.next()?, parts.next()?, parts.next());
    let name = name.split('~').next().unwrap_or(name);
    Some(match key {
        Some(key) => format!("key `{key}` of {kind} `{name}`"),
        None => format!("{kind} `{name}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::yaml::parse;

    #[test]
    fn base64_as_kubernetes_writes_it() {
        assert_eq!(decode_base64("T3BzdHJlZUAxMjM0Cg==").unwrap(), b"Opstree@1234\n");
        assert_eq!(decode_base64("YWJj").unwrap(), b"abc");
        assert_eq!(decode_base64("YWI").unwrap(), b"ab");
        assert_eq!(decode_base64("YW\n Jj").unwrap(), b"abc");
        assert_eq!(decode_base64("YW=Jj"), None);
        assert_eq!(decode_base64("Y"), None);
        assert_eq!(decode_base64("a*b"), None);
    }

    #[test]
    fn config_map_and_secret_entries() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  redis.conf: cmVxdWlyZXBhc3MgeAo=\n  bin: //79\nstringData:\n  extra.conf: |\n    maxmemory 1gb\n";
        let yaml = parse(FileId(0), text);
        let objects = super::super::object::objects(FileId(0), &yaml);
        let found = entries(&objects[0], text);
        let keys: Vec<(&str, &str)> =
            found.iter().map(|entry| (entry.key.value, entry.text.as_str())).collect();
        assert_eq!(keys, [("redis.conf", "requirepass x\n"), ("extra.conf", "maxmemory 1gb\n")]);
        // A base64 value maps as a whole; a stringData value character by character.
        assert_eq!(&text[found[0].map.span(FileId(0), 12, 13).range()], "cmVxdWlyZXBhc3MgeAo=");
        assert_eq!(&text[found[1].map.span(FileId(0), 10, 13).range()], "1gb");
    }

    #[test]
    fn paths_and_their_descriptions() {
        let mut next = HashMap::new();
        let path = data_dir("k8s/a.yaml", "ConfigMap", "cfg", &mut next, &|_| false);
        assert_eq!(path, "k8s/a.yaml#ConfigMap/cfg");
        let taken = |path: &str| path == "a.yaml#Secret/s";
        assert_eq!(data_dir("a.yaml", "Secret", "s", &mut next, &taken), "a.yaml#Secret/s~2");
        assert_eq!(data_dir("a.yaml", "Secret", "s", &mut next, &taken), "a.yaml#Secret/s~3");
        assert_eq!(
            describe_data_path("k8s/a.yaml#ConfigMap/cfg/redis.conf").unwrap(),
            "key `redis.conf` of ConfigMap `cfg`"
        );
        assert_eq!(describe_data_path("a.yaml#Secret/s~2").unwrap(), "Secret `s`");
        assert_eq!(describe_data_path("conf/redis.conf"), None);
    }
}
