//! The relay's counters for its operator, in the Prometheus text format (version 0.0.4)
//! served at `/metrics`.
//!
//! Hand-written over atomics rather than a metrics crate: the set is small and fixed, and
//! every label value comes from a closed list the relay itself chose (a route template, an
//! HTTP method folded to the common ones, a status, a refusal's stable code), never from a
//! request. So nothing here can name a review: no log id, token or client address is a
//! label, and an attacker cannot grow the output by inventing paths or methods.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Put into a refusal's response by [`crate::RelayError`], so the metrics can count refusals
/// by their stable code without reading the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused(pub &'static str);

/// Every stable refusal code, so each is scraped from the start (at 0) and a dashboard's
/// rate over it is defined before the first refusal. A code not listed here is still counted
/// once seen.
const REFUSAL_CODES: &[&str] = &[
    "bad-request",
    "gone",
    "host-only",
    "internal",
    "quota",
    "rate",
    "revoked",
    "timeout",
    "too-large",
    "unauthorised",
    "unavailable",
    "unknown-log",
];

/// Upper bounds, in seconds, of the latency histograms' buckets. Appends wait for the disk
/// (milliseconds); pulls may be long polls held open up to
/// [`MAX_WAIT_SECONDS`](northstar_schema::sync::api::MAX_WAIT_SECONDS), hence the long tail.
const BUCKETS: [f64; 15] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// A latency histogram: a count per bucket (not cumulative; summed when rendered) plus one
/// for "above every bound", and the total time.
#[derive(Debug, Default)]
struct Histogram {
    counts: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

impl Histogram {
    fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let slot = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        self.counts[slot].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}");
        let _ = writeln!(out, "# TYPE {name} histogram");
        let mut cumulative = 0u64;
        for (bound, count) in BUCKETS.iter().zip(&self.counts) {
            cumulative = cumulative.saturating_add(count.load(Ordering::Relaxed));
            let _ = writeln!(out, "{name}_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        cumulative = cumulative.saturating_add(self.counts[BUCKETS.len()].load(Ordering::Relaxed));
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {cumulative}");
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}");
        // The count is the +Inf bucket as read above, so a scrape racing an observation still
        // has `_count` equal to its last bucket, as Prometheus expects.
        let _ = writeln!(out, "{name}_count {cumulative}");
    }
}

/// What the HTTP layer saw of one answered request.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'a> {
    /// The route template that matched (`/v1/logs/{log}`), or `None` for no route.
    pub route: Option<&'a str>,
    pub method: &'a axum::http::Method,
    pub status: u16,
    pub elapsed: Duration,
    /// Body bytes read from the request and written in the response.
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// The refusal's stable code, if it was one.
    pub refused: Option<&'static str>,
}

/// The route that appends (POST) and pulls (GET); the same template the router uses.
pub(crate) const LOG_ROUTE: &str = "/v1/logs/{log}";
/// The operator's routes, which count as requests but not as sync traffic.
pub(crate) const HEALTHZ_ROUTE: &str = "/healthz";
pub(crate) const METRICS_ROUTE: &str = "/metrics";

/// The route label for a request no route matched.
const UNMATCHED: &str = "unmatched";

