//! An exam in progress as the progress store keeps it, and back: every front end
//! that runs exams saves and resumes them the same way.

use super::session::Study;
use crate::content::Library;
use crate::progress::{EXAM_VERSION, SavedExam, SavedQuestion};
use crate::quiz::{self, Item, Mode, Session};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// The exam of `study` at `now` as it is saved; `None` when there is nothing to
/// keep (not an exam, already submitted, or generated questions that cannot be
/// asked again).
pub fn saved(study: &Study, now: u64) -> Option<SavedExam> {
    let s = &study.session;
    if s.mode != Mode::Exam || s.submitted || s.items.iter().any(|i| i.generated) {
        return None;
    }
    let questions = s
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| SavedQuestion {
            bank: item.bank.clone(),
            question: item.id.clone(),
            options: item.options.iter().map(|o| o.text.clone()).collect(),
            answer: s.responses[i].clone(),
            flagged: s.flagged[i],
        })
        .collect();
    Some(SavedExam {
        version: EXAM_VERSION,
        elapsed: now.saturating_sub(s.started),
        limit: s.limit.unwrap_or(60 * s.items.len() as u64),
        pass_mark: s.pass_mark,
        current: s.current,
        questions,
    })
}

/// The saved exam as a study again at `now`, with its answers, flags and the time
/// left. Questions no longer in the library, or whose options changed, are left
/// out; the count of those comes back with the study.
pub fn resume(library: &Library, exam: &SavedExam, now: u64) -> Result<(Study, usize), String> {
    let mut items = Vec::new();
    let mut responses = Vec::new();
    let mut flagged = Vec::new();
    let mut rng = StdRng::seed_from_u64(0);
    for q in &exam.questions {
        let found = library
            .banks
            .iter()
            .find(|b| b.bank == q.bank)
            .and_then(|b| {
                let question = b.questions.iter().find(|x| x.id == q.question)?;
                quiz::prepare(b, question, &library.world, &mut rng).ok()
            });
        let Some(mut item) = found else {
            continue;
        };
        if !arrange_as(&mut item, &q.options) {
            continue;
        }
        let n = item.options.len();
        // An answer that no longer fits the options shown is dropped.
        let answer = q.answer.clone().filter(|a| a.fits(n));
        items.push(item);
        responses.push(answer);
        flagged.push(q.flagged);
    }
    if items.is_empty() {
        return Err("none of the saved exam's questions is in the banks any more".into());
    }
    let dropped = exam.questions.len() - items.len();
    let mut session = Session::new(
        Mode::Exam,
        items,
        now.saturating_sub(exam.elapsed),
        exam.pass_mark,
    );
    session.limit = Some(exam.limit);
    session.responses = responses;
    session.flagged = flagged;
    session.go(exam.current);
    Ok((Study::new(session, Vec::new()), dropped))
}

/// Puts `item`'s options in the order of `texts` (as they were shown), carrying the
/// answer along. False if the options are not the same texts any more.
fn arrange_as(item: &mut Item, texts: &[String]) -> bool {
    if texts.len() != item.options.len() {
        return false;
    }
    // place[old] = new position.
    let mut place = vec![usize::MAX; texts.len()];
    for (new, text) in texts.iter().enumerate() {
        let Some(old) = (0..item.options.len())
            .find(|&o| place[o] == usize::MAX && item.options[o].text == *text)
        else {
            return false;
        };
        place[old] = new;
    }
    let mut options = item.options.clone();
    for (old, &new) in place.iter().enumerate() {
        options[new] = item.options[old].clone();
    }
    item.options = options;
    item.answer = item.answer.rearranged(&place);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::{Answer, Offer};

    #[test]
    fn options_come_back_in_the_order_shown_with_the_answer_moved_along() {
        let offer = |t: &str| Offer {
            text: t.into(),
            why: String::new(),
        };
        let mut item = quiz::order_drill(1);
        item.options = vec![offer("A"), offer("MX"), offer("TXT")];
        item.answer = Answer::One(1);
        assert!(arrange_as(
            &mut item,
            &["TXT".to_string(), "MX".to_string(), "A".to_string()]
        ));
        assert_eq!(item.options[0].text, "TXT");
        assert_eq!(item.answer, Answer::One(1), "MX stays the right one");
        item.answer = Answer::Set(vec![0, 2]);
        assert!(arrange_as(
            &mut item,
            &["A".to_string(), "MX".to_string(), "TXT".to_string()]
        ));
        assert_eq!(item.answer, Answer::Set(vec![2, 0]));
        assert!(
            !arrange_as(&mut item, &["A".to_string()]),
            "changed options"
        );
    }
}
