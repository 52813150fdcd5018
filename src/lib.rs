//! Kith: a personal contact-relationship manager for the terminal.
//!
//! Layers, one direction only: `cli` → logic (`ops` for every write, `resolve`, `today`,
//! `profile`, `brief`, `reconnect`, `demo`) → `store` → SQLite.

pub mod addressbook;
pub mod brief;
pub mod cli;
pub mod config;
pub mod count_cache;
pub mod demo;
mod demo_links;
pub mod error;
pub mod files;
pub mod fold;
pub mod identity;
pub mod interop;
pub mod intro;
pub mod links;
pub mod mail;
pub mod matches;
pub mod model;
pub mod needs;
pub mod notify;
pub mod ops;
pub mod profile;
pub mod reconnect;
pub mod resolve;
pub mod returns;
pub mod sanitize;
pub mod stats;
pub mod status;
pub mod store;
pub mod sync;
pub mod text_width;
pub mod today;
pub mod tui;
pub mod when;

pub use error::{Error, Result};
