//! Person: header, where and when met, open follow-ups, and the timeline.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::{cell, step, Ctx, Env};
use crate::error::Result;
use crate::model::PersonDetail;
use crate::sanitize;
use crate::tui::action::{Action, Deletion, Focus};
use crate::tui::cmd::Cmd;
use crate::tui::forms;
use crate::when::{local_date, relative};

/// How many notes the screen loads.
pub const PERSON_NOTES: usize = 200;

/// A selectable line of the person: what editing or deleting would act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Meeting(i64),
    Link(i64),
    Reminder(i64),
    Note(i64),
    /// A match of theirs: (need, offer).
    Match(i64, i64),
}

pub struct PersonScreen {
    pub id: i64,
    pub detail: Option<Box<PersonDetail>>,
    /// What you gave and asked, and the touches of the last year against the rhythm.
    pub reciprocity: Option<crate::returns::Reciprocity>,
    /// Index into `parts()`; the view scrolls to keep it in sight.
    pub sel: usize,
}

impl PersonScreen {
    pub fn new(id: i64) -> PersonScreen {
        PersonScreen {
            id,
            detail: None,
            reciprocity: None,
            sel: 0,
        }
    }

    /// Loads again, keeping the same part selected when it is still there.
    pub fn load(&mut self, env: &Env) -> Result<()> {
        let before = self.selected();
        let detail = crate::profile::load(env.conn, self.id, PERSON_NOTES)?;
        self.reciprocity = Some(crate::returns::reciprocity(
            env.conn,
            self.id,
            detail.balance.gave,
            detail.balance.asked,
            env.today,
        )?);
        self.detail = Some(Box::new(detail));
        let parts = self.parts();
        self.sel = before
            .and_then(|b| parts.iter().position(|p| *p == b))
            .unwrap_or(self.sel)
            .min(parts.len().saturating_sub(1));
        Ok(())
    }

    /// The selectable lines, in the order shown: meetings, links, follow-ups,
    /// notes, matches.
    pub fn parts(&self) -> Vec<Part> {
        let Some(d) = &self.detail else {
            return vec![];
        };
        d.meetings
            .iter()
            .map(|m| Part::Meeting(m.id))
            .chain(d.links.iter().map(|l| Part::Link(l.id)))
            .chain(d.reminders.iter().map(|r| Part::Reminder(r.id)))
            .chain(d.notes.iter().map(|n| Part::Note(n.id)))
            .chain(
                d.matches
                    .iter()
                    .map(|m| Part::Match(m.matched.need_id, m.matched.offer_id)),
            )
            .collect()
    }

    /// The selected meeting, follow-up or note.
    pub fn selected(&self) -> Option<Part> {
        self.parts().get(self.sel).copied()
    }

    fn name(&self) -> String {
        self.detail
            .as_ref()
            .map(|d| d.person.name.clone())
            .unwrap_or_else(|| format!("#{}", self.id))
    }

    pub fn focus(&self) -> Option<Focus> {
        Some(Focus {
            id: self.id,
            name: self.name(),
            give_idea: None,
        })
    }

    pub fn handle(&mut self, cmd: Cmd, ctx: &Ctx) -> Action {
        if let Some(sel) = step(cmd, self.sel, self.parts().len(), ctx.page) {
            self.sel = sel;
            return Action::None;
        }
        match cmd {
            Cmd::AddNote => Action::NoteKind(self.id),
            Cmd::AddReminder => Action::form(forms::reminder(self.id, &self.name())),
            Cmd::Edit => match &self.detail {
                Some(d) => Action::form(forms::edit_person(d)),
                None => Action::None,
            },
            Cmd::EditLong => Action::Editor(self.id),
            Cmd::ChangeItem => self.change_form().map_or(Action::None, Action::form),
            Cmd::Delete => match self.selected() {
                Some(Part::Meeting(id)) => Action::Delete(Deletion::Meeting(id)),
                Some(Part::Reminder(id)) => Action::Delete(Deletion::Reminder(id)),
                Some(Part::Note(id)) => Action::Delete(Deletion::Note(id)),
                Some(Part::Link(id)) => Action::Delete(Deletion::Link(id)),
                Some(Part::Match(..)) => Action::Info(
                    "A match goes when its need is met or its note goes: mark the need met (M) on the note.".into(),
                ),
                None => Action::Info("Nothing selected to delete.".into()),
            },
            Cmd::Archive => Action::Archive(self.id),
            Cmd::MarkNeed | Cmd::NeedMet => self.marking(cmd),
            Cmd::DeletePerson => Action::DeletePerson(self.id),
            Cmd::Merge => Action::form(forms::merge(self.id, &self.name())),
            Cmd::Link => Action::form(forms::link(self.id, &self.name())),
            Cmd::Introduce => match (&self.detail, self.selected()) {
                (Some(d), Some(Part::Match(need, offer))) => d
                    .matches
                    .iter()
                    .find(|m| m.matched.need_id == need && m.matched.offer_id == offer)
                    .map_or(Action::None, |m| Action::form(forms::intro_match(&m.matched))),
                _ => Action::form(forms::intro(self.id, &self.name())),
            },
            _ => Action::Pass(cmd),
        }
    }

