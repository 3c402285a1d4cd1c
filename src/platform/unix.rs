//! The Unix side of [`super`].

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

pub const LINK_LOOP: i32 = libc::ELOOP;

pub fn open_for_reading(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

/// On Unix the opened file's metadata tells devices, FIFOs and sockets apart.
pub fn is_disk_file(_: &File) -> bool {
    true
}

pub fn replace_file(from: &Path, to: &Path) -> io::Result<()> {
    std::fs::rename(from, to)?;
    let folder = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)?.sync_all()
}

pub fn create_private(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

pub fn on_exit_request(restore: fn()) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

pub const JOB_CONTROL: bool = true;

/// The job-control signal not yet taken: 0 none, else the signal's number.
static PENDING_JOB_SIGNAL: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

pub fn watch_job_control() -> io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGTSTP};
    use std::sync::atomic::Ordering;
    let mut signals = signal_hook::iterator::Signals::new([SIGTSTP, SIGCONT])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            PENDING_JOB_SIGNAL.store(signal, Ordering::SeqCst);
            // Wake the event loop: crossterm's reader returns a resize on SIGWINCH.
            // SAFETY: kill(2) on this very process; no memory is involved.
            unsafe { libc::kill(libc::getpid(), libc::SIGWINCH) };
        }
    });
    Ok(())
}

pub fn job_signal() -> Option<super::JobSignal> {
    use signal_hook::consts::{SIGCONT, SIGTSTP};
    match PENDING_JOB_SIGNAL.swap(0, std::sync::atomic::Ordering::SeqCst) {
        SIGTSTP => Some(super::JobSignal::Suspend),
        SIGCONT => Some(super::JobSignal::Continue),
        _ => None,
    }
}

pub fn stop_process() -> io::Result<()> {
    // SIGTSTP is ignored by the kernel in an orphaned process group (a program
    // started by a test harness, say); SIGSTOP always stops, and the shell's `fg`
    // continues it the same way.
    signal_hook::low_level::raise(libc::SIGSTOP)
}

pub fn keyboard_available() -> bool {
    File::open("/dev/tty").is_ok()
}

pub fn mouse_reporting(_on: bool, escapes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(escapes)?;
    out.flush()
}

pub fn host_addresses() -> Vec<std::net::IpAddr> {
    let mut found = Vec::new();
    let mut first: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `first` with a list it allocates, freed below with
    // freeifaddrs; each entry's ifa_addr is null or points at a sockaddr of the
    // family it names, read only as that family's struct.
    unsafe {
        if libc::getifaddrs(&mut first) != 0 {
            return found;
        }
        let mut at = first;
        while !at.is_null() {
            let addr = (*at).ifa_addr;
            if !addr.is_null() {
                match i32::from((*addr).sa_family) {
                    libc::AF_INET => {
                        let v4 = &*(addr as *const libc::sockaddr_in);
                        found.push(std::net::IpAddr::V4(std::net::Ipv4Addr::from(
                            u32::from_be(v4.sin_addr.s_addr),
                        )));
                    }
                    libc::AF_INET6 => {
                        let v6 = &*(addr as *const libc::sockaddr_in6);
                        found.push(std::net::IpAddr::V6(std::net::Ipv6Addr::from(
                            v6.sin6_addr.s6_addr,
                        )));
                    }
                    _ => {}
                }
            }
            at = (*at).ifa_next;
        }
        libc::freeifaddrs(first);
    }
    found
}

#[cfg(test)]
pub fn symlink(target: &Path, link: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(test)]
mod tests {
    use super::super::{OpenError, is_link_loop, open_content};

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("bank.yaml");
        let c = std::ffi::CString::new(fifo.display().to_string()).expect("path");
        // SAFETY: `c` is a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(matches!(open_content(&fifo), Err(OpenError::NotRegular)));
    }

    #[test]
    fn a_loop_of_symbolic_links_is_reported_as_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::os::unix::fs::symlink(&b, &a).expect("link");
        std::os::unix::fs::symlink(&a, &b).expect("link");
        let e = a.canonicalize().expect_err("a loop does not resolve");
        assert!(is_link_loop(&e));
    }
}
