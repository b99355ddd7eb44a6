//! The Dockerfile syntax as BuildKit's parser reads it (`frontend/dockerfile/parser`): parser
//! directives, physical lines joined by the escape character (comment and blank lines inside a
//! continuation are dropped), heredocs after the instruction, builder flags, and each
//! instruction's arguments in the form BuildKit gives them: a JSON array (exec form) when it
//! parses as one, otherwise shell form.
//!
//! Positions are byte offsets into the file ([`Loc`]); the instruction's text with its
//! continuations removed is kept once ([`Logical`]) and maps any range of it back to the file.
//! The parser never fails: what BuildKit would refuse is a [`SyntaxProblem`].

use std::fmt;

/// A byte range of the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub start: u32,
    pub end: u32,
}

impl Loc {
    pub fn new(start: usize, end: usize) -> Loc {
        Loc { start: start as u32, end: end as u32 }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn cover(self, other: Loc) -> Loc {
        Loc { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// An instruction's text after its line continuations are removed, and where each of its
/// bytes is in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Logical {
    pub text: String,
    /// `(offset in text, offset in file)` where each verbatim stretch starts, ascending.
    pieces: Vec<(u32, u32)>,
}

impl Logical {
    fn push(&mut self, text: &str, file_offset: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push((self.text.len() as u32, file_offset as u32));
        self.text.push_str(text);
    }

    /// The file offset of a text offset (the end of the text maps after its last byte).
    pub fn offset(&self, at: usize) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        if at >= self.text.len() {
            let (start, file) = *self.pieces.last().expect("not empty");
            return file as usize + (self.text.len() - start as usize);
        }
        let index = self.pieces.partition_point(|(start, _)| *start as usize <= at) - 1;
        let (start, file) = self.pieces[index];
        file as usize + (at - start as usize)
    }

    /// The file range of `start..end` of the text (covering any continuation in between).
    pub fn loc(&self, start: usize, end: usize) -> Loc {
        if end <= start {
            let at = self.offset(start);
            return Loc::new(at, at);
        }
        Loc::new(self.offset(start), self.offset(end - 1) + 1)
    }
}

/// The instructions BuildKit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not an instruction: a build error, reported by `dockerfile-syntax-error`.
    Unknown,
}

impl Keyword {
    fn parse(word: &str) -> Keyword {
        match word.to_ascii_lowercase().as_str() {
            "add" => Keyword::Add,
            "arg" => Keyword::Arg,
            "cmd" => Keyword::Cmd,
            "copy" => Keyword::Copy,
            "entrypoint" => Keyword::Entrypoint,
            "env" => Keyword::Env,
            "expose" => Keyword::Expose,
            "from" => Keyword::From,
            "healthcheck" => Keyword::Healthcheck,
            "label" => Keyword::Label,
            "maintainer" => Keyword::Maintainer,
            "onbuild" => Keyword::Onbuild,
            "run" => Keyword::Run,
            "shell" => Keyword::Shell,
            "stopsignal" => Keyword::Stopsignal,
            "user" => Keyword::User,
            "volume" => Keyword::Volume,
            "workdir" => Keyword::Workdir,
            _ => Keyword::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "?",
        }
    }

    /// Builder flags the instruction accepts (BuildKit's `BFlags` per instruction), and
    /// whether each needs a value.
    fn flags(self) -> &'static [(&'static str, bool)] {
        match self {
            Keyword::From => &[("platform", true)],
            Keyword::Copy => &[
                ("from", true),
                ("chown", true),
                ("chmod", true),
                ("link", false),
                ("parents", false),
                ("exclude", true),
            ],
            Keyword::Add => &[
                ("chown", true),
                ("chmod", true),
                ("link", false),
                ("keep-git-dir", false),
                ("checksum", true),
                ("exclude", true),
                ("unpack", false),
            ],
            Keyword::Run => &[("mount", true), ("network", true), ("security", true), ("device", true)],
            Keyword::Healthcheck => &[
                ("interval", true),
                ("timeout", true),
                ("start-period", true),
                ("start-interval", true),
                ("retries", true),
            ],
            _ => &[],
        }
    }

    /// Instructions whose arguments may name heredocs (`RUN <<EOF`).
    fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }
}

impl fmt::Display for Keyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A builder flag: `--from=builder`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    /// After BuildKit's quote and backslash removal.
    pub value: Option<String>,
    /// The whole flag.
    pub loc: Loc,
    /// The value, when there is one.
    pub value_loc: Option<Loc>,
}

/// A word of the instruction as written: quotes and escapes are still in `raw`; variable
/// substitution and quote removal happen when a stage reads it (`expand`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub raw: String,
    pub loc: Loc,
    /// The word's range in the instruction's [`Logical`] text.
    pub start: usize,
    pub end: usize,
}

/// A string of an exec-form JSON array, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecArg {
    pub value: String,
    /// The JSON string literal, quotes included.
    pub loc: Loc,
}

