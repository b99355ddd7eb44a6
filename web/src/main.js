// The playground: files as tabs, a check of all of them on every edit (debounced), findings
// in the editor and in the problems panel, rule pages, examples and share links.
//
// Text from the report or the user is only ever set with `textContent` (never as HTML), and
// the report carries no source snippets: the core keeps secrets out of messages.
import init, * as redlint from "../pkg/redlint_wasm.js";
import { EditorView } from "@codemirror/view";
import { setDiagnostics } from "@codemirror/lint";
import { createState, createView, offsetOfChars, reconfigure, rangeOf } from "./editor.js";
import { appendInline, renderMarkdown } from "./markdown.js";
import { decodeShare, encodeShare } from "./share.js";

/** A tab with this name is the configuration, not a file to check. */
const CONFIG_FILE = "redlint.toml";
const DEFAULT_EXAMPLE = "insecure-stack";
const DEBOUNCE_MS = 150;
const KINDS = {
  "redis-conf": "redis.conf",
  "sentinel-conf": "sentinel.conf",
  compose: "Docker Compose",
  dockerfile: "Dockerfile",
  kubernetes: "Kubernetes",
  unknown: "Not checked",
};
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };

const $ = (id) => document.getElementById(id);

const app = {
  /** `{path, kind: "auto" | kind, detected, state, diagnostics}` */
  files: [],
  active: 0,
  view: null,
  rules: new Map(),
  examples: [],
  timer: 0,
  /** The last check: `{total, wasm}` milliseconds. */
  lastTiming: null,
  /** The report text (or error) the panel shows, to skip re-rendering an identical one. */
  shown: null,
};

/** Findings listed in the panel; the editor still shows every one. */
const PANEL_LIMIT = 500;

// ---------------------------------------------------------------------------------------
// Files and tabs
// ---------------------------------------------------------------------------------------

/** A path as the report spells it (the core's own normalisation). */
function normalizePath(path) {
  return redlint.normalizePath(path.trim());
}

function isConfig(file) {
  return file.path === CONFIG_FILE;
}

function kindOf(file) {
  if (isConfig(file)) return "config";
  return file.kind === "auto" ? file.detected : file.kind;
}

function currentState(index) {
  return index === app.active ? app.view.state : app.files[index].state;
}

function contentOf(index) {
  return currentState(index).doc.toString();
}

function makeFile(path, content, kind = "auto") {
  const file = { path, kind, detected: redlint.classify(path, content), diagnostics: [] };
  file.state = createState(content, kindOf(file), path, scheduleCheck);
  return file;
}

function loadFiles(files, active = 0) {
  const kindOr = (kind) => (Object.hasOwn(KINDS, kind) ? kind : "auto");
  app.files = files.map((file) => makeFile(normalizePath(file.path), file.content, kindOr(file.kind)));
  app.active = Math.min(Math.max(0, active), app.files.length - 1);
  app.view.setState(app.files[app.active].state);
  renderTabs();
  renderFileBar();
  check();
}

function activate(index, { focusEditor = false } = {}) {
  if (index !== app.active) {
    app.files[app.active].state = app.view.state;
    app.active = index;
    app.view.setState(app.files[index].state);
    app.view.dispatch(setDiagnostics(app.view.state, app.files[index].diagnostics));
    renderTabs();
    renderFileBar();
  }
  if (focusEditor) app.view.focus();
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.replaceChildren(
    ...app.files.map((file, index) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.id = `tab-${index}`;
      tab.className = "tab";
      tab.setAttribute("aria-selected", String(index === app.active));
      tab.setAttribute("aria-controls", "editor");
      tab.tabIndex = index === app.active ? 0 : -1;
      const name = document.createElement("span");
      name.textContent = file.path;
      const count = file.diagnostics.length;
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = count ? String(count) : "";
      badge.setAttribute("aria-label", count ? `${count} problem${count === 1 ? "" : "s"}` : "");
      tab.append(name, badge);
      tab.addEventListener("click", () => activate(index));
      return tab;
    }),
  );
  $("editor").setAttribute("aria-labelledby", `tab-${app.active}`);
}

