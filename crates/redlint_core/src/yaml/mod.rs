//! One YAML layer for Compose and Kubernetes: a span tree built from `saphyr-parser` events.
//!
//! - Every node has a byte span; keys and values alike.
//! - Anchors and aliases are kept as references, never expanded eagerly: an alias bomb costs
//!   one node, and readers follow aliases lazily with a hop budget. Merge keys (`<<`) are
//!   resolved on lookup, explicit keys first.
//! - Duplicate keys, nesting beyond [`Limits::max_depth`] and trees beyond
//!   [`Limits::max_nodes`] are problems, not panics; a syntax error ends the file with a problem at its position, and the
//!   documents before it are kept.
//! - Scalars know how their decoded text maps back to the file (`scalar_map`), so a
//!   redis.conf inside a block scalar is reported at its own lines and columns.

mod scalar_map;

use std::borrow::Cow;
use std::ops::ControlFlow;

use saphyr_parser::{Event, Parser, ScalarStyle};

pub use scalar_map::ScalarMap;

use crate::source::{FileId, Span};

/// Deepest nesting accepted by default (flow collections are limited by the parser itself).
pub const MAX_DEPTH: usize = 256;
/// Most nodes in one file by default.
pub const MAX_NODES: usize = 2_000_000;

/// How much YAML one file may hold (`max-yaml-depth` and `max-yaml-nodes` of
/// `input-limit-exceeded`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: MAX_DEPTH, max_nodes: MAX_NODES }
    }
}
/// Most alias hops and nested merges followed by one lookup.
const ALIAS_HOPS: usize = 64;

pub type NodeId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Scalar {
        value: String,
        style: Style,
    },
    Sequence {
        items: Vec<NodeId>,
        flow: bool,
    },
    Mapping {
        entries: Vec<(NodeId, NodeId)>,
        flow: bool,
    },
    /// `*name`: the anchored node, when the anchor was defined before.
    Alias(Option<NodeId>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub root: NodeId,
    /// 0-based index in the stream.
    pub index: usize,
}

/// Why (part of) a YAML file could not be read as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlProblem {
    /// The parser stopped here; later documents are lost.
    Syntax { span: Span, message: String },
    /// A key repeated in one mapping; YAML forbids it and tools disagree on which wins.
    DuplicateKey { first: Span, second: Span, key: String },
    /// Nesting or size beyond the limits: the rest of the file was not read. `option` names
    /// the option of `input-limit-exceeded` that sets the limit.
    Limit { span: Span, message: String, option: &'static str },
}

/// A parsed YAML file: documents over one node arena.
#[derive(Clone, Debug, Default)]
pub struct Yaml {
    pub file: Option<FileId>,
    pub nodes: Vec<Node>,
    pub documents: Vec<Document>,
    pub problems: Vec<YamlProblem>,
}

/// Char index of the parsed text → byte offset in the original file. saphyr's markers count
/// characters, and a text re-read with spaces inserted (see [`parse`]) shifts later bytes.
struct Offsets {
    /// Char index → byte offset in the parsed text; `None` for ASCII text (identity).
    bytes: Option<Vec<u32>>,
    /// Original byte offsets where one space was inserted before parsing, sorted.
    insertions: Vec<usize>,
}

impl Offsets {
    fn new(text: &str, insertions: Vec<usize>) -> Offsets {
        let bytes = (!text.is_ascii()).then(|| {
            let mut bytes: Vec<u32> = text.char_indices().map(|(offset, _)| offset as u32).collect();
            bytes.push(text.len() as u32);
            bytes
        });
        Offsets { bytes, insertions }
    }

    fn byte(&self, char_index: usize) -> usize {
        let parsed = match &self.bytes {
            None => char_index,
            Some(bytes) => {
                bytes.get(char_index).map_or_else(|| *bytes.last().unwrap_or(&0) as usize, |&b| b as usize)
            }
        };
        self.original(parsed)
    }