/// `KEY=value` of `ENV`, `LABEL` and `ARG` (`ARG NAME` has no value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    pub key: Word,
    pub value: Option<Word>,
}

/// An instruction's arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    None,
    /// A JSON array of strings (`CMD ["redis-server"]`).
    Exec(Vec<ExecArg>),
    /// Shell form: a range of the instruction's logical text, run by the stage's shell.
    Shell {
        start: usize,
        end: usize,
        loc: Loc,
    },
    /// Whitespace-separated words (`FROM`, `EXPOSE`, `COPY`/`ADD`/`VOLUME` outside JSON).
    Words(Vec<Word>),
    /// `ENV`, `LABEL` (`key=value` pairs, or the legacy `ENV key value`), `ARG`.
    Pairs(Vec<Pair>),
    /// The rest of the line as one argument (`USER`, `WORKDIR`, `MAINTAINER`, `STOPSIGNAL`).
    Text(Word),
}

/// A here-document: `<<EOF` on the instruction line, its body on the lines after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter, quotes removed.
    pub name: String,
    /// `<<EOF` expands variables in the body; `<<"EOF"`/`<<'EOF'` does not.
    pub expand: bool,
    /// `<<-EOF`: leading tabs are removed from the body and the terminator.
    pub chomp: bool,
    /// `3<<EOF`.
    pub fd: Option<u32>,
    /// The `<<EOF` word.
    pub marker: Loc,
    /// The body: every line between the instruction and the terminator, newlines included.
    pub body: Loc,
}

/// One instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written.
    pub name: String,
    pub keyword_loc: Loc,
    /// From the keyword to the end of its last line, heredoc terminators included.
    pub loc: Loc,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// `HEALTHCHECK CMD …` / `HEALTHCHECK NONE`: the type word.
    pub health_type: Option<Word>,
    pub heredocs: Vec<Heredoc>,
    /// The instruction `ONBUILD` registers.
    pub trigger: Option<Box<Instruction>>,
    pub logical: Logical,
}

impl Instruction {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().rev().find(|flag| flag.name == name)
    }

    /// The words of a words-form instruction (empty otherwise).
    pub fn words(&self) -> &[Word] {
        match &self.args {
            Args::Words(words) => words,
            _ => &[],
        }
    }
}

/// `# syntax=…`, `# escape=…`, `# check=…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub loc: Loc,
}

/// Something BuildKit refuses to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub loc: Loc,
    pub message: String,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Syntax {
    pub directives: Vec<Directive>,
    /// The escape character: `\` unless `# escape=` says `` ` ``.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub problems: Vec<SyntaxProblem>,
}

/// One physical line: content without its newline (`\r` removed too), and where the next starts.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let newline = bytes[start..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |at| start + at);
        let mut end = newline;
        // `trimNewline` removes every trailing CR and LF.
        while end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        lines.push(Line { start, end, next: (newline + 1).min(bytes.len()) });
        start = newline + 1;
    }
    lines
}

/// Go's `unicode.IsSpace` on ASCII.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

fn trim_start_offset(text: &str) -> usize {
    text.bytes().position(|b| !is_space(b)).unwrap_or(text.len())
}

fn is_comment(text: &str) -> bool {
    text[trim_start_offset(text)..].starts_with('#')
}

/// `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`
fn directive(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('#')?.trim_start_matches([' ', '\t']);
    let name_end = rest.bytes().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let name = &rest[..name_end];
    if !name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let value = rest[name_end..].trim_start_matches([' ', '\t']).strip_prefix('=')?;
    let value = value.trim_matches([' ', '\t']);
    (!value.is_empty()).then_some((name, value))
}

/// Where a line continues: the escape character followed only by spaces and tabs, unless it
/// is itself escaped (`C:\\`), as BuildKit's continuation pattern has it.
fn continuation(content: &str, escape: char) -> Option<usize> {
    let trimmed = content.trim_end_matches([' ', '\t']);
    let cut = trimmed.strip_suffix(escape)?;
    (!cut.ends_with(escape)).then_some(cut.len())
}

