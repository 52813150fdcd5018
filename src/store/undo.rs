//! Undo, recorded in the store (after SQLite's "Automatic Undo/Redo Using
//! Triggers"): each change is one step in `undo_step`, and triggers on every
//! base table write, into `undo_log` and in the change's own transaction,
//! what each row was before. Undoing the newest step writes those rows back.
//!
//! The triggers are TEMP triggers, generated from the live schema each time a
//! store is opened (after its migrations), so a table or column added by any
//! later migration is covered without more code. They log only while a step
//! is open on this connection (a row in `temp.undo_active`), so the undo
//! itself, a dry run and reads log nothing. Derived tables — the search index
//! and anything else written by the schema's own triggers — are left out:
//! they follow their base tables through those triggers when a step is undone.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use super::bulk::{Reindex, SearchPause};
use super::Store;
use crate::error::{Error, Result};

/// Steps older than this are forgotten.
const MAX_AGE_DAYS: i64 = 90;
/// At most this many steps are kept.
const MAX_STEPS: i64 = 1000;
/// Rows logged over all steps kept (the newest step is always kept).
const MAX_ENTRIES: i64 = 3_000_000;
/// Undoing a step this large rebuilds the search index once at the end
/// instead of re-indexing a person for every row.
const BULK_ENTRIES: i64 = 5_000;

/// A base table whose writes are logged.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<String>,
    /// The primary key columns of a WITHOUT ROWID table; empty for a rowid table.
    key: Vec<String>,
    /// Whether a column is the rowid (an INTEGER PRIMARY KEY), so a
    /// re-inserted row needs no separate rowid.
    rowid_alias: bool,
}

