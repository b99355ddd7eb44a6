//! Policy pages: `policies/<category>/<rule-name>.md`, the single source of a rule's
//! documentation. Front matter (between `---` lines) holds the metadata; the body has the
//! fixed sections *What it does*, *Why is this bad?*, *Example*, *Use instead*, *References*.
//!
//! This file is also compiled into `build.rs` (which embeds every page), so it uses only
//! `std`.

/// Metadata from a page's front matter, borrowed from the page text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    pub name: &'a str,
    pub category: &'a str,
    pub severity: &'a str,
    pub summary: &'a str,
    pub applies_to: Vec<&'a str>,
    pub since: &'a str,
    pub references: Vec<&'a str>,
    pub related: Vec<&'a str>,
}

/// The sections every page has, in this order.
pub const SECTIONS: [&str; 5] = ["What it does", "Why is this bad?", "Example", "Use instead", "References"];

const KEYS: [&str; 8] =
    ["name", "category", "severity", "summary", "applies-to", "since", "references", "related"];

/// Split a page into its front matter and its Markdown body.
pub fn split(page: &str) -> Result<(FrontMatter<'_>, &str), String> {
    let rest = page.strip_prefix("---\n").ok_or("a policy page starts with `---` front matter")?;
    let end = rest.find("\n---\n").ok_or("front matter is not closed by a `---` line")?;
    let (front, body) = (&rest[..end], rest[end + 5..].trim_start_matches('\n'));
    let mut fields: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in front.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(item) = line.strip_prefix("  - ") {
            let (_, values) =
                fields.last_mut().ok_or_else(|| format!("list item `{item}` before any key"))?;
            values.push(item.trim());
            continue;
        }
        let (key, value) =
            line.split_once(':').ok_or_else(|| format!("front matter line `{line}` is not `key: value`"))?;
        if !KEYS.contains(&key) {
            return Err(format!("unknown front matter key `{key}` (expected one of {})", KEYS.join(", ")));
        }
        if fields.iter().any(|(existing, _)| *existing == key) {
            return Err(format!("front matter key `{key}` appears twice"));
        }
        let value = value.trim();
        let values = if let Some(list) = value.strip_prefix('[').and_then(|value| value.strip_suffix(']')) {
            list.split(',').map(str::trim).filter(|item| !item.is_empty()).collect()
        } else if value.is_empty() {
            Vec::new()
        } else {
            vec![value]
        };
        fields.push((key, values));
    }
    let one = |key: &str| -> Result<&str, String> {
        match fields.iter().find(|(name, _)| *name == key) {
            Some((_, values)) if values.len() == 1 => Ok(values[0]),
            Some(_) => Err(format!("front matter key `{key}` needs exactly one value")),
            None => Err(format!("front matter key `{key}` is missing")),
        }
    };
    let many = |key: &str| {
        fields.iter().find(|(name, _)| *name == key).map(|(_, values)| values.clone()).unwrap_or_default()
    };
    Ok((
        FrontMatter {
            name: one("name")?,
            category: one("category")?,
            severity: one("severity")?,
            summary: one("summary")?,
            applies_to: many("applies-to"),
            since: one("since")?,
            references: many("references"),
            related: many("related"),
        },
        body,
    ))
}

/// The text of a `## Heading` section (without the heading), or `None`.
pub fn section<'a>(body: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("## {heading}\n");
    let start =
        if body.starts_with(&marker) { 0 } else { body.find(&format!("\n{marker}"))? + 1 } + marker.len();
    let rest = &body[start..];
    let mut offset = 0;
    let mut in_fence = false;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with("## ") {
            return Some(rest[..offset].trim_matches('\n'));
        }
        offset += line.len();
    }
    Some(rest.trim_matches('\n'))
}

/// Headings (`## …`) outside code blocks, in order.
pub fn headings(body: &str) -> Vec<&str> {
    let mut in_fence = false;
    let mut headings = Vec::new();
    for line in body.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some(heading) = line.strip_prefix("## ") {
                headings.push(heading.trim());
            }
        }
    }
    headings
}

/// A fenced code block: ```` ```<language> [file=<path>] ````.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock<'a> {
    pub language: &'a str,
    pub file: Option<&'a str>,
    /// Other words of the info string: `escapes` (`\xHH` in the code stands for a byte),
    /// `no-final-newline` (the file ends without one).
    pub attributes: Vec<&'a str>,
    pub code: String,
}

pub fn code_blocks(section: &str) -> Vec<CodeBlock<'_>> {
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else { continue };
        let mut words = info.split_whitespace();
        let language = words.next().unwrap_or("");
        let (files, attributes): (Vec<&str>, Vec<&str>) = words.partition(|word| word.starts_with("file="));
        let file = files.first().and_then(|word| word.strip_prefix("file="));
        let mut code = String::new();
        for line in lines.by_ref() {
            if line.starts_with("```") {
                break;
            }
            code.push_str(line);
            code.push('\n');
        }
        blocks.push(CodeBlock { language, file, attributes, code });
    }
    blocks
}
