"use strict";
// Discovery: the `.gitignore` walker against git itself on the same trees, git's listing
// against the walker, and the files the action gives the core.

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { repo, git, writeFiles, dist } = require("./helpers.js");

const { Workspace } = dist("workspace.js");
const { walk, listDirectory, discover } = dist("discover.js");

/** A tree full of gitignore(5) corner cases; every file is named for what should happen. */
const TREE = {
  ".gitignore": [
    "# a comment, then a blank line",
    "",
    "*.log",
    "!important.log",
    "/build",
    "docs/*.txt",
    "**/tmp/",
    "out/**",
    "\\#hash.conf",
    "\\!bang.conf",
    "trailing.conf   ",
    "escaped\\ .conf",
    "[a-c]-x.conf",
    "[!d]-y.conf",
    "?.q",
    "deep/**/z.conf",
    "secret*",
    "!secret-ok.conf",
    "dir-only/",
    "*.[Tt][Mm][Pp]",
    "/vendor/",
    "!/vendor/keep.conf",
    "!info-reinclude.conf",
    "UPPER.conf",
    "[[:digit:]]*.num",
  ].join("\n"),
  "a.log": "",
  "important.log": "",
  "build/x.conf": "",
  "sub/build/x.conf": "",
  "docs/a.txt": "",
  "docs/sub/a.txt": "",
  "sub/docs/a.txt": "",
  "x/tmp/y.conf": "",
  "x/tmp": undefined,
  "tmp-file/tmp": "",
  "out/a/b.conf": "",
  "#hash.conf": "",
  "!bang.conf": "",
  "trailing.conf": "",
  "escaped .conf": "",
  "a-x.conf": "",
  "d-x.conf": "",
  "d-y.conf": "",
  "e-y.conf": "",
  "a.q": "",
  "ab.q": "",
  "deep/z.conf": "",
  "deep/1/2/z.conf": "",
  "other/deep/z.conf": "",
  "secret.conf": "",
  "secret-ok.conf": "",
  "sub/secret.txt": "",
  "dir-only/f.conf": "",
  "sub/dir-only": "",
  "f.TMP": "",
  "vendor/keep.conf": "",
  "vendor/x.conf": "",
  "info-reinclude.conf": "",
  "info-other.conf": "",
  "upper.conf": "",
  "UPPER.conf": "",
  "7.num": "",
  "x7.num": "",
  "sub/.gitignore": "!*.log\n/local.conf\nnested/\n",
  "sub/keep.log": "",
  "sub/local.conf": "",
  "sub/x/local.conf": "",
  "sub/nested/a.conf": "",
  "only/.gitignore": "/*\n!/keep/\n!.gitignore\n",
  "only/keep/a.conf": "",
  "only/other.conf": "",
  "only/keep/deeper/b.conf": "",
};

function tree(t) {
  const files = Object.fromEntries(Object.entries(TREE).filter(([, content]) => content !== undefined));
  const workspace = repo(t, files);
  git(workspace, "init", "-q");
  writeFiles(workspace, { ".git/info/exclude": "info-*.conf\n" });
  return workspace;
}

/** What git lists under `dir` (untracked, not ignored), as workspace paths, sorted. */
function gitListing(workspace, dir) {
  const prefix = dir === "" ? "" : `${dir}/`;
  return git(path.join(workspace, dir), "ls-files", "-z", "--others", "--exclude-standard")
    .split("\0")
    .filter(Boolean)
    .map((file) => prefix + file)
    .sort();
}