/// Parse a Dockerfile. Linear in the size of the text.
pub fn parse(text: &str) -> Syntax {
    let mut syntax = Syntax { escape: '\\', ..Syntax::default() };
    let lines = lines(text);
    let mut directives_done = false;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        index += 1;
        let mut start = line.start;
        if line.start == 0 && text.starts_with('\u{feff}') {
            start += 3;
        }
        let content = &text[start..line.end];
        let first = start + trim_start_offset(content);
        let trimmed = &text[first..line.end];
        if !directives_done {
            match directive(trimmed) {
                Some((name, value))
                    if matches!(name.to_ascii_lowercase().as_str(), "syntax" | "escape" | "check") =>
                {
                    let name = name.to_ascii_lowercase();
                    let loc = Loc::new(first, line.end);
                    if syntax.directives.iter().any(|seen| seen.name == name) {
                        syntax.problems.push(SyntaxProblem {
                            loc,
                            message: format!("only one `{name}` parser directive can be used"),
                        });
                    } else if name == "escape" {
                        match value {
                            "`" => syntax.escape = '`',
                            "\\" => syntax.escape = '\\',
                            _ => syntax.problems.push(SyntaxProblem {
                                loc,
                                message: format!(
                                    "invalid escape character `{value}`: it must be `` ` `` or `\\`"
                                ),
                            }),
                        }
                    }
                    syntax.directives.push(Directive { name, value: value.to_owned(), loc });
                    continue;
                }
                _ => directives_done = true,
            }
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut logical = Logical::default();
        let mut last_end = line.end;
        let mut continues = match continuation(trimmed, syntax.escape) {
            Some(cut) => {
                logical.push(&trimmed[..cut], first);
                true
            }
            None => {
                logical.push(trimmed, first);
                false
            }
        };
        while continues && index < lines.len() {
            let next = lines[index];
            index += 1;
            let content = &text[next.start..next.end];
            // Comment and blank lines inside a continuation are skipped.
            if is_comment(content) || content.bytes().all(is_space) {
                continue;
            }
            last_end = next.end;
            match continuation(content, syntax.escape) {
                Some(cut) => logical.push(&content[..cut], next.start),
                None => {
                    logical.push(content, next.start);
                    continues = false;
                }
            }
        }
        let mut instruction = instruction(&logical, 0, syntax.escape, &mut syntax.problems);
        instruction.loc = Loc::new(first, last_end);
        // Heredoc bodies follow the instruction's last line.
        let heredoc_owner: &mut Instruction = if instruction.trigger.is_some() {
            instruction.trigger.as_deref_mut().expect("checked")
        } else {
            &mut instruction
        };
        let mut heredoc_end = None;
        if heredoc_owner.keyword.takes_heredocs()
            && !matches!(heredoc_owner.args, Args::Exec(_))
            && logical.text.contains("<<")
        {
            for mut heredoc in heredocs(&logical) {
                let body_start = lines.get(index).map_or(text.len(), |line| line.start);
                let mut terminated = false;
                let mut body_end = body_start;
                while index < lines.len() {
                    let line = lines[index];
                    index += 1;
                    let mut candidate = &text[line.start..line.end];
                    if heredoc.chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == heredoc.name {
                        terminated = true;
                        heredoc_end = Some(line.end);
                        break;
                    }
                    body_end = line.next;
                }
                heredoc.body = Loc::new(body_start, body_end);
                if !terminated {
                    syntax.problems.push(SyntaxProblem {
                        loc: heredoc.marker,
                        message: format!("unterminated heredoc: no line `{}` ends it", heredoc.name),
                    });
                    heredoc_end = Some(body_end);
                }
                heredoc_owner.heredocs.push(heredoc);
            }
        }
        if let Some(end) = heredoc_end {
            instruction.loc.end = instruction.loc.end.max(end as u32);
            if let Some(trigger) = &mut instruction.trigger {
                trigger.loc = instruction.loc;
            }
        }
        syntax.instructions.push(instruction);
    }
    check_structure(&mut syntax);
    syntax
}

/// Problems of the file as a whole: instructions before the first `FROM`, no `FROM` at all.
fn check_structure(syntax: &mut Syntax) {
    let mut seen_from = false;
    for instruction in &syntax.instructions {
        match instruction.keyword {
            Keyword::From => seen_from = true,
            Keyword::Arg | Keyword::Unknown => {}
            keyword if !seen_from => syntax.problems.push(SyntaxProblem {
                loc: instruction.keyword_loc,
                message: format!("`{keyword}` before the first `FROM`: only `ARG` may come before it"),
            }),
            _ => {}
        }
    }
    if !seen_from {
        let loc = syntax.instructions.first().map_or(Loc::default(), |first| first.keyword_loc);
        syntax.problems.push(SyntaxProblem {
            loc,
            message: "no `FROM` instruction: the file builds nothing".to_owned(),
        });
    }
}

