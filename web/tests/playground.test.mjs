// Browser tests of the built playground (web/dist/, `cargo xtask web`), served on 127.0.0.1
// and driven in Debian's headless Chromium by playwright-core. Run by `cargo xtask ci`; by
// hand: `cargo xtask web && node --test web/tests/playground.test.mjs`.
//
// Artifacts (screenshots, the re-check measurement) go to $REDLINT_TEST_ARTIFACTS
// (default: target/web-test/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, defaultRoot } from "./serve.mjs";

const root = process.env.REDLINT_WEB_DIST ?? defaultRoot;
const artifacts =
  process.env.REDLINT_TEST_ARTIFACTS ?? fileURLToPath(new URL("../../target/web-test/", import.meta.url));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";

let server;
let browser;

before(async () => {
  await mkdir(artifacts, { recursive: true });
  server = await serve(root);
  browser = await chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page on the playground; every console error, page error and non-local request fails the test. */
async function open(t, { hash = "", viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url.replace(/\/$/, "") });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("request", (request) => {
    if (!request.url().startsWith(server.url) && !request.url().startsWith("data:")) {
      problems.push(`request outside the playground: ${request.url()}`);
    }
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], "the page reported errors or made outside requests");
  });
  await page.goto(server.url + hash);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
  return page;
}

/** The problems panel as data: `{severity, location, rule, labels}` per finding. */
function problemList(page) {
  return page.$$eval("#problem-list > li", (items) =>
    items.map((item) => ({
      severity: item.querySelector(".severity")?.textContent ?? "",
      location: item.querySelector(".problem-main .location")?.textContent ?? "",
      rule: item.querySelector(".rule-link")?.textContent ?? "",
      text: item.querySelector(".problem-main .message")?.textContent ?? item.textContent,
      labels: [...item.querySelectorAll(".labels .label-link")].map((label) => label.textContent),
    })),
  );
}

/** The panel's findings without their message text: what the tests compare exactly. */
async function findings(page) {
  return (await problemList(page)).map(({ severity, location, rule, labels }) => ({ severity, location, rule, labels }));
}

/** The active editor's underlines of one severity: `{text, line}`. */
function underlines(page, severity) {
  return page.$$eval(`.cm-content .cm-lintRange-${severity}`, (ranges) =>
    ranges.map((range) => ({
      text: range.textContent,
      line: [...document.querySelectorAll(".cm-content .cm-line")].indexOf(range.closest(".cm-line")) + 1,
    })),
  );
}

async function tabNames(page) {
  return page.$$eval("#tabs [role=tab]", (tabs) => tabs.map((tab) => tab.querySelector("span").textContent));
}

async function activeTab(page) {
  return page.$eval("#tabs [aria-selected=true] span", (span) => span.textContent);
}

/** Wait until the summary line says `text` (the check is debounced). */
async function waitForSummary(page, text) {
  await page.waitForFunction((wanted) => document.getElementById("summary").textContent === wanted, text, {
    timeout: 10_000,
  });
}

async function addFile(page, path) {
  await page.click("#add-file");
  await page.fill("#name-input", path);
  await page.click("#name-ok");
  await page.waitForFunction((wanted) => document.querySelector("#tabs [aria-selected=true] span")?.textContent === wanted, path);
}

/** Replace the active editor's text through a real clipboard paste. */
async function paste(page, text) {
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press("Control+V");
  await page.waitForFunction((value) => {
    const lines = [...document.querySelectorAll(".cm-content .cm-line")].map((line) => line.textContent);
    return lines.join("\n") === value;
  }, text);
}

async function chooseExample(page, name) {
  await page.selectOption("#example", name);
  await page.waitForFunction(() => document.querySelectorAll("#tabs [role=tab]").length > 0);
}

/** A share fragment as the playground makes it, built here independently with zlib. */
function shareHash(files, active = 0) {
  const json = JSON.stringify({ v: 1, files, active });
  return "#files=" + deflateRawSync(Buffer.from(json)).toString("base64url");
}

const STACK_CONF = `# Pasted by the browser test: an insecure cache.
include conf.d/*.conf
bind 0.0.0.0
protected-mode no
maxmemory 1g # headroom
save 900 1
`;
const STACK_INCLUDED = `# Shared limits.
save 3600 1 300 100
maxmemory-policy allkeys-lru
`;

/**
 * The default example (web/examples/insecure-stack) as the engine reports it: the Compose
 * service and the redis.conf it mounts are one Redis, so findings point across the files.
 */
