//! The class session's SSH transport (`lab::class`) with the real OpenSSH client on
//! loopback: a tiny hub echoes each student's keys back. Students join with the code
//! and see their keys; a wrong code, commands, sftp and forwardings are refused; a
//! student who does not read is dropped while another is served; the host key is
//! kept; the class has a size. Skips (saying why) without `ssh` and `sshpass`.

use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};
use mxdrill::lab::class::{Arrival, ClassConfig, ClassServer, ConnId};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

const CODE: &str = "4321";

fn tools() -> bool {
    let found = |tool: &str| {
        Command::new(tool)
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok()
    };
    let ok = found("ssh") && found("sshpass");
    if !ok {
        assert!(
            std::env::var_os("MXDRILL_REQUIRE_SSH").is_none(),
            "MXDRILL_REQUIRE_SSH is set (CI installed them): ssh and sshpass must be here"
        );
        println!(
            "skipped: the OpenSSH client and sshpass are needed (apt-get install openssh-client sshpass)"
        );
    }
    ok
}

/// Names of letters and digits, as a stand-in for play's rule.
fn rule(name: &str) -> Result<String, String> {
    if !name.is_empty() && name.len() <= 20 && name.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(name.to_string())
    } else {
        Err("letters and digits only".into())
    }
}

/// A server with an echoing hub; every arrival is passed on to the test.
struct Hub {
    server: Option<Arc<ClassServer>>,
    seen: Receiver<Arrival>,
    port: u16,
    _data: tempfile::TempDir,
}

impl Hub {
    fn start(configure: impl FnOnce(&mut ClassConfig)) -> Hub {
        let data = tempfile::tempdir().expect("a scratch folder");
        let mut config = ClassConfig::new(
            "127.0.0.1:0".parse().expect("address"),
            CODE,
            data.path().join("class").join("host_key"),
        );
        configure(&mut config);
        let (server, arrivals) = ClassServer::start(config, rule).expect("the server starts");
        let port = server.local_addr().port();
        let server = Arc::new(server);
        let echo: Weak<ClassServer> = Arc::downgrade(&server);
        let (tx, seen) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for arrival in arrivals {
                if let (Arrival::Keys { conn, bytes }, Some(server)) = (&arrival, echo.upgrade()) {
                    server.send(*conn, bytes.clone());
                }
                if tx.send(arrival).is_err() {
                    break;
                }
            }
        });
        Hub {
            server: Some(server),
            seen,
            port,
            _data: data,
        }
    }

    fn server(&self) -> &ClassServer {
        self.server.as_deref().expect("running")
    }

    /// The next arrival that `wanted` accepts, within `within`.
    fn expect(&self, within: Duration, what: &str, wanted: impl Fn(&Arrival) -> bool) -> Arrival {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.seen.recv_timeout(left) {
                Ok(a) if wanted(&a) => return a,
                Ok(_) => continue,
                Err(_) => panic!("no {what} within {within:?}"),
            }
        }
    }

    fn joined(&self, who: &str) -> (ConnId, u16, u16) {
        match self.expect(
            Duration::from_secs(20),
            &format!("{who} joining"),
            |a| matches!(a, Arrival::Joined { name, .. } if name == who),
        ) {
            Arrival::Joined {
                conn, cols, rows, ..
            } => (conn, cols, rows),
            _ => unreachable!(),
        }
    }

    /// `sshpass -p CODE ssh OPTIONS… USER@127.0.0.1 COMMAND…`, alone with its options.
    fn ssh(&self, code: &str, options: &[&str], user: &str, command: &[&str]) -> Command {
        let mut c = Command::new("sshpass");
        // The test's own options first: for OpenSSH the first value given wins.
        c.args(["-p", code, "ssh", "-F", "/dev/null"])
            .args(options)
            .args(["-o", "StrictHostKeyChecking=no"])
            .args(["-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"])
            .args(["-o", "NumberOfPasswordPrompts=1"])
            .args(["-p", &self.port.to_string()])
            .arg(format!("{user}@127.0.0.1"))
            .args(command);
        c
    }

    /// A student in a pseudo-terminal of 100×30.
    fn student(&self, user: &str) -> OsSession {
        let mut p = Session::spawn(self.ssh(CODE, &["-tt"], user, &[])).expect("ssh in a pty");
        p.get_process_mut()
            .set_window_size(100, 30)
            .expect("window size");
        p.set_expect_timeout(Some(Duration::from_secs(20)));
        p
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        if let Some(server) = self.server.take().and_then(|s| Arc::try_unwrap(s).ok()) {
            server.stop();
        }
    }
}