/// Parse the instruction starting at `from` in the logical text.
fn instruction(
    logical: &Logical,
    from: usize,
    escape: char,
    problems: &mut Vec<SyntaxProblem>,
) -> Instruction {
    let text = logical.text.as_str();
    let start = from + trim_start_offset(&text[from..]);
    let name_end = text[start..].bytes().position(is_space).map_or(text.len(), |at| start + at);
    let name = &text[start..name_end];
    let keyword = Keyword::parse(name);
    let keyword_loc = logical.loc(start, name_end);
    let mut instruction = Instruction {
        keyword,
        name: name.to_owned(),
        keyword_loc,
        loc: logical.loc(start, text.len()),
        flags: Vec::new(),
        args: Args::None,
        health_type: None,
        heredocs: Vec::new(),
        trigger: None,
        logical: logical.clone(),
    };
    if keyword == Keyword::Unknown {
        problems.push(SyntaxProblem { loc: keyword_loc, message: format!("unknown instruction `{name}`") });
        return instruction;
    }
    let rest_start = name_end + trim_start_offset(&text[name_end..]);
    let (flags, rest_start) = builder_flags(logical, rest_start);
    for flag in &flags {
        match keyword.flags().iter().find(|(name, _)| *name == flag.name) {
            None => problems.push(SyntaxProblem {
                loc: flag.loc,
                message: format!("unknown flag `--{}` for `{keyword}`", flag.name),
            }),
            Some((_, true)) if flag.value.is_none() => problems.push(SyntaxProblem {
                loc: flag.loc,
                message: format!("`--{}` needs a value (`--{}=…`)", flag.name, flag.name),
            }),
            Some(_) => {}
        }
    }
    instruction.flags = flags;
    let rest_end = text.trim_end_matches(|c: char| c.is_ascii() && is_space(c as u8)).len().max(rest_start);
    let rest = &text[rest_start..rest_end];
    let missing = |problems: &mut Vec<SyntaxProblem>, what: &str| {
        problems.push(SyntaxProblem { loc: keyword_loc, message: format!("`{keyword}` needs {what}") });
    };
    match keyword {
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
            instruction.args = maybe_json(logical, rest_start, rest_end, problems);
            if keyword == Keyword::Shell && !matches!(instruction.args, Args::Exec(_)) {
                problems.push(SyntaxProblem {
                    loc: keyword_loc,
                    message: "`SHELL` needs a JSON array (`SHELL [\"/bin/sh\", \"-c\"]`)".to_owned(),
                });
            }
            if keyword == Keyword::Run && rest.is_empty() {
                missing(problems, "a command");
            }
        }
        Keyword::Copy | Keyword::Add | Keyword::Volume => {
            instruction.args = match maybe_json(logical, rest_start, rest_end, problems) {
                exec @ Args::Exec(_) => exec,
                _ => Args::Words(whitespace_words(logical, rest_start, rest_end)),
            };
            let count = match &instruction.args {
                Args::Exec(args) => args.len(),
                Args::Words(words) => words.len(),
                _ => 0,
            };
            let needed = if keyword == Keyword::Volume { 1 } else { 2 };
            let heredoc_source = keyword != Keyword::Volume && rest.contains("<<");
            if count < needed && !heredoc_source {
                missing(
                    problems,
                    if needed == 1 { "at least one path" } else { "a source and a destination" },
                );
            }
        }
        Keyword::From => {
            let words = whitespace_words(logical, rest_start, rest_end);
            let valid = words.len() == 1 || (words.len() == 3 && words[1].raw.eq_ignore_ascii_case("as"));
            if !valid {
                problems.push(SyntaxProblem {
                    loc: instruction.loc,
                    message: "`FROM` takes an image and optionally `AS name`".to_owned(),
                });
            }
            instruction.args = Args::Words(words);
        }
        Keyword::Expose => {
            instruction.args = Args::Words(whitespace_words(logical, rest_start, rest_end));
            if rest.is_empty() {
                missing(problems, "at least one port");
            }
        }
        Keyword::Env | Keyword::Label => {
            instruction.args = name_values(logical, rest_start, rest_end, escape, keyword, problems);
        }
        Keyword::Arg => {
            let words = shell_words(logical, rest_start, rest_end, escape);
            if words.is_empty() {
                missing(problems, "a name");
            }
            let pairs = words
                .into_iter()
                .map(|word| match word.raw.find('=') {
                    Some(equals) => split_pair(logical, &word, equals),
                    None => Pair { key: word, value: None },
                })
                .collect();
            instruction.args = Args::Pairs(pairs);
        }
        Keyword::Maintainer | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => {
            if rest.is_empty() {
                missing(problems, "an argument");
            } else {
                instruction.args = Args::Text(word(logical, rest_start, rest_end));
            }
        }
        Keyword::Healthcheck => {
            let type_end =
                text[rest_start..rest_end].bytes().position(is_space).map_or(rest_end, |at| rest_start + at);
            if type_end == rest_start {
                missing(problems, "`CMD …` or `NONE`");
                return instruction;
            }
            let health_type = word(logical, rest_start, type_end);
            let command_start = type_end + trim_start_offset(&text[type_end..rest_end]);
            match health_type.raw.to_ascii_uppercase().as_str() {
                "NONE" if command_start < rest_end => problems.push(SyntaxProblem {
                    loc: health_type.loc,
                    message: "`HEALTHCHECK NONE` takes no arguments".to_owned(),
                }),
                "NONE" => {}
                "CMD" => {
                    instruction.args = maybe_json(logical, command_start, rest_end, problems);
                    if command_start == rest_end {
                        missing(problems, "a command after `CMD`");
                    }
                }
                other => problems.push(SyntaxProblem {
                    loc: health_type.loc,
                    message: format!("unknown `HEALTHCHECK` type `{other}`: use `CMD` or `NONE`"),
                }),
            }
            instruction.health_type = Some(health_type);
        }
        Keyword::Onbuild => {
            if rest.is_empty() {
                missing(problems, "an instruction");
                return instruction;
            }
            let trigger = self::instruction(logical, rest_start, escape, problems);
            if matches!(trigger.keyword, Keyword::Onbuild | Keyword::From | Keyword::Maintainer) {
                problems.push(SyntaxProblem {
                    loc: trigger.keyword_loc,
                    message: format!("`ONBUILD {}` is not allowed", trigger.keyword),
                });
            }
            instruction.trigger = Some(Box::new(trigger));
        }
        Keyword::Unknown => {}
    }
    instruction
}

