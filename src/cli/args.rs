//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "kith",
    version,
    about = "A personal contact-relationship manager for the terminal"
)]
pub struct Cli {
    /// The store to use (default: kith.db in the platform data directory).
    #[arg(long, global = true, env = "KITH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Pretend today is this date (for scripts and tests).
    #[arg(long, global = true, env = "KITH_TODAY", hide = true)]
    pub today: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a person, optionally met at an event, with a first note and a follow-up.
    Add(Box<AddArgs>),
    /// Add or list events.
    Event {
        #[command(subcommand)]
        command: EventCommand,
    },
    /// Log a note about a person: a talk, something learned, given, asked or promised.
    Log(LogArgs),
    /// Set a follow-up for a person.
    Remind(RemindArgs),
    /// Mark a follow-up done (an id as `kith today` shows it), or close a
    /// person's after-event or reconnect prompt: you followed up (a touch is
    /// logged) or, with --dismiss, there is nothing to do now.
    Done {
        /// A follow-up id, or a person.
        target: String,
        /// Also log a `gave` note: what you gave (default: the follow-up's text).
        #[arg(long, num_args = 0..=1, default_missing_value = "", value_name = "TEXT")]
        gave: Option<String>,
        /// For a person: what you did to follow up (default: "followed up after EVENT").
        #[arg(long, value_name = "TEXT", conflicts_with = "dismiss")]
        note: Option<String>,
        /// For a person: no follow-up now; the prompt goes and the reconnect clock starts again.
        #[arg(long, conflicts_with = "gave")]
        dismiss: bool,
    },
    /// Hide a follow-up (by id) or a person's reconnect prompt (by name) until a later date.
    Snooze {
        /// A follow-up id as `kith today` shows it, or a person.
        target: String,
        #[arg(long, value_name = "DATE", default_value = "tomorrow")]
        until: String,
    },
    /// Set how often to keep in touch with a person ("30d", "3m"; "none" to clear).
    Cadence { person: String, every: String },
    /// Reset a person's reconnect clock without logging a touch.
    Bump { person: String },
    /// What is due: overdue and due follow-ups, after-event follow-ups, reconnects, birthdays.
    Today {
        #[arg(long, conflicts_with_all = ["count", "format"])]
        json: bool,
        /// Print only how many items are due (overdue, due today, after
        /// events and reconnect, or the --sections named): for prompts and
        /// status bars.
        #[arg(long)]
        count: bool,
        /// The sections --count adds up, comma-separated: overdue, due,
        /// after-event, not-followed-up, reconnect, birthdays, introduce.
        #[arg(long, value_delimiter = ',', value_enum)]
        sections: Vec<SectionArg>,
        /// The count as a number (text) or as waybar's {"text", "tooltip", "class"} (json).
        #[arg(long, value_enum)]
        format: Option<CountFormat>,
    },
    /// Touches from mail: a message you sent is a talk with each recipient
    /// Kith knows, one you received a talk with its sender.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Today's due items as a desktop notification (printed when no
    /// notification service answers), or posted to an ntfy topic.
    Notify {
        /// Post to this ntfy topic instead (https://ntfy.sh/TOPIC or your own server).
        #[arg(long, value_name = "URL")]
        ntfy: Option<String>,
        /// Print the items instead of notifying.
        #[arg(long, conflicts_with = "ntfy")]
        print: bool,
    },
    /// Email addresses matching STRING, for mail clients' address completion:
    /// mutt's and neomutt's query_command format (a status line, then
    /// email<TAB>name<TAB>other), or with --no-header aerc's address-book-cmd.
    Query {
        /// Letters of a name, company, tag or email ("jose" finds "José");
        /// several words are one query (`kith query anna de` as `"anna de"`).
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        /// Leave out the status line (aerc).
        #[arg(long, conflicts_with = "json")]
        no_header: bool,
        /// The addresses as JSON: [{"id", "name", "email", "company", "tags"}].
        #[arg(long)]
        json: bool,
    },
    /// Show everything about a person.
    Show {
        person: String,
        #[arg(long)]
        json: bool,
    },
    /// List people.
    List {
        #[arg(long, value_enum, default_value_t = SortArg::Name)]
        sort: SortArg,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// List the archived people instead.
        #[arg(long)]
        archived: bool,
        #[arg(long, conflicts_with = "tsv")]
        json: bool,
        #[command(flatten)]
        tsv: TsvArgs,
    },
    /// Search names, companies, tags, contact points and notes.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, conflicts_with = "tsv")]
        json: bool,
        #[command(flatten)]
        tsv: TsvArgs,
    },
    /// A paste-ready brief of a person, to read before writing to them.
    Brief {
        person: String,
        /// Also copy it to the clipboard (OSC 52: works over SSH and in tmux).
        #[arg(long)]
        copy: bool,
        #[arg(long)]
        markdown: bool,
    },
    /// Touches per week, give/ask per month, time since last touch, follow-ups on time.
    Stats {
        #[arg(long)]
        json: bool,
        /// What each event returned, best first: people met, followed up
        /// within 14 days, still in touch after 3 and 6 months, gives,
        /// introductions, asks and learned notes.
        #[arg(long, conflicts_with = "take")]
        events: bool,
        /// The people whose balance is all take: asked of, never given to.
        #[arg(long)]
        take: bool,
    },
    /// Fill an empty store with realistic demo data.
    Demo {
        #[arg(long, default_value_t = 40)]
        people: usize,
        /// About this many notes in all (default: a realistic few per person).
        #[arg(long)]
        notes: Option<usize>,
    },
    /// Print the path of the store.
    Path,
    /// Print a shell completion script (e.g. `kith completions bash > ~/.local/share/bash-completion/completions/kith`).
    Completions { shell: clap_complete::Shell },
    /// Copy the store, consistent even while it is in use, to DIR (default: `backups`
    /// next to the store) as kith-YYYY-MM-DDTHHMMSS.db, keeping the newest N.
    Backup {
        dir: Option<PathBuf>,
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
        keep: u32,
    },
    /// Check the store: SQLite's integrity check, foreign keys, the search
    /// index, links, introductions and the matches of needs and offers.
    Check {
        /// First match every need and offer again from scratch (derived data).
        #[arg(long)]
        repair: bool,
    },
    /// Import people: a vCard file or vdir folder, LinkedIn's Connections.csv,
    /// a Google Contacts CSV or a Kith JSON export. Known people are updated.
    Import {
        file: PathBuf,
        /// The format (guessed from the content when left out).
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
        /// Show what would be added, updated and skipped without writing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Export everyone: vCard 4.0 (one file, or a vdir with --vdir), JSON
    /// (everything, re-importable), CSV, or iCalendar (follow-ups, birthdays).
    Export {
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Write one UID.vcf per person into this folder (khard, vdirsyncer).
        #[arg(long, value_name = "DIR", conflicts_with = "output")]
        vdir: Option<PathBuf>,
        /// Replace a file that already exists (never the store itself).
        #[arg(long)]
        force: bool,
    },
    /// Fold a duplicate into a person: notes, meetings, follow-ups, contact
    /// points and tags of DUPLICATE move to PERSON, then DUPLICATE is removed.
    Merge { person: String, duplicate: String },
    /// People who may be one person: each pair once, with its reasons and a
    /// confidence (0–1). Keep a pair apart, or merge every pair above a confidence.
    Duplicates(DuplicatesArgs),
    /// Undo the last change; run again to undo the one before, and so on.
    Undo {
        /// List the changes that can be undone, newest first, instead.
        #[arg(long)]
        list: bool,
        #[arg(long, requires = "list")]
        json: bool,
    },
    /// Correct a note, follow-up, meeting, event, contact point or person
    /// (ids as `kith show` and `kith today` show them).
    Edit {
        #[command(subcommand)]
        what: EditCommand,
    },
    /// Delete a note, follow-up, meeting, event or contact point, or a person for good.
    Rm {
        #[command(subcommand)]
        what: RmCommand,
    },
    /// Mark a learned note (an id as `kith show` shows it) as a need or an
    /// offer, a need as met or open again, or clear the mark.
    Mark {
        note: i64,
        #[arg(value_enum)]
        r#as: MarkArg,
    },
    /// Link two people: PERSON "introduced by" OTHER, "introduced to",
    /// "knows", "works with", "family", or your own words ("mentor of").
    Link(LinkArgs),
    /// Remove the links between two people (only the one named with --as).
    Unlink {
        a: String,
        b: String,
        #[arg(long = "as", value_name = "LINK")]
        as_: Option<String>,
    },
    /// Introduce two people: propose it (`kith intro A B --why TEXT`), then
    /// take each step (`next ID`), and say how it went (`outcome ID TEXT`).
    Intro(Box<IntroArgs>),
    /// Hide a person from Today, search and lists, keeping everything about them.
    Archive { person: String },
    /// Bring an archived person back.
    Unarchive { person: String },
    /// Two-way sync with vdirs (one item per file) that vdirsyncer carries
    /// to CardDAV/CalDAV: people as cards in DIR, follow-ups as tasks in TASKDIR.
    Vdir {
        #[command(subcommand)]
        command: VdirCommand,
    },
    /// Sync with a CardDAV/CalDAV server through vdirsyncer: pull, vdirsyncer
    /// sync, pull, push, vdirsyncer sync. `kith sync setup` first.
    Sync {
        #[command(subcommand)]
        command: Option<SyncCommand>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Write a vdirsyncer config for an address book and a task list (the
    /// password comes from a command each time; Kith never stores it) and
    /// make the local folders.
    Setup(SyncSetupArgs),
}

#[derive(Debug, Args)]
pub struct SyncSetupArgs {
    /// The CardDAV address book's URL (a collection).
    #[arg(long, value_name = "URL")]
    pub contacts_url: Option<String>,
    /// The CalDAV task list's URL (a collection that holds VTODOs).
    #[arg(long, value_name = "URL")]
    pub tasks_url: Option<String>,
    #[arg(long)]
    pub username: Option<String>,
    /// A command that prints the password, e.g. "pass show dav/kith".
    #[arg(long, value_name = "COMMAND")]
    pub password_command: Option<String>,
    /// Where the local folders go (default: `vdir` beside the store).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace a sync set up before.
    #[arg(long)]
    pub force: bool,
    /// Do not ask the server now (vdirsyncer discover runs on the first sync).
    #[arg(long)]
    pub no_discover: bool,
}

#[derive(Debug, Subcommand)]
pub enum VdirCommand {
    /// Read what changed in the folders since Kith last saw them into Kith.
    Pull(VdirArgs),
    /// Write what changed in Kith to the folders.
    Push(VdirArgs),
    /// Say what a pull would take in and a push would write.
    Status(VdirArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("folders").required(true).multiple(true).args(["dir", "tasks"])))]
pub struct VdirArgs {
    /// The card folder: one vCard .vcf per person (a CardDAV address book).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The task folder: one VTODO .ics per follow-up (a CalDAV task list).
    #[arg(long, value_name = "TASKDIR")]
    pub tasks: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    #[arg(long)]
    pub json: bool,
    /// Only pairs at least this likely (0–1).
    #[arg(long, value_name = "N", default_value_t = 0.0)]
    pub min_confidence: f64,
    /// Remember that these two are different people: never proposed again.
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "merge_all")]
    pub keep_apart: Vec<String>,
    /// Merge every pair at or above --min-confidence, most likely first, the
    /// older person kept; each merge is remembered like `kith merge`.
    #[arg(long, requires = "min_confidence")]
    pub merge_all: bool,
    /// With --merge-all: say what would be merged, without merging.
    #[arg(long, requires = "merge_all")]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum EditCommand {
    Note {
        id: i64,
        #[arg(long)]
        body: Option<String>,
        /// note, met, talk, gave, learned, asked or promise.
        #[arg(long)]
        kind: Option<String>,
        /// When it happened.
        #[arg(long, allow_hyphen_values = true)]
        on: Option<String>,
    },
    #[command(visible_alias = "follow-up")]
    Reminder {
        id: i64,
        #[arg(long)]
        text: Option<String>,
        /// When it is due.
        #[arg(long, allow_hyphen_values = true)]
        on: Option<String>,
        /// Repeat: 30d, 2w, 3m, 1y; "none" to stop.
        #[arg(long)]
        every: Option<String>,
    },
    Meeting {
        id: i64,
        #[arg(long, allow_hyphen_values = true)]
        on: Option<String>,
        /// Where (empty to clear).
        #[arg(long)]
        at: Option<String>,
        /// What it was about (empty to clear).
        #[arg(long)]
        context: Option<String>,
    },
    Event {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        on: Option<String>,
        /// Last day ("none" for a one-day event).
        #[arg(long, allow_hyphen_values = true)]
        until: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    Contact {
        id: i64,
        /// email, phone, url, social or address.
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        label: Option<String>,
        #[arg(long)]
        value: Option<String>,
    },
    Person(Box<EditPersonArgs>),
}

