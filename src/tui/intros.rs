//! The TUI's side of links and introductions: saving the link and
//! introduction forms, and taking an introduction's next step.

use crate::intro::Step;
use crate::ops;
use crate::ops::intro::Proposal;

use super::app::App;

impl App {
    /// Links the person to the one typed (a name, an email or #id).
    pub(super) fn submit_link(
        &mut self,
        person_id: i64,
        who: &str,
        as_: &str,
        context: &str,
    ) -> crate::Result<String> {
        let clock = self.clock;
        let other = crate::resolve::person(self.store.conn(), who)?;
        let context = Some(context).filter(|c| !c.trim().is_empty());
        let linked = ops::links::link(&mut self.store, person_id, other, as_, context, &clock)?;
        let name = self.name_of(person_id);
        Ok(match linked.id {
            Some(_) => format!("Linked: {name} {}.", linked.sentence),
            None => format!("Already linked: {name} {}.", linked.sentence),
        })
    }

    /// Proposes introducing the person to the one typed.
    pub(super) fn submit_intro(
        &mut self,
        person_id: i64,
        who: &str,
        why: &str,
        both: &str,
    ) -> crate::Result<String> {
        let other = crate::resolve::person_except(self.store.conn(), who, Some(person_id))?;
        let p = Proposal::new(person_id, other, Some(why).filter(|w| !w.trim().is_empty()));
        self.submit_intro_proposal(p, both)
    }

    /// Proposes an introduction, asking both first unless `both` says no.
    pub(super) fn submit_intro_proposal(
        &mut self,
        mut p: Proposal,
        both: &str,
    ) -> crate::Result<String> {
        p.double_opt_in = match both.trim().to_lowercase().as_str() {
            "" | "y" | "yes" | "both" => true,
            "n" | "no" | "one" => false,
            other => {
                return Err(crate::Error::Invalid(format!(
                    "ask both first: \"{other}\" is not yes or no"
                )))
            }
        };
        let clock = self.clock;
        let id = ops::intro::propose_with(&mut self.store, &p, &clock)?;
        Ok(format!(
            "Introduction #{id} proposed: ask {} first (a follow-up is on Today; I lists them).",
            self.name_of(p.a)
        ))
    }

    /// Done on the follow-up of an introduction's step takes the next step
    /// (after it is made: asks how it went). False for any other follow-up.
    pub(super) fn intro_follow_up(&mut self, reminder_id: i64) -> bool {
        let conn = self.store.conn();
        let Ok(Some(id)) = crate::store::intros::by_reminder(conn, reminder_id) else {
            return false;
        };
        match crate::store::intros::get(conn, id) {
            Ok(i) if i.step == Step::Made => {
                self.overlay = super::app::Overlay::Form(super::forms::intro_outcome(&i, false));
            }
            Ok(i) if i.step.is_open() => self.intro_next(id),
            _ => return false,
        }
        true
    }

    /// Takes the next step of an introduction and says what it did.
    pub(super) fn intro_next(&mut self, id: i64) {
        let clock = self.clock;
        match ops::intro::next(&mut self.store, id, &clock) {
            Ok(s) => {
                let i = &s.intro;
                let did = match i.step {
                    Step::AskedFirst => format!("asked {}", i.a),
                    Step::AskedSecond => format!("asked {}", i.b),
                    _ => format!("introduced {} and {} (a give for both)", i.a, i.b),
                };
                let due = s
                    .follow_up
                    .map(|(_, d)| format!("; next on {d}: {}", i.next_action()))
                    .unwrap_or_default();
                self.info(format!("Introduction #{id}: {did}{due}."));
            }
            Err(e) => self.error(e),
        }
        self.after_write();
    }
}
