"use strict";
// Which files the action checks — the CLI's discovery: files named in `paths` always;
// directories walked with `.gitignore` respected; of the files found, those the core calls
// candidates (`isCandidate`, by name); symbolic links met while walking are skipped, as the
// CLI's walker does. The core classifies what it is given.
//
// git lists a directory when it can (exact ignore semantics, including
// `.git/info/exclude` and `core.excludesFile`, and fast on large repositories); otherwise
// — no `.git` (a checkout without git), no git, or a repository git does not trust — the
// tree is walked here with the `.gitignore` rules of gitignore.js.

const fs = require("node:fs");
const path = require("node:path");
const gitignore = require("./gitignore.js");
const git = require("./git.js");

/** git matches ignore patterns without case on the systems whose file names have none. */
const CASE_INSENSITIVE = process.platform === "win32" || process.platform === "darwin";

/**
 * Repository paths of the files under the directory `repoDir` (relative to the workspace,
 * "" for its root), found by walking it with the `.gitignore` files of every directory from
 * the workspace root down. Symbolic links are not followed; `.git` is never entered.
 */
function walk(workspace, repoDir, options = {}) {
  const caseInsensitive = options.caseInsensitive ?? CASE_INSENSITIVE;
  const join = (dir, name) => (dir === "" ? name : `${dir}/${name}`);
  const absolute = (repoPath) => path.join(workspace.root, ...repoPath.split("/").filter(Boolean));
  const readIgnore = (file) => {
    try {
      const stat = fs.lstatSync(file);
      return stat.isFile() ? gitignore.parse(fs.readFileSync(file, "utf8"), caseInsensitive) : null;
    } catch {
      return null;
    }
  };
  // The ignore files of the directories above the walk's start, shallowest first;
  // `.git/info/exclude` ranks below the root's `.gitignore`.
  const levels = [];
  const exclude = readIgnore(path.join(workspace.root, ".git", "info", "exclude"));
  if (exclude) levels.push({ dir: "", patterns: exclude });
  const parts = repoDir.split("/").filter(Boolean);
  for (let depth = 0; depth < parts.length; depth++) {
    const dir = parts.slice(0, depth).join("/");
    const patterns = readIgnore(path.join(absolute(dir), ".gitignore"));
    if (patterns) levels.push({ dir, patterns });
  }
  const files = [];
  const visit = (dir) => {
    const patterns = readIgnore(path.join(absolute(dir), ".gitignore"));
    if (patterns) levels.push({ dir, patterns });
    let entries;
    try {
      entries = fs.readdirSync(absolute(dir), { withFileTypes: true });
    } catch {
      entries = [];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === ".git") continue;
      const repoPath = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!gitignore.isIgnored(levels, repoPath, true)) visit(repoPath);
      } else if (entry.isFile()) {
        if (!gitignore.isIgnored(levels, repoPath, false)) files.push(repoPath);
      }
    }
    if (patterns) levels.pop();
  };
  visit(repoDir);
  return files;
}

/**
 * The files under `repoDir`: `{files, method}`, `method` being "git" or "walk". With
 * `useGit: false`, always walks.
 */
function listDirectory(workspace, repoDir, { useGit = true } = {}) {
  const listed = useGit ? git.listFiles(path.join(workspace.root, ...repoDir.split("/").filter(Boolean))) : null;
  if (listed === null) return { files: walk(workspace, repoDir), method: "walk" };
  const files = [];
  for (const entry of listed) {
    const repoPath = repoDir === "" ? entry.replace(/\/$/, "") : `${repoDir}/${entry.replace(/\/$/, "")}`;
    // A submodule or a nested repository: git does not look inside, the CLI's walker does.
    let stat;
    try {
      stat = fs.lstatSync(path.join(workspace.root, ...repoPath.split("/")));
    } catch {
      continue; // tracked but deleted in the work tree
    }
    if (stat.isDirectory()) files.push(...walk(workspace, repoPath));
    else if (stat.isFile()) files.push(repoPath);
  }
  return { files, method: "git" };
}

/**
 * Every file to give the core, read: `{files: [{path, content} | {path, unreadable}],
 * explicit, methods}`. `targets` are resolved user paths (`{repoPath, stat}`);
 * `isCandidate(path)` is the core's.
 */
function discover(workspace, targets, isCandidate, options = {}) {
  const seen = new Map();
  const explicit = [];
  const methods = new Set();
  const add = (repoPath, read) => {
    if (seen.has(repoPath) || read === null) return;
    seen.set(repoPath, { path: repoPath, ...read });
  };
  for (const target of targets) {
    if (!target.stat.isDirectory()) {
      explicit.push(target.repoPath);
      add(target.repoPath, workspace.read(target.repoPath) ?? { unreadable: "not a regular file" });
    }
  }
  for (const target of targets) {
    if (!target.stat.isDirectory()) continue;
    const { files, method } = listDirectory(workspace, target.repoPath, options);
    methods.add(method);
    for (const repoPath of files) {
      if (!seen.has(repoPath) && isCandidate(repoPath)) add(repoPath, workspace.read(repoPath, { followLinks: false }));
    }
  }
  const files = [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, explicit, methods: [...methods] };
}

module.exports = { discover, walk, listDirectory };
