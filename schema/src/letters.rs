//! The words of the letters that go with each step after the meeting: the covering letter
//! that sends the review report to everyone invited (reg 20(7)).
//!
//! Pure text, so the window can show a letter to copy and the engine can save the same words
//! as an email draft with the report attached.
//!
//! ```
//! use northstar_schema::letters::report_letters;
//! use northstar_schema::{Attendance, Date, Participant, ReviewDocument, Role, YoungPerson, AnnualReview};
//! let mut doc = ReviewDocument::new("d1", YoungPerson { given_name: "Ayo".into(), family_name: "Bello".into(), ..Default::default() });
//! doc.participants.push(Participant { id: "p1".into(), name: "Tola Bello".into(), role: Role::ParentCarer, ..Default::default() });
//! doc.reviews.push(AnnualReview {
//!     id: "r1".into(), meeting_date: Date::parse("2027-01-12"),
//!     attendance: vec![Attendance { participant_id: "p1".into(), ..Default::default() }],
//!     ..Default::default()
//! });
//! let letters = report_letters(&doc, "r1", "Jo Marsh");
//! assert_eq!(letters[0].to_name, "Tola Bello");
//! assert!(letters[0].body.starts_with("Dear Tola Bello,"));
//! assert!(letters[0].body.contains("by 9 February 2027"));
//! ```

use crate::{Participant, ReviewDocument, Role};
use serde::{Deserialize, Serialize};

/// One letter to one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub participant_id: String,
    pub to_name: String,
    pub to_email: Option<String>,
    pub subject: String,
    pub body: String,
}

/// Who the report goes to: the people it was recorded as sent to, or else everyone invited
/// to the meeting who is still involved.
pub fn report_recipients<'a>(doc: &'a ReviewDocument, review_id: &str) -> Vec<&'a Participant> {
    let Some(review) = doc.reviews.iter().find(|r| r.id == review_id) else {
        return Vec::new();
    };
    let ids: Vec<&String> = if review.report_sent_to.is_empty() {
        review
            .attendance
            .iter()
            .map(|a| &a.participant_id)
            .collect()
    } else {
        review.report_sent_to.iter().collect()
    };
    doc.participants
        .iter()
        .filter(|p| ids.contains(&&p.id))
        .filter(|p| !p.removed || !review.report_sent_to.is_empty())
        .collect()
}

/// The covering letter for each recipient of the review report, signed by `from`.
pub fn report_letters(doc: &ReviewDocument, review_id: &str, from: &str) -> Vec<Letter> {
    let Some(review) = doc.reviews.iter().find(|r| r.id == review_id) else {
        return Vec::new();
    };
    let name = doc.young_person.display_name();
    let setting = doc.young_person.setting.name.trim();
    let at = if setting.is_empty() {
        String::new()
    } else {
        format!(" at {setting}")
    };
    let meeting = review
        .meeting_date
        .map(|d| format!(" held on {}", d.long()))
        .unwrap_or_default();
    let decision_by = review
        .meeting_date
        .and_then(|m| m.0.checked_add_days(chrono::Days::new(28)))
        .map(|d| format!(" (by {})", crate::Date(d).long()))
        .unwrap_or_default();
    let signer = doc
        .participants
        .iter()
        .find(|p| p.name.trim() == from.trim());
    let sign_role = signer
        .map(|p| match &p.organisation {
            Some(org) if !org.trim().is_empty() => format!("{}, {}", p.role.label(), org.trim()),
            _ => p.role.label().to_string(),
        })
        .unwrap_or_default();
    report_recipients(doc, review_id)
        .into_iter()
        .map(|p| {
            let family = matches!(p.role, Role::ParentCarer | Role::YoungPerson);
            let about = if p.role == Role::YoungPerson {
                "your annual review meeting".to_string()
            } else {
                format!("{name}'s annual review meeting")
            };
            let decision = if family {
                format!(
                    "The local authority will write to you within 4 weeks of the meeting{decision_by} to say whether it will keep the plan as it is, amend it, or stop maintaining it. That letter will also tell you about your right to appeal and to mediation."
                )
            } else {
                format!(
                    "The local authority will decide within 4 weeks of the meeting{decision_by} whether to keep the plan as it is, amend it, or stop maintaining it."
                )
            };
            let body = format!(
                "Dear {to},\n\nPlease find attached the report of {about}{meeting}{at}. It sets out the progress made towards each outcome, what the meeting recommends for the plan, the amendments proposed and any disagreement.\n\n{decision}\n\nIf anything in the report is wrong or missing, please tell me.\n\nYours sincerely,\n\n{from}\n{sign_role}\n",
                to = p.name.trim(),
                from = from.trim(),
            );
            Letter {
                participant_id: p.id.clone(),
                to_name: p.name.trim().to_string(),
                to_email: p.email.clone().filter(|e| !e.trim().is_empty()),
                subject: format!("Annual review report for {name}"),
                body: body.trim_end().to_string() + "\n",
            }
        })
        .collect()
}