const INSECURE_STACK = [
  { severity: "info", location: "compose.yaml:10:3", rule: "missing-healthcheck", labels: [] },
  {
    severity: "warning",
    location: "compose.yaml:10:3",
    rule: "redis-data-on-ephemeral-storage",
    labels: ["redis.conf:16:1 data directory"],
  },
  {
    severity: "error",
    location: "compose.yaml:14:9",
    rule: "port-published-on-all-interfaces",
    labels: ["compose.yaml:10:3 this Redis"],
  },
  { severity: "info", location: "conf.d/tuning.conf:5:1", rule: "deprecated-directive", labels: [] },
  {
    severity: "error",
    location: "redis.conf:6:16",
    rule: "protected-mode-off-without-auth",
    labels: ["redis.conf:5:6 listens on these addresses"],
  },
  { severity: "info", location: "redis.conf:12:11", rule: "decimal-memory-unit", labels: [] },
  {
    severity: "error",
    location: "redis.conf:12:11",
    rule: "maxmemory-exceeds-memory-limit",
    labels: ["compose.yaml:15:16 memory limit"],
  },
  { severity: "error", location: "redis.conf:13:30", rule: "inline-comment", labels: [] },
  {
    severity: "warning",
    location: "redis.conf:15:1",
    rule: "save-after-include",
    labels: ["conf.d/tuning.conf:2:1 these save points are discarded", "redis.conf:3:1 because of this include"],
  },
  { severity: "warning", location: "redis.conf:18:23", rule: "guessable-command-rename", labels: [] },
  { severity: "warning", location: "redis.conf:19:22", rule: "debug-command-enabled", labels: [] },
];

test("the default example loads with its findings", async (t) => {
  const page = await open(t);
  assert.deepEqual(await tabNames(page), ["compose.yaml", "conf.d/tuning.conf", "redis.conf"]);
  assert.equal(await activeTab(page), "redis.conf");
  assert.deepEqual(await findings(page), INSECURE_STACK);
  assert.equal(await page.textContent("#summary"), "4 errors, 4 warnings, 3 infos in 3 checked files.");
  assert.match(await page.textContent("#version"), /^\d+\.\d+\.\d+$/);
  await page.screenshot({ path: `${artifacts}/playground.png`, fullPage: true });
});

test("a pasted insecure stack is checked: problems panel, underline, hover, cross-file label", async (t) => {
  const page = await open(t);
  await chooseExample(page, "hardened-stack");
  await waitForSummary(page, "No problems in 2 checked files.");

  // Files no Compose service mounts are checked on their own (an allkeys-lru cache: no
  // aof-disabled finding).
  await addFile(page, "cache/conf.d/memory.conf");
  await paste(page, STACK_INCLUDED);
  await addFile(page, "cache/redis.conf");
  await paste(page, STACK_CONF);
  await waitForSummary(page, "2 errors, 3 warnings, 1 info in 4 checked files.");

  assert.deepEqual(await findings(page), [
    { severity: "warning", location: "cache/redis.conf:1:1", rule: "config-command-enabled", labels: [] },
    { severity: "warning", location: "cache/redis.conf:2:9", rule: "relative-include", labels: [] },
    {
      severity: "error",
      location: "cache/redis.conf:4:16",
      rule: "protected-mode-off-without-auth",
      labels: ["cache/redis.conf:3:6 listens on these addresses"],
    },
    { severity: "info", location: "cache/redis.conf:5:11", rule: "decimal-memory-unit", labels: [] },
    { severity: "error", location: "cache/redis.conf:5:14", rule: "inline-comment", labels: [] },
    {
      severity: "warning",
      location: "cache/redis.conf:6:1",
      rule: "save-after-include",
      labels: [
        "cache/conf.d/memory.conf:2:1 these save points are discarded",
        "cache/redis.conf:2:1 because of this include",
      ],
    },
  ]);

  // The error underline of protected-mode-off-without-auth sits on line 4, under `no`.
  assert.deepEqual(await underlines(page, "error"), [
    { text: "no", line: 4 },
    { text: "# headroom", line: 5 },
  ]);
  const markers = await page.$$eval(".cm-gutter-lint .cm-gutterElement", (elements) =>
    elements.filter((element) => element.querySelector(".cm-lint-marker-error")).map((element) => element.textContent),
  );
  assert.equal(markers.length, 2, "one error marker per line with an error");

  // Hover: message, help and a link to the rule's page, which opens in the page.
  await page.hover(".cm-content .cm-lintRange-error >> nth=0");
  const tooltip = page.locator(".cm-tooltip-lint .tooltip").first();
  await tooltip.waitFor();
  const tooltipText = await tooltip.textContent();
  assert.match(tooltipText, /protected mode is off and the default user has no password/);
  assert.match(tooltipText, /help: set a password/);
  await tooltip.locator(".rule-link", { hasText: "protected-mode-off-without-auth" }).click();
  await page.waitForSelector("#rule-dialog[open]");
  assert.equal(await page.textContent("#rule-title"), "protected-mode-off-without-auth");
  const headings = await page.$$eval("#rule-page h3", (elements) => elements.map((element) => element.textContent));
  assert.deepEqual(headings, ["What it does", "Why is this bad?", "Example", "Use instead", "References"]);
  assert.equal(await page.textContent("#rule-page pre code"), "protected-mode no");
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.getElementById("rule-dialog").open);

  // A finding's fix is an action in its tooltip: removing the inline comment fixes it.
  await page.hover(".cm-content .cm-lintRange-error >> nth=1");
  await page.locator(".cm-tooltip-lint button", { hasText: "Fix: remove the trailing comment" }).click();
  await waitForSummary(page, "1 error, 3 warnings, 1 info in 4 checked files.");
  assert.equal(await page.textContent(".cm-content .cm-line >> nth=4"), "maxmemory 1g");
  assert.ok(!(await problemList(page)).some((problem) => problem.rule === "inline-comment"));

  // A label in another file: the included file opens with the cursor on its `save` line.
  await page.click("#problem-list .label-link:has-text('cache/conf.d/memory.conf:2:1')");
  assert.equal(await activeTab(page), "cache/conf.d/memory.conf");
  assert.equal(await page.textContent(".cm-activeLine"), "save 3600 1 300 100");
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("cm-content")));
  // And a finding in another file opens that file at the finding.
  await page.click("#problem-list .problem-main:has-text('cache/redis.conf:5:11')");
  assert.equal(await activeTab(page), "cache/redis.conf");
  assert.equal(await page.textContent(".cm-activeLine"), "maxmemory 1g");
  assert.equal(await page.evaluate(() => getSelection().toString()), "1g");
});

