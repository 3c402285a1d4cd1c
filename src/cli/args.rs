//! The whole command-line surface, in one place (DESIGN.md "Command line"), and its
//! conversions into the library's own types: no clap type goes past the binary.

use clap::{Parser, Subcommand, ValueEnum};
use mxdrill::delivery::Profile;
use mxdrill::export::{Format, Part};
use mxdrill::play::console;
use mxdrill::play::session::{MAX_COUNT, SessionOptions};
use mxdrill::progress::learner;
use std::path::PathBuf;

/// mxdrill: a terminal trainer for DNS MX records and email routing.
#[derive(Debug, Parser)]
#[command(name = "mxdrill", version, about, long_about = None)]
pub struct Cli {
    /// Add a folder of question banks and zones to the bundled content (repeatable).
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Vec<PathBuf>,
    /// Whose progress to use, for shared classroom machines.
    #[arg(long, global = true, value_name = "NAME", default_value = learner::DEFAULT)]
    pub learner: String,
    /// Monochrome output (also when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Leave the mouse to the terminal (no clicks in the app; text selects as usual).
    #[arg(long, global = true)]
    pub no_mouse: bool,
    /// Draw the app with ASCII lines and marks (Latin letters kept), for consoles whose
    /// font lacks box-drawing characters and symbols such as check marks (Windows'
    /// classic console).
    #[arg(long, global = true)]
    pub ascii: bool,
    /// The command; without one, the terminal app starts.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The sending MTA's behaviour profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// Postfix defaults.
    Postfix,
    /// Exim defaults.
    Exim,
    /// The RFC 5321 text.
    Rfc,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One row per answered question.
    Csv,
    /// Rows, a per-category summary and readiness per exam objective.
    Json,
    /// A summary to read: per category, and readiness per exam objective.
    Text,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Moodle's question XML (Question bank → Import → Moodle XML format).
    MoodleXml,
    /// GIFT text, which Moodle and other platforms import.
    Gift,
    /// A printable handout with an answer key.
    Markdown,
}

/// What a Markdown handout holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportPart {
    /// The questions, for students.
    Questions,
    /// The answer key.
    Key,
    /// The questions, then the key after a page break.
    Both,
}

impl From<ExportPart> for Part {
    fn from(part: ExportPart) -> Part {
        match part {
            ExportPart::Questions => Part::Questions,
            ExportPart::Key => Part::Key,
            ExportPart::Both => Part::Both,
        }
    }
}

/// Options of the quiz modes.
#[derive(Debug, Clone, clap::Args)]
pub struct QuizArgs {
    /// Plain lines on standard input and output, for screen readers and scripts.
    #[arg(long)]
    pub plain: bool,
    /// How many questions (1 to 1000).
    #[arg(long, value_parser = question_count)]
    pub count: Option<usize>,
    /// Seed for choosing and shuffling (the same seed gives the same session).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Only this kind: choice, multi, order, zone-line, command, predict.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only this category: identification, priority, troubleshooting, tools, security, concepts.
    #[arg(long)]
    pub category: Option<String>,
    /// Only questions of this bank (repeatable; `mxdrill check` lists the banks).
    #[arg(long, value_name = "ID")]
    pub bank: Vec<String>,
    /// Generated drills (random MX sets and failures) instead of the banks.
    #[arg(long)]
    pub drill: bool,
    /// Plain mode: after a predict or order question, replay the delivery step by step.
    #[arg(long)]
    pub replay: bool,
    /// Exam: go on with the exam saved when it was left (or its input ended) before
    /// it was submitted; a new one starts when there is none.
    #[arg(long)]
    pub resume: bool,
}

impl QuizArgs {
    /// What the learner asked of the session, for the library to check.
    pub fn options(&self) -> SessionOptions {
        SessionOptions {
            count: self.count,
            seed: self.seed,
            kind: self.kind.clone(),
            category: self.category.clone(),
            banks: self.bank.clone(),
            drills: self.drill,
            resume: self.resume,
        }
    }
}

impl From<ProfileArg> for Profile {
    fn from(profile: ProfileArg) -> Profile {
        match profile {
            ProfileArg::Postfix => Profile::Postfix,
            ProfileArg::Exim => Profile::Exim,
            ProfileArg::Rfc => Profile::Rfc,
        }
    }
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Format {
        match format {
            ExportFormat::MoodleXml => Format::MoodleXml,
            ExportFormat::Gift => Format::Gift,
            ExportFormat::Markdown => Format::Markdown,
        }
    }
}

/// `--count`: a whole number from 1 to the library's [`MAX_COUNT`].
fn question_count(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=MAX_COUNT).contains(&n) => Ok(n),
        _ => Err(format!("'{text}' is not a number from 1 to {MAX_COUNT}")),
    }
}

/// Options of `mxdrill class`.
#[derive(Debug, Clone, clap::Args)]
pub struct ClassArgs {
    /// Only questions of this bank (repeatable).
    #[arg(long, value_name = "ID")]
    pub bank: Vec<String>,
    /// Only this kind: choice, multi, order, zone-line, command, predict.
    #[arg(long)]
    pub kind: Option<String>,
    /// How many questions (1 to 1000; default 10).
    #[arg(long, value_parser = question_count)]
    pub count: Option<usize>,
    /// Seed for choosing and shuffling (the same seed gives the same class).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Where students connect with ssh (loopback by default: only this machine).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// The join code students give as the password, 4 to 6 digits (default: a random one).
    #[arg(long, value_parser = join_code)]
    pub code: Option<String>,
    /// Seconds each question stays open (default: until you close it).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(5..=3600))]
    pub timer: Option<u64>,
    /// The most students at once.
    #[arg(long, value_name = "N", default_value_t = mxdrill::play::class::MAX_STUDENTS)]
    pub max_students: usize,
    /// Also count each student's answers in their own progress on this machine,
    /// under their name (as `--learner NAME` would).
    #[arg(long)]
    pub keep_progress: bool,
}

