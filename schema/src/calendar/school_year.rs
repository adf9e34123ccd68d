//! The English school year and the ages that matter to a plan.
//!
//! School years run from 1 September to 31 August. These helpers turn a date of birth and a
//! day into the facts the statutory calendar needs: the school year a day falls in, whether an
//! early-years child starts Reception next September, and the end of compulsory school age.

use chrono::{Datelike, Months, NaiveDate, Weekday};

/// The calendar year in which the school year containing `day` began (its September).
///
/// ```
/// use chrono::NaiveDate;
/// use northstar_schema::calendar::school_year_start;
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(school_year_start(day(2026, 9, 1)), 2026);
/// assert_eq!(school_year_start(day(2027, 8, 31)), 2026);
/// ```
pub fn school_year_start(day: NaiveDate) -> i32 {
    if day.month() >= 9 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// Whether an early-years child starts Reception in the coming September.
///
/// A child starts Reception in the September after their fourth birthday, so the cohort is
/// fixed by the school year they were born in.
pub fn starts_reception_next_september(dob: NaiveDate, today: NaiveDate) -> bool {
    school_year_start(dob) == school_year_start(today) - 4
}

/// Whole years of age on `day`, or `None` if `day` is before the birth.
pub fn age_on(dob: NaiveDate, day: NaiveDate) -> Option<u32> {
    day.years_since(dob)
}

/// The last Friday of June in `year`, or `None` outside chrono's range.
pub fn last_friday_of_june(year: i32) -> Option<NaiveDate> {
    let june_30 = NaiveDate::from_ymd_opt(year, 6, 30)?;
    // Days to step back from 30 June to reach a Friday (0 when 30 June is a Friday).
    let back =
        (june_30.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    june_30.checked_sub_days(chrono::Days::new(u64::from(back)))
}

/// The end of compulsory school age: the last Friday of June of the school year in which the
/// young person turns 16 (Education Act 1996 s8; the School Leaving Date Order 1997). From the
/// day after, decisions under Part 3 of the Children and Families Act 2014 pass to the young
/// person (Code 8.13, 9.4).
///
/// A 16th birthday on 29 February counts as 28 February in a common year; it changes nothing,
/// since only the school year of the birthday matters.
///
/// ```
/// use chrono::NaiveDate;
/// use northstar_schema::calendar::end_of_compulsory_school_age;
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // Turns 16 on 10 March 2027: the school year 2026/27 ends on Friday 25 June 2027.
/// assert_eq!(end_of_compulsory_school_age(day(2011, 3, 10)), Some(day(2027, 6, 25)));
/// // Turns 16 on 1 September 2027: that school year ends in June 2028.
/// assert_eq!(end_of_compulsory_school_age(day(2011, 9, 1)), Some(day(2028, 6, 30)));
/// ```
pub fn end_of_compulsory_school_age(dob: NaiveDate) -> Option<NaiveDate> {
    let sixteenth = dob.checked_add_months(Months::new(16 * 12))?;
    let summer = school_year_start(sixteenth).checked_add(1)?;
    last_friday_of_june(summer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn only_the_oldest_early_years_cohort_moves_to_reception() {
        let today = day(2026, 11, 25);
        assert!(starts_reception_next_september(day(2022, 9, 1), today));
        assert!(starts_reception_next_september(day(2023, 8, 31), today));
        assert!(!starts_reception_next_september(day(2023, 9, 1), today));
        assert!(!starts_reception_next_september(day(2022, 8, 31), today));
        // In the summer term the school year is still the one that began last September.
        assert!(starts_reception_next_september(
            day(2022, 9, 1),
            day(2027, 7, 1)
        ));
    }

    #[test]
    fn last_friday_of_june_for_every_weekday_of_june_30() {
        // 30 June 2028 is a Friday; 2023 a Friday too; 2026 a Tuesday; 2024 a Sunday.
        for (year, expected) in [
            (2023, day(2023, 6, 30)),
            (2024, day(2024, 6, 28)),
            (2025, day(2025, 6, 27)),
            (2026, day(2026, 6, 26)),
            (2027, day(2027, 6, 25)),
            (2028, day(2028, 6, 30)),
            (2029, day(2029, 6, 29)),
        ] {
            assert_eq!(last_friday_of_june(year), Some(expected), "{year}");
            assert_eq!(expected.weekday(), Weekday::Fri);
        }
    }

    #[test]
    fn end_of_compulsory_school_age_by_birthday() {
        for (dob, expected) in [
            // Summer-born: turns 16 in August 2027, after that June's last Friday.
            (day(2011, 8, 31), day(2027, 6, 25)),
            (day(2011, 7, 1), day(2027, 6, 25)),
            (day(2010, 9, 17), day(2027, 6, 25)),
            (day(2010, 9, 1), day(2027, 6, 25)),
            // Born on 29 February 2084: 2100 is not a leap year, so the 16th birthday is 28 February.
            (day(2012, 2, 29), day(2028, 6, 30)),
            (day(2084, 2, 29), day(2100, 6, 25)),
        ] {
            assert_eq!(end_of_compulsory_school_age(dob), Some(expected), "{dob}");
        }
    }

    #[test]
    fn age_in_whole_years() {
        assert_eq!(age_on(day(2022, 3, 1), day(2026, 2, 28)), Some(3));
        assert_eq!(age_on(day(2022, 3, 1), day(2026, 3, 1)), Some(4));
        assert_eq!(age_on(day(2022, 3, 1), day(2021, 3, 1)), None);
    }
}
