"use strict";
// `.gitignore` rules as git applies them (gitignore(5)), for walking a tree git cannot list
// (no `.git` directory, no `git` on the runner). Tests compare this walker with
// `git ls-files --others --exclude-standard` on the same trees.
//
// - one pattern per line; blank lines and `#` comments are skipped; `\#` and `\!` escape;
//   trailing spaces are dropped unless escaped;
// - `!` re-includes what an earlier pattern excluded (not inside an excluded directory: the
//   walker never enters one);
// - a trailing `/` matches directories only;
// - a `/` at the start or in the middle anchors the pattern to its file's directory;
//   otherwise it matches a name at any depth below it;
// - `*`, `?` and `[...]` never match `/`; `**/`, `/**` and `/**/` match across directories;
// - the deepest `.gitignore` with a matching pattern decides, and within a file the last
//   matching pattern does.

/** The patterns of one ignore file, or null when it has none. */
function parse(text, caseInsensitive) {
  const patterns = [];
  for (let line of text.split(/\r?\n/)) {
    if (line === "" || line.startsWith("#")) continue;
    line = trimTrailingSpaces(line);
    if (line === "") continue;
    let negated = false;
    if (line.startsWith("!")) {
      negated = true;
      line = line.slice(1);
    }
    let directoryOnly = false;
    if (line.endsWith("/") && !line.endsWith("\\/")) {
      directoryOnly = true;
      line = line.replace(/\/+$/, "");
    }
    if (line === "") continue;
    // A slash left at the start or in the middle anchors the pattern.
    const anchored = line.includes("/");
    if (line.startsWith("/")) line = line.slice(1);
    const regex = toRegExp(line, anchored, caseInsensitive);
    if (regex) patterns.push({ regex, negated, directoryOnly, anchored });
  }
  return patterns.length ? patterns : null;
}

/** Trailing spaces are ignored unless the last one is escaped with a backslash. */
function trimTrailingSpaces(line) {
  let end = line.length;
  while (end > 0 && line[end - 1] === " ") {
    let backslashes = 0;
    for (let i = end - 2; i >= 0 && line[i] === "\\"; i--) backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}

const SPECIAL = /[.+^${}()|\\/[\]*?]/;

/** The pattern as a regular expression over a path relative to the ignore file's directory. */
function toRegExp(glob, anchored, caseInsensitive) {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === "*") {
      let stars = 1;
      while (glob[i + stars] === "*") stars++;
      const atStart = i === 0 || glob[i - 1] === "/";
      const atEnd = i + stars === glob.length || glob[i + stars] === "/";
      if (stars >= 2 && atStart && atEnd) {
        if (i + stars === glob.length) {
          // `a/**`: everything inside a (and `**` alone: everything).
          out += ".*";
          i += stars;
        } else {
          // `**/b` and `a/**/b`: zero or more directories.
          out += "(?:.*/)?";
          i += stars + 1;
        }
        continue;
      }
      out += "[^/]*";
      i += stars;
    } else if (c === "?") {
      out += "[^/]";
      i++;
    } else if (c === "[") {
      const parsed = bracket(glob, i);
      if (parsed) {
        out += parsed.regex;
        i = parsed.end;
      } else {
        out += "\\[";
        i++;
      }
    } else if (c === "\\") {
      // An escaped character is itself; a trailing backslash matches nothing.
      if (i + 1 >= glob.length) return null;
      out += escape(glob[i + 1]);
      i += 2;
    } else {
      out += escape(c);
      i++;
    }
  }
  const source = anchored ? `^${out}$` : `^(?:.*/)?${out}$`;
  return new RegExp(source, caseInsensitive ? "si" : "s");
}

function escape(c) {
  return SPECIAL.test(c) ? `\\${c}` : c;
}

/** `[...]` at `start`: a character class that never matches `/`, or null if unterminated. */
function bracket(glob, start) {
  let i = start + 1;
  let negated = false;
  if (glob[i] === "!" || glob[i] === "^") {
    negated = true;
    i++;
  }
  let body = "";
  let first = true;
  while (i < glob.length && (glob[i] !== "]" || first)) {
    let c = glob[i];
    if (c === "\\" && i + 1 < glob.length) {
      i++;
      c = glob[i];
    } else if (c === "[" && glob[i + 1] === ":") {
      // POSIX classes: [:alpha:] and friends.
      const close = glob.indexOf(":]", i + 2);
      const name = close > 0 ? glob.slice(i + 2, close) : "";
      const classes = {
        alnum: "a-zA-Z0-9", alpha: "a-zA-Z", blank: " \\t", cntrl: "\\x00-\\x1f\\x7f", digit: "0-9",
        graph: "\\x21-\\x7e", lower: "a-z", print: "\\x20-\\x7e", punct: "!-\\/:-@\\[-`{-~",
        space: " \\t\\n\\r\\f\\v", upper: "A-Z", xdigit: "0-9A-Fa-f",
      };
      if (classes[name]) {
        body += classes[name];
        i = close + 2;
        first = false;
        continue;
      }
    }
    first = false;
    if (glob[i + 1] === "-" && i + 2 < glob.length && glob[i + 2] !== "]") {
      let end = glob[i + 2];
      let next = i + 3;
      if (end === "\\" && i + 3 < glob.length) {
        end = glob[i + 3];
        next = i + 4;
      }
      if (end >= c) body += `${classChar(c)}-${classChar(end)}`;
      i = next;
      continue;
    }
    body += classChar(c);
    i++;
  }
  if (i >= glob.length) return null;
  if (body === "") return { regex: negated ? "[^/]" : "(?!)", end: i + 1 };
  return { regex: negated ? `[^/${body}]` : `(?:(?!/)[${body}])`, end: i + 1 };
}

function classChar(c) {
  return /[\]\\^-]/.test(c) ? `\\${c}` : c;
}

/**
 * Whether a path is ignored. `levels` are `{dir, patterns}` from the shallowest to the
 * deepest directory whose ignore file applies (dir relative to the walk's root, "" for the
 * root); `path` is relative to the root, `/`-separated.
 */
function isIgnored(levels, path, isDirectory) {
  for (let level = levels.length - 1; level >= 0; level--) {
    const { dir, patterns } = levels[level];
    const relative = dir === "" ? path : path.slice(dir.length + 1);
    for (let i = patterns.length - 1; i >= 0; i--) {
      const pattern = patterns[i];
      if (pattern.directoryOnly && !isDirectory) continue;
      if (pattern.regex.test(relative)) return !pattern.negated;
    }
  }
  return false;
}

module.exports = { parse, isIgnored };
