use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A calendar date (no time, no zone): statutory deadlines are counted in whole days.
///
/// Stored as an ISO `YYYY-MM-DD` string in both JSON and Automerge.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Builds a date, or `None` if it does not exist (such as 30 February).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    pub fn parse(iso: &str) -> Option<Date> {
        NaiveDate::parse_from_str(iso, "%Y-%m-%d").ok().map(Date)
    }

    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// The date as a letter or a message writes it: "12 January 2027".
    pub fn long(self) -> String {
        self.0.format("%-d %B %Y").to_string()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl From<NaiveDate> for Date {
    fn from(d: NaiveDate) -> Self {
        Date(d)
    }
}
