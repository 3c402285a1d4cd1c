//! YAML with positions. Every node keeps its line and column, so that any problem —
//! a syntax error, an unknown field, a wrong type, a broken reference — is reported
//! at its place in the file, and each question of a bank can be checked on its own
//! (all problems of a file in one run).
//!
//! Parsing uses yaml-rust2's event parser (serde_yaml reports only the first error
//! and no position for semantic problems). Aliases are refused: content never needs
//! them, and refusing them rules out alias bombs.

use super::diagnostic::Pos;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted; deeper documents are refused (no stack exhaustion).
const MAX_DEPTH: usize = 64;

/// A YAML node with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node holds.
    pub value: Value,
    /// Where the node starts.
    pub pos: Pos,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar; `plain` is false for quoted and block scalars (never null, bool or number).
    Scalar {
        /// The text.
        text: String,
        /// Whether the scalar was written without quotes or block indicator.
        plain: bool,
        /// For a `|` block scalar: the file line of its text's first line.
        block_line: Option<u32>,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The entries of a mapping node (empty for other nodes).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The value of `key` in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The text of a scalar node.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true, .. }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    fn kind(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } if self.is_null() => "nothing",
            Value::Scalar { .. } => "a single value",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A problem with a position (the position may be filled in by an outer node).
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// What is wrong.
    pub message: String,
    /// Where, when known.
    pub pos: Option<Pos>,
}

impl Error {
    fn at(pos: Pos, message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            pos: Some(pos),
        }
    }

    fn or_at(mut self, pos: Pos) -> Self {
        self.pos.get_or_insert(pos);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            pos: None,
        }
    }
}

fn pos_of(mark: &Marker) -> Pos {
    // yaml-rust2 markers: 1-based line, 0-based column.
    Pos::new(mark.line() as u32, mark.col() as u32 + 1)
}

/// A mapping's scalar keys: text, plain, block line (the fields `Value` compares).
type ScalarKeys = std::collections::HashSet<(String, bool, Option<u32>)>;

/// Builds the node tree from parser events.
struct Builder {
    /// Open collections: the node, a mapping's key awaiting its value, and the
    /// mapping's scalar keys so far.
    stack: Vec<(Node, Option<Node>, ScalarKeys)>,
    root: Option<Node>,
    documents: usize,
    error: Option<Error>,
}

impl Builder {
    fn push_value(&mut self, node: Node) {
        let Some((parent, pending_key, keys)) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        match &mut parent.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    // Scalar keys (all that content uses) are looked up in a set: a
                    // scan per key would make a mapping of 100,000 keys quadratic.
                    let duplicate = match &key.value {
                        Value::Scalar {
                            text,
                            plain,
                            block_line,
                        } => !keys.insert((text.clone(), *plain, *block_line)),
                        _ => entries.iter().any(|(k, _)| k.value == key.value),
                    };
                    if duplicate && self.error.is_none() {
                        let name = key.as_str().unwrap_or("?").to_string();
                        self.error = Some(Error::at(key.pos, format!("duplicate key `{name}`")));
                    }
                    entries.push((key, node));
                }
            },
            Value::Scalar { .. } => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let pos = pos_of(&mark);
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    self.error = Some(Error::at(pos, "only one YAML document per file"));
                }
            }
            Event::Alias(_) => {
                self.error = Some(Error::at(
                    pos,
                    "YAML aliases (*name) are not supported in content files",
                ));
            }
            Event::Scalar(text, style, _, _) => {
                // The marker of a block scalar is its first non-blank content line;
                // blank lines before it are part of the text.
                // Only literal blocks keep their lines (a folded `>` block joins them).
                let block = style == TScalarStyle::Literal;
                let blank_lines = text.chars().take_while(|&c| c == '\n').count() as u32;
                let node = Node {
                    value: Value::Scalar {
                        text,
                        plain: style == TScalarStyle::Plain,
                        block_line: block.then_some(pos.line.saturating_sub(blank_lines)),
                    },
                    pos,
                };
                self.push_value(node);
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.error = Some(Error::at(pos, "nesting is too deep"));
                    return;
                }
                let value = match event {
                    Event::SequenceStart(..) => Value::Seq(Vec::new()),
                    _ => Value::Map(Vec::new()),
                };
                self.stack
                    .push((Node { value, pos }, None, ScalarKeys::default()));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, _, _)) = self.stack.pop() {
                    self.push_value(node);
                }
            }
            _ => {}
        }
    }
}

