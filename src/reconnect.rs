//! Whom to follow up and reconnect with, and what to give them. Pure logic over
//! rows the store loads; a fixed `today` makes every rule testable.

use chrono::NaiveDate;
use serde::Serialize;

/// People met at an event this many days ago or less, with no follow-up since,
/// are "After events"; after that they stay, as "Not followed up", until you act.
pub const AFTER_EVENT_DAYS: i64 = 14;
/// The rhythm of people met at an event, unless configured (`[cadence] met`).
pub const MET_DAYS: i64 = 90;
/// People with no cadence and at least this many touches...
pub const DRIFT_MIN_TOUCHES: i64 = 3;
/// ...who went quiet for longer than this are drifting.
pub const DRIFT_DAYS: i64 = 180;

/// An open follow-up of a meeting at an event, with the person's newest touch.
#[derive(Debug, Clone, PartialEq)]
pub struct EventMeeting {
    pub person_id: i64,
    pub name: String,
    pub event: String,
    pub met_on: NaiveDate,
    pub last_touch: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
}

/// Keep-in-touch rhythms that apply when a person has none of their own:
/// per tag (the shortest of a person's tags wins), then the rhythm of people
/// met at an event, then a global default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CadenceRules {
    pub default_days: Option<i64>,
    pub tags: Vec<(String, i64)>,
    /// For people met at an event (not for a bare import).
    pub met_days: Option<i64>,
}

impl CadenceRules {
    /// The fewest days of quiet after which any rule (or drifting) may prompt
    /// someone without a cadence of their own.
    pub fn shortest(&self) -> i64 {
        self.tags
            .iter()
            .map(|(_, d)| *d)
            .chain(self.default_days)
            .chain(self.met_days)
            .chain([DRIFT_DAYS + 1])
            .min()
            .unwrap_or(DRIFT_DAYS + 1)
    }

    /// The rhythm of a person: their own, else their tags', else the one for
    /// people met at an event, else the default.
    pub fn cadence_for(
        &self,
        own: Option<i64>,
        tags: &[String],
        met_at_event: bool,
    ) -> Option<i64> {
        own.or_else(|| {
            self.tags
                .iter()
                .filter(|(t, _)| tags.iter().any(|pt| pt.eq_ignore_ascii_case(t)))
                .map(|(_, d)| *d)
                .min()
        })
        .or(self.met_days.filter(|_| met_at_event))
        .or(self.default_days)
    }
}

/// A person who may be due a reconnect.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub person_id: i64,
    pub name: String,
    pub cadence_days: Option<i64>,
    pub tags: Vec<String>,
    pub last_touch: Option<NaiveDate>,
    pub bumped_on: Option<NaiveDate>,
    pub snoozed_until: Option<NaiveDate>,
    pub touches: i64,
    /// Met at an event: the event-contact rhythm applies.
    pub met_at_event: bool,
}

/// What a give idea is drawn from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GiveContext {
    pub name: String,
    pub company: Option<String>,
    /// The newest `learned` note: when, and what.
    pub learned: Option<(NaiveDate, String)>,
    pub last_gave: Option<NaiveDate>,
    pub open_promise: Option<String>,
    /// The introduction their best match makes: "José is looking for a
    /// hardware investor — Ingrid invests in hardware: introduce them?".
    pub introduce: Option<String>,
}

/// A prompt on Today, as `today --json` gives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prompt {
    pub person_id: i64,
    pub person: String,
    pub why: String,
    pub give_idea: String,
    pub last_touch: Option<NaiveDate>,
    pub score: f64,
}

fn snoozed(until: Option<NaiveDate>, today: NaiveDate) -> bool {
    until.is_some_and(|u| u > today)
}

fn ago(days: i64) -> String {
    match days {
        0 => "today".into(),
        1 => "yesterday".into(),
        d => format!("{d} days ago"),
    }
}

/// Prompts for open after-event follow-ups, in the order given. Within
/// `AFTER_EVENT_DAYS` of the meeting the window is still open; later the
/// prompt says how long it has waited.
pub fn after_event(meetings: &[EventMeeting], today: NaiveDate) -> Vec<Prompt> {
    meetings
        .iter()
        .filter(|m| !snoozed(m.snoozed_until, today))
        .map(|m| {
            let days = (today - m.met_on).num_days();
            let at = if m.event.is_empty() {
                String::new()
            } else {
                format!(" at {}", m.event)
            };
            let why = if days <= AFTER_EVENT_DAYS {
                format!("met{at} {}, no follow-up yet", ago(days))
            } else {
                format!("met{at} {}, not followed up", ago(days))
            };
            Prompt {
                person_id: m.person_id,
                person: m.name.clone(),
                why,
                give_idea: String::new(),
                last_touch: Some(m.met_on),
                // Closer to the end of the window is more urgent.
                score: 1.0 + days as f64 / AFTER_EVENT_DAYS as f64,
            }
        })
        .collect()
}

