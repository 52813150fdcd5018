//! Plain-text output of the commands. Every stored text goes through `safe`.

use std::io::Write;

use chrono::NaiveDate;

use crate::matches::GiveMatch;
use crate::model::{Event, PersonDetail, PersonRow, Reminder};
use crate::reconnect::Prompt;
use crate::sanitize;
use crate::today::{FollowUp, Today};
use crate::when::{local_date, relative};

/// Pretty JSON for scripts that is also safe to land on a terminal.
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    Ok(sanitize::json_for_terminal(&serde_json::to_string_pretty(
        value,
    )?))
}

pub fn safe(s: &str) -> String {
    sanitize::one_line(s)
}

/// One line of at most `max` terminal cells.
fn cut(s: &str, max: usize) -> String {
    crate::text_width::cut(safe(s).trim(), max)
}

/// `s` cut to `width` terminal cells and padded to them (CJK and emoji
/// sequences take two, combining marks none).
fn col(s: &str, width: usize) -> String {
    crate::text_width::fit(&safe(s), width)
}

/// The longest a one-line field of `show` runs (a name, a company, a tag).
const FIELD: usize = 200;

fn reminder_line(r: &Reminder, today: NaiveDate) -> String {
    let who = r
        .person
        .as_deref()
        .map(|p| format!("{} \u{2014} ", cut(p, 30)))
        .unwrap_or_default();
    let when = relative(r.shows_on(), today);
    let repeat = r
        .repeat_days
        .map(|d| format!(" \u{21bb} {d}d"))
        .unwrap_or_default();
    format!(
        "  #{:<5} {}  {who}{}  ({when}){repeat}",
        r.id,
        r.shows_on(),
        safe(&r.body)
    )
}

fn follow_up_lines(f: &FollowUp, today: NaiveDate) -> String {
    let mut s = reminder_line(&f.reminder, today);
    if let Some(met) = &f.met {
        s.push_str(&format!("\n         met: {}, {}", safe(&met.at), met.on));
    }
    if let Some(idea) = &f.give_idea {
        s.push_str(&format!("\n         give: {}", safe(idea)));
    }
    s
}

fn prompt_lines(p: &Prompt) -> String {
    let mut s = format!("  {} \u{2014} {}", cut(&p.person, 30), safe(&p.why));
    if !p.give_idea.is_empty() {
        s.push_str(&format!("\n      give: {}", safe(&p.give_idea)));
    }
    s
}

fn match_lines(m: &GiveMatch) -> String {
    let x = &m.matched;
    format!(
        "  {} \u{2194} {}  (need #{}, offer #{})\n      give: {}",
        cut(&x.need_person, 30),
        cut(&x.offer_person, 30),
        x.need_id,
        x.offer_id,
        safe(&m.give_idea)
    )
}

/// The matches a note just marked takes part in.
pub fn person_matches(list: &[GiveMatch], note: i64) {
    for m in list
        .iter()
        .filter(|m| m.matched.need_id == note || m.matched.offer_id == note)
    {
        println!("Match: {}", safe(&m.give_idea));
    }
}

/// A section with its true count; when only a window of it is listed, says how many more.
fn section<T>(
    out: &mut impl Write,
    title: &str,
    count: usize,
    items: &[T],
    line: impl Fn(&T) -> String,
) -> std::io::Result<()> {
    writeln!(out, "{title} ({count})")?;
    if items.is_empty() {
        writeln!(out, "  \u{2014}")?;
    }
    for i in items {
        writeln!(out, "{}", line(i))?;
    }
    if count > items.len() {
        writeln!(out, "  \u{2026} and {} more", count - items.len())?;
    }
    writeln!(out)
}

/// Today as text, written through one buffer (a line per write would make
/// printing a long Today a thousand system calls).
pub fn today(t: &Today) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    today_to(&mut out, t)?;
    out.flush()
}

fn today_to(out: &mut impl Write, t: &Today) -> std::io::Result<()> {
    let n = &t.counts;
    writeln!(out, "Today \u{b7} {}", t.today.format("%a %-d %b %Y"))?;
    writeln!(out)?;
    section(out, "Overdue", n.overdue, &t.overdue, |f| {
        follow_up_lines(f, t.today)
    })?;
    section(out, "Due today", n.due, &t.due, |f| {
        follow_up_lines(f, t.today)
    })?;
    section(
        out,
        "After events",
        n.after_event,
        &t.after_event,
        prompt_lines,
    )?;
    if n.not_followed_up > 0 {
        section(
            out,
            "Not followed up",
            n.not_followed_up,
            &t.not_followed_up,
            prompt_lines,
        )?;
    }
    section(out, "Reconnect", n.reconnect, &t.reconnect, prompt_lines)?;
    if n.introduce > 0 {
        section(out, "Introduce", n.introduce, &t.introduce, match_lines)?;
    }
    section(out, "Birthdays", n.birthdays, &t.birthdays, |b| {
        let turns = b.turns.map(|n| format!(", turns {n}")).unwrap_or_default();
        format!(
            "  {} \u{2014} {} ({}){turns}",
            cut(&b.person, 40),
            b.date.format("%a %-d %b"),
            relative(b.date, t.today)
        )
    })?;
    if t.is_empty() {
        writeln!(
            out,
            "Nothing due. Log a touch with: kith log NAME \"what you talked about\""
        )
    } else {
        writeln!(
            out,
            "Close an item: kith done ID (a follow-up), kith done NAME (you followed up) \
             or kith done NAME --dismiss (nothing to do now)."
        )
    }
}