#[derive(Debug, Args)]
pub struct EditPersonArgs {
    pub person: String,
    #[arg(long)]
    pub name: Option<String>,
    /// Empty to clear.
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    /// YYYY-MM-DD or --MM-DD; empty to clear.
    #[arg(long, allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// Replace the tags: "a,b" (empty to clear).
    #[arg(long)]
    pub tags: Option<String>,
    #[arg(long)]
    pub add_email: Vec<String>,
    #[arg(long)]
    pub add_phone: Vec<String>,
    #[arg(long)]
    pub add_url: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum RmCommand {
    Note {
        id: i64,
    },
    #[command(visible_alias = "follow-up")]
    Reminder {
        id: i64,
    },
    Meeting {
        id: i64,
    },
    /// Its meetings and notes stay, without the event.
    Event {
        id: i64,
    },
    Contact {
        id: i64,
    },
    /// Delete a person with all their notes, meetings and follow-ups.
    Person {
        person: String,
        /// Do not ask (for scripts).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Vcard,
    Linkedin,
    Google,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Vcard,
    Json,
    Csv,
    Ics,
    /// `REM` lines for remind(1): follow-ups and birthdays.
    Remind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkArg {
    /// Something the person needs.
    Need,
    /// Something the person offers.
    Offer,
    /// The need is met: it is matched no more.
    Met,
    /// The need is open again.
    Open,
    /// Neither a need nor an offer.
    None,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Read one RFC 5322 message on standard input (mutt's <pipe-message>,
    /// aerc's :pipe) and log its touches.
    Log(MailArgs),
    /// Log the touches of every message in these Maildirs (cur/ and new/),
    /// reading headers only; a message read before logs nothing again.
    Scan {
        #[arg(required = true, value_name = "MAILDIR")]
        maildirs: Vec<PathBuf>,
        #[command(flatten)]
        args: MailArgs,
    },
}

#[derive(Debug, Args)]
pub struct MailArgs {
    /// Add the people not in Kith yet (someone of the same name already
    /// here is reported instead, never doubled).
    #[arg(long)]
    pub add: bool,
    /// One of your addresses, besides `[me] emails` in the config (repeatable).
    #[arg(long, value_name = "EMAIL")]
    pub me: Vec<String>,
    /// Only the messages you sent: a message received logs nothing.
    #[arg(long)]
    pub sent_only: bool,
    /// The report as JSON (touches logged, unknown addresses, people added, …).
    #[arg(long)]
    pub json: bool,
}

/// Tab-separated output for pipelines (`fzf --with-nth 2..`, `cut`, `awk`).
#[derive(Debug, Args)]
pub struct TsvArgs {
    /// One person a line, tab-separated: #id, name, company, last touch,
    /// next follow-up, gave, asked (search adds the snippet); a tab, newline
    /// or backslash in a value is written \t, \n, \\.
    #[arg(long)]
    pub tsv: bool,
    /// With --tsv: a first line naming the columns.
    #[arg(long, requires = "tsv")]
    pub header: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SectionArg {
    Overdue,
    Due,
    AfterEvent,
    NotFollowedUp,
    Reconnect,
    Birthdays,
    Introduce,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CountFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Name,
    LastTouch,
    Overdue,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub name: String,
    #[arg(long)]
    pub company: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub email: Vec<String>,
    #[arg(long)]
    pub phone: Vec<String>,
    /// A web page or profile (LinkedIn, GitHub, … are recognised).
    #[arg(long)]
    pub url: Vec<String>,
    #[arg(long)]
    pub tag: Vec<String>,
    /// YYYY-MM-DD, or --MM-DD without a year.
    #[arg(long, allow_hyphen_values = true)]
    pub birthday: Option<String>,
    /// Keep-in-touch rhythm: 30d, 2w, 3m, 1y.
    #[arg(long)]
    pub cadence: Option<String>,
    /// The event where you met (created with `kith event add`).
    #[arg(long)]
    pub event: Option<String>,
    /// Where you met, when not at an event.
    #[arg(long)]
    pub at: Option<String>,
    /// When you met (default: the event's date, or today).
    #[arg(long, allow_hyphen_values = true)]
    pub on: Option<String>,
    /// What you talked about.
    #[arg(long)]
    pub note: Option<String>,
    /// A follow-up date; with --follow-up-note for its text.
    #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
    pub follow_up: Option<String>,
    #[arg(long, value_name = "TEXT", requires = "follow_up")]
    pub follow_up_note: Option<String>,
    /// Add a new person even when someone with this name is already here.
    #[arg(long, conflicts_with = "to")]
    pub new: bool,
    /// Add the meeting, note and follow-up to this person already here
    /// (a name, an email or #id), filling in their empty fields.
    #[arg(long, value_name = "PERSON")]
    pub to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event.
    Add {
        name: String,
        #[arg(long, allow_hyphen_values = true, default_value = "today")]
        on: String,
        /// Last day, for events of several days.
        #[arg(long, allow_hyphen_values = true)]
        until: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// List events, newest first.
    List {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct LogArgs {
    pub person: String,
    pub text: String,
    /// note, met, talk, gave, learned, asked or promise (default: talk;
    /// learned with --need or --offer).
    #[arg(long)]
    pub kind: Option<String>,
    /// Something they need ("looking for a seed investor"): a learned note
    /// marked as a need, matched against other people's offers.
    #[arg(long, conflicts_with = "offer")]
    pub need: bool,
    /// Something they offer ("invests in hardware"): a learned note marked
    /// as an offer, matched against other people's needs.
    #[arg(long)]
    pub offer: bool,
    /// When it happened (default: now).
    #[arg(long, allow_hyphen_values = true)]
    pub on: Option<String>,
    /// For a promise: when it is due (default: in a week).
    #[arg(long, allow_hyphen_values = true)]
    pub due: Option<String>,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    pub person: String,
    pub text: String,
    #[arg(long, allow_hyphen_values = true, default_value = "tomorrow")]
    pub on: String,
    /// Repeat: 30d, 2w, 3m, 1y.
    #[arg(long)]
    pub every: Option<String>,
}

#[derive(Debug, Args)]
pub struct LinkArgs {
    pub person: String,
    pub other: String,
    /// How PERSON is linked to OTHER: "introduced by", "introduced to",
    /// "knows", "works with", "family", or your own words.
    #[arg(long = "as", value_name = "LINK", default_value = "knows")]
    pub as_: String,
    /// Where or how: "at FOSDEM 2026".
    #[arg(long, value_name = "TEXT")]
    pub context: Option<String>,
    /// Remove this link instead (as `kith unlink`).
    #[arg(long, conflicts_with = "context")]
    pub remove: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct IntroArgs {
    #[command(subcommand)]
    pub command: Option<IntroCommand>,
    /// The person asked first (usually the one with the need).
    #[arg(required = true)]
    pub a: Option<String>,
    /// The person to introduce them to.
    #[arg(required = true)]
    pub b: Option<String>,
    /// Why they should meet.
    #[arg(long, value_name = "TEXT")]
    pub why: Option<String>,
    /// Ask only the first person before introducing them (default: ask both).
    #[arg(long)]
    pub single: bool,
    /// When to ask the first person (default: today).
    #[arg(long, allow_hyphen_values = true, value_name = "DATE")]
    pub on: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum IntroCommand {
    /// Introductions, open ones first (soonest due first).
    List {
        /// Also the ones done or dropped.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Take the next step: ask the first person, ask the second, make it.
    Next { id: i64 },
    /// Say how a made introduction turned out ("invested", "hired",
    /// "nothing came of it"); on one not made yet, drops it with this reason.
    Outcome { id: i64, text: String },
    /// Drop an introduction that will not happen.
    Drop {
        id: i64,
        #[arg(default_value = "dropped")]
        why: String,
    },
}