/// An identifier from the schema, quoted for SQL (identifiers cannot be bound).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// A name from the schema as an SQL string literal, for the triggers' text.
fn literal(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// Tables that hold no data of their own between transactions: a flag a
/// bulk writer sets and clears inside its transaction (`search_pause`).
const TRANSIENT: &[&str] = &["search_pause"];

/// Tables named `sync_…` record what files outside the store hold (the vdirs
/// Kith syncs with); undoing a change must not forget what those files are,
/// or the next sync would mistake Kith's own writes for someone else's. An
/// undone change is written out by the next push instead.
const OUTSIDE_PREFIX: &str = "sync_";

/// Tables that copy the config file (its rhythms), written only when the
/// config changes, never in an undo step: undoing a change keeps the config.
const CONFIG_COPY: &[&str] = &["rhythm_setting", "rhythm_tag"];

/// Tables some trigger on another table writes to: kept by triggers, so
/// derived. (A trigger keeping a column of its own table, like a lookup key
/// cleared when the name changes, leaves its table a base table.)
fn written_by_triggers(c: &Connection) -> Result<HashSet<String>> {
    let triggers: Vec<(String, String)> = c
        .prepare(
            "SELECT tbl_name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = HashSet::new();
    for (on, sql) in triggers {
        let on = on.to_lowercase();
        let words: Vec<String> = sql
            .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut add = |name: &str| {
            if name != on {
                out.insert(name.to_string());
            }
        };
        for w in words.windows(3) {
            match (w[0].as_str(), w[1].as_str()) {
                ("insert" | "replace", "into") | ("delete", "from") => add(&w[2]),
                ("update", next) if next != "of" && next != "on" => add(next),
                _ => {}
            }
        }
    }
    Ok(out)
}

/// The base tables of the live schema, with their columns.
fn tables(c: &Connection) -> Result<Vec<Table>> {
    let derived = written_by_triggers(c)?;
    // pragma_table_list names virtual tables and their shadow tables as such.
    let listed: Vec<(String, bool)> = c
        .prepare(
            "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'undo\\_%' ESCAPE '\\'
             ORDER BY name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (name, without_rowid) in listed {
        if derived.contains(&name.to_lowercase())
            || TRANSIENT.contains(&name.as_str())
            || name.starts_with(OUTSIDE_PREFIX)
            || CONFIG_COPY.contains(&name.as_str())
        {
            continue;
        }
        let cols: Vec<(String, String, i64)> = c
            .prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([&name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut pk: Vec<(i64, String)> = cols
            .iter()
            .filter(|(_, _, k)| *k > 0)
            .map(|(n, _, k)| (*k, n.clone()))
            .collect();
        pk.sort();
        let rowid_alias = !without_rowid
            && pk.len() == 1
            && cols
                .iter()
                .any(|(_, t, k)| *k == 1 && t.eq_ignore_ascii_case("INTEGER"));
        out.push(Table {
            columns: cols.into_iter().map(|(n, _, _)| n).collect(),
            key: if without_rowid {
                pk.into_iter().map(|(_, n)| n).collect()
            } else {
                Vec::new()
            },
            rowid_alias,
            name,
        });
    }
    Ok(out)
}

/// `json_object('a', ROW."a", …)` over some columns.
fn json_of(row: &str, cols: &[String]) -> String {
    let pairs: Vec<String> = cols
        .iter()
        .map(|c| format!("{}, {row}.{}", literal(c), ident(c)))
        .collect();
    format!("json_object({})", pairs.join(", "))
}

/// A JSON object of the old values of the columns an update changed.
fn json_of_changed(cols: &[String]) -> String {
    let rows: Vec<String> = cols
        .iter()
        .map(|c| {
            format!(
                "SELECT {} AS k, OLD.{1} AS v WHERE OLD.{1} IS NOT NEW.{1}",
                literal(c),
                ident(c)
            )
        })
        .collect();
    format!(
        "(SELECT json_group_object(k, v) FROM ({}))",
        rows.join(" UNION ALL ")
    )
}

/// The three logging triggers of one table.
fn trigger_sql(t: &Table) -> [String; 3] {
    let name = |op: &str| ident(&format!("undo_{}_{op}", t.name));
    let on = format!("main.{}", ident(&t.name));
    let tbl = literal(&t.name);
    let (rid_new, rid_old, key_new) = if t.key.is_empty() {
        (
            "NEW.rowid".to_string(),
            "OLD.rowid".to_string(),
            "NULL".to_string(),
        )
    } else {
        ("NULL".into(), "NULL".into(), json_of("NEW", &t.key))
    };
    let old = json_of("OLD", &t.columns);
    let old_changed = json_of_changed(&t.columns);
    let changed: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("OLD.{0} IS NOT NEW.{0}", ident(c)))
        .collect();
    let log = "INSERT INTO undo_log (step, tbl, op, rid, key, old) SELECT step,";
    [
        format!(
            "CREATE TEMP TRIGGER {} AFTER INSERT ON {on} WHEN EXISTS (SELECT 1 FROM undo_active) BEGIN
               {log} {tbl}, 'I', {rid_new}, {key_new}, NULL FROM undo_active; END",
            name("i")
        ),
        format!(
            "CREATE TEMP TRIGGER {} AFTER UPDATE ON {on}
             WHEN EXISTS (SELECT 1 FROM undo_active) AND ({}) BEGIN
               {log} {tbl}, 'U', {rid_new}, {key_new}, {old_changed} FROM undo_active; END",
            name("u"),
            changed.join(" OR ")
        ),
        format!(
            "CREATE TEMP TRIGGER {} AFTER DELETE ON {on} WHEN EXISTS (SELECT 1 FROM undo_active) BEGIN
               {log} {tbl}, 'D', {rid_old}, NULL, {old} FROM undo_active; END",
            name("d")
        ),
    ]
}

/// (Re)installs the logging triggers on this connection from the live schema.
/// Called before a connection's first write, after the migrations.
pub(crate) fn install(c: &Connection) -> Result<()> {
    c.execute_batch("CREATE TEMP TABLE IF NOT EXISTS undo_active (step INTEGER NOT NULL);")?;
    let old: Vec<String> = c
        .prepare("SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'undo\\_%' ESCAPE '\\'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in old {
        c.execute_batch(&format!("DROP TRIGGER temp.{}", ident(&name)))?;
    }
    for t in tables(c)? {
        for sql in trigger_sql(&t) {
            c.execute_batch(&sql)?;
        }
    }
    Ok(())
}

/// The names of the tables whose writes are logged (for tests and `check`).
pub fn logged_tables(c: &Connection) -> Result<Vec<String>> {
    Ok(tables(c)?.into_iter().map(|t| t.name).collect())
}

/// A step open on this connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Open {
    pub step: i64,
    /// The newest log entry before this transaction: [`end`] counts only the
    /// entries after it, so a step that many transactions write into (an
    /// import in batches) is not counted whole again after each of them.
    since: i64,
}

/// Opens a step (or carries on `existing`, when it still exists): every row
/// written until [`end`] is logged into it.
pub(crate) fn begin(c: &Connection, label: &str, existing: Option<i64>) -> Result<Open> {
    let kept = match existing {
        Some(id) => c
            .prepare_cached("SELECT id FROM undo_step WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let step = match kept {
        Some(id) => id,
        None => c
            .prepare_cached(
                "INSERT INTO undo_step (label, created_at)
                 VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) RETURNING id",
            )?
            .query_row([label], |r| r.get(0))?,
    };
    c.prepare_cached("DELETE FROM temp.undo_active")?
        .execute([])?;
    c.prepare_cached("INSERT INTO temp.undo_active (step) VALUES (?1)")?
        .execute([step])?;
    let since: i64 = c
        .prepare_cached("SELECT coalesce(max(seq), 0) FROM undo_log")?
        .query_row([], |r| r.get(0))?;
    Ok(Open { step, since })
}

/// Closes the step: counts it, drops it when nothing changed, and prunes old
/// steps. Answers whether the step was kept.
pub(crate) fn end(c: &Connection, open: Open) -> Result<bool> {
    let step = open.step;
    c.prepare_cached("DELETE FROM temp.undo_active")?
        .execute([])?;
    let added: i64 = c
        .prepare_cached("SELECT count(*) FROM undo_log WHERE step = ?1 AND seq > ?2")?
        .query_row([step, open.since], |r| r.get(0))?;
    let entries: i64 = c
        .prepare_cached(
            "UPDATE undo_step SET entries = entries + ?2 WHERE id = ?1 RETURNING entries",
        )?
        .query_row([step, added], |r| r.get(0))?;
    if entries == 0 {
        c.prepare_cached("DELETE FROM undo_step WHERE id = ?1")?
            .execute([step])?;
    }
    prune(c)?;
    Ok(entries > 0)
}

/// Forgets steps by age, by number and by total size, oldest first; the
/// newest step is always kept.
fn prune(c: &Connection) -> Result<()> {
    c.prepare_cached(
        "DELETE FROM undo_step WHERE id <> (SELECT max(id) FROM undo_step) AND (
             created_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || ?1 || ' days')
             OR id <= (SELECT id FROM undo_step ORDER BY id DESC LIMIT 1 OFFSET ?2)
             OR id IN (SELECT id FROM (SELECT id, sum(entries) OVER (ORDER BY id DESC) AS total FROM undo_step)
                       WHERE total > ?3))",
    )?
    .execute(params![MAX_AGE_DAYS, MAX_STEPS, MAX_ENTRIES])?;
    Ok(())
}

/// One step that can be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: i64,
    pub label: String,
    pub created_at: String,
    /// Rows it changed.
    pub entries: i64,
}

