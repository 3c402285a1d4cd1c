//! Exports for learning platforms (issue 16): Moodle XML parses with an XML parser
//! and has Moodle's question structure; every bundled question is exported; GIFT
//! and the Markdown handout hold the same questions.

#[path = "common/binary.rs"]
mod binary;
use binary::mxdrill;
use mxdrill::content::{self, Library};
use mxdrill::export::{self, Format};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeSet;

fn library() -> Library {
    content::load(&content::bundled_sources())
}

fn questions(library: &Library) -> usize {
    library.banks.iter().map(|b| b.questions.len()).sum()
}

/// A parsed element: its name, attributes, text, and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all(&self, name: &str) -> impl Iterator<Item = &Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
    /// The text of `<name><text>…</text></name>`.
    fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)?.child("text").map(|t| t.text.as_str())
    }
}

/// Parses XML strictly (mismatched end tags and bad escapes are errors).
fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .expect("attribute value")
                                .to_string(),
                        )
                    })
                    .collect();
                stack.push(Element {
                    name: e.name().as_ref().to_string(),
                    attributes,
                    ..Element::default()
                });
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                let parent = stack.last_mut().expect("parent");
                parent.children.push(Element {
                    name,
                    ..Element::default()
                });
            }
            Event::Text(t) => {
                let text = t.into_inner().to_string();
                stack.last_mut().expect("open element").text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.into_inner().to_string();
                let c = match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity &{other};"),
                };
                stack.last_mut().expect("open element").text.push_str(c);
            }
            Event::End(_) => {
                let done = stack.pop().expect("element");
                stack.last_mut().expect("parent").children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().expect("document")
}

#[test]
fn moodle_xml_of_every_bundled_bank_parses_and_holds_every_question() {
    let library = library();
    let banks = export::banks(&library, &[]).expect("banks");
    let output = export::export(&banks, Format::MoodleXml);
    let document = parse(&output.text);
    let quiz = document.child("quiz").expect("<quiz> root");
    assert_eq!(document.children.len(), 1, "one root element");
    let categories = quiz
        .all("question")
        .filter(|q| q.attribute("type") == Some("category"))
        .count();
    assert_eq!(categories, library.banks.len());
    let exported: Vec<&Element> = quiz
        .all("question")
        .filter(|q| q.attribute("type") != Some("category"))
        .collect();
    assert_eq!(exported.len(), questions(&library), "{:?}", output.notes);
    let mut ids = BTreeSet::new();
    for q in exported {
        let name = q.text_of("name").expect("<name><text>");
        assert!(ids.insert(q.text_of("idnumber").unwrap_or(name).to_string()));
        assert!(
            !q.text_of("questiontext").unwrap_or("").is_empty(),
            "{name}"
        );
        assert_eq!(
            q.child("questiontext").and_then(|t| t.attribute("format")),
            Some("html")
        );
        match q.attribute("type") {
            Some("multichoice") => check_multichoice(name, q),
            Some("matching") => check_matching(name, q),
            Some("shortanswer") => assert!(q.all("answer").count() >= 1, "{name}"),
            other => panic!("{name}: unexpected question type {other:?}"),
        }
    }
}

/// The right answers' fractions add up to 100 (Moodle refuses less for a single
/// answer question), and every answer has feedback.
fn check_multichoice(name: &str, q: &Element) {
    let answers: Vec<&Element> = q.all("answer").collect();
    assert!(answers.len() >= 2, "{name}");
    let fractions: Vec<f64> = answers
        .iter()
        .map(|a| {
            a.attribute("fraction")
                .expect("fraction")
                .parse()
                .expect("number")
        })
        .collect();
    let right: f64 = fractions.iter().filter(|f| **f > 0.0).sum();
    assert!(
        (right - 100.0).abs() < 0.01,
        "{name}: right answers give {right}"
    );
    let single = q.child("single").map(|s| s.text.as_str());
    assert!(matches!(single, Some("true" | "false")), "{name}");
    if single == Some("true") {
        assert_eq!(
            fractions.iter().filter(|f| **f == 100.0).count(),
            1,
            "{name}"
        );
    }
    for a in answers {
        assert!(
            a.child("feedback").is_some(),
            "{name}: an answer without feedback"
        );
    }
}