test("cross-file findings: redis.conf against the Compose mem_limit, a ConfigMap against limits.memory", async (t) => {
  const page = await open(t);
  // The finding is in redis.conf, under the value; its label is in compose.yaml.
  assert.deepEqual(await underlines(page, "error"), [
    { text: "no", line: 6 },
    { text: "2g", line: 12 },
    { text: "# sessions can be logged in again", line: 13 },
  ]);
  await page.hover(".cm-content .cm-lintRange-error >> nth=1");
  const tooltip = page.locator(".cm-tooltip-lint .tooltip", { hasText: "memory limit" }).first();
  await tooltip.waitFor();
  assert.match(await tooltip.textContent(), /maxmemory \(1\.8 GiB\) is not below the container's memory limit \(1 GiB\)/);
  assert.match(await tooltip.textContent(), /compose\.yaml:15:16 memory limit/);
  // A click on the label opens compose.yaml with the limit selected.
  await page.click("#problem-list .label-link:has-text('compose.yaml:15:16 memory limit')");
  assert.equal(await activeTab(page), "compose.yaml");
  assert.equal(await page.textContent(".cm-activeLine"), "    mem_limit: 1g");
  assert.equal(await page.evaluate(() => getSelection().toString()), "1g");
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains("cm-content")));
  // The other way round: a finding on the service, its label on the redis.conf line.
  await page.click("#problem-list .label-link:has-text('redis.conf:16:1 data directory')");
  assert.equal(await activeTab(page), "redis.conf");
  assert.equal(await page.evaluate(() => getSelection().toString()), "dir ./");

  // Kubernetes: the redis.conf embedded in the ConfigMap is reported at the manifest's
  // line, with a label on the Deployment's limits.memory.
  await chooseExample(page, "kubernetes");
  await waitForSummary(page, "4 errors, 2 warnings, 3 infos in 3 checked files.");
  assert.equal(await activeTab(page), "k8s/configmap.yaml");
  assert.deepEqual(await underlines(page, "error"), [
    { text: "no", line: 10 },
    { text: "2gb", line: 11 },
  ]);
  const limit = (await findings(page)).find((finding) => finding.rule === "maxmemory-exceeds-memory-limit");
  assert.deepEqual(limit, {
    severity: "error",
    location: "k8s/configmap.yaml:11:15",
    rule: "maxmemory-exceeds-memory-limit",
    labels: ["k8s/deployment.yaml:23:23 memory limit"],
  });
  await page.click("#problem-list .label-link:has-text('k8s/deployment.yaml:23:23 memory limit')");
  assert.equal(await activeTab(page), "k8s/deployment.yaml");
  assert.equal(await page.textContent(".cm-activeLine"), "              memory: 1Gi");
  assert.equal(await page.evaluate(() => getSelection().toString()), "1Gi");
});

