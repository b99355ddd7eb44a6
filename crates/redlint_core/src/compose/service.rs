//! One Compose file's services, read from the YAML tree into definitions that keep every
//! span. Fields follow the Compose Specification; values are interpolated with the project's
//! environment, and remember when a variable supplied them.

use super::interpolate::{Environment, interpolate};
use crate::model::container::{Arg, EnvValue, EnvVar, Located};
use crate::shell;
use crate::source::{FileId, Span};
use crate::yaml::YamlRef;

/// A string value of the file, interpolated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
    pub from_variable: bool,
    /// An unset variable supplied part of it: the real value is only known at run time.
    pub runtime: bool,
    /// See [`Arg::verbatim_at`].
    pub verbatim_at: Option<u32>,
}

impl Text {
    /// The value's own bytes: without the quotes when it is written verbatim between them.
    pub(crate) fn value_span(&self) -> Span {
        match self.verbatim_at {
            Some(at) => Span::new(self.span.file, at as usize, at as usize + self.value.len()),
            None => self.span,
        }
    }

    pub(crate) fn into_arg(self) -> Arg {
        Arg {
            value: self.value,
            span: self.span,
            from_variable: self.from_variable,
            runtime: self.runtime,
            verbatim_at: self.verbatim_at,
        }
    }
}

/// `command:` or `entrypoint:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandSpec {
    pub args: Vec<Arg>,
    /// Written as one string (Compose splits it like a shell would, without running one).
    pub string_form: bool,
    pub span: Span,
}

/// One `ports:` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    pub host_ip: Option<String>,
    pub published: Option<String>,
    /// Container port or range start.
    pub target: Option<u16>,
    pub target_end: Option<u16>,
    pub protocol: String,
    pub span: Span,
}

/// One `volumes:` entry of a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolumeSpec {
    /// `volume`, `bind`, `tmpfs`, `npipe`, `cluster`; short syntax decides from the source.
    pub kind: String,
    /// Named volume name or host path; `None` for an anonymous volume.
    pub source: Option<String>,
    pub target: String,
    pub read_only: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigUse {
    pub name: String,
    /// Where it appears in the container (default `/<name>`).
    pub target: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthSpec {
    pub test: Vec<Arg>,
    /// `CMD-SHELL` or the string form.
    pub shell: bool,
    pub disabled: bool,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildSpec {
    pub context: Option<Text>,
    pub dockerfile: Option<Text>,
    pub target: Option<Text>,
    /// `args:`; a name without a value takes it from the environment (unknown here).
    pub args: Vec<(String, Option<Text>)>,
    pub span: Span,
}

/// `x-redlint-ignore` on a service: rules (and a reason) silenced for it and its Redis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IgnoreEntry {
    /// Written like a suppression comment without its prefix: `"rule-a,rule-b -- reason"`.
    Value(Text),
    /// `{rules: [rule-a, …], reason: …}`.
    Rules { rules: Vec<Text>, reason: Option<String>, span: Span },
}

/// A service as one file defines it; `None`/empty fields are not set by this file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServiceDef {
    pub name: String,
    pub key_span: Option<Span>,
    pub span: Option<Span>,
    pub file: Option<FileId>,
    pub image: Option<Text>,
    pub build: Option<BuildSpec>,
    pub command: Option<CommandSpec>,
    pub entrypoint: Option<CommandSpec>,
    pub environment: Vec<EnvVar>,
    pub env_files: Vec<Text>,
    pub ports: Vec<PortSpec>,
    pub network_mode: Option<Text>,
    /// `networks:` the service joins (list or map form); empty means the project's default.
    pub networks: Vec<Text>,
    /// `expose:`: ports other services may reach (documentation; not published).
    pub expose: Vec<Text>,
    pub volumes: Vec<VolumeSpec>,
    pub tmpfs: Vec<Text>,
    pub configs: Vec<ConfigUse>,
    pub secrets: Vec<ConfigUse>,
    pub user: Option<Text>,
    pub read_only: Option<Located<bool>>,
    pub privileged: Option<Located<bool>>,
    pub cap_add: Vec<Text>,
    pub cap_drop: Vec<Text>,
    pub security_opt: Vec<Text>,
    pub sysctls: Vec<Text>,
    pub mem_limit: Option<Text>,
    pub deploy_memory_limit: Option<Text>,
    pub mem_reservation: Option<Text>,
    pub healthcheck: Option<HealthSpec>,
    pub restart: Option<Text>,
    pub profiles: Vec<String>,
    pub extends: Option<(String, Option<String>, Span)>,
    pub ignore: Vec<IgnoreEntry>,
    /// The service's mapping in every file that defines it (a file and its overrides).
    pub definitions: Vec<Span>,
}

