//! The dashboard as the ui lays it out: rows in titled sections, the action
//! buttons, the log and audit lines. A section looks as bad as its worst row.

use super::text::{Severity, Text};
use crate::desk::ActionKind;

/// One line of the dashboard: a label, a value, and how it looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: Text,
    pub value: Text,
    pub severity: Severity,
}

impl Row {
    pub(super) fn new(label: &'static str, value: Text, severity: Severity) -> Self {
        Self {
            label: Text::new(label),
            value,
            severity,
        }
    }
}

/// A titled group of rows (one device, the backend, the printer...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: Text,
    pub severity: Severity,
    pub rows: Vec<Row>,
}

/// A button of the dashboard: enabled, or greyed with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionButton {
    pub kind: ActionKind,
    pub label: Text,
    pub disabled_because: Option<Text>,
}

/// The whole dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// "TOT-0001 · Hospital Regional · v0.1.0"
    pub heading: String,
    pub overall: Severity,
    /// Short sentences for the top of the screen: what to fix first.
    pub problems: Vec<Text>,
    pub sections: Vec<Section>,
    pub actions: Vec<ActionButton>,
    /// The last log lines, humanized ("10:02:03 WARN printer stopped ...").
    pub log_tail: Vec<String>,
    /// "10:01 action_taken led_test", newest last.
    pub audit_lines: Vec<String>,
}

impl Dashboard {
    /// Every text of the dashboard (for the translation tests).
    pub fn texts(&self) -> Vec<&Text> {
        let mut all: Vec<&Text> = self.problems.iter().collect();
        for s in &self.sections {
            all.push(&s.title);
            for r in &s.rows {
                all.push(&r.label);
                all.push(&r.value);
            }
        }
        for a in &self.actions {
            all.push(&a.label);
            all.extend(a.disabled_because.as_ref());
        }
        all
    }
}

pub(super) fn section(title: &'static str, rows: Vec<Row>) -> Section {
    section_titled(Text::new(title), rows)
}

pub(super) fn section_titled(title: Text, rows: Vec<Row>) -> Section {
    let severity = rows
        .iter()
        .map(|r| r.severity)
        .max()
        .unwrap_or(Severity::Ok);
    Section {
        title,
        severity,
        rows,
    }
}