function onTabKey(event) {
  const count = app.files.length;
  const moves = { ArrowRight: app.active + 1, ArrowLeft: app.active - 1, Home: 0, End: count - 1 };
  if (!(event.key in moves)) return;
  event.preventDefault();
  activate((moves[event.key] + count) % count);
  $(`tab-${app.active}`).focus();
}

function renderFileBar() {
  const file = app.files[app.active];
  const select = $("kind");
  const options = [];
  if (isConfig(file)) {
    options.push(new Option("redlint.toml (configuration)", "config"));
  } else {
    options.push(new Option(`Automatic (${KINDS[file.detected]})`, "auto"));
    for (const [kind, label] of Object.entries(KINDS)) options.push(new Option(label, kind));
  }
  select.replaceChildren(...options);
  select.value = isConfig(file) ? "config" : file.kind;
  select.disabled = isConfig(file);
  $("rename-file").setAttribute("aria-label", `Rename ${file.path}`);
  $("delete-file").setAttribute("aria-label", `Delete ${file.path}`);
}

function setKind(kind) {
  const file = app.files[app.active];
  file.kind = kind;
  app.view.dispatch(reconfigure(kindOf(file), file.path));
  check();
}

/** Ask for a file name; resolves to a normalised, unused path or null. */
function askName(title, initial, except = -1) {
  const dialog = $("name-dialog");
  const input = $("name-input");
  const error = $("name-error");
  $("name-title").textContent = title;
  input.value = initial;
  error.textContent = "";
  const validate = () => {
    const path = normalizePath(input.value);
    if (!path) return "Enter a file name.";
    if (path.startsWith("/") || path.startsWith("..")) return "Use a path inside the project, like conf.d/memory.conf.";
    if (app.files.some((file, index) => index !== except && file.path === path)) {
      return `There is already a file named ${path}.`;
    }
    return "";
  };
  return new Promise((resolve) => {
    const onSubmit = (event) => {
      if (event.submitter?.value !== "ok") return;
      const message = validate();
      if (message) {
        event.preventDefault();
        error.textContent = message;
        input.focus();
      }
    };
    dialog.querySelector("form").addEventListener("submit", onSubmit);
    dialog.addEventListener(
      "close",
      () => {
        dialog.querySelector("form").removeEventListener("submit", onSubmit);
        resolve(dialog.returnValue === "ok" ? normalizePath(input.value) : null);
      },
      { once: true },
    );
    dialog.returnValue = "";
    dialog.showModal();
    input.select();
  });
}

async function addFile() {
  const path = await askName("New file", "");
  if (path === null) return;
  app.files[app.active].state = app.view.state;
  app.files.push(makeFile(path, ""));
  activate(app.files.length - 1, { focusEditor: true });
  check();
}

async function renameFile() {
  const file = app.files[app.active];
  const path = await askName(`Rename ${file.path}`, file.path, app.active);
  if (path === null || path === file.path) return;
  file.path = path;
  file.detected = redlint.classify(path, app.view.state.doc.toString());
  app.view.dispatch(reconfigure(kindOf(file), path));
  renderTabs();
  renderFileBar();
  check();
}

async function deleteFile() {
  const file = app.files[app.active];
  const dialog = $("confirm-dialog");
  $("confirm-text").textContent = `Delete ${file.path}? Its content is lost unless it is in a share link.`;
  dialog.returnValue = "";
  dialog.showModal();
  await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
  if (dialog.returnValue !== "ok") return;
  if (app.files.length === 1) {
    app.files[0] = makeFile("redis.conf", "");
    app.view.setState(app.files[0].state);
  } else {
    app.files.splice(app.active, 1);
    app.active = Math.min(app.active, app.files.length - 1);
    app.view.setState(app.files[app.active].state);
  }
  renderTabs();
  renderFileBar();
  check();
}

