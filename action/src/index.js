"use strict";
// The redlint GitHub Action: find the files (the CLI's discovery), check them with the
// core compiled to WebAssembly, and give GitHub what the core rendered — annotations, a
// job summary, a SARIF file, outputs — then exit by `fail-on`.
//
// Exit status: 0 nothing at or above `fail-on`; 1 findings; 2 a bad input, a missing path
// or an invalid configuration (each reported as an `::error::`).

const fs = require("node:fs");
const path = require("node:path");
const { readInputs, fails } = require("./inputs.js");
const { Workspace } = require("./workspace.js");
const { discover } = require("./discover.js");
const { changedFiles } = require("./git.js");
const { Runner } = require("./runner.js");

/** GitHub shows at most this many annotations of each severity per step. */
const ANNOTATION_LIMIT = 10;

/** A usage problem: reported as `::error::`, exit status 2. */
class UsageError extends Error {}

function run(env = process.env, write = undefined) {
  const started = performance.now();
  const wasm = require("./wasm/redlint_wasm.js");
  const runner = new Runner(env, wasm, write);
  try {
    return check(env, wasm, runner, started);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    for (const message of error.message.split("\n")) runner.command("error", message, { title: "redlint" });
    return 2;
  }
}

function check(env, wasm, runner, started) {
  const { values: inputs, problems } = readInputs(env);
  if (problems.length) throw new UsageError(problems.join("\n"));
  const root = env.GITHUB_WORKSPACE || process.cwd();
  let workspace;
  try {
    workspace = new Workspace(root);
  } catch (error) {
    throw new UsageError(`the workspace \`${root}\` cannot be read: ${error.message}`);
  }

  const targets = [];
  const pathProblems = [];
  for (const input of inputs.paths) {
    const resolved = workspace.resolveUserPath(input);
    if (resolved.error) pathProblems.push(`input \`paths\`: \`${input}\` ${resolved.error}`);
    else targets.push(resolved);
  }
  if (targets.length === 0 && pathProblems.length === 0) pathProblems.push("input `paths`: no path given");
  const sarif = inputs.sarifFile ? outputPath(workspace, env, inputs.sarifFile) : null;
  if (sarif?.error) pathProblems.push(`input \`sarif-file\`: \`${inputs.sarifFile}\` ${sarif.error}`);
  const config = findConfig(workspace, inputs.config, targets, wasm.configFileNames().split("\n"));
  if (config.error) pathProblems.push(config.error);
  if (pathProblems.length) throw new UsageError(pathProblems.join("\n"));

  const found = discover(workspace, targets, (file) => wasm.isCandidate(file));
  const notes = [];
  let only = null;
  if (inputs.changedFilesOnly) {
    const changed = changedFilesOfEvent(env, workspace);
    if (changed.files) {
      only = changed.files;
      runner.log(`changed-files-only: ${changed.files.length} changed files (${changed.how})`);
    } else {
      const message = `changed-files-only: ${changed.reason}; every finding is reported.`;
      runner.command("notice", message, { title: "redlint" });
      notes.push(message);
    }
  }

  const request = {
    files: found.files,
    explicit: found.explicit,
    config_path: config.file?.repoPath ?? null,
    config_text: config.file?.text ?? null,
    today: new Date().toISOString().slice(0, 10),
    only,
    sarif: sarif !== null,
    summary: inputs.summary,
    annotate: inputs.annotate,
    annotation_limit: ANNOTATION_LIMIT,
    log: true,
    notes,
  };
  const reader = {
    read: (file) => workspace.read(file)?.content,
    listDir: (dir) => JSON.stringify(workspace.listDir(dir)),
  };
  const response = JSON.parse(wasm.checkProject(JSON.stringify(request), reader));
  if (response.config_errors) {
    runner.raw(response.commands);
    return 2;
  }
  const { report } = response;
  for (const skipped of response.skipped) runner.log(`skipped ${skipped.path}: ${skipped.reason}`);
  runner.verbatim(`redlint: ${report.diagnostics.length} findings`, response.log);
  if (response.annotations) runner.raw(response.annotations.commands);
  if (sarif) {
    fs.mkdirSync(path.dirname(sarif.absolute), { recursive: true });
    fs.writeFileSync(sarif.absolute, response.sarif, "utf8");
  }
  if (response.summary !== null) runner.summary(response.summary);

  const { summary } = report;
  runner.setOutput("errors", summary.errors);
  runner.setOutput("warnings", summary.warnings);
  runner.setOutput("infos", summary.infos);
  runner.setOutput("sarif-file", sarif ? sarif.display : "");

  const elapsed = Math.round(performance.now() - started);
  runner.log(
    `${report.tool.version}: ${summary.files} files checked (${found.files.length} read, ` +
      `${found.methods.join(" and ") || "no directory"} discovery), ${summary.errors} errors, ` +
      `${summary.warnings} warnings, ${summary.infos} infos, ${summary.suppressed} suppressed in ${elapsed} ms`,
  );
  if (fails(inputs.failOn, summary)) {
    runner.log(`failing: findings at or above \`fail-on: ${inputs.failOn}\``);
    return 1;
  }
  return 0;
}

