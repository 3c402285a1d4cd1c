//! The delivery simulator as a classroom sees it (issue 15): snapshots at 80×24 and
//! 120×40 of the scenarios a Network+ class meets, each showing the path and every
//! host's state; the what-if keys agree with `mxdrill simulate`; `simulate --svg`
//! writes a picture that parses as XML. The app is driven by key events only.

#[path = "common/binary.rs"]
mod binary;
use binary::mxdrill;
use mxdrill::content::{self};
use mxdrill::tui::App;
use quick_xml::Reader;
use quick_xml::events::Event;
use ratatui::crossterm::event::KeyCode;

#[path = "common/screen.rs"]
mod screen;
use screen::{SIZES, key, text, typed as keys};

/// The bundled zones and the small fixed bank the screen tests use.
fn app() -> App {
    screen::app_with("tests/fixtures/tui/bank.yaml", false)
}

/// The simulator on `zone` (as `mxdrill present ZONE` opens it), presenter off.
fn on(zone: &str) -> App {
    let mut a = app();
    assert!(a.present(Some(zone)), "{zone}");
    key(&mut a, KeyCode::Char('P'));
    a
}

/// Both sizes: every `must` shows at each (hosts, states, the path, the outcome).
fn snap(name: &str, app: &App, must: &[&str]) {
    for (w, h) in SIZES {
        let shown = text(app, w, h);
        for m in must {
            assert!(shown.contains(m), "{name} {w}x{h} lacks {m:?}:\n{shown}");
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), shown);
    }
}

#[test]
fn delivery_to_the_primary() {
    // R1.7: the lowest preference is tried first and takes the message.
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::End);
    snap(
        "primary",
        &a,
        &[
            "✓ up",
            "✓ 250",
            "● delivered",
            "Delivered to mail.petalmail.example",
        ],
    );
}

#[test]
fn fallback_after_a_refused_primary() {
    // R1.8: a refused connection is temporary; the next host (R1.7) takes the message.
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::Char('s')); // mail.petalmail.example: down
    key(&mut a, KeyCode::End);
    snap(
        "fallback",
        &a,
        &[
            "✗ down",
            "✓ up",
            "✗ refused",
            "✓ 250",
            "Delivered to backupmail.petalmail.example",
        ],
    );
}

#[test]
fn a_backup_that_refuses_the_domain_bounces_the_message() {
    // R1.11: a 5xx at RCPT is permanent: the message comes back to the sender.
    let mut a = on("silverline-studio.example.com");
    key(&mut a, KeyCode::Char('s')); // mail: down
    key(&mut a, KeyCode::End);
    snap(
        "backup_refuses",
        &a,
        &[
            "✗ down",
            "✓ up",
            "✗ 550",
            "bounced to the sender",
            "Bounced 5.7.1",
        ],
    );
}

#[test]
fn equal_preferences_share_the_load() {
    // R1.7: equal preferences form a load-sharing group, tried in random order.
    let mut a = on("tidewater-logistics.example.net");
    key(&mut a, KeyCode::End);
    snap(
        "equal_preferences",
        &a,
        &["load-sharing group", "✓ 250", "✓ up"],
    );
}

#[test]
fn a_null_mx_bounces_at_once() {
    // R2.2: a null MX fails at once, no host is tried.
    let mut a = on("quietmeadow.example.org");
    key(&mut a, KeyCode::End);
    snap(
        "null_mx",
        &a,
        &["null MX", "Bounced 5.1.0", "bounced to the sender"],
    );
}

#[test]
fn timeout_and_down_jump_to_the_end_in_one_key() {
    // R1.10: the queue retries for five days, then bounces with 5.4.7; the app folds
    // the repeated attempts as the CLI does and End gets there at once.
    let mut a = on("blossomflowers.example");
    keys(&mut a, "ss"); // mail.petalmail.example: timeout
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "s"); // backupmail.petalmail.example: down
    key(&mut a, KeyCode::End);
    assert!(
        !a.animating(),
        "paused at the end: the loop blocks on input"
    );
    snap(
        "timeout_down_end",
        &a,
        &[
            "⏱ timeout",
            "✗ down",
            "✗ timed out",
            "✗ refused",
            "as #2",
            "Bounced 5.4.7",
        ],
    );
}

