//! What redlint knows about container images, as data: how to read an image reference, which
//! images run Redis and how their entrypoints behave, which libc an image has, and which Redis
//! versions lack security fixes. Extend the tables, not the code.

use crate::source::Span;

/// An image reference as written (`docker.io/library/redis:7.2.4-alpine@sha256:…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    pub text: String,
    pub span: Span,
    pub registry: Option<String>,
    /// `redis`, `bitnami/redis`, `valkey/valkey` (`library/` removed).
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Split a reference the way Docker does: a first component with a `.` or `:` or equal to
    /// `localhost` is a registry; the last `:` after the last `/` starts the tag; `@` the digest.
    pub fn parse(text: &str, span: Span) -> ImageRef {
        let trimmed = text.trim();
        let (name_tag, digest) = match trimmed.split_once('@') {
            Some((name, digest)) => (name, Some(digest.to_owned())),
            None => (trimmed, None),
        };
        let last_slash = name_tag.rfind('/').map_or(0, |index| index + 1);
        let (name, tag) = match name_tag[last_slash..].rfind(':') {
            Some(colon) => {
                (&name_tag[..last_slash + colon], Some(name_tag[last_slash + colon + 1..].to_owned()))
            }
            None => (name_tag, None),
        };
        let mut parts: Vec<&str> = name.split('/').collect();
        let registry = (parts.len() > 1 && (parts[0].contains(['.', ':']) || parts[0] == "localhost"))
            .then(|| parts.remove(0).to_owned());
        let mut repository = parts.join("/").to_ascii_lowercase();
        if let Some(rest) = repository.strip_prefix("library/") {
            repository = rest.to_owned();
        }
        ImageRef { text: trimmed.to_owned(), span, registry, repository, tag, digest }
    }

    /// The tag, or `latest` when none is written (what Docker pulls).
    pub fn effective_tag(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }

    /// Pinned to a content digest.
    pub fn is_digest_pinned(&self) -> bool {
        self.digest.is_some()
    }

    /// The repository without its namespace (`bitnami/redis` → `redis`).
    pub fn short_name(&self) -> &str {
        self.repository.rsplit('/').next().unwrap_or(&self.repository)
    }

    /// Contains a variable that was not resolved (`${REDIS_TAG}`).
    pub fn is_templated(&self) -> bool {
        self.text.contains("${") || self.text.contains("{{")
    }
}

/// The C library of an image's userland.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Libc {
    Musl,
    Glibc,
    /// `scratch`, `distroless/static`: no libc at all.
    None,
    Unknown,
}

/// A Redis (or compatible) server version read from a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: Option<u32>,
    pub patch: Option<u32>,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.major)?;
        if let Some(minor) = self.minor {
            write!(f, ".{minor}")?;
            if let Some(patch) = self.patch {
                write!(f, ".{patch}")?;
            }
        }
        Ok(())
    }
}

/// Redis servers redlint knows how images run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServerImage {
    /// The Docker official image `redis` (docker-library, now redis/docker-library-redis).
    OfficialRedis,
    /// `valkey/valkey`, built like the official Redis image.
    Valkey,
    /// `bitnami/redis`: scripts configure Redis from environment variables.
    BitnamiRedis,
    /// `bitnami/redis-cluster`, `bitnami/redis-sentinel`.
    BitnamiOther,
    /// `redis/redis-stack`, `redis/redis-stack-server`.
    RedisStack,
    /// Another image whose name says Redis (a private build, an operator's image).
    OtherRedis,
}

