"use strict";
// The action over the third-party corpus (`../shared/corpus`, read-only: nothing is written
// into it), checked for consistency between what it annotates, logs, counts and writes.

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { runAction, tempDir } = require("./helpers.js");

const CORPUS = path.resolve(__dirname, "..", "..", "..", "shared", "corpus");

test("the corpus: annotations at real positions, counts that agree, a SARIF file", (t) => {
  assert.ok(fs.existsSync(CORPUS), `${CORPUS} is missing: the corpus is test data CI provides`);
  // The SARIF file goes to the runner's temporary directory: the corpus stays untouched.
  const temp = tempDir(t);
  const sarifFile = path.join(temp, "redlint.sarif");
  const run = runAction(t, CORPUS, { "sarif-file": sarifFile, "fail-on": "error" }, { RUNNER_TEMP: temp });
  assert.equal(run.status, 1, run.stderr);

  // The log (the core's concise format) has every finding; the outputs count them.
  const severities = run.log.map((line) => /^.+?:\d+:\d+: (error|warning|info) \[/.exec(line)[1]);
  const count = (severity) => String(severities.filter((s) => s === severity).length);
  assert.deepEqual(run.outputs, { errors: count("error"), warnings: count("warning"), infos: count("info"), "sarif-file": sarifFile });
  assert.ok(Number(run.outputs.errors) > 10 && Number(run.outputs.warnings) > 10, "enough findings to cap");
  assert.match(
    run.summary,
    new RegExp(`^## redlint\\n\\n\\*\\*${run.outputs.errors} errors\\*\\*, \\*\\*${run.outputs.warnings} warnings\\*\\* and ${run.outputs.infos} infos in \\d+ checked files\\.`),
  );

  // Ten of each severity, errors first, each at a real position of a real file and in the log.
  assert.deepEqual(
    run.annotations.map((a) => a.command),
    [...Array(10).fill("error"), ...Array(10).fill("warning"), ...Array(10).fill("notice")],
  );
  const severity = { error: "error", warning: "warning", notice: "info" };
  for (const annotation of run.annotations) {
    const { file, line, col, endLine, endColumn, title } = annotation.properties;
    const lines = fs.readFileSync(path.join(CORPUS, file), "utf8").split("\n");
    assert.ok(Number(line) >= 1 && Number(endLine) <= lines.length, `${file}:${line}`);
    assert.ok(Number(col) >= 1 && Number(col) <= [...lines[Number(line) - 1]].length + 1, `${file}:${line}:${col}`);
    if (line === endLine) assert.ok(Number(endColumn) >= Number(col), `${file}:${line}:${col}-${endColumn}`);
    const rule = title.slice("redlint (".length, -1);
    const logged = `${file}:${line}:${col}: ${severity[annotation.command]} [${rule}] ${annotation.message.split("\n")[0]}`;
    assert.ok(run.log.includes(logged), `${logged} is in the log`);
  }

  // The SARIF file has every finding, in files of the corpus.
  const sarif = JSON.parse(fs.readFileSync(sarifFile, "utf8"));
  const results = sarif.runs[0].results.filter((result) => !result.suppressions);
  assert.equal(results.length, run.log.length);
  for (const result of results) {
    const uri = result.locations[0].physicalLocation.artifactLocation.uri;
    assert.ok(fs.existsSync(path.join(CORPUS, decodeURIComponent(uri))), uri);
  }
});