test("the .gitignore walker lists what git lists", (t) => {
  const workspace = tree(t);
  const ws = new Workspace(workspace);
  let caseInsensitive = false;
  try {
    caseInsensitive = git(workspace, "config", "--bool", "core.ignorecase") === "true";
  } catch {
    // not set: git matches with case
  }
  const walked = walk(ws, "", { caseInsensitive }).sort();
  assert.deepEqual(walked, gitListing(workspace, ""));
  // Spot checks, so a change of both sides cannot pass unnoticed.
  for (const kept of ["important.log", "sub/build/x.conf", "docs/sub/a.txt", "sub/keep.log", "secret-ok.conf", "only/keep/deeper/b.conf", "info-reinclude.conf", "d-y.conf", "ab.q", "tmp-file/tmp"]) {
    assert.ok(walked.includes(kept), `${kept} is listed`);
  }
  for (const ignored of ["a.log", "build/x.conf", "x/tmp/y.conf", "#hash.conf", "!bang.conf", "trailing.conf", "escaped .conf", "deep/1/2/z.conf", "vendor/keep.conf", "info-other.conf", "only/other.conf", "sub/nested/a.conf", "7.num"]) {
    assert.ok(!walked.includes(ignored), `${ignored} is ignored`);
  }
  // Walking a subdirectory applies the ignore files above it.
  for (const dir of ["sub", "only", "docs"]) {
    assert.deepEqual(walk(ws, dir, { caseInsensitive }).sort(), gitListing(workspace, dir), dir);
  }
});

test("git's listing and the walker agree, tracked files that are ignored included", (t) => {
  const workspace = repo(
    t,
    {
      ".gitignore": "generated/\n*.bak\n",
      "redis.conf": "",
      "deploy/compose.yaml": "",
      "generated/redis.conf": "",
      "nested/inner/redis.conf": "",
    },
    { git: true },
  );
  // Tracked although ignored (force-added): the CLI's walker skips it, so does the action.
  writeFiles(workspace, { "old.bak": "", "untracked/redis.conf": "" });
  git(workspace, "add", "-f", "old.bak");
  git(workspace, "commit", "-q", "-m", "force");
  // A nested repository: git does not list inside it, the walker does.
  git(path.join(workspace, "nested"), "init", "-q");
  const ws = new Workspace(workspace);
  const viaGit = listDirectory(ws, "");
  const walked = listDirectory(ws, "", { useGit: false });
  assert.equal(viaGit.method, "git");
  assert.equal(walked.method, "walk");
  const expected = [".gitignore", "deploy/compose.yaml", "nested/inner/redis.conf", "redis.conf", "untracked/redis.conf"];
  assert.deepEqual(viaGit.files.sort(), expected);
  assert.deepEqual(walked.files.sort(), expected);
});

test("the core picks the candidates; explicit files are read whatever their name", (t) => {
  const workspace = repo(t, {
    "redis.conf": "dir ./\n",
    "notes.md": "x\n",
    "data/dump.rdb": "REDIS0011",
    "k8s/app.json": '{"apiVersion": "v1", "kind": "Pod"}\n',
    "k8s/app": "apiVersion: v1\nkind: Pod\n",
    "huge/redis.conf": "",
  });
  // Over the CLI's 32 MiB limit: reported as unreadable, not read.
  fs.truncateSync(path.join(workspace, "huge", "redis.conf"), 33 * 1024 * 1024);
  const ws = new Workspace(workspace);
  const wasm = dist("wasm/redlint_wasm.js");
  const targets = ["."].map((input) => ws.resolveUserPath(input));
  const found = discover(ws, targets, (file) => wasm.isCandidate(file));
  assert.deepEqual(
    found.files.map((file) => [file.path, file.unreadable ?? "read"]),
    [
      ["huge/redis.conf", "33 MiB, larger than the 32 MiB limit"],
      ["k8s/app.json", "read"],
      ["redis.conf", "read"],
    ],
  );
  const named = discover(ws, [ws.resolveUserPath("notes.md"), ws.resolveUserPath(".")], (file) => wasm.isCandidate(file));
  assert.deepEqual(named.explicit, ["notes.md"]);
  assert.ok(named.files.some((file) => file.path === "notes.md" && file.content === "x\n"));
});
