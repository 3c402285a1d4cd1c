//! Every bundled `predict` question: the simulator computes its answer, and exactly
//! one of the authored choices says it (the authors wrote the scenario, not the answer).
//! And every `choice` or `multi` question that states where mail goes is tied to the
//! simulator, so no stored answer can disagree with the engine (issue 17).

use hickory_proto::rr::Name;
use mxdrill::content::bank::{Kind, Outcome};
use mxdrill::content::{self, bare};
use mxdrill::delivery::{Behaviour, Profile, Scenario, Setup, Verdict, simulate};
use mxdrill::dns::HostState;
use mxdrill::quiz::verdict_outcome;

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

/// One delivery a choice question speaks about, and what the simulator must make of it.
struct Run {
    recipient: &'static str,
    states: &'static [(&'static str, &'static str)],
    profile: Profile,
    self_host: Option<&'static str>,
    /// The first attempt's outcome, as an author writes it in `outcome:`.
    outcome: &'static str,
}

/// A `choice` or `multi` question that states where mail goes or which host is tried
/// first, tied to the simulator: the deliveries it describes (run on the bundled zone
/// it names, or on one that has the same shape), and the options that must be marked
/// correct (`right`) or not (`wrong`), each named by how its text begins.
struct Tie {
    id: &'static str,
    right: &'static [&'static str],
    wrong: &'static [&'static str],
    runs: &'static [Run],
}

const fn run(recipient: &'static str, outcome: &'static str) -> Run {
    Run {
        recipient,
        states: &[],
        profile: Profile::Postfix,
        self_host: None,
        outcome,
    }
}

const fn with(
    recipient: &'static str,
    states: &'static [(&'static str, &'static str)],
    outcome: &'static str,
) -> Run {
    Run {
        states,
        ..run(recipient, outcome)
    }
}

const fn by(profile: Profile, base: Run) -> Run {
    Run { profile, ..base }
}

const fn from(self_host: &'static str, base: Run) -> Run {
    Run {
        self_host: Some(self_host),
        ..base
    }
}

const MARIGOLD: &str = "info@marigold-dental.example.com";
const MARIGOLD_MAIL: &str = "mail.marigold-dental.example.com.";
const SPOOL1: &str = "delivered spool1.relaybay.example.net.";

const CEDAR: &str = "info@cedarpoint.example.com";
const SHIELD1: &str = "mx1.shieldmail.example.net.";
const SHIELD2: &str = "mx2.shieldmail.example.net.";
/// Cedar Point behind ShieldMail: either filter node takes the mail, and with both
/// down it waits; the internal server, not in the MX records, is never tried.
const FILTERED: &[Run] = &[
    with(
        CEDAR,
        &[(SHIELD1, "down")],
        "delivered mx2.shieldmail.example.net.",
    ),
    with(
        CEDAR,
        &[(SHIELD2, "down")],
        "delivered mx1.shieldmail.example.net.",
    ),
    with(CEDAR, &[(SHIELD1, "down"), (SHIELD2, "down")], "deferred"),
];
const TIDEWATER: &str = "ops@tidewater-logistics.example.net";