/// Ranks reconnect candidates: overdue cadences by how far past their cadence
/// they are (days since the clock was reset ÷ cadence), then drifting people.
/// People never touched are not prompted.
pub fn rank(candidates: &[Candidate], rules: &CadenceRules, today: NaiveDate) -> Vec<Prompt> {
    let mut out: Vec<Prompt> = candidates
        .iter()
        .filter(|c| !snoozed(c.snoozed_until, today))
        .filter_map(|c| {
            let clock = c.last_touch.max(c.bumped_on)?;
            let days = (today - clock).num_days();
            let rhythm = rules.cadence_for(c.cadence_days, &c.tags, c.met_at_event);
            let for_met = c.cadence_days.is_none()
                && c.met_at_event
                && rhythm.is_some()
                && rhythm == rules.met_days
                && rules.cadence_for(None, &c.tags, false) != rhythm;
            let of = if for_met {
                " for people met at an event"
            } else {
                ""
            };
            let (why, score) = match rhythm {
                Some(every) if every > 0 => {
                    if days < every {
                        return None;
                    }
                    let late = days - every;
                    let why = if late == 0 {
                        format!(
                            "last touch {}, due today on a {every}-day rhythm{of}",
                            ago(days)
                        )
                    } else {
                        format!(
                            "last touch {}, {late} days past a {every}-day rhythm{of}",
                            ago(days)
                        )
                    };
                    (why, days as f64 / every as f64)
                }
                _ => {
                    if c.touches < DRIFT_MIN_TOUCHES || days <= DRIFT_DAYS {
                        return None;
                    }
                    let why = format!(
                        "drifting: quiet for {days} days after {} touches",
                        c.touches
                    );
                    (why, days as f64 / DRIFT_DAYS as f64)
                }
            };
            Some(Prompt {
                person_id: c.person_id,
                person: c.name.clone(),
                why,
                give_idea: String::new(),
                last_touch: c.last_touch,
                score: (score * 100.0).round() / 100.0,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.last_touch.cmp(&b.last_touch))
            .then_with(|| a.person.cmp(&b.person))
    });
    out
}

fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}

/// Something to give: the introduction a match of theirs makes, else the
/// newest thing learned that no later gift answered, else an open promise,
/// else a suggestion fitted to what is known.
pub fn give_idea(ctx: &GiveContext) -> String {
    if let Some(intro) = &ctx.introduce {
        return intro.clone();
    }
    let first = first_name(&ctx.name);
    if let Some((on, what)) = &ctx.learned {
        if ctx.last_gave.is_none_or(|g| g < *on) {
            return format!(
                "{first}: \u{201c}{}\u{201d} \u{2014} send something that helps with it",
                one_line(what, 80)
            );
        }
    }
    if let Some(promise) = &ctx.open_promise {
        return format!("keep your promise: {}", one_line(promise, 80));
    }
    match &ctx.company {
        Some(co) if !co.trim().is_empty() => {
            format!("share an article, intro or lead useful to {first}'s work at {co}")
        }
        _ => format!("ask {first} what they are working on and offer one concrete help"),
    }
}

