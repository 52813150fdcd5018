//! The one key table: (keys, command, label, screens). Dispatch, the footer
//! and `?` help all read it, so a key remapped in the config's `[keys]`
//! shows and works everywhere, the snooze and note-kind choices included.

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use super::cmd::Cmd;
pub use super::key::Key;

/// Where a key applies: a screen, or a one-key prompt over it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Welcome,
    Today,
    People,
    Person,
    Events,
    Event,
    Stats,
    Help,
    Snooze,
    NoteKind,
    /// After done on a prompt: what happened.
    FollowUp,
    /// A yes-or-no question on the status line.
    Confirm,
    /// The duplicates review (a screen, after the prompts in this list).
    Duplicates,
    /// The Introductions list (a screen).
    Intros,
}

/// A set of scopes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scopes(u16);

impl Scopes {
    pub const NONE: Scopes = Scopes(0);
    /// Every screen (not the one-key prompts).
    pub const SCREENS: Scopes =
        Scopes(0b111_1111 | 1 << Scope::Duplicates as u16 | 1 << Scope::Intros as u16);
    pub const fn of(list: &[Scope]) -> Scopes {
        let mut bits = 0;
        let mut i = 0;
        while i < list.len() {
            bits |= 1 << list[i] as u16;
            i += 1;
        }
        Scopes(bits)
    }
    pub const fn with(self, s: Scope) -> Scopes {
        Scopes(self.0 | 1 << s as u16)
    }
    pub fn has(self, s: Scope) -> bool {
        self.0 & (1 << s as u16) != 0
    }
    fn overlaps(self, o: Scopes) -> bool {
        self.0 & o.0 != 0
    }
}

/// One row of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    /// The first is the one shown.
    pub keys: Vec<Key>,
    pub cmd: Cmd,
    /// A word or two for the footer.
    pub short: &'static str,
    /// A line for `?` help.
    pub long: &'static str,
    /// Where the key works.
    pub scopes: Scopes,
    /// Where the footer shows it.
    pub footer: Scopes,
}

impl Binding {
    pub fn key_label(&self) -> String {
        self.keys
            .first()
            .map(Key::label)
            .unwrap_or_else(|| "—".into())
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub(super) rows: Vec<Binding>,
}

impl Keymap {
    /// The defaults with the config's `[keys]` overrides (command name → key).
    /// The key replaces every default key of that command, and leaves any
    /// command it was bound to in the same places. Unknown names or keys are
    /// reported, not fatal.
    pub fn with_overrides(overrides: &HashMap<String, String>) -> (Keymap, Vec<String>) {
        let mut km = Keymap::default();
        let mut problems = Vec::new();
        let mut names: Vec<_> = overrides.iter().collect();
        names.sort();
        for (name, key) in names {
            match (Cmd::from_name(name), Key::parse(key)) {
                (Some(cmd), Some(key)) => km.rebind(cmd, key),
                (None, _) => problems.push(format!("unknown action \"{name}\" in [keys]")),
                (_, None) => problems.push(format!("unknown key \"{key}\" for {name} in [keys]")),
            }
        }
        (km, problems)
    }

    fn rebind(&mut self, cmd: Cmd, key: Key) {
        let scopes = self
            .rows
            .iter()
            .filter(|r| r.cmd == cmd)
            .fold(Scopes::NONE, |acc, r| Scopes(acc.0 | r.scopes.0));
        for r in &mut self.rows {
            if r.cmd == cmd {
                r.keys = vec![key];
            } else if r.scopes.overlaps(scopes) {
                r.keys.retain(|k| *k != key);
            }
        }
    }

    /// The command a key means in a scope.
    pub fn cmd(&self, scope: Scope, e: &KeyEvent) -> Option<Cmd> {
        let key = Key::from_event(e);
        self.rows
            .iter()
            .find(|r| r.scopes.has(scope) && r.keys.contains(&key))
            .map(|r| r.cmd)
    }