test("a share link carries the files and restores them", async (t) => {
  const page = await open(t);
  await addFile(page, "replica.conf");
  await paste(page, "maxmemory 64mb\nmaxmemory-policy noeviction\n");
  await page.selectOption("#kind", "redis-conf");
  await page.click("#share-button");
  // The note is on screen next to the link, not only in the document.
  await page.waitForSelector("#share-note", { state: "visible" });
  assert.match(await page.textContent("#share-note"), /This link contains the full content of your files/);
  await page.waitForFunction(() => document.getElementById("share-link").value !== "");
  const link = await page.inputValue("#share-link");
  assert.ok(link.startsWith(`${server.url}#files=`), link);
  await page.click("#copy-link");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  const restored = await open(t, { hash: link.slice(server.url.length) });
  assert.deepEqual(await tabNames(restored), ["compose.yaml", "conf.d/tuning.conf", "redis.conf", "replica.conf"]);
  assert.equal(await activeTab(restored), "replica.conf");
  assert.equal(await restored.inputValue("#kind"), "redis-conf");
  const lines = await restored.$$eval(".cm-content .cm-line", (elements) => elements.map((element) => element.textContent));
  assert.deepEqual(lines, ["maxmemory 64mb", "maxmemory-policy noeviction", ""]);
  assert.deepEqual(
    (await problemList(restored)).filter((problem) => problem.location.startsWith("replica.conf")).map((problem) => problem.rule),
    ["aof-disabled", "config-command-enabled", "no-authentication"],
  );
});

test("tabs are renamed, re-kinded, deleted and reachable with the keyboard", async (t) => {
  const page = await open(t);
  await page.focus("#tabs [aria-selected=true]");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await activeTab(page), "conf.d/tuning.conf");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-1");
  await page.keyboard.press("Home");
  assert.equal(await activeTab(page), "compose.yaml");
  // Tab is not swallowed by the editor: keyboard users can leave it.
  await page.click(".cm-content");
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => !document.activeElement.closest(".cm-editor")), "Tab left the editor");
  await page.focus("#tab-0");
  assert.equal(await page.inputValue("#kind"), "auto");
  assert.equal(await page.textContent("#kind option[value=auto]"), "Automatic (Docker Compose)");

  await page.click("#rename-file");
  await page.fill("#name-input", "conf.d/tuning.conf");
  await page.click("#name-ok");
  assert.equal(await page.textContent("#name-error"), "There is already a file named conf.d/tuning.conf.");
  await page.fill("#name-input", "../etc/redis.conf");
  await page.click("#name-ok");
  assert.equal(await page.textContent("#name-error"), "Use a path inside the project, like conf.d/memory.conf.");
  await page.fill("#name-input", "./deploy//docker-compose.yml");
  await page.press("#name-input", "Enter");
  await page.waitForSelector("#tab-0:has-text('deploy/docker-compose.yml')");
  assert.deepEqual(await tabNames(page), ["deploy/docker-compose.yml", "conf.d/tuning.conf", "redis.conf"]);

  // Moved to deploy/, the Compose file mounts deploy/redis.conf, which is not a tab: the
  // service's configuration is unknown, and redis.conf and the included file are checked
  // on their own.
  await waitForSummary(page, "2 errors, 7 warnings, 5 infos in 3 checked files.");
  const composeFindings = [
    { severity: "info", location: "deploy/docker-compose.yml:10:3", rule: "missing-healthcheck", labels: [] },
    { severity: "warning", location: "deploy/docker-compose.yml:12:27", rule: "config-outside-repository", labels: [] },
    {
      severity: "error",
      location: "deploy/docker-compose.yml:14:9",
      rule: "port-published-on-all-interfaces",
      labels: ["deploy/docker-compose.yml:10:3 this Redis"],
    },
  ];
  const tuningAlone = [
    { severity: "warning", location: "conf.d/tuning.conf:1:1", rule: "config-command-enabled", labels: [] },
    { severity: "warning", location: "conf.d/tuning.conf:1:1", rule: "no-authentication", labels: [] },
    { severity: "warning", location: "conf.d/tuning.conf:1:1", rule: "no-maxmemory", labels: [] },
    { severity: "info", location: "conf.d/tuning.conf:2:1", rule: "aof-disabled", labels: [] },
    { severity: "info", location: "conf.d/tuning.conf:5:1", rule: "deprecated-directive", labels: [] },
  ];
  assert.deepEqual(await findings(page), [
    ...tuningAlone,
    ...composeFindings,
    // Its include is a path inside the container, which only the mount made a file.
    { severity: "info", location: "redis.conf:3:9", rule: "include-outside-repository", labels: [] },
    { severity: "info", location: "redis.conf:12:11", rule: "decimal-memory-unit", labels: [] },
    { severity: "error", location: "redis.conf:13:30", rule: "inline-comment", labels: [] },
    { severity: "warning", location: "redis.conf:16:5", rule: "relative-dir", labels: [] },
    { severity: "warning", location: "redis.conf:18:23", rule: "guessable-command-rename", labels: [] },
    { severity: "warning", location: "redis.conf:19:22", rule: "debug-command-enabled", labels: [] },
  ]);

  // Deleting redis.conf leaves the two other files.
  await page.click("#tab-2");
  await page.click("#delete-file");
  await page.click("#confirm-ok");
  await page.waitForFunction(() => document.querySelectorAll("#tabs [role=tab]").length === 2);
  assert.deepEqual(await tabNames(page), ["deploy/docker-compose.yml", "conf.d/tuning.conf"]);
  await waitForSummary(page, "1 error, 4 warnings, 3 infos in 2 checked files.");
  assert.deepEqual(await findings(page), [...tuningAlone, ...composeFindings]);

  // A file redlint does not recognise is checked once its kind is chosen.
  await addFile(page, "cache-settings");
  await paste(page, "dir ./\n");
  await waitForSummary(page, "1 error, 4 warnings, 3 infos in 2 checked files.");
  await page.selectOption("#kind", "redis-conf");
  await page.waitForFunction(() => [...document.querySelectorAll("#problem-list .location")].some((element) => element.textContent === "cache-settings:1:5"));
  await waitForSummary(page, "1 error, 8 warnings, 4 infos in 3 checked files.");
  assert.deepEqual(
    (await findings(page)).filter((finding) => finding.location.startsWith("cache-settings:")),
    [
      { severity: "info", location: "cache-settings:1:1", rule: "aof-disabled", labels: [] },
      { severity: "warning", location: "cache-settings:1:1", rule: "config-command-enabled", labels: [] },
      { severity: "warning", location: "cache-settings:1:1", rule: "no-authentication", labels: [] },
      { severity: "warning", location: "cache-settings:1:1", rule: "no-maxmemory", labels: [] },
      { severity: "warning", location: "cache-settings:1:5", rule: "relative-dir", labels: [] },
    ],
  );
});

