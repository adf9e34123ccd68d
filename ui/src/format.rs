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
        ReviewStatus::Unknown | ReviewStatus::Ceased => "badge",
    }
}

/// A row class that marks urgent children with a coloured edge (the badge says it in words).
pub fn row_class(s: ReviewStatus) -> &'static str {
    match s {
        ReviewStatus::Overdue => "row-overdue",
        ReviewStatus::DueSoon => "row-due",
        _ => "",
    }
}

/// Today on this computer, as a calendar date (deadlines are local calendar days).
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// "14:05", the time of day now on this computer.
pub fn time_now() -> String {
    let d = js_sys::Date::new_0();
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// "26 Nov 2026, 14:05" in this computer's time zone, from seconds since 1970.
pub fn moment(unix_seconds: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        unix_seconds as f64 * 1000.0,
    ));
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .get(d.get_month() as usize)
    .copied()
    .unwrap_or("");
    format!(
        "{} {} {}, {:02}:{:02}",
        d.get_date(),
        month,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
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
