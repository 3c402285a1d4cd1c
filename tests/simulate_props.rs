//! Properties of the simulator over random worlds (mx-rules.md R1.5, R1.7, R2.2).

use mxdrill::content::{self, Source};
use mxdrill::delivery::{Behaviour, Profile, Scenario, StepKind, Trace, simulate};
use mxdrill::dns::{HostState, World};
use proptest::prelude::*;

const STATES: [HostState; 9] = [
    HostState::Up,
    HostState::Down,
    HostState::Timeout,
    HostState::Greet4xx,
    HostState::Greet5xx,
    HostState::Rcpt4xx,
    HostState::Rcpt5xx,
    HostState::Data4xx,
    HostState::Data5xx,
];

/// A random mail domain: 2–5 MX hosts with preferences from a small set (so ties
/// happen), each with a random state; the domain itself has a web server address.
#[derive(Debug, Clone)]
struct RandomWorld {
    preferences: Vec<u16>,
    states: Vec<usize>,
    profile: usize,
    seed: u64,
}

fn random_world() -> impl Strategy<Value = RandomWorld> {
    (2usize..=5)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(prop::sample::select(vec![0u16, 10, 10, 20, 30]), n),
                prop::collection::vec(0usize..9, n),
                0usize..3,
                any::<u64>(),
            )
        })
        .prop_map(|(preferences, states, profile, seed)| RandomWorld {
            preferences,
            states,
            profile,
            seed,
        })
}

fn build(w: &RandomWorld, null_mx: bool) -> World {
    let mut zone = String::from(
        "$ORIGIN rand.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n@ IN A 192.0.2.80\n",
    );
    if null_mx {
        zone.push_str("@ IN MX 0 .\n");
    } else {
        for (i, p) in w.preferences.iter().enumerate() {
            zone.push_str(&format!(
                "@ IN MX {p} mx{i}\nmx{i} IN A 198.51.100.{}\n",
                i + 1
            ));
        }
    }
    content::load(&[Source {
        path: "rand.example.zone".into(),
        text: zone,
        bundled: false,
        unreadable: None,
    }])
    .world
}

fn run(world: &World, w: &RandomWorld) -> Trace {
    let overrides = w
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                format!("mx{i}.rand.example.").parse().expect("name"),
                Behaviour {
                    state: STATES[*s],
                    lasts: None,
                },
            )
        })
        .collect();
    let profile = [Profile::Postfix, Profile::Exim, Profile::Rfc][w.profile];
    let scenario = Scenario {
        world,
        recipient: "bob@rand.example",
        overrides,
        profile,
        self_host: None,
        seed: w.seed,
    };
    simulate(&scenario).expect("simulates")
}

fn preference_of(host: &str) -> u16 {
    let i: usize = host
        .trim_start_matches("mx")
        .split('.')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("mxN");
    i as u16
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_lower_preference_is_always_tried_before_a_higher_one_r1_7(w in random_world()) {
        let world = build(&w, false);
        let trace = run(&world, &w);
        let tried: Vec<u16> = trace
            .steps
            .iter()
            .filter(|s| s.attempt == 1 && matches!(s.kind, StepKind::Connect | StepKind::Smtp))
            .map(|s| w.preferences[usize::from(preference_of(s.host.as_deref().unwrap_or("mx0")))])
            .collect();
        prop_assert!(tried.windows(2).all(|p| p[0] <= p[1]), "{tried:?}");
    }

    #[test]
    fn the_domains_own_address_is_never_used_when_an_mx_exists_r1_5(w in random_world()) {
        let world = build(&w, false);
        let trace = run(&world, &w);
        prop_assert!(trace.steps.iter().all(|s| s.host.as_deref() != Some("rand.example")));
        prop_assert!(trace.steps.iter().all(|s| s.artefact.iter().all(|l| !l.contains("192.0.2.80]"))));
    }

    #[test]
    fn a_null_mx_never_leads_to_a_connection_r2_2(w in random_world()) {
        let world = build(&w, true);
        let trace = run(&world, &w);
        prop_assert!(trace.steps.iter().all(|s| !matches!(s.kind, StepKind::Connect | StepKind::Smtp)));
        prop_assert_eq!(trace.outcome.attempts, 1);
    }

    #[test]
    fn the_same_seed_gives_the_same_trace_r1_7(w in random_world()) {
        let world = build(&w, false);
        prop_assert_eq!(run(&world, &w), run(&world, &w));
    }
}
