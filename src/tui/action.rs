//! What a key means, independent of which key it is.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
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
    Done,
    Snooze,
    LogTouch,
    LogGive,
    CopyBrief,
    Add,
    AddNote,
    AddReminder,
    Edit,
    EditLong,
    Merge,
    Capture,
    Sort,
}

impl Action {
    /// Names used in the config file's `[keys]` table.
    pub const NAMED: &'static [(&'static str, Action)] = &[
        ("quit", Action::Quit),
        ("next_tab", Action::NextTab),
        ("prev_tab", Action::PrevTab),
        ("up", Action::Up),
        ("down", Action::Down),
        ("page_up", Action::PageUp),
        ("page_down", Action::PageDown),
        ("top", Action::Top),
        ("bottom", Action::Bottom),
        ("open", Action::Open),
        ("back", Action::Back),
        ("help", Action::Help),
        ("search", Action::Search),
        ("done", Action::Done),
        ("snooze", Action::Snooze),
        ("log_touch", Action::LogTouch),
        ("log_give", Action::LogGive),
        ("copy_brief", Action::CopyBrief),
        ("add", Action::Add),
        ("add_note", Action::AddNote),
        ("add_reminder", Action::AddReminder),
        ("edit", Action::Edit),
        ("edit_long", Action::EditLong),
        ("merge", Action::Merge),
        ("capture", Action::Capture),
        ("sort", Action::Sort),
    ];

    pub fn from_name(name: &str) -> Option<Action> {
        Action::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| *a)
    }
}