    /// A byte offset of the parsed text in the original text: each insertion before it moved
    /// it one byte on (an offset inside inserted spaces maps to the insertion point).
    fn original(&self, parsed: usize) -> usize {
        let mut shift = 0;
        for (index, &at) in self.insertions.iter().enumerate() {
            // The space inserted at original offset `at` sits at parsed offset `at + index`.
            if at + index < parsed {
                shift += 1;
            } else {
                break;
            }
        }
        parsed - shift
    }
}

/// A collection being built: its node and its children so far.
struct Open {
    node: NodeId,
    anchor: usize,
    children: Vec<NodeId>,
    mapping: bool,
}

/// Most spaces inserted to re-read flow collections indented less than YAML requires.
const MAX_INDENT_REPAIRS: usize = 32;

/// Parse a YAML stream.
///
/// YAML requires the lines of a flow collection (`[…]`, `{…}`) inside a block to be indented
/// deeper than the block, and saphyr enforces that; go-yaml, which Docker Compose and
/// Kubernetes use, does not, and real files close a `test: [` on the key's own column. Such a
/// file is re-read with one more space before the offending line, a few times at most, and
/// every span still points into the original text.
pub fn parse(file: FileId, text: &str) -> Yaml {
    parse_with(file, text, Limits::default())
}

/// [`parse`] with other limits.
pub fn parse_with(file: FileId, text: &str, limits: Limits) -> Yaml {
    let mut insertions: Vec<usize> = Vec::new();
    loop {
        let parsed: Cow<'_, str> = if insertions.is_empty() {
            Cow::Borrowed(text)
        } else {
            let mut repaired = String::with_capacity(text.len() + insertions.len());
            let mut from = 0;
            for &at in &insertions {
                repaired.push_str(&text[from..at]);
                repaired.push(' ');
                from = at;
            }
            repaired.push_str(&text[from..]);
            Cow::Owned(repaired)
        };
        let (yaml, flow_indentation_error) =
            parse_events(file, text, &parsed, Offsets::new(&parsed, insertions.clone()), limits);
        match flow_indentation_error {
            Some(at) if insertions.len() < MAX_INDENT_REPAIRS => {
                let line_start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
                let position = insertions.partition_point(|&existing| existing <= line_start);
                insertions.insert(position, line_start);
            }
            _ => return yaml,
        }
    }
}