    /// What `N` (need/offer) or `M` (met) does to the selected note.
    fn marking(&self, cmd: Cmd) -> Action {
        use crate::needs::Mark;
        use crate::ops::needs::Marking;
        let (Some(d), Some(Part::Note(id))) = (&self.detail, self.selected()) else {
            return Action::Info("Select a learned note to mark it a need or an offer.".into());
        };
        let Some(note) = d.notes.iter().find(|n| n.id == id) else {
            return Action::None;
        };
        if note.kind != crate::model::NoteKind::Learned {
            return Action::Info("Only a learned note is a need or an offer.".into());
        }
        let current = d.needs.iter().find(|m| m.note_id == id);
        let how = match (cmd, current) {
            (Cmd::MarkNeed, None) => {
                Marking::Set(crate::needs::propose(&note.body).unwrap_or(Mark::Need))
            }
            (Cmd::MarkNeed, Some(m)) if m.mark == Mark::Need => Marking::Set(Mark::Offer),
            (Cmd::MarkNeed, Some(_)) => Marking::Clear,
            (_, Some(m)) if m.mark == Mark::Need && m.met_on.is_none() => Marking::Met,
            (_, Some(m)) if m.mark == Mark::Need => Marking::Reopen,
            _ => return Action::Info("Only a need can be met: mark the note a need first.".into()),
        };
        Action::Mark(id, how)
    }

