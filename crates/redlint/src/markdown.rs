//! A policy page rendered for a terminal: headings stand out, code blocks are indented (with
//! their file name), inline code, emphasis and links are readable without Markdown syntax.

use std::fmt::Write as _;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\u{1b}[{code}m{text}\u{1b}[0m") } else { text.to_owned() }
    }
}

/// `**bold**`, `` `code` ``, `[text](url)` and `<url>` in one line of prose.
fn inline(line: &str, style: &Style) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(position) = rest.find(['`', '*', '[', '<']) {
        out.push_str(&rest[..position]);
        let tail = &rest[position..];
        let consumed = if let Some(code) =
            tail.strip_prefix('`').and_then(|after| after.find('`').map(|end| &after[..end]))
        {
            if style.color {
                out.push_str(&style.paint("33", code));
            } else {
                let _ = write!(out, "`{code}`");
            }
            code.len() + 2
        } else if let Some(bold) =
            tail.strip_prefix("**").and_then(|after| after.find("**").map(|end| &after[..end]))
        {
            out.push_str(&style.paint("1", bold));
            bold.len() + 4
        } else if let Some((text, url, length)) = link(tail) {
            if text == url {
                out.push_str(&style.paint("4", url));
            } else {
                let _ = write!(out, "{text} ({})", style.paint("4", url));
            }
            length
        } else if let Some(url) = tail
            .strip_prefix('<')
            .and_then(|after| after.find('>').map(|end| &after[..end]))
            .filter(|url| url.contains("://"))
        {
            out.push_str(&style.paint("4", url));
            url.len() + 2
        } else {
            out.push_str(&tail[..1]);
            1
        };
        rest = &tail[consumed..];
    }
    out.push_str(rest);
    out
}

/// `[text](url)`: the text, the url and the length of the whole link.
fn link(text: &str) -> Option<(&str, &str, usize)> {
    let after = text.strip_prefix('[')?;
    let close = after.find("](")?;
    let url_start = close + 2;
    let url_end = after[url_start..].find(')')? + url_start;
    Some((&after[..close], &after[url_start..url_end], url_end + 2))
}

/// Render a page body (front matter already removed) under a header line.
pub(crate) fn render(header: &str, body: &str, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", style.paint("1", header));
    let mut in_code = false;
    for line in body.lines() {
        if let Some(info) = line.strip_prefix("```") {
            in_code = !in_code;
            if in_code {
                let file = info.split_whitespace().find_map(|word| word.strip_prefix("file="));
                let language = info.split_whitespace().next().unwrap_or("");
                let label = match file {
                    Some(file) => file.to_owned(),
                    None if !language.is_empty() => language.to_owned(),
                    None => String::new(),
                };
                if !label.is_empty() {
                    let _ = writeln!(out, "    {}", style.paint("2", &format!("─── {label}")));
                }
            }
            continue;
        }
        if in_code {
            let _ = writeln!(out, "    {}", style.paint("36", line));
        } else if let Some(title) = line.strip_prefix("# ") {
            let _ = writeln!(out, "{}", style.paint("1;4", title));
        } else if let Some(heading) = line.strip_prefix("## ") {
            let heading = if color {
                style.paint("1;35", heading)
            } else {
                format!("{heading}\n{}", "─".repeat(heading.chars().count()))
            };
            let _ = writeln!(out, "{heading}");
        } else if let Some(item) = line.strip_prefix("- ") {
            let _ = writeln!(out, "  • {}", inline(item, &style));
        } else {
            let _ = writeln!(out, "{}", inline(line, &style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_loses_its_markup() {
        let style = Style { color: false };
        assert_eq!(
            inline("see [the docs](https://x.io) and <https://y.io>", &style),
            "see the docs (https://x.io) and https://y.io"
        );
        assert_eq!(inline("**bold** `code` a*b", &style), "bold `code` a*b");
    }

    #[test]
    fn code_blocks_are_indented_under_their_file() {
        let out = render("h", "## Example\n```redis-conf file=conf/redis.conf\nport 1\n```\n", false);
        assert_eq!(out, "h\n\nExample\n───────\n    ─── conf/redis.conf\n    port 1\n");
    }
}