/// How a server image starts and where it keeps things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerFacts {
    pub image: ServerImage,
    /// The image's compiled `protected-mode` default differs: the official `redis` and
    /// `valkey` images patch it to `no`.
    pub protected_mode_off: bool,
    /// `USER` in the image (`None`: root, as in the official image).
    pub user: Option<&'static str>,
    /// The entrypoint drops root to this user, but only when the first argument is the
    /// server program (`redis-server`), and only when the container starts as root.
    pub entrypoint_drops_to: Option<&'static str>,
    /// The server program name the entrypoint recognises.
    pub server_program: &'static str,
    /// Redis's working directory, and where the data goes with the default `dir`.
    pub workdir: Option<&'static str>,
    /// `VOLUME` of the image (an anonymous volume when nothing is mounted there).
    pub volume: Option<&'static str>,
    /// Where the image's documentation puts a custom config.
    pub config_path: Option<&'static str>,
    /// Environment variables the image's scripts turn into configuration.
    pub environment: &'static [&'static str],
}

const OFFICIAL: ServerFacts = ServerFacts {
    image: ServerImage::OfficialRedis,
    protected_mode_off: true,
    user: None,
    entrypoint_drops_to: Some("redis (uid 999)"),
    server_program: "redis-server",
    workdir: Some("/data"),
    volume: Some("/data"),
    config_path: Some("/usr/local/etc/redis/redis.conf"),
    environment: &[],
};

/// Server images by repository. Extend here.
const SERVERS: &[(&[&str], ServerFacts)] = &[
    (&["redis"], OFFICIAL),
    (
        &["valkey/valkey", "valkey"],
        ServerFacts {
            image: ServerImage::Valkey,
            entrypoint_drops_to: Some("valkey (uid 999)"),
            server_program: "valkey-server",
            config_path: Some("/usr/local/etc/valkey/valkey.conf"),
            ..OFFICIAL
        },
    ),
    (
        &["bitnami/redis"],
        ServerFacts {
            image: ServerImage::BitnamiRedis,
            protected_mode_off: false,
            user: Some("1001"),
            entrypoint_drops_to: None,
            server_program: "redis-server",
            workdir: None,
            volume: Some("/bitnami/redis/data"),
            config_path: Some("/opt/bitnami/redis/mounted-etc/redis.conf"),
            environment: &[
                "REDIS_PASSWORD",
                "REDIS_PASSWORD_FILE",
                "ALLOW_EMPTY_PASSWORD",
                "REDIS_AOF_ENABLED",
                "REDIS_RDB_POLICY",
                "REDIS_RDB_POLICY_DISABLED",
                "REDIS_DISABLE_COMMANDS",
                "REDIS_EXTRA_FLAGS",
                "REDIS_PORT_NUMBER",
                "REDIS_REPLICATION_MODE",
                "REDIS_MASTER_HOST",
                "REDIS_MASTER_PORT_NUMBER",
                "REDIS_MASTER_PASSWORD",
                "REDIS_ACLFILE",
                "REDIS_TLS_ENABLED",
                "REDIS_IO_THREADS",
                "REDIS_IO_THREADS_DO_READS",
            ],
        },
    ),
    (
        &["bitnami/redis-cluster", "bitnami/redis-sentinel"],
        ServerFacts {
            image: ServerImage::BitnamiOther,
            protected_mode_off: false,
            user: Some("1001"),
            entrypoint_drops_to: None,
            workdir: None,
            volume: Some("/bitnami/redis/data"),
            config_path: None,
            environment: &["REDIS_PASSWORD", "REDIS_PASSWORD_FILE", "ALLOW_EMPTY_PASSWORD"],
            ..OFFICIAL
        },
    ),
    (
        &["redis/redis-stack", "redis/redis-stack-server"],
        ServerFacts {
            image: ServerImage::RedisStack,
            protected_mode_off: false,
            entrypoint_drops_to: None,
            workdir: Some("/data"),
            volume: None,
            config_path: Some("/redis-stack.conf"),
            environment: &[
                "REDIS_ARGS",
                "REDISEARCH_ARGS",
                "REDISJSON_ARGS",
                "REDISTIMESERIES_ARGS",
                "REDISBLOOM_ARGS",
            ],
            ..OFFICIAL
        },
    ),
];

