//! ACL user rules (`user <name> <rule>...` in redis.conf), read the way `ACLSetUser` reads
//! them, into a model the security rules can ask questions of.

use super::commands::{has_subcommands, is_category, is_command, is_subcommand};
use crate::settings::RedisVersion;
use crate::source::Span;

/// One command permission rule, in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandRule {
    AllowAll,
    DenyAll,
    Allow(String),
    Deny(String),
    AllowCategory(String),
    DenyCategory(String),
}

/// A user as its rules leave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclUser {
    pub name: String,
    /// The whole `user` line.
    pub line: Span,
    pub name_span: Span,
    pub enabled: bool,
    pub nopass: bool,
    /// Cleartext passwords (`>secret`): their spans are secrets.
    pub passwords: Vec<Span>,
    /// `#<sha256>` passwords.
    pub hashed_passwords: usize,
    pub commands: Vec<CommandRule>,
    pub all_keys: bool,
    pub all_channels: bool,
    /// The token that granted all commands last (`+@all`, `allcommands`), for labels.
    pub all_commands_span: Option<Span>,
    pub nopass_span: Option<Span>,
    pub on_span: Option<Span>,
}

impl AclUser {
    /// A user as `ACLCreateUser` makes it: off, no passwords, no permissions.
    pub fn new(name: &str, line: Span, name_span: Span) -> AclUser {
        AclUser {
            name: name.to_owned(),
            line,
            name_span,
            enabled: false,
            nopass: false,
            passwords: Vec::new(),
            hashed_passwords: 0,
            commands: Vec::new(),
            all_keys: false,
            all_channels: false,
            all_commands_span: None,
            nopass_span: None,
            on_span: None,
        }
    }

    /// Can the user log in without knowing a password?
    pub fn is_passwordless(&self) -> bool {
        self.nopass
    }

    pub fn has_password(&self) -> bool {
        !self.nopass && (!self.passwords.is_empty() || self.hashed_passwords > 0)
    }

    /// Evaluate the command rules in order for a command with the given categories.
    pub fn can_run(&self, command: &str, categories: &[&str]) -> bool {
        let mut allowed = false;
        for rule in &self.commands {
            match rule {
                CommandRule::AllowAll => allowed = true,
                CommandRule::DenyAll => allowed = false,
                CommandRule::Allow(name) if name.eq_ignore_ascii_case(command) => allowed = true,
                CommandRule::Deny(name) if name.eq_ignore_ascii_case(command) => allowed = false,
                CommandRule::AllowCategory(category)
                    if categories.iter().any(|c| c.eq_ignore_ascii_case(category)) =>
                {
                    allowed = true;
                }
                CommandRule::DenyCategory(category)
                    if categories.iter().any(|c| c.eq_ignore_ascii_case(category)) =>
                {
                    allowed = false;
                }
                _ => {}
            }
        }
        allowed
    }

    /// `+@all` (or `allcommands`) is in effect with nothing denied after it.
    pub fn has_all_commands(&self) -> bool {
        match self
            .commands
            .iter()
            .rposition(|rule| matches!(rule, CommandRule::AllowAll | CommandRule::DenyAll))
        {
            Some(index) => {
                self.commands[index] == CommandRule::AllowAll
                    && !self.commands[index + 1..]
                        .iter()
                        .any(|rule| matches!(rule, CommandRule::Deny(_) | CommandRule::DenyCategory(_)))
            }
            None => false,
        }
    }
}

/// Why a rule was refused. `startup` errors are only found when Redis applies the users
/// after reading the whole file; both stop Redis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AclError {
    pub span: Span,
    pub message: String,
}

