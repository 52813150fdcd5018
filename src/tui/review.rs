//! The writes of the duplicates review: merge a pair, keep it apart, merge
//! every pair above a confidence. Each goes through `ops::duplicates`.

use crate::ops::duplicates;
use crate::store::identity::Field;

use super::app::App;

impl App {
    pub(super) fn merge_pair(&mut self, keep: i64, drop: i64, take: &[Field]) {
        let clock = self.clock;
        let name = self.name_of(drop);
        match duplicates::merge_people(&mut self.store, keep, drop, take, &clock) {
            Ok(m) => self.info(format!(
                "Merged {name} into #{keep}: {} notes, {} contact points moved.",
                m.notes, m.contact_points
            )),
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    pub(super) fn keep_apart(&mut self, a: i64, b: i64) {
        let clock = self.clock;
        match duplicates::keep_apart(&mut self.store, a, b, &clock) {
            Ok(()) => self.info(format!(
                "Kept {} and {} apart; they will not be proposed again.",
                self.name_of(a),
                self.name_of(b)
            )),
            Err(e) => self.error(e),
        }
        self.after_write();
    }

    /// Merges every pair at or above `min`; returns what to say.
    pub(super) fn merge_all(&mut self, min: f64) -> crate::Result<String> {
        let clock = self.clock;
        let done = duplicates::merge_all(&mut self.store, min, false, &clock)?;
        Ok(format!(
            "Merged {} pair(s) at confidence {min} or more; {} left as they are.",
            done.merged.len(),
            done.skipped
        ))
    }
}
