//! Dates and labels in plain English for the screen.

use northstar_schema::{Date, ReviewStatus};

/// "25 Nov 2026", or an em dash for no date.
pub fn date(d: Option<Date>) -> String {
    d.map(|d| d.0.format("%-d %b %Y").to_string())
        .unwrap_or_else(|| "—".into())
}

/// "1 child", "3 children": counts read as words people say.
pub fn children(n: usize) -> String {
    if n == 1 {
        "1 child".into()
    } else {
        format!("{n} children")
    }
}

/// The CSS class that colours a status badge (the badge always carries words too).
pub fn status_class(s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Overdue => "badge badge-overdue",
        ReviewStatus::AwaitingDecision => "badge badge-awaiting",
        ReviewStatus::DueSoon => "badge badge-due",
        ReviewStatus::MeetingBooked => "badge badge-booked",
        ReviewStatus::UpToDate => "badge badge-ok",
        ReviewStatus::Unknown => "badge",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_day_month_year() {
        assert_eq!(date(Date::parse("2026-03-05")), "5 Mar 2026");
        assert_eq!(date(None), "—");
    }

    #[test]
    fn one_child_is_singular() {
        assert_eq!(children(1), "1 child");
        assert_eq!(children(0), "0 children");
        assert_eq!(children(46), "46 children");
    }
}