/// Request counts keyed by route template, method and status.
type RequestCounts = BTreeMap<(String, &'static str, u16), u64>;

/// The relay's counters; one per router, shared by every request it serves.
#[derive(Debug)]
pub struct Metrics {
    appends: AtomicU64,
    pulls: AtomicU64,
    bytes_in: AtomicU64,
    bytes_out: AtomicU64,
    in_flight: AtomicI64,
    refusals: Mutex<BTreeMap<&'static str, u64>>,
    requests: Mutex<RequestCounts>,
    append_seconds: Histogram,
    pull_seconds: Histogram,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

/// Counts one request as in flight until dropped, so a request whose client goes away (its
/// future dropped mid-way) is not counted for ever.
pub struct InFlight<'a>(&'a AtomicI64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            appends: AtomicU64::new(0),
            pulls: AtomicU64::new(0),
            bytes_in: AtomicU64::new(0),
            bytes_out: AtomicU64::new(0),
            in_flight: AtomicI64::new(0),
            refusals: Mutex::new(REFUSAL_CODES.iter().map(|code| (*code, 0)).collect()),
            requests: Mutex::new(BTreeMap::new()),
            append_seconds: Histogram::default(),
            pull_seconds: Histogram::default(),
        }
    }

    /// Marks a request as being handled until the guard is dropped.
    pub fn start(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(&self.in_flight)
    }

    /// Counts one answered request.
    pub fn record(&self, seen: &Observation<'_>) {
        let route = seen.route.unwrap_or(UNMATCHED);
        let method = method_label(seen.method);
        {
            // A poisoned map only means a panic elsewhere mid-insert; the counts are still
            // plain numbers, and losing the metrics would be worse than one odd count.
            let mut requests = self.requests.lock().unwrap_or_else(|p| p.into_inner());
            let count = requests
                .entry((route.to_owned(), method, seen.status))
                .or_insert(0);
            *count = count.saturating_add(1);
        }
        if let Some(code) = seen.refused {
            let mut refusals = self.refusals.lock().unwrap_or_else(|p| p.into_inner());
            let count = refusals.entry(code).or_insert(0);
            *count = count.saturating_add(1);
        }
        if route == HEALTHZ_ROUTE || route == METRICS_ROUTE {
            // Scrapes and health checks are not sync traffic: a scrape that moved the byte
            // counters would be measuring itself.
            return;
        }
        self.bytes_in.fetch_add(seen.bytes_in, Ordering::Relaxed);
        self.bytes_out.fetch_add(seen.bytes_out, Ordering::Relaxed);
        if route == LOG_ROUTE {
            let ok = seen.status == 200;
            if *seen.method == axum::http::Method::POST {
                self.append_seconds.observe(seen.elapsed);
                if ok {
                    self.appends.fetch_add(1, Ordering::Relaxed);
                }
            } else if *seen.method == axum::http::Method::GET {
                self.pull_seconds.observe(seen.elapsed);
                if ok {
                    self.pulls.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }

    /// Everything, in the Prometheus text exposition format 0.0.4.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        counter(
            &mut out,
            "northstar_relay_appends_total",
            "Envelopes stored: appends answered 200.",
            self.appends.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "northstar_relay_pulls_total",
            "Pulls answered 200, long polls that ended with nothing new included.",
            self.pulls.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "northstar_relay_received_bytes_total",
            "Request body bytes read by the sync routes (envelopes, invitations, revocations).",
            self.bytes_in.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "northstar_relay_sent_bytes_total",
            "Response body bytes written by the sync routes.",
            self.bytes_out.load(Ordering::Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP northstar_relay_refusals_total Requests refused, by the refusal's stable code."
        );
        let _ = writeln!(out, "# TYPE northstar_relay_refusals_total counter");
        for (code, count) in self
            .refusals
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let code = escape(code);
            let _ = writeln!(
                out,
                "northstar_relay_refusals_total{{code=\"{code}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP northstar_relay_requests_total HTTP requests answered, by route template, \
             method and status."
        );
        let _ = writeln!(out, "# TYPE northstar_relay_requests_total counter");
        for ((route, method, status), count) in self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let route = escape(route);
            let _ = writeln!(
                out,
                "northstar_relay_requests_total{{route=\"{route}\",method=\"{method}\",\
                 status=\"{status}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP northstar_relay_requests_in_flight Requests being handled now, waiting \
             long polls included."
        );
        let _ = writeln!(out, "# TYPE northstar_relay_requests_in_flight gauge");
        let _ = writeln!(
            out,
            "northstar_relay_requests_in_flight {}",
            self.in_flight.load(Ordering::Relaxed).max(0)
        );
        self.append_seconds.render(
            &mut out,
            "northstar_relay_append_duration_seconds",
            "Time to answer an append, refusals included.",
        );
        self.pull_seconds.render(
            &mut out,
            "northstar_relay_pull_duration_seconds",
            "Time to answer a pull, refusals and long-poll waits included.",
        );
        out
    }
}

fn counter(out: &mut String, name: &str, help: &str, value: u64) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} counter");
    let _ = writeln!(out, "{name} {value}");
}

