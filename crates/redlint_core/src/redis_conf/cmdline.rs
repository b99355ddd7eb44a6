//! The `redis-server` command line, turned into config lines exactly as Redis's `main()`
//! does: `argv[1]` is the config file unless it starts with `-`; every `--name` starts a new
//! line; every other argument is appended quoted (`sdscatrepr`), so values with spaces
//! survive; a name still waiting for its value takes the next argument even if it starts
//! with `--` (7.0.1+), except that `--save` and `--sentinel` may stand alone.
//! The lines are then tokenised by the same lexer as a file, and every token points back at
//! the argument it came from.

use std::fmt::Write as _;
use std::ops::Range;

use super::lexer::{LexError, Lines, Token, lex};
use crate::source::{FileId, Span};

#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    /// `argv[1]` when it does not start with `-`.
    pub config_file: Option<(String, Span)>,
    pub options: Lines,
    /// `-` as the first or last argument: the rest of the config comes from stdin.
    pub reads_stdin: bool,
    /// `redis-sentinel`, or `--sentinel` among the options.
    pub sentinel: bool,
}

/// Parse the arguments after the program name. `program` is `argv[0]` (`redis-server`,
/// `/usr/local/bin/redis-server`, `redis-sentinel`…).
pub fn parse_command_line(program: &str, args: &[(String, Span)]) -> CommandLine {
    let mut result = CommandLine {
        sentinel: program.rsplit('/').next().is_some_and(|name| name == "redis-sentinel"),
        ..CommandLine::default()
    };
    let mut start = 0;
    if let Some((first, span)) = args.first() {
        if !first.starts_with('-') {
            result.config_file = Some((first.clone(), *span));
            start = 1;
        }
    }
    let mut text = String::new();
    let mut pieces: Vec<(Range<usize>, Span)> = Vec::new();
    let mut push = |text: &mut String, piece: &str, span: Span| {
        let start = text.len();
        text.push_str(piece);
        pieces.push((start..text.len(), span));
    };
    let last = args.len().saturating_sub(1);
    let mut handled_last = true;
    for (j, (arg, span)) in args.iter().enumerate().skip(start) {
        if arg == "-" && (j == 0 || j == last) {
            result.reads_stdin = true;
        } else if handled_last && arg.starts_with("--") {
            if !text.is_empty() {
                text.push('\n');
            }
            push(&mut text, &arg[2..], *span);
            text.push(' ');
            if arg.eq_ignore_ascii_case("--sentinel") {
                result.sentinel = true;
            }
            let next_is_option = args.get(j + 1).is_some_and(|(next, _)| next.starts_with("--"));
            if count_args(arg) == 1 {
                handled_last = false;
                if arg.eq_ignore_ascii_case("--save") && (j == last || next_is_option) {
                    push(&mut text, "\"\"", *span);
                    handled_last = true;
                } else if arg.eq_ignore_ascii_case("--sentinel") && next_is_option {
                    handled_last = true;
                }
            } else {
                handled_last = true;
            }
        } else {
            push(&mut text, &repr(arg), *span);
            text.push(' ');
            handled_last = true;
        }
    }
    result.options = remap(&text, &pieces);
    result
}

fn count_args(arg: &str) -> usize {
    let lines = lex(FileId(u32::MAX), arg);
    lines.iter().map(|(_, tokens)| tokens.len()).sum::<usize>().max(1)
}