    /// The key shown for a command (its first key anywhere).
    pub fn key_for(&self, cmd: Cmd) -> String {
        self.rows
            .iter()
            .find(|r| r.cmd == cmd && !r.keys.is_empty())
            .map(Binding::key_label)
            .unwrap_or_else(|| "—".into())
    }

    /// The footer of a scope: (key, word), in table order.
    pub fn footer(&self, scope: Scope) -> Vec<(String, &'static str)> {
        self.rows
            .iter()
            .filter(|r| r.footer.has(scope) && !r.keys.is_empty())
            .map(|r| (r.key_label(), r.short))
            .collect()
    }

    /// Every key of a scope for `?` help: (keys, line), one per command;
    /// neighbours with the same line (the tab numbers) share it.
    pub fn help(&self, scope: Scope) -> Vec<(String, &'static str)> {
        let mut seen = Vec::new();
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for r in &self.rows {
            if !r.scopes.has(scope) || r.keys.is_empty() || seen.contains(&r.cmd) {
                continue;
            }
            seen.push(r.cmd);
            let keys: Vec<String> = r.keys.iter().map(Key::label).collect();
            match out.last_mut() {
                Some((k, long)) if *long == r.long => {
                    k.push(' ');
                    k.push_str(&keys.join(" "));
                }
                _ => out.push((keys.join(" "), r.long)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoteKind as Kind;
    use crossterm::event::KeyCode;

    fn ev(c: char) -> KeyEvent {
        KeyEvent::from(KeyCode::Char(c))
    }

    #[test]
    fn overrides_replace_the_default_key() {
        let mut o = HashMap::new();
        o.insert("done".to_string(), "x".to_string());
        o.insert("bogus".to_string(), "z".to_string());
        let (km, problems) = Keymap::with_overrides(&o);
        assert_eq!(km.cmd(Scope::Today, &ev('x')), Some(Cmd::Done));
        assert_eq!(km.cmd(Scope::Today, &ev('d')), None);
        assert_eq!(km.key_for(Cmd::Done), "x");
        assert!(km.footer(Scope::Today).contains(&("x".into(), "done")));
        assert_eq!(problems.len(), 1);
        assert_eq!(Key::parse("ctrl-k").map(|k| k.ctrl), Some(true));
        assert_eq!(Key::parse("f5").map(|k| k.code), Some(KeyCode::F(5)));
    }

    #[test]
    fn the_same_key_means_different_things_in_different_scopes() {
        let km = Keymap::default();
        assert_eq!(km.cmd(Scope::Today, &ev('1')), Some(Cmd::Tab(0)));
        assert_eq!(km.cmd(Scope::Snooze, &ev('1')), Some(Cmd::SnoozeTomorrow));
        assert_eq!(km.cmd(Scope::Welcome, &ev('d')), Some(Cmd::Demo));
        assert_eq!(km.cmd(Scope::Today, &ev('d')), Some(Cmd::Done));
        assert_eq!(km.cmd(Scope::Welcome, &ev('s')), None);
        assert_eq!(
            km.cmd(Scope::NoteKind, &ev('t')),
            Some(Cmd::Kind(Kind::Talk))
        );
    }

    #[test]
    fn a_remapped_key_leaves_the_command_it_took_over() {
        let mut o = HashMap::new();
        o.insert("kind_talk".to_string(), "x".to_string());
        o.insert("snooze_week".to_string(), "n".to_string());
        let (km, _) = Keymap::with_overrides(&o);
        assert_eq!(km.cmd(Scope::NoteKind, &ev('t')), None);
        assert_eq!(
            km.cmd(Scope::NoteKind, &ev('x')),
            Some(Cmd::Kind(Kind::Talk))
        );
        assert_eq!(km.cmd(Scope::Snooze, &ev('n')), Some(Cmd::SnoozeWeek));
        assert!(km.footer(Scope::Snooze).contains(&("n".into(), "a week")));
    }
}
