//! Writing a dump's links and introductions, after everyone in it is in:
//! each names its two people by uid (their own, or one merged into them).

use std::path::Path;

use rusqlite::Connection;

use super::json::Relations;
use super::Problem;
use crate::error::Result;
use crate::intro::Step;
use crate::links::LinkKind;
use crate::store::{intros, links};

/// The kinds a dump may carry.
const KINDS: &[&str] = &[
    "introduced_by",
    "introduced",
    "knows",
    "works_with",
    "family",
    "other",
];

/// Writes what is not here yet; answers what was left out, and why.
pub fn write(c: &Connection, r: &Relations, file: &Path) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    let mut skip = |message: String| {
        problems.push(Problem {
            file: file.to_path_buf(),
            line: 0,
            message,
            skipped: true,
        })
    };
    for (i, l) in r.links.iter().enumerate() {
        let what = format!("link {} of the file", i + 1);
        let Some((a, b)) = pair(c, &l.a, &l.b, &what, &mut skip)? else {
            continue;
        };
        let kind_ok = KINDS.contains(&l.kind.as_str())
            && (l.kind == "other") == l.label.as_deref().is_some_and(|s| !s.trim().is_empty());
        if !kind_ok {
            skip(format!(
                "{what}: \"{}\" is not a kind of link; left out",
                l.kind
            ));
            continue;
        }
        debug_assert!(LinkKind::from_db(&l.kind, l.label.clone()).as_db() == l.kind);
        links::insert_data(c, a, b, l)?;
    }
    for (i, d) in r.intros.iter().enumerate() {
        let what = format!("introduction {} of the file", i + 1);
        let Some((a, b)) = pair(c, &d.a, &d.b, &what, &mut skip)? else {
            continue;
        };
        if Step::from_db(&d.step).is_none() {
            skip(format!("{what}: \"{}\" is not a step; left out", d.step));
            continue;
        }
        intros::insert_data(c, a, b, d)?;
    }
    Ok(problems)
}

/// The two people of a link or introduction, or why it is left out.
fn pair(
    c: &Connection,
    a: &str,
    b: &str,
    what: &str,
    skip: &mut impl FnMut(String),
) -> Result<Option<(i64, i64)>> {
    let (Some(x), Some(y)) = (links::person_by_uid(c, a)?, links::person_by_uid(c, b)?) else {
        skip(format!("{what}: nobody here has uid {a} or {b}; left out"));
        return Ok(None);
    };
    if x == y {
        skip(format!("{what}: both sides are one person here; left out"));
        return Ok(None);
    }
    Ok(Some((x, y)))
}