/// Runs `command` to its end (killed after `within`), with its output.
fn run(mut command: Command, within: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + within;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{command:?} still ran after {within:?}");
        }
        std::thread::sleep(Duration::from_millis(20)); // polling a child, with a deadline
    };
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_end(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_end(&mut stderr);
    }
    Output {
        status,
        stdout,
        stderr,
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_student_joins_with_the_code_and_sees_their_keys_echoed() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|_| {});
    let mut ana = hub.student("ana");
    let (conn, cols, rows) = hub.joined("ana");
    // The pty may get its size just after ssh read it: then a resize follows.
    if (cols, rows) != (100, 30) {
        hub.expect(Duration::from_secs(10), "the 100×30 size", |a| {
            *a == Arrival::Resized {
                conn,
                cols: 100,
                rows: 30,
            }
        });
    }
    ana.send("hello-class").expect("type");
    ana.expect("hello-class").expect("the echo");
    let keys = hub.expect(Duration::from_secs(10), "ana's keys", |a| {
        matches!(a, Arrival::Keys { .. })
    });
    assert!(matches!(keys, Arrival::Keys { conn: c, .. } if c == conn));
    assert!(hub.server().send(conn, b"\r\nfrom-the-hub\r\n".to_vec()));
    ana.expect("from-the-hub").expect("the hub's bytes");
    hub.server().close(conn, b"\r\nclass-over\r\n".to_vec());
    ana.expect("class-over").expect("the last words");
    ana.expect(Eof).expect("ssh ends");
    hub.expect(Duration::from_secs(10), "ana leaving", |a| {
        *a == Arrival::Left { conn }
    });
    assert!(!hub.server().send(conn, b"x".to_vec()), "gone");
}

#[test]
fn a_wrong_code_is_refused() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|_| {});
    let out = run(
        hub.ssh("9999", &["-tt"], "ana", &[]),
        Duration::from_secs(30),
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Permission denied") || out.status.code() == Some(5),
        "sshpass says 5 for a refused password: {:?} {}",
        out.status,
        text(&out)
    );
}

#[test]
fn commands_sftp_forwardings_and_no_terminal_are_refused() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|_| {});
    let within = Duration::from_secs(30);

    let out = run(hub.ssh(CODE, &[], "ana", &["cat", "/etc/passwd"]), within);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("root:"), "{}", text(&out));

    let out = run(hub.ssh(CODE, &["-s"], "ana", &["sftp"]), within);
    assert!(!out.status.success(), "sftp: {}", text(&out));

    let out = run(
        hub.ssh(
            CODE,
            &[
                "-N",
                "-o",
                "ExitOnForwardFailure=yes",
                "-R",
                "0:127.0.0.1:9",
            ],
            "ana",
            &[],
        ),
        within,
    );
    assert!(!out.status.success(), "-R: {}", text(&out));

    let out = run(hub.ssh(CODE, &["-T"], "ana", &[]), within);
    assert!(!out.status.success(), "-T: {}", text(&out));
    assert!(text(&out).contains("needs a terminal"), "{}", text(&out));

    // -L: the local end listens, but the server refuses the channel.
    let local = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let lport = local.local_addr().expect("port").port();
    drop(local);
    let forward = format!("{lport}:127.0.0.1:{}", hub.port);
    let mut ssh = hub.ssh(CODE, &["-N", "-L", &forward], "ana", &[]);
    let mut child = ssh
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ssh -L");
    let deadline = Instant::now() + within;
    let mut refused = false;
    while Instant::now() < deadline && !refused {
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", lport)) {
            s.set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            let mut buf = [0u8; 64];
            // A forwarded connection to the server itself would read its SSH banner.
            refused = matches!(s.read(&mut buf), Ok(0) | Err(_));
            assert!(refused, "the forward carried bytes: {:?}", &buf[..8]);
        } else {
            std::thread::sleep(Duration::from_millis(50)); // the -L port is not up yet
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(refused, "the -L port never answered");

    // None of them joined.
    assert!(
        hub.seen
            .try_iter()
            .all(|a| !matches!(a, Arrival::Joined { .. })),
        "a refused session joined"
    );
}

#[test]
fn a_student_who_does_not_read_is_dropped_and_another_is_served() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|c| c.outbox_limit = 128 * 1024);
    let _slow = hub.student("slow"); // its terminal is never read
    let (slow, _, _) = hub.joined("slow");
    let mut quick = hub.student("quick");
    let (quick_conn, _, _) = hub.joined("quick");

    // Frames of 16 KB, about a thousand a second, as a hub that redraws fast.
    let started = Instant::now();
    let frame = vec![b'x'; 16 * 1024];
    let mut sent = 0usize;
    while hub.server().send(slow, frame.clone()) {
        sent += frame.len();
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "still accepted after {sent} bytes"
        );
        std::thread::sleep(Duration::from_millis(1)); // the hub's frame pace
    }
    // Not on the first frames: only once its client stopped taking bytes (its
    // window and the pty's buffer full) and a megabyte waited.
    assert!(sent >= 1024 * 1024, "dropped after only {sent} bytes");
    let dropped_after = started.elapsed();
    hub.expect(Duration::from_secs(15), "the slow student leaving", |a| {
        *a == Arrival::Left { conn: slow }
    });
    assert!(!hub.server().send(slow, b"x".to_vec()));
    println!("slow reader dropped after {sent} bytes in {dropped_after:?}");

    let asked = Instant::now();
    quick.send("still-here").expect("type");
    quick.expect("still-here").expect("the echo");
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "{:?}",
        asked.elapsed()
    );
    assert!(hub.server().send(quick_conn, b"ok".to_vec()));
}