fn word(logical: &Logical, start: usize, end: usize) -> Word {
    Word { raw: logical.text[start..end].to_owned(), loc: logical.loc(start, end), start, end }
}

/// `parseStringsWhitespaceDelimited`: words between whitespace, quotes not special.
fn whitespace_words(logical: &Logical, start: usize, end: usize) -> Vec<Word> {
    let bytes = logical.text.as_bytes();
    let mut words = Vec::new();
    let mut at = start;
    while at < end {
        if is_space(bytes[at]) {
            at += 1;
            continue;
        }
        let word_start = at;
        while at < end && !is_space(bytes[at]) {
            at += 1;
        }
        words.push(word(logical, word_start, at));
    }
    words
}

/// BuildKit's `parseWords`: words split on whitespace outside quotes, with quotes and escape
/// characters kept in the word (they are removed when the value is expanded).
fn shell_words(logical: &Logical, start: usize, end: usize, escape: char) -> Vec<Word> {
    let text = &logical.text[..end];
    let mut words = Vec::new();
    let mut chars = text[start..].char_indices().map(|(at, c)| (start + at, c)).peekable();
    let mut word_start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    while let Some((at, c)) = chars.next() {
        match quote {
            None if c.is_whitespace() => {
                if let Some(begin) = word_start.take() {
                    if blank_ok || at > begin {
                        words.push(word(logical, begin, at));
                    }
                }
                blank_ok = false;
            }
            None => {
                word_start.get_or_insert(at);
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    blank_ok = true;
                } else if c == escape {
                    chars.next();
                }
            }
            Some(open) => {
                if c == open {
                    quote = None;
                } else if c == escape && open != '\'' {
                    chars.next();
                }
            }
        }
    }
    if let Some(begin) = word_start {
        words.push(word(logical, begin, end));
    }
    words
}

fn split_pair(logical: &Logical, word: &Word, equals: usize) -> Pair {
    let key = self::word(logical, word.start, word.start + equals);
    let value = self::word(logical, word.start + equals + 1, word.end);
    Pair { key, value: Some(value) }
}

/// `ENV`/`LABEL`: `key=value …`, or the legacy `key value` (everything after the first
/// whitespace is the value).
fn name_values(
    logical: &Logical,
    start: usize,
    end: usize,
    escape: char,
    keyword: Keyword,
    problems: &mut Vec<SyntaxProblem>,
) -> Args {
    let words = shell_words(logical, start, end, escape);
    let Some(first) = words.first() else {
        problems.push(SyntaxProblem {
            loc: logical.loc(start, end),
            message: format!("`{keyword}` needs `name=value` arguments"),
        });
        return Args::Pairs(Vec::new());
    };
    if !first.raw.contains('=') {
        let text = &logical.text[start..end];
        let Some(gap) = text.bytes().position(is_space) else {
            problems.push(SyntaxProblem {
                loc: first.loc,
                message: format!("`{keyword} {}` needs a value", first.raw),
            });
            return Args::Pairs(vec![Pair { key: first.clone(), value: None }]);
        };
        let value_start = start + gap + trim_start_offset(&text[gap..]);
        let key = word(logical, start, start + gap);
        return Args::Pairs(vec![Pair { key, value: Some(word(logical, value_start, end)) }]);
    }
    let mut pairs = Vec::new();
    for word in words {
        match word.raw.find('=') {
            Some(equals) => pairs.push(split_pair(logical, &word, equals)),
            None => problems.push(SyntaxProblem {
                loc: word.loc,
                message: format!("`{}` has no `=`: `{keyword}` arguments are `name=value`", word.raw),
            }),
        }
    }
    Args::Pairs(pairs)
}