/// What redlint knows about one image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageFacts {
    pub server: Option<ServerFacts>,
    pub libc: Libc,
    /// The server version the tag pins (as far as it does: `7` pins only the major).
    pub version: Option<Version>,
    /// The tag follows a moving target (`latest`, `alpine`, a bare major or minor).
    pub floating: Floating,
}

/// How much a tag can move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Floating {
    /// Pinned to a digest.
    Digest,
    /// A full patch version (`7.2.11-alpine`).
    Patch,
    /// A minor (`7.2-alpine`): patch releases arrive silently.
    Minor,
    /// A major (`7-alpine`): minors arrive silently (7.2 → 7.4 changed the licence).
    Major,
    /// `latest`, `alpine`, no tag: any version, including the next major.
    Any,
}

impl ImageRef {
    /// Facts from the tables.
    pub fn facts(&self) -> ImageFacts {
        let server = server_facts(self);
        let tag = self.effective_tag();
        let tag_version = parse_version(tag);
        let version = if server.is_some() { tag_version } else { None };
        // Any image's tag pins what its leading version says (`alpine:3.20` pins a minor).
        let floating = if self.is_digest_pinned() {
            Floating::Digest
        } else {
            match tag_version {
                Some(Version { patch: Some(_), .. }) => Floating::Patch,
                Some(Version { minor: Some(_), .. }) => Floating::Minor,
                Some(_) => Floating::Major,
                None => Floating::Any,
            }
        };
        ImageFacts { server, libc: libc_of(self), version, floating }
    }

    /// Does this image run a Redis-compatible server?
    pub fn runs_redis(&self) -> bool {
        server_facts(self).is_some()
    }
}

fn server_facts(image: &ImageRef) -> Option<ServerFacts> {
    let repository = image.repository.as_str();
    // A namespaced image mirrored under a prefix (`mcr.microsoft.com/oss/bitnami/redis`) is
    // the same image.
    let known = |name: &&str| {
        repository == *name
            || name.contains('/') && repository.strip_suffix(name).is_some_and(|prefix| prefix.ends_with('/'))
    };
    SERVERS.iter().find(|(names, _)| names.iter().any(known)).map(|(_, facts)| *facts).or_else(|| {
        // A private build of Redis (`registry.example.com/platform/redis`): treated like the
        // image it most likely derives from only for what the name tells.
        let short = image.short_name();
        (short == "redis"
            || short.starts_with("redis-") && !short.contains("exporter") && !short.contains("commander"))
        .then_some(ServerFacts { image: ServerImage::OtherRedis, protected_mode_off: false, ..OFFICIAL })
    })
}

/// The server version a tag pins: leading `major[.minor[.patch]]`.
pub fn parse_version(tag: &str) -> Option<Version> {
    let leading: &str = tag.split(['-', '_']).next()?;
    let leading = leading.strip_prefix('v').unwrap_or(leading);
    let mut parts = leading.split('.');
    let number = |part: Option<&str>| part.and_then(|part| part.parse::<u32>().ok());
    let major = number(parts.next())?;
    let minor = number(parts.next());
    let patch = if minor.is_some() { number(parts.next()) } else { None };
    if parts.next().is_some() {
        return None;
    }
    Some(Version { major, minor, patch })
}

/// Repositories whose `-alpine` tags are musl and other tags glibc (Debian or Ubuntu).
const ALPINE_VARIANTS: &[&str] = &[
    "redis",
    "valkey/valkey",
    "valkey",
    "python",
    "node",
    "golang",
    "rust",
    "ruby",
    "php",
    "nginx",
    "postgres",
    "httpd",
    "memcached",
    "haproxy",
    "traefik",
    "openjdk",
    "eclipse-temurin",
    "maven",
    "gradle",
    "elixir",
    "erlang",
    "perl",
];

