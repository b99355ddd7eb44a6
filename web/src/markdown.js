// A small Markdown renderer for the rule pages: headings, paragraphs, lists, fenced code,
// inline code, emphasis and links. It builds DOM nodes and sets only `textContent`, never
// HTML, so nothing in a page can inject markup; links must be http(s).

/** Render Markdown text into a DocumentFragment. */
export function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let paragraph = [];
  let list = null;

  const flushParagraph = () => {
    if (paragraph.length) {
      const p = document.createElement("p");
      appendInline(p, paragraph.join(" "));
      fragment.append(p);
      paragraph = [];
    }
  };
  const flushList = () => {
    list = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = line.match(/^```\s*([\w-]*)/);
    if (fence) {
      flushParagraph();
      flushList();
      const code = [];
      for (i++; i < lines.length && !lines[i].startsWith("```"); i++) code.push(lines[i]);
      const pre = document.createElement("pre");
      const element = document.createElement("code");
      if (fence[1]) element.dataset.lang = fence[1];
      element.textContent = code.join("\n");
      pre.append(element);
      fragment.append(pre);
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      flushParagraph();
      flushList();
      // The page's own `#` title is shown by the dialog; sections become h3 and below.
      const level = Math.min(6, heading[1].length + 1);
      const h = document.createElement(`h${level}`);
      appendInline(h, heading[2]);
      fragment.append(h);
      continue;
    }
    const item = line.match(/^\s*(?:[-*]|(\d+)\.)\s+(.*)$/);
    if (item) {
      flushParagraph();
      const ordered = item[1] !== undefined;
      if (!list || (list.tagName === "OL") !== ordered) {
        list = document.createElement(ordered ? "ol" : "ul");
        fragment.append(list);
      }
      const li = document.createElement("li");
      appendInline(li, item[2]);
      list.append(li);
      continue;
    }
    if (line.trim() === "") {
      flushParagraph();
      flushList();
      continue;
    }
    if (list && /^\s+\S/.test(line)) {
      // A continuation line of the last list item.
      const last = list.lastElementChild;
      last.append(" ");
      appendInline(last, line.trim());
      continue;
    }
    flushList();
    paragraph.push(line.trim());
  }
  flushParagraph();
  return fragment;
}

// Code first (leftmost wins), so `*` and `_` inside code spans stay literal; emphasis markers
// must not touch a word character on the outside (`snake_case_name` is not emphasis).
const INLINE =
  /`([^`]+)`|\*\*([^*]+)\*\*|(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])|(?<!\w)_([^_\s][^_]*?)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)|<(https?:\/\/[^>\s]+)>/g;

/** Append inline Markdown (code, bold, emphasis, links) to an element, as text nodes. */
export function appendInline(parent, text) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.append(text.slice(last, match.index));
    const [, code, strong, em, em2, linkText, href, autolink] = match;
    if (code !== undefined) {
      const element = document.createElement("code");
      element.textContent = code;
      parent.append(element);
    } else if (strong !== undefined) {
      const element = document.createElement("strong");
      appendInline(element, strong);
      parent.append(element);
    } else if (em !== undefined || em2 !== undefined) {
      const element = document.createElement("em");
      appendInline(element, em ?? em2);
      parent.append(element);
    } else {
      const url = href ?? autolink;
      if (/^https?:\/\//.test(url)) {
        const a = document.createElement("a");
        a.href = url;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        a.textContent = linkText ?? url;
        parent.append(a);
      } else {
        parent.append(linkText ?? url);
      }
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}
