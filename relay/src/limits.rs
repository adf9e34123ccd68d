//! What one relay is willing to hold and how fast, and the per-log rate limiter.
//!
//! The limits protect the relay's disk and its other users from one runaway or hostile client;
//! they are not about trust (the relay cannot read what it stores). A meeting-room relay
//! embedded in the desktop app is reachable by anyone on the room's Wi-Fi and writes to the
//! SENCO's laptop, so it runs with the tighter [`Limits::meeting_room`].

use northstar_schema::sync::MAX_ENVELOPE_BYTES;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// How many logs the rate limiter remembers at once. A log's bucket refills within a minute,
/// so only logs appended to in the last minute need remembering; this bounds memory if a
/// client invents log ids faster than that.
pub const MAX_TRACKED_LOGS: usize = 100_000;

/// A relay's limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The largest envelope accepted, in bytes.
    pub max_message_bytes: usize,
    /// The most envelope bytes one log may hold.
    pub quota_bytes_per_log: u64,
    /// Sustained appends per minute to one log; a burst of this many is allowed at once.
    /// 0 turns rate limiting off.
    pub appends_per_minute_per_log: u32,
    /// The most logs the relay creates; `None` for no limit.
    pub max_logs: Option<u64>,
    /// The most one-time messages (meeting-room invitations) waiting at once.
    pub max_drops: u64,
    /// Sustained requests per minute from one network address (a school behind one router
    /// counts as one); a burst of this many is allowed at once. 0 turns it off.
    pub requests_per_minute_per_client: u32,
    /// The most requests handled at once; more wait their turn. Waiting pulls count.
    pub max_concurrent_requests: usize,
    /// How long a client may take to send a request's body, in seconds.
    pub body_seconds: u64,
    /// Whether only clients on this machine (loopback) may create logs and one-time
    /// messages. A meeting room's laptop creates every log and code its room needs; anyone
    /// else on the room's Wi-Fi may only use them, so a stranger cannot take the slots.
    pub host_only_creates: bool,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_message_bytes: MAX_ENVELOPE_BYTES,
            quota_bytes_per_log: 256 * 1024 * 1024,
            appends_per_minute_per_log: 600,
            max_logs: None,
            max_drops: 1000,
            requests_per_minute_per_client: 6000,
            max_concurrent_requests: 1024,
            body_seconds: 60,
            host_only_creates: false,
        }
    }
}

impl Limits {
    /// For a relay on a meeting-room laptop: room for a day of meetings (a log per review the
    /// laptop owns, one per short code, and the voice notes and drawings people add). Only
    /// the laptop itself creates logs and codes; what someone on the room's Wi-Fi can make it
    /// store is bounded by the logs' quotas.
    pub fn meeting_room() -> Limits {
        Limits {
            quota_bytes_per_log: 64 * 1024 * 1024,
            max_logs: Some(64),
            max_drops: 64,
            max_concurrent_requests: 128,
            host_only_creates: true,
            ..Limits::default()
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A token bucket per log id, kept in memory.
///
/// Memory stays bounded by [`MAX_TRACKED_LOGS`] (or the capacity given): when the map is
/// full, buckets that have refilled completely are dropped, since forgetting them changes
/// nothing. If every bucket is still in use, new logs are refused until some refill.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    capacity: usize,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter::with_capacity(per_minute, MAX_TRACKED_LOGS)
    }

    /// A limiter remembering at most `capacity` logs.
    pub fn with_capacity(per_minute: u32, capacity: usize) -> RateLimiter {
        RateLimiter {
            per_minute,
            capacity: capacity.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one append's worth from `log_id`'s bucket, or says how many whole seconds until
    /// one is available.
    pub fn check(&self, log_id: &str) -> Result<(), u64> {
        self.check_at(log_id, Instant::now())
    }

    /// [`RateLimiter::check`] at a given moment, so tests need not sleep.
    pub fn check_at(&self, log_id: &str, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let burst = f64::from(self.per_minute);
        let per_second = burst / 60.0;
        // A poisoned map only means another request panicked mid-update; the buckets are
        // still plain numbers, and refusing every append forever would be worse.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !buckets.contains_key(log_id) && buckets.len() >= self.capacity {
            buckets.retain(|_, b| refilled(b, now, per_second) < burst - EPSILON);
            if buckets.len() >= self.capacity {
                return Err(1);
            }
        }
        let bucket = buckets.entry(log_id.to_owned()).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        bucket.tokens = refilled(bucket, now, per_second).min(burst);
        bucket.updated = now.max(bucket.updated);
        // The epsilon keeps float rounding from turning "exactly one token" into "not quite".
        if bucket.tokens >= 1.0 - EPSILON {
            bucket.tokens = (bucket.tokens - 1.0).max(0.0);
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / per_second - EPSILON;
            Err(wait.ceil().max(1.0) as u64)
        }
    }

    /// How many logs are being remembered.
    pub fn tracked(&self) -> usize {
        self.buckets.lock().map_or(0, |b| b.len())
    }
}

const EPSILON: f64 = 1e-9;

fn refilled(bucket: &Bucket, now: Instant, per_second: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    bucket.tokens + elapsed * per_second
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_refused_with_a_wait() {
        let limiter = RateLimiter::new(3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.check_at("a", t0), Ok(()));
        }
        // Three a minute: one token every 20 seconds.
        assert_eq!(limiter.check_at("a", t0), Err(20));
        // Another log has its own bucket.
        assert_eq!(limiter.check_at("b", t0), Ok(()));
        assert_eq!(limiter.check_at("a", t0 + Duration::from_secs(19)), Err(1));
        assert_eq!(limiter.check_at("a", t0 + Duration::from_secs(20)), Ok(()));
        assert!(limiter.check_at("a", t0 + Duration::from_secs(20)).is_err());
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        let t0 = Instant::now();
        for _ in 0..10_000 {
            assert_eq!(limiter.check_at("a", t0), Ok(()));
        }
        assert_eq!(limiter.tracked(), 0);
    }

    #[test]
    fn the_map_stays_bounded_and_forgets_only_refilled_buckets() {
        let limiter = RateLimiter::with_capacity(60, 4);
        let t0 = Instant::now();
        for i in 0..4 {
            assert_eq!(limiter.check_at(&format!("log{i}"), t0), Ok(()));
        }
        // Every bucket is in use: a fifth log waits rather than evicting a busy one.
        assert_eq!(limiter.check_at("log4", t0), Err(1));
        assert_eq!(limiter.tracked(), 4);
        // A second later each bucket has refilled and can be forgotten.
        let t1 = t0 + Duration::from_secs(1);
        assert_eq!(limiter.check_at("log4", t1), Ok(()));
        assert!(limiter.tracked() <= 4);
        for i in 5..50 {
            let _ = limiter.check_at(&format!("log{i}"), t1 + Duration::from_secs(i));
            assert!(limiter.tracked() <= 4);
        }
    }
}
