//! Reports: CSV and JSON for one learner, and a class CSV merged from several
//! learners' JSON reports.

use super::{Progress, schedule::Schedule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A date as `YYYY-MM-DD` (UTC).
pub fn date(unix: u64) -> String {
    let (year, month, day) = crate::calendar::civil(unix);
    format!("{year:04}-{month:02}-{day:02}")
}

/// One row of a learner's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// Bank id.
    pub bank: String,
    /// Question id.
    pub question: String,
    /// Category.
    pub category: String,
    /// Objectives, separated by `; `.
    pub objectives: String,
    /// Answers given.
    pub attempts: usize,
    /// Right answers.
    pub correct: usize,
    /// Date of the last answer.
    pub last_answered: String,
    /// Date of the next review.
    pub next_due: String,
}

/// Answered and right, per category. A report saying more were right than answered
/// is refused when read (serde reports it with its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "RawSummary")]
pub struct Summary {
    /// Answers given.
    pub answered: usize,
    /// Right answers.
    pub correct: usize,
}

#[derive(Deserialize)]
struct RawSummary {
    answered: usize,
    correct: usize,
}

impl TryFrom<RawSummary> for Summary {
    type Error = String;
    fn try_from(raw: RawSummary) -> Result<Self, String> {
        if raw.correct > raw.answered {
            return Err(format!(
                "impossible figures: {} correct of {} answered",
                raw.correct, raw.answered
            ));
        }
        Ok(Summary {
            answered: raw.answered,
            correct: raw.correct,
        })
    }
}

/// A learner's JSON report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The learner.
    pub learner: String,
    /// One row per answered question.
    pub rows: Vec<Row>,
    /// Per category.
    pub categories: BTreeMap<String, Summary>,
    /// Per exam objective, over the banks reported on ([`super::readiness`]);
    /// empty in reports written before it was added.
    #[serde(default)]
    pub readiness: Vec<super::Readiness>,
}

fn rows(progress: &Progress) -> Vec<Row> {
    progress
        .entries
        .values()
        .filter(|e| !e.events.is_empty())
        .map(|e| Row {
            bank: e.bank.clone(),
            question: e.question.clone(),
            category: e.category.clone(),
            objectives: e.objectives.join("; "),
            attempts: e.attempts(),
            correct: e.correct(),
            last_answered: e.last().map(date).unwrap_or_default(),
            next_due: Schedule::of(e).map(|s| date(s.due)).unwrap_or_default(),
        })
        .collect()
}

/// One CSV cell (RFC 4180 quoting). A text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return would be run as a formula by spreadsheets (OWASP "CSV injection"):
/// it gets a leading `'` and quotes, so it shows as the text it is.
fn field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", text.replace('"', "\"\""))
    } else if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Learner names that appear in more than one report (everyone exported as `default`,
/// say): their rows cannot be told apart in the class CSV.
pub fn colliding_learners(reports: &[Report]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for r in reports {
        *seen.entry(r.learner.as_str()).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The CSV report: a header and one row per answered question.
pub fn csv(progress: &Progress) -> String {
    let mut out =
        String::from("bank,question,category,objectives,attempts,correct,last_answered,next_due\n");
    for r in rows(progress) {
        let cells = [
            r.bank,
            r.question,
            r.category,
            r.objectives,
            r.attempts.to_string(),
            r.correct.to_string(),
            r.last_answered,
            r.next_due,
        ];
        out.push_str(&cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The JSON report: the rows and the per-category summary.
pub fn json(progress: &Progress, learner: &str) -> Report {
    let rows = rows(progress);
    let mut categories: BTreeMap<String, Summary> = BTreeMap::new();
    for r in &rows {
        let s = categories.entry(r.category.clone()).or_default();
        s.answered += r.attempts;
        s.correct += r.correct;
    }
    Report {
        learner: learner.to_string(),
        rows,
        categories,
        readiness: Vec::new(),
    }
}

/// The text report: right / answered per category, then readiness per objective.
pub fn text(report: &Report) -> String {
    let mut out = format!(
        "Learner {}: {} answered\n\nBy category: right / answered\n",
        report.learner,
        match report.rows.len() {
            1 => "1 question".to_string(),
            n => format!("{n} questions"),
        }
    );
    if report.categories.is_empty() {
        out.push_str("  nothing answered yet\n");
    }
    for (category, s) in &report.categories {
        let percent = crate::ground::percent(s.correct as u64, s.answered as u64);
        out.push_str(&format!(
            "  {category:<16} {:>4}/{:<4} ({percent}%)\n",
            s.correct, s.answered
        ));
    }
    out.push_str(&format!("\n{}\n", super::HEADING));
    if report.readiness.is_empty() {
        out.push_str("  no questions in these banks name an exam objective\n");
    }
    for r in &report.readiness {
        out.push_str(&format!("  {}\n", r.row()));
    }
    out.push_str(&format!(
        "\nReady: {}% or more right and at most {}% of the questions unseen; nearly: {}% or more.\n",
        super::READY_PERCENT,
        super::READY_UNSEEN_PERCENT,
        super::NEARLY_PERCENT
    ));
    out
}

/// A class CSV from several learners' JSON reports: one row per learner and category.
pub fn merge_reports(reports: &[Report]) -> String {
    let mut out = String::from("learner,category,answered,correct,percent\n");
    for r in reports {
        for (category, s) in &r.categories {
            let percent = crate::ground::percent(s.correct as u64, s.answered as u64);
            out.push_str(&format!(
                "{},{},{},{},{percent}\n",
                field(&r.learner),
                field(category),
                s.answered,
                s.correct
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_written_before_readiness_still_reads_for_the_class_csv() {
        let old =
            r#"{"learner":"ana","rows":[],"categories":{"tools":{"answered":2,"correct":1}}}"#;
        let report: Report = serde_json::from_str(old).expect("an old report");
        assert!(report.readiness.is_empty());
        assert_eq!(
            merge_reports(&[report]),
            "learner,category,answered,correct,percent\nana,tools,2,1,50\n"
        );
    }

    #[test]
    fn the_text_report_lists_categories_then_readiness_with_its_thresholds() {
        let mut report = json(&Progress::new(), "ana");
        let r = super::super::Readiness {
            objective: "N10-009 3.4".into(),
            name: "network services (DNS)".into(),
            questions: 3,
            answered: 1,
            unseen: 2,
            recent: 1,
            recent_right: 1,
            readiness: super::super::Level::Nearly,
        };
        report.readiness.push(r.clone());
        let shown = text(&report);
        assert!(
            shown.starts_with("Learner ana: 0 questions answered\n"),
            "{shown}"
        );
        assert!(shown.contains("  nothing answered yet\n"), "{shown}");
        assert!(
            shown.contains(&format!("{}\n  {}\n", super::super::HEADING, r.row())),
            "{shown}"
        );
        assert!(
            shown.contains("Ready: 80% or more right and at most 20% of the questions unseen"),
            "{shown}"
        );
    }
}
