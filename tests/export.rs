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
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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
    // Both tied hosts take the one place "1st–2nd (any order)", so Moodle grades
    // either order right; the host after them is tried 3rd (issue 25).
    assert_eq!(place("mx-a."), "tried 1st–2nd (any order)");
    assert_eq!(place("mx-b."), "tried 1st–2nd (any order)");
    assert_eq!(place("mx-c."), "tried 3rd");
    assert_eq!(place("spare."), "tried 4th");
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

// ---------------------------------------------------------------- issue 25

/// The bundled content and the hostile bank of tests/fixtures/hostile: it loads and
/// checks clean, with text every format gives a meaning to.
fn hostile_library() -> Library {
    let mut sources = content::bundled_sources();
    sources.extend(content::read_sources(Path::new("tests/fixtures/hostile")).expect("fixture"));
    let library = content::load(&sources);
    assert!(
        !content::has_errors(&library.diagnostics),
        "{:?}",
        library.diagnostics
    );
    assert!(library.banks.iter().any(|b| b.bank == "hostile-text"));
    library
}

/// What no loading path is trusted to keep out (`check` refuses these, but an
/// export must be safe on its own): control characters, XML's forbidden U+FFFE
/// and U+FFFF, put into the hostile bank's title, prompts, choices and whys, and
/// line breaks in its one-line title.
const CONTROLS: &str = "\u{0}\u{7}\u{8}\u{1b}[31m\u{b}\u{c}\u{7f}\u{85}\u{fffe}\u{ffff}\r";

fn with_controls(mut library: Library) -> Library {
    for bank in library
        .banks
        .iter_mut()
        .filter(|b| b.bank == "hostile-text")
    {
        // Line breaks that would start a GIFT question and a second category.
        bank.title = format!(
            "{CONTROLS}{}\n\n::injected:: Who? {{=me}}\n\n$CATEGORY: $course$/top/Injected{CONTROLS}",
            bank.title
        );
        for q in &mut bank.questions {
            q.prompt = format!("{CONTROLS}{}{CONTROLS}", q.prompt);
            q.explanation.push_str(CONTROLS);
            for c in &mut q.choices {
                if let Some(text) = &mut c.text {
                    text.push_str(CONTROLS);
                }
                c.why = format!("{CONTROLS}{}", c.why);
            }
        }
    }
    library
}

fn hostile_libraries() -> Vec<Library> {
    vec![
        library(),
        hostile_library(),
        with_controls(hostile_library()),
    ]
}

