//! Whatever arrives, the relay answers with a refusal, never a panic: log ids, tokens, the
//! covers header and pull queries are thrown at the parsers and through the service layer.

use northstar_relay::http::parse_bearer;
use northstar_relay::service::{hash_token, parse_covers};
use northstar_relay::{Limits, PullQuery, Relay, RelayError, SqliteLogStore};
use northstar_schema::sync::api::{is_log_id, MAX_PULL_ENTRIES, MAX_WAIT_SECONDS};
use proptest::prelude::*;
use std::sync::OnceLock;

const LOG: &str = "0123456789abcdef0123456789abcdef";
const TOKEN: &str = "00112233445566778899aabbccddeeff";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
}

/// One relay for the whole run, with a log already there, so valid ids and tokens get as
/// far as the store.
fn relay() -> &'static Relay<SqliteLogStore> {
    static RELAY: OnceLock<Relay<SqliteLogStore>> = OnceLock::new();
    RELAY.get_or_init(|| {
        let limits = Limits {
            appends_per_minute_per_log: 0,
            ..Limits::default()
        };
        let relay = Relay::new(SqliteLogStore::open_in_memory().unwrap(), limits);
        runtime()
            .block_on(relay.append(LOG, TOKEN, b"seed".to_vec(), None))
            .unwrap();
        relay
    })
}

/// Strings that look like the real thing more often than pure noise would.
fn near_log_id() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9a-fA-F]{30,34}",
        "[0-9a-f]{32}",
        "[0-9a-f/%.]{0,40}",
    ]
}

fn near_query() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("after".to_string()),
        Just("limit".to_string()),
        Just("wait".to_string()),
        Just("from_snapshot".to_string()),
        "[a-z_]{0,8}",
    ];
    let value = prop_oneof![
        "[0-9]{0,25}",
        Just("true".to_string()),
        Just("false".to_string()),
        "-?[0-9a-z.+%]{0,6}",
        any::<String>(),
    ];
    prop_oneof![
        proptest::collection::vec((key, value), 0..6).prop_map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        }),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_log_id_is_refused_or_served(log in near_log_id()) {
        let relay = relay();
        let pulled = runtime().block_on(relay.pull(&log, TOKEN, PullQuery::default()));
        if !is_log_id(&log) {
            prop_assert_eq!(pulled.unwrap_err().code(), "bad-request");
            let appended = runtime().block_on(relay.append(&log, TOKEN, b"x".to_vec(), None));
            prop_assert_eq!(appended.unwrap_err().code(), "bad-request");
        } else if log == LOG {
            prop_assert!(pulled.is_ok());
        } else {
            prop_assert!(matches!(pulled, Err(RelayError::UnknownLog)));
        }
    }

    #[test]
    fn any_token_is_refused_or_checked(token in prop_oneof![any::<String>(), "[0-9a-fA-F]{0,140}"]) {
        let relay = relay();
        match runtime().block_on(relay.pull(LOG, &token, PullQuery::default())) {
            Ok(_) => prop_assert!(token.eq_ignore_ascii_case(TOKEN)),
            Err(RelayError::MalformedToken) => prop_assert!(hash_token(&token).is_err()),
            Err(RelayError::Forbidden) => prop_assert!(hash_token(&token).is_ok()),
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
    }

    #[test]
    fn any_authorization_header_parses_or_is_401(value in proptest::collection::vec(any::<u8>(), 0..80)) {
        match parse_bearer(&value) {
            Ok(token) => {
                prop_assert!(!token.is_empty());
                let text = std::str::from_utf8(&value).unwrap();
                prop_assert!(text.trim().to_ascii_lowercase().starts_with("bearer "));
            }
            Err(e) => prop_assert_eq!(e.status().as_u16(), 401),
        }
    }

    #[test]
    fn any_covers_header_is_a_number_or_400(value in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..30),
        "[0-9]{1,22}".prop_map(String::into_bytes),
    ]) {
        match parse_covers(Some(&value)) {
            Ok(Some(n)) => {
                let text = std::str::from_utf8(&value).unwrap().trim();
                prop_assert_eq!(text.parse::<u64>().unwrap(), n);
            }
            Ok(None) => prop_assert!(false, "a present header is never read as absent"),
            Err(e) => prop_assert_eq!(e.code(), "bad-request"),
        }
    }

    #[test]
    fn a_snapshot_append_with_any_covers_is_stored_or_refused(covers in any::<u64>()) {
        let relay = relay();
        let head = runtime().block_on(relay.pull(LOG, TOKEN, PullQuery { after: u64::MAX, ..PullQuery::default() })).unwrap().head;
        let result = runtime().block_on(relay.append(LOG, TOKEN, b"snap".to_vec(), Some(covers)));
        if covers <= head {
            prop_assert_eq!(result.unwrap().seq, head + 1);
        } else {
            prop_assert_eq!(result.unwrap_err().code(), "bad-request");
        }
    }

    #[test]
    fn any_query_parses_within_bounds_or_is_400(raw in near_query()) {
        match PullQuery::parse(Some(&raw)) {
            Ok(query) => {
                prop_assert!((1..=MAX_PULL_ENTRIES).contains(&query.limit));
                prop_assert!(query.wait_seconds <= MAX_WAIT_SECONDS);
                // And the service accepts whatever the parser did, answering in seq order.
                let relay = relay();
                let query = PullQuery { wait_seconds: 0, ..query };
                let pull = runtime().block_on(relay.pull(LOG, TOKEN, query)).unwrap();
                prop_assert!(pull.entries.len() <= query.limit);
                prop_assert!(pull.entries.windows(2).all(|w| w[0].seq < w[1].seq));
                prop_assert!(pull.entries.iter().all(|e| e.seq <= pull.head));
            }
            Err(e) => prop_assert_eq!(e.code(), "bad-request"),
        }
    }

    #[test]
    fn well_formed_queries_read_back_exactly(
        after in any::<u64>(),
        limit in 1..=MAX_PULL_ENTRIES,
        wait in 0..=MAX_WAIT_SECONDS,
        from_snapshot in any::<bool>(),
    ) {
        let raw = format!("after={after}&limit={limit}&wait={wait}&from_snapshot={from_snapshot}&future=1");
        prop_assert_eq!(
            PullQuery::parse(Some(&raw)).unwrap(),
            PullQuery { after, limit, wait_seconds: wait, from_snapshot }
        );
    }
}

#[test]
fn an_absent_query_or_header_means_the_defaults() {
    assert_eq!(PullQuery::parse(None).unwrap(), PullQuery::default());
    assert_eq!(PullQuery::parse(Some("")).unwrap(), PullQuery::default());
    assert_eq!(parse_covers(None).unwrap(), None);
    assert!(
        PullQuery::parse(Some("from_snapshot"))
            .unwrap()
            .from_snapshot
    );
    assert_eq!(
        PullQuery::parse(Some("wait=999")).unwrap().wait_seconds,
        MAX_WAIT_SECONDS
    );
}