/// What `mxdrill simulate` says of a delivery, as the app's outcome line starts.
fn cli_outcome(args: &[&str]) -> String {
    let out = mxdrill()
        .arg("simulate")
        .args(args)
        .arg("--json")
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let o = &json["outcome"];
    let attempts = match o["attempts"].as_u64() {
        Some(1) => "1 attempt".to_string(),
        n => format!("{} attempts", n.unwrap_or(0)),
    };
    match o["kind"].as_str() {
        Some("delivered") => format!(
            "✓ Delivered to {} after {attempts}",
            o["host"].as_str().unwrap_or("?"),
        ),
        _ => format!(
            "✗ Bounced {} after {attempts}",
            o["dsn"].as_str().unwrap_or("?"),
        ),
    }
}

/// The recipient the app's header names.
fn recipient(app: &App) -> String {
    let shown = text(app, 160, 40);
    let head = shown.lines().next().unwrap_or_default().to_string();
    head.split(" · ").nth(1).unwrap_or_default().to_string()
}

#[test]
fn what_if_keys_rerun_the_delivery_as_simulate_says() {
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::End);
    let shows = |a: &App, expected: &str| {
        let shown = text(a, 160, 40);
        assert!(shown.contains(expected), "expected {expected:?}:\n{shown}");
    };
    let base = ["info@blossomflowers.example", "--seed", "0"];
    shows(&a, &cli_outcome(&base));
    // s: the primary down; the rerun shows its end at once.
    key(&mut a, KeyCode::Char('s'));
    let down = [&base[..], &["--state", "mail.petalmail.example=down"]].concat();
    shows(&a, &cli_outcome(&down));
    // Tab, s s: the backup times out too: the message waits, then bounces (R1.10).
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "ss");
    let both = [
        &down[..],
        &["--state", "backupmail.petalmail.example=timeout"],
    ]
    .concat();
    shows(&a, &cli_outcome(&both));
    // p: Exim's retry rules give up after four days, not five.
    key(&mut a, KeyCode::Char('p'));
    let exim = [&both[..], &["--profile", "exim"]].concat();
    let expected = cli_outcome(&exim);
    assert_ne!(expected, cli_outcome(&both), "the profiles differ");
    shows(&a, &expected);
    // z: the next zone, every host as its zone says.
    key(&mut a, KeyCode::Char('z'));
    key(&mut a, KeyCode::End);
    let next = recipient(&a);
    assert!(next.starts_with("info@"), "{next}");
    shows(
        &a,
        &cli_outcome(&[&next, "--seed", "0", "--profile", "exim"]),
    );
}

#[test]
fn mx_edits_and_recipients_rerun_the_delivery() {
    // Removing the primary's MX (x) leaves the backup as the only host (R1.7);
    // adding one back (i) and picking a recipient (u) rerun at once.
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Char('x'));
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains("Delivered to backupmail.petalmail.example"),
        "{shown}"
    );
    assert!(!shown.contains("┌ mail.petalmail.example"), "{shown}");
    key(&mut a, KeyCode::Char('i'));
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains("preference 30"),
        "an MX added after the last: {shown}"
    );
    let mut b = on("pebblebrook-school.example.org");
    key(&mut b, KeyCode::Char('u'));
    assert_eq!(recipient(&b), "info@lists.pebblebrook-school.example.org");
    key(&mut b, KeyCode::End);
    let expected = cli_outcome(&["info@lists.pebblebrook-school.example.org", "--seed", "0"]);
    assert!(text(&b, 160, 40).contains(&expected), "{expected}");
}

#[test]
fn playing_ticks_and_pausing_stops_the_clock() {
    let mut a = on("blossomflowers.example");
    assert!(!a.animating(), "a new simulator waits for Space");
    key(&mut a, KeyCode::Char(' '));
    assert!(a.animating());
    let slow = a.frame_delay();
    key(&mut a, KeyCode::Char(']'));
    assert!(a.frame_delay() < slow, "] plays faster");
    a.animate();
    key(&mut a, KeyCode::Char(' '));
    assert!(!a.animating(), "paused: the loop blocks on input, no ticks");
    while {
        key(&mut a, KeyCode::Char('a'));
        !text(&a, 120, 40).contains("Delivered")
    } {}
}