#[test]
fn the_host_key_is_kept_across_starts_and_private() {
    let data = tempfile::tempdir().expect("a scratch folder");
    let path = data.path().join("class").join("host_key");
    let config = ClassConfig::new("127.0.0.1:0".parse().expect("address"), CODE, path.clone());
    let (first, _a) = ClassServer::start(config.clone(), rule).expect("first start");
    let print = first.host_key_fingerprint();
    first.stop();
    let (second, _b) = ClassServer::start(config, rule).expect("second start");
    assert_eq!(second.host_key_fingerprint(), print);
    assert!(print.starts_with("SHA256:"), "{print}");
    second.stop();
    private(&path);
    // ssh-keygen prints the same fingerprint for the file.
    if let Ok(out) = Command::new("ssh-keygen").arg("-lf").arg(&path).output() {
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains(&print), "{said} / {print}");
    }
    // A corrupt key is an error naming the file, and is kept.
    std::fs::write(&path, "garbage").expect("write");
    let config = ClassConfig::new("127.0.0.1:0".parse().expect("address"), CODE, path.clone());
    let error = ClassServer::start(config, rule).expect_err("refused");
    assert!(error.contains(&path.display().to_string()), "{error}");
}

#[cfg(unix)]
fn private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .expect("the key")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

#[cfg(not(unix))]
fn private(path: &Path) {
    assert!(path.exists());
}

#[test]
fn a_busy_address_is_named_in_the_error() {
    let data = tempfile::tempdir().expect("a scratch folder");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = taken.local_addr().expect("address");
    let config = ClassConfig::new(addr, CODE, data.path().join("host_key"));
    let error = ClassServer::start(config, rule).expect_err("busy");
    assert!(error.contains(&addr.to_string()), "{error}");
}

#[test]
fn the_student_after_the_last_seat_is_told_the_class_is_full() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|c| c.max_students = 2);
    let _ana = hub.student("ana");
    hub.joined("ana");
    let _bo = hub.student("bo");
    hub.joined("bo");
    let mut cy = hub.student("cy");
    cy.expect("The class is full (2 students)")
        .expect("the message");
    cy.expect(Eof).expect("ssh ends");
    assert!(
        hub.seen
            .try_iter()
            .all(|a| !matches!(a, Arrival::Joined { ref name, .. } if name == "cy")),
        "cy joined"
    );
}

#[test]
fn an_address_that_got_the_code_wrong_too_often_waits_and_a_bad_name_is_told_why() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|c| c.per_address.wrong_codes = 1);
    let within = Duration::from_secs(30);
    let mut bad = hub.student("ana-b");
    bad.expect("That name cannot be used: letters and digits only")
        .expect("the reason");
    bad.expect(Eof).expect("ssh ends");

    let out = run(hub.ssh("9999", &["-tt"], "ana", &[]), within);
    assert!(!out.status.success(), "{}", text(&out));
    // The right code now: the address waits, and the banner says so (OpenSSH
    // shows banners at its default log level, INFO).
    let out = run(
        hub.ssh(CODE, &["-tt", "-o", "LogLevel=INFO"], "ana", &[]),
        within,
    );
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Too many wrong codes"),
        "{}",
        text(&out)
    );
    assert!(
        hub.seen
            .try_iter()
            .all(|a| !matches!(a, Arrival::Joined { .. })),
        "someone joined"
    );
}

#[test]
fn a_huge_paste_is_cut_to_the_keys_budget() {
    if !tools() {
        return;
    }
    let hub = Hub::start(|_| {});
    let mut ana = hub.student("ana");
    let (conn, _, _) = hub.joined("ana");
    let started = Instant::now();
    let paste = "y".repeat(64 * 1024);
    ana.send(&paste).expect("paste");
    ana.send("END").expect("type");
    // Keys arrive until the paste is through ssh; count them for a while.
    let mut forwarded = 0usize;
    let mut largest = 0usize;
    while let Ok(a) = hub.seen.recv_timeout(Duration::from_millis(500)) {
        if let Arrival::Keys { conn: c, bytes } = a {
            assert_eq!(c, conn);
            forwarded += bytes.len();
            largest = largest.max(bytes.len());
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let allowed = f64::from(mxdrill::lab::class::KEYS_PER_SECOND) * (1.0 + elapsed);
    assert!(forwarded > 0, "nothing forwarded");
    assert!(
        largest <= mxdrill::lab::class::KEYS_PER_ARRIVAL,
        "{largest}"
    );
    assert!(
        (forwarded as f64) <= allowed,
        "{forwarded} bytes forwarded in {elapsed:.1} s"
    );
    assert!(forwarded < paste.len(), "the whole paste went through");
}
