//! Keys to actions: the default map, overridable from the config file.

use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Parses "x", "ctrl-x", "enter", "esc", "tab", "f5", "up", "pagedown".
    pub fn parse(s: &str) -> Option<Key> {
        let s = s.trim();
        let (ctrl, rest) = match s.to_lowercase().strip_prefix("ctrl-") {
            Some(_) => (true, &s[5..]),
            None => (false, s),
        };
        let code = match rest.to_lowercase().as_str() {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" => KeyCode::PageUp,
            "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(c)
            }
        };
        Some(Key { code, ctrl })
    }

    /// How the key is written in help and the status line.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("C-{base}")
        } else {
            base
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<Key, Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        let mut map = HashMap::new();
        let mut bind = |k: Key, a: Action| {
            map.insert(k, a);
        };
        bind(Key::ch('q'), Action::Quit);
        bind(
            Key {
                code: KeyCode::Char('c'),
                ctrl: true,
            },
            Action::ForceQuit,
        );
        bind(Key::plain(KeyCode::Tab), Action::NextTab);
        bind(Key::plain(KeyCode::BackTab), Action::PrevTab);
        for (i, c) in ['1', '2', '3', '4'].into_iter().enumerate() {
            bind(Key::ch(c), Action::Tab(i));
        }
        bind(Key::ch('j'), Action::Down);
        bind(Key::plain(KeyCode::Down), Action::Down);
        bind(Key::ch('k'), Action::Up);
        bind(Key::plain(KeyCode::Up), Action::Up);
        bind(Key::plain(KeyCode::PageDown), Action::PageDown);
        bind(
            Key {
                code: KeyCode::Char('d'),
                ctrl: true,
            },
            Action::PageDown,
        );
        bind(Key::plain(KeyCode::PageUp), Action::PageUp);
        bind(
            Key {
                code: KeyCode::Char('u'),
                ctrl: true,
            },
            Action::PageUp,
        );
        bind(Key::plain(KeyCode::Home), Action::Top);
        bind(Key::plain(KeyCode::End), Action::Bottom);
        bind(Key::ch('G'), Action::Bottom);
        bind(Key::plain(KeyCode::Enter), Action::Open);
        bind(Key::plain(KeyCode::Right), Action::Open);
        bind(Key::plain(KeyCode::Esc), Action::Back);
        bind(Key::plain(KeyCode::Left), Action::Back);
        bind(Key::ch('?'), Action::Help);
        bind(Key::ch('/'), Action::Search);
        bind(Key::ch('d'), Action::Done);
        bind(Key::ch('s'), Action::Snooze);
        bind(Key::ch('l'), Action::LogTouch);
        bind(Key::ch('g'), Action::LogGive);
        bind(Key::ch('y'), Action::CopyBrief);
        bind(Key::ch('a'), Action::Add);
        bind(Key::ch('n'), Action::AddNote);
        bind(Key::ch('r'), Action::AddReminder);
        bind(Key::ch('e'), Action::Edit);
        bind(Key::ch('E'), Action::EditLong);
        bind(Key::ch('m'), Action::Merge);
        bind(Key::ch('c'), Action::Capture);
        bind(Key::ch('o'), Action::Sort);
        Keymap { map }
    }
}

impl Keymap {
    /// The defaults with the config's `[keys]` overrides (action name → key).
    /// Unknown names or keys are reported, not fatal.
    pub fn with_overrides(overrides: &HashMap<String, String>) -> (Keymap, Vec<String>) {
        let mut km = Keymap::default();
        let mut problems = Vec::new();
        for (name, key) in overrides {
            match (Action::from_name(name), Key::parse(key)) {
                (Some(action), Some(key)) => {
                    km.map.retain(|_, a| *a != action);
                    km.map.insert(key, action);
                }
                (None, _) => problems.push(format!("unknown action \"{name}\" in [keys]")),
                (_, None) => problems.push(format!("unknown key \"{key}\" for {name} in [keys]")),
            }
        }
        (km, problems)
    }

    pub fn action(&self, e: &KeyEvent) -> Option<Action> {
        self.map.get(&Key::from_event(e)).copied()
    }

    /// The key shown for an action (the first bound, letters preferred).
    pub fn key_for(&self, action: Action) -> String {
        let mut keys: Vec<&Key> = self
            .map
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| k)
            .collect();
        keys.sort_by_key(|k| (!matches!(k.code, KeyCode::Char(_)), k.ctrl, k.label()));
        keys.first()
            .map(|k| k.label())
            .unwrap_or_else(|| "—".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_the_default_key() {
        let mut o = HashMap::new();
        o.insert("done".to_string(), "x".to_string());
        o.insert("bogus".to_string(), "z".to_string());
        let (km, problems) = Keymap::with_overrides(&o);
        assert_eq!(
            km.action(&KeyEvent::from(KeyCode::Char('x'))),
            Some(Action::Done)
        );
        assert_eq!(km.action(&KeyEvent::from(KeyCode::Char('d'))), None);
        assert_eq!(km.key_for(Action::Done), "x");
        assert_eq!(problems.len(), 1);
        assert_eq!(Key::parse("ctrl-k").map(|k| k.ctrl), Some(true));
        assert_eq!(Key::parse("f5").map(|k| k.code), Some(KeyCode::F(5)));
    }
}