/// `sdscatrepr`.
fn repr(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for byte in value.bytes() {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'\x07' => out.push_str("\\a"),
            b'\x08' => out.push_str("\\b"),
            0x20..=0x7e => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push('"');
    out
}

/// Tokenise the synthesised text and point every token at the argument it came from.
fn remap(text: &str, pieces: &[(Range<usize>, Span)]) -> Lines {
    let source_of = |offset: u32| {
        let offset = offset as usize;
        pieces
            .iter()
            .find(|(range, _)| range.start <= offset && offset < range.end.max(range.start + 1))
            .or_else(|| pieces.iter().rev().find(|(range, _)| range.start <= offset))
            .map(|(_, span)| *span)
    };
    let map_span = |span: Span| -> Option<Span> {
        let start = source_of(span.start)?;
        let end = source_of(span.end.saturating_sub(1).max(span.start))?;
        Some(if start.file == end.file { start.cover(end) } else { start })
    };
    let mut out = Lines::default();
    let synthetic = lex(FileId(u32::MAX), text);
    for (index, (line, tokens)) in synthetic.iter().enumerate() {
        let mapped: Vec<Token> = tokens
            .iter()
            .filter_map(|token| Some(Token::decoded(map_span(token.span)?, token.value(text))))
            .collect();
        let error = line.error.and_then(|error| {
            let span = map_span(error.span())?;
            Some(match error {
                LexError::UnterminatedQuote(_) => LexError::UnterminatedQuote(span),
                LexError::TextAfterClosingQuote(_) => LexError::TextAfterClosingQuote(span),
                LexError::NulByte(_) => LexError::NulByte(span),
            })
        });
        let Some(line_span) = mapped
            .first()
            .map(|first| {
                let last = mapped.last().expect("non-empty").span;
                if first.span.file == last.file { first.span.cover(last) } else { first.span }
            })
            .or(error.map(LexError::span))
        else {
            continue;
        };
        out.push(index as u32 + 1, line_span, mapped, error);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(args: &[&str]) -> Vec<(String, Span)> {
        let mut offset = 0;
        args.iter()
            .map(|arg| {
                let span = Span::new(FileId(7), offset, offset + arg.len());
                offset += arg.len() + 1;
                ((*arg).to_owned(), span)
            })
            .collect()
    }

    fn lines(command: &CommandLine) -> Vec<Vec<String>> {
        command
            .options
            .iter()
            .map(|(_, tokens)| tokens.iter().map(|token| token.value("").to_owned()).collect())
            .collect()
    }

    #[test]
    fn builds_lines_like_redis_main() {
        let command = parse_command_line(
            "redis-server",
            &argv(&[
                "/etc/redis.conf",
                "--port",
                "6380",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--masteruser",
                "a b",
            ]),
        );
        assert_eq!(command.config_file.as_ref().unwrap().0, "/etc/redis.conf");
        assert_eq!(
            lines(&command),
            [vec!["port", "6380"], vec!["save", ""], vec!["appendonly", "yes"], vec!["masteruser", "a b"]]
        );
    }

    #[test]
    fn a_waiting_name_takes_the_next_argument() {
        let command = parse_command_line("redis-server", &argv(&["--requirepass", "--appendonly"]));
        assert_eq!(lines(&command), [vec!["requirepass", "--appendonly"]]);
        let command = parse_command_line("redis-server", &argv(&["--requirepass", "--appendonly", "yes"]));
        assert_eq!(lines(&command), [vec!["requirepass", "--appendonly", "yes"]]);
    }

    #[test]
    fn save_and_sentinel_may_stand_alone() {
        let command = parse_command_line("redis-server", &argv(&["--save", "--port", "7"]));
        assert_eq!(lines(&command), [vec!["save", ""], vec!["port", "7"]]);
        let command = parse_command_line("redis-server", &argv(&["--port", "7", "--save"]));
        assert_eq!(lines(&command), [vec!["port", "7"], vec!["save", ""]]);
        let command = parse_command_line("redis-server", &argv(&["--sentinel", "--port", "7"]));
        assert!(command.sentinel);
        assert_eq!(lines(&command), [vec!["sentinel"], vec!["port", "7"]]);
    }

    #[test]
    fn name_and_value_in_one_argument() {
        let command = parse_command_line("redis-server", &argv(&["--maxmemory 5mb", "--port", "1"]));
        assert_eq!(lines(&command), [vec!["maxmemory", "5mb"], vec!["port", "1"]]);
    }

    #[test]
    fn a_path_after_an_option_is_its_value() {
        let command = parse_command_line("redis-server", &argv(&["--port", "6380", "/etc/redis.conf"]));
        assert!(command.config_file.is_none());
        assert_eq!(lines(&command), [vec!["port", "6380", "/etc/redis.conf"]]);
    }

    #[test]
    fn tokens_point_at_their_arguments() {
        let args = argv(&["--requirepass", "s3cret word"]);
        let command = parse_command_line("redis-server", &args);
        let (line, tokens) = command.options.iter().next().unwrap();
        assert_eq!(tokens[0].span, args[0].1);
        assert_eq!(tokens[1].span, args[1].1);
        assert_eq!(line.span, args[0].1.cover(args[1].1));
        assert_eq!(tokens[1].value(""), "s3cret word");
    }
}
