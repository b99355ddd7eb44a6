"use strict";
// The few questions the action asks git: which files a directory holds (respecting every
// ignore file git knows), and which files a pull request changed. git runs through
// `execFileSync` with an argument list — never a shell — and nothing from the event or the
// inputs becomes an argument without being checked first.

const { execFileSync } = require("node:child_process");

/** Run git in `cwd`; the stdout Buffer, or null when git is missing or fails. */
function git(cwd, args) {
  try {
    return execFileSync("git", args, {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 512 * 1024 * 1024,
      windowsHide: true,
      // No prompts, no pager, no lock files written by a read-only question.
      env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", GIT_PAGER: "cat" },
    });
  } catch {
    return null;
  }
}

function nulSeparated(buffer) {
  return buffer.toString("utf8").split("\0").filter((entry) => entry !== "");
}

/**
 * The files under `dir` as the CLI's walker would find them, relative to `dir`: tracked and
 * untracked files, without those an ignore file (`.gitignore` at any level,
 * `.git/info/exclude`, `core.excludesFile`) excludes — tracked ones included, since the CLI
 * does not know what is tracked. Entries ending in `/` are directories git does not look
 * into (a nested repository); submodules appear as their directory. null when `dir` is not
 * in a git work tree or git is not usable (missing, or refusing a repository it does not
 * trust).
 */
function listFiles(dir) {
  const listed = git(dir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
  if (listed === null) return null;
  const ignored = git(dir, ["ls-files", "-z", "--cached", "--ignored", "--exclude-standard"]);
  if (ignored === null) return null;
  const excluded = new Set(nulSeparated(ignored));
  return [...new Set(nulSeparated(listed))].filter((file) => !excluded.has(file));
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

function commitExists(cwd, sha) {
  return git(cwd, ["cat-file", "-e", `${sha}^{commit}`]) !== null;
}

/**
 * Files the pull request changed, relative to `cwd` (the workspace): `{files, how}`, or
 * `{reason}` when git cannot tell.
 *
 * With the whole history (`fetch-depth: 0`), the diff between the merge base of `base` and
 * `head` — what GitHub shows as the pull request's files. With two commits of the merge
 * commit `actions/checkout` makes for a pull request (`fetch-depth: 2`), the diff between
 * its first parent (the base branch) and itself.
 */
function changedFiles(cwd, base, head) {
  if (!SHA.test(base) || !SHA.test(head)) {
    return { reason: "the event payload has no valid `pull_request.base.sha` and `head.sha`" };
  }
  if (git(cwd, ["rev-parse", "--is-inside-work-tree"]) === null) {
    return { reason: "the workspace is not a git work tree (is git installed, and the checkout done with git?)" };
  }
  const diff = (args) => {
    const out = git(cwd, ["diff", "--name-only", "-z", "--no-renames", "--relative", ...args]);
    return out === null ? null : nulSeparated(out);
  };
  if (commitExists(cwd, base) && commitExists(cwd, head)) {
    const files = diff([`${base}...${head}`, "--"]);
    if (files !== null) return { files, how: `changes between ${base.slice(0, 7)} and ${head.slice(0, 7)}` };
  }
  const parents = git(cwd, ["rev-list", "--parents", "-n", "1", "HEAD"]);
  const shas = parents === null ? [] : parents.toString("utf8").trim().split(/\s+/);
  if (shas.length === 3 && shas[2] === head && commitExists(cwd, shas[1])) {
    const files = diff([shas[1], shas[0], "--"]);
    if (files !== null) return { files, how: `changes the merge commit ${shas[0].slice(0, 7)} brings to its base` };
  }
  return {
    reason: `the base commit ${base.slice(0, 7)} is not in the clone (check out with \`fetch-depth: 0\`, or \`fetch-depth: 2\` for the pull request's merge commit)`,
  };
}

module.exports = { listFiles, changedFiles };
