//! The demo's links and introductions: who introduced whom, colleagues,
//! and introductions at every step, among the demo's hand-written people.

use chrono::Days;
use rusqlite::Connection;

use crate::error::Result;
use crate::intro::Step;
use crate::links::LinkKind;
use crate::ops::intro::{self, Proposal};
use crate::store::links::{self, NewLink};
use crate::store::people;
use crate::when::Clock;

/// Adds them in the demo's transaction. A name not in the demo (a small
/// demo of a few people) is skipped with what depends on it.
pub(crate) fn add(tx: &Connection, clock: &Clock) -> Result<()> {
    let id = |name: &str| -> Result<Option<i64>> {
        Ok(people::exact_matches(tx, name)?.first().copied())
    };
    // José (who needs a hardware investor) and Ingrid (who invests in
    // hardware) are left unlinked: a match to introduce.
    let link_rows: &[(&str, &str, LinkKind, Option<&str>)] = &[
        (
            "Søren Nielsen",
            "Dirk Jansen",
            LinkKind::IntroducedBy,
            Some("at PyCon DE 2026"),
        ),
        (
            "Łukasz Nowak",
            "Zoë Müller",
            LinkKind::Knows,
            Some("from the Rust Meetup"),
        ),
        (
            "Mehmet Yılmaz",
            "田中 愛子",
            LinkKind::Other("mentor of".into()),
            None,
        ),
    ];
    for (a, b, kind, context) in link_rows {
        let (Some(a), Some(b)) = (id(a)?, id(b)?) else {
            continue;
        };
        let new = NewLink {
            a,
            b,
            kind: kind.clone(),
            context: context.map(str::to_string),
        };
        links::insert(tx, &new, clock.now)?;
    }
    // Introductions at different steps: who, why, proposed how many days
    // ago, the steps taken (and how many days ago), how it turned out.
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        u64,
        &'a [(Step, u64)],
        Option<(&'a str, u64)>,
    );
    let intro_rows: &[Row] = &[
        (
            "田中 愛子",
            "Søren Nielsen",
            "Aiko moves to Amsterdam next spring; Søren knows everyone there",
            0,
            &[],
            None,
        ),
        (
            "Dirk Jansen",
            "Mehmet Yılmaz",
            "Brightlane opens an office in Utrecht; Mehmet runs the meetup there",
            3,
            &[(Step::AskedFirst, 1)],
            None,
        ),
        (
            "Łukasz Nowak",
            "Søren Nielsen",
            "both build payment systems in Rust",
            8,
            &[(Step::AskedFirst, 6), (Step::AskedSecond, 2)],
            None,
        ),
        (
            "Dirk Jansen",
            "Łukasz Nowak",
            "Brightlane needed a Rust contractor",
            60,
            &[
                (Step::AskedFirst, 58),
                (Step::AskedSecond, 55),
                (Step::Made, 50),
            ],
            Some(("Łukasz was hired for six months", 20)),
        ),
    ];
    let on = |days_ago: u64| {
        Clock::fixed(
            clock
                .today
                .checked_sub_days(Days::new(days_ago))
                .unwrap_or(clock.today),
        )
    };
    for (a, b, why, ago, steps, outcome) in intro_rows {
        let (Some(a), Some(b)) = (id(a)?, id(b)?) else {
            continue;
        };
        let n = intro::propose_in(tx, &Proposal::new(a, b, Some(why)), &on(*ago))?;
        for (step, ago) in *steps {
            intro::step_in(tx, n, *step, &on(*ago))?;
        }
        if let Some((text, ago)) = outcome {
            intro::outcome_in(tx, n, text, &on(*ago))?;
        }
    }
    Ok(())
}
