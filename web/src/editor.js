// The CodeMirror 6 side: one EditorView, one EditorState per file (swapped when the tab
// changes), highlighting by file kind, and the conversion of the report's UTF-16 positions
// into CodeMirror offsets (both count UTF-16 code units).
import { basicSetup } from "codemirror";
import { EditorView } from "@codemirror/view";
import { EditorState, Compartment } from "@codemirror/state";
import { StreamLanguage } from "@codemirror/language";
import { lintGutter } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { redisConf } from "./redis-conf.js";

const language = new Compartment();
const label = new Compartment();
const dockerfileLanguage = StreamLanguage.define(dockerFile);
const tomlLanguage = StreamLanguage.define(toml);

/** The highlighting for a file kind (`config` is the playground's redlint.toml). */
function languageFor(kind) {
  switch (kind) {
    case "redis-conf":
    case "sentinel-conf":
      return redisConf;
    case "compose":
    case "kubernetes":
      return yaml();
    case "dockerfile":
      return dockerfileLanguage;
    case "config":
      return tomlLanguage;
    default:
      return [];
  }
}

function labelFor(path) {
  return EditorView.contentAttributes.of({ "aria-label": `Content of ${path}` });
}

/** A new editor state for one file. `onChange` runs after every document change. */
export function createState(content, kind, path, onChange) {
  return EditorState.create({
    doc: content,
    extensions: [
      basicSetup,
      lintGutter(),
      language.of(languageFor(kind)),
      label.of(labelFor(path)),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange();
      }),
    ],
  });
}

/** Effects that switch a state's highlighting and accessible name. */
export function reconfigure(kind, path) {
  return { effects: [language.reconfigure(languageFor(kind)), label.reconfigure(labelFor(path))] };
}

export function createView(parent, state) {
  return new EditorView({ parent, state });
}

/** The offset of a 1-based line and UTF-16 column, clamped to the document and the line. */
export function offsetOf(doc, line, column) {
  if (line > doc.lines) return doc.length;
  const at = doc.line(Math.max(1, line));
  return Math.min(at.to, at.from + Math.max(0, column - 1));
}

/** The offset of a 1-based line and column counted in characters (the report's own columns). */
export function offsetOfChars(doc, line, column) {
  if (line > doc.lines) return doc.length;
  const at = doc.line(Math.max(1, line));
  let offset = 0;
  let chars = 1;
  for (const ch of at.text) {
    if (chars >= column) break;
    offset += ch.length;
    chars += 1;
  }
  return at.from + offset;
}

/** `{from, to}` of a report location's `utf16` object. */
export function rangeOf(doc, utf16) {
  const from = offsetOf(doc, utf16.line, utf16.column);
  const to = Math.max(from, offsetOf(doc, utf16.end_line, utf16.end_column));
  return { from, to };
}
