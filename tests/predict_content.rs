//! Every bundled `predict` question: the simulator computes its answer, and exactly
//! one of the authored choices says it (the authors wrote the scenario, not the answer).

use hickory_proto::rr::Name;
use mxdrill::content::bank::{Kind, Outcome};
use mxdrill::content::{self, bare};
use mxdrill::delivery::{Behaviour, Scenario, Verdict, simulate};

#[test]
fn each_predict_question_has_exactly_one_choice_matching_the_simulation() {
    let library = content::load(&content::bundled_sources());
    let mut checked = 0;
    for bank in &library.banks {
        for q in bank.questions.iter().filter(|q| q.kind == Kind::Predict) {
            let scenario = q
                .scenario
                .as_ref()
                .expect("predict questions have a scenario");
            let overrides = scenario
                .states
                .iter()
                .map(|(host, state)| {
                    (
                        host.parse::<Name>().expect("host"),
                        Behaviour {
                            state: *state,
                            lasts: None,
                        },
                    )
                })
                .collect();
            let self_host = scenario
                .self_host
                .as_ref()
                .map(|h| h.parse::<Name>().expect("self"));
            let mut run = Scenario {
                world: &library.world,
                recipient: &scenario.recipient,
                overrides,
                profile: scenario.profile.unwrap_or_default(),
                self_host,
                seed: 0,
            };
            let verdict = simulate(&run).expect("simulates").verdict();
            // The answer must not hang on how ties happen to be shuffled.
            for seed in 1..8 {
                run.seed = seed;
                assert_eq!(
                    simulate(&run).expect("simulates").verdict(),
                    verdict,
                    "{}: depends on the seed",
                    q.id
                );
            }
            let matching: Vec<&str> = q
                .choices
                .iter()
                .filter(|c| {
                    let outcome: Outcome = c
                        .outcome
                        .as_deref()
                        .unwrap_or_default()
                        .parse()
                        .expect("outcome");
                    match (&outcome, &verdict) {
                        (Outcome::Delivered(host), Verdict::Delivered(to)) => &bare(host) == to,
                        (Outcome::Deferred, Verdict::Deferred)
                        | (Outcome::Bounced, Verdict::Bounced) => true,
                        _ => false,
                    }
                })
                .map(|c| c.text.as_deref().unwrap_or("?"))
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "{}/{}: simulation says {verdict:?}; matching choices {matching:?}",
                bank.bank,
                q.id
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} predict questions");
}