/// The single-answer keys' letters of a handout: (bank, letter) per question whose
/// learner picks one option.
fn single_answer_letters(banks: &[export::Exported]) -> Vec<(String, usize)> {
    banks
        .iter()
        .flat_map(|b| b.questions.iter())
        .filter(|p| matches!(p.kind.name(), "choice" | "predict"))
        .filter(|p| p.options.iter().filter(|o| o.correct).count() == 1)
        .map(|p| {
            (
                p.bank.clone(),
                p.options.iter().position(|o| o.correct).unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn handout_keys_are_spread_over_the_letters_on_every_bundled_bank() {
    let library = library();
    // As written, most keys are a) (authors write the key first): the reason
    // handouts are shuffled.
    let written = single_answer_letters(&export::banks(&library, &[]).expect("banks"));
    let first = written.iter().filter(|(_, l)| *l == 0).count();
    assert!(first * 2 > written.len(), "{first} of {}", written.len());
    for seed in 0..50 {
        let banks = export::shuffled_banks(&library, &[], seed).expect("banks");
        let letters = single_answer_letters(&banks);
        assert_eq!(letters.len(), written.len(), "every question kept");
        let mut per_bank: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
        for (bank, letter) in &letters {
            *per_bank
                .entry(bank)
                .or_default()
                .entry(*letter)
                .or_default() += 1;
        }
        for (bank, counts) in per_bank {
            let total: usize = counts.values().sum();
            for (letter, n) in counts {
                assert!(
                    n * 100 <= total * 45,
                    "seed {seed}, bank {bank}: letter {letter} holds {n} of {total} keys"
                );
            }
        }
    }
}

#[test]
fn a_question_that_says_shuffle_false_keeps_its_order() {
    let library = hostile_library();
    for seed in 0..10 {
        let banks = export::shuffled_banks(&library, &["hostile-text".into()], seed).expect("bank");
        let p = banks[0]
            .questions
            .iter()
            .find(|p| p.id == "hostile-predict")
            .expect("question");
        assert!(
            p.options[0].text.starts_with("%10%mail.petalmail"),
            "{:?}",
            p.options
        );
    }
    let xml = export::export(
        &export::banks(&library, &["hostile-text".into()]).expect("bank"),
        Format::MoodleXml,
    )
    .text;
    let quiz = parse(&xml);
    let q = quiz
        .child("quiz")
        .expect("quiz")
        .all("question")
        .find(|q| q.text_of("name") == Some("hostile-predict"))
        .expect("question");
    assert_eq!(
        q.child("shuffleanswers").map(|s| s.text.as_str()),
        Some("false")
    );
    let gift = export::export(
        &export::banks(&library, &["hostile-text".into()]).expect("bank"),
        Format::Gift,
    );
    assert!(
        gift.notes
            .iter()
            .any(|n| n.contains("hostile-predict") && n.contains("shuffle: false")),
        "{:?}",
        gift.notes
    );
}

#[test]
fn the_same_seed_gives_the_same_handout_and_the_handout_prints_it() {
    let run = |args: &[&str]| {
        let out = mxdrill()
            .args(["export", "--format", "markdown"])
            .args(args)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let one = run(&["--seed", "4711"]);
    assert_eq!(one, run(&["--seed", "4711"]));
    assert!(one.contains("seed 4711"), "the seed is printed");
    assert_ne!(one, run(&["--seed", "4712"]), "another seed, another order");
    // A question is shuffled the same whichever banks are exported with it.
    let starter = run(&["--seed", "4711", "--bank", "starter"]);
    let from_all = one
        .split("# Starter questions on MX records\n")
        .nth(1)
        .expect("the starter bank");
    let body = starter
        .split("# Starter questions on MX records\n")
        .nth(1)
        .expect("the starter bank");
    let end = body.find("## Answer key").expect("key");
    assert_eq!(&from_all[..end], &body[..end]);
    // Without --seed the policy's seed of the clock is used, and printed.
    assert!(run(&[]).contains("Choices shuffled with seed "));
}

#[test]
fn the_key_comes_after_a_page_break_and_each_part_can_be_written_alone() {
    let run = |part: &str| {
        let out = mxdrill()
            .args([
                "export", "--format", "markdown", "--bank", "starter", "--seed", "1",
            ])
            .args(["--part", part])
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    let both = run("both");
    let questions = run("questions");
    let key = run("key");
    let brk = export::PAGE_BREAK;
    assert!(
        both.contains(&format!("{brk}\n\n## Answer key: ")),
        "{both}"
    );
    assert!(questions.contains("### 1. ") && !questions.contains("Answer key"));
    assert!(key.contains("## Answer key: ") && !key.contains("### "));
    assert!(
        key.contains("seed 1"),
        "the key names the seed of its handout"
    );
    // The key alone is the key of the handout with the same seed.
    let tail = both.split("## Answer key: ").nth(1).expect("key");
    assert_eq!(key.split("## Answer key: ").nth(1), Some(tail));
    mxdrill()
        .args(["export", "--format", "gift", "--part", "key"])
        .assert()
        .code(2);
}

/// Ties are written the same way in every format (R1.7): "1–2 in any order" in the
/// handout, its instruction numbering the hosts the same way; Moodle XML and GIFT
/// give tied hosts one place, which grades either order right.
#[test]
fn ties_read_the_same_in_every_format_r1_7() {
    let library = library();
    let banks = export::banks(&library, &["mx-delivery".into()]).expect("bank");
    let markdown = export::export(&banks, Format::Markdown).text;
    let larkspur = markdown
        .lines()
        .find(|l| l.contains("mx-a.larkspur-library") && l.contains("in any order"))
        .expect("the key of the Larkspur question");
    assert!(larkspur.contains("1–2 in any order: mx-"), "{larkspur}");
    assert!(
        larkspur.contains("mx-b.larkspur-library.example.org"),
        "{larkspur}"
    );
    assert!(
        larkspur.ends_with(
            "(preference 10); then 3: mx-c.larkspur-library.example.org (preference 20); then 4: spare.larkspur-library.example.org (preference 65535)  "
        ),
        "{larkspur}"
    );
    assert!(markdown.contains("Number the hosts 1, 2, 3"));
    let gift = export::export(&banks, Format::Gift);
    assert!(
        gift.text
            .contains("=mx-a.larkspur-library.example.org -> tried 1st–2nd (any order)")
    );
    assert!(
        gift.text
            .contains("=mx-c.larkspur-library.example.org -> tried 3rd")
    );
    // Every order question is kept, with at least three places to choose from.
    let questions = gift_questions(&gift.text);
    let orders = banks[0]
        .questions
        .iter()
        .filter(|p| p.kind.name() == "order")
        .count();
    let matching: Vec<&GiftQuestion> = questions.iter().filter(|q| q.qtype == "match").collect();
    assert_eq!(matching.len(), orders, "{:?}", gift.notes);
    for q in matching {
        let places: BTreeSet<&str> = q.answers.iter().map(|a| a.place.as_str()).collect();
        assert!(places.len() >= 3, "{}: {places:?}", q.name);
    }
}

#[test]
fn every_export_of_every_bank_parses_even_with_hostile_text() {
    for library in hostile_libraries() {
        let authored = export::banks(&library, &[]).expect("banks");
        let shuffled = export::shuffled_banks(&library, &[], 7).expect("banks");
        for banks in [&authored, &shuffled] {
            // Moodle XML: well-formed, every question there.
            let xml = export::export(banks, Format::MoodleXml);
            let document = parse(&xml.text);
            let quiz = document.child("quiz").expect("quiz");
            let exported = quiz
                .all("question")
                .filter(|q| q.attribute("type") != Some("category"))
                .count();
            assert_eq!(exported, questions(&library));
            assert_eq!(
                quiz.all("question")
                    .filter(|q| q.attribute("type") == Some("category"))
                    .count(),
                library.banks.len()
            );
            // GIFT: as many questions as Moodle's reader finds, each well formed.
            let gift = export::export(banks, Format::Gift);
            let parsed = gift_questions(&gift.text);
            let categories = parsed.iter().filter(|q| q.qtype == "category").count();
            assert_eq!(categories, library.banks.len(), "one $CATEGORY per bank");
            let left_out = gift.notes.iter().filter(|n| n.contains("left out")).count();
            assert_eq!(parsed.len() - categories + left_out, questions(&library));
            // Markdown: one heading per question, no control character.
            let markdown = export::export(banks, Format::Markdown).text;
            let headings = markdown.lines().filter(|l| l.starts_with("### ")).count();
            assert_eq!(headings, questions(&library));
            // No text opens a heading, a list or a block of its own: one title and
            // one key heading per bank, and fenced blocks closed.
            let titles = markdown.lines().filter(|l| l.starts_with("# ")).count();
            assert_eq!(titles, library.banks.len());
            let keys = markdown.lines().filter(|l| l.starts_with("## ")).count();
            assert_eq!(keys, library.banks.len());
            let fences = markdown.lines().filter(|l| l.starts_with("```")).count();
            assert_eq!(fences % 2, 0, "every fence closed");
            for text in [&xml.text, &gift.text, &markdown] {
                assert!(
                    !text
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\t'
                            || c == '\u{fffe}'
                            || c == '\u{ffff}'),
                    "a control character or noncharacter is exported"
                );
            }
        }
    }
}

/// The hostile bank's texts come back out of Moodle's GIFT reader as written: no
/// injected question or category, no weight from a leading `%50%`, no format from a
/// leading `[plain]`, every special character kept.
#[test]
fn gift_keeps_hostile_text_as_text() {
    let library = hostile_library();
    let banks = export::banks(&library, &["hostile-text".into()]).expect("bank");
    let gift = export::export(&banks, Format::Gift);
    let parsed = gift_questions(&gift.text);
    let names: Vec<&str> = parsed.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "",
            "hostile-choice",
            "hostile-multi",
            "hostile-order",
            "hostile-command",
            "hostile-predict",
            "hostile-zone-line"
        ]
    );
    assert!(
        parsed[0]
            .category
            .starts_with("$course$/top/Hostile ::injected:: Who? {=me} $CATEGORY:"),
        "{}",
        parsed[0].category
    );
    let written = &banks[0];
    for (p, q) in written.questions.iter().zip(&parsed[1..]) {
        assert_eq!(
            q.tags.first().map(String::as_str),
            p.objectives.first().map(String::as_str),
            "{}",
            q.name
        );
        assert_eq!(q.id, format!("hostile-text/{}", p.id));
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            html_text(&q.text).starts_with(&words(&p.prompt)),
            "{}: {:?}",
            q.name,
            q.text
        );
        assert_eq!(html_text(&q.feedback), words(&p.explanation), "{}", q.name);
        if q.qtype != "multichoice" {
            continue;
        }
        assert_eq!(q.answers.len(), p.options.len(), "{}", q.name);
        for (o, a) in p.options.iter().zip(&q.answers) {
            let written = o.text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(html_text(&a.text), written, "{}", q.name);
            assert_eq!(a.weight > 0.0, o.correct, "{}: {}", q.name, a.text);
            assert_eq!(
                html_text(&a.feedback),
                o.why.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        assert!(q.feedback.contains("####") || !p.explanation.contains("####"));
    }
    let single = &parsed[1];
    let weights: Vec<f64> = single.answers.iter().map(|a| a.weight).collect();
    assert_eq!(
        weights.iter().filter(|w| **w == 100.0).count(),
        1,
        "{weights:?}"
    );
}

#[test]
fn moodle_xml_keeps_hostile_text_and_tags_each_question() {
    let library = hostile_library();
    let banks = export::banks(&library, &["hostile-text".into()]).expect("bank");
    let document = parse(&export::export(&banks, Format::MoodleXml).text);
    let quiz = document.child("quiz").expect("quiz");
    let category = quiz.all("question").next().expect("category");
    let name = category.text_of("category").expect("category text");
    assert!(
        name.starts_with("$course$/top/Hostile ::injected::"),
        "{name}"
    );
    assert!(!name.contains('\n'));
    let q = quiz
        .all("question")
        .find(|q| q.text_of("name") == Some("hostile-choice"))
        .expect("question");
    let texts: Vec<String> = q
        .all("answer")
        .filter_map(|a| a.child("text").map(|t| html_text(&t.text)))
        .collect();
    assert!(texts.contains(&"%50%half weight".to_string()), "{texts:?}");
    let prompt = &library
        .banks
        .iter()
        .find(|b| b.bank == "hostile-text")
        .expect("bank")
        .questions[0]
        .prompt;
    let prompt = prompt.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = html_text(q.text_of("questiontext").expect("question text"));
    assert!(shown.starts_with(&prompt), "{shown}");
    let tags: Vec<&str> = q
        .child("tags")
        .expect("<tags>")
        .all("tag")
        .filter_map(|t| t.child("text").map(|t| t.text.as_str()))
        .collect();
    assert_eq!(
        tags,
        ["N10-009 3.4", "220-1101 2.6", "concepts", "difficulty 1"]
    );
}

#[test]
fn bundled_questions_carry_their_objectives_category_difficulty_and_scope_as_tags() {
    let library = library();
    let banks = export::banks(&library, &[]).expect("banks");
    let document = parse(&export::export(&banks, Format::MoodleXml).text);
    let quiz = document.child("quiz").expect("quiz");
    let deep: BTreeSet<&str> = library
        .banks
        .iter()
        .flat_map(|b| &b.questions)
        .filter(|q| q.scope == mxdrill::kind::Scope::DeepDive)
        .map(|q| q.id.as_str())
        .collect();
    for b in &banks {
        for p in &b.questions {
            let q = quiz
                .all("question")
                .find(|q| {
                    q.child("idnumber").map(|i| i.text.as_str())
                        == Some(format!("{}/{}", p.bank, p.id).as_str())
                })
                .expect("question");
            let tags: Vec<&str> = q
                .child("tags")
                .expect("<tags>")
                .all("tag")
                .filter_map(|t| t.child("text").map(|t| t.text.as_str()))
                .collect();
            for o in &p.objectives {
                assert!(tags.contains(&o.as_str()), "{}: {tags:?}", p.id);
            }
            assert!(tags.contains(&p.category.as_str()));
            assert!(tags.contains(&format!("difficulty {}", p.difficulty).as_str()));
            assert_eq!(
                tags.contains(&"deep-dive"),
                deep.contains(p.id.as_str()),
                "{}",
                p.id
            );
        }
    }
    let gift = export::export(&banks, Format::Gift).text;
    for q in gift_questions(&gift)
        .iter()
        .filter(|q| q.qtype != "category")
    {
        assert!(
            q.tags.iter().any(|t| t.starts_with("difficulty ")),
            "{}",
            q.name
        );
    }
}

#[test]
fn xml_escape_drops_nothing_xml_cannot_read_and_simulate_svg_parses() {
    let escaped = export::xml_escape(&format!("a{CONTROLS}<&>'\"b"));
    parse(&format!("<t a=\"{escaped}\">{escaped}</t>"));
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("picture.svg");
    mxdrill()
        .args([
            "simulate",
            "info@blossomflowers.example",
            "--seed",
            "0",
            "--svg",
        ])
        .arg(&path)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&path).expect("written");
    parse(&svg);
    // A recipient with U+FFFE and ESC in its local part reaches the SVG's title.
    mxdrill()
        .args([
            "simulate",
            "a\u{fffe}\u{1b}@blossomflowers.example",
            "--seed",
            "0",
            "--svg",
        ])
        .arg(&path)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&path).expect("written");
    assert!(
        svg.contains("a\u{fffd}\u{fffd}@blossomflowers.example"),
        "{svg}"
    );
    parse(&svg);
}

/// HTML text as a reader sees it: tags dropped, entities read, spaces collapsed.
fn html_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#37;", "%")
        .replace("&#91;", "[")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ------------------------------------------------- a GIFT reader, after Moodle's

/// One answer of a GIFT question.
#[derive(Debug, Default)]
struct GiftAnswer {
    /// The answer (multiple choice, short answer) or the subquestion (matching).
    text: String,
    /// Matching: the place.
    place: String,
    /// Percent of the mark.
    weight: f64,
    feedback: String,
}

/// One GIFT question as Moodle's reader (qformat_gift::readquestion) makes it.
#[derive(Debug, Default)]
struct GiftQuestion {
    qtype: String,
    category: String,
    name: String,
    id: String,
    tags: Vec<String>,
    text: String,
    feedback: String,
    answers: Vec<GiftAnswer>,
}

/// Escaped specials become placeholders before parsing and characters after
/// (qformat_gift::escapedchar_pre/_post): `\\` first, then `\: \# \= \{ \} \~ \n`.
const GIFT_ESCAPES: [(&str, &str, &str); 7] = [
    ("\\:", "\u{e000}", ":"),
    ("\\#", "\u{e001}", "#"),
    ("\\=", "\u{e002}", "="),
    ("\\{", "\u{e003}", "{"),
    ("\\}", "\u{e004}", "}"),
    ("\\~", "\u{e005}", "~"),
    ("\\n", "\u{e006}", "\n"),
];

fn gift_pre(text: &str) -> String {
    let mut text = text.replace("\\\\", "\u{e007}");
    for (escaped, placeholder, _) in GIFT_ESCAPES {
        text = text.replace(escaped, placeholder);
    }
    text.replace('\u{e007}', "\\")
}

fn gift_post(text: &str) -> String {
    let mut text = text.to_string();
    for (_, placeholder, c) in GIFT_ESCAPES {
        text = text.replace(placeholder, c);
    }
    text
}

/// A text with its `[format]` read (a leading `[html]` etc. is dropped).
fn gift_text(text: &str) -> String {
    let text = text.trim();
    for format in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
        if let Some(rest) = text.strip_prefix(format) {
            return gift_post(rest).trim().to_string();
        }
    }
    gift_post(text).trim().to_string()
}

/// A leading `%N%` weight (Moodle's `^%\-*([0-9]{1,2})\.?([0-9]*)%`).
fn gift_weight(answer: &str) -> Option<(f64, &str)> {
    let rest = answer.strip_prefix('%')?;
    let end = rest.find('%')?;
    let number = &rest[..end];
    let digits = number.trim_start_matches('-');
    let whole: String = digits.chars().take_while(char::is_ascii_digit).collect();
    if whole.is_empty() || whole.len() > 2 && !digits.starts_with(&whole[..2]) {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    Some((value, &rest[end + 1..]))
}

/// Splits GIFT text into questions at blank lines and reads each as Moodle does,
/// asserting what Moodle's reader would refuse.
fn gift_questions(gift: &str) -> Vec<GiftQuestion> {
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in gift.lines() {
        if line.trim().is_empty() {
            blocks.push(Vec::new());
        } else if let Some(block) = blocks.last_mut() {
            block.push(line);
        }
    }
    let mut questions = Vec::new();
    for block in blocks.into_iter().filter(|b| !b.is_empty()) {
        let mut q = GiftQuestion::default();
        let comments: Vec<&str> = block
            .iter()
            .filter(|l| l.trim().starts_with("//"))
            .copied()
            .collect();
        for c in &comments {
            let mut rest = *c;
            while let Some(start) = rest.find("[tag:") {
                let tail = &rest[start + 5..];
                let end = tail.find(']').expect("closed tag");
                q.tags.push(tail[..end].to_string());
                rest = &tail[end..];
            }
            if let Some(start) = c.find("[id:") {
                let tail = &c[start + 4..];
                q.id = tail[..tail.find(']').expect("closed id")].to_string();
            }
        }
        let text: Vec<&str> = block
            .iter()
            .filter(|l| !l.trim().starts_with("//"))
            .copied()
            .collect();
        let text = text.join("\n");
        let text = text.trim();
        if text.is_empty() {
            continue; // a comment-only block: Moodle skips it
        }
        let text = gift_pre(text);
        if let Some(category) = text.strip_prefix("$CATEGORY:") {
            q.qtype = "category".into();
            q.category = category.trim().to_string();
            assert!(!q.category.contains('\n'), "a category on one line");
            questions.push(q);
            continue;
        }
        let mut text = text.as_str();
        if let Some(rest) = text.strip_prefix("::") {
            let end = rest.find("::").expect("a closed title");
            q.name = gift_post(&rest[..end]);
            text = rest[end + 2..].trim();
        }
        let start = text.find('{').expect("an answer section");
        let end = text.find('}').expect("a closed answer section");
        assert!(start < end, "{}: braces in order", q.name);
        assert!(
            text[end + 1..].trim().is_empty(),
            "{}: nothing after the answers: {:?}",
            q.name,
            &text[end + 1..]
        );
        assert!(
            !text[start + 1..].contains('{'),
            "{}: one answer section",
            q.name
        );
        q.text = gift_text(&text[..start]);
        let mut answers = text[start + 1..end].trim().to_string();
        if let Some(at) = answers.rfind("####") {
            q.feedback = gift_text(&answers[at + 4..]);
            answers = answers[..at].trim().to_string();
        }
        if answers.contains('~') {
            q.qtype = "multichoice".into();
            let single = answers.contains('=');
            let marked = answers.replace('=', "~=");
            for answer in marked.split('~').map(str::trim).filter(|a| !a.is_empty()) {
                let (weight, rest) = if let Some(rest) = answer.strip_prefix('=') {
                    (100.0, rest)
                } else if let Some((w, rest)) = gift_weight(answer) {
                    (w, rest)
                } else {
                    (0.0, answer)
                };
                let (text, feedback) = answer_and_feedback(rest);
                q.answers.push(GiftAnswer {
                    text,
                    weight,
                    feedback,
                    ..GiftAnswer::default()
                });
            }
            assert!(q.answers.len() >= 2, "{}: two answers at least", q.name);
            let right: f64 = q
                .answers
                .iter()
                .map(|a| a.weight)
                .filter(|w| *w > 0.0)
                .sum();
            assert!(
                (right - 100.0).abs() < 0.01,
                "{}: right answers give {right}",
                q.name
            );
            if single {
                assert_eq!(
                    q.answers.iter().filter(|a| a.weight == 100.0).count(),
                    1,
                    "{}",
                    q.name
                );
            }
        } else if answers.contains('=') && answers.contains("->") {
            q.qtype = "match".into();
            for answer in answers.split('=').map(str::trim).filter(|a| !a.is_empty()) {
                let arrow = answer
                    .find("->")
                    .unwrap_or_else(|| panic!("{}: `->` in {answer}", q.name));
                q.answers.push(GiftAnswer {
                    text: gift_text(&answer[..arrow]),
                    place: gift_post(&answer[arrow + 2..]).trim().to_string(),
                    ..GiftAnswer::default()
                });
            }
            let with_text = q.answers.iter().filter(|a| !a.text.is_empty()).count();
            assert!(with_text >= 2, "{}: two subquestions", q.name);
        } else {
            q.qtype = "shortanswer".into();
            for answer in answers.split('=').map(str::trim).filter(|a| !a.is_empty()) {
                let (weight, rest) = gift_weight(answer).unwrap_or((100.0, answer));
                let (text, feedback) = answer_and_feedback(rest);
                q.answers.push(GiftAnswer {
                    text,
                    weight,
                    feedback,
                    ..GiftAnswer::default()
                });
            }
            assert!(!q.answers.is_empty(), "{}", q.name);
        }
        questions.push(q);
    }
    questions
}

fn answer_and_feedback(answer: &str) -> (String, String) {
    match answer.split_once('#') {
        Some((text, feedback)) => (gift_text(text), gift_text(feedback)),
        None => (gift_text(answer), String::new()),
    }
}