/// Build the tree from the events of `parsed` (the original `text`, or a copy with spaces
/// inserted); spans are offsets into `text`. Also returns where a flow collection was found
/// indented too little, when that stopped the parser.
fn parse_events(
    file: FileId,
    text: &str,
    parsed: &str,
    offsets: Offsets,
    limits: Limits,
) -> (Yaml, Option<usize>) {
    let mut flow_indentation_error = None;
    let span = |start: usize, end: usize| {
        Span::new(file, offsets.byte(start), offsets.byte(end).max(offsets.byte(start)))
    };
    let mut yaml = Yaml { file: Some(file), ..Yaml::default() };
    // Anchor id → node (saphyr numbers anchors from 1 in order of definition).
    let mut anchors: Vec<Option<NodeId>> = vec![None];
    let mut stack: Vec<Open> = Vec::new();
    let mut parser = Parser::new_from_str(parsed).keep_tags(true);
    while let Some(event) = parser.next_event() {
        let (event, marks) = match event {
            Ok(event) => event,
            Err(error) => {
                let start = offsets.byte(error.marker().index()).min(text.len());
                let in_flow = stack.last().is_some_and(|open| {
                    matches!(
                        yaml.nodes[open.node as usize].kind,
                        NodeKind::Mapping { flow: true, .. } | NodeKind::Sequence { flow: true, .. }
                    )
                });
                if in_flow && error.info().starts_with("invalid indentation") {
                    flow_indentation_error = Some(start);
                }
                yaml.problems.push(YamlProblem::Syntax {
                    span: Span::new(file, start, next_char_end(text, start)),
                    message: error.info().to_owned(),
                });
                break;
            }
        };
        if yaml.nodes.len() >= limits.max_nodes {
            yaml.problems.push(YamlProblem::Limit {
                span: span(marks.start.index(), marks.end.index()),
                message: format!(
                    "more than {} YAML nodes (the node limit): the rest of the file was not checked",
                    limits.max_nodes
                ),
                option: "max-yaml-nodes",
            });
            break;
        }
        let tag_text =
            |tag: Option<Cow<'_, saphyr_parser::Tag>>| tag.map(|tag| format!("{}{}", tag.handle, tag.suffix));
        let id = match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::Nothing
            | Event::DocumentStart(_)
            | Event::DocumentEnd => {
                continue;
            }
            Event::Alias(anchor) => {
                let target = anchors.get(anchor).copied().flatten();
                let node_span = span(marks.start.index(), marks.end.index());
                push(&mut yaml, Node { span: node_span, kind: NodeKind::Alias(target), tag: None })
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let mut node_span = span(marks.start.index(), marks.end.index());
                if matches!(style, Style::Literal | Style::Folded) {
                    // saphyr's span of a block scalar runs into the next line's indentation.
                    let trimmed = text[node_span.range()].trim_end_matches([' ', '\t', '\n', '\r']);
                    node_span.end = node_span.start + trimmed.len() as u32;
                }
                let node = Node {
                    span: node_span,
                    kind: NodeKind::Scalar { value: value.into_owned(), style },
                    tag: tag_text(tag),
                };
                let id = push(&mut yaml, node);
                if anchor > 0 {
                    set_anchor(&mut anchors, anchor, id);
                }
                id
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if stack.len() >= limits.max_depth {
                    yaml.problems.push(YamlProblem::Limit {
                        span: span(marks.start.index(), marks.end.index()),
                        message: format!(
                            "YAML nested deeper than {} levels (the depth limit): the rest of the file was not checked",
                            limits.max_depth
                        ),
                        option: "max-yaml-depth",
                    });
                    break;
                }
                let mapping = matches!(event, Event::MappingStart(..));
                let start = offsets.byte(marks.start.index());
                let flow = text.get(start..).is_some_and(|rest| rest.starts_with(['[', '{']));
                let kind = if mapping {
                    NodeKind::Mapping { entries: Vec::new(), flow }
                } else {
                    NodeKind::Sequence { items: Vec::new(), flow }
                };
                let node = Node { span: Span::new(file, start, start), kind, tag: tag_text(tag.clone()) };
                let id = push(&mut yaml, node);
                stack.push(Open { node: id, anchor, children: Vec::new(), mapping });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else { continue };
                finish_collection(&mut yaml, open, offsets.byte(marks.end.index()), text.len(), &mut anchors)
            }
        };
        attach(&mut yaml, &mut stack, id);
    }
    // Collections left open by a syntax error: close them so the tree stays consistent.
    while let Some(open) = stack.pop() {
        let id = finish_collection(&mut yaml, open, text.len(), text.len(), &mut anchors);
        attach(&mut yaml, &mut stack, id);
    }
    (yaml, flow_indentation_error)
}

fn push(yaml: &mut Yaml, node: Node) -> NodeId {
    yaml.nodes.push(node);
    (yaml.nodes.len() - 1) as NodeId
}

/// A finished node becomes its parent's child, or a document.
fn attach(yaml: &mut Yaml, stack: &mut [Open], id: NodeId) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(id),
        None => {
            let index = yaml.documents.len();
            yaml.documents.push(Document { root: id, index });
        }
    }
}

fn set_anchor(anchors: &mut Vec<Option<NodeId>>, anchor: usize, id: NodeId) {
    if anchors.len() <= anchor {
        anchors.resize(anchor + 1, None);
    }
    anchors[anchor] = Some(id);
}

