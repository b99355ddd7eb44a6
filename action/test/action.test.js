"use strict";
// The action end to end: `node action/dist/index.js` on temporary repositories with a
// simulated runner. Run with `node --test action/test/` (after `cargo xtask action`).

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { repo, runAction, tempDir, writeFiles, DIST } = require("./helpers.js");

const INSECURE_CONF = "bind 0.0.0.0\nprotected-mode no\ndaemonize yes\ndir ./\n";

function find(annotations, rule) {
  return annotations.filter((annotation) => annotation.properties.title === `redlint (${rule})`);
}

test("annotations, outputs, summary and exit status on an insecure repository", (t) => {
  const workspace = repo(t, {
    "redis.conf": INSECURE_CONF,
    "notes.md": "protected-mode no\n",
    ".gitignore": "ignored/\n",
    "ignored/redis.conf": "daemonize yes\n",
  });
  const run = runAction(t, workspace);
  assert.equal(run.status, 1, run.stdout + run.stderr);

  const [protectedMode] = find(run.annotations, "protected-mode-off-without-auth");
  assert.deepEqual(protectedMode, {
    command: "error",
    properties: {
      file: "redis.conf",
      line: "2",
      col: "16",
      endLine: "2",
      endColumn: "18",
      title: "redlint (protected-mode-off-without-auth)",
    },
    message:
      "protected mode is off and the default user has no password: anyone who reaches Redis gets full access\n" +
      "help: set a password (`requirepass`, or an ACL `user default on >…`), or bind to 127.0.0.1 only",
  });
  const [relativeDir] = find(run.annotations, "relative-dir");
  assert.equal(relativeDir.command, "warning");
  assert.deepEqual([relativeDir.properties.line, relativeDir.properties.col, relativeDir.properties.endColumn], ["4", "5", "7"]);
  // Infos are notices; errors come first.
  assert.equal(find(run.annotations, "aof-disabled")[0].command, "notice");
  const order = run.annotations.map((annotation) => annotation.command);
  assert.deepEqual(order, [...order].sort((a, b) => ["error", "warning", "notice"].indexOf(a) - ["error", "warning", "notice"].indexOf(b)));
  // The .gitignore'd file and the Markdown file are not checked.
  assert.ok(run.annotations.every((annotation) => annotation.properties.file === "redis.conf"), run.stdout);

  assert.deepEqual(run.outputs, { errors: "2", warnings: "3", infos: "1", "sarif-file": "" });
  assert.equal(run.annotations.length, 6);
  assert.equal(run.log.length, 6, "the log lists every finding");
  assert.ok(run.log.includes("redis.conf:3:11: error [daemonize-enabled] `daemonize yes` forks Redis into the background: in a container the main process exits and the container stops"));

  assert.match(run.summary, /^## redlint\n\n\*\*2 errors\*\*, \*\*3 warnings\*\* and 1 info in 1 checked file\.\n/);
  assert.ok(
    run.summary.includes(
      "| [protected-mode-off-without-auth](https://github.com/redlint/redlint/blob/main/policies/security/protected-mode-off-without-auth.md) | error | 1 | 0 | `redis.conf` |",
    ),
    run.summary,
  );
  assert.ok(run.summary.includes("<details><summary>redis.conf — 2 errors, 3 warnings, 1 info</summary>"), run.summary);
  assert.ok(run.summary.includes("| 2:16 | error |"), run.summary);
  assert.match(run.stdout, /redlint: 0\.\d+\.\d+: 1 files checked .* 2 errors, 3 warnings, 1 infos, 0 suppressed/);
});

test("fail-on decides the exit status", (t) => {
  const workspace = repo(t, {
    "redis.conf": "dir ./\n",
    "redlint.toml": 'select = ["relative-dir"]\n',
  });
  assert.equal(runAction(t, workspace).status, 1, "a warning fails at the default, warning");
  assert.equal(runAction(t, workspace, { "fail-on": "error" }).status, 0);
  assert.equal(runAction(t, workspace, { "fail-on": "never" }).status, 0);
  assert.equal(runAction(t, workspace, { "fail-on": "info" }).status, 1);
  const clean = repo(t, { "redis.conf": "dir /data\n", "redlint.toml": 'select = ["relative-dir"]\n' });
  const run = runAction(t, clean, { "fail-on": "info" });
  assert.equal(run.status, 0);
  assert.deepEqual(run.outputs, { errors: "0", warnings: "0", infos: "0", "sarif-file": "" });
  assert.match(run.summary, /^## redlint\n\nNo findings in 1 checked file\.\n$/);
});

test("bad inputs and missing paths are errors with exit status 2", (t) => {
  const workspace = repo(t, { "redis.conf": INSECURE_CONF });
  const outside = tempDir(t);
  writeFiles(outside, { "secret.conf": "requirepass hunter2-but-longer\n" });
  fs.symlinkSync(path.join(outside, "secret.conf"), path.join(workspace, "linked.conf"));

  const errors = (run) => run.annotations.filter((a) => a.command === "error").map((a) => a.message);
  let run = runAction(t, workspace, { "fail-on": "sometimes", annotate: "yes", summary: "maybe" });
  assert.equal(run.status, 2);
  assert.deepEqual(errors(run), [
    "input `fail-on`: `sometimes` is not one of error, warning, info, never",
    "input `annotate`: `yes` is not a boolean (true or false)",
    "input `summary`: `maybe` is not a boolean (true or false)",
  ]);
  assert.equal(run.annotations[0].properties.title, "redlint");
  assert.deepEqual(run.outputs, {}, "nothing is reported after a usage error");

  run = runAction(t, workspace, {
    paths: `redis.conf\nmissing/\n../${path.basename(outside)}/secret.conf\n${outside}\nlinked.conf`,
  });
  assert.equal(run.status, 2);
  assert.deepEqual(errors(run), [
    "input `paths`: `missing/` does not exist",
    `input \`paths\`: \`../${path.basename(outside)}/secret.conf\` is outside the workspace`,
    `input \`paths\`: \`${outside}\` is outside the workspace`,
    "input `paths`: `linked.conf` is a symbolic link to a place outside the workspace",
  ]);
  assert.ok(!run.stdout.includes("hunter2"));

  run = runAction(t, workspace, { config: "nope.toml", "sarif-file": "/etc/redlint.sarif" });
  assert.equal(run.status, 2);
  assert.deepEqual(errors(run), [
    "input `sarif-file`: `/etc/redlint.sarif` is outside the workspace and the runner's temporary directory",
    "input `config`: `nope.toml` does not exist",
  ]);
});

test("symbolic links out of the workspace are never followed", (t) => {
  const outside = tempDir(t);
  writeFiles(outside, { "extra.conf": "daemonize yes\n", "dir/redis.conf": "daemonize yes\n" });
  const workspace = repo(t, {
    "redis.conf": "include extra.conf\n",
    "redlint.toml": 'select = ["daemonize-enabled"]\n',
  });
  // An include through a link, a linked file and a linked directory found by walking.
  fs.symlinkSync(path.join(outside, "extra.conf"), path.join(workspace, "extra.conf"));
  fs.symlinkSync(path.join(outside, "dir", "redis.conf"), path.join(workspace, "other-redis.conf"));
  fs.symlinkSync(path.join(outside, "dir"), path.join(workspace, "linked-dir"));
  const run = runAction(t, workspace, { "fail-on": "error" });
  assert.equal(run.status, 0, run.stdout);
  assert.deepEqual(run.annotations, []);
  assert.equal(run.outputs.errors, "0");
  // A link inside the workspace to a file inside it is read through an include.
  fs.rmSync(path.join(workspace, "extra.conf"));
  writeFiles(workspace, { "real/extra.settings": "daemonize yes\n" });
  fs.symlinkSync(path.join(workspace, "real", "extra.settings"), path.join(workspace, "extra.conf"));
  const inside = runAction(t, workspace, { "fail-on": "error" });
  assert.equal(inside.status, 1, inside.stdout);
  assert.deepEqual(
    inside.annotations.map((a) => [a.properties.file, a.properties.line]),
    [["extra.conf", "1"]],
  );
});

test("files referenced but not discovered are read through the core's provider", (t) => {
  // `tuning.settings` is no candidate by name, and `conf.d/*.glob` neither: only the
  // provider (read and listDir) can give them to the core.
  const workspace = repo(t, {
    "deploy/redis.conf": "include tuning.settings\ninclude conf.d/*.glob\n",
    "deploy/tuning.settings": "daemonize yes\n",
    "deploy/conf.d/a.glob": "dir ./\n",
    "redlint.toml": 'select = ["daemonize-enabled", "relative-dir"]\n',
  });
  const run = runAction(t, workspace);
  assert.deepEqual(
    run.annotations.map((a) => [a.command, a.properties.file, a.properties.line, a.properties.col]),
    [
      ["error", "deploy/tuning.settings", "1", "11"],
      ["warning", "deploy/conf.d/a.glob", "1", "5"],
    ],
  );
});

test("redlint.toml is found walking up from the checked paths, or given", (t) => {
  const workspace = repo(t, {
    "redlint.toml": 'select = ["daemonize-enabled"]\n',
    "deploy/redlint.toml":
      'select = ["relative-dir", "daemonize-enabled"]\n[[ignore]]\nrules = ["daemonize-enabled"]\npaths = ["cache/**"]\nreason = "a cache"\n',
    "deploy/cache/redis.conf": "daemonize yes\ndir ./\n",
    "deploy/queue/redis.conf": "daemonize yes\n",
    "apps/redis.conf": "daemonize yes\ndir ./\n",
  });
  const rules = (run) => run.annotations.map((a) => `${a.properties.file}:${a.properties.title}`);
  // deploy/redlint.toml: its [[ignore]] paths are relative to deploy/.
  let run = runAction(t, workspace, { paths: "deploy" });
  assert.deepEqual(rules(run), [
    "deploy/queue/redis.conf:redlint (daemonize-enabled)",
    "deploy/cache/redis.conf:redlint (relative-dir)",
  ]);
  assert.match(run.summary, /1 finding suppressed: 1 by `\[\[ignore\]\]` entries of `redlint\.toml`\./);
  // The root's file for apps/.
  run = runAction(t, workspace, { paths: "apps" });
  assert.deepEqual(rules(run), ["apps/redis.conf:redlint (daemonize-enabled)"]);
  // `config` wins.
  run = runAction(t, workspace, { paths: "apps", config: "deploy/redlint.toml" });
  assert.deepEqual(rules(run), ["apps/redis.conf:redlint (daemonize-enabled)", "apps/redis.conf:redlint (relative-dir)"]);
  // Two paths, two files: an error, as on the command line.
  run = runAction(t, workspace, { paths: "apps\ndeploy" });
  assert.equal(run.status, 2);
  assert.match(run.annotations[0].message, /^the checked paths have different configuration files \(`redlint\.toml` and `deploy\/redlint\.toml`\)/);
});

test("an invalid redlint.toml is annotated at its line", (t) => {
  const workspace = repo(t, {
    "redis.conf": "daemonize yes\n",
    "redlint.toml": '# settings\n[rules]\ndaemonise-enabled = "off"\n',
  });
  const run = runAction(t, workspace);
  assert.equal(run.status, 2);
  assert.equal(run.annotations.length, 1);
  const [problem] = run.annotations;
  assert.equal(problem.command, "error");
  assert.deepEqual(problem.properties, { file: "redlint.toml", line: "3", col: "1", title: "redlint: invalid configuration" });
  assert.match(problem.message, /daemonise-enabled/);
  assert.match(problem.message, /daemonize-enabled/, "the core suggests the right name");
});

test("at most 10 errors and 10 warnings are annotated, errors first, and the summary says how many were not", (t) => {
  const files = { "redlint.toml": 'select = ["daemonize-enabled", "relative-dir"]\n' };
  for (let i = 0; i < 13; i++) files[`c${String(i).padStart(2, "0")}/redis.conf`] = "dir ./\ndaemonize yes\n";
  const workspace = repo(t, files);
  const run = runAction(t, workspace);
  assert.equal(run.status, 1);
  const commands = run.annotations.map((a) => a.command);
  assert.deepEqual(commands, [...Array(10).fill("error"), ...Array(10).fill("warning")]);
  // The first ten files by path, for each severity.
  assert.equal(run.annotations[0].properties.file, "c00/redis.conf");
  assert.equal(run.annotations[9].properties.file, "c09/redis.conf");
  assert.deepEqual(run.outputs, { errors: "13", warnings: "13", infos: "0", "sarif-file": "" });
  assert.ok(
    run.summary.includes(
      "- At most 10 annotations of each severity are written per step (GitHub shows no more than 10 errors and 10 warnings): 6 findings (3 errors, 3 warnings) are not annotated; the step's log lists every finding.",
    ),
    run.summary,
  );
  assert.equal(run.log.length, 26);
  // annotate: false — no annotations, the same counts.
  const quiet = runAction(t, workspace, { annotate: "false" });
  assert.deepEqual(quiet.annotations, []);
  assert.deepEqual(quiet.outputs, run.outputs);
  assert.ok(!quiet.summary.includes("not annotated"));
});

test("the SARIF file has every finding and goes where it is asked", (t) => {
  const workspace = repo(t, { "redis.conf": INSECURE_CONF, "conf.d/redis-x.conf": "# redlint-ignore-file daemonize-enabled -- x\ndaemonize yes\n" });
  const run = runAction(t, workspace, { "sarif-file": "reports/redlint.sarif", summary: "false" });
  assert.equal(run.outputs["sarif-file"], "reports/redlint.sarif");
  const sarif = JSON.parse(fs.readFileSync(path.join(workspace, "reports", "redlint.sarif"), "utf8"));
  assert.equal(sarif.version, "2.1.0");
  const results = sarif.runs[0].results;
  assert.equal(results.filter((r) => !r.suppressions).length, run.annotations.length);
  assert.equal(results.filter((r) => r.suppressions).length, 1);
  const result = results.find((r) => r.ruleId === "protected-mode-off-without-auth");
  assert.deepEqual(result.locations[0].physicalLocation, {
    artifactLocation: { uri: "redis.conf" },
    region: { endColumn: 18, endLine: 2, startColumn: 16, startLine: 2 },
  });
  assert.equal(run.summary, "", "summary: false writes no summary");

  // In the runner's temporary directory, by absolute path.
  const temp = runAction(t, workspace, { "sarif-file": "redlint.sarif" }, {});
  assert.ok(fs.existsSync(path.join(workspace, "redlint.sarif")));
  const elsewhere = path.join(temp.scratch, "out.sarif");
  const tempRun = runAction(t, workspace, { "sarif-file": elsewhere }, { RUNNER_TEMP: temp.scratch });
  assert.equal(tempRun.outputs["sarif-file"], elsewhere);
  assert.ok(fs.existsSync(elsewhere));

  // Never through a symbolic link (a pull request could commit one at that path).
  const target = path.join(tempDir(t), "victim");
  fs.writeFileSync(target, "precious\n");
  fs.symlinkSync(target, path.join(workspace, "linked.sarif"));
  const linked = runAction(t, workspace, { "sarif-file": "linked.sarif" });
  assert.equal(linked.status, 2);
  assert.equal(linked.annotations[0].message, "input `sarif-file`: `linked.sarif` is a symbolic link: the action does not write through one");
  assert.equal(fs.readFileSync(target, "utf8"), "precious\n");
});

test("text from the repository cannot become a workflow command or markup", (t) => {
  const workspace = repo(t, {
    // Not named like a redis.conf: recognised by their directives.
    "::error::pwned.conf": "daemonize yes\nport 6379\n",
    "odd|name [x](javascript:alert(1)).conf": "daemonize yes\nport 6379\n",
    "redlint.toml": 'select = ["daemonize-enabled"]\n',
  });
  const run = runAction(t, workspace);
  assert.equal(run.status, 1);
  // Both files are annotated through escaped properties, and nothing else is a command.
  assert.deepEqual(
    run.annotations.map((a) => a.properties.file),
    ["::error::pwned.conf", "odd|name [x](javascript:alert(1)).conf"],
  );
  assert.ok(run.stdout.includes("::error file=%3A%3Aerror%3A%3Apwned.conf,"), run.stdout);
  // The log line starting with `::error::` is inside the stop-commands block.
  assert.ok(run.log.some((line) => line.startsWith("::error::pwned.conf:1:11: error")));
  // In the summary, the name is code (a link cannot start there) and `|` cannot split the cell.
  assert.ok(run.summary.includes("`odd\\|name [x](javascript:alert(1)).conf`"), run.summary);
  assert.ok(run.summary.includes("<summary>odd|name [x](javascript:alert(1)).conf — 1 error</summary>"));
});

test("explicit files that redlint does not check are skipped with the reason", (t) => {
  const workspace = repo(t, {
    "chart/templates/svc.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n",
    "redis.conf": "dir /data\n",
  });
  const run = runAction(t, workspace, { paths: "chart/templates/svc.yaml\nredis.conf" });
  assert.match(run.stdout, /^redlint: skipped chart\/templates\/svc\.yaml: a Helm template: render it first/m);
  assert.match(run.summary, /- `chart\/templates\/svc\.yaml` is not checked: a Helm template/);
});

test("action.yml declares the inputs the code reads, with the same defaults", () => {
  const { INPUTS } = require(path.join(DIST, "inputs.js"));
  const yml = fs.readFileSync(path.join(DIST, "..", "action.yml"), "utf8");
  const section = (name) => yml.slice(yml.indexOf(`\n${name}:\n`) + name.length + 3).split(/\n(?=\S)/)[0];
  const declared = {};
  for (const match of section("inputs").matchAll(/^ {2}([a-z-]+):\n((?: {4}.*\n?)*)/gm)) {
    const value = /^ {4}default: (.*)$/m.exec(match[2])[1];
    declared[match[1]] = JSON.parse(value.startsWith('"') ? value : JSON.stringify(value));
  }
  assert.deepEqual(declared, INPUTS);
  const outputs = [...section("outputs").matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
  assert.deepEqual(outputs, ["errors", "warnings", "infos", "sarif-file"]);
  assert.match(section("runs"), /^ {2}using: node24\n {2}main: dist\/index\.js$/m);
  // The WASM glue is CommonJS: nothing may declare the package a module.
  assert.equal(JSON.parse(fs.readFileSync(path.join(DIST, "package.json"), "utf8")).type, "commonjs");
});

test("suppressions expire against today's date", (t) => {
  const workspace = repo(t, {
    "redis.conf":
      "# redlint-ignore daemonize-enabled -- until the migration (until 2000-01-31)\ndaemonize yes\n" +
      "# redlint-ignore relative-dir -- a test fixture (until 2999-12-31)\ndir ./\n",
    "redlint.toml": 'select = ["daemonize-enabled", "relative-dir", "unused-suppression"]\n',
  });
  const run = runAction(t, workspace);
  // The expired one silences nothing (and is reported as such); the other still holds.
  assert.deepEqual(
    run.annotations.map((a) => `${a.properties.line} ${a.properties.title}`).sort(),
    ["1 redlint (unused-suppression)", "2 redlint (daemonize-enabled)"],
  );
  assert.match(run.summary, /1 finding suppressed: 1 by `# redlint-ignore` comments\./);
});