/// The libc of an image's userland, from its name and tag.
pub fn libc_of(image: &ImageRef) -> Libc {
    let repository = image.repository.as_str();
    let tag = image.effective_tag().to_ascii_lowercase();
    if repository == "scratch"
        || repository.ends_with("distroless/static")
        || repository.ends_with("distroless/static-debian12")
    {
        return Libc::None;
    }
    if repository == "alpine" || repository.ends_with("/alpine") || tag.contains("alpine") {
        return Libc::Musl;
    }
    if repository.contains("distroless")
        || matches!(
            repository,
            "debian" | "ubuntu" | "fedora" | "centos" | "rockylinux" | "almalinux" | "amazonlinux"
        )
        || repository.starts_with("bitnami/")
        || repository.starts_with("redis/redis-stack")
        || repository.starts_with("registry.access.redhat.com")
        || repository.contains("ubi")
    {
        return Libc::Glibc;
    }
    if ALPINE_VARIANTS.contains(&repository) {
        return Libc::Glibc;
    }
    for marker in
        ["slim", "bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal", "debian", "ubuntu"]
    {
        if tag.contains(marker) {
            return Libc::Glibc;
        }
    }
    Libc::Unknown
}

/// A Python installation an image ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Python {
    /// Where it is installed: `/usr/local` in the official `python` images (`/usr/local/bin/python3`,
    /// `/usr/local/lib/python3.12`), `/usr` for a distribution's package.
    pub prefix: &'static str,
    /// `major.minor`, when the tag says it.
    pub version: Option<(u32, u32)>,
}

impl Python {
    /// The directory installed packages go to, when the version is known.
    pub fn site_packages(&self) -> Option<String> {
        let (major, minor) = self.version?;
        let packages = if self.prefix == "/usr" { "dist-packages" } else { "site-packages" };
        Some(format!("{}/lib/python{major}.{minor}/{packages}", self.prefix))
    }

    /// `python 3.12 in /usr/local`, for messages.
    pub fn describe(&self) -> String {
        match self.version {
            Some((major, minor)) => format!("Python {major}.{minor} in `{}`", self.prefix),
            None => format!("the Python in `{}`", self.prefix),
        }
    }
}

/// Language runtimes and toolchains an image ships, as far as its name tells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contents {
    pub python: Option<Python>,
    /// `node` in `/usr/local/bin`, global modules in `/usr/local/lib/node_modules`.
    pub node: bool,
    /// The Go toolchain (`/usr/local/go`, `GOPATH=/go`).
    pub go: bool,
    /// `rustc` and `cargo` (`CARGO_HOME=/usr/local/cargo`).
    pub rust: bool,
    /// A C compiler: the full (not `-slim`, not `-alpine`) `python`, `node`, `golang` and `rust`
    /// images ship gcc, so cgo is on by default in `golang:1.x`.
    pub c_compiler: bool,
}

/// Runtime images by repository: what they ship. Extend here.
const RUNTIMES: &[(&[&str], Contents)] = &[
    (
        &["python", "pypy"],
        Contents {
            python: Some(Python { prefix: "/usr/local", version: None }),
            node: false,
            go: false,
            rust: false,
            c_compiler: true,
        },
    ),
    (&["node"], Contents { python: None, node: true, go: false, rust: false, c_compiler: true }),
    (&["golang"], Contents { python: None, node: false, go: true, rust: false, c_compiler: true }),
    (&["rust"], Contents { python: None, node: false, go: false, rust: true, c_compiler: true }),
    (
        &["distroless/python3", "distroless/python3-debian12", "distroless/python3-debian11"],
        Contents {
            python: Some(Python { prefix: "/usr", version: None }),
            node: false,
            go: false,
            rust: false,
            c_compiler: false,
        },
    ),
    (
        &["distroless/nodejs", "distroless/nodejs20-debian12", "distroless/nodejs22-debian12"],
        Contents { python: None, node: true, go: false, rust: false, c_compiler: false },
    ),
];

/// Images built on the official `python` image whose tag names the version
/// (`ghcr.io/astral-sh/uv:0.5-python3.12-bookworm-slim`, `tiangolo/uwsgi-nginx-flask:python3.11`).
const PYTHON_TAGGED: &[&str] =
    &["astral-sh/uv", "tiangolo/uwsgi-nginx-flask", "tiangolo/uvicorn-gunicorn-fastapi"];