test("files dropped on the page open as tabs", async (t) => {
  const page = await open(t);
  await page.evaluate(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["bind 0.0.0.0\nprotected-mode no\n"], "redis.conf"));
    transfer.items.add(new File(["FROM redis:7-alpine\n"], "Dockerfile"));
    const target = document.querySelector(".cm-content");
    target.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => document.querySelectorAll("#tabs [role=tab]").length === 4);
  assert.deepEqual(await tabNames(page), ["compose.yaml", "conf.d/tuning.conf", "redis.conf", "Dockerfile"]);
  assert.equal(await activeTab(page), "Dockerfile");
  assert.equal(await page.textContent("#kind option[value=auto]"), "Automatic (Dockerfile)");
  // redis.conf was replaced, not edited: the dropped text is all there is.
  await page.click("#tab-2");
  const lines = await page.$$eval(".cm-content .cm-line", (elements) => elements.map((element) => element.textContent));
  assert.deepEqual(lines, ["bind 0.0.0.0", "protected-mode no", ""]);
  assert.ok((await problemList(page)).some((problem) => problem.rule === "protected-mode-off-without-auth" && problem.location === "redis.conf:2:16"));
});

/** A redlint.toml in the CLI's format: rule levels and an `[[ignore]]` entry. */
const REDLINT_TOML = `# Read exactly as the CLI reads redlint.toml.
[rules]
protected-mode-off-without-auth = "off"
inline-comment = "warning"

[[ignore]]
rules = ["deprecated-directive"]
paths = ["conf.d/**"]
reason = "shared with the other teams"
`;

