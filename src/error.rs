//! One error type for the library; the binary maps it to messages and exit codes.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Not a `source`: the message already holds SQLite's, said once.
    #[error("store error: {0}")]
    Sqlite(rusqlite::Error),

    /// The reason is part of the message (not a `source`), so it is said once.
    #[error("{context}: {cause}")]
    Io {
        context: String,
        cause: std::io::Error,
    },

    /// The store cannot take a write (read-only, disk full, locked too long);
    /// the message says which and that nothing of the change was saved.
    #[error("{0}")]
    Unwritable(String),

    /// Transparent: the date error is the whole message, said once.
    #[error(transparent)]
    Date(#[from] crate::when::DateError),

    /// Input the user can correct: an empty name, a bad kind, an unknown event.
    #[error("{0}")]
    Invalid(String),

    #[error("no person matches \"{0}\"")]
    PersonNotFound(String),

    #[error(
        "\"{query}\" matches {total} people:\n{}\nBe more specific, or name one by #id.",
        candidates.join("\n")
    )]
    Ambiguous {
        query: String,
        total: usize,
        /// One line per candidate shown (the first few of `total`).
        candidates: Vec<String>,
    },

    /// A person being added may be someone already here: the user says which.
    #[error(
        "\"{name}\" may already be here:\n{}\nAdd to one of them with --to ID, or add a new person with --new.",
        candidates.join("\n")
    )]
    MaybeHere {
        name: String,
        /// One line per candidate: who, why, how sure.
        candidates: Vec<String>,
    },

    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },

    #[error(
        "the store {path} has schema version {found}, newer than this kith understands ({supported}); \
         upgrade kith to open it"
    )]
    StoreTooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// Not a `source`, for the same reason as `Sqlite`.
    #[error("json: {0}")]
    Json(serde_json::Error),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sqlite(e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e)
    }
}

impl Error {
    pub fn io(context: impl Into<String>, cause: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            cause,
        }
    }

    /// Exit code for the command line: 2 for an ambiguous person (the user must
    /// choose), 1 for everything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Ambiguous { .. } | Error::MaybeHere { .. } => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