/// The first line of a text, cut to `max` characters.
pub fn one_line(s: &str, max: usize) -> String {
    let line = s
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if line.chars().count() <= max {
        line.to_string()
    } else {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cand(id: i64, cadence: Option<i64>, last: Option<&str>, touches: i64) -> Candidate {
        Candidate {
            person_id: id,
            name: format!("P{id}"),
            cadence_days: cadence,
            tags: vec![],
            last_touch: last.map(d),
            bumped_on: None,
            snoozed_until: None,
            touches,
            met_at_event: false,
        }
    }

    #[test]
    fn cadence_rules() {
        let today = d("2026-11-22");
        let cases = [
            // (cadence, last touch, touches, prompted)
            (Some(30), Some("2026-10-13"), 1, true), // 40 days on 30
            (Some(30), Some("2026-11-01"), 1, false), // 21 days on 30
            (Some(30), Some("2026-10-23"), 1, true), // exactly 30: due today
            (None, Some("2026-03-01"), 5, true),     // drifting
            (None, Some("2026-03-01"), 2, false),    // too little history
            (None, Some("2026-08-01"), 9, false),    // quiet, not yet drifting
            (Some(30), None, 0, false),              // never touched
        ];
        for (i, (cadence, last, touches, want)) in cases.into_iter().enumerate() {
            let got = !rank(
                &[cand(i as i64, cadence, last, touches)],
                &CadenceRules::default(),
                today,
            )
            .is_empty();
            assert_eq!(got, want, "case {i}");
        }
    }

    #[test]
    fn more_overdue_ranks_first() {
        let today = d("2026-11-22");
        let ranked = rank(
            &[
                cand(1, Some(30), Some("2026-10-13"), 1),
                cand(2, Some(30), Some("2026-07-15"), 1),
            ],
            &CadenceRules::default(),
            today,
        );
        assert_eq!(
            ranked.iter().map(|p| p.person_id).collect::<Vec<_>>(),
            vec![2, 1]
        );
        assert!(ranked[0].why.contains("100 days past"), "{}", ranked[0].why);
    }

    #[test]
    fn a_bump_resets_the_clock_and_a_snooze_hides() {
        let today = d("2026-11-22");
        let mut c = cand(1, Some(30), Some("2026-01-01"), 3);
        c.bumped_on = Some(d("2026-11-20"));
        assert!(rank(&[c.clone()], &CadenceRules::default(), today).is_empty());
        c.bumped_on = None;
        c.snoozed_until = Some(d("2026-11-25"));
        assert!(rank(&[c.clone()], &CadenceRules::default(), today).is_empty());
        assert_eq!(
            rank(&[c], &CadenceRules::default(), d("2026-11-25")).len(),
            1
        );
    }

    #[test]
    fn after_event_prompts_say_how_long_they_waited() {
        let today = d("2026-11-22");
        let m = EventMeeting {
            person_id: 1,
            name: "Anna".into(),
            event: "RustConf".into(),
            met_on: d("2026-11-19"),
            last_touch: Some(d("2026-11-19")),
            snoozed_until: None,
        };
        let p = after_event(std::slice::from_ref(&m), today);
        assert_eq!(p[0].why, "met at RustConf 3 days ago, no follow-up yet");
        let old = EventMeeting {
            met_on: d("2026-11-02"),
            ..m.clone()
        };
        let p = after_event(&[old], today);
        assert_eq!(p[0].why, "met at RustConf 20 days ago, not followed up");
        let snoozed = EventMeeting {
            snoozed_until: Some(d("2026-11-30")),
            ..m
        };
        assert!(after_event(&[snoozed], today).is_empty());
    }

    #[test]
    fn people_met_at_an_event_get_its_rhythm() {
        let today = d("2026-11-22");
        let rules = CadenceRules {
            met_days: Some(90),
            ..Default::default()
        };
        let mut c = cand(1, None, Some("2026-08-01"), 1); // 113 days quiet
        assert!(
            rank(&[c.clone()], &rules, today).is_empty(),
            "a bare import"
        );
        c.met_at_event = true;
        let p = rank(&[c.clone()], &rules, today);
        assert!(
            p[0].why
                .contains("23 days past a 90-day rhythm for people met at an event"),
            "{}",
            p[0].why
        );
        c.last_touch = Some(d("2026-10-01"));
        assert!(rank(&[c], &rules, today).is_empty(), "52 days quiet");
    }

    #[test]
    fn give_ideas() {
        let mut ctx = GiveContext {
            name: "Dirk Jansen".into(),
            company: Some("Acme".into()),
            learned: Some((d("2026-08-01"), "training for the Berlin marathon".into())),
            last_gave: None,
            open_promise: Some("send the deck".into()),
            introduce: None,
        };
        assert!(give_idea(&ctx).contains("Berlin marathon"));
        ctx.last_gave = Some(d("2026-09-01"));
        assert_eq!(give_idea(&ctx), "keep your promise: send the deck");
        ctx.open_promise = None;
        assert!(give_idea(&ctx).contains("Acme"));
        assert!(!give_idea(&ctx).to_lowercase().contains("say hi"));
        // A match of theirs is the best thing to give: the introduction.
        ctx.learned = Some((d("2026-10-01"), "looking for a hardware investor".into()));
        ctx.introduce = Some("Dirk is looking for a hardware investor \u{2014} Ingrid invests in hardware: introduce them?".into());
        assert_eq!(give_idea(&ctx), ctx.introduce.clone().unwrap());
        assert!(!give_idea(&ctx).contains("helps with it"));
    }
}