/// Apply one rule to a user, as `ACLSetUser` does.
pub fn apply_rule(user: &mut AclUser, rule: &str, span: Span, version: RedisVersion) -> Result<(), AclError> {
    let lower = rule.to_ascii_lowercase();
    match lower.as_str() {
        "on" => {
            user.enabled = true;
            user.on_span = Some(span);
        }
        "off" => user.enabled = false,
        "skip-sanitize-payload" | "sanitize-payload" | "clearselectors" => {}
        "allkeys" => user.all_keys = true,
        "resetkeys" => user.all_keys = false,
        "allchannels" => user.all_channels = true,
        "resetchannels" => user.all_channels = false,
        "allcommands" => {
            user.commands.push(CommandRule::AllowAll);
            user.all_commands_span = Some(span);
        }
        "nocommands" => user.commands.push(CommandRule::DenyAll),
        "nopass" => {
            user.nopass = true;
            user.nopass_span = Some(span);
            user.passwords.clear();
            user.hashed_passwords = 0;
        }
        "resetpass" => {
            user.nopass = false;
            user.passwords.clear();
            user.hashed_passwords = 0;
        }
        "reset" => {
            let (name, line, name_span) = (std::mem::take(&mut user.name), user.line, user.name_span);
            *user = AclUser::new(&name, line, name_span);
        }
        _ => return apply_prefixed(user, rule, span, version),
    }
    Ok(())
}

fn apply_prefixed(user: &mut AclUser, rule: &str, span: Span, version: RedisVersion) -> Result<(), AclError> {
    let fail = |message: &str| Err(AclError { span, message: message.to_owned() });
    let Some(first) = rule.chars().next() else { return fail("Syntax error") };
    let rest = &rule[first.len_utf8()..];
    match first {
        '>' => {
            user.passwords.push(span);
            user.nopass = false;
        }
        '<' => {
            if user.passwords.is_empty() {
                return fail("The password you are trying to remove from the user does not exist");
            }
            user.passwords.pop();
        }
        '#' => {
            if rest.len() != 64 || !rest.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                return fail(
                    "The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters",
                );
            }
            user.hashed_passwords += 1;
            user.nopass = false;
        }
        '!' => {
            if user.hashed_passwords == 0 {
                return fail("The password you are trying to remove from the user does not exist");
            }
            user.hashed_passwords -= 1;
        }
        '~' => {
            if user.all_keys {
                return fail(
                    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
                );
            }
            if rest == "*" {
                user.all_keys = true;
            }
        }
        '%' => {
            let Some((permissions, pattern)) = rest.split_once('~') else { return fail("Syntax error") };
            if permissions.is_empty() || !permissions.chars().all(|c| matches!(c, 'R' | 'W' | 'r' | 'w')) {
                return fail("Syntax error");
            }
            if user.all_keys {
                return fail(
                    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
                );
            }
            let _ = pattern;
        }
        '&' => {
            if user.all_channels {
                return fail(
                    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
                );
            }
            if rest == "*" {
                user.all_channels = true;
            }
        }
        '(' => {
            // A selector: `(` … `)` with key, channel and command rules only.
            let Some(inner) = rest.strip_suffix(')') else { return fail("Syntax error") };
            let mut selector = AclUser::new("", user.line, user.name_span);
            for part in inner.split(' ').filter(|part| !part.is_empty()) {
                if !matches!(part.chars().next(), Some('~' | '%' | '&' | '+' | '-'))
                    && !matches!(
                        part.to_ascii_lowercase().as_str(),
                        "allkeys"
                            | "resetkeys"
                            | "allchannels"
                            | "resetchannels"
                            | "allcommands"
                            | "nocommands"
                    )
                {
                    return fail("Syntax error");
                }
                apply_rule(&mut selector, part, span, version)?;
            }
        }
        '+' | '-' => {
            let allow = first == '+';
            if let Some(category) = rest.strip_prefix('@') {
                if category.eq_ignore_ascii_case("all") {
                    user.commands.push(if allow { CommandRule::AllowAll } else { CommandRule::DenyAll });
                    if allow {
                        user.all_commands_span = Some(span);
                    }
                } else if is_category(category) {
                    let category = category.to_ascii_lowercase();
                    user.commands.push(if allow {
                        CommandRule::AllowCategory(category)
                    } else {
                        CommandRule::DenyCategory(category)
                    });
                } else {
                    return fail("Unknown command or category name in ACL");
                }
            } else {
                let mut parts = rest.split('|');
                let command = parts.next().unwrap_or_default();
                let sub = parts.next();
                if parts.next().is_some() {
                    return fail("Syntax error");
                }
                if !is_command(command, version) {
                    return fail("Unknown command or category name in ACL");
                }
                match sub {
                    Some(sub) if has_subcommands(command) && !is_subcommand(command, sub) => {
                        return fail("Unknown command or category name in ACL");
                    }
                    // `+get|foo` allows a first argument; Redis only accepts that with `+`.
                    Some(_) if !has_subcommands(command) && !allow => {
                        return fail("Unknown command or category name in ACL");
                    }
                    Some(_) => {}
                    None => {
                        let command = command.to_ascii_lowercase();
                        user.commands.push(if allow {
                            CommandRule::Allow(command)
                        } else {
                            CommandRule::Deny(command)
                        });
                    }
                }
            }
        }
        _ => return fail("Syntax error"),
    }
    Ok(())
}

