//! Sync through vdirs (one item per file) that vdirsyncer carries to
//! CardDAV/CalDAV: follow-ups as tasks in a task folder.

pub mod task_folder;
pub mod tasks;
pub mod todo_text;