/// BuildKit's `extractBuilderFlags`: leading `--name[=value]` words; `--` alone ends them.
fn builder_flags(logical: &Logical, start: usize) -> (Vec<Flag>, usize) {
    let text = logical.text.as_str();
    let bytes = text.as_bytes();
    let mut flags = Vec::new();
    let mut at = start;
    loop {
        while at < bytes.len() && is_space(bytes[at]) {
            at += 1;
        }
        if !text[at..].starts_with("--") {
            return (flags, at);
        }
        let flag_start = at;
        let mut value = String::new();
        let mut value_start = None;
        let mut quote: Option<u8> = None;
        while at < bytes.len() {
            let c = bytes[at];
            match quote {
                None if is_space(c) => break,
                None if c == b'\'' || c == b'"' => quote = Some(c),
                Some(open) if c == open => quote = None,
                _ if c == b'\\' && at + 1 < bytes.len() => {
                    at += 1;
                    let char_end = next_char(text, at);
                    value.push_str(&text[at..char_end]);
                    at = char_end;
                    continue;
                }
                _ if c == b'=' && value_start.is_none() && quote.is_none() => {
                    value_start = Some(at + 1);
                    value.push('=');
                }
                _ => {
                    let char_end = next_char(text, at);
                    value.push_str(&text[at..char_end]);
                    at = char_end;
                    continue;
                }
            }
            at += 1;
        }
        if value == "--" {
            return (flags, at);
        }
        let unquoted = value.trim_start_matches('-');
        let (name, flag_value) = match unquoted.split_once('=') {
            Some((name, flag_value)) => (name.to_owned(), Some(flag_value.to_owned())),
            None => (unquoted.to_owned(), None),
        };
        flags.push(Flag {
            name,
            value: flag_value,
            loc: logical.loc(flag_start, at),
            value_loc: value_start.map(|value_start| logical.loc(value_start, at)),
        });
    }
}

fn next_char(text: &str, at: usize) -> usize {
    let mut end = at + 1;
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end.min(text.len())
}

/// `parseMaybeJSON`: a JSON array of strings is the exec form; anything else starting with
/// `[` that is not valid JSON falls back to the shell form, as BuildKit does. A valid array
/// with something other than strings in it is an error.
fn maybe_json(logical: &Logical, start: usize, end: usize, problems: &mut Vec<SyntaxProblem>) -> Args {
    let rest = &logical.text[start..end];
    if rest.starts_with('[') {
        if let Ok(crate::json::Value { kind: crate::json::Kind::Array(items), .. }) = crate::json::parse(rest)
        {
            let mut args = Vec::with_capacity(items.len());
            for item in items {
                let crate::json::Kind::String(value) = item.kind else {
                    problems.push(SyntaxProblem {
                        loc: logical.loc(start, end),
                        message: "a JSON array of arguments must hold only strings".to_owned(),
                    });
                    return Args::None;
                };
                args.push(ExecArg {
                    value,
                    loc: logical.loc(start + item.span.start, start + item.span.end),
                });
            }
            return Args::Exec(args);
        }
    }
    if start == end {
        return Args::None;
    }
    Args::Shell { start, end, loc: logical.loc(start, end) }
}