    /// The form that changes the selected meeting, follow-up or note.
    fn change_form(&self) -> Option<crate::tui::form::Form<forms::Purpose>> {
        let d = self.detail.as_ref()?;
        Some(match self.selected()? {
            Part::Meeting(id) => forms::edit_meeting(d.meetings.iter().find(|m| m.id == id)?),
            Part::Reminder(id) => forms::edit_reminder(d.reminders.iter().find(|r| r.id == id)?),
            Part::Note(id) => forms::edit_note(d.notes.iter().find(|n| n.id == id)?),
            // A link is removed and made again, not changed in place; a
            // match follows its notes.
            Part::Link(_) | Part::Match(..) => return None,
        })
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let Some(p) = &self.detail else {
            return;
        };
        let w = area.width.saturating_sub(4) as usize;
        let pp = &p.person;
        let selected = self.selected();
        // The line of the selected part, to highlight and keep in sight.
        let mut sel_line = None;
        let mut lines: Vec<Line> = Vec::new();
        let role: Vec<String> = [pp.title.as_deref(), pp.company.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .map(|s| cell(s, 40))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(cell(&pp.name, 50), t.title()),
            Span::raw("  "),
            Span::raw(role.join(", ")),
        ]));
        for cp in &p.contact_points {
            let label = cp
                .label
                .as_deref()
                .map(|l| format!(" ({})", cell(l, 20)))
                .unwrap_or_default();
            lines.push(Line::from(vec![
                Span::styled(format!("{}{label}: ", cp.kind.as_str()), t.dim()),
                Span::raw(cell(&cp.value, w.saturating_sub(20).max(10))),
            ]));
        }
        let mut facts = Vec::new();
        if !p.tags.is_empty() {
            facts.push(format!(
                "tags: {}",
                p.tags
                    .iter()
                    .map(|s| cell(s, 20))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if let Some(c) = pp.cadence_days {
            facts.push(format!("every {c} days"));
        }
        if let Some(b) = &pp.birthday {
            facts.push(format!("birthday {b}"));
        }
        if !facts.is_empty() {
            lines.push(Line::from(Span::styled(facts.join(" · "), t.dim())));
        }
        let touch = p
            .last_touch
            .map(|d| relative(d, ctx.today))
            .unwrap_or_else(|| "never".into());
        lines.push(Line::from(vec![
            Span::styled("last touch ", t.dim()),
            Span::raw(touch),
        ]));
        if let Some(r) = &self.reciprocity {
            let style = if r.gave == 0 && r.asked > 0 {
                t.overdue()
            } else {
                t.dim()
            };
            lines.push(Line::from(Span::styled(cell(&r.reading, w.max(20)), style)));
        }

        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Met", t.heading())));
        if p.meetings.is_empty() {
            lines.push(Line::from(Span::styled("  no meeting recorded", t.dim())));
        }
        for m in &p.meetings {
            if selected == Some(Part::Meeting(m.id)) {
                sel_line = Some(lines.len());
            }
            let mut s = format!("  {}", m.met_on);
            if let Some(e) = &m.event {
                s.push_str(&format!(" at {}", cell(e, 40)));
            }
            if let Some(pl) = m.place.as_deref().filter(|s| !s.is_empty()) {
                s.push_str(&format!(", {}", cell(pl, 30)));
            }
            lines.push(Line::raw(s));
        }
        let link_lines = super::person_links::lines(p, selected, w, t);
        if let Some(at) = link_lines.selected {
            sel_line = Some(lines.len() + at);
        }
        lines.extend(link_lines.lines);
        if !p.reminders.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled("Follow-ups", t.heading())));
            for r in &p.reminders {
                if selected == Some(Part::Reminder(r.id)) {
                    sel_line = Some(lines.len());
                }
                let late = r.shows_on() < ctx.today;
                lines.push(Line::from(vec![
                    Span::styled(
                        format!("  {} ", r.shows_on()),
                        if late { t.overdue() } else { t.due() },
                    ),
                    Span::raw(cell(&r.body, w.saturating_sub(14).max(10))),
                ]));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Timeline", t.heading())));
        if p.notes.is_empty() {
            let hint = format!("  no notes yet: press {}", ctx.keys.key_for(Cmd::AddNote));
            lines.push(Line::from(Span::styled(hint, t.dim())));
        }
        for n in &p.notes {
            let mut body = sanitize::for_terminal(&n.body)
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
                .into_iter();
            let first = body.next().unwrap_or_default();
            if selected == Some(Part::Note(n.id)) {
                sel_line = Some(lines.len());
            }
            let (tag, tag_style) = mark_tag(p, n, ctx);
            let body_w = w.saturating_sub(24 + tag.chars().count()).max(10);
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", local_date(n.happened_at)), t.dim()),
                Span::styled(
                    format!("{} {:<7} ", n.kind.symbol(), n.kind.as_str()),
                    t.kind(n.kind),
                ),
                Span::styled(tag, tag_style),
                Span::raw(cell(&first, body_w)),
            ]));
            for more in body.take(5) {
                lines.push(Line::raw(format!(
                    "{:22}{}",
                    "",
                    cell(&more, w.saturating_sub(24).max(10))
                )));
            }
        }
        if !p.matches.is_empty() {
            lines.push(Line::raw(""));
            lines.push(Line::from(Span::styled("Introduce", t.heading())));
            for m in &p.matches {
                let part = Part::Match(m.matched.need_id, m.matched.offer_id);
                if selected == Some(part) {
                    sel_line = Some(lines.len());
                }
                lines.extend(crate::tui::wrap::wrap(
                    &[
                        ("  give ".into(), t.good()),
                        (sanitize::one_line(&m.give_idea), t.dim()),
                    ],
                    w.max(20),
                    7,
                ));
            }
        }
        let height = area.height.saturating_sub(1) as usize;
        let mut scroll = 0;
        if let Some(i) = sel_line {
            lines[i] = std::mem::take(&mut lines[i]).style(t.selected());
            if let Some(first) = lines[i].spans.first_mut() {
                // The two-space indent becomes the selection mark.
                let rest = first.content.strip_prefix("  ").unwrap_or(&first.content);
                first.content = format!("› {rest}").into();
            }
            // Keep the selected line in sight, with a line of what follows.
            scroll = (i + 2).saturating_sub(height);
        }
        let scroll = scroll.min(lines.len().saturating_sub(height)) as u16;
        let block = Block::default().borders(Borders::TOP);
        frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    }
}

/// The tag before a marked note ("need ", "need met ", "offer "), or the
/// marking Kith proposes for one that reads like a need or an offer.
fn mark_tag(
    p: &PersonDetail,
    n: &crate::model::Note,
    ctx: &Ctx,
) -> (String, ratatui::style::Style) {
    use crate::needs::Mark;
    let t = ctx.theme;
    match p.needs.iter().find(|m| m.note_id == n.id) {
        Some(m) if m.mark == Mark::Need && m.met_on.is_some() => ("[need met] ".into(), t.dim()),
        Some(m) => (format!("[{}] ", m.mark.as_str()), t.good()),
        None => match crate::ops::needs::proposal(n.kind, &n.body, false) {
            Some(m) => (
                format!("[{}? {}] ", m.as_str(), ctx.keys.key_for(Cmd::MarkNeed)),
                t.dim(),
            ),
            None => (String::new(), t.dim()),
        },
    }
}
