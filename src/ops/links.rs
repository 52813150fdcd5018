//! Linking two people ("introduced by", "knows", "works with", "family", or
//! your own words) and removing a link: one use case for `kith link`,
//! `kith unlink` and the link form of the Person screen.

use crate::error::{Error, Result};
use crate::links::{self, LinkKind};
use crate::store::links::{self as db, NewLink};
use crate::store::{people, Store};
use crate::when::Clock;

/// What linking did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Linked {
    /// The new link's id; `None` when the two were already linked so.
    pub id: Option<i64>,
    /// How it reads from the first person's side, with the second's name:
    /// "introduced by Ingrid Berg".
    pub sentence: String,
}

/// Reads a typed link ("introduced by", "works with", "mentor of", …).
pub fn parse_kind(input: &str) -> Result<(LinkKind, bool)> {
    links::parse(input).ok_or_else(|| {
        Error::Invalid(format!(
            "\"{}\" is not a link; use one of: {}, or your own words (up to 60 characters)",
            input.trim(),
            links::NAMED.join(", ")
        ))
    })
}

/// Links `a` to `b` as typed (`as_`: "introduced by" reads "a was
/// introduced by b"), with where or how (`context`: "at FOSDEM 2026").
pub fn link(
    store: &mut Store,
    a: i64,
    b: i64,
    as_: &str,
    context: Option<&str>,
    clock: &Clock,
) -> Result<Linked> {
    let (kind, swap) = parse_kind(as_)?;
    if a == b {
        return Err(Error::Invalid(
            "a person cannot be linked to themselves".into(),
        ));
    }
    let (name_a, name_b) = (super::name_of(store, a), super::name_of(store, b));
    let sentence = format!("{} {name_b}", kind.phrase(!swap));
    let label = format!("Linked {name_a}: {sentence}");
    let new = NewLink {
        a: if swap { b } else { a },
        b: if swap { a } else { b },
        kind,
        context: context.map(str::to_string),
    };
    let id = store.change(&label, |tx| {
        people::get_person(tx, a)?;
        people::get_person(tx, b)?;
        db::insert(tx, &new, clock.now)
    })?;
    Ok(Linked { id, sentence })
}

/// Removes the links between two people: the one typed (`as_`), or all of
/// them. Answers how many went; none is an error that says so.
pub fn unlink(store: &mut Store, a: i64, b: i64, as_: Option<&str>) -> Result<usize> {
    let kind = as_.map(parse_kind).transpose()?;
    let (name_a, name_b) = (super::name_of(store, a), super::name_of(store, b));
    let label = format!("Unlinked {name_a} and {name_b}");
    let n = store.change(&label, |tx| {
        Ok(match &kind {
            Some((k, swap)) => {
                let (x, y) = if *swap { (b, a) } else { (a, b) };
                db::delete_between(tx, x, y, Some(k))?
            }
            None => db::delete_between(tx, a, b, None)?,
        })
    })?;
    if n == 0 {
        let what = match as_ {
            Some(k) => format!(" as \"{}\"", k.trim()),
            None => String::new(),
        };
        return Err(Error::Invalid(format!(
            "{name_a} and {name_b} are not linked{what}"
        )));
    }
    Ok(n)
}

/// Removes one link by its id (the Person screen's delete key); answers
/// what was done, for the undo label.
pub fn remove(store: &mut Store, id: i64) -> Result<String> {
    let Some((a, b)) = db::people_of(store.conn(), id)? else {
        return Err(Error::NotFound { what: "link", id });
    };
    let label = format!(
        "Removed the link between {} and {}",
        super::name_of(store, a),
        super::name_of(store, b)
    );
    store.change(&label, |tx| db::delete_id(tx, id))?;
    Ok(label)
}
