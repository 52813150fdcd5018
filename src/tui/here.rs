//! "Already here": as a person is typed in the add form or capture mode,
//! who they may already be, by the one identity rule (`crate::identity`).
//! The answer shows under the field; Enter then adds the meeting, note and
//! follow-up to that person, and Ctrl-N makes a new person instead.

use crate::identity::find::{self, Found};
use crate::identity::review;
use crate::ops::capture::PersonInput;
use crate::store::{identity as db, people};
use crate::when::parse_date;

use super::app::App;
use super::form::{Form, Notice};
use super::forms::Purpose;

/// Name, Company, Email / LinkedIn: the fields that say who someone is.
const NAME: usize = 0;
const CONTACT: usize = 2;
/// A candidate by name alone is shown from this confidence on.
const SHOWN_FROM: f64 = 0.6;

/// Whether a form records a person (and so looks them up).
pub fn is_person_form(form: &Form<Purpose>) -> bool {
    matches!(form.purpose, Purpose::AddPerson | Purpose::Capture { .. })
}

/// The person a person form describes.
pub fn person_input(form: &Form<Purpose>, today: chrono::NaiveDate) -> PersonInput {
    let v = |i: usize| form.value(i);
    let opt = |s: String| (!s.is_empty()).then_some(s);
    let contact = v(CONTACT);
    let (emails, urls) = if contact.is_empty() {
        (vec![], vec![])
    } else if contact.contains('@') && !contact.contains('/') {
        (vec![contact], vec![])
    } else {
        (vec![], vec![contact])
    };
    let event = match &form.purpose {
        Purpose::Capture { event, .. } => Some(event.name.clone()),
        _ => None,
    };
    let name = v(NAME);
    let follow_up = (!v(4).is_empty())
        .then(|| parse_date(&v(4), today).ok())
        .flatten()
        .map(|d| (d, format!("follow up with {name}")));
    PersonInput {
        name,
        company: opt(v(1)),
        emails,
        urls,
        event,
        note: opt(v(3)),
        follow_up,
        ..Default::default()
    }
}

impl App {
    /// Before a person form opens: keys written by older paths are filled
    /// in, so the lookups as you type see everyone.
    pub(super) fn prepare_lookups(&mut self) {
        if db::keys_stale(self.store.conn()).unwrap_or(false) {
            if let Err(e) = review::refresh(&mut self.store) {
                self.error(e);
            }
        }
    }

    /// Looks the typed person up again (after a key that changed a field).
    pub(super) fn look_up(&self, form: &mut Form<Purpose>) {
        form.notice = None;
        let input = person_input(form, self.clock.today);
        if input.name.trim().is_empty() && input.emails.is_empty() && input.urls.is_empty() {
            return;
        }
        let probe = find::probe(
            &input.name,
            input.company.as_deref(),
            None,
            &input.emails,
            &input.urls,
        );
        let conn = self.store.conn();
        let (id, field) = match find::identify(conn, &probe) {
            Ok(Found::Exact { id, .. }) => (id, CONTACT),
            Ok(Found::Candidates(c)) => match c.first() {
                Some(best) if best.confidence >= SHOWN_FROM => (best.id, NAME),
                _ => return,
            },
            // A failed lookup only means no hint; saving still works.
            Ok(Found::Nobody) | Err(_) => return,
        };
        let Ok(p) = people::get_person(conn, id) else {
            return;
        };
        let mut text = format!("Already here: {}", p.name);
        if let Some(co) = p.company.filter(|c| !c.trim().is_empty()) {
            text.push_str(&format!(" · {co}"));
        }
        if let Ok(Some(met)) = db::last_met(conn, id) {
            text.push_str(&format!(" · {met}"));
        }
        form.notice = Some(Box::new(Notice {
            field,
            text: crate::sanitize::one_line(&text),
            id,
        }));
    }

    /// The merge picker: the likeliest duplicates of a person (never the
    /// person), the first filled in.
    pub(super) fn suggest_duplicates(&mut self, form: &mut Form<Purpose>, person_id: i64) {
        self.prepare_lookups();
        let conn = self.store.conn();
        let Ok(found) = find::duplicates_of(conn, person_id) else {
            return;
        };
        let names: Vec<String> = found
            .iter()
            .take(3)
            .filter_map(|c| {
                let p = people::get_person(conn, c.id).ok()?;
                let why = c.reasons.first().map(|r| r.text()).unwrap_or("");
                Some(format!("{} #{} ({why})", p.name, c.id))
            })
            .collect();
        if let Some(best) = found.first() {
            if let Some(field) = form.fields.get_mut(0) {
                *field = super::form::Field::new(
                    "Duplicate",
                    super::form::Check::Required,
                    &format!("#{}", best.id),
                    "a name, an email or #id",
                );
            }
            form.context = Some(crate::sanitize::one_line(&format!(
                "likely: {}",
                names.join(" · ")
            )));
        }
    }
}