/// The method as a label: the ones the relay serves, anything else folded into `other` so a
/// client sending made-up methods cannot add series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// A label value as the text format wants it: backslash, double quote and newline escaped.
fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method;

    fn seen<'a>(method: &'a Method, route: &'a str, status: u16, millis: u64) -> Observation<'a> {
        Observation {
            route: Some(route),
            method,
            status,
            elapsed: Duration::from_millis(millis),
            bytes_in: 10,
            bytes_out: 3,
            refused: None,
        }
    }

    /// The value of the sample line starting with `prefix` (name and labels).
    fn sample(text: &str, prefix: &str) -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(prefix)?.strip_prefix(' '))
            .unwrap_or_else(|| panic!("no sample {prefix} in\n{text}"))
            .parse()
            .unwrap()
    }

    #[test]
    fn appends_and_pulls_are_counted_with_their_latency() {
        let metrics = Metrics::new();
        let (post, get) = (Method::POST, Method::GET);
        metrics.record(&seen(&post, LOG_ROUTE, 200, 3));
        metrics.record(&seen(&post, LOG_ROUTE, 200, 40));
        metrics.record(&Observation {
            refused: Some("unauthorised"),
            ..seen(&post, LOG_ROUTE, 403, 1)
        });
        metrics.record(&seen(&get, LOG_ROUTE, 200, 20_000));
        metrics.record(&seen(&get, METRICS_ROUTE, 200, 1));
        let text = metrics.render();
        assert_eq!(sample(&text, "northstar_relay_appends_total"), 2.0);
        assert_eq!(sample(&text, "northstar_relay_pulls_total"), 1.0);
        // Four sync requests of 10 bytes in and 3 out; the scrape is not counted.
        assert_eq!(sample(&text, "northstar_relay_received_bytes_total"), 40.0);
        assert_eq!(sample(&text, "northstar_relay_sent_bytes_total"), 12.0);
        assert_eq!(
            sample(
                &text,
                "northstar_relay_refusals_total{code=\"unauthorised\"}"
            ),
            1.0
        );
        assert_eq!(
            sample(&text, "northstar_relay_refusals_total{code=\"quota\"}"),
            0.0
        );
        let append = "northstar_relay_append_duration_seconds";
        assert_eq!(
            sample(&text, &format!("{append}_bucket{{le=\"0.001\"}}")),
            1.0
        );
        assert_eq!(
            sample(&text, &format!("{append}_bucket{{le=\"0.005\"}}")),
            2.0
        );
        assert_eq!(
            sample(&text, &format!("{append}_bucket{{le=\"0.05\"}}")),
            3.0
        );
        assert_eq!(
            sample(&text, &format!("{append}_bucket{{le=\"+Inf\"}}")),
            3.0
        );
        assert_eq!(sample(&text, &format!("{append}_count")), 3.0);
        assert!((sample(&text, &format!("{append}_sum")) - 0.044).abs() < 1e-9);
        let pull = "northstar_relay_pull_duration_seconds";
        assert_eq!(sample(&text, &format!("{pull}_bucket{{le=\"10\"}}")), 0.0);
        assert_eq!(sample(&text, &format!("{pull}_bucket{{le=\"30\"}}")), 1.0);
        assert_eq!(
            sample(
                &text,
                "northstar_relay_requests_total{route=\"/v1/logs/{log}\",method=\"POST\",status=\"403\"}"
            ),
            1.0
        );
    }

    #[test]
    fn every_family_has_help_and_type_before_its_samples() {
        let metrics = Metrics::new();
        metrics.record(&seen(&Method::PUT, "/v1/drops/{drop}", 200, 1));
        let text = metrics.render();
        let mut declared = std::collections::HashSet::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap();
                assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
                assert!(declared.insert(name.to_owned()), "{name} declared twice");
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let name = line.split(['{', ' ']).next().unwrap();
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|suffix| {
                    name.strip_suffix(suffix)
                        .filter(|base| declared.contains(*base))
                })
                .unwrap_or(name);
            assert!(declared.contains(family), "{line} has no # TYPE before it");
        }
    }

    #[test]
    fn made_up_methods_and_unmatched_paths_add_no_series() {
        let metrics = Metrics::new();
        for i in 0..50 {
            let method = Method::from_bytes(format!("X{i}").as_bytes()).unwrap();
            metrics.record(&Observation {
                route: None,
                ..seen(&method, LOG_ROUTE, 404, 1)
            });
        }
        let text = metrics.render();
        let series = text
            .lines()
            .filter(|l| l.starts_with("northstar_relay_requests_total{"))
            .count();
        assert_eq!(series, 1, "{text}");
        assert_eq!(
            sample(
                &text,
                "northstar_relay_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"}"
            ),
            50.0
        );
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn in_flight_falls_back_when_a_request_is_dropped() {
        let metrics = Metrics::new();
        let guard = metrics.start();
        assert!(metrics
            .render()
            .contains("northstar_relay_requests_in_flight 1\n"));
        drop(guard);
        assert!(metrics
            .render()
            .contains("northstar_relay_requests_in_flight 0\n"));
    }
}
