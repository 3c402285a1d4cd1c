//! Diagnostics: `path:line:col: level: message`, the one format shared by `check`,
//! `--json` and the terminal app.

use serde::Serialize;
use std::fmt;

pub use crate::ground::{Level, Pos};

/// One problem (or fact) found in a content file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as the user named it (or `zones/x.yaml` for bundled content).
    pub path: String,
    /// Line (always) and column (when known).
    #[serde(flatten)]
    pub pos: Pos,
    /// error, warning or note.
    pub level: Level,
    /// The message, in words close to BIND's where BIND has words for it.
    pub message: String,
    /// The linter check or defect id behind this diagnostic, if any (`mx-cname`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no code.
    pub fn new(path: &str, pos: Pos, level: Level, message: impl Into<String>) -> Self {
        Diagnostic {
            path: printable(path).into_owned(),
            pos,
            level,
            message: printable(&message.into()).into_owned(),
            code: None,
        }
    }

    /// An error at `pos`.
    pub fn error(path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(path, pos, Level::Error, message)
    }

    /// A warning at `pos`.
    pub fn warning(path: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(path, pos, Level::Warning, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:", self.path, self.pos.line)?;
        if let Some(col) = self.pos.col {
            write!(f, "{col}:")?;
        }
        write!(f, " {}: {}", self.level, self.message)
    }
}

/// `text` with every character that does not print escaped as `\u{..}`: control
/// characters (an ESC from a content file would drive the terminal: `ESC[2J` clears
/// it) and the invisible ones that reorder or hide text (bidi overrides, zero-width).
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    };
    if !text.contains(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\t' => "\\t".to_string(),
            c if hidden(c) => format!("\\u{{{:x}}}", u32::from(c)),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

/// Whether any diagnostic in the list is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.level == Level::Error)
}
