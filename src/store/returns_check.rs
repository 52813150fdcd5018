//! `kith check` for who knows whom, introductions and the matches between
//! needs and offers: links stored the way Kith reads them, introductions
//! whose step agrees with their days, and the derived words and matches
//! equal to what Kith would compute from the notes now. Read-only; the
//! matches are rebuilt by `store::needs::rebuild` (`kith check --repair`).

use std::collections::HashMap;

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::needs::{self, Mark};
use crate::store::needs::{already_linked, MATCHES_PER_NEED};
use crate::when::check_stored_instant;

/// Problems with links and introductions, each a line.
pub fn links_and_intros(c: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut st = c.prepare(
        "SELECT id FROM person_link WHERE a > b AND kind IN ('knows', 'works_with', 'family', 'introduced')
         ORDER BY id",
    )?;
    for id in st.query_map([], |r| r.get::<_, i64>(0))? {
        out.push(format!(
            "link #{}: a link that reads the same both ways is stored the wrong way round",
            id?
        ));
    }
    let mut st = c.prepare(
        "SELECT id, step, made_at IS NOT NULL, closed_at IS NOT NULL,
                need_note_id IS NULL OR EXISTS (SELECT 1 FROM note n WHERE n.id = need_note_id AND n.person_id IN (a, b)),
                offer_note_id IS NULL OR EXISTS (SELECT 1 FROM note n WHERE n.id = offer_note_id AND n.person_id IN (a, b)),
                proposed_at, asked_first_at, asked_second_at, made_at, closed_at, updated_at
         FROM intro ORDER BY id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let step: String = r.get(1)?;
        let (made, closed): (bool, bool) = (r.get(2)?, r.get(3)?);
        if matches!(step.as_str(), "made" | "done") && !made {
            out.push(format!(
                "introduction #{id}: {step}, with no day it was made"
            ));
        }
        if matches!(step.as_str(), "done" | "dropped") && !closed {
            out.push(format!(
                "introduction #{id}: {step}, with no day it was closed"
            ));
        }
        if !r.get::<_, bool>(4)? || !r.get::<_, bool>(5)? {
            out.push(format!(
                "introduction #{id}: its need or offer is a note of someone else"
            ));
        }
        for (i, column) in [
            (6, "proposed_at"),
            (7, "asked_first_at"),
            (8, "asked_second_at"),
            (9, "made_at"),
            (10, "closed_at"),
            (11, "updated_at"),
        ] {
            if let Some(v) = r.get::<_, Option<String>>(i)? {
                if let Err(why) = check_stored_instant(&v) {
                    out.push(format!("introduction #{id} {column}: {why}"));
                }
            }
        }
    }
    Ok(out)
}

/// An open need or offer of someone not archived: what it is matched on.
struct Open {
    person: i64,
    mark: Mark,
    words: Vec<String>,
}

/// Problems with the derived words and matches, each a line.
pub fn matches(c: &Connection) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut open: HashMap<i64, Open> = HashMap::new();
    let mut st = c.prepare(
        "SELECT n.id, n.person_id, n.mark, n.body FROM note n JOIN person p ON p.id = n.person_id
         WHERE n.mark IS NOT NULL AND n.kind = 'learned' AND p.archived_at IS NULL
           AND NOT (n.mark = 'need' AND n.need_met_on IS NOT NULL)
         ORDER BY n.id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let Some(mark) = Mark::parse(&r.get::<_, String>(2)?) else {
            continue;
        };
        let body: String = r.get(3)?;
        open.insert(
            r.get(0)?,
            Open {
                person: r.get(1)?,
                mark,
                words: needs::words(&body),
            },
        );
    }
    // Each open note's words, as stored, against the words Kith reads in it.
    let mut stored: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    let mut st = c.prepare("SELECT note_id, side, word FROM need_word")?;
    let mut rows = st.query([])?;
    let mut stray = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if open.contains_key(&id) {
            stored.entry(id).or_default().push((r.get(1)?, r.get(2)?));
        } else {
            stray += 1;
        }
    }
    if stray > 0 {
        out.push(format!(
            "{stray} matched words belong to no open need or offer"
        ));
    }
    let mut ids: Vec<&i64> = open.keys().collect();
    ids.sort();
    for id in ids {
        let o = &open[id];
        let mut want: Vec<(String, String)> = o
            .words
            .iter()
            .map(|w| (o.mark.as_str().to_string(), w.clone()))
            .collect();
        want.sort();
        want.dedup();
        let mut have = stored.remove(id).unwrap_or_default();
        have.sort();
        if have != want {
            out.push(format!(
                "note #{id}: the words it is matched on are not the ones it reads now"
            ));
        }
    }
    // Each match between an open need and an open offer of two people who
    // do not know each other, scored as Kith scores it.
    let mut st = c.prepare(
        "SELECT need_id, offer_id, need_person, offer_person, score, shared FROM need_match
         ORDER BY need_id, offer_id",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let (need_id, offer_id): (i64, i64) = (r.get(0)?, r.get(1)?);
        let (need_person, offer_person): (i64, i64) = (r.get(2)?, r.get(3)?);
        let (score, shared): (f64, String) = (r.get(4)?, r.get(5)?);
        let what = format!("match of need #{need_id} and offer #{offer_id}");
        let (Some(need), Some(offer)) = (open.get(&need_id), open.get(&offer_id)) else {
            out.push(format!("{what}: not an open need and an open offer"));
            continue;
        };
        if need.mark != Mark::Need || offer.mark != Mark::Offer {
            out.push(format!("{what}: not an open need and an open offer"));
            continue;
        }
        if need.person != need_person || offer.person != offer_person {
            out.push(format!("{what}: names other people than its notes"));
            continue;
        }
        if need_person == offer_person || already_linked(c, need_person, offer_person)? {
            out.push(format!(
                "{what}: the two are one person or already know each other"
            ));
            continue;
        }
        // The shared words in any order: a match found from the offer's
        // side lists them as the store reads them back.
        let mut stored: Vec<&str> = shared.split_whitespace().collect();
        stored.sort_unstable();
        match needs::overlap(&need.words, &offer.words) {
            Some((s, mut words)) if (s - score).abs() < 1e-9 => {
                words.sort_unstable();
                if words != stored {
                    out.push(format!("{what}: not the words the notes share now"));
                }
            }
            _ => out.push(format!("{what}: not scored as the notes read now")),
        }
    }
    let mut st = c.prepare(
        "SELECT need_id, count(*) FROM need_match GROUP BY need_id HAVING count(*) > ?1 ORDER BY need_id",
    )?;
    let rows = st.query_map(params![MATCHES_PER_NEED as i64], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (id, n) = row?;
        out.push(format!(
            "need #{id}: {n} offers kept, more than the {MATCHES_PER_NEED} best"
        ));
    }
    Ok(out)
}
