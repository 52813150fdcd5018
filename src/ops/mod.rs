//! Every write use case of Kith, shared by the command line and the TUI:
//! input is checked here, then written in one transaction through `store`.
//! Neither a screen nor a command writes to the store any other way, and the
//! errors here speak of the change, not of the flags or keys that asked for it.

pub mod capture;
pub mod followup;
pub mod people;