#[test]
fn the_inspector_shows_the_dns_message_the_transcript_and_the_rule() {
    let mut a = on("silverline-studio.example.com");
    key(&mut a, KeyCode::Enter);
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains(";; QUESTION SECTION:"),
        "dig's output: {shown}"
    );
    assert!(
        shown.contains("R1.1: The sender asks DNS for the MX records"),
        "{shown}"
    );
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::End);
    let shown = text(&a, 120, 40);
    assert!(shown.contains("Status: 5.7.1"), "the DSN: {shown}");
    // f: only SMTP steps; the conversation with its reply.
    keys(&mut a, "fff");
    key(&mut a, KeyCode::Char('r'));
    let shown = text(&a, 120, 40);
    assert!(shown.contains("only SMTP"), "{shown}");
    assert!(shown.contains("S: 550 5.7.1 Relaying denied"), "{shown}");
}

/// Every text node of an SVG document, parsed strictly.
fn svg_text(svg: &str) -> String {
    let mut reader = Reader::from_str(svg);
    reader.config_mut().check_end_names = true;
    let mut out = String::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                if depth == 0 {
                    assert_eq!(e.name().as_ref(), "svg");
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Text(t) => {
                out.push_str(&t.into_inner());
                out.push('\n');
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "every element closed");
    out
}

#[test]
fn simulate_writes_the_picture_as_svg() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("silverline.svg");
    mxdrill()
        .args([
            "simulate",
            "info@silverline-studio.example.com",
            "--seed",
            "0",
            "--state",
            "mail.silverline-studio.example.com=down",
            "--svg",
        ])
        .arg(&path)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&path).expect("written");
    assert!(svg.contains(r#"version="1.1""#));
    let words = svg_text(&svg);
    for name in [
        "mail.silverline-studio.example.com",
        "mx2.silverline-studio.example.com",
        "✗ down",
        "✗ refused",
        "✗ 550",
        "Bounced 5.7.1",
    ] {
        assert!(words.contains(name), "{name}:\n{words}");
    }
}

#[test]
fn presenter_mode_shows_the_outcome_in_big_text_with_the_same_keys() {
    let mut a = app();
    assert!(a.present(Some("blossomflowers.example")));
    keys(&mut a, "ss");
    key(&mut a, KeyCode::Tab);
    keys(&mut a, "s");
    key(&mut a, KeyCode::End);
    // The caption is the last step; the big text is not the domain name.
    snap(
        "presenter_bounce",
        &a,
        &[
            "▶ Return the message to the sender: 5.4.7",
            "⏱ timeout",
            "✗ down",
        ],
    );
    let shown = text(&a, 120, 40);
    assert!(!shown.contains("BLOSSOMFLOWERS"), "{shown}");
}

/// The picture of `zone`'s delivery with `host` down, step by step.
fn pictures(zone: &str, down: &str) -> Vec<mxdrill::play::picture::Picture> {
    use mxdrill::delivery::{Behaviour, Setup};
    use mxdrill::dns::HostState;
    let lib = content::load(&content::bundled_sources());
    let mut setup = Setup::new(format!("info@{zone}"));
    let host = mxdrill::play::scenario::known_host(&lib.world, down).expect("host");
    setup.set_behaviour(
        host,
        Behaviour {
            state: HostState::Down,
            lasts: None,
        },
    );
    let w = mxdrill::play::WhatIf::of(setup, &lib.world);
    let steps = w.trace.as_ref().expect("runs").steps.len();
    (0..steps).map(|i| w.picture(i)).collect()
}

#[test]
fn the_marker_follows_the_message_not_the_lookups() {
    use mxdrill::delivery::Wire;
    use mxdrill::play::picture::{Dns, Marker};
    let all = pictures(
        "silverline-studio.example.com",
        "mail.silverline-studio.example.com",
    );
    // While the sender looks up addresses (R1.6) the message stays at the sender,
    // even when the lookup is about the second host.
    let looking: Vec<_> = all.iter().filter(|p| p.dns == Dns::Asking).collect();
    assert!(looking.len() >= 3, "MX and two address lookups");
    assert!(looking.iter().all(|p| p.marker == Marker::Sender));
    // The refused connection to the primary is on its wire (R1.8) ...
    let refused = all
        .iter()
        .position(|p| p.hosts[0].links[0].wire == Some(Wire::Refused))
        .expect("refused");
    assert_eq!(all[refused].marker, Marker::Wire { host: 0, wire: 0 });
    // ... "try the next host" brings it back to the sender (R1.7) ...
    assert_eq!(all[refused + 1].marker, Marker::Sender);
    // ... mx2 answers 550 at RCPT (R1.11) and the bounce goes back to the sender.
    let last = all.last().expect("steps");
    assert_eq!(last.hosts[1].links[0].wire, Some(Wire::Reply("550".into())));
    assert_eq!(last.marker, Marker::Bounced);
    assert_eq!(last.headline.as_deref(), Some("BOUNCED 5.7.1"));
}

#[test]
fn six_hosts_at_80_columns_keep_every_state_in_view() {
    // The issue: at 80 columns the states of five of six hosts were cut off.
    let mut a = app();
    assert!(a.present(Some("pebblebrook-school.example.org")));
    let shown = text(&a, 80, 24);
    assert_eq!(shown.matches("✓ up").count(), 6, "{shown}");
    key(&mut a, KeyCode::Char('s'));
    let shown = text(&a, 80, 24);
    assert_eq!(shown.matches("✓ up").count(), 5, "{shown}");
    assert!(shown.contains("✗ down"), "{shown}");
}

#[test]
fn help_lists_every_simulator_key_at_80_by_24() {
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::Char('?'));
    let shown = text(&a, 80, 24);
    for keys in [
        "Space", "End G", "a PgDn", "[ ]", "Enter", "f", "P", "i", "u", "x",
    ] {
        assert!(
            shown.lines().any(|l| l.contains(&format!("│{keys:<10}"))
                || l.contains(&format!(" {keys:<10}"))),
            "{keys}:\n{shown}"
        );
    }
    insta::assert_snapshot!("help_80x24", shown);
}

