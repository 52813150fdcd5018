//! The Person screen's links, "also met at" and introductions.

use ratatui::text::{Line, Span};

use super::cell;
use super::person::Part;
use crate::model::PersonDetail;
use crate::tui::theme::Theme;

/// The lines, and which of them is the selected link.
pub struct LinkLines {
    pub lines: Vec<Line<'static>>,
    pub selected: Option<usize>,
}

pub fn lines(p: &PersonDetail, selected: Option<Part>, w: usize, t: &Theme) -> LinkLines {
    let mut lines = Vec::new();
    let mut sel = None;
    let width = w.saturating_sub(4).max(10);
    if !p.links.is_empty() || !p.also_met.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Links", t.heading())));
        for l in &p.links {
            if selected == Some(Part::Link(l.id)) {
                sel = Some(lines.len());
            }
            lines.push(Line::raw(format!("  {}", cell(&l.sentence(), width))));
        }
        for m in &p.also_met {
            lines.push(Line::from(Span::styled(
                format!("  {}", cell(&m.sentence(), width)),
                t.dim(),
            )));
        }
    }
    if !p.intros.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled("Introductions", t.heading())));
        for i in &p.intros {
            let next = if i.step.is_open() {
                format!(" \u{2014} next: {}", i.next_action())
            } else {
                String::new()
            };
            let text = format!("to {}: {}{next}", i.other(p.person.id), i.status());
            let style = if i.step.is_open() { t.due() } else { t.dim() };
            lines.push(Line::from(Span::styled(
                format!("  {}", cell(&text, width)),
                style,
            )));
        }
    }
    LinkLines {
        lines,
        selected: sel,
    }
}