/// Reads values out of one Compose file.
pub(crate) struct Reader<'a> {
    pub file: FileId,
    pub text: &'a str,
    pub environment: &'a Environment,
}

impl Reader<'_> {
    /// A scalar's text, interpolated.
    pub(crate) fn text(&self, node: YamlRef<'_>) -> Option<Text> {
        let raw = node.as_str()?;
        let interpolated = interpolate(raw, self.environment);
        let span = node.span();
        let verbatim_at = self.verbatim_at(span, raw);
        Some(Text {
            value: interpolated.value.clone(),
            span,
            from_variable: interpolated.from_variable(),
            runtime: interpolated.unresolved,
            verbatim_at,
        })
    }

    /// Where `value` starts in the file when `span` holds it verbatim, bare or between quotes:
    /// parts of it can then be located exactly.
    fn verbatim_at(&self, span: Span, value: &str) -> Option<u32> {
        let written = &self.text[span.range()];
        if written == value {
            Some(span.start)
        } else {
            (written.len() == value.len() + 2 && written.get(1..written.len() - 1) == Some(value))
                .then_some(span.start + 1)
        }
    }

    /// A list of strings, or a single string as a one-item list.
    pub(crate) fn texts(&self, node: Option<YamlRef<'_>>) -> Vec<Text> {
        let Some(node) = node else { return Vec::new() };
        if node.is_sequence() {
            node.items().filter_map(|item| self.text(item)).collect()
        } else {
            self.text(node).into_iter().collect()
        }
    }

    fn bool(&self, node: Option<YamlRef<'_>>) -> Option<Located<bool>> {
        let node = node?;
        let value = node.as_bool().or_else(|| {
            self.text(node).and_then(|text| match text.value.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            })
        })?;
        Some(Located::new(value, node.span()))
    }

    /// `command:` / `entrypoint:` in list or string form.
    pub(crate) fn command(&self, node: YamlRef<'_>) -> Option<CommandSpec> {
        if node.is_null() {
            return None;
        }
        if node.is_sequence() {
            let args = node.items().filter_map(|item| self.text(item)).map(Text::into_arg).collect();
            return Some(CommandSpec { args, string_form: false, span: node.span() });
        }
        let raw = node.as_str()?;
        let map = node.scalar_map(self.text)?;
        let mut args = Vec::new();
        for word in shell::split(raw, shell::Mode::Words) {
            let interpolated = interpolate(&word.text, self.environment);
            let span = map.span(self.file, word.start, word.end);
            let verbatim_at = self.verbatim_at(span, &word.text);
            // Compose interpolates before splitting: an unquoted word that becomes empty is
            // gone, and one that gains spaces becomes several arguments.
            // An unset variable keeps its place: its value arrives when the container starts.
            if word.quoted || interpolated.unresolved {
                args.push(Arg {
                    value: interpolated.value.clone(),
                    span,
                    from_variable: interpolated.from_variable(),
                    runtime: interpolated.unresolved,
                    verbatim_at,
                });
            } else {
                for part in interpolated.value.split_whitespace() {
                    args.push(Arg {
                        value: part.to_owned(),
                        span,
                        from_variable: interpolated.from_variable(),
                        runtime: interpolated.unresolved,
                        verbatim_at: None,
                    });
                }
            }
        }
        Some(CommandSpec { args, string_form: true, span: node.span() })
    }

    pub(crate) fn service(&self, name: &str, key: YamlRef<'_>, node: YamlRef<'_>) -> ServiceDef {
        let mut service = ServiceDef {
            name: name.to_owned(),
            key_span: Some(key.span()),
            span: Some(node.span()),
            file: Some(self.file),
            definitions: vec![key.span().cover(node.span())],
            ..ServiceDef::default()
        };
        let get = |field: &str| node.get(field);
        service.image = get("image").and_then(|value| self.text(value));
        service.build = get("build").map(|build| {
            if build.is_mapping() {
                BuildSpec {
                    context: build.get("context").and_then(|value| self.text(value)),
                    dockerfile: build.get("dockerfile").and_then(|value| self.text(value)),
                    target: build.get("target").and_then(|value| self.text(value)),
                    args: build.get("args").map(|args| self.build_args(args)).unwrap_or_default(),
                    span: build.span(),
                }
            } else {
                BuildSpec {
                    context: self.text(build),
                    dockerfile: None,
                    target: None,
                    args: Vec::new(),
                    span: build.span(),
                }
            }
        });
        service.command = get("command").and_then(|value| self.command(value));
        service.entrypoint = get("entrypoint").and_then(|value| self.command(value));
        service.environment = get("environment").map(|value| self.environment(value)).unwrap_or_default();
        service.env_files = match get("env_file") {
            Some(value) if value.is_sequence() => value
                .items()
                .filter_map(|item| {
                    if item.is_mapping() {
                        item.get("path").and_then(|path| self.text(path))
                    } else {
                        self.text(item)
                    }
                })
                .collect(),
            other => self.texts(other),
        };
        service.ports = get("ports")
            .map(|value| value.items().filter_map(|item| self.port(item)).collect())
            .unwrap_or_default();
        service.network_mode = get("network_mode").and_then(|value| self.text(value));
        service.networks = match get("networks") {
            Some(networks) if networks.is_mapping() => networks
                .entries()
                .into_iter()
                .filter_map(|(key, _)| {
                    let mut text = self.text(key)?;
                    text.verbatim_at = None;
                    Some(text)
                })
                .collect(),
            other => self.texts(other),
        };
        service.expose = self.texts(get("expose"));
        service.volumes = get("volumes")
            .map(|value| value.items().filter_map(|item| self.volume(item)).collect())
            .unwrap_or_default();
        service.tmpfs = self.texts(get("tmpfs"));
        service.configs = self.file_uses(get("configs"), "/");
        service.secrets = self.file_uses(get("secrets"), "/run/secrets/");
        service.user = get("user").and_then(|value| self.text(value));
        service.read_only = self.bool(get("read_only"));
        service.privileged = self.bool(get("privileged"));
        service.cap_add = self.texts(get("cap_add"));
        service.cap_drop = self.texts(get("cap_drop"));
        service.security_opt = self.texts(get("security_opt"));
        service.sysctls = match get("sysctls") {
            Some(value) if value.is_mapping() => value
                .entries()
                .into_iter()
                .filter_map(|(key, value)| {
                    let name = key.as_str()?;
                    let value = self.text(value).map(|text| text.value).unwrap_or_default();
                    Some(Text {
                        value: format!("{name}={value}"),
                        span: key.span(),
                        from_variable: false,
                        runtime: false,
                        verbatim_at: None,
                    })
                })
                .collect(),
            other => self.texts(other),
        };
        service.mem_limit = get("mem_limit").and_then(|value| self.text(value));
        service.mem_reservation = get("mem_reservation").and_then(|value| self.text(value));
        service.deploy_memory_limit =
            node.path(&["deploy", "resources", "limits", "memory"]).and_then(|value| self.text(value));
        service.healthcheck = get("healthcheck").and_then(|value| self.healthcheck(value));
        service.restart = get("restart").and_then(|value| self.text(value));
        service.profiles = self.texts(get("profiles")).into_iter().map(|text| text.value).collect();
        service.extends = get("extends").and_then(|value| {
            if value.is_mapping() {
                let base = self.text(value.get("service")?)?.value;
                let file = value.get("file").and_then(|file| self.text(file)).map(|file| file.value);
                Some((base, file, value.span()))
            } else {
                Some((self.text(value)?.value, None, value.span()))
            }
        });
        service.ignore = get("x-redlint-ignore").map(|value| self.ignore_entries(value)).unwrap_or_default();
        service
    }

    /// `configs:` or `secrets:` of a service, short (`name`) or long (`{source, target}`)
    /// syntax; a relative `target` (and the default, the name) is under `directory`.
    fn file_uses(&self, node: Option<YamlRef<'_>>, directory: &str) -> Vec<ConfigUse> {
        let Some(node) = node else { return Vec::new() };
        node.items()
            .filter_map(|item| {
                let (name, target) = if item.is_mapping() {
                    (
                        self.text(item.get("source")?)?.value,
                        item.get("target").and_then(|target| self.text(target)),
                    )
                } else {
                    (self.text(item)?.value, None)
                };
                let target = target.map_or_else(|| name.clone(), |target| target.value);
                let target = if target.starts_with('/') { target } else { format!("{directory}{target}") };
                Some(ConfigUse { name, target, span: item.span() })
            })
            .collect()
    }

    /// `build.args` as a map or a list of `NAME=value` (`NAME` alone: from the environment).
    fn build_args(&self, node: YamlRef<'_>) -> Vec<(String, Option<Text>)> {
        if node.is_mapping() {
            return node
                .entries()
                .into_iter()
                .filter_map(|(key, value)| {
                    let name = key.as_str()?.to_owned();
                    Some((name, if value.is_null() { None } else { self.text(value) }))
                })
                .collect();
        }
        node.items()
            .filter_map(|item| self.text(item))
            .map(|text| match text.value.split_once('=') {
                Some((name, value)) => (
                    name.to_owned(),
                    Some(Text { value: value.to_owned(), verbatim_at: None, ..text.clone() }),
                ),
                None => (text.value.clone(), None),
            })
            .collect()
    }

    /// `environment:` as a list (`KEY=value`, `KEY`) or a map.
    fn environment(&self, node: YamlRef<'_>) -> Vec<EnvVar> {
        let mut vars = Vec::new();
        if node.is_mapping() {
            for (key, value) in node.entries() {
                let Some(name) = key.as_str() else { continue };
                let value = if value.is_null() {
                    EnvValue::Unset
                } else {
                    match self.text(value) {
                        Some(text) => EnvValue::Literal {
                            value: text.value,
                            span: text.span,
                            from_variable: text.from_variable,
                        },
                        None => EnvValue::Unset,
                    }
                };
                vars.push(EnvVar { name: name.to_owned(), name_span: key.span(), value });
            }
        } else {
            for item in node.items() {
                let Some(raw) = item.as_str() else { continue };
                let map = item.scalar_map(self.text);
                let span_of = |start: usize, end: usize| {
                    map.as_ref().map_or(item.span(), |map| map.span(self.file, start, end))
                };
                match raw.split_once('=') {
                    Some((name, value)) => {
                        let interpolated = interpolate(value, self.environment);
                        let value_start = name.len() + 1;
                        vars.push(EnvVar {
                            name: name.to_owned(),
                            name_span: span_of(0, name.len()),
                            value: EnvValue::Literal {
                                value: interpolated.value.clone(),
                                span: span_of(value_start, raw.len()),
                                from_variable: interpolated.from_variable(),
                            },
                        });
                    }
                    None => vars.push(EnvVar {
                        name: raw.to_owned(),
                        name_span: item.span(),
                        value: EnvValue::Unset,
                    }),
                }
            }
        }
        vars
    }

    /// Short (`[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`) and long port syntax.
    fn port(&self, node: YamlRef<'_>) -> Option<PortSpec> {
        if node.is_mapping() {
            let text = |field| node.get(field).and_then(|value| self.text(value)).map(|text| text.value);
            let (target, target_end) = port_range(&text("target")?);
            return Some(PortSpec {
                host_ip: text("host_ip").filter(|ip| !ip.is_empty()),
                published: text("published"),
                target,
                target_end,
                protocol: text("protocol").unwrap_or_else(|| "tcp".to_owned()),
                span: node.span(),
            });
        }
        let spec = self.text(node)?;
        let (address, protocol) = match spec.value.rsplit_once('/') {
            Some((address, protocol)) => (address.to_owned(), protocol.to_owned()),
            None => (spec.value.clone(), "tcp".to_owned()),
        };
        // An IPv6 host address is in brackets: `[::1]:6379:6379`.
        let (host_ip, rest) = if let Some(after) = address.strip_prefix('[') {
            let (ip, rest) = after.split_once(']')?;
            (Some(ip.to_owned()), rest.trim_start_matches(':').to_owned())
        } else {
            let parts: Vec<&str> = address.split(':').collect();
            match parts.len() {
                3 => (Some(parts[0].to_owned()), format!("{}:{}", parts[1], parts[2])),
                _ => (None, address.clone()),
            }
        };
        let (published, target) = match rest.rsplit_once(':') {
            Some((published, target)) => (Some(published.to_owned()), target.to_owned()),
            None => (None, rest),
        };
        let (target, target_end) = port_range(&target);
        Some(PortSpec {
            host_ip: host_ip.filter(|ip| !ip.is_empty()),
            published: published.filter(|published| !published.is_empty()),
            target,
            target_end,
            protocol,
            span: node.span(),
        })
    }

    /// Short (`SOURCE:TARGET[:MODE]`, `TARGET`) and long volume syntax.
    fn volume(&self, node: YamlRef<'_>) -> Option<VolumeSpec> {
        if node.is_mapping() {
            let text = |field| node.get(field).and_then(|value| self.text(value)).map(|text| text.value);
            let kind = text("type").unwrap_or_else(|| "volume".to_owned());
            let read_only = self.bool(node.get("read_only")).is_some_and(|value| value.value);
            return Some(VolumeSpec {
                kind,
                source: text("source").filter(|source| !source.is_empty()),
                target: text("target")?,
                read_only,
                span: node.span(),
            });
        }
        let spec = self.text(node)?;
        let parts: Vec<&str> = spec.value.split(':').collect();
        let (source, target, mode) = match parts.as_slice() {
            [target] => (None, (*target).to_owned(), ""),
            [source, target] => (Some((*source).to_owned()), (*target).to_owned(), ""),
            [source, target, mode, ..] => (Some((*source).to_owned()), (*target).to_owned(), *mode),
            [] => return None,
        };
        let kind = match &source {
            None => "volume",
            Some(source) if source.starts_with(['.', '/', '~']) || source.contains('/') => "bind",
            Some(_) => "volume",
        };
        let read_only = mode.split(',').any(|option| option == "ro");
        Some(VolumeSpec { kind: kind.to_owned(), source, target, read_only, span: node.span() })
    }

    fn healthcheck(&self, node: YamlRef<'_>) -> Option<HealthSpec> {
        let disabled = node.get("disable").and_then(|value| value.as_bool()).unwrap_or(false);
        let test = node.get("test");
        // Findings about the check point at its command.
        let span = test.map_or(node.span(), |test| test.span());
        let (args, shell) = match test {
            Some(test) if test.is_sequence() => {
                let mut items: Vec<Arg> =
                    test.items().filter_map(|item| self.text(item)).map(Text::into_arg).collect();
                let first = items.first().map(|arg| arg.value.clone()).unwrap_or_default();
                match first.as_str() {
                    "NONE" => {
                        return Some(HealthSpec { test: Vec::new(), shell: false, disabled: true, span });
                    }
                    "CMD" => {
                        items.remove(0);
                        (items, false)
                    }
                    "CMD-SHELL" => {
                        items.remove(0);
                        (items, true)
                    }
                    _ => (items, false),
                }
            }
            Some(test) => {
                let text = self.text(test)?;
                (vec![text.into_arg()], true)
            }
            None => (Vec::new(), false),
        };
        Some(HealthSpec { test: args, shell, disabled, span })
    }

    /// `x-redlint-ignore: "rule-a,rule-b -- reason"`, a list of such strings, or a list of
    /// `{rules: […], reason: …}` (`rule:` for one).
    fn ignore_entries(&self, node: YamlRef<'_>) -> Vec<IgnoreEntry> {
        let items: Vec<YamlRef<'_>> = if node.is_sequence() { node.items().collect() } else { vec![node] };
        items
            .into_iter()
            .filter_map(|item| {
                if item.is_mapping() {
                    let rules = self.texts(item.get("rules").or_else(|| item.get("rule")));
                    let reason =
                        item.get("reason").and_then(|reason| self.text(reason)).map(|reason| reason.value);
                    Some(IgnoreEntry::Rules { rules, reason, span: item.span() })
                } else {
                    self.text(item).map(IgnoreEntry::Value)
                }
            })
            .collect()
    }
}

fn port_range(text: &str) -> (Option<u16>, Option<u16>) {
    match text.split_once('-') {
        Some((start, end)) => (start.trim().parse().ok(), end.trim().parse().ok()),
        None => (text.trim().parse().ok(), None),
    }
}