/// The steps that can be undone, newest first.
pub fn steps(c: &Connection, limit: usize) -> Result<Vec<Step>> {
    let mut st = c.prepare_cached(
        "SELECT id, label, created_at, entries FROM undo_step ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = st.query_map([limit as i64], |r| {
        Ok(Step {
            id: r.get(0)?,
            label: r.get(1)?,
            created_at: r.get(2)?,
            entries: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn json_value(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::Text(s),
        other => Value::Text(other.to_string()),
    }
}

/// The values of a logged JSON object, for the columns the table still has.
fn row_values(t: &Table, json: Option<&str>) -> Result<Vec<(String, Value)>> {
    let Some(json) = json else {
        return Ok(Vec::new());
    };
    let serde_json::Value::Object(map) = serde_json::from_str(json)? else {
        return Err(Error::Invalid(
            "the undo log holds a row that is not an object".into(),
        ));
    };
    Ok(map
        .into_iter()
        .filter(|(k, _)| t.columns.contains(k))
        .map(|(k, v)| (k, json_value(v)))
        .collect())
}

/// One logged write, as read back.
struct Entry {
    tbl: String,
    op: String,
    rid: Option<i64>,
    key: Option<String>,
    old: Option<String>,
}

/// Writes back what one logged write changed.
fn reverse(c: &Connection, t: &Table, e: &Entry) -> Result<()> {
    let key = row_values(t, e.key.as_deref())?;
    // Where the row is now: by rowid, or by its key after the write.
    let (mut where_sql, mut values) = (Vec::new(), Vec::new());
    if t.key.is_empty() {
        where_sql.push("rowid = ?".to_string());
        values.push(Value::from(e.rid));
    } else {
        for (k, v) in key {
            where_sql.push(format!("{} IS ?", ident(&k)));
            values.push(v);
        }
    }
    if where_sql.is_empty() && e.op != "D" {
        return Ok(());
    }
    let old = row_values(t, e.old.as_deref())?;
    let table = ident(&t.name);
    let sql = match e.op.as_str() {
        "I" => format!("DELETE FROM {table} WHERE {}", where_sql.join(" AND ")),
        "U" => {
            let sets: Vec<String> = old
                .iter()
                .map(|(k, _)| format!("{} = ?", ident(k)))
                .collect();
            let mut all: Vec<Value> = old.into_iter().map(|(_, v)| v).collect();
            all.append(&mut values);
            values = all;
            format!(
                "UPDATE {table} SET {} WHERE {}",
                sets.join(", "),
                where_sql.join(" AND ")
            )
        }
        "D" => {
            let mut cols: Vec<String> = old.iter().map(|(k, _)| ident(k)).collect();
            let mut vals: Vec<Value> = old.into_iter().map(|(_, v)| v).collect();
            if t.key.is_empty() && !t.rowid_alias {
                cols.push("rowid".into());
                vals.push(Value::from(e.rid));
            }
            values = vals;
            let marks = vec!["?"; cols.len()].join(", ");
            format!("INSERT INTO {table} ({}) VALUES ({marks})", cols.join(", "))
        }
        _ => return Ok(()),
    };
    c.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

impl Store {
    /// Undoes the newest step, in one transaction, and answers its label;
    /// `None` when there is nothing to undo. The undo is not itself logged.
    pub fn undo_last(&mut self) -> Result<Option<String>> {
        if let Some(reason) = self.unwritable() {
            return Err(Error::Unwritable(reason.to_string()));
        }
        self.check_still_there()?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| super::explain_write_error(e.into(), path.as_deref()))?;
        let step: Option<(i64, String, i64)> = tx
            .prepare_cached("SELECT id, label, entries FROM undo_step ORDER BY id DESC LIMIT 1")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((id, label, entries)) = step else {
            return Ok(None);
        };
        // Rows come back in reverse order; a parent may follow its children.
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let tables: HashMap<String, Table> = tables(&tx)?
            .into_iter()
            .map(|t| (t.name.clone(), t))
            .collect();
        let pause = if entries >= BULK_ENTRIES {
            Some(SearchPause::start(&tx)?)
        } else {
            None
        };
        {
            let mut st = tx.prepare(
                "SELECT tbl, op, rid, key, old FROM undo_log WHERE step = ?1 ORDER BY seq DESC",
            )?;
            let mut rows = st.query([id])?;
            while let Some(r) = rows.next()? {
                let e = Entry {
                    tbl: r.get(0)?,
                    op: r.get(1)?,
                    rid: r.get(2)?,
                    key: r.get(3)?,
                    old: r.get(4)?,
                };
                // A table a later migration dropped has nothing to restore.
                if let Some(t) = tables.get(&e.tbl) {
                    reverse(&tx, t, &e).map_err(|err| {
                        Error::Invalid(format!(
                            "could not undo \"{label}\": {err}; nothing was changed"
                        ))
                    })?;
                }
            }
        }
        if let Some(p) = pause {
            p.resume(&tx, Reindex::All)?;
        }
        tx.prepare_cached("DELETE FROM undo_step WHERE id = ?1")?
            .execute([id])?;
        // Needs and offers written back are matched again.
        super::needs::refresh(&tx)?;
        tx.commit().map_err(|e| {
            let e = super::explain_write_error(e.into(), path.as_deref());
            match e {
                Error::Sqlite(inner) => Error::Invalid(format!(
                    "could not undo \"{label}\": {inner}; nothing was changed"
                )),
                other => other,
            }
        })?;
        // Names written back may have left their sort keys to compute.
        self.fill_sort_keys()?;
        Ok(Some(label))
    }
}