fn join_code(text: &str) -> Result<String, String> {
    mxdrill::play::class::parse_code(text).map_err(|e| e.trim_start_matches("--code ").to_string())
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Practice questions with instant feedback.
    Practice(QuizArgs),
    /// Take a timed exam.
    Exam(QuizArgs),
    /// Review weak spots.
    Review(QuizArgs),
    /// Teach a class: every student answers from their own terminal, joining with ssh.
    Class(ClassArgs),
    /// Classroom presenter mode, on one zone.
    Present {
        /// The zone to present.
        zone: Option<String>,
    },
    /// Simulate delivery to ADDRESS, step by step.
    Simulate {
        /// The recipient address.
        address: String,
        /// Override a host's behaviour: HOST=STATE (up, down, timeout, greet-4xx, ...).
        #[arg(long = "state", value_name = "HOST=STATE")]
        states: Vec<String>,
        /// The sending MTA.
        #[arg(long, value_enum, default_value = "postfix")]
        profile: ProfileArg,
        /// The sender's own host name (R1.9).
        #[arg(long = "self", value_name = "HOST")]
        self_host: Option<String>,
        /// Seed for shuffling equal preferences.
        #[arg(long)]
        seed: Option<u64>,
        /// Print the trace as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the topology, the path taken and the outcome as an SVG picture.
        #[arg(long, value_name = "FILE")]
        svg: Option<std::path::PathBuf>,
    },
    /// dig, answered from the zone world.
    Dig {
        /// dig's arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// nslookup, answered from the zone world.
    Nslookup {
        /// nslookup's arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// host, answered from the zone world.
    Host {
        /// host's arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Validate question banks and zones (exit 1 on errors).
    Check {
        /// Folders, banks, zone YAML files or *.zone master files; none: the bundled content.
        paths: Vec<PathBuf>,
        /// Print the diagnostics as a JSON array.
        #[arg(long)]
        json: bool,
        /// Also print each question of the checked banks with its computed answer.
        #[arg(long)]
        answers: bool,
    },
    /// Each question as the learner sees it, with the answer the engine computes.
    Preview {
        /// A bank id, or BANK/QUESTION; none: every question.
        target: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export a bank for a learning platform or on paper.
    Export {
        /// moodle-xml, gift or markdown.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The bank to export (repeatable); none: every bank.
        #[arg(long = "bank", value_name = "ID")]
        banks: Vec<String>,
        /// Seed for shuffling the choices of a handout or GIFT file (printed in it;
        /// the same seed gives the same file). Default: from the clock.
        #[arg(long)]
        seed: Option<u64>,
        /// What a Markdown handout holds: questions (for students), key, or both.
        #[arg(long, value_enum)]
        part: Option<ExportPart>,
    },
    /// Lab DNS server for the real dig (loopback by default).
    Serve {
        /// Address to listen on, UDP and TCP (repeatable).
        #[arg(long, value_name = "ADDR", default_values_t = [console::DEFAULT_LISTEN])]
        listen: Vec<std::net::SocketAddr>,
    },
    /// Learner results.
    Report {
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: ReportFormat,
        /// Combine learners' JSON reports into one class CSV.
        #[arg(long, value_name = "FILE", num_args = 1..)]
        merge: Vec<PathBuf>,
        /// Only the questions of this bank (repeatable).
        #[arg(long, value_name = "ID")]
        bank: Vec<String>,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(argv: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("mxdrill").chain(argv.iter().copied()))
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn count_is_bounded_on_the_command_line() {
        assert!(parse(&["exam", "--count", "0"]).is_err());
        let over = (MAX_COUNT + 1).to_string();
        assert!(parse(&["exam", "--count", &over]).is_err());
        let most = MAX_COUNT.to_string();
        assert!(parse(&["exam", "--count", &most]).is_ok());
    }

    #[test]
    fn quiz_options_reach_the_library_as_given() {
        let cli = parse(&[
            "exam", "--count", "5", "--kind", "order", "--bank", "a", "--bank", "b", "--drill",
            "--seed", "9",
        ])
        .expect("parses");
        let Some(Command::Exam(args)) = cli.command else {
            panic!("an exam");
        };
        assert_eq!(
            args.options(),
            SessionOptions {
                count: Some(5),
                seed: Some(9),
                kind: Some("order".into()),
                category: None,
                banks: vec!["a".into(), "b".into()],
                drills: true,
                resume: false,
            }
        );
    }

    #[test]
    fn the_mouse_can_be_left_to_the_terminal() {
        let cli = parse(&["--no-mouse", "practice"]).expect("parses");
        assert!(cli.no_mouse);
        assert!(!parse(&["practice"]).expect("parses").no_mouse);
    }

    #[test]
    fn serve_listens_on_the_lab_default_and_learners_start_as_default() {
        let cli = parse(&["serve"]).expect("parses");
        let Some(Command::Serve { listen }) = cli.command else {
            panic!("serve");
        };
        assert_eq!(listen, ["127.0.0.1:5300".parse().expect("address")]);
        assert_eq!(listen[0].port(), console::DEFAULT_PORT);
        assert_eq!(cli.learner, learner::DEFAULT);
    }
}
