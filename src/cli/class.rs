//! `mxdrill class`: the instructor's projector, with an SSH server students join
//! from their own terminals (`ssh -p 2222 NAME@ADDRESS`, the join code as the
//! password). The class itself is `play::class`, its screens and hub `tui::class`,
//! the SSH server `lab::class`; this file reads the command line, starts them and
//! saves the results.

use super::args::{ClassArgs, Cli};
use super::policy::{self, Done, Out, Stop};
use mxdrill::content::Library;
use mxdrill::lab::class::{ClassConfig, ClassServer};
use mxdrill::play::SessionSpec;
use mxdrill::play::class::{self, Class};
use mxdrill::play::session::SessionOptions;
use mxdrill::progress::{self, learner};
use mxdrill::quiz::{Mode, Score};
use mxdrill::tui::class::{Hub, Ssh};
use mxdrill::tui::class_projector::Room;
use mxdrill::{platform, tui};
use std::io::Write;
use std::path::Path;

/// What to do without a terminal: the projector needs one.
const PROJECTOR_INSTEAD: &str =
    "the projector needs one (run `mxdrill class` in the terminal you show the room)";

/// Runs the class until the instructor leaves, then says where the results are.
pub fn run(cli: &Cli, args: &ClassArgs, out: &mut Out) -> Done {
    let library = policy::library(cli)?;
    let now = policy::now();
    let seed = args.seed.unwrap_or_else(|| policy::seed(now));
    let class = prepare(&library, args, seed, now)?;
    tui::terminal_check(PROJECTOR_INSTEAD).map_err(Stop::Usage)?;
    let data = platform::data_dir()
        .ok_or_else(|| Stop::Failed("no data folder (no home folder)".into()))?;
    let results = policy::learner_folder(cli).map_err(Stop::Usage)?;
    // A random code: the clock's seed would let anyone who knows when the class
    // started guess it.
    let code = args
        .code
        .clone()
        .unwrap_or_else(|| class::join_code(rand::random()));
    // Who may take a seat is the class's decision (`Class::join`: a returning name
    // always may, a new one not past --max-students). The server's own bound on
    // live sessions only guards resources: above the seats, it leaves room for
    // students reconnecting while their old connection has not yet timed out.
    let config = ClassConfig {
        max_students: args.max_students.saturating_add(args.max_students / 4 + 8),
        ..ClassConfig::new(args.listen, &code, data.join("class_host_key"))
    };
    let (server, arrivals) = ClassServer::start(config, class::seat_name).map_err(Stop::Failed)?;
    let listening = server.local_addr();
    // Said on standard error and on the projector, which covers the terminal.
    let open = (!listening.ip().is_loopback()).then(|| {
        format!("listening on {listening}: students on the network can join (with the code)")
    });
    if let Some(warning) = &open {
        policy::warn(warning);
    }
    let room = Room {
        joins: class::join_lines(listening, &platform::host_addresses()),
        code,
        fingerprint: server.host_key_fingerprint(),
        notice: open,
        ..Default::default()
    };
    let theme = tui::Theme::from_env(cli.no_color, cli.ascii);
    let mut hub = Hub::new(class, library, room, theme, now);
    let keep = args.keep_progress.then(|| data.clone());
    let stamp = policy::now();
    hub.on_finish(Box::new(move |class: &Class| {
        save(class, &results, stamp, keep.as_deref())
    }));
    let mut transport = Ssh { server, arrivals };
    tui::class::run(&mut hub, &mut transport, policy::now)
        .map_err(|e| Stop::Failed(e.to_string()))?;
    transport.server.stop();
    let (right, answered) = hub
        .class()
        .by_student()
        .iter()
        .fold((0, 0), |(r, a), l| (r + l.right, a + l.answered));
    let count = tui::text::plural;
    writeln!(
        out,
        "mxdrill class: {}, {} asked, {right} of {} right",
        count(hub.class().seats().len(), "student"),
        count(hub.class().asked(), "question"),
        count(answered, "answer")
    )?;
    // The hub keeps what the saver said: the path, or why nothing was saved.
    if let Some(path) = &hub.room.saved {
        writeln!(out, "results: {path}")?;
    }
    if let Some(why) = hub
        .room
        .notice
        .as_deref()
        .filter(|n| n.starts_with(tui::class::NOT_SAVED))
    {
        policy::warn(why);
    }
    Ok(0)
}

/// The class's questions, chosen and shuffled once: everyone sees the same.
fn prepare(library: &Library, args: &ClassArgs, seed: u64, now: u64) -> Result<Class, Stop> {
    let options = SessionOptions {
        count: args.count,
        seed: Some(seed),
        kind: args.kind.clone(),
        banks: args.bank.clone(),
        ..SessionOptions::default()
    };
    let spec = SessionSpec::from_options(Mode::Practice, &options, seed).map_err(Stop::Usage)?;
    let study = spec
        .start(library, None, &Score::default(), now)
        .map_err(Stop::Usage)?;
    Ok(Class::new(
        study.session.items,
        args.timer,
        args.max_students,
    ))
}

/// Saves the class CSV beside the instructor's progress store (atomically), and
/// with `--keep-progress` each student's answers in their own store. Returns the
/// CSV's path, with the first student whose progress could not be kept.
fn save(class: &Class, folder: &Path, at: u64, keep: Option<&Path>) -> Result<String, String> {
    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let (y, m, d) = mxdrill::calendar::civil(at);
    let clock = at % 86_400;
    let path = folder.join(format!(
        "class-{y:04}{m:02}{d:02}-{:02}{:02}{:02}.csv",
        clock / 3600,
        clock / 60 % 60,
        clock % 60
    ));
    let csv = class.csv();
    progress::atomic_write(&path, |f| f.write_all(csv.as_bytes()))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(data) = keep {
        let mut problems = Vec::new();
        let mut copy = class.clone();
        for seat in 0..copy.seats().len() {
            let name = copy.seats()[seat].name.clone();
            let opened = learner::folder(data, &name)
                .and_then(|dir| learner::open(&dir, at, rand::random()));
            match opened {
                Ok((mut store, _)) => problems.extend(copy.keep_answers(seat, &mut store, at)),
                Err(e) => problems.push(format!("{name}: {e}")),
            }
        }
        if let Some(first) = problems.first() {
            return Ok(format!(
                "{} (but not every student's own progress: {first})",
                path.display()
            ));
        }
    }
    Ok(path.display().to_string())
}