test("a redlint.toml tab configures the check; a mistake in it is shown at its line", async (t) => {
  const page = await open(t);
  await addFile(page, "redlint.toml");
  assert.equal(await page.inputValue("#kind"), "config");
  await paste(page, REDLINT_TOML);
  await waitForSummary(page, "2 errors, 5 warnings, 2 infos in 3 checked files. 1 finding suppressed.");
  assert.deepEqual(
    await findings(page),
    INSECURE_STACK.filter(
      (finding) => finding.rule !== "protected-mode-off-without-auth" && finding.rule !== "deprecated-directive",
    ).map((finding) => (finding.rule === "inline-comment" ? { ...finding, severity: "warning" } : finding)),
  );

  // A mistake stops the check, and is shown where it is: in the panel, underlined in the
  // redlint.toml tab with a gutter marker, and counted on the tab.
  await paste(page, '[rules]\nno-such-rule = "off"\n');
  await waitForSummary(page, "The check could not run: see the first problem.");
  assert.deepEqual(await problemList(page), [
    { severity: "error", location: "redlint.toml:2:1", rule: "", text: "unknown rule no-such-rule", labels: [] },
  ]);
  assert.deepEqual(await underlines(page, "error"), [{ text: "no-such-rule", line: 2 }]);
  const markers = await page.$$eval(".cm-gutter-lint .cm-gutterElement", (elements) =>
    elements.filter((element) => element.querySelector(".cm-lint-marker-error")).length,
  );
  assert.equal(markers, 1);
  assert.equal(await page.textContent("#tabs [aria-selected=true] .badge"), "1");
  await page.hover(".cm-content .cm-lintRange-error");
  const tooltip = page.locator(".cm-tooltip-lint .tooltip").first();
  await tooltip.waitFor();
  assert.match(await tooltip.textContent(), /^unknown rule no-such-rulehelp: nothing is checked until redlint\.toml is valid/);

  // The playground's former format is refused like any unknown key, at its place.
  const errorAt = (location) =>
    page.waitForFunction(
      (wanted) => document.querySelector("#problem-list .problem-main .location")?.textContent === wanted,
      location,
    );
  await paste(page, '[severity]\ninline-comment = "warning"\n');
  await errorAt("redlint.toml:1:2");
  assert.equal((await problemList(page))[0].text, "unknown key severity in redlint.toml");
  assert.deepEqual(await underlines(page, "error"), [{ text: "severity", line: 1 }]);

  // A bad value is underlined as a whole; from another tab, a click opens redlint.toml there.
  await paste(page, '[rules]\ninline-comment = "warn"\n');
  await errorAt("redlint.toml:2:18");
  assert.equal((await problemList(page))[0].text, "warn is not a severity");
  assert.deepEqual(await underlines(page, "error"), [{ text: '"warn"', line: 2 }]);
  await page.click("#tab-0");
  await page.click("#problem-list .problem-main");
  assert.equal(await activeTab(page), "redlint.toml");
  assert.equal(await page.evaluate(() => getSelection().toString()), '"warn"');

  // Corrected, the check runs again and the mark goes.
  await paste(page, '[rules]\ninline-comment = "warning"\n');
  await waitForSummary(page, "3 errors, 5 warnings, 3 infos in 3 checked files.");
  assert.deepEqual(await underlines(page, "error"), []);
  assert.equal(await page.textContent("#tabs [aria-selected=true] .badge"), "");
});

