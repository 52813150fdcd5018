//! Kith: a personal contact-relationship manager for the terminal.
//!
//! Layers, one direction only: `cli` → logic (`capture`, `resolve`, `today`,
//! `profile`, `brief`, `reconnect`, `demo`) → `store` → SQLite.

pub mod brief;
pub mod capture;
pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod interop;
pub mod model;
pub mod profile;
pub mod reconnect;
pub mod resolve;
pub mod sanitize;
pub mod stats;
pub mod store;
pub mod today;
pub mod tui;
pub mod when;

pub use error::{Error, Result};
