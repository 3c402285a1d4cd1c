//! The text of the rules the trace cites (`R1.7`…), read from `docs/mx-rules.md`,
//! which the binary carries, so the inspector can show a rule next to its step.

/// The rules document, as the repository has it.
const RULES: &str = include_str!("../../docs/mx-rules.md");

/// The text of rule `id` (such as `R1.7`) on one line, without its id; `None` for
/// an id the document does not have.
pub fn rule_text(id: &str) -> Option<String> {
    let head = format!("- **{id}**");
    let mut lines = RULES.lines().skip_while(|l| !l.starts_with(&head));
    let first = lines.next()?.strip_prefix(&head)?.trim().to_string();
    // The rule goes on over the indented lines that follow it.
    let rest = lines.take_while(|l| l.starts_with("  ") && !l.trim().is_empty());
    let mut text = first;
    for line in rest {
        text.push(' ');
        text.push_str(line.trim());
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::rule_text;

    #[test]
    fn a_rule_reads_as_the_document_writes_it() {
        // R1.7: lower preference first, equal preferences in random order.
        let text = rule_text("R1.7").expect("R1.7");
        assert!(text.starts_with("Records are tried in ascending preference"));
        assert!(text.contains("load sharing, not failover"), "{text}");
        assert_eq!(rule_text("R9.99"), None);
    }

    #[test]
    fn every_rule_the_delivery_cites_has_a_text() {
        for id in ["R1.1", "R1.5", "R1.6", "R1.8", "R1.10", "R1.11", "R2.2"] {
            assert!(rule_text(id).is_some(), "{id}");
        }
    }
}