test("every example loads, classified; the hardened stack passes", async (t) => {
  const page = await open(t);
  const examples = JSON.parse(await readFile(`${root}/examples.json`, "utf8"));
  assert.deepEqual(
    examples.map((example) => example.name),
    ["alpine-dockerfile", "hardened-stack", "insecure-stack", "kubernetes"],
  );
  const expectedKinds = {
    "alpine-dockerfile": { Dockerfile: "Dockerfile", "redis.conf": "redis.conf", "requirements.txt": "Not checked" },
    "hardened-stack": { "compose.yaml": "Docker Compose", "redis.conf": "redis.conf" },
    "insecure-stack": { "compose.yaml": "Docker Compose", "conf.d/tuning.conf": "redis.conf", "redis.conf": "redis.conf" },
    kubernetes: { "k8s/configmap.yaml": "Kubernetes", "k8s/deployment.yaml": "Kubernetes", "k8s/service.yaml": "Kubernetes" },
  };
  for (const example of examples) {
    await chooseExample(page, example.name);
    const kinds = {};
    for (const [index, name] of (await tabNames(page)).entries()) {
      await page.click(`#tab-${index}`);
      kinds[name] = (await page.textContent("#kind option[value=auto]")).replace(/^Automatic \((.*)\)$/, "$1");
    }
    assert.deepEqual(kinds, expectedKinds[example.name], example.name);
  }
  await chooseExample(page, "insecure-stack");
  await waitForSummary(page, "4 errors, 4 warnings, 3 infos in 3 checked files.");
  assert.deepEqual(await findings(page), INSECURE_STACK);
  await chooseExample(page, "kubernetes");
  await waitForSummary(page, "4 errors, 2 warnings, 3 infos in 3 checked files.");
  assert.deepEqual(await findings(page), [
    {
      severity: "error",
      location: "k8s/configmap.yaml:10:20",
      rule: "protected-mode-off-without-auth",
      labels: ["k8s/configmap.yaml:9:10 listens on these addresses"],
    },
    {
      severity: "error",
      location: "k8s/configmap.yaml:11:15",
      rule: "maxmemory-exceeds-memory-limit",
      labels: ["k8s/deployment.yaml:23:23 memory limit"],
    },
    { severity: "error", location: "k8s/deployment.yaml:4:9", rule: "no-network-policy", labels: [] },
    { severity: "warning", location: "k8s/deployment.yaml:16:17", rule: "config-command-enabled", labels: [] },
    { severity: "info", location: "k8s/deployment.yaml:16:17", rule: "container-security-context-weak", labels: [] },
    { severity: "info", location: "k8s/deployment.yaml:16:17", rule: "missing-healthcheck", labels: [] },
    { severity: "info", location: "k8s/deployment.yaml:17:18", rule: "floating-image-tag", labels: [] },
    {
      severity: "warning",
      location: "k8s/deployment.yaml:18:20",
      rule: "privilege-drop-bypassed",
      labels: ["k8s/deployment.yaml:16:17 this container"],
    },
    {
      severity: "error",
      location: "k8s/service.yaml:6:9",
      rule: "redis-exposed-by-service",
      labels: ["k8s/deployment.yaml:16:17 this Redis", "k8s/service.yaml:10:7 reaches Redis"],
    },
  ]);
  // The hardened stack passes with every rule on, at the strict preset's levels too.
  await chooseExample(page, "hardened-stack");
  await waitForSummary(page, "No problems in 2 checked files.");
  assert.deepEqual(await problemList(page), []);
  await addFile(page, "redlint.toml");
  await paste(page, 'extends = "strict"\nselect = ["all"]\n');
  // The summary would not change: check now rather than wait for the debounce.
  await page.evaluate(() => window.redlintPlayground.check());
  assert.equal(await page.textContent("#summary"), "No problems in 2 checked files.");
  assert.deepEqual(await problemList(page), []);
  await chooseExample(page, "alpine-dockerfile");
  assert.deepEqual(
    (await problemList(page)).map((problem) => `${problem.rule} ${problem.location}`),
    [
      // The image runs redis.conf (COPY + CMD): what the config leaves out is found at the image.
      "config-command-enabled Dockerfile:9:1",
      "floating-image-tag Dockerfile:9:6",
      "glibc-artifacts-in-musl-image Dockerfile:10:21",
      "python-artifacts-without-python Dockerfile:10:21",
      "privilege-drop-bypassed Dockerfile:13:18",
      "plaintext-password redis.conf:3:13",
      "weak-password redis.conf:3:13",
    ],
  );
  // Secrets never reach the page: the password is in the editor, not in the findings.
  assert.ok(!(await page.textContent("#problem-list")).includes("changeme"));
});

test("works offline once loaded", async (t) => {
  const page = await open(t);
  await page.context().setOffline(true);
  await chooseExample(page, "hardened-stack");
  await waitForSummary(page, "No problems in 2 checked files.");
  await page.click("#tabs [role=tab]:has-text('redis.conf')");
  await page.click(".cm-content");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("maxmemory 1g # no room");
  await page.waitForFunction(() =>
    [...document.querySelectorAll("#problem-list .problem-main .location")].some(
      (element) => element.textContent === "redis.conf:21:14",
    ),
  );
  // Rule pages are in the module: the index lists every policy page (`<category>/<rule>.md`;
  // policies/README.md is the generated index, not a page).
  const pages = (await readdir(new URL("../../policies/", import.meta.url), { recursive: true })).filter(
    (path) => path.endsWith(".md") && path.split(/[\\/]/).length === 2,
  );
  await page.click("#rules-button");
  assert.equal(await page.locator("#rule-page .rule-index li").count(), pages.length);
  await page.click("#rule-page .rule-link:has-text('relative-dir')");
  assert.equal(await page.textContent("#rule-title"), "relative-dir");
  const links = await page.$$eval("#rule-page a", (anchors) => anchors.map((anchor) => anchor.protocol));
  assert.ok(links.length > 0 && links.every((protocol) => protocol === "https:"), String(links));
});