/// Issue 24 defect 11: with every MX removed, the implicit MX (R1.4) sends the mail
/// to the web server behind the domain's A record, which its zone says refuses
/// port 25: it is drawn refusing and the message waits, never "✓ up … delivered".
#[test]
fn with_every_mx_removed_the_web_server_refuses_as_its_zone_says() {
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::End);
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::Char('x'));
    key(&mut a, KeyCode::End);
    for (w, h) in SIZES {
        let shown = text(&a, w, h);
        assert!(shown.contains("blossomflowers.example"), "{shown}");
        assert!(shown.contains("✗ down"), "{w}x{h}:\n{shown}");
        assert!(!shown.contains("✓ up"), "{w}x{h}:\n{shown}");
        assert!(!shown.contains("delivered"), "{w}x{h}:\n{shown}");
    }
}

/// Issue 24 defect 11: `f` on a kind the delivery has no step of says so, rather
/// than an empty box.
#[test]
fn filtering_on_a_kind_with_no_steps_says_so() {
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::End);
    // all kinds → DNS → connect: a delivery to the primary has no failed connection.
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Char('f'));
    for (w, h) in SIZES {
        let shown = text(&a, w, h);
        assert!(shown.contains("(only connect)"), "{shown}");
        assert!(
            shown.contains("No connect steps in this delivery. Press f for the next kind."),
            "{w}x{h}:\n{shown}"
        );
        // The header counts no step rather than "step 1/0".
        assert!(shown.contains("no step listed"), "{w}x{h}:\n{shown}");
        assert!(!shown.contains("/0 "), "{w}x{h}:\n{shown}");
    }
}

/// Issue 24 defect 11: the selection (what `+`, `-`, `x` and `s` change) is a host:
/// when `+` sorts the selected host after another, the selection moves with it.
#[test]
fn the_selection_follows_its_host_when_a_preference_re_sorts_the_hosts() {
    let mut a = on("blossomflowers.example");
    key(&mut a, KeyCode::End);
    // mail.petalmail.example (10) is selected; twice + makes it 30, after the backup's 20.
    key(&mut a, KeyCode::Char('+'));
    key(&mut a, KeyCode::Char('+'));
    let shown = text(&a, 80, 24);
    let selected = shown
        .lines()
        .find(|l| l.contains('▸'))
        .unwrap_or_else(|| panic!("a selected host:\n{shown}"));
    assert!(
        selected.contains("mail.petalmail.example") && !selected.contains("backupmail"),
        "{selected}\n{shown}"
    );
    // One more + still changes the same host: it is tried last at 40.
    key(&mut a, KeyCode::Char('+'));
    let shown = text(&a, 80, 24);
    assert!(shown.contains("40"), "{shown}");
}