/// Give a collection its children and final span; record duplicate keys.
fn finish_collection(
    yaml: &mut Yaml,
    open: Open,
    end: usize,
    text_len: usize,
    anchors: &mut Vec<Option<NodeId>>,
) -> NodeId {
    let id = open.node;
    let own_start = yaml.nodes[id as usize].span.start as usize;
    let start = open
        .children
        .first()
        .map_or(own_start, |&child| own_start.min(yaml.nodes[child as usize].span.start as usize));
    let flow = matches!(
        yaml.nodes[id as usize].kind,
        NodeKind::Mapping { flow: true, .. } | NodeKind::Sequence { flow: true, .. }
    );
    // A block collection ends with its last child; a flow one at its closing bracket.
    let end = if flow {
        end
    } else {
        open.children.last().map_or(end, |&child| yaml.nodes[child as usize].span.end as usize)
    };
    yaml.nodes[id as usize].span.start = start as u32;
    yaml.nodes[id as usize].span.end = end.min(text_len).max(start) as u32;
    if open.mapping {
        let entries: Vec<(NodeId, NodeId)> =
            open.children.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
        let mut seen: std::collections::HashMap<&str, Span> = std::collections::HashMap::new();
        let mut duplicates = Vec::new();
        for &(key, _) in &entries {
            if let NodeKind::Scalar { value, .. } = &yaml.nodes[key as usize].kind {
                let key_span = yaml.nodes[key as usize].span;
                if value != "<<" {
                    if let Some(first) = seen.insert(value.as_str(), key_span) {
                        duplicates.push(YamlProblem::DuplicateKey {
                            first,
                            second: key_span,
                            key: value.clone(),
                        });
                    }
                }
            }
        }
        yaml.problems.extend(duplicates);
        if let NodeKind::Mapping { entries: slot, .. } = &mut yaml.nodes[id as usize].kind {
            *slot = entries;
        }
    } else if let NodeKind::Sequence { items, .. } = &mut yaml.nodes[id as usize].kind {
        *items = open.children;
    }
    if open.anchor > 0 {
        set_anchor(anchors, open.anchor, id);
    }
    id
}

fn next_char_end(text: &str, start: usize) -> usize {
    let mut end = (start + 1).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// A node seen through aliases: what readers use.
#[derive(Clone, Copy)]
pub struct YamlRef<'a> {
    yaml: &'a Yaml,
    id: NodeId,
}

impl std::fmt::Debug for YamlRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("YamlRef").field("id", &self.id).field("span", &self.node().span).finish()
    }
}

impl Yaml {
    /// Point every span at another file (files are parsed before they have an id).
    pub(crate) fn set_file(&mut self, file: FileId) {
        self.file = Some(file);
        for node in &mut self.nodes {
            node.span.file = file;
        }
        for problem in &mut self.problems {
            match problem {
                YamlProblem::Syntax { span, .. } | YamlProblem::Limit { span, .. } => span.file = file,
                YamlProblem::DuplicateKey { first, second, .. } => {
                    first.file = file;
                    second.file = file;
                }
            }
        }
    }

