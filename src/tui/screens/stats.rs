//! Stats: touches per week, give/ask per month, time since last touch, follow-ups on time.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline};
use ratatui::Frame;

use super::{Ctx, Env};
use crate::error::Result;
use crate::stats::Stats;

#[derive(Default)]
pub struct StatsScreen {
    pub data: Option<Stats>,
    /// The panels of what events returned and who is all take.
    pub returns: super::returns::Returns,
}

impl StatsScreen {
    pub fn load(&mut self, env: &Env) -> Result<()> {
        self.data = Some(crate::stats::load(env.conn, env.today)?);
        self.returns.load(env)
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, ctx: &Ctx) {
        let t = ctx.theme;
        let Some(s) = &self.data else {
            return;
        };
        if self.returns.panel != super::returns::Panel::Overview {
            return self.returns.render(frame, area, ctx);
        }
        let [spark, lower, foot] = Layout::vertical([
            Constraint::Percentage(30),
            Constraint::Min(6),
            Constraint::Length(1),
        ])
        .areas(area);
        let total: u64 = s.touches_per_week.iter().sum();
        frame.render_widget(
            Sparkline::default()
                .block(
                    Block::default()
                        .borders(Borders::ALL)
                        .title(format!(" Touches per week · {total} in 26 weeks ")),
                )
                .data(&s.touches_per_week)
                .style(t.chart()),
            spark,
        );
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(lower);
        // Each month takes three columns; show the latest that fit.
        let fit = (left.width.saturating_sub(2) as usize).div_ceil(3).max(1);
        let skip = s.give_ask_per_month.len().saturating_sub(fit);
        let groups: Vec<BarGroup> = s
            .give_ask_per_month
            .iter()
            .skip(skip)
            .map(|m| {
                BarGroup::default()
                    .label(Line::from(m.month[5..].to_string()))
                    .bars(&[
                        Bar::default()
                            .value(m.gave.max(0) as u64)
                            .style(t.good())
                            .text_value(String::new()),
                        Bar::default()
                            .value(m.asked.max(0) as u64)
                            .style(t.chart_alt())
                            .text_value(String::new()),
                    ])
            })
            .collect();
        let mut chart = BarChart::default()
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" Gave (green) / asked per month "),
            )
            .bar_width(1)
            .bar_gap(0)
            .group_gap(1);
        for g in groups {
            chart = chart.data(g);
        }
        frame.render_widget(chart, left);
        // All six bars always show: narrower bars, and shorter labels, when
        // the box is narrow (a label is never cut).
        const FULL: [&str; 6] = ["<1m", "1-3m", "3-6m", "6-12m", ">1y", "never"];
        const SHORT: [&str; 6] = ["<1m", "<3m", "<6m", "<1y", ">1y", "—"];
        let inner = right.width.saturating_sub(2);
        let bar_w = (inner.saturating_sub(5) / 6).clamp(1, 5);
        let (labels, title) = match bar_w {
            5 => (FULL, " People by last touch "),
            3 | 4 => (SHORT, " By last touch (— never) "),
            _ => ([""; 6], " By last touch "),
        };
        let since: Vec<Bar> = s
            .since_last_touch
            .iter()
            .zip(labels)
            .map(|((_, n), label)| {
                Bar::default()
                    .label(Line::from(label))
                    .value(*n)
                    .style(t.chart())
            })
            .collect();
        frame.render_widget(
            BarChart::default()
                .block(Block::default().borders(Borders::ALL).title(title))
                .data(BarGroup::default().bars(&since))
                .bar_width(bar_w)
                .bar_gap(1),
            right,
        );
        let done = s.follow_ups_on_time + s.follow_ups_late;
        let pct = if done == 0 {
            0
        } else {
            s.follow_ups_on_time * 100 / done
        };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("Follow-ups done ", t.heading()),
                Span::raw(format!(
                    "{done} · on time {} ({pct}%) · late {}",
                    s.follow_ups_on_time, s.follow_ups_late
                )),
            ])),
            foot,
        );
    }
}
