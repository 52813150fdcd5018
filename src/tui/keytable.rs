//! The default keys: every row of the key table, in the order the footer
//! and help show them.

use crossterm::event::KeyCode;

use super::cmd::Cmd;
use super::key::Key;
use super::keys::{Binding, Keymap, Scope, Scopes};
use crate::model::NoteKind as Kind;

fn row(
    keys: &[Key],
    cmd: Cmd,
    short: &'static str,
    long: &'static str,
    scopes: &[Scope],
    footer: &[Scope],
) -> Binding {
    Binding {
        keys: keys.to_vec(),
        cmd,
        short,
        long,
        scopes: Scopes::of(scopes),
        footer: Scopes::of(footer),
    }
}

fn everywhere(keys: &[Key], cmd: Cmd, short: &'static str, long: &'static str) -> Binding {
    Binding {
        keys: keys.to_vec(),
        cmd,
        short,
        long,
        scopes: Scopes::SCREENS,
        footer: Scopes::NONE,
    }
}

impl Default for Keymap {
    fn default() -> Self {
        use Scope::*;
        let ch = Key::ch;
        let plain = Key::plain;
        let item = [Today, People, Person, Event];
        let mut rows = vec![
            row(
                &[ch('d')],
                Cmd::Demo,
                "demo data",
                "load the demo data",
                &[Welcome],
                &[Welcome],
            ),
            row(
                &[ch('/')],
                Cmd::Search,
                "filter",
                "search people from anywhere",
                &[Welcome, Today, People, Person, Events, Event, Stats, Intros],
                &[People],
            ),
            row(
                &[ch('d')],
                Cmd::Done,
                "done",
                "done: close the follow-up; on a prompt, say what happened",
                &[Today],
                &[Today],
            ),
            row(
                &[ch('s')],
                Cmd::Snooze,
                "snooze",
                "snooze: tomorrow, a week, or pick a date",
                &[Today],
                &[Today],
            ),
            row(
                &[ch('n')],
                Cmd::AddNote,
                "note",
                "add a note (its kind by one key)",
                &[Person],
                &[Person],
            ),
            row(
                &[ch('r')],
                Cmd::AddReminder,
                "follow-up",
                "add a follow-up",
                &[Person],
                &[Person],
            ),
            row(
                &[ch('e')],
                Cmd::Edit,
                "edit",
                "edit name, company, contact points, tags, rhythm, birthday; on an event, the event",
                &[Person, Event],
                &[Person],
            ),
            row(
                &[ch('c')],
                Cmd::ChangeItem,
                "change",
                "change the selected meeting, follow-up or note",
                &[Person],
                &[],
            ),
            row(
                &[ch('x')],
                Cmd::Delete,
                "delete",
                "delete the selected meeting, follow-up or note; on an event, the event",
                &[Person, Event],
                &[],
            ),
            row(
                &[ch('z')],
                Cmd::Archive,
                "archive",
                "archive the person: hidden from Today, search and lists",
                &[Person],
                &[],
            ),
            row(
                &[ch('X')],
                Cmd::DeletePerson,
                "delete person",
                "delete the person for good (asks first, naming what goes)",
                &[Person],
                &[],
            ),
            row(
                &[ch('v')],
                Cmd::StatsPanel,
                "panel",
                "next panel: overview, what each event returned, people who are all take",
                &[Stats],
                &[Stats],
            ),
            row(
                &[ch('N')],
                Cmd::MarkNeed,
                "need/offer",
                "on a learned note: mark it a need, again an offer, again neither (what it reads like first)",
                &[Person],
                &[],
            ),
            row(
                &[ch('M')],
                Cmd::NeedMet,
                "need met",
                "on a need: mark it met (no more matches), again open",
                &[Person],
                &[],
            ),
            row(
                &[ch('E')],
                Cmd::EditLong,
                "long note",
                "write a long note in $EDITOR",
                &[Person],
                &[],
            ),
            row(
                &[ch('m')],
                Cmd::Merge,
                "merge",
                "merge a duplicate into this person (on Duplicates: merge the pair)",
                &[Person, Duplicates],
                &[Duplicates],
            ),
            row(
                &[ch('L')],
                Cmd::Link,
                "link",
                "link to someone: introduced by / to, knows, works with, family, or your words",
                &[Person],
                &[],
            ),
            row(
                &[ch('i')],
                Cmd::Introduce,
                "introduce",
                "introduce them to someone (asks both first, step by step); on a match, introduce its two people",
                &[Today, Person],
                &[],
            ),
            row(
                &[ch('I')],
                Cmd::Intros,
                "introductions",
                "the introductions under way, and the ones made",
                &[Today, People, Person, Events, Event, Stats],
                &[],
            ),
            row(
                &[ch('n'), plain(KeyCode::Char(' '))],
                Cmd::NextStep,
                "next step",
                "take the next step: ask the first, ask the second, introduce them",
                &[Intros],
                &[Intros],
            ),
            row(
                &[ch('o')],
                Cmd::Outcome,
                "outcome",
                "say how a made introduction turned out",
                &[Intros],
                &[Intros],
            ),
            row(
                &[ch('x')],
                Cmd::DropIntro,
                "drop",
                "drop an introduction that will not happen",
                &[Intros],
                &[Intros],
            ),
            row(
                &[ch('D')],
                Cmd::Duplicates,
                "duplicates",
                "review people who may be one person",
                &[People],
                &[People],
            ),
            row(
                &[ch('x')],
                Cmd::KeepApart,
                "keep apart",
                "keep the pair apart: two people, never proposed again",
                &[Duplicates],
                &[Duplicates],
            ),
            row(
                &[ch('s')],
                Cmd::Skip,
                "skip",
                "skip to the next pair",
                &[Duplicates],
                &[Duplicates],
            ),
            row(
                &[ch(' ')],
                Cmd::PickSide,
                "pick side",
                "on name, company, title or birthday: take the other side's value",
                &[Duplicates],
                &[Duplicates],
            ),
            row(
                &[ch('A')],
                Cmd::MergeAll,
                "merge all",
                "merge every pair at or above a confidence you pick (after seeing how many)",
                &[Duplicates],
                &[Duplicates],
            ),
            row(
                &[ch('l')],
                Cmd::LogTouch,
                "log",
                "log a touch (talk, call, email)",
                &item,
                &[Today],
            ),
            row(
                &[ch('g')],
                Cmd::LogGive,
                "give",
                "log something you gave",
                &item,
                &[Today],
            ),
            row(
                &[ch('y')],
                Cmd::CopyBrief,
                "brief",
                "copy the person's brief",
                &item,
                &[Today, People, Person],
            ),
            row(
                &[plain(KeyCode::Enter), plain(KeyCode::Right)],
                Cmd::Open,
                "open",
                "open the selected item",
                &[Today, People, Events, Event, Stats, Intros],
                &[Today, People, Events, Event],
            ),
            row(
                &[ch('a')],
                Cmd::Add,
                "add",
                "add a person",
                &[Welcome, Today, People],
                &[Welcome, People],
            ),
            row(
                &[ch('o')],
                Cmd::Sort,
                "sort",
                "sort by name, last touch, overdue",
                &[People],
                &[People],
            ),
            row(
                &[ch('c')],
                Cmd::Capture,
                "capture",
                "capture the people met at the event",
                &[Events, Event],
                &[Events, Event],
            ),
            row(
                &[ch('a')],
                Cmd::AddEvent,
                "new event",
                "add an event",
                &[Events],
                &[Events],
            ),
            everywhere(
                &[ch('j'), plain(KeyCode::Down)],
                Cmd::Down,
                "down",
                "next / scroll down",
            )
            .with_scope(Help),
            everywhere(
                &[ch('k'), plain(KeyCode::Up)],
                Cmd::Up,
                "up",
                "previous / scroll up",
            )
            .with_scope(Help),
            everywhere(
                &[plain(KeyCode::PageDown), Key::ctrl('d')],
                Cmd::PageDown,
                "page down",
                "a page down",
            )
            .with_scope(Help),
            everywhere(
                &[plain(KeyCode::PageUp), Key::ctrl('u')],
                Cmd::PageUp,
                "page up",
                "a page up",
            )
            .with_scope(Help),
            everywhere(&[plain(KeyCode::Home)], Cmd::Top, "first", "first").with_scope(Help),
            everywhere(&[plain(KeyCode::End), ch('G')], Cmd::Bottom, "last", "last")
                .with_scope(Help),
            everywhere(&[plain(KeyCode::Tab)], Cmd::NextTab, "next tab", "next tab")
                .footer_on(Stats),
            everywhere(
                &[plain(KeyCode::BackTab)],
                Cmd::PrevTab,
                "prev tab",
                "previous tab",
            ),
            everywhere(&[ch('1')], Cmd::Tab(0), "Today", "jump to a tab"),
            everywhere(&[ch('2')], Cmd::Tab(1), "People", "jump to a tab"),
            everywhere(&[ch('3')], Cmd::Tab(2), "Events", "jump to a tab"),
            everywhere(&[ch('4')], Cmd::Tab(3), "Stats", "jump to a tab"),
            everywhere(
                &[plain(KeyCode::Esc), plain(KeyCode::Left)],
                Cmd::Back,
                "back",
                "back to where you came from",
            )
            .with_scope(Help)
            .footer_on(Person)
            .footer_on(Event)
            .footer_on(Intros),
            row(
                &[ch('u')],
                Cmd::Undo,
                "undo",
                "undo the last change (again for the one before)",
                &[Today, People, Person, Events, Event, Stats, Intros],
                &[],
            ),
            everywhere(&[ch('?')], Cmd::Help, "help", "this help (again to close)")
                .with_scope(Help)
                .footer_on(Today)
                .footer_on(People)
                .footer_on(Person)
                .footer_on(Events)
                .footer_on(Event)
                .footer_on(Stats)
                .footer_on(Intros),
            everywhere(
                &[ch('q')],
                Cmd::Quit,
                "quit",
                "quit (on an opened screen: back)",
            )
            .with_scope(Help)
            .footer_on(Welcome)
            .footer_on(Stats),
            row(
                &[Key::ctrl('c')],
                Cmd::ForceQuit,
                "quit",
                "quit from anywhere",
                &[
                    Welcome, Today, People, Person, Events, Event, Stats, Help, Snooze, NoteKind,
                    FollowUp, Confirm,
                ],
                &[],
            ),
            row(
                &[ch('1'), ch('d')],
                Cmd::SnoozeTomorrow,
                "tomorrow",
                "snooze until tomorrow",
                &[Snooze],
                &[Snooze],
            ),
            row(
                &[ch('w'), ch('7')],
                Cmd::SnoozeWeek,
                "a week",
                "snooze for a week",
                &[Snooze],
                &[Snooze],
            ),
            row(
                &[ch('p')],
                Cmd::SnoozePick,
                "pick a date",
                "snooze until a date you pick",
                &[Snooze],
                &[Snooze],
            ),
        ];
        for (c, kind) in [
            ('n', Kind::Note),
            ('m', Kind::Met),
            ('t', Kind::Talk),
            ('g', Kind::Gave),
            ('l', Kind::Learned),
            ('a', Kind::Asked),
            ('p', Kind::Promise),
        ] {
            rows.push(row(
                &[ch(c)],
                Cmd::Kind(kind),
                kind.as_str(),
                kind.as_str(),
                &[NoteKind],
                &[NoteKind],
            ));
        }
        rows.push(row(
            &[ch('d'), ch('t'), plain(KeyCode::Enter)],
            Cmd::FollowedUp,
            "followed up",
            "you followed up: a talk is logged",
            &[FollowUp],
            &[FollowUp],
        ));
        rows.push(row(
            &[ch('x')],
            Cmd::Dismiss,
            "dismiss",
            "nothing to do now: the reconnect clock starts again",
            &[FollowUp],
            &[FollowUp],
        ));
        rows.push(row(
            &[ch('y'), plain(KeyCode::Enter)],
            Cmd::Yes,
            "yes",
            "yes",
            &[Confirm],
            &[Confirm],
        ));
        rows.push(row(&[ch('n')], Cmd::No, "no", "no", &[Confirm], &[Confirm]));
        rows.push(row(
            &[plain(KeyCode::Esc)],
            Cmd::Back,
            "cancel",
            "cancel",
            &[Snooze, NoteKind, FollowUp, Confirm],
            &[Snooze, NoteKind, FollowUp],
        ));
        Keymap { rows }
    }
}

impl Binding {
    fn with_scope(mut self, s: Scope) -> Binding {
        self.scopes = self.scopes.with(s);
        self
    }
    fn footer_on(mut self, s: Scope) -> Binding {
        self.footer = self.footer.with(s);
        self
    }
}