impl ImageRef {
    /// The runtimes the image ships.
    pub fn contents(&self) -> Contents {
        let repository = self.repository.as_str();
        let tag = self.effective_tag().to_ascii_lowercase();
        let slim = tag.contains("slim") || tag.contains("alpine");
        let mut contents =
            RUNTIMES.iter().find(|(names, _)| names.contains(&repository)).map(|(_, contents)| *contents);
        if contents.is_none() && PYTHON_TAGGED.contains(&repository) {
            let version = tag.find("python").map(|at| &tag[at + "python".len()..]);
            if let Some(version) = version {
                contents = Some(Contents {
                    python: Some(Python { prefix: "/usr/local", version: python_version(version) }),
                    ..Contents::default()
                });
            }
        }
        let Some(mut contents) = contents else { return Contents::default() };
        contents.c_compiler &= !slim;
        if let Some(python) = &mut contents.python {
            if python.version.is_none() && repository == "python" {
                python.version = python_version(&tag);
            }
        }
        contents
    }
}

/// `3.12` from `3.12.4-slim`, `3.12-alpine3.20`.
fn python_version(tag: &str) -> Option<(u32, u32)> {
    let version = parse_version(tag)?;
    Some((version.major, version.minor?))
}

/// Oldest patch release of each minor with the known security fixes, as of the data's date.
/// `None`: the line is end of life and gets no fixes. Keep this table current.
pub const SECURITY_FLOORS: &[(u32, u32, Option<u32>, &str)] = &[
    (6, 0, None, "6.0 is end of life"),
    (6, 2, None, "6.2 is end of life for the official image"),
    (
        7,
        0,
        None,
        "7.0 is end of life (last release 7.0.15); it lacks fixes such as CVE-2024-31449, CVE-2024-46981 and CVE-2025-49844",
    ),
    (
        7,
        2,
        Some(11),
        "7.2 before 7.2.11 lacks the fix for CVE-2025-49844 (\"RediShell\", Lua use-after-free, remote code execution)",
    ),
    (
        7,
        4,
        Some(6),
        "7.4 before 7.4.6 lacks the fix for CVE-2025-49844 (\"RediShell\", Lua use-after-free, remote code execution)",
    ),
];

/// Why a Redis version is known to be vulnerable, if it is.
pub fn known_vulnerability(version: Version) -> Option<&'static str> {
    // Every line older than the table is long out of support.
    if version.major < SECURITY_FLOORS[0].0 {
        return Some("Redis before 6.0 is end of life and gets no security fixes");
    }
    let minor = version.minor?;
    let (_, _, floor, why) = SECURITY_FLOORS
        .iter()
        .find(|(major, floor_minor, ..)| *major == version.major && *floor_minor == minor)?;
    match floor {
        None => Some(why),
        Some(floor) => version.patch.filter(|patch| patch < floor).map(|_| *why),
    }
}

#[cfg(test)]
mod mirror_tests {
    use super::*;
    use crate::source::{FileId, Span};

