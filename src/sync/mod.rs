//! Two-way sync with vdirs, the one-item-per-file folders that vdirsyncer
//! (or pimsync) keeps in step with a CardDAV or CalDAV server, and that
//! khard, khal and todoman read: people as cards, follow-ups as tasks in a
//! task folder. Kith reads what changed in a folder and merges it (pull), and
//! writes what changed in Kith (push); the network is vdirsyncer's business.

pub mod card;
pub mod cards;
pub mod merge;
pub mod run;
pub mod setup;
pub mod task_folder;
pub mod tasks;
pub mod todo_text;
pub mod vdir;
