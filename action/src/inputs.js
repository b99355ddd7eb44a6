"use strict";
// The action's inputs, read from the `INPUT_*` variables the runner sets and validated:
// every problem is collected and reported, none is guessed around.

/** Each input with its default; action.yml declares the same (a test compares them). */
const INPUTS = {
  paths: ".",
  config: "",
  "fail-on": "warning",
  "changed-files-only": "false",
  annotate: "true",
  "sarif-file": "",
  summary: "true",
};

const FAIL_ON = ["error", "warning", "info", "never"];

/** The runner's spelling: `INPUT_` + the name upper-cased, spaces as `_` (hyphens stay). */
function raw(env, name) {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`];
  return value === undefined || value.trim() === "" ? INPUTS[name] : value;
}

/** YAML 1.2's core-schema booleans, as `@actions/core`'s `getBooleanInput` reads them. */
function boolean(env, name, problems) {
  const value = raw(env, name).trim();
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  problems.push(`input \`${name}\`: \`${value}\` is not a boolean (true or false)`);
  return false;
}

/** `{values, problems}`; `values.paths` is the list of lines, not yet resolved. */
function readInputs(env) {
  const problems = [];
  const paths = raw(env, "paths")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const failOn = raw(env, "fail-on").trim();
  if (!FAIL_ON.includes(failOn)) {
    problems.push(`input \`fail-on\`: \`${failOn}\` is not one of ${FAIL_ON.join(", ")}`);
  }
  const values = {
    paths,
    config: raw(env, "config").trim(),
    failOn,
    changedFilesOnly: boolean(env, "changed-files-only", problems),
    annotate: boolean(env, "annotate", problems),
    sarifFile: raw(env, "sarif-file").trim(),
    summary: boolean(env, "summary", problems),
  };
  if (values.sarifFile.includes("\n")) problems.push("input `sarif-file`: a file name on one line is expected");
  return { values, problems };
}

/** Whether a report's counts fail the step under `fail-on`. */
function fails(failOn, summary) {
  switch (failOn) {
    case "error":
      return summary.errors > 0;
    case "warning":
      return summary.errors + summary.warnings > 0;
    case "info":
      return summary.errors + summary.warnings + summary.infos > 0;
    default:
      return false;
  }
}

module.exports = { INPUTS, readInputs, fails };
