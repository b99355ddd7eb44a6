"use strict";
// Talking to the Actions runner without @actions/core: workflow commands on stdout (built
// and escaped by the core, `workflowCommand`), outputs and the job summary appended to the
// files the runner names, and text from the checked files kept from being read as commands.

const fs = require("node:fs");
const crypto = require("node:crypto");

class Runner {
  constructor(env, wasm, write = (text) => process.stdout.write(text)) {
    this.env = env;
    this.wasm = wasm;
    this.write = write;
  }

  /** `::error`, `::warning` or `::notice` (an annotation; `file` puts it on a file). */
  command(kind, message, { title, file } = {}) {
    this.write(`${this.wasm.workflowCommand(kind, message, title, file)}\n`);
  }

  /**
   * A log line. Line breaks become spaces and the line starts with `redlint:`, so text from
   * the repository in it (a path) cannot start a workflow command.
   */
  log(message) {
    this.write(`redlint: ${message.replace(/[\r\n]+/g, " ")}\n`);
  }

  /**
   * Lines that hold the repository's text verbatim (paths, messages), in a collapsed group
   * and between `::stop-commands::` and its token: the runner reads none of them as a
   * command, whatever a file name says.
   */
  verbatim(title, text) {
    if (text === "") return;
    const token = crypto.randomBytes(16).toString("hex");
    this.write(`::group::${title.replace(/[\r\n]+/g, " ")}\n::stop-commands::${token}\n`);
    this.write(text.endsWith("\n") ? text : `${text}\n`);
    this.write(`::${token}::\n::endgroup::\n`);
  }

  /** Raw commands rendered by the core (annotations). */
  raw(text) {
    if (text !== "") this.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /** An output, in the `name<<DELIMITER` form, which holds any value. */
  setOutput(name, value) {
    const file = this.env.GITHUB_OUTPUT;
    if (!file) return;
    const text = String(value);
    let delimiter;
    do delimiter = `ghadelimiter_${crypto.randomUUID()}`;
    while (text.includes(delimiter));
    fs.appendFileSync(file, `${name}<<${delimiter}\n${text}\n${delimiter}\n`, "utf8");
  }

  /** Markdown appended to the job summary. */
  summary(markdown) {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (!file || markdown === "") return false;
    fs.appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`, "utf8");
    return true;
  }
}

module.exports = { Runner };