/** Files dropped anywhere on the page open as tabs (a tab of the same name is replaced). */
async function dropFiles(event) {
  const dropped = [...(event.dataTransfer?.files ?? [])];
  if (!dropped.length) return;
  // Before CodeMirror, which would insert the files' text at the drop point.
  event.preventDefault();
  event.stopPropagation();
  app.files[app.active].state = app.view.state;
  let last = app.active;
  for (const item of dropped) {
    const path = normalizePath(item.name);
    const file = makeFile(path, await item.text());
    last = app.files.findIndex((existing) => existing.path === path);
    if (last < 0) last = app.files.push(file) - 1;
    else app.files[last] = file;
    if (last === app.active) app.view.setState(file.state);
  }
  activate(last);
  renderTabs();
  renderFileBar();
  check();
}

// ---------------------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------------------

function scheduleCheck() {
  clearTimeout(app.timer);
  app.timer = setTimeout(check, DEBOUNCE_MS);
}

/** Check every file now; returns `{total, wasm}` in milliseconds. */
function check() {
  clearTimeout(app.timer);
  const started = performance.now();
  let config;
  const inputs = [];
  app.files.forEach((file, index) => {
    const content = contentOf(index);
    if (isConfig(file)) {
      config = content;
      return;
    }
    const detected = redlint.classify(file.path, content);
    if (detected !== file.detected) {
      file.detected = detected;
      if (file.kind === "auto") {
        const spec = reconfigure(kindOf(file), file.path);
        if (index === app.active) app.view.dispatch(spec);
        else file.state = file.state.update(spec).state;
        if (index === app.active) renderFileBar();
      }
    }
    inputs.push({ path: file.path, content, kind: file.kind === "auto" ? null : file.kind });
  });
  let text = null;
  let error = null;
  const wasmStarted = performance.now();
  try {
    text = redlint.check(JSON.stringify(inputs), config);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const wasm = performance.now() - wasmStarted;
  showReport(text === null ? null : JSON.parse(text), error === null ? null : failure(error), text ?? `error: ${error}`);
  const total = performance.now() - started;
  app.lastTiming = { total, wasm };
  $("check-time").textContent = `Checked in ${total.toFixed(1)} ms`;
  return app.lastTiming;
}

/**
 * Why the check could not run, for the panel and the editor: `{message, location}`, where
 * `location` is set for a problem in the redlint.toml tab. The module reports those as
 * `LINE:COLUMN: message` (the column in characters); the underline covers the TOML token
 * there (a key, a value, a table header), or is a point when the line ends there.
 */
function failure(error) {
  const index = app.files.findIndex(isConfig);
  const match = /^(\d+):(\d+): ([\s\S]*)$/.exec(error);
  if (error.startsWith("files:") || index < 0 || !match) return { message: error, location: null };
  const doc = currentState(index).doc;
  const line = Math.min(Math.max(1, Number(match[1])), doc.lines);
  const at = doc.line(line);
  const from = offsetOfChars(doc, line, Number(match[2]));
  const rest = doc.sliceString(from, at.to);
  const token = /^(?:"(?:[^"\\]|\\.)*"?|'[^']*'?|\[\[?[^\]]*\]?\]?|[\w.+:-]+)/.exec(rest);
  const to = from + (token ? token[0].length : rest.trimEnd().length);
  const location = {
    file: CONFIG_FILE,
    line,
    column: Number(match[2]),
    utf16: { line, column: from - at.from + 1, end_line: line, end_column: to - at.from + 1 },
  };
  return { message: match[3], location };
}

function severityOf(diagnostic) {
  return Object.hasOwn(SEVERITY_RANK, diagnostic.severity) ? diagnostic.severity : "info";
}

/**
 * Put a report (or why there is none: `failure()`) into the editors and, unless it is the
 * one already shown, the panel.
 */