/// Heredocs named on an instruction line: words (split as a shell would) of the form
/// `[n]<<[-]NAME`. A quoted name (`<<"EOF"`) turns expansion of the body off.
fn heredocs(logical: &Logical) -> Vec<Heredoc> {
    let text = logical.text.as_str();
    let mut out = Vec::new();
    for word in crate::shell::split(text, crate::shell::Mode::Words) {
        let raw = &text[word.start..word.end];
        let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
        let Some(rest) = raw[digits..].strip_prefix("<<") else { continue };
        let (chomp, rest) = match rest.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        // The word without its quotes, less the `[n]<<[-]` prefix (which has none).
        let Some(name) = word.text.get(digits + 2 + usize::from(chomp)..).filter(|name| !name.is_empty())
        else {
            continue;
        };
        let name = name.to_owned();
        out.push(Heredoc {
            expand: !rest.contains(['\'', '"']),
            name,
            chomp,
            fd: (digits > 0).then(|| raw[..digits].parse().ok()).flatten(),
            marker: logical.loc(word.start, word.end),
            body: Loc::default(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, loc: Loc) -> &str {
        &text[loc.range()]
    }

    fn exec_values(instruction: &Instruction) -> Vec<&str> {
        match &instruction.args {
            Args::Exec(args) => args.iter().map(|arg| arg.value.as_str()).collect(),
            other => panic!("not exec form: {other:?}"),
        }
    }

    #[test]
    fn continuations_skip_comments_and_blank_lines() {
        let text =
            "FROM alpine\nRUN apk add \\\n# a comment\n\n    curl \\\n  \t\n    jq\nENV A=1 \\\n    B=2\n";
        let syntax = parse(text);
        assert!(syntax.problems.is_empty(), "{:?}", syntax.problems);
        let run = &syntax.instructions[1];
        assert_eq!(run.logical.text, "RUN apk add     curl     jq");
        let Args::Shell { start, end, loc } = run.args else { panic!("shell form") };
        assert_eq!(&run.logical.text[start..end], "apk add     curl     jq");
        assert_eq!(at(text, loc), "apk add \\\n# a comment\n\n    curl \\\n  \t\n    jq");
        // Sub-ranges map back to the file across the skipped lines.
        let jq = run.logical.text.find("jq").unwrap();
        assert_eq!(at(text, run.logical.loc(jq, jq + 2)), "jq");
        assert_eq!(text[..run.loc.end as usize].lines().count(), 7);
        let Args::Pairs(pairs) = &syntax.instructions[2].args else { panic!("pairs") };
        let keys: Vec<&str> = pairs.iter().map(|pair| pair.key.raw.as_str()).collect();
        assert_eq!(keys, ["A", "B"]);
        assert_eq!(at(text, pairs[1].value.as_ref().unwrap().loc), "2");
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let text = "# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows/servercore\nRUN dir c:\\ `\n    && echo done\nCOPY C:\\app\\ C:\\dest\\\n";
        let syntax = parse(text);
        assert_eq!(syntax.escape, '`');
        assert!(syntax.problems.is_empty(), "{:?}", syntax.problems);
        assert_eq!(syntax.directives.len(), 2);
        assert_eq!(syntax.instructions[1].logical.text, "RUN dir c:\\     && echo done");
        let words: Vec<&str> = syntax.instructions[2].words().iter().map(|word| word.raw.as_str()).collect();
        assert_eq!(words, ["C:\\app\\", "C:\\dest\\"]);
        // A directive after the first instruction (or a blank line) is a comment.
        let late = parse("\n# escape=`\nFROM alpine\nRUN a \\\n  b\n");
        assert_eq!(late.escape, '\\');
        assert_eq!(late.instructions[1].logical.text, "RUN a   b");
        let bad = parse("# escape=x\nFROM alpine\n");
        assert_eq!(bad.problems.len(), 1);
    }

    #[test]
    fn heredocs() {
        let text = "FROM alpine\nRUN <<EOF\napk add curl\nEOF\nRUN <<-\"ONE\" cat >/a && cat <<'TWO' >/b\n\tfirst $X\n\tONE\nsecond\nTWO\nCOPY <<EOF /etc/motd\nhello\nEOF\nRUN 3<<EOF cat <&3\nx\nEOF\n";
        let syntax = parse(text);
        assert!(syntax.problems.is_empty(), "{:?}", syntax.problems);
        let first = &syntax.instructions[1];
        assert_eq!(first.heredocs.len(), 1);
        assert_eq!(at(text, first.heredocs[0].body), "apk add curl\n");
        assert_eq!(at(text, first.loc), "RUN <<EOF\napk add curl\nEOF");
        let two = &syntax.instructions[2];
        let names: Vec<(&str, bool, bool)> = two
            .heredocs
            .iter()
            .map(|heredoc| (heredoc.name.as_str(), heredoc.chomp, heredoc.expand))
            .collect();
        assert_eq!(names, [("ONE", true, false), ("TWO", false, false)]);
        assert_eq!(at(text, two.heredocs[0].body), "\tfirst $X\n");
        assert_eq!(at(text, two.heredocs[1].body), "second\n");
        assert_eq!(at(text, two.heredocs[0].marker), "<<-\"ONE\"");
        let copy = &syntax.instructions[3];
        assert_eq!(copy.keyword, Keyword::Copy);
        assert_eq!(at(text, copy.heredocs[0].body), "hello\n");
        assert!(copy.heredocs[0].expand);
        assert_eq!(syntax.instructions[4].heredocs[0].fd, Some(3));
        assert_eq!(syntax.instructions.len(), 5);
        // Exec form has no heredocs; an unterminated one is a problem.
        let exec = parse("FROM alpine\nRUN [\"sh\", \"<<EOF\"]\nEOF\n");
        assert!(exec.instructions[1].heredocs.is_empty());
        let open = parse("FROM alpine\nRUN <<EOF\necho\n");
        assert_eq!(open.problems.len(), 1);
        assert!(open.problems[0].message.contains("unterminated"));
    }

    #[test]
    fn exec_form_falls_back_to_shell_form_on_invalid_json() {
        let text = "FROM redis\nCMD [\"redis-server\", \"/usr/local/etc/redis/redis.conf\"]\nENTRYPOINT [\"a\" \"b\"]\nCMD ['single']\nRUN [\"a\", 1]\nHEALTHCHECK --interval=5s CMD [\"redis-cli\", \"ping\"]\n";
        let syntax = parse(text);
        let cmd = &syntax.instructions[1];
        assert_eq!(exec_values(cmd), ["redis-server", "/usr/local/etc/redis/redis.conf"]);
        let Args::Exec(args) = &cmd.args else { unreachable!() };
        assert_eq!(at(text, args[1].loc), "\"/usr/local/etc/redis/redis.conf\"");
        assert!(matches!(syntax.instructions[2].args, Args::Shell { .. }), "invalid JSON is shell form");
        assert!(matches!(syntax.instructions[3].args, Args::Shell { .. }), "single quotes are not JSON");
        assert_eq!(
            syntax.problems.len(),
            1,
            "a JSON array of non-strings is an error: {:?}",
            syntax.problems
        );
        let health = &syntax.instructions[5];
        assert_eq!(health.flag("interval").and_then(|flag| flag.value.as_deref()), Some("5s"));
        assert_eq!(exec_values(health), ["redis-cli", "ping"]);
        assert_eq!(health.health_type.as_ref().map(|word| word.raw.as_str()), Some("CMD"));
    }

    #[test]
    fn flags_stages_onbuild_and_unknown_instructions() {
        let text = "ARG BASE=alpine\nFROM --platform=$BUILDPLATFORM ${BASE} AS Build\nCOPY --from=build --chown=1000:1000 /a /b\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\nONBUILD RUN echo hi\nFRUM x\nCOPY --frm=x a b\nCMD --appendonly yes\n";
        let syntax = parse(text);
        let from = &syntax.instructions[1];
        assert_eq!(from.flag("platform").and_then(|flag| flag.value.as_deref()), Some("$BUILDPLATFORM"));
        assert_eq!(at(text, from.flags[0].loc), "--platform=$BUILDPLATFORM");
        let words: Vec<&str> = from.words().iter().map(|word| word.raw.as_str()).collect();
        assert_eq!(words, ["${BASE}", "AS", "Build"]);
        let copy = &syntax.instructions[2];
        assert_eq!(copy.flags.len(), 2);
        assert_eq!(copy.words().len(), 2);
        let run = &syntax.instructions[3];
        assert_eq!(
            run.flag("mount").and_then(|flag| flag.value.as_deref()),
            Some("type=cache,target=/root/.cache/pip")
        );
        let onbuild = &syntax.instructions[4];
        assert_eq!(onbuild.trigger.as_ref().map(|trigger| trigger.keyword), Some(Keyword::Run));
        let messages: Vec<&str> = syntax.problems.iter().map(|problem| problem.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unknown instruction `FRUM`",
                "unknown flag `--frm` for `COPY`",
                "unknown flag `--appendonly` for `CMD`"
            ]
        );
        assert_eq!(at(text, syntax.problems[0].loc), "FRUM");
    }

    #[test]
    fn structure_problems() {
        assert_eq!(parse("").problems.len(), 1);
        let before = parse("RUN x\nFROM alpine\n");
        assert!(before.problems[0].message.contains("before the first `FROM`"));
        assert!(parse("FROM a b\n").problems[0].message.contains("AS name"));
        assert!(parse("\u{feff}# syntax=docker/dockerfile:1\nFROM alpine\n").problems.is_empty());
        let crlf = parse("FROM alpine\r\nRUN a \\\r\n  b\r\n");
        assert_eq!(crlf.instructions[1].logical.text, "RUN a   b");
        // An escaped escape character at the end of a line does not continue it.
        let escaped = parse("FROM alpine\nRUN echo a\\\\\nRUN echo b\n");
        assert_eq!(escaped.instructions.len(), 3);
    }

    /// A small deterministic generator, so the fuzz cases are the same on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn never_panics_on_random_input() {
        const PIECES: &[&str] = &[
            "FROM ",
            "RUN ",
            "COPY ",
            "ONBUILD ",
            "ENV ",
            "ARG ",
            "HEALTHCHECK ",
            "CMD ",
            "# escape=`\n",
            "\\\n",
            "`\n",
            "\n",
            " ",
            "\t",
            "<<",
            "<<-",
            "EOF",
            "\"",
            "'",
            "[",
            "]",
            ",",
            "=",
            "$",
            "{",
            "}",
            "--from=",
            "--mount=type=cache,target=/var/cache/apk",
            "a",
            "é",
            "\r",
            "#",
            "-",
            ":",
            "\u{feff}",
            "\\",
            "`",
            "AS ",
            "x",
            "/",
            "${A:-",
            "NONE",
            "CMD",
            ";",
            "&&",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let length = (rng.next() % 60) as usize;
            let text: String =
                (0..length).map(|_| PIECES[(rng.next() % PIECES.len() as u64) as usize]).collect();
            let syntax = parse(&text);
            for instruction in &syntax.instructions {
                assert!(text.is_char_boundary(instruction.loc.start as usize));
                assert!(text.get(instruction.loc.range()).is_some(), "{text:?}");
                for heredoc in &instruction.heredocs {
                    assert!(text.get(heredoc.body.range()).is_some(), "{text:?}");
                }
            }
            let build =
                super::super::stages::Build::analyze(crate::source::FileId(0), &text, &syntax, "", &[]);
            for index in 0..build.stages.len() {
                let _ = build.container(index);
            }
        }
        // Bytes that are not UTF-8 arrive as U+FFFD; control characters are just characters.
        let _ = parse("FROM \u{fffd}\u{0}\u{1}\nRUN \u{fffd}<<\u{fffd}\n\u{fffd}\n");
    }
}