pub fn rows(rows: &[PersonRow], today: NaiveDate) {
    for r in rows {
        let company = r.company.as_deref().map(|c| cut(c, 24)).unwrap_or_default();
        let touch = r
            .last_touch
            .map(|d| relative(d, today))
            .unwrap_or_else(|| "never".into());
        let next = r
            .next_follow_up
            .map(|d| format!("next {d}"))
            .unwrap_or_default();
        println!(
            "#{:<6} {} {} {:<14} {}",
            r.id,
            col(&r.name, 30),
            col(&company, 24),
            touch,
            next
        );
        if let Some(s) = &r.snippet {
            println!("        {}", cut(s, 100));
        }
    }
}

pub fn events(list: &[(Event, i64)]) {
    if list.is_empty() {
        println!("No events yet. Add one: kith event add \"RustConf 2026\" --on 2026-09-12 --at Amsterdam");
    }
    for (e, n) in list {
        let place = e.place.as_deref().map(safe).unwrap_or_default();
        println!(
            "#{:<5} {}  {} {} {n} met",
            e.id,
            e.starts_on,
            col(&e.name, 36),
            col(&place, 16)
        );
    }
}

pub fn person(p: &PersonDetail, today: NaiveDate, reading: Option<&str>) {
    let person = &p.person;
    println!("{} (#{})", cut(&person.name, FIELD), person.id);
    let role: Vec<String> = [person.title.as_deref(), person.company.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| cut(s, FIELD))
        .collect();
    if !role.is_empty() {
        println!("{}", role.join(", "));
    }
    for cp in &p.contact_points {
        let label = cp
            .label
            .as_deref()
            .map(|l| format!(" ({})", cut(l, FIELD)))
            .unwrap_or_default();
        println!(
            "  #{:<5} {}{label}: {}",
            cp.id,
            cp.kind.as_str(),
            cut(&cp.value, FIELD)
        );
    }
    if !p.tags.is_empty() {
        println!(
            "  tags: {}",
            p.tags
                .iter()
                .map(|t| cut(t, FIELD))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(c) = person.cadence_days {
        println!("  keep in touch every {c} days");
    }
    if let Some(b) = &person.birthday {
        println!("  birthday: {b}");
    }
    let touch = p
        .last_touch
        .map(|d| format!("{d} ({})", relative(d, today)))
        .unwrap_or_else(|| "never".into());
    // The balance only when there is one: "gave 0 · asked 0" says nothing.
    let mut balance = String::new();
    if p.balance.gave > 0 {
        balance.push_str(&format!(" \u{b7} gave {}", p.balance.gave));
    }
    if p.balance.asked > 0 {
        balance.push_str(&format!(" \u{b7} asked {}", p.balance.asked));
    }
    println!("  last touch: {touch}{balance}");
    if let Some(r) = reading {
        println!("  reciprocity: {}", safe(r));
    }
    if !p.meetings.is_empty() {
        println!("\nMet");
        for m in &p.meetings {
            let event = m
                .event
                .as_deref()
                .map(|e| format!(" at {}", cut(e, FIELD)))
                .unwrap_or_default();
            let place = m
                .place
                .as_deref()
                .map(|e| format!(", {}", cut(e, FIELD)))
                .unwrap_or_default();
            println!("  #{:<5} {}{event}{place}", m.id, m.met_on);
        }
    }
    super::links::print_person(p);
    if !p.reminders.is_empty() {
        println!("\nFollow-ups");
        for r in &p.reminders {
            println!("{}", reminder_line(r, today));
        }
    }
    if !p.notes.is_empty() {
        println!("\nNotes");
        for n in &p.notes {
            println!(
                "  #{:<5} {} {} {:<7} {}{}",
                n.id,
                local_date(n.happened_at),
                n.kind.symbol(),
                n.kind.as_str(),
                mark_label(p, n),
                sanitize::for_terminal(&n.body).replace('\n', "\n                              ")
            );
        }
    }
    if !p.matches.is_empty() {
        println!("\nIntroduce");
        for m in &p.matches {
            println!(
                "  need #{} \u{2194} offer #{}: {}",
                m.matched.need_id,
                m.matched.offer_id,
                safe(&m.give_idea)
            );
        }
    }
}

/// "[need] ", "[need, met 2026-11-20] " or "[offer] " before a marked note;
/// "[reads like a need: kith mark 12 need] " for one Kith would propose.
fn mark_label(p: &PersonDetail, n: &crate::model::Note) -> String {
    use crate::needs::Mark;
    match p.needs.iter().find(|m| m.note_id == n.id) {
        Some(m) => match (m.mark, m.met_on) {
            (Mark::Need, Some(on)) => format!("[need, met {on}] "),
            (mark, _) => format!("[{}] ", mark.as_str()),
        },
        None => crate::ops::needs::proposal(n.kind, &n.body, false)
            .map(|m| {
                format!(
                    "[reads like {}: kith mark {} {}] ",
                    article(m),
                    n.id,
                    m.as_str()
                )
            })
            .unwrap_or_default(),
    }
}

fn article(m: crate::needs::Mark) -> String {
    match m {
        crate::needs::Mark::Need => "a need".into(),
        crate::needs::Mark::Offer => "an offer".into(),
    }
}

/// `kith stats --events`: each event's returns, best first.
pub fn event_returns(r: &crate::returns::EventReturns) {
    if r.events.is_empty() {
        println!("No event has anyone met there yet. Log people met: kith add NAME --event EVENT");
        return;
    }
    println!(
        "{} {:>4} {:>5} {:>4} {:>4} {:>4} {:>6} {:>4} {:>7}",
        col("Event", 40),
        "met",
        "14d",
        "3m",
        "6m",
        "gave",
        "intros",
        "asked",
        "learned"
    );
    for e in &r.events {
        let place = e
            .place
            .as_deref()
            .map(|p| format!(", {}", safe(p)))
            .unwrap_or_default();
        println!(
            "{} {:>4} {:>5} {:>4} {:>4} {:>4} {:>6} {:>4} {:>7}",
            col(&format!("{} ({}{place})", safe(&e.name), e.on), 40),
            e.met,
            e.followed_up_14d,
            e.in_touch_3m,
            e.in_touch_6m,
            e.gave,
            e.intros,
            e.asked,
            e.learned
        );
    }
    println!(
        "\n14d: followed up within 14 days · 3m/6m: still in touch 3/6 months or more after · best first"
    );
}

/// `kith stats --take`: the people whose balance is all take.
pub fn all_take(r: &crate::returns::AllTake) {
    if r.people.is_empty() {
        println!("Nobody is all take: everyone you asked something of, you also gave to.");
        return;
    }
    println!("All take ({}): asked of, never given to", r.count);
    for t in &r.people {
        let last = t.last_touch.as_deref().unwrap_or("never");
        println!(
            "  #{:<6} {} asked {:>3} \u{b7} last touch {last}",
            t.id,
            col(&t.name, 30),
            t.asked
        );
    }
    if r.count > r.people.len() {
        println!("  \u{2026} and {} more", r.count - r.people.len());
    }
}

/// A bar of `n` out of `max` in `width` cells.
fn bar(n: u64, max: u64, width: usize) -> String {
    let cells = if max == 0 {
        0
    } else {
        (n as usize * width).div_ceil(max as usize)
    };
    "\u{2588}".repeat(cells.min(width))
}

pub fn stats(s: &crate::stats::Stats) {
    const SPARK: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = s.touches_per_week.iter().copied().max().unwrap_or(0);
    let spark: String = s
        .touches_per_week
        .iter()
        .map(|&n| {
            if max == 0 {
                SPARK[0]
            } else {
                SPARK[(n * 7).div_ceil(max) as usize]
            }
        })
        .collect();
    let total: u64 = s.touches_per_week.iter().sum();
    println!(
        "Touches per week, last {} weeks ({total} in all)",
        s.touches_per_week.len()
    );
    println!("  {spark}");
    println!();
    println!("Give / ask per month");
    let max = s
        .give_ask_per_month
        .iter()
        .map(|m| m.gave.max(m.asked))
        .max()
        .unwrap_or(0) as u64;
    for m in &s.give_ask_per_month {
        println!(
            "  {}  gave {:>3} {:<12} asked {:>3} {}",
            m.month,
            m.gave,
            bar(m.gave as u64, max, 12),
            m.asked,
            bar(m.asked as u64, max, 12)
        );
    }
    println!();
    println!("People by time since last touch");
    let max = s.since_last_touch.iter().map(|b| b.1).max().unwrap_or(0);
    for (label, n) in &s.since_last_touch {
        println!("  {label:<12} {n:>6} {}", bar(*n, max, 30));
    }
    println!();
    let done = s.follow_ups_on_time + s.follow_ups_late;
    let pct = if done == 0 {
        0
    } else {
        s.follow_ups_on_time * 100 / done
    };
    println!(
        "Follow-ups done: {done} \u{b7} on time {} ({pct}%) \u{b7} late {}",
        s.follow_ups_on_time, s.follow_ups_late
    );
}