function showReport(report, error, key) {
  const byPath = new Map(app.files.map((file, index) => [file.path, index]));
  for (const file of app.files) file.diagnostics = [];
  if (error?.location) {
    const index = byPath.get(error.location.file);
    const { from, to } = rangeOf(currentState(index).doc, error.location.utf16);
    app.files[index].diagnostics.push({
      from,
      to,
      severity: "error",
      message: error.message,
      renderMessage: () => configTooltip(error.message),
    });
  }
  const diagnostics = report?.diagnostics ?? [];
  for (const diagnostic of diagnostics) {
    const index = byPath.get(diagnostic.file);
    if (index === undefined) continue;
    const doc = currentState(index).doc;
    const { from, to } = rangeOf(doc, diagnostic.utf16);
    app.files[index].diagnostics.push({
      from,
      to,
      severity: severityOf(diagnostic),
      message: diagnostic.message,
      renderMessage: () => tooltipFor(diagnostic),
      actions: fixActions(diagnostic, doc),
    });
  }
  app.view.dispatch(setDiagnostics(app.view.state, app.files[app.active].diagnostics));
  // Typing that moves no finding (in a comment, at the end of a file) changes nothing here.
  if (key === app.shown) return;
  app.shown = key;
  renderTabs();
  renderProblems(diagnostics, error, report);
}

/**
 * The finding's fix as an editor action, when all its edits are in the finding's file. The
 * edits are positions in the text that was checked: once that text has changed, the action
 * waits for the next check instead of editing the wrong place.
 */
function fixActions(diagnostic, checkedDoc) {
  const fix = diagnostic.fix;
  if (!fix?.edits.length || fix.edits.some((edit) => edit.file !== diagnostic.file)) return [];
  const review = fix.applicability === "safe" ? "" : " (review: changes behaviour)";
  return [
    {
      name: `Fix: ${fix.description}${review}`,
      apply(view) {
        if (view.state.doc !== checkedDoc) return;
        const changes = fix.edits.map((edit) => ({
          from: offsetOfChars(checkedDoc, edit.line, edit.column),
          to: offsetOfChars(checkedDoc, edit.end_line, edit.end_column),
          insert: edit.replacement,
        }));
        view.dispatch({ changes, userEvent: "input.fix" });
        check();
      },
    },
  ];
}

/** A location as people read it: `path:line:column`. */
function where(location) {
  return `${location.file}:${location.line}:${location.column}`;
}

function goTo(location) {
  const index = app.files.findIndex((file) => file.path === location.file);
  if (index < 0) return;
  activate(index);
  const { from, to } = rangeOf(app.view.state.doc, location.utf16);
  app.view.dispatch({
    selection: { anchor: from, head: to },
    effects: EditorView.scrollIntoView(from, { y: "center" }),
  });
  app.view.focus();
}

function ruleButton(name) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "rule-link";
  button.textContent = name;
  button.title = `Open the page of ${name}`;
  button.addEventListener("click", (event) => {
    event.stopPropagation();
    openRule(name);
  });
  return button;
}

function labelButton(label) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "label-link";
  const place = document.createElement("span");
  place.className = "location";
  place.textContent = where(label);
  button.append(place, " ");
  appendInline(button, label.message);
  button.disabled = !app.files.some((file) => file.path === label.file);
  button.addEventListener("click", () => goTo(label));
  return button;
}

/** A finding's first line in the panel: severity, place and message; a click goes there. */
function problemMain(severityName, location, text) {
  const main = document.createElement("button");
  main.type = "button";
  main.className = "problem-main";
  const severity = document.createElement("span");
  severity.className = "severity";
  severity.textContent = severityName;
  const place = document.createElement("span");
  place.className = "location";
  place.textContent = where(location);
  const message = document.createElement("span");
  message.className = "message";
  appendInline(message, text);
  main.append(severity, " ", place, " ", message);
  main.addEventListener("click", () => goTo(location));
  return main;
}

