"use strict";
// The workspace the action may read: every path is resolved inside GITHUB_WORKSPACE, and a
// symbolic link is followed only when its target is inside it too. A pull request controls
// the files, so it must not be able to make the action read (or report on) anything else.

const fs = require("node:fs");
const path = require("node:path");

/** The CLI's default `--max-file-size`: larger files are reported as unreadable, not read. */
const MAX_FILE_SIZE = 32 * 1024 * 1024;

class Workspace {
  constructor(root) {
    this.root = fs.realpathSync.native(path.resolve(root));
  }

  /** Whether an absolute, resolved path is the root or inside it. */
  contains(absolute) {
    const relative = path.relative(this.root, absolute);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  }

  /** An absolute path as the report spells it: relative to the root, with `/`. */
  repoPath(absolute) {
    return path.relative(this.root, absolute).split(path.sep).join("/");
  }

  /**
   * A path given by the user (relative to the root, or absolute), resolved: `{absolute,
   * repoPath, stat}`, or `{error}` when it is outside the workspace or does not exist.
   */
  resolveUserPath(input) {
    if (input.includes("\0")) return { error: "contains a NUL character" };
    const absolute = path.resolve(this.root, input);
    if (!this.contains(absolute)) return { error: "is outside the workspace" };
    let real;
    try {
      real = fs.realpathSync.native(absolute);
    } catch (error) {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return { error: "does not exist" };
      return { error: `cannot be read (${error.code || error.message})` };
    }
    if (!this.contains(real)) return { error: "is a symbolic link to a place outside the workspace" };
    return { absolute, repoPath: this.repoPath(absolute), stat: fs.statSync(real) };
  }

  /**
   * A file by repository path (relative, `/`-separated, as the core asks for it):
   * `{content}`, `{unreadable: reason}`, or null when it is not a regular file inside the
   * workspace. `followLinks: false` skips symbolic links altogether (walking).
   */
  read(repoPath, { followLinks = true } = {}) {
    if (repoPath.includes("\0") || path.isAbsolute(repoPath) || /^[a-zA-Z]:/.test(repoPath)) return null;
    const absolute = path.resolve(this.root, ...repoPath.split("/"));
    if (!this.contains(absolute) || absolute === this.root) return null;
    let stat;
    let real;
    try {
      if (!followLinks && fs.lstatSync(absolute).isSymbolicLink()) return null;
      // Any component may be a link (a `conf` directory pointing at `/etc`): where the path
      // really leads must be inside.
      real = fs.realpathSync.native(absolute);
      if (!this.contains(real)) return null;
      stat = fs.statSync(real);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    if (stat.size > MAX_FILE_SIZE) {
      return {
        unreadable: `${Math.floor(stat.size / 2 ** 20)} MiB, larger than the ${MAX_FILE_SIZE / 2 ** 20} MiB limit`,
      };
    }
    try {
      // Invalid UTF-8 becomes U+FFFD per maximal invalid sequence, as in the core.
      return { content: fs.readFileSync(real).toString("utf8") };
    } catch (error) {
      return { unreadable: error.code === "EACCES" ? "permission denied" : String(error.message) };
    }
  }

  /** Repository paths of the regular files directly in a directory (for `include` globs). */
  listDir(repoDir) {
    const absolute = path.resolve(this.root, ...repoDir.split("/").filter(Boolean));
    if (!this.contains(absolute)) return [];
    let entries;
    try {
      if (!this.contains(fs.realpathSync.native(absolute))) return [];
      entries = fs.readdirSync(absolute, { withFileTypes: true });
    } catch {
      return [];
    }
    const prefix = repoDir === "" ? "" : `${repoDir.replace(/\/+$/, "")}/`;
    return entries
      .filter((entry) => entry.isFile() || (entry.isSymbolicLink() && this.read(prefix + entry.name) !== null))
      .map((entry) => prefix + entry.name)
      .sort();
  }
}

module.exports = { Workspace, MAX_FILE_SIZE };