    pub fn document(&self, index: usize) -> Option<YamlRef<'_>> {
        self.documents.get(index).map(|document| self.node(document.root))
    }

    pub fn documents(&self) -> impl Iterator<Item = YamlRef<'_>> {
        self.documents.iter().map(|document| self.node(document.root))
    }

    /// A node by id, aliases followed.
    pub fn node(&self, id: NodeId) -> YamlRef<'_> {
        YamlRef { yaml: self, id }.resolved()
    }

    /// Where the comments are: every `#` that is not inside a scalar (a block scalar's `#`
    /// lines are content) and starts a line or follows a blank, to the end of its line.
    pub fn comment_spans(&self, text: &str) -> Vec<Span> {
        let Some(file) = self.file else { return Vec::new() };
        let mut scalars: Vec<(u32, u32)> = self
            .nodes
            .iter()
            .filter(|node| matches!(node.kind, NodeKind::Scalar { .. }))
            .map(|node| (node.span.start, node.span.end))
            .collect();
        crate::sort::sort(&mut scalars);
        let inside_scalar = |at: u32| {
            let index = scalars.partition_point(|&(start, _)| start <= at);
            index > 0 && at < scalars[index - 1].1
        };
        let bytes = text.as_bytes();
        let mut comments = Vec::new();
        let mut from = 0;
        while let Some(offset) = text[from..].find('#') {
            let at = from + offset;
            let starts_comment = at == 0 || matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r');
            if starts_comment && !inside_scalar(at as u32) {
                let end = text[at..].find('\n').map_or(text.len(), |newline| at + newline);
                comments.push(Span::new(file, at, text[..end].trim_end_matches('\r').len()));
                from = end;
            } else {
                from = at + 1;
            }
        }
        comments
    }

    /// Entries that start a line (a mapping key with its value, a sequence item): a comment
    /// above such a line is about the whole entry, however many lines it takes.
    pub fn entry_extents(&self, text: &str) -> Vec<Span> {
        // Where each line's indentation (blanks and sequence dashes) ends, by line start:
        // computed once, since a long flow mapping puts thousands of entries on one line.
        let mut line_starts = vec![0];
        let mut indent_ends = Vec::new();
        let bytes = text.as_bytes();
        let mut at = 0;
        loop {
            while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'-') {
                at += 1;
            }
            indent_ends.push(at);
            match text[at..].find('\n') {
                Some(newline) => {
                    at += newline + 1;
                    line_starts.push(at);
                }
                None => break,
            }
        }
        let starts_line = |span: Span| {
            let start = span.start as usize;
            let line = line_starts.partition_point(|&line_start| line_start <= start) - 1;
            start <= indent_ends[line]
        };
        let mut extents = Vec::new();
        for node in &self.nodes {
            match &node.kind {
                NodeKind::Mapping { entries, .. } => {
                    for &(key, value) in entries {
                        let (key, value) = (self.nodes[key as usize].span, self.nodes[value as usize].span);
                        if starts_line(key) {
                            extents.push(Span::new(
                                key.file,
                                key.start as usize,
                                key.end.max(value.end) as usize,
                            ));
                        }
                    }
                }
                NodeKind::Sequence { items, .. } => {
                    extents.extend(
                        items
                            .iter()
                            .map(|&item| self.nodes[item as usize].span)
                            .filter(|&item| starts_line(item)),
                    );
                }
                _ => {}
            }
        }
        extents
    }

    pub fn has_syntax_error(&self) -> bool {
        self.problems.iter().any(|problem| matches!(problem, YamlProblem::Syntax { .. }))
    }
}