/**
 * The `redlint.toml` to use: the `config` input, or the first `redlint.toml` or
 * `.redlint.toml` found walking up from each checked path to the workspace root (all must
 * lead to the same file, as on the command line). `{file: {repoPath, text}}`, `{file: null}`
 * or `{error}`.
 */
function findConfig(workspace, input, targets, names) {
  const load = (repoPath) => {
    const read = workspace.read(repoPath);
    if (read === null) return null;
    if (read.unreadable) return { error: `the configuration file \`${repoPath}\` cannot be read: ${read.unreadable}` };
    return { file: { repoPath, text: read.content } };
  };
  if (input) {
    const resolved = workspace.resolveUserPath(input);
    if (resolved.error) return { error: `input \`config\`: \`${input}\` ${resolved.error}` };
    return load(resolved.repoPath) ?? { error: `input \`config\`: \`${input}\` is not a file` };
  }
  let found = null;
  for (const target of targets) {
    let dir = target.stat.isDirectory() ? target.absolute : path.dirname(target.absolute);
    let here = null;
    for (;;) {
      for (const name of names) {
        here = load(workspace.repoPath(path.join(dir, name)));
        if (here) break;
      }
      if (here || dir === workspace.root || !workspace.contains(path.dirname(dir))) break;
      dir = path.dirname(dir);
    }
    if (here?.error) return here;
    if (here && found && here.file.repoPath !== found.file.repoPath) {
      return {
        error: `the checked paths have different configuration files (\`${found.file.repoPath}\` and \`${here.file.repoPath}\`): check them in separate steps or set \`config\``,
      };
    }
    found = found ?? here;
  }
  return found ?? { file: null };
}

/**
 * Where to write the SARIF file: inside the workspace or the runner's temporary directory,
 * never through a symbolic link. `{absolute, display}` or `{error}`.
 */
function outputPath(workspace, env, input) {
  const roots = [workspace.root];
  if (env.RUNNER_TEMP) {
    try {
      roots.push(fs.realpathSync.native(env.RUNNER_TEMP));
    } catch {
      // no temporary directory: the workspace only
    }
  }
  const absolute = path.resolve(workspace.root, input);
  const inside = (file) =>
    roots.some((root) => {
      const relative = path.relative(root, file);
      return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
    });
  if (!inside(absolute)) return { error: "is outside the workspace and the runner's temporary directory" };
  try {
    const stat = fs.lstatSync(absolute);
    if (stat.isSymbolicLink()) return { error: "is a symbolic link: the action does not write through one" };
    if (!stat.isFile()) return { error: "exists and is not a file" };
  } catch (error) {
    if (error.code !== "ENOENT") return { error: `cannot be written (${error.code})` };
  }
  // The closest existing directory must really be inside too (no linked directory).
  let dir = path.dirname(absolute);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  if (!inside(fs.realpathSync.native(dir))) return { error: "is in a directory linked to a place outside" };
  const display = workspace.contains(absolute) ? workspace.repoPath(absolute) : absolute;
  return { absolute, display };
}

/** The files a `pull_request` event's pull request changed: `{files, how}` or `{reason}`. */
function changedFilesOfEvent(env, workspace) {
  const event = env.GITHUB_EVENT_NAME || "";
  if (event !== "pull_request" && event !== "pull_request_target") {
    return { reason: `it applies to pull_request events, and this is ${event ? `a \`${event}\` event` : "no event"}` };
  }
  let payload;
  try {
    payload = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH || "", "utf8"));
  } catch (error) {
    return { reason: `the event payload cannot be read (${error.code || error.message})` };
  }
  const pr = payload?.pull_request;
  return changedFiles(workspace.root, String(pr?.base?.sha ?? ""), String(pr?.head?.sha ?? ""));
}

module.exports = { run };

if (require.main === module) {
  let status;
  try {
    status = run();
  } catch (error) {
    // Not a usage problem: a defect of redlint. Plain text on stderr (no command: the
    // message may hold anything) and the step fails.
    process.stderr.write(`redlint: internal error: ${error && error.stack ? error.stack : error}\n`);
    status = 2;
  }
  process.exitCode = status;
}
