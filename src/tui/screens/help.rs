//! `?` help: every key of the current screen from the key table, scrolling
//! when it does not fit.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use super::{wrap, Ctx};
use crate::tui::keys::Scope;

/// The lines of help for a screen, wrapped to `width`: its keys, then the
/// one-key prompts it opens.
pub fn lines(scope: Scope, ctx: &Ctx, width: usize) -> Vec<Line<'static>> {
    let t = ctx.theme;
    let keys = ctx.keys;
    let mut lines: Vec<Line> = Vec::new();
    for (k, what) in keys.help(scope) {
        let text_w = width.saturating_sub(11).max(10);
        for (i, part) in wrap(what, text_w).into_iter().enumerate() {
            let key = if i == 0 { k.clone() } else { String::new() };
            lines.push(Line::from(vec![
                Span::styled(format!("{key:>9}  "), t.key()),
                Span::raw(part),
            ]));
        }
    }
    let sub: &[(&str, Scope)] = match scope {
        Scope::Today => &[
            ("Snooze", Scope::Snooze),
            ("Done on a prompt", Scope::FollowUp),
        ],
        Scope::Person => &[("Note kinds", Scope::NoteKind)],
        _ => &[],
    };
    for &(title, s) in sub {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(format!("{title}:"), t.heading())));
        for (k, w) in keys.footer(s) {
            lines.push(Line::from(vec![
                Span::styled(format!("{k:>9}  "), t.key()),
                Span::raw(w),
            ]));
        }
    }
    lines.push(Line::raw(""));
    let forms = "In forms: Tab next field · Enter save · Esc cancel · C-u clear the field. \
                 Dates: 2026-12-01, tomorrow, fri, in 2w, +3d, 5 dec";
    for part in wrap(forms, width) {
        lines.push(Line::from(Span::styled(part, t.dim())));
    }
    lines
}

/// Draws help scrolled by `scroll` lines; returns the largest useful scroll.
pub fn render(scope: Scope, scroll: u16, frame: &mut Frame, area: Rect, ctx: &Ctx) -> u16 {
    let t = ctx.theme;
    let inner_w = area.width.saturating_sub(2).max(1);
    let inner_h = area.height.saturating_sub(2);
    let lines = lines(scope, ctx, inner_w as usize);
    let total = lines.len() as u16;
    let para = Paragraph::new(lines);
    let max = total.saturating_sub(inner_h);
    let scroll = scroll.min(max);
    frame.render_widget(Clear, area);
    // The store's path sits on the border, so it shows however many keys there are.
    let store = format!(" Store: {} ", crate::sanitize::one_line(ctx.store_path));
    let more = if scroll < max {
        format!(" Keys · ↓ more ({}/{}) ", scroll + inner_h, total)
    } else {
        " Keys ".to_string()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(more, t.title()))
        .title_bottom(Span::styled(store, t.dim()));
    frame.render_widget(para.block(block).scroll((scroll, 0)), area);
    max
}