/// At least two subquestions with text and three distinct answers (Moodle's rule).
fn check_matching(name: &str, q: &Element) {
    let subs: Vec<&Element> = q.all("subquestion").collect();
    let with_text = subs
        .iter()
        .filter(|s| s.child("text").is_some_and(|t| !t.text.is_empty()))
        .count();
    assert!(with_text >= 2, "{name}");
    let answers: BTreeSet<&str> = subs.iter().filter_map(|s| s.text_of("answer")).collect();
    assert!(answers.len() >= 3, "{name}: {answers:?}");
}

#[test]
fn equal_preferences_share_a_place_in_the_matching_question_r1_7() {
    let library = library();
    let banks = export::banks(&library, &["mx-delivery".into()]).expect("bank");
    let document = parse(&export::export(&banks, Format::MoodleXml).text);
    let q = document
        .child("quiz")
        .expect("quiz")
        .all("question")
        .find(|q| q.text_of("name") == Some("d-order-larkspur-ties-and-spare"))
        .expect("the question");
    let pairs: Vec<(String, String)> = q
        .all("subquestion")
        .map(|s| {
            (
                s.child("text").map(|t| t.text.clone()).unwrap_or_default(),
                s.text_of("answer").unwrap_or("").to_string(),
            )
        })
        .filter(|(host, _)| !host.is_empty())
        .collect();
    let place = |host: &str| {
        pairs
            .iter()
            .find(|(h, _)| h.starts_with(host))
            .map(|(_, a)| a.as_str())
            .unwrap_or("")
    };
    assert_eq!(place("mx-a."), "tried 1st");
    assert_eq!(place("mx-b."), "tried 1st");
    assert_eq!(place("mx-c."), "tried 2nd");
    assert_eq!(place("spare."), "tried 3rd");
}

#[test]
fn special_characters_are_escaped_in_xml_and_gift() {
    let xml = "<a>T&amp;C</a>";
    assert_eq!(parse(xml).child("a").expect("a").text, "T&C");
    assert_eq!(mxdrill::export::gift(&[]).text, "", "no banks, no text");
    let library = library();
    let banks = export::banks(&library, &[]).expect("banks");
    let gift = export::export(&banks, Format::Gift).text;
    // SPF texts hold `=` and `:`, which GIFT reserves.
    assert!(gift.contains("v\\=spf1"), "unescaped GIFT");
}

#[test]
fn gift_and_markdown_hold_every_question_or_say_why_not() {
    let library = library();
    let banks = export::banks(&library, &[]).expect("banks");
    let gift = export::export(&banks, Format::Gift);
    let titled = gift.text.lines().filter(|l| l.starts_with("::")).count();
    assert_eq!(
        titled + gift.notes.len(),
        questions(&library),
        "{:?}",
        gift.notes
    );
    for note in &gift.notes {
        assert!(
            note.contains("GIFT matching needs at least three hosts"),
            "{note}"
        );
    }
    let markdown = export::export(&banks, Format::Markdown);
    assert!(markdown.notes.is_empty(), "{:?}", markdown.notes);
    let headings = markdown
        .text
        .lines()
        .filter(|l| l.starts_with("### "))
        .count();
    assert_eq!(headings, questions(&library));
    let keys = markdown.text.matches("## Answer key: ").count();
    assert_eq!(keys, library.banks.len());
}

#[test]
fn the_command_exports_one_bank_and_refuses_an_unknown_one() {
    let out = mxdrill()
        .args(["export", "--format", "markdown", "--bank", "starter"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.starts_with("# Starter questions on MX records\n"),
        "{text}"
    );
    assert!(text.contains("## Answer key: Starter questions on MX records"));
    mxdrill()
        .args(["export", "--format", "gift", "--bank", "nosuch"])
        .assert()
        .code(2);
}