/// `ACLMergeSelectorArguments`: arguments from one starting with `(` to one ending with `)`
/// form a single selector rule. Returns (rule text, covering span) pairs.
pub fn merge_selector_arguments<'a>(
    args: &[(&'a str, Span)],
) -> Result<Vec<(std::borrow::Cow<'a, str>, Span)>, AclError> {
    let mut merged = Vec::with_capacity(args.len());
    let mut open: Option<(String, Span)> = None;
    for &(arg, span) in args {
        if let Some((text, start)) = open.as_mut() {
            text.push(' ');
            text.push_str(arg);
            *start = start.cover(span);
            if arg.ends_with(')') {
                let (text, span) = open.take().expect("selector is open");
                merged.push((std::borrow::Cow::Owned(text), span));
            }
        } else if arg.starts_with('(') && !arg.ends_with(')') {
            open = Some((arg.to_owned(), span));
        } else {
            merged.push((std::borrow::Cow::Borrowed(arg), span));
        }
    }
    if let Some((_, span)) = open {
        return Err(AclError { span, message: "Unmatched parenthesis in acl selector".to_owned() });
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn user(rules: &str) -> Result<AclUser, String> {
        let span = Span::new(FileId(0), 0, 0);
        let mut user = AclUser::new("x", span, span);
        let args: Vec<(&str, Span)> = rules.split(' ').map(|rule| (rule, span)).collect();
        for (rule, span) in merge_selector_arguments(&args).map_err(|error| error.message)? {
            apply_rule(&mut user, &rule, span, RedisVersion::V7_0).map_err(|error| error.message)?;
        }
        Ok(user)
    }

    #[test]
    fn accepts_and_refuses_like_redis_7_0() {
        for ok in [
            "(~k +get)",
            "%R~k",
            "ON",
            "NOPASS",
            "+CONFIG",
            "+@ADMIN",
            "+@all -config|get",
            "reset",
            ">",
            "resetpass",
            "clearselectors",
            "+select|0",
            "allcommands -debug",
            "on nopass +@all ~* &*",
            "skip-sanitize-payload",
        ] {
            assert!(user(ok).is_ok(), "{ok}: {:?}", user(ok));
        }
        for bad in [
            "-get|foo",
            "+config|foo",
            "~* ~foo",
            "<nopw",
            "(~k +get",
            "%X~k",
            "allkeys ~a",
            "+config|get|x",
            "#ABC",
            "foo",
            "+nosuch",
            "+@nosuch",
        ] {
            assert!(user(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn evaluates_permissions() {
        let admin = user("on nopass ~* +@all").unwrap();
        assert!(admin.is_passwordless() && admin.enabled && admin.has_all_commands());
        assert!(admin.can_run("config", &["admin"]));
        let limited = user("on >pw ~* +@all -@dangerous").unwrap();
        assert!(!limited.has_all_commands());
        assert!(!limited.can_run("config", &["admin", "slow", "dangerous"]));
        assert!(limited.can_run("get", &["read"]));
        assert!(limited.has_password());
        assert!(!user(">pw").unwrap().enabled);
    }
}