test("labelled for screen readers, with readable contrast", async (t) => {
  const page = await open(t);
  const tree = await page.locator("body").ariaSnapshot();
  for (const line of [
    'combobox "Example"',
    'tablist "Files"',
    'tab "compose.yaml 3 problems"',
    'tab "conf.d/tuning.conf 1 problem"',
    'tab "redis.conf 7 problems" [selected]',
    'combobox "Kind"',
    'button "Rename redis.conf"',
    'button "Delete redis.conf"',
    'textbox "Content of redis.conf"',
    'region "Problems"',
    "status: 4 errors, 4 warnings, 3 infos in 3 checked files.",
  ]) {
    assert.ok(tree.includes(line), `accessibility tree lacks ${line}:\n${tree}`);
  }
  // Every control has a name.
  const unnamed = await page.$$eval("button, select, input, [role=tab]", (elements) =>
    elements
      .filter((element) => element.getClientRects().length)
      .filter((element) => !(element.getAttribute("aria-label") || element.labels?.length || element.textContent.trim()))
      .map((element) => element.outerHTML),
  );
  assert.deepEqual(unnamed, []);
  // WCAG AA: text at least 4.5:1 against the background it is drawn on.
  const low = await page.evaluate(() => {
    const rgb = (color) => color.match(/[\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
      const channel = (value) => {
        const v = value / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const background = (element) => {
      for (let node = element; node; node = node.parentElement) {
        const color = getComputedStyle(node).backgroundColor;
        const parts = rgb(color);
        if (parts.length === 3 || parts[3] > 0) return parts.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const found = [];
    const selector =
      "h1, h2, p, .tab span, .severity, .location, .message, .rule-link, .label-link, .help, .badge, button, select, .cm-line span, .cm-gutterElement";
    for (const element of document.querySelectorAll(selector)) {
      if (!element.getClientRects().length || !element.textContent.trim()) continue;
      const style = getComputedStyle(element);
      const [fg, bg] = [luminance(rgb(style.color).slice(0, 3)), luminance(background(element))];
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < 4.5) found.push(`${element.className || element.tagName}: ${ratio.toFixed(2)} (${element.textContent.trim().slice(0, 30)})`);
    }
    return found;
  });
  assert.deepEqual(low, []);
});

test("narrow screens stack the panels without horizontal scrolling", async (t) => {
  const page = await open(t, { viewport: { width: 390, height: 844 } });
  const editor = await page.locator("#editor").boundingBox();
  const problems = await page.locator(".problems").boundingBox();
  assert.ok(problems.y >= editor.y + editor.height - 1, "the problems panel is below the editor");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await page.screenshot({ path: `${artifacts}/playground-narrow.png`, fullPage: true });
});

test("re-checking a 1,000-line file is fast", async (t) => {
  const lines = [];
  const directives = [
    "# A long, commented configuration: the kind people paste.",
    "maxmemory 512mb",
    "maxmemory-policy allkeys-lru",
    "save 3600 1 300 100",
    "appendonly yes",
    "tcp-keepalive 60",
    "timeout 0",
    "hz 10",
    "client-output-buffer-limit pubsub 32mb 8mb 60",
    "user app on #0b14d501a594442a01c6859541bcb3e8164d183d32937b851835442f69d5c94e ~app:* +@read +@write",
    "",
  ];
  for (let i = 0; lines.length < 1000; i++) lines.push(directives[i % directives.length]);
  const content = lines.join("\n") + "\n";
  assert.equal(content.split("\n").length - 1, 1000);
  const page = await open(t, { hash: shareHash([{ path: "redis.conf", content, kind: "auto" }]) });
  assert.equal(await page.textContent("#tabs [aria-selected=true] span"), "redis.conf");
  // Each run is what typing does: an edit (a line added or removed at the top, which moves
  // every finding, so nothing can be skipped), a frame, then the re-check the debounce would
  // run, timed inside the page around the WASM call and around the whole update.
  await page.click(".cm-content");
  await page.keyboard.press("Control+Home");
  const runs = [];
  for (let i = 0; i < 46; i++) {
    await page.keyboard.press(i % 2 ? "Backspace" : "Enter");
    const timing = await page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(window.redlintPlayground.check())))),
    );
    if (i >= 5) runs.push(timing); // the first runs warm the JIT up
  }
  const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const result = {
    browser: browser.version(),
    lines: 1000,
    bytes: Buffer.byteLength(content),
    runs: runs.length,
    findings: (await problemList(page)).length,
    total_median_ms: median(runs.map((run) => run.total)),
    total_max_ms: Math.max(...runs.map((run) => run.total)),
    wasm_median_ms: median(runs.map((run) => run.wasm)),
  };
  await writeFile(`${artifacts}/recheck.json`, JSON.stringify(result, null, 2) + "\n");
  console.log(`re-check of a 1,000-line redis.conf: median ${result.total_median_ms.toFixed(2)} ms (WASM check ${result.wasm_median_ms.toFixed(2)} ms) over ${result.runs} runs`);
  assert.ok(result.findings > 0, "the input has findings to render");
  // Generous, so a loaded CI machine does not fail it; the aim (16 ms) is reported above.
  assert.ok(result.total_median_ms < 100, `median re-check ${result.total_median_ms} ms`);
});