impl<'a> YamlRef<'a> {
    fn node(&self) -> &'a Node {
        &self.yaml.nodes[self.id as usize]
    }

    /// Follow aliases (at most [`ALIAS_HOPS`]); an unknown anchor stays an alias node.
    fn resolved(self) -> YamlRef<'a> {
        let mut current = self;
        for _ in 0..ALIAS_HOPS {
            match current.node().kind {
                NodeKind::Alias(Some(target)) => current = YamlRef { yaml: self.yaml, id: target },
                _ => break,
            }
        }
        current
    }

    pub fn id(&self) -> NodeId {
        self.id
    }

    /// Where the node is written (for an alias use: the anchored node).
    pub fn span(&self) -> Span {
        self.node().span
    }

    pub fn tag(&self) -> Option<&'a str> {
        self.node().tag.as_deref()
    }

    /// The decoded text of a scalar.
    pub fn as_str(&self) -> Option<&'a str> {
        match &self.node().kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    pub fn style(&self) -> Option<Style> {
        match self.node().kind {
            NodeKind::Scalar { style, .. } => Some(style),
            _ => None,
        }
    }

    /// A plain `~`, `null`, `Null`, `NULL` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.node().kind, NodeKind::Scalar { value, style: Style::Plain } if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// YAML 1.2 booleans, plus the YAML 1.1 forms Kubernetes and Compose still accept.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.node().kind {
            NodeKind::Scalar { value, style: Style::Plain } => match value.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "y" => Some(true),
                "false" | "no" | "off" | "n" => Some(false),
                _ => None,
            },
            NodeKind::Scalar { value, .. } => match value.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_str().and_then(|text| text.trim().parse().ok())
    }

    pub fn is_mapping(&self) -> bool {
        matches!(self.node().kind, NodeKind::Mapping { .. })
    }

    pub fn is_sequence(&self) -> bool {
        matches!(self.node().kind, NodeKind::Sequence { .. })
    }

    pub fn is_scalar(&self) -> bool {
        matches!(self.node().kind, NodeKind::Scalar { .. })
    }

    /// Items of a sequence (empty for anything else).
    pub fn items(&self) -> impl Iterator<Item = YamlRef<'a>> + 'a {
        let yaml = self.yaml;
        let items: &'a [NodeId] = match &self.node().kind {
            NodeKind::Sequence { items, .. } => items,
            _ => &[],
        };
        items.iter().map(move |&id| yaml.node(id))
    }

    /// Entries of a mapping as written, without merges: (key, value).
    pub fn own_entries(&self) -> impl Iterator<Item = (YamlRef<'a>, YamlRef<'a>)> + 'a {
        let yaml = self.yaml;
        let entries: &'a [(NodeId, NodeId)] = match &self.node().kind {
            NodeKind::Mapping { entries, .. } => entries,
            _ => &[],
        };
        entries.iter().map(move |&(key, value)| (yaml.node(key), yaml.node(value)))
    }

    /// Entries of a mapping with `<<` merges applied: explicit keys first, then keys from the
    /// merged mappings in order, each key once (the first occurrence wins).
    pub fn entries(&self) -> Vec<(YamlRef<'a>, YamlRef<'a>)> {
        let mut out: Vec<(YamlRef<'a>, YamlRef<'a>)> = Vec::new();
        let mut seen: std::collections::HashSet<&'a str> = std::collections::HashSet::new();
        let mut merges = Vec::new();
        for (key, value) in self.own_entries() {
            if key.as_str() == Some("<<") && key.style() == Some(Style::Plain) {
                merges.push(value);
            } else if key.as_str().is_none_or(|name| seen.insert(name)) {
                out.push((key, value));
            }
        }
        let _ = Self::visit_merged(&merges, &mut std::collections::HashSet::new(), 0, &mut |key, value| {
            if key.as_str().is_none_or(|name| seen.insert(name)) {
                out.push((key, value));
            }
            ControlFlow::<()>::Continue(())
        });
        out
    }

    /// Visits the entries the mappings `merges` bring in, in the order [`YamlRef::entries`]
    /// lists them (each merged mapping's own entries, then what it merges in turn), until
    /// `visit` breaks. `merged` holds the mappings already visited: merging one again adds no
    /// key, and skipping it keeps a merge bomb (`<<: [*a, *a, …]` nested) linear.
    fn visit_merged<B>(
        merges: &[YamlRef<'a>],
        merged: &mut std::collections::HashSet<NodeId>,
        depth: usize,
        visit: &mut impl FnMut(YamlRef<'a>, YamlRef<'a>) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        if depth >= ALIAS_HOPS {
            return ControlFlow::Continue(());
        }
        for merge in merges {
            let sources: Vec<YamlRef<'a>> =
                if merge.is_sequence() { merge.items().collect() } else { vec![*merge] };
            for source in sources.into_iter().filter(YamlRef::is_mapping) {
                if !merged.insert(source.id) {
                    continue;
                }
                let mut nested = Vec::new();
                for (key, value) in source.own_entries() {
                    if key.as_str() == Some("<<") {
                        nested.push(value);
                    } else {
                        visit(key, value)?;
                    }
                }
                Self::visit_merged(&nested, merged, depth + 1, visit)?;
            }
        }
        ControlFlow::Continue(())
    }

    /// Whether the mapping has a `<<` merge key. Without one, [`YamlRef::entries`] adds
    /// nothing to the entries as written, and lookups need not build the merged view (most
    /// lookups are of optional keys that are absent).
    fn has_merge(&self) -> bool {
        self.own_entries().any(|(key, _)| key.as_str() == Some("<<") && key.style() == Some(Style::Plain))
    }

    /// The value for a key, merges applied.
    pub fn get(&self, key: &str) -> Option<YamlRef<'a>> {
        if !self.is_mapping() {
            return None;
        }
        let mut merges = Vec::new();
        for (found, value) in self.own_entries() {
            if found.as_str() == Some(key) {
                return Some(value);
            }
            if found.as_str() == Some("<<") && found.style() == Some(Style::Plain) {
                merges.push(value);
            }
        }
        if merges.is_empty() {
            return None;
        }
        // The merged mappings in the order `entries` reads them, stopping at the first match:
        // readers look up dozens of keys per mapping, and building every merged entry for each
        // lookup made a file of services that all merge one anchor slow.
        let found =
            Self::visit_merged(&merges, &mut std::collections::HashSet::new(), 0, &mut |found, value| {
                if found.as_str() == Some(key) {
                    ControlFlow::Break(value)
                } else {
                    ControlFlow::Continue(())
                }
            });
        match found {
            ControlFlow::Break(value) => Some(value),
            ControlFlow::Continue(()) => None,
        }
    }

    /// The key node for a key, merges applied (for pointing at `image:` rather than its value).
    pub fn key(&self, key: &str) -> Option<YamlRef<'a>> {
        if !self.has_merge() {
            // The merged view keeps the first of repeated keys: so does `find`.
            return self.own_entries().find(|(found, _)| found.as_str() == Some(key)).map(|(found, _)| found);
        }
        self.entries().into_iter().find(|(found, _)| found.as_str() == Some(key)).map(|(found, _)| found)
    }

    /// A path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<YamlRef<'a>> {
        let mut current = *self;
        for key in keys {
            current = current.get(key)?;
        }
        Some(current)
    }

    /// How the scalar's decoded text maps back to the file; `None` for non-scalars.
    pub fn scalar_map(&self, text: &str) -> Option<ScalarMap> {
        match &self.node().kind {
            NodeKind::Scalar { value, style } => Some(ScalarMap::new(text, self.span(), value, *style)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn yaml(text: &str) -> Yaml {
        parse(FileId(0), text)
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.range()]
    }

    #[test]
    fn spans_for_keys_and_values() {
        let text = "services:\n  cache:\n    image: \"redis:7\"\n    ports: [\"6379:6379\", 8080]\n";
        let tree = yaml(text);
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        let root = tree.document(0).unwrap();
        let cache = root.path(&["services", "cache"]).unwrap();
        assert_eq!(at(text, cache.get("image").unwrap().span()), "\"redis:7\"");
        assert_eq!(cache.get("image").unwrap().as_str(), Some("redis:7"));
        assert_eq!(at(text, cache.key("image").unwrap().span()), "image");
        let ports = cache.get("ports").unwrap();
        assert_eq!(at(text, ports.span()), "[\"6379:6379\", 8080]");
        let items: Vec<&str> = ports.items().map(|item| at(text, item.span())).collect();
        assert_eq!(items, ["\"6379:6379\"", "8080"]);
        assert_eq!(at(text, cache.span()), "image: \"redis:7\"\n    ports: [\"6379:6379\", 8080]");
    }

    #[test]
    fn anchors_merges_and_aliases() {
        let text = "x-base: &base\n  image: redis:7\n  restart: always\nservices:\n  a:\n    <<: *base\n    restart: never\n  b: *base\n";
        let tree = yaml(text);
        let services = tree.document(0).unwrap().get("services").unwrap();
        let a = services.get("a").unwrap();
        assert_eq!(a.get("image").unwrap().as_str(), Some("redis:7"));
        assert_eq!(a.get("restart").unwrap().as_str(), Some("never"), "explicit keys win over merged ones");
        let keys: Vec<&str> = a.entries().iter().map(|(key, _)| key.as_str().unwrap()).collect();
        assert_eq!(keys, ["restart", "image"]);
        let b = services.get("b").unwrap();
        assert_eq!(b.get("restart").unwrap().as_str(), Some("always"));
        assert_eq!(at(text, b.get("image").unwrap().span()), "redis:7");
    }

    #[test]
    fn multi_documents_and_duplicates() {
        let text = "a: 1\na: 2\n---\nkind: Service\n";
        let tree = yaml(text);
        assert_eq!(tree.documents.len(), 2);
        assert_eq!(tree.document(1).unwrap().get("kind").unwrap().as_str(), Some("Service"));
        assert!(
            matches!(&tree.problems[0], YamlProblem::DuplicateKey { key, second, .. } if key == "a" && second.start == 5)
        );
    }

    #[test]
    fn bad_input_ends_with_a_problem_not_a_panic() {
        for text in [
            "a: [1, 2\n",
            "a: b: c",
            "\u{0}\u{1}\u{2}",
            "- &a [*a]",
            "key: \"unterminated",
            "? [a, *b] : 1",
            "{ a: 1, a: 2 }",
            "\t- x",
        ] {
            let _ = yaml(text);
        }
        assert!(yaml("a: [1, 2\n").has_syntax_error());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let tree = yaml(&deep);
        assert!(!tree.problems.is_empty());
        let block: String = (0..1000).map(|depth| " ".repeat(depth) + "k:\n").collect();
        let tree = yaml(&block);
        assert!(
            tree.problems.iter().any(|problem| matches!(problem, YamlProblem::Limit { .. })),
            "{:?}",
            tree.problems
        );
    }

    #[test]
    fn alias_bombs_cost_nothing() {
        let mut text = String::from("a: &a [x]\n");
        for level in 1..10u8 {
            let previous = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            let refs = vec![format!("*{previous}"); 9].join(", ");
            writeln!(text, "{name}: &{name} [{refs}]").unwrap();
        }
        text.push_str("k: &k {? [*i, *i] : 0}\n");
        let started = std::time::Instant::now();
        let tree = yaml(&text);
        assert!(tree.nodes.len() < 200);
        let root = tree.document(0).unwrap();
        assert_eq!(root.get("j").unwrap().items().count(), 9);
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn merge_key_bombs_cost_nothing() {
        let mut text = String::from("a: &a {x: 1}\n");
        for level in 1..12u8 {
            let previous = (b'a' + level - 1) as char;
            let name = (b'a' + level) as char;
            let refs = vec![format!("*{previous}"); 9].join(", ");
            writeln!(text, "{name}: &{name} {{<<: [{refs}], k{level}: {level}}}").unwrap();
        }
        let tree = yaml(&text);
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        let last = tree.document(0).unwrap().get("l").unwrap();
        let keys: Vec<&str> = last.entries().iter().filter_map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys.len(), 12, "{keys:?}");
        assert_eq!(last.get("x").unwrap().as_i64(), Some(1));
    }

    #[test]
    fn flow_collections_indented_like_go_yaml_reads_them() {
        // The closing bracket sits on the key's column: invalid YAML, accepted by go-yaml.
        let text = "svc:\n  health:\n    test: [\n        \"CMD-SHELL\",\n        # why\n        \"é ok\"\n    ]\n    next: 1\n";
        let tree = yaml(text);
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        let health = tree.document(0).unwrap().path(&["svc", "health"]).unwrap();
        let items: Vec<&str> =
            health.get("test").unwrap().items().map(|item| at(text, item.span())).collect();
        assert_eq!(items, ["\"CMD-SHELL\"", "\"é ok\""]);
        assert_eq!(at(text, health.get("next").unwrap().span()), "1");
        assert!(at(text, health.get("test").unwrap().span()).ends_with("\n    ]"));
        // Other indentation errors are still errors.
        assert!(yaml("a:\n  b: 1\n c: 2\n").has_syntax_error());
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "name: \"é😀\"\nnext: x\n";
        let tree = yaml(text);
        let root = tree.document(0).unwrap();
        assert_eq!(at(text, root.get("name").unwrap().span()), "\"é😀\"");
        assert_eq!(at(text, root.get("next").unwrap().span()), "x");
    }
}