function renderProblems(diagnostics, error, report) {
  const list = $("problem-list");
  const items = [];
  if (error) {
    const item = document.createElement("li");
    item.className = "problem severity-error";
    if (error.location) {
      item.append(problemMain("error", error.location, error.message), configHelp());
    } else {
      const text = document.createElement("p");
      text.textContent = error.message.startsWith("files:") ? error.message : `${CONFIG_FILE}: ${error.message}`;
      item.append(text);
    }
    items.push(item);
  }
  for (const diagnostic of diagnostics.slice(0, PANEL_LIMIT)) {
    const item = document.createElement("li");
    item.className = `problem severity-${severityOf(diagnostic)}`;
    item.append(
      problemMain(severityOf(diagnostic), diagnostic, diagnostic.message),
      ruleButton(diagnostic.rule),
      ...details(diagnostic),
    );
    items.push(item);
  }
  if (diagnostics.length > PANEL_LIMIT) {
    const more = document.createElement("li");
    more.className = "problem";
    more.textContent = `… and ${diagnostics.length - PANEL_LIMIT} more, shown in the editor.`;
    items.push(more);
  }
  list.replaceChildren(...items);
  const summary = report?.summary;
  let text;
  if (error) text = "The check could not run: see the first problem.";
  else if (!diagnostics.length) text = `No problems in ${plural(summary.files, "checked file")}.`;
  else {
    text = [
      plural(summary.errors, "error"),
      plural(summary.warnings, "warning"),
      plural(summary.infos, "info"),
    ].join(", ");
    text += ` in ${plural(summary.files, "checked file")}.`;
  }
  if (summary?.suppressed) text += ` ${plural(summary.suppressed, "finding")} suppressed.`;
  // Only a change is announced to screen readers (the region is polite and live).
  if ($("summary").textContent !== text) $("summary").textContent = text;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A finding's labels (each a link to its place, in any file) and help, as elements. */
function details(diagnostic) {
  const elements = [];
  if (diagnostic.labels.length) {
    const labels = document.createElement("ul");
    labels.className = "labels";
    for (const label of diagnostic.labels) {
      const li = document.createElement("li");
      li.append(labelButton(label));
      labels.append(li);
    }
    elements.push(labels);
  }
  if (diagnostic.help) {
    const help = document.createElement("p");
    help.className = "help";
    help.append("help: ");
    appendInline(help, diagnostic.help);
    elements.push(help);
  }
  return elements;
}

/** What a configuration problem means for the check. */
function configHelp() {
  const help = document.createElement("p");
  help.className = "help";
  help.append("help: ");
  appendInline(
    help,
    `nothing is checked until \`${CONFIG_FILE}\` is valid; it is read as the CLI reads it (\`[rules]\`, \`select\`, \`[[ignore]]\`)`,
  );
  return help;
}

/** The hover tooltip of a problem in the redlint.toml tab. */
function configTooltip(message) {
  const box = document.createElement("div");
  box.className = "tooltip";
  const text = document.createElement("p");
  text.className = "tooltip-message";
  appendInline(text, message);
  box.append(text, configHelp());
  return box;
}

/** The hover tooltip of a finding: message, labels, help and the rule's page. */
function tooltipFor(diagnostic) {
  const box = document.createElement("div");
  box.className = "tooltip";
  const message = document.createElement("p");
  message.className = "tooltip-message";
  appendInline(message, diagnostic.message);
  box.append(message, ...details(diagnostic));
  const rule = document.createElement("p");
  rule.className = "tooltip-rule";
  rule.append(`${diagnostic.category ?? "rule"} · `, ruleButton(diagnostic.rule));
  box.append(rule);
  return box;
}

// ---------------------------------------------------------------------------------------
// Rule pages
// ---------------------------------------------------------------------------------------

function openRule(name) {
  const rule = app.rules.get(name);
  const page = $("rule-page");
  $("rule-title").textContent = name;
  if (!rule) {
    page.textContent = `No page for ${name}.`;
  } else {
    const meta = document.createElement("p");
    meta.className = "rule-meta";
    meta.textContent = `${rule.category} · default severity ${rule.severity} · applies to ${rule.applies_to.join(", ")}`;
    // The page's first line repeats the name, which the dialog already shows.
    const body = rule.page.replace(/^#\s+[^\n]*\n/, "");
    page.replaceChildren(meta, renderMarkdown(body));
  }
  const dialog = $("rule-dialog");
  if (!dialog.open) dialog.showModal();
  page.scrollTop = 0;
}

function openRuleIndex() {
  const page = $("rule-page");
  $("rule-title").textContent = "Rules";
  const groups = new Map();
  for (const rule of app.rules.values()) {
    if (!groups.has(rule.category)) groups.set(rule.category, []);
    groups.get(rule.category).push(rule);
  }
  const children = [];
  for (const [category, rules] of groups) {
    const heading = document.createElement("h3");
    heading.textContent = category;
    const list = document.createElement("ul");
    list.className = "rule-index";
    for (const rule of rules) {
      const li = document.createElement("li");
      li.append(ruleButton(rule.name), ` ${rule.summary}`);
      list.append(li);
    }
    children.push(heading, list);
  }
  page.replaceChildren(...children);
  $("rule-dialog").showModal();
}

// ---------------------------------------------------------------------------------------
// Examples and share links
// ---------------------------------------------------------------------------------------

function exampleTitle(name) {
  const title = name.replace(/-/g, " ");
  return title[0].toUpperCase() + title.slice(1);
}

function loadExample(name) {
  const example = app.examples.find((candidate) => candidate.name === name);
  if (!example) return;
  $("example").value = name;
  loadFiles(example.files, firstChecked(example.files));
}

/** Open an example at its redis.conf when it has one: the findings about Redis itself start there. */
function firstChecked(files) {
  const index = files.findIndex((file) => /(^|\/)redis\.conf$/.test(file.path));
  return index < 0 ? 0 : index;
}

async function share() {
  app.files[app.active].state = app.view.state;
  const hash = await encodeShare({
    files: app.files.map((file, index) => ({ path: file.path, content: contentOf(index), kind: file.kind })),
    active: app.active,
  });
  const link = `${location.origin}${location.pathname}${hash}`;
  $("share-panel").hidden = false;
  $("share-link").value = link;
  $("share-status").textContent = `The link is ${link.length.toLocaleString("en")} characters long.`;
  $("share-link").focus();
  $("share-link").select();
}

async function copyLink() {
  try {
    await navigator.clipboard.writeText($("share-link").value);
    $("share-status").textContent = "Copied to the clipboard.";
  } catch {
    $("share-link").select();
    $("share-status").textContent = "Copying was refused: the link is selected, copy it with Ctrl+C.";
  }
}

// ---------------------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------------------

async function start() {
  // The rules' documentation comes beside the module (which leaves it out to stay small).
  const json = async (url) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return response.json();
  };
  const [, rules, examples] = await Promise.all([init(), json("rules.json"), json("examples.json")]);
  $("version").textContent = redlint.version();
  for (const rule of rules) app.rules.set(rule.name, rule);
  app.examples = examples;
  $("example").replaceChildren(
    new Option("Choose…", ""),
    ...app.examples.map((example) => new Option(exampleTitle(example.name), example.name)),
  );

  app.view = createView($("editor"), createState("", "unknown", "", () => {}));
  $("tabs").addEventListener("keydown", onTabKey);
  // Enter in the name field means OK (the form's first button, its default, is Cancel).
  $("name-input").addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    $("name-form").requestSubmit($("name-ok"));
  });
  window.addEventListener("dragover", (event) => {
    if (event.dataTransfer?.types.includes("Files")) event.preventDefault();
  });
  window.addEventListener("drop", dropFiles, true);
  $("add-file").addEventListener("click", addFile);
  $("rename-file").addEventListener("click", renameFile);
  $("delete-file").addEventListener("click", deleteFile);
  $("kind").addEventListener("change", (event) => setKind(event.target.value));
  $("example").addEventListener("change", (event) => event.target.value && loadExample(event.target.value));
  $("rules-button").addEventListener("click", openRuleIndex);
  $("share-button").addEventListener("click", share);
  $("copy-link").addEventListener("click", copyLink);
  $("close-share").addEventListener("click", () => {
    $("share-panel").hidden = true;
    $("share-button").focus();
  });

  let shared = null;
  try {
    shared = await decodeShare(location.hash);
  } catch (error) {
    $("summary").textContent = `The share link could not be read (${error.message}); showing an example.`;
  }
  if (shared && shared.files.length) loadFiles(shared.files, shared.active);
  else loadExample(DEFAULT_EXAMPLE);

  // For measurements and tests: check now and return the timing.
  window.redlintPlayground = { check, lastTiming: () => app.lastTiming };
  document.body.dataset.ready = "true";
}

start().catch((error) => {
  $("summary").textContent = `The playground could not start: ${error.message}`;
  throw error;
});
