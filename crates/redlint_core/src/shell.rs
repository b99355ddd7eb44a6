//! Shell-style word splitting, shared by every place a deployment hands a command line to a
//! shell or splits it like one: Compose's string-form `command:` (split like `shlex`, no shell
//! runs), `sh -c` scripts in commands and health checks, and Dockerfile shell-form
//! instructions.
//!
//! Quotes group, backslashes escape, nothing is expanded: `$VAR` stays as written, because its
//! value is only known when the container starts. Every word keeps its byte range in the text.

/// One word of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The text after quote removal.
    pub text: String,
    /// Byte range in the split text, quotes included.
    pub start: usize,
    pub end: usize,
    /// Some part of it was quoted (so `""` is an empty word, and `";"` is not an operator).
    pub quoted: bool,
    /// A control operator that ends a command: `;`, `&&`, `||`, `|`, `&`, or a newline
    /// (its text is `;` then).
    pub operator: bool,
}

impl Word {
    /// A variable or command substitution is part of the word: the shell decides its value.
    pub fn expands(&self) -> bool {
        self.text.contains('$') || self.text.contains('`')
    }
}

/// How much of the shell grammar applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Words only (Compose's string `command:`): `;` and `&&` are ordinary characters.
    Words,
    /// A shell script: control operators and newlines end commands, `#` starts a comment,
    /// and a backslash before a newline continues the line.
    Script,
}

/// Split `text` into words.
pub fn split(text: &str, mode: Mode) -> Vec<Word> {
    let script = mode == Mode::Script;
    let bytes = text.as_bytes();
    let mut words = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let c = bytes[index];
        match c {
            b' ' | b'\t' | b'\r' => {
                index += 1;
                continue;
            }
            b'\n' if script => {
                words.push(Word {
                    text: ";".to_owned(),
                    start: index,
                    end: index + 1,
                    quoted: false,
                    operator: true,
                });
                index += 1;
                continue;
            }
            b'\n' => {
                index += 1;
                continue;
            }
            b'#' if script => {
                index = text[index..].find('\n').map_or(bytes.len(), |offset| index + offset);
                continue;
            }
            b'\\' if script && bytes.get(index + 1) == Some(&b'\n') => {
                index += 2;
                continue;
            }
            b';' | b'&' | b'|' if script => {
                let doubled = bytes.get(index + 1) == Some(&c) && c != b';';
                let end = index + if doubled { 2 } else { 1 };
                words.push(Word {
                    text: text[index..end].to_owned(),
                    start: index,
                    end,
                    quoted: false,
                    operator: true,
                });
                index = end;
                continue;
            }
            _ => {}
        }
        let start = index;
        let mut word = String::new();
        let mut quoted = false;
        while index < bytes.len() {
            let c = bytes[index];
            if matches!(c, b' ' | b'\t' | b'\r' | b'\n') || (script && matches!(c, b';' | b'&' | b'|')) {
                break;
            }
            match c {
                b'\'' => {
                    quoted = true;
                    let close = text[index + 1..].find('\'').map_or(bytes.len(), |offset| index + 1 + offset);
                    word.push_str(&text[index + 1..close]);
                    index = (close + 1).min(bytes.len());
                }
                b'"' => {
                    quoted = true;
                    index += 1;
                    while index < bytes.len() && bytes[index] != b'"' {
                        if bytes[index] == b'\\' && index + 1 < bytes.len() {
                            let escaped = bytes[index + 1];
                            // Inside double quotes a backslash escapes only these.
                            if !matches!(escaped, b'"' | b'\\' | b'$' | b'`' | b'\n') {
                                word.push('\\');
                            }
                            if escaped != b'\n' {
                                let char_end = next_char(text, index + 1);
                                word.push_str(&text[index + 1..char_end]);
                                index = char_end;
                            } else {
                                index += 2;
                            }
                            continue;
                        }
                        let char_end = next_char(text, index);
                        word.push_str(&text[index..char_end]);
                        index = char_end;
                    }
                    index = (index + 1).min(bytes.len());
                }
                b'\\' if index + 1 < bytes.len() => {
                    let char_end = next_char(text, index + 1);
                    word.push_str(&text[index + 1..char_end]);
                    index = char_end;
                }
                _ => {
                    let char_end = next_char(text, index);
                    word.push_str(&text[index..char_end]);
                    index = char_end;
                }
            }
        }
        words.push(Word { text: word, start, end: index, quoted, operator: false });
    }
    words
}

/// The end of the character starting at `index`.
fn next_char(text: &str, index: usize) -> usize {
    let mut end = index + 1;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end.min(text.len())
}

/// The commands of a script: runs of words between control operators.
pub fn commands(words: &[Word]) -> impl Iterator<Item = &[Word]> {
    words.split(|word| word.operator).filter(|command| !command.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, mode: Mode) -> Vec<String> {
        split(text, mode).into_iter().map(|word| word.text).collect()
    }

    #[test]
    fn splits_words_like_shlex() {
        let words = split(r#"redis-server --requirepass "a b" 'c d' e\ f --save """#, Mode::Words);
        let found: Vec<(&str, bool)> = words.iter().map(|word| (word.text.as_str(), word.quoted)).collect();
        assert_eq!(
            found,
            [
                ("redis-server", false),
                ("--requirepass", false),
                ("a b", true),
                ("c d", true),
                ("e f", false),
                ("--save", false),
                ("", true),
            ]
        );
        let offsets: Vec<(usize, usize)> =
            split("a  'bc' é", Mode::Words).iter().map(|word| (word.start, word.end)).collect();
        assert_eq!(offsets, [(0, 1), (3, 7), (8, 10)]);
        assert_eq!(texts("a;b && c", Mode::Words), ["a;b", "&&", "c"]);
    }

    #[test]
    fn scripts_have_operators_comments_and_continuations() {
        let script = "set -e # strict\nredis-server --port 1 \\\n  --save ''&& echo \"a;b\"|cat; exec x";
        assert_eq!(
            texts(script, Mode::Script),
            [
                "set",
                "-e",
                ";",
                "redis-server",
                "--port",
                "1",
                "--save",
                "",
                "&&",
                "echo",
                "a;b",
                "|",
                "cat",
                ";",
                "exec",
                "x"
            ]
        );
        let words = split(script, Mode::Script);
        let commands: Vec<Vec<&str>> =
            commands(&words).map(|command| command.iter().map(|word| word.text.as_str()).collect()).collect();
        assert_eq!(commands[1], ["redis-server", "--port", "1", "--save", ""]);
        assert_eq!(commands.len(), 5);
        let save = &words[7];
        assert_eq!(&script[save.start..save.end], "''");
    }

    #[test]
    fn double_quotes_keep_other_backslashes_and_substitutions() {
        let words = split(r#""a\nb" "\$x" "$HOME""#, Mode::Script);
        assert_eq!(words[0].text, "a\\nb");
        assert_eq!(words[1].text, "$x");
        assert!(words[2].expands());
        // Unterminated quotes end at the end of the text instead of failing.
        assert_eq!(texts("'abc", Mode::Script), ["abc"]);
        assert_eq!(texts("\"abc", Mode::Script), ["abc"]);
    }
}
