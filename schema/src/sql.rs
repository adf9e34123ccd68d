//! The local store's SQL migrations, numbered and applied in order on open.
//!
//! The engine records the highest applied number in SQLite's `user_version`, so each
//! migration runs exactly once per database. Never edit a released migration: add a new one.

/// One numbered migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations, in order. `version` values are 1, 2, 3… with no gaps.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "documents",
        sql: include_str!("../migrations/0001_documents.sql"),
    },
    Migration {
        version: 2,
        name: "caseload",
        sql: include_str!("../migrations/0002_caseload.sql"),
    },
    Migration {
        version: 3,
        name: "blobs",
        sql: include_str!("../migrations/0003_blobs.sql"),
    },
    Migration {
        version: 4,
        name: "sync",
        sql: include_str!("../migrations/0004_sync.sql"),
    },
    Migration {
        version: 5,
        name: "sync routes",
        sql: include_str!("../migrations/0005_sync_routes.sql"),
    },
    Migration {
        version: 6,
        name: "sync bounds",
        sql: include_str!("../migrations/0006_sync_bounds.sql"),
    },
    Migration {
        version: 7,
        name: "revocation, relay rollback and pins",
        sql: include_str!("../migrations/0007_revocation.sql"),
    },
    Migration {
        version: 8,
        name: "what the relay holds, checked",
        sql: include_str!("../migrations/0008_sent_check.sql"),
    },
    Migration {
        version: 9,
        name: "per-member relay credentials",
        sql: include_str!("../migrations/0009_member_credentials.sql"),
    },
    Migration {
        version: 10,
        name: "which reviews refer to which attachment",
        sql: include_str!("../migrations/0010_blob_refs.sql"),
    },
    Migration {
        version: 11,
        name: "archive",
        sql: include_str!("../migrations/0011_archive.sql"),
    },
    Migration {
        version: 12,
        name: "disclosures",
        sql: include_str!("../migrations/0012_disclosures.sql"),
    },
    Migration {
        version: 13,
        name: "history_replaced",
        sql: include_str!("../migrations/0013_history_replaced.sql"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_contiguous_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version as usize,
                i + 1,
                "migration {} is out of order",
                m.name
            );
            assert!(!m.sql.trim().is_empty());
        }
    }
}