/// A YAML parser message in words an author can act on, with the fix; the
/// parser's own words follow in brackets (they are what a web search finds).
pub fn in_plain_words(info: &str) -> String {
    let plain = match info {
        "mapping values are not allowed in this context" => {
            "a colon followed by a space ends the value: put the text in quotes, or write it as a block after `>-` on the line below"
        }
        "while parsing a block mapping, did not find expected key"
        | "did not find expected key" => {
            "this line does not fit the structure around it: check its indentation, and quote text that starts with a quote but goes on after it"
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            "a list item is indented differently from the others: line up every `- ` of the list"
        }
        "tab cannot be used as indentation"
        | "tabs disallowed within this context (block indentation)"
        | "tabs disallowed in this context"
        | "while scanning a plain scalar, found a tab"
        | "a block scalar content cannot start with a tab" => {
            "a tab is used for indentation: YAML indents with spaces only (set your editor to insert spaces)"
        }
        "while scanning a quoted scalar, found unexpected end of stream"
        | "invalid indentation in quoted scalar" => {
            "a quote is opened and never closed: add the closing quote"
        }
        "simple key expect ':'" => "a key is not followed by a colon: write `key: value`",
        "comments must be separated from other tokens by whitespace" => {
            "`#` starts a comment only after a space: put a space before it, or quote the text"
        }
        "invalid indentation" | "wrongly indented line in block scalar" => {
            "a line is indented less than the block it belongs to: indent it like its neighbours"
        }
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            "a `{ ... }` mapping is not closed, or a comma inside it splits a value: close it with `}` and quote values that contain commas"
        }
        "while parsing a flow sequence, expected ',' or ']'" => {
            "a `[ ... ]` list is not closed: close it with `]` and quote items that contain commas or colons"
        }
        "found character that cannot start any token" | "unexpected character" => {
            "a character such as ` @ % or a tab cannot start a value: quote the text"
        }
        _ => return info.to_string(),
    };
    format!("{plain} [{info}]")
}

/// yaml-rust2's words for an alias (`*name`) whose anchor (`&name`) is not defined
/// before it.
const UNKNOWN_ANCHOR: &str = "while parsing node, found unknown anchor";

/// An alias used before its anchor, or with none, in plain words: the alias by
/// name, where its anchor is if it comes later, and that content takes no aliases.
fn unknown_anchor(text: &str, at: &Marker) -> String {
    let line = text.lines().nth(at.line().saturating_sub(1)).unwrap_or("");
    let name: String = line
        .chars()
        .skip(at.col() + 1)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
        .collect();
    let anchor = format!("&{name}");
    let later = text
        .lines()
        .enumerate()
        .skip(at.line())
        .find(|(_, l)| {
            l.match_indices(&anchor).any(|(i, _)| {
                !l[i + anchor.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            })
        })
        .map(|(i, _)| i + 1);
    let problem = match later {
        Some(line) => format!(
            "the alias `*{name}` is used before its anchor `&{name}` (line {line}): the anchor `&{name}` must come before `*{name}` in the file"
        ),
        None => format!(
            "the alias `*{name}` has no anchor: the anchor `&{name}` must come before `*{name}` in the file"
        ),
    };
    format!(
        "{problem}; content files take no aliases at all, so write the value out in full [found unknown anchor]"
    )
}

/// Parses one YAML document into a node tree. An empty document is an empty mapping.
pub fn parse(text: &str) -> Result<Node, Error> {
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
        documents: 0,
        error: None,
    };
    // Events are pulled one by one (yaml-rust2's `load` recurses per nesting level
    // and can overflow the stack before the depth limit is seen).
    let mut parser = Parser::new_from_str(text);
    while builder.error.is_none() {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => builder.on_event(event, mark),
            Err(e) if e.info() == UNKNOWN_ANCHOR => {
                return Err(Error::at(
                    pos_of(e.marker()),
                    unknown_anchor(text, e.marker()),
                ));
            }
            Err(e) => return Err(Error::at(pos_of(e.marker()), in_plain_words(e.info()))),
        }
    }
    if let Some(error) = builder.error {
        return Err(error);
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Map(Vec::new()),
        pos: Pos::new(1, 1),
    }))
}