    #[test]
    fn mirrored_namespaced_images_are_the_same_image() {
        let span = Span::new(FileId(0), 0, 0);
        let facts = |text: &str| ImageRef::parse(text, span).facts().server.map(|server| server.image);
        assert_eq!(facts("mcr.microsoft.com/oss/bitnami/redis:6.0.8"), Some(ServerImage::BitnamiRedis));
        assert_eq!(facts("example.com/notbitnami/redis:7"), Some(ServerImage::OtherRedis));
        assert_eq!(facts("bitnami/redis:7.4"), Some(ServerImage::BitnamiRedis));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn image(text: &str) -> ImageRef {
        ImageRef::parse(text, Span::file_start(FileId(0)))
    }

    #[test]
    fn parses_references() {
        let reference = image("docker.io/library/redis:7.2.4-alpine@sha256:abc");
        assert_eq!(reference.registry.as_deref(), Some("docker.io"));
        assert_eq!(reference.repository, "redis");
        assert_eq!(reference.tag.as_deref(), Some("7.2.4-alpine"));
        assert_eq!(reference.digest.as_deref(), Some("sha256:abc"));
        let local = image("localhost:5000/team/redis");
        assert_eq!(local.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(local.repository, "team/redis");
        assert_eq!(local.tag, None);
        assert_eq!(local.effective_tag(), "latest");
        assert_eq!(image("bitnami/redis:7.4").repository, "bitnami/redis");
    }

    #[test]
    fn knows_servers_versions_and_libc() {
        let facts = image("redis:7-alpine").facts();
        assert_eq!(facts.server.unwrap().image, ServerImage::OfficialRedis);
        assert!(facts.server.unwrap().protected_mode_off);
        assert_eq!(facts.libc, Libc::Musl);
        assert_eq!(facts.version, Some(Version { major: 7, minor: None, patch: None }));
        assert_eq!(facts.floating, Floating::Major);
        assert_eq!(image("redis:7.2.4").facts().libc, Libc::Glibc);
        assert_eq!(image("redis").facts().floating, Floating::Any);
        assert_eq!(image("redis:alpine").facts().floating, Floating::Any);
        assert_eq!(
            image("bitnami/redis:7.2.4-debian-12-r5").facts().version,
            Some(Version { major: 7, minor: Some(2), patch: Some(4) })
        );
        assert_eq!(image("bitnami/redis:7.2").facts().server.unwrap().user, Some("1001"));
        assert_eq!(image("python:3.11-slim").facts().libc, Libc::Glibc);
        assert_eq!(image("python:3.12").facts().libc, Libc::Glibc);
        assert_eq!(image("golang:1.22-alpine").facts().libc, Libc::Musl);
        assert_eq!(image("scratch").facts().libc, Libc::None);
        assert_eq!(image("gcr.io/distroless/base-debian12").facts().libc, Libc::Glibc);
        assert!(image("oliver006/redis_exporter:v1.55").facts().server.is_none());
        assert!(image("registry.example.com/platform/redis:7.2.11").runs_redis());
    }

    #[test]
    fn security_floors() {
        let version = |text| parse_version(text).unwrap();
        assert!(known_vulnerability(version("7.0.15")).is_some());
        assert!(known_vulnerability(version("7.2.10")).is_some());
        assert!(known_vulnerability(version("7.2.11")).is_none());
        assert!(known_vulnerability(version("7.4.5")).is_some());
        assert!(known_vulnerability(version("7.4.6")).is_none());
        assert!(known_vulnerability(version("7.2")).is_none(), "a floating minor gets the latest patch");
        assert!(known_vulnerability(version("8.2.1")).is_none());
        assert!(known_vulnerability(version("3.2.9")).is_some(), "before 6.0 every line is end of life");
    }

    #[test]
    fn runtime_contents() {
        let python = image("python:3.12.4-slim").contents();
        assert_eq!(python.python, Some(Python { prefix: "/usr/local", version: Some((3, 12)) }));
        assert!(!python.c_compiler);
        assert_eq!(
            python.python.unwrap().site_packages().as_deref(),
            Some("/usr/local/lib/python3.12/site-packages")
        );
        assert!(image("python:3.12").contents().c_compiler);
        assert_eq!(image("python:alpine").contents().python.unwrap().version, None);
        assert!(image("golang:1.22").contents().go);
        assert!(image("rust:1.80-alpine").contents().rust);
        assert_eq!(image("redis:7-alpine").contents(), Contents::default());
        let uv = image("ghcr.io/astral-sh/uv:0.11.32-python3.12-trixie-slim").contents();
        assert_eq!(uv.python.unwrap().version, Some((3, 12)));
        assert_eq!(libc_of(&image("python:3.12-alpine")), Libc::Musl);
    }
}
