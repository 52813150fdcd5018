//! What a key means, independent of which key it is. The names are the
//! config file's `[keys]` table.

use crate::model::NoteKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    Quit,
    ForceQuit,
    NextTab,
    PrevTab,
    Tab(usize),
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Back,
    Help,
    Search,
    Demo,
    Done,
    Snooze,
    LogTouch,
    LogGive,
    CopyBrief,
    Add,
    AddEvent,
    AddNote,
    AddReminder,
    Edit,
    EditLong,
    Merge,
    Capture,
    Sort,
    /// The duplicates review, and its keys.
    Duplicates,
    KeepApart,
    Skip,
    PickSide,
    MergeAll,
    /// The snooze choices.
    SnoozeTomorrow,
    SnoozeWeek,
    SnoozePick,
    /// The note-kind choices after "add a note".
    Kind(NoteKind),
    /// After done on a prompt: you followed up, or there is nothing to do now.
    FollowedUp,
    Dismiss,
    /// The answers to a yes-or-no question.
    Yes,
    No,
    /// Take back the last change.
    Undo,
    /// Change or delete the selected meeting, follow-up or note (on an
    /// event: the event).
    ChangeItem,
    Delete,
    /// Hide the person from Today, search and lists.
    Archive,
    /// Delete the person for good, after a question naming what goes.
    DeletePerson,
    /// On a learned note: mark it a need, then an offer, then neither.
    MarkNeed,
    /// On a need: met, or open again.
    NeedMet,
    /// On Stats: the next panel (overview, what events returned, all take).
    StatsPanel,
    /// Link the person to someone ("introduced by", "works with", …).
    Link,
    /// Start an introduction of the person to someone.
    Introduce,
    /// The Introductions list, and its keys: the next step, the outcome, drop.
    Intros,
    NextStep,
    Outcome,
    DropIntro,
}

impl Cmd {
    /// Names used in the config file's `[keys]` table.
    pub const NAMED: &'static [(&'static str, Cmd)] = &[
        ("quit", Cmd::Quit),
        ("next_tab", Cmd::NextTab),
        ("prev_tab", Cmd::PrevTab),
        ("tab_1", Cmd::Tab(0)),
        ("tab_2", Cmd::Tab(1)),
        ("tab_3", Cmd::Tab(2)),
        ("tab_4", Cmd::Tab(3)),
        ("up", Cmd::Up),
        ("down", Cmd::Down),
        ("page_up", Cmd::PageUp),
        ("page_down", Cmd::PageDown),
        ("top", Cmd::Top),
        ("bottom", Cmd::Bottom),
        ("open", Cmd::Open),
        ("back", Cmd::Back),
        ("help", Cmd::Help),
        ("search", Cmd::Search),
        ("demo", Cmd::Demo),
        ("done", Cmd::Done),
        ("snooze", Cmd::Snooze),
        ("log_touch", Cmd::LogTouch),
        ("log_give", Cmd::LogGive),
        ("copy_brief", Cmd::CopyBrief),
        ("add", Cmd::Add),
        ("add_event", Cmd::AddEvent),
        ("add_note", Cmd::AddNote),
        ("add_reminder", Cmd::AddReminder),
        ("edit", Cmd::Edit),
        ("edit_long", Cmd::EditLong),
        ("merge", Cmd::Merge),
        ("capture", Cmd::Capture),
        ("sort", Cmd::Sort),
        ("duplicates", Cmd::Duplicates),
        ("keep_apart", Cmd::KeepApart),
        ("skip", Cmd::Skip),
        ("pick_side", Cmd::PickSide),
        ("merge_all", Cmd::MergeAll),
        ("snooze_tomorrow", Cmd::SnoozeTomorrow),
        ("snooze_week", Cmd::SnoozeWeek),
        ("snooze_pick", Cmd::SnoozePick),
        ("kind_note", Cmd::Kind(NoteKind::Note)),
        ("kind_met", Cmd::Kind(NoteKind::Met)),
        ("kind_talk", Cmd::Kind(NoteKind::Talk)),
        ("kind_gave", Cmd::Kind(NoteKind::Gave)),
        ("kind_learned", Cmd::Kind(NoteKind::Learned)),
        ("kind_asked", Cmd::Kind(NoteKind::Asked)),
        ("kind_promise", Cmd::Kind(NoteKind::Promise)),
        ("followed_up", Cmd::FollowedUp),
        ("dismiss", Cmd::Dismiss),
        ("yes", Cmd::Yes),
        ("no", Cmd::No),
        ("undo", Cmd::Undo),
        ("change_item", Cmd::ChangeItem),
        ("delete", Cmd::Delete),
        ("archive", Cmd::Archive),
        ("delete_person", Cmd::DeletePerson),
        ("mark_need", Cmd::MarkNeed),
        ("need_met", Cmd::NeedMet),
        ("stats_panel", Cmd::StatsPanel),
        ("link", Cmd::Link),
        ("introduce", Cmd::Introduce),
        ("introductions", Cmd::Intros),
        ("next_step", Cmd::NextStep),
        ("outcome", Cmd::Outcome),
        ("drop_intro", Cmd::DropIntro),
    ];

    pub fn from_name(name: &str) -> Option<Cmd> {
        Cmd::NAMED.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
    }

    /// Keys that go to another screen or leave.
    pub fn moves(self) -> bool {
        matches!(
            self,
            Cmd::Quit
                | Cmd::ForceQuit
                | Cmd::NextTab
                | Cmd::PrevTab
                | Cmd::Tab(_)
                | Cmd::Open
                | Cmd::Back
                | Cmd::Help
                | Cmd::Search
                | Cmd::Intros
        )
    }

    /// Keys that create (or take back) something: on an empty screen they
    /// wait until the user is clearly not typing text (see `App::handle_key`).
    pub fn creates(self) -> bool {
        matches!(
            self,
            Cmd::Add
                | Cmd::AddEvent
                | Cmd::Demo
                | Cmd::Capture
                | Cmd::AddNote
                | Cmd::AddReminder
                | Cmd::Undo
        )
    }
}
