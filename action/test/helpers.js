"use strict";
// A simulated Actions runner for the tests: temporary repositories, the `INPUT_*`,
// `GITHUB_*` and `RUNNER_TEMP` variables, and readers for what the action writes (workflow
// commands on stdout, `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`). The action runs as the
// runner runs it: `node action/dist/index.js` in a child process.

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync, spawnSync } = require("node:child_process");

const DIST = path.join(__dirname, "..", "dist");
const ENTRY = path.join(DIST, "index.js");

/** A temporary directory, removed when the test ends. */
function tempDir(t, prefix = "redlint-action-") {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Write `files` (`{path: content}`) under `dir`. */
function writeFiles(dir, files) {
  for (const [file, content] of Object.entries(files)) {
    const absolute = path.join(dir, ...file.split("/"));
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, content);
  }
}

/** git with a fixed identity and no user or system configuration. */
function git(cwd, ...args) {
  return execFileSync(
    "git",
    ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", ...args],
    { cwd, env: gitEnv(cwd), stdio: ["ignore", "pipe", "pipe"] },
  )
    .toString("utf8")
    .trim();
}

function gitEnv(home) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
    GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
    GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  };
}

/** A repository: `files` written, and with `git: true` committed. */
function repo(t, files, { git: withGit = false } = {}) {
  const dir = tempDir(t);
  writeFiles(dir, files);
  if (withGit) {
    git(dir, "init", "-q");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "base");
  }
  return dir;
}

/**
 * Run the action in `workspace` with `inputs` (`{"fail-on": "error"}`) and extra
 * environment. Returns the exit status, stdout, stderr, the annotations, the outputs, the
 * summary and the log lines.
 */
function runAction(t, workspace, inputs = {}, env = {}) {
  const scratch = tempDir(t, "redlint-runner-");
  const outputFile = path.join(scratch, "output");
  const summaryFile = path.join(scratch, "summary.md");
  fs.writeFileSync(outputFile, "");
  fs.writeFileSync(summaryFile, "");
  const inputEnv = {};
  for (const [name, value] of Object.entries(inputs)) inputEnv[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [ENTRY], {
    cwd: workspace,
    env: {
      ...gitEnv(scratch),
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: scratch,
      GITHUB_EVENT_NAME: "push",
      ...inputEnv,
      ...env,
    },
    encoding: "utf8",
  });
  const stdout = result.stdout;
  return {
    status: result.status,
    stdout,
    stderr: result.stderr,
    annotations: annotations(stdout),
    outputs: outputs(fs.readFileSync(outputFile, "utf8")),
    summary: fs.readFileSync(summaryFile, "utf8"),
    log: verbatim(stdout),
    scratch,
  };
}

function unescapeData(text) {
  return text.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function unescapeProperty(text) {
  return unescapeData(text.replace(/%3A/g, ":").replace(/%2C/g, ","));
}

/**
 * Workflow commands the runner would act on: lines starting with `::` outside a
 * `::stop-commands::TOKEN` … `::TOKEN::` block, as `{command, properties, message}`.
 */
function annotations(stdout) {
  const found = [];
  let stopped = null;
  for (const line of stdout.split("\n")) {
    if (stopped !== null) {
      if (line === `::${stopped}::`) stopped = null;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(line);
    if (stop) {
      stopped = stop[1];
      continue;
    }
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match || !["error", "warning", "notice"].includes(match[1])) continue;
    const properties = {};
    for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
      const at = pair.indexOf("=");
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    found.push({ command: match[1], properties, message: unescapeData(match[3]) });
  }
  return found;
}

/** The lines between `::stop-commands::TOKEN` and `::TOKEN::`. */
function verbatim(stdout) {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith("::stop-commands::"));
  if (start < 0) return [];
  const token = lines[start].slice("::stop-commands::".length);
  const end = lines.indexOf(`::${token}::`, start + 1);
  return lines.slice(start + 1, end);
}

/** `GITHUB_OUTPUT` in its `name<<DELIMITER` form. */
function outputs(text) {
  const values = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!match) continue;
    const end = lines.indexOf(match[2], i + 1);
    values[match[1]] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return values;
}

/** The action's modules and WASM, as shipped. */
function dist(name) {
  return require(path.join(DIST, name));
}

module.exports = { DIST, tempDir, writeFiles, git, repo, runAction, dist };