const TIES: &[Tie] = &[
    Tie {
        id: "sec-spam-filter-mx",
        right: &["Point the MX record with the lowest preference number at the filter's hosts"],
        wrong: &["Internal server and filter both at preference 10"],
        runs: FILTERED,
    },
    Tie {
        id: "c-sec-gateway-path",
        right: &["Sender's server, then ShieldMail (found through the MX)"],
        wrong: &["Sender's server, then the internal mail server"],
        runs: FILTERED,
    },
    Tie {
        id: "c-pri-equal-statements",
        right: &[
            "If the first host it picks is down, a sender tries another preference 10 host",
            "mx-dr never receives mail while a preference 10 host is accepting it",
        ],
        wrong: &["Each of the four hosts, mx-dr included, receives about a quarter"],
        runs: &[
            with(
                TIDEWATER,
                &[
                    ("mx1.tidewater-logistics.example.net.", "down"),
                    ("mx2.tidewater-logistics.example.net.", "down"),
                ],
                "delivered mx3.tidewater-logistics.example.net.",
            ),
            with(
                TIDEWATER,
                &[
                    ("mx1.tidewater-logistics.example.net.", "down"),
                    ("mx2.tidewater-logistics.example.net.", "down"),
                    ("mx3.tidewater-logistics.example.net.", "down"),
                ],
                "delivered mx-dr.tidewater-logistics.example.net.",
            ),
        ],
    },
    Tie {
        id: "c-con-null-mx-rules",
        right: &["Senders fail mail to the domain at once"],
        wrong: &["Senders fall back to the domain's A record"],
        runs: &[
            run("info@quietmeadow.example.org", "bounced"),
            by(
                Profile::Exim,
                run("info@quietmeadow.example.org", "bounced"),
            ),
        ],
    },
    Tie {
        id: "c-con-after-mx-answer",
        right: &["Sorts them by preference, then looks up the A/AAAA records of mail.petalmail"],
        wrong: &["Connects to whichever record came first"],
        runs: &[run(
            "info@blossomflowers.example",
            "delivered mail.petalmail.example.",
        )],
    },
    Tie {
        id: "c-con-null-vs-no-mx",
        right: &["Domain 1: senders retry the parking server for days. Domain 2: it fails at once"],
        wrong: &["Both bounce at once", "Domain 1 fails at once"],
        runs: &[
            // No MX, and the web server at the domain's address runs no mail service.
            run("info@blossomflowers.test", "deferred"),
            // A lone null MX.
            run("info@quietmeadow.example.org", "bounced"),
        ],
    },
    Tie {
        id: "c-con-no-mx-facts",
        right: &[
            "Senders treat the domain itself as its mail exchanger",
            "If the web server refuses port 25, messages sit in senders' queues",
        ],
        wrong: &["Every message bounces at once"],
        runs: &[
            run("info@blossomflowers.test", "deferred"),
            run(
                "info@saddleback-pottery.example.org",
                "delivered saddleback-pottery.example.org.",
            ),
        ],
    },
    Tie {
        id: "concept-implicit-mx",
        right: &["It treats the domain as its own exchange"],
        wrong: &["It bounces the message at once"],
        runs: &[run(
            "info@saddleback-pottery.example.org",
            "delivered saddleback-pottery.example.org.",
        )],
    },
    Tie {
        id: "trouble-website-works-mail-fails",
        right: &["With no MX record, mail goes to the web server, which refuses it"],
        wrong: &[],
        runs: &[run("sales@riverside-cycles.example.org", "bounced")],
    },
    Tie {
        id: "concept-null-mx",
        right: &["This domain accepts no mail at all"],
        wrong: &["Use the implicit MX"],
        runs: &[run("info@quietmeadow.example.org", "bounced")],
    },
    Tie {
        id: "c-con-host-down-hours",
        right: &["Senders queue them, retry, and deliver when the host is back"],
        wrong: &[
            "They bounce straight back",
            "Senders deliver them to the domain's web server",
        ],
        runs: &[with(
            "orders@saltmarsh-bakery.example.org",
            &[("mail.saltmarsh-bakery.example.org.", "down")],
            "deferred",
        )],
    },
    Tie {
        id: "c-con-servfail-vs-nxdomain",
        right: &["The first is queued and retried; the second bounces"],
        wrong: &["The first bounces at once"],
        runs: &[
            with(
                "dispatch@kestrel-couriers.example.org",
                &[("ns1.kestrel-couriers.example.org.", "down")],
                "deferred",
            ),
            run("dispatch@depot.kestrel-couriers.example.org", "bounced"),
        ],
    },
    Tie {
        id: "d-prio-zero-is-a-host",
        right: &["hub is the most preferred mail host"],
        wrong: &["hub is disabled", "hub is tried last"],
        runs: &[run(
            "dispatch@kestrel-couriers.example.org",
            "delivered hub.kestrel-couriers.example.org.",
        )],
    },
    Tie {
        id: "d-prio-migration-lower-number",
        right: &["Senders now try mx-new first and fall back to the old servers"],
        wrong: &["Nothing yet", "mx-new is used only as a last resort"],
        runs: &[
            run(
                "info@oxbow-veterinary.example.com",
                "delivered mx-new.oxbow-veterinary.example.com.",
            ),
            with(
                "info@oxbow-veterinary.example.com",
                &[("mx-new.oxbow-veterinary.example.com.", "down")],
                "delivered mail.oxbow-veterinary.example.com.",
            ),
        ],
    },
    Tie {
        id: "c-pri-backup-forwards",
        right: &["It drops MX records at 20 or above, itself included, and uses the 10 host"],
        wrong: &["It delivers to itself"],
        runs: &[
            from(
                "backupmail.petalmail.example.",
                run(
                    "info@blossomflowers.example",
                    "delivered mail.petalmail.example.",
                ),
            ),
            from(
                "backupmail.petalmail.example.",
                with(
                    "info@blossomflowers.example",
                    &[("mail.petalmail.example.", "down")],
                    "deferred",
                ),
            ),
        ],
    },
    Tie {
        id: "d-prio-backup-relays-upwards",
        right: &["Only MX hosts with a preference below its own 20"],
        wrong: &["Every MX host of the domain, itself included"],
        runs: &[
            from(
                "spool1.relaybay.example.net.",
                run(MARIGOLD, "delivered mail.marigold-dental.example.com."),
            ),
            from(
                "spool1.relaybay.example.net.",
                with(MARIGOLD, &[(MARIGOLD_MAIL, "down")], "deferred"),
            ),
        ],
    },
    Tie {
        id: "trouble-replies-that-fall-back",
        right: &[
            "The connection to port 25 is refused",
            "The server greets with \"421",
            "The server answers RCPT TO with \"451",
        ],
        wrong: &[
            "The server answers RCPT TO with \"550",
            "The server answers the end of DATA with \"554",
        ],
        runs: &[
            with(MARIGOLD, &[(MARIGOLD_MAIL, "down")], SPOOL1),
            with(MARIGOLD, &[(MARIGOLD_MAIL, "greet-4xx")], SPOOL1),
            with(MARIGOLD, &[(MARIGOLD_MAIL, "rcpt-4xx")], SPOOL1),
            with(MARIGOLD, &[(MARIGOLD_MAIL, "rcpt-5xx")], "bounced"),
            with(MARIGOLD, &[(MARIGOLD_MAIL, "data-5xx")], "bounced"),
        ],
    },
    Tie {
        id: "t-ts-mx-cname-unnoticed",
        right: &["The backup is used only when the primary fails"],
        wrong: &["Senders ignore preference 20 records"],
        runs: &[
            run(
                "info@kestrel-dental.example.com",
                "delivered mail.kestrel-dental.example.com.",
            ),
            with(
                "info@kestrel-dental.example.com",
                &[("mail.kestrel-dental.example.com.", "down")],
                "delivered backup.kestrel-dental.example.com.",
            ),
            by(
                Profile::Exim,
                with(
                    "info@kestrel-dental.example.com",
                    &[("mail.kestrel-dental.example.com.", "down")],
                    "delivered backup.kestrel-dental.example.com.",
                ),
            ),
        ],
    },
    Tie {
        id: "t-ts-exim-ip-mx",
        right: &["The backup MX holds an IP address, which Exim refuses to use"],
        wrong: &["The backup server refused the partner's mail"],
        runs: &[
            with(
                "info@bramblewood-vet.example.org",
                &[("mail.bramblewood-vet.example.org.", "down")],
                "delivered 203.0.113.214.",
            ),
            by(
                Profile::Exim,
                with(
                    "info@bramblewood-vet.example.org",
                    &[("mail.bramblewood-vet.example.org.", "down")],
                    "deferred",
                ),
            ),
        ],
    },
    Tie {
        id: "t-ts-null-mx-mixed-senders",
        right: &["It depends on the sender; Postfix bounces it at once"],
        wrong: &[
            "Every sender bounces it",
            "Every sender delivers it to mail",
        ],
        runs: &[
            run("info@foxglove-press.example.org", "bounced"),
            by(
                Profile::Exim,
                run(
                    "info@foxglove-press.example.org",
                    "delivered mail.foxglove-press.example.org.",
                ),
            ),
            by(
                Profile::Rfc,
                run(
                    "info@foxglove-press.example.org",
                    "delivered mail.foxglove-press.example.org.",
                ),
            ),
        ],
    },
    Tie {
        id: "c-con-ip-in-mx-effects",
        right: &[
            "Postfix delivers to the address anyway",
            "Exim refuses to use the record",
        ],
        wrong: &["Every sender treats the value like an A record"],
        runs: &[
            run("info@copperkettle.example.org", "delivered 198.51.100.140."),
            by(
                Profile::Exim,
                run("info@copperkettle.example.org", "bounced"),
            ),
        ],
    },
];