/// Deserializes a typed value from a node; errors carry the position of the
/// innermost node involved.
pub fn from_node<'a, T: de::Deserialize<'a>>(node: &'a Node) -> Result<T, Error> {
    T::deserialize(node).map_err(|e| e.or_at(node.pos))
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match &self.value {
            Value::Scalar { text, plain, .. } => {
                if self.is_null() {
                    visitor.visit_unit()
                } else if !plain {
                    visitor.visit_str(text)
                } else if text == "true" || text == "false" {
                    visitor.visit_bool(text == "true")
                } else if let Ok(n) = text.parse::<u64>() {
                    visitor.visit_u64(n)
                } else if let Ok(n) = text.parse::<i64>() {
                    visitor.visit_i64(n)
                } else {
                    visitor.visit_str(text)
                }
            }
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => visitor.visit_map(Entries {
                iter: entries.iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.or_at(self.pos))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.as_str() {
            Some("true") => visitor.visit_bool(true),
            Some("false") => visitor.visit_bool(false),
            Some(text) if !self.is_null() => match yaml11_bool(text) {
                Some(meant) => Err(Error::at(
                    self.pos,
                    format!(
                        "`{text}` is not a boolean here (mxdrill reads YAML 1.2, where only `true` and `false` are): write `{meant}`"
                    ),
                )),
                None => Err(self.expected("true or false")),
            },
            _ => Err(self.expected("true or false")),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.as_str().map(str::parse::<u64>) {
            Some(Ok(n)) => visitor.visit_u64(n).map_err(|e: Error| e.or_at(self.pos)),
            _ => Err(self.expected("a whole number")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.as_str() {
            Some(text) if !self.is_null() => visitor.visit_str(text),
            _ => Err(self.expected("text")),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Seq(items) => visitor
                .visit_seq(Items(items.iter()))
                .map_err(|e| e.or_at(self.pos)),
            _ => Err(self.expected("a list")),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Map(entries) => visitor
                .visit_map(Entries {
                    iter: entries.iter(),
                    value: None,
                })
                .map_err(|e| e.or_at(self.pos)),
            _ => Err(self.expected("a mapping of `key: value` lines")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.as_str() {
            Some(text) if !self.is_null() => visitor
                .visit_enum(text.into_deserializer())
                .map_err(|e: Error| e.or_at(self.pos)),
            _ => Err(self.expected("one of the names listed in docs/authoring.md")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct
    }
}

/// The boolean an author meant by a word older YAML (1.1) read as one: `yes`, `no`,
/// `on`, `off`, `y`, `n`, or `True` in other cases.
fn yaml11_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" | "true" => Some(true),
        "no" | "n" | "off" | "false" => Some(false),
        _ => None,
    }
}

impl Node {
    fn expected(&self, what: &str) -> Error {
        Error::at(self.pos, format!("expected {what}, found {}", self.kind()))
    }
}

struct Items<'a>(std::slice::Iter<'a, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(node) => seed
                .deserialize(node)
                .map(Some)
                .map_err(|e| e.or_at(node.pos)),
            None => Ok(None),
        }
    }
}

struct Entries<'a> {
    iter: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key)
                    .map(Some)
                    .map_err(|e| e.or_at(key.pos))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("value without a key"))?;
        seed.deserialize(node).map_err(|e| e.or_at(node.pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // only the errors are of interest
    struct Choice {
        text: String,
        #[serde(default)]
        correct: bool,
    }

    #[test]
    fn positions_are_one_based() {
        let node = parse("a: 1\nb:\n  - x\n").unwrap();
        assert_eq!(node.get("b").unwrap().entries().len(), 0);
        let Value::Seq(items) = &node.get("b").unwrap().value else {
            panic!("not a list")
        };
        assert_eq!(items[0].pos, Pos::new(3, 5));
    }

    #[test]
    fn unknown_field_is_reported_at_its_key() {
        let node = parse("- text: A\n- text: B\n  corect: true\n").unwrap();
        let err = from_node::<Vec<Choice>>(&node).unwrap_err();
        assert_eq!(err.pos, Some(Pos::new(3, 3)));
        assert!(
            err.message.contains("unknown field `corect`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn flow_mapping_split_by_a_comma_is_not_ignored() {
        // `why: Maps a name, not mail` inside a flow mapping makes `not mail` a key.
        let node = parse("- { text: A, correct: true, not mail }\n").unwrap();
        let err = from_node::<Vec<Choice>>(&node).unwrap_err();
        assert!(
            err.message.contains("unknown field `not mail`"),
            "{}",
            err.message
        );
        assert_eq!(err.pos.map(|p| p.line), Some(1));
    }

    #[test]
    fn syntax_error_has_a_line() {
        let err = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.pos.is_some());
    }

    #[test]
    fn aliases_and_duplicate_keys_are_refused() {
        assert!(
            parse("a: &x 1\nb: *x\n")
                .unwrap_err()
                .message
                .contains("aliases")
        );
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.pos, Some(Pos::new(2, 1)));
    }

    #[test]
    fn yaml_1_1_booleans_say_what_to_write() {
        // `yes`, `on`, `y` were booleans in YAML 1.1; mxdrill reads YAML 1.2, where
        // they are text: the message names the word and the boolean to write.
        for (word, meant) in [
            ("yes", "true"),
            ("On", "true"),
            ("y", "true"),
            ("True", "true"),
            ("no", "false"),
            ("off", "false"),
            ("N", "false"),
        ] {
            let node = parse(&format!("- text: A\n  correct: {word}\n")).unwrap();
            let err = from_node::<Vec<Choice>>(&node).unwrap_err();
            assert_eq!(err.pos, Some(Pos::new(2, 12)), "{word}");
            assert!(
                err.message
                    .contains(&format!("`{word}` is not a boolean here"))
                    && err.message.contains(&format!("write `{meant}`")),
                "{}",
                err.message
            );
        }
        let node = parse("- text: A\n  correct: maybe\n").unwrap();
        let err = from_node::<Vec<Choice>>(&node).unwrap_err();
        assert!(
            err.message.contains("expected true or false"),
            "{}",
            err.message
        );
    }

    #[test]
    fn an_alias_before_its_anchor_is_named_with_where_its_anchor_is() {
        let err = parse("a: *base\nb: &base 1\n").unwrap_err();
        assert_eq!(err.pos, Some(Pos::new(1, 4)));
        assert!(
            err.message.contains(
                "the alias `*base` is used before its anchor `&base` (line 2): the anchor `&base` must come before `*base`"
            ),
            "{}",
            err.message
        );
        let err = parse("a: [x, *none]\n").unwrap_err();
        assert!(
            err.message.contains("the alias `*none` has no anchor"),
            "{}",
            err.message
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let deep: String = (1..5000)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        let err = parse(&format!("a:\n{deep}")).unwrap_err();
        assert!(
            err.message.contains("nesting is too deep"),
            "{}",
            err.message
        );
    }

    #[test]
    fn block_scalar_knows_its_first_line() {
        for (text, line) in [
            ("zone: x\nrecords: |\n  @ IN A 192.0.2.1\n", 3),
            ("a: 1\nrecords: |\n\n\n  x\n", 3),
        ] {
            let node = parse(text).unwrap();
            match &node.get("records").unwrap().value {
                Value::Scalar { block_line, .. } => assert_eq!(*block_line, Some(line), "{text}"),
                other => panic!("{other:?}"),
            }
        }
    }
}
