use super::*;
use proptest::prelude::*;

fn codes(d: &mut Decoder, bytes: &[u8]) -> Vec<KeyCode> {
    d.feed(bytes).into_iter().map(|k| k.code).collect()
}

fn said(bytes: &[u8]) -> Vec<StudentKey> {
    Decoder::default()
        .feed(bytes)
        .iter()
        .filter_map(|k| student_key(k, false))
        .collect()
}

#[test]
fn characters_enter_backspace_and_arrows_become_keys() {
    let mut d = Decoder::default();
    assert_eq!(
        codes(&mut d, b"a\r\x7f\x1b[A\x1bOB\x1b[5~\x1b[6~"),
        vec![
            KeyCode::Char('a'),
            KeyCode::Enter,
            KeyCode::Backspace,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]
    );
    assert_eq!(
        codes(&mut d, "é→".as_bytes()),
        vec![KeyCode::Char('é'), KeyCode::Char('→')]
    );
    // \r\n is one Enter; a \n alone is one too.
    assert_eq!(
        codes(&mut d, b"\r\n\n"),
        vec![KeyCode::Enter, KeyCode::Enter]
    );
    let shift_up = d.feed(b"\x1b[1;2A");
    assert_eq!(shift_up[0].code, KeyCode::Up);
    assert_eq!(shift_up[0].modifiers, KeyModifiers::SHIFT);
}

#[test]
fn a_sequence_or_character_split_between_chunks_still_counts() {
    let mut d = Decoder::default();
    assert!(d.feed(b"\x1b").is_empty());
    assert!(d.feed(b"[").is_empty());
    assert_eq!(codes(&mut d, b"B"), vec![KeyCode::Down]);
    assert!(d.feed(b"\x1b[6").is_empty());
    assert_eq!(
        codes(&mut d, b"~x"),
        vec![KeyCode::PageDown, KeyCode::Char('x')]
    );
    let e = "é".as_bytes();
    assert!(d.feed(&e[..1]).is_empty());
    assert_eq!(codes(&mut d, &e[1..]), vec![KeyCode::Char('é')]);
}

#[test]
fn the_class_keys_go_through_the_app_key_table() {
    use crate::play::sitting::Command as C;
    let commands = said(b"jk3 \rKJ");
    assert_eq!(
        commands,
        vec![
            StudentKey::Command(C::Down),
            StudentKey::Command(C::Up),
            StudentKey::Command(C::Choose(2)),
            StudentKey::Command(C::Toggle),
            StudentKey::Command(C::Enter),
            StudentKey::Command(C::MoveUp),
            StudentKey::Command(C::MoveDown),
        ]
    );
    for leave in [&b"q"[..], b"\x03", b"\x04"] {
        assert_eq!(said(leave), vec![StudentKey::Leave], "{leave:?}");
    }
    assert_eq!(
        said(b"\x1b[5~\x1b[6~"),
        vec![StudentKey::Scroll(true), StudentKey::Scroll(false)]
    );
    // Keys of other screens do nothing here.
    assert!(
        said(b"S f g v")
            .iter()
            .all(|k| *k == StudentKey::Command(C::Toggle))
    );
}

#[test]
fn a_paste_never_answers_however_it_is_split() {
    let mut d = Decoder::default();
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend(std::iter::repeat_n(b'1', 1 << 20));
    paste.extend(b"\r\x1b[201~j");
    // In chunks of 4 KiB, which cut the markers anywhere.
    let mut keys = Vec::new();
    for chunk in paste.chunks(4093) {
        keys.extend(d.feed(chunk));
    }
    assert_eq!(
        keys.iter().map(|k| k.code).collect::<Vec<_>>(),
        vec![KeyCode::Char('j')]
    );
    // The end marker split in two.
    let mut d = Decoder::default();
    assert!(d.feed(b"\x1b[200~hello\x1b[20").is_empty());
    assert_eq!(codes(&mut d, b"1~k"), vec![KeyCode::Char('k')]);
}

#[test]
fn garbage_is_dropped_and_a_flood_is_capped() {
    let mut d = Decoder::default();
    // Unknown CSI, a stray ESC [ with a control inside, invalid UTF-8, NUL.
    assert_eq!(
        codes(&mut d, b"\x1b[99;99;99z\x1b[\x01\xff\xc3(\x00j"),
        // Ctrl+A (nothing for the class), then '(' after the broken character.
        vec![KeyCode::Char('a'), KeyCode::Char('('), KeyCode::Char('j')]
    );
    // An endless parameter list is not kept.
    let mut long = b"\x1b[".to_vec();
    long.extend(std::iter::repeat_n(b'1', 10_000));
    assert!(d.feed(&long).is_empty());
    assert!(d.pending.len() <= PENDING_LIMIT);
    assert_eq!(codes(&mut d, b"k"), vec![KeyCode::Char('k')]);
    assert_eq!(d.feed(&vec![b'j'; 100_000]).len(), KEYS_PER_CHUNK);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic_and_stay_bounded(
        chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..200), 0..20)
    ) {
        let mut d = Decoder::default();
        for chunk in &chunks {
            let keys = d.feed(chunk);
            prop_assert!(keys.len() <= KEYS_PER_CHUNK);
            prop_assert!(d.pending.len() <= PENDING_LIMIT);
            for k in &keys {
                let _ = student_key(k, false);
                let _ = student_key(k, true);
            }
        }
    }
}