/// No stored answer of a `choice` or `multi` question about where mail goes can
/// disagree with the engine: each tied question's deliveries are simulated (for every
/// seed, so ties shuffled by R1.7 cannot decide it) and its marked options checked.
#[test]
fn choice_questions_about_where_mail_goes_agree_with_the_simulator() {
    let library = content::load(&content::bundled_sources());
    let questions: Vec<_> = library
        .banks
        .iter()
        .flat_map(|b| b.questions.iter())
        .collect();
    for tie in TIES {
        let q = questions
            .iter()
            .find(|q| q.id == tie.id)
            .unwrap_or_else(|| panic!("{}: no such question", tie.id));
        assert!(matches!(q.kind, Kind::Choice | Kind::Multi), "{}", tie.id);
        for r in tie.runs {
            let mut setup = Setup::new(r.recipient);
            for (host, state) in r.states {
                let behaviour = Behaviour {
                    state: state.parse::<HostState>().expect("state"),
                    lasts: None,
                };
                setup.set_behaviour(host.parse::<Name>().expect("host"), behaviour);
            }
            setup.profile = r.profile;
            setup.self_host = r.self_host.map(|h| h.parse::<Name>().expect("self"));
            for seed in 0..8 {
                setup.seed = seed;
                let verdict = setup.run(&library.world).expect("simulates").verdict();
                assert_eq!(
                    verdict_outcome(&verdict),
                    r.outcome,
                    "{}: {} ({:?}, seed {seed})",
                    tie.id,
                    r.recipient,
                    r.profile
                );
            }
        }
        let marked = |start: &str| -> bool {
            let option = q
                .choices
                .iter()
                .find(|c| c.text.as_deref().unwrap_or_default().starts_with(start))
                .unwrap_or_else(|| panic!("{}: no option starts with {start:?}", tie.id));
            option.correct == Some(true)
        };
        for start in tie.right {
            assert!(
                marked(start),
                "{}: {start:?} must be marked correct",
                tie.id
            );
        }
        for start in tie.wrong {
            assert!(!marked(start), "{}: {start:?} must not be marked", tie.id);
        }
    }
}

/// `check` runs each predict scenario's first attempt alone under many seeds
/// (R1.7's random order of ties): that attempt must end as the whole simulation's
/// verdict says, for every bundled predict question and seed.
#[test]
fn the_first_attempt_alone_ends_as_the_whole_simulation_says() {
    let library = content::load(&content::bundled_sources());
    let mut checked = 0;
    for bank in &library.banks {
        for q in bank.questions.iter().filter(|q| q.kind == Kind::Predict) {
            let scenario = q.scenario.as_ref().expect("a scenario");
            let mut setup = mxdrill::quiz::setup_of(scenario).expect("a setup");
            for seed in 0..8 {
                setup.seed = seed;
                let whole = setup.run(&library.world).expect("simulates").verdict();
                let (first, steps) = setup.first_attempt(&library.world).expect("simulates");
                assert_eq!(first, whole, "{}: seed {seed}", q.id);
                assert!(steps.iter().all(|s| s.attempt == 1), "{}", q.id);
            }
            checked += 1;
        }
    }
    assert!(checked >= 3, "only {checked} predict questions");
}
