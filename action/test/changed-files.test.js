"use strict";
// `changed-files-only` on pull_request events: a temporary git repository with a base
// commit and a pull request commit, and the event payload GitHub would write.

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { repo, runAction, tempDir, writeFiles, git } = require("./helpers.js");

const COMPOSE = (limit) =>
  "services:\n  cache:\n    image: redis:7.2-alpine\n" +
  '    command: ["redis-server", "/usr/local/etc/redis/redis.conf"]\n' +
  "    volumes:\n      - ./conf:/usr/local/etc/redis:ro\n" +
  `    deploy:\n      resources:\n        limits:\n          memory: ${limit}\n`;

const CONFIG = 'select = ["maxmemory-exceeds-memory-limit", "daemonize-enabled", "relative-dir"]\n';

/**
 * A repository whose base commit has a Compose service with a 4g limit, its config
 * (`maxmemory 2gb`) and an unrelated config with findings; the pull request lowers the
 * limit to 1g — a finding in the config, which it did not change — and adds a config.
 */
function pullRequest(t) {
  const workspace = repo(
    t,
    {
      "redlint.toml": CONFIG,
      "compose.yaml": COMPOSE("4g"),
      "conf/redis.conf": "maxmemory 2gb\n",
      "legacy/redis.conf": "daemonize yes\ndir ./\n",
    },
    { git: true },
  );
  const base = git(workspace, "rev-parse", "HEAD");
  git(workspace, "checkout", "-q", "-b", "feature");
  writeFiles(workspace, { "compose.yaml": COMPOSE("1g"), "new/redis.conf": "dir ./\n" });
  git(workspace, "add", "-A");
  git(workspace, "commit", "-q", "-m", "lower the limit");
  const head = git(workspace, "rev-parse", "HEAD");
  return { workspace, base, head };
}

function event(t, payload) {
  const file = path.join(tempDir(t), "event.json");
  fs.writeFileSync(file, JSON.stringify(payload));
  return file;
}

function pullRequestEnv(t, base, head) {
  return {
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: event(t, { action: "synchronize", number: 7, pull_request: { base: { sha: base, ref: "main" }, head: { sha: head, ref: "feature" } } }),
  };
}

const located = (run) => run.annotations.map((a) => `${a.properties.file}:${a.properties.line} ${a.properties.title}`);

test("only findings that involve a changed file are reported, with every file read", (t) => {
  const { workspace, base, head } = pullRequest(t);
  const run = runAction(t, workspace, { "changed-files-only": "true", "sarif-file": "redlint.sarif" }, pullRequestEnv(t, base, head));
  assert.deepEqual(located(run), [
    // In conf/redis.conf, which the pull request did not change, about the limit it did.
    "conf/redis.conf:1 redlint (maxmemory-exceeds-memory-limit)",
    "new/redis.conf:1 redlint (relative-dir)",
  ]);
  assert.equal(run.status, 1);
  assert.deepEqual(run.outputs, { errors: "1", warnings: "1", infos: "0", "sarif-file": "redlint.sarif" });
  assert.match(run.stdout, /^redlint: changed-files-only: 2 changed files \(changes between [0-9a-f]{7} and [0-9a-f]{7}\)$/m);
  assert.ok(
    run.summary.includes(
      "- Only findings that involve a file this pull request changed are reported: 2 findings (1 error, 1 warning) elsewhere are left out.",
    ),
    run.summary,
  );
  assert.match(run.summary, /\*\*1 error\*\* and \*\*1 warning\*\* in 4 checked files\./);
  // The SARIF file has every finding: code scanning compares whole analyses.
  const sarif = JSON.parse(fs.readFileSync(path.join(workspace, "redlint.sarif"), "utf8"));
  assert.deepEqual(
    sarif.runs[0].results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId}`).sort(),
    [
      "conf/redis.conf maxmemory-exceeds-memory-limit",
      "legacy/redis.conf daemonize-enabled",
      "legacy/redis.conf relative-dir",
      "new/redis.conf relative-dir",
    ],
  );
  // Without the input, everything is reported.
  const all = runAction(t, workspace, {}, pullRequestEnv(t, base, head));
  assert.equal(all.annotations.length, 4);
});

test("the pull request's merge commit with its first parent is enough (fetch-depth: 2)", (t) => {
  const { workspace, base, head } = pullRequest(t);
  // What actions/checkout checks out: a merge of the pull request into its base, detached.
  git(workspace, "checkout", "-q", "--detach", base);
  git(workspace, "merge", "-q", "--no-ff", "-m", "Merge feature into main", head);
  // The payload's base is the base branch as GitHub saw it: not in this clone.
  const missing = "0123456789abcdef0123456789abcdef01234567";
  const run = runAction(t, workspace, { "changed-files-only": "true" }, pullRequestEnv(t, missing, head));
  assert.deepEqual(located(run), [
    "conf/redis.conf:1 redlint (maxmemory-exceeds-memory-limit)",
    "new/redis.conf:1 redlint (relative-dir)",
  ]);
  assert.match(run.stdout, /changes the merge commit [0-9a-f]{7} brings to its base/);
});

test("without the base commit, every finding is reported and a notice says why", (t) => {
  const { workspace, head } = pullRequest(t);
  const missing = "0123456789abcdef0123456789abcdef01234567";
  const run = runAction(t, workspace, { "changed-files-only": "true" }, pullRequestEnv(t, missing, head));
  assert.equal(run.annotations.filter((a) => a.properties.title.startsWith("redlint (")).length, 4);
  const [notice] = run.annotations.filter((a) => a.properties.title === "redlint");
  assert.equal(notice.command, "notice");
  assert.equal(
    notice.message,
    "changed-files-only: the base commit 0123456 is not in the clone (check out with `fetch-depth: 0`, or `fetch-depth: 2` for the pull request's merge commit); every finding is reported.",
  );
  assert.ok(run.summary.includes("- changed-files-only: the base commit 0123456 is not in the clone"), run.summary);
  assert.deepEqual([run.outputs.errors, run.outputs.warnings], ["2", "2"]);
});

test("on other events, or with a broken payload, every finding is reported", (t) => {
  const { workspace, base, head } = pullRequest(t);
  const notices = (run) => run.annotations.filter((a) => a.properties.title === "redlint").map((a) => a.message);
  let run = runAction(t, workspace, { "changed-files-only": "true" }, { GITHUB_EVENT_NAME: "push" });
  assert.deepEqual(notices(run), [
    "changed-files-only: it applies to pull_request events, and this is a `push` event; every finding is reported.",
  ]);
  assert.equal(run.outputs.warnings, "2");
  run = runAction(t, workspace, { "changed-files-only": "true" }, { ...pullRequestEnv(t, base, head), GITHUB_EVENT_PATH: "/nonexistent/event.json" });
  assert.match(notices(run)[0], /^changed-files-only: the event payload cannot be read \(ENOENT\)/);
  // A value that is not a commit id never reaches git.
  run = runAction(t, workspace, { "changed-files-only": "true" }, pullRequestEnv(t, "--output=/tmp/x", head));
  assert.match(notices(run)[0], /no valid `pull_request\.base\.sha` and `head\.sha`/);
  // pull_request_target has the same payload.
  run = runAction(t, workspace, { "changed-files-only": "true" }, { ...pullRequestEnv(t, base, head), GITHUB_EVENT_NAME: "pull_request_target" });
  assert.equal(run.annotations.length, 2);
});
