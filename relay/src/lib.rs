//! The Northstar sync relay: a blind, append-only mailbox for encrypted review changes.
//!
//! Each review's participants sync through a log on the relay. A client appends a sealed
//! envelope (opaque bytes, encrypted on the device) and gets back its sequence number; other
//! clients pull everything after the last seq they saw. The relay never holds keys and
//! cannot read, merge or check what it stores: it only promises that an acknowledged append
//! is kept, in order, exactly once, and that only holders of the log's access token can read
//! or write it. Everything a person could be harmed by (names, roles, the review itself)
//! stays inside the envelopes.
//!
//! Key types:
//! - [`Relay`]: the rules (token check, size, quota and rate limits, long-polling pulls),
//!   generic over its storage.
//! - [`LogStore`]: the storage contract, so a shared database can replace SQLite when one
//!   relay is not enough. [`SqliteLogStore`] (one file, one relay process) is the default;
//!   [`PostgresLogStore`] keeps the logs in one PostgreSQL database that several relay
//!   processes share, with gap-free seqs across them and LISTEN/NOTIFY waking each one's
//!   long-polls ([`Change`]) for the others' appends.
//! - [`Limits`]: what one relay will hold and how fast.
//! - [`router`] and [`serve`]: the HTTP interface described in
//!   [`northstar_schema::sync::api`], for the `northstar-relay` binary and for the desktop
//!   app, which embeds a relay for syncing inside a meeting room.
//! - [`serve_tls`] and [`TlsIdentity`]: the same over TLS with a certificate the caller
//!   brings (a meeting room's, pinned by its invitations).
//! - [`RelayError`]: every refusal, with its HTTP status, stable code and plain words.
//!
//! The relay depends on `northstar-schema` for wire types only, never on Tauri or the
//! desktop engine.
//!
//! ```
//! use northstar_relay::{Limits, PullQuery, Relay, SqliteLogStore};
//!
//! let runtime = tokio::runtime::Runtime::new().unwrap();
//! runtime.block_on(async {
//!     let relay = Relay::new(SqliteLogStore::open_in_memory().unwrap(), Limits::default());
//!     let log = "0123456789abcdef0123456789abcdef";
//!     let token = "00112233445566778899aabbccddeeff";
//!
//!     let receipt = relay.append(log, token, b"sealed bytes".to_vec(), None).await.unwrap();
//!     assert_eq!(receipt.seq, 1);
//!
//!     let pull = relay.pull(log, token, PullQuery::default()).await.unwrap();
//!     assert_eq!(pull.head, 1);
//!     assert_eq!(pull.entries[0].bytes, b"sealed bytes");
//!
//!     // Another key cannot read the log.
//!     let other = "ffeeddccbbaa99887766554433221100";
//!     let refused = relay.pull(log, other, PullQuery::default()).await.unwrap_err();
//!     assert_eq!(refused.code(), "unauthorised");
//! });
//! ```

pub mod config;
pub mod error;
pub mod http;
pub mod limits;
pub mod logs;
pub mod metrics;
pub mod ops;
pub mod service;
pub mod standalone;
pub mod storage;
pub mod tls;

pub use error::RelayError;
pub use http::{router, serve};
pub use limits::{Limits, RateLimiter};
pub use service::{Appender, Pull, PullQuery, Relay};
pub use storage::{
    Access, Change, LogKind, LogStore, PostgresLogStore, PullView, SqliteLogStore, StoreStats,
};
pub use tls::{serve_tls, TlsIdentity};
