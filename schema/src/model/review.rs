//! Annual reviews (SEND Regulations 2014 regs 18–22; Code 9.166–9.211), each with its
//! person-centred record, advice, proposed amendments and decisions.

use crate::{
    Agency, AmendmentStatus, AttendanceStatus, ChangeKind, CoText, Date, InterpreterAtMeeting,
    Perspective, PlanDecision, PlanSection,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One annual review, from invitations to the LA's decision.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct AnnualReview {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub meeting_date: Option<Date>,
    /// Everyone invited and whether they came (reg 20(2)).
    pub attendance: Vec<Attendance>,
    pub record: PersonCentredRecord,
    pub actions: Vec<Action>,
    pub disagreements: Vec<Disagreement>,
    pub advice: Vec<AdviceRequest>,
    pub amendments: Vec<Amendment>,
    /// Progress towards each Section E outcome, as discussed at the meeting.
    pub progress: Vec<OutcomeProgress>,
    /// Whether preparing for adulthood was discussed (required from Year 9).
    pub pfa_discussed: bool,
    /// When the family needs an interpreter: whether one was at the meeting (`None`: not
    /// recorded yet).
    pub interpreter: Option<InterpreterAtMeeting>,
    /// The meeting's recommendation, in the school's report.
    pub recommendation: Option<Recommendation>,
    /// The LA's decision; its date concludes the review and restarts the 12-month clock.
    pub la_decision: Option<LaDecision>,
    /// When the school's report was sent (due within 2 weeks of the meeting).
    pub report_sent_on: Option<Date>,
    /// Who the report went to: participant ids (reg 20(7): everyone invited).
    pub report_sent_to: Vec<String>,
    /// The family's representations on a notice of proposed amendments (reg 22(2)).
    pub representations: Vec<Representation>,
}

/// What the parent or young person said about a notice of proposed amendments (reg 22(2)),
/// including any school they ask to be named (reg 22(2)(b)).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Representation {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    /// The participant who made it, if recorded.
    pub from_id: Option<String>,
    pub received_on: Option<Date>,
    pub text: CoText,
    /// A school or other institution they ask to be named in Section I.
    pub requested_school: Option<String>,
}

/// One invitee and whether they attended.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Attendance {
    #[cfg_attr(feature = "automerge", key)]
    pub participant_id: String,
    pub status: AttendanceStatus,
}

/// The posters on the wall: the person-centred review format.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct PersonCentredRecord {
    pub like_and_admire: Vec<Entry>,
    pub important_to_now: Vec<Entry>,
    pub important_to_future: Vec<Entry>,
    pub important_for_now: Vec<Entry>,
    pub important_for_future: Vec<Entry>,
    /// Support needed to stay healthy and safe and to do well.
    pub support_needed: Vec<Entry>,
    pub working: Vec<PerspectiveEntry>,
    pub not_working: Vec<PerspectiveEntry>,
    pub questions: Vec<Entry>,
}

/// One sticky note on a poster.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Entry {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub text: CoText,
    /// The participant who said it, if recorded.
    pub author_id: Option<String>,
}

/// "Working" or "not working", from one perspective.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct PerspectiveEntry {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub perspective: Perspective,
    pub text: CoText,
    pub author_id: Option<String>,
}

/// Who will do what, by when.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Action {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub what: CoText,
    /// Free text so an owner need not be a participant ("Class teacher").
    pub owner: String,
    pub due: Option<Date>,
    pub done: bool,
}

/// A disagreement recorded in the report (reg 20(9)).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Disagreement {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub raised_by_id: Option<String>,
    pub about: CoText,
}

/// Advice asked of one agency before the meeting (Code 9.174).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct AdviceRequest {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub agency: Agency,
    /// The named contact, if known.
    pub contact: Option<String>,
    pub requested_on: Option<Date>,
    /// Advice must be circulated at least 2 weeks before the meeting.
    pub due_on: Option<Date>,
    pub received_on: Option<Date>,
    pub content: CoText,
}

/// A change someone proposes to the plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Amendment {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub author_id: Option<String>,
    pub section: PlanSection,
    /// The item in that section, if the amendment is about one.
    pub item_id: Option<String>,
    pub proposal: CoText,
    pub reason: CoText,
    pub status: AmendmentStatus,
    pub decided_on: Option<Date>,
    pub applied_on: Option<Date>,
    /// The concrete change: reword, add or remove `item_id` in `section`.
    pub change: ChangeKind,
    /// For a reword or removal, the item's words when the change was proposed.
    pub before: String,
    /// For a reword or an addition, the words the plan will say.
    pub after: String,
    /// The evidence for the change, listed in the notice (reg 22(1)).
    pub evidence: CoText,
    /// Why issuing the amended plan could not make this change, in plain words. Kept until
    /// someone changes or re-proposes it, so an amendment is never silently lost.
    pub not_applied: Option<String>,
}

/// Progress towards one Section E outcome.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct OutcomeProgress {
    #[cfg_attr(feature = "automerge", key)]
    pub outcome_id: String,
    pub summary: CoText,
    /// Whether the outcome is still appropriate (Code 9.176).
    pub still_appropriate: bool,
}

/// The meeting's recommendation to the LA.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Recommendation {
    pub decision: PlanDecision,
    pub rationale: CoText,
    pub made_on: Option<Date>,
}

/// The LA's decision after the review (within 4 weeks of the meeting).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct LaDecision {
    pub decision: PlanDecision,
    pub decided_on: Option<Date>,
    /// For an amendment: when the notice of proposed amendments was sent (reg 22).
    pub amendment_notice_on: Option<Date>,
    /// The LA's reasons, stated in the decision letter.
    pub reasons: CoText,
    /// Who decided, as the caseworker gave their name.
    pub decided_by: Option<String>,
    /// For a decision to cease: the day the plan stopped being maintained. From then on the
    /// plan is kept read-only (Children and Families Act 2014 s45).
    pub ceased_on: Option<Date>,
}

impl AnnualReview {
    /// The amendments the LA goes ahead with: accepted, or already made in the plan.
    pub fn agreed_amendments(&self) -> impl Iterator<Item = &Amendment> {
        self.amendments.iter().filter(|a| {
            matches!(
                a.status,
                AmendmentStatus::Accepted | AmendmentStatus::Applied
            )
        })
    }
}

impl Amendment {
    /// What the plan says now and what is proposed, in words for a notice or a table: a new
    /// item says "(new)", a removal "Remove it", a change in words only its proposal.
    pub fn wording(&self) -> (String, String) {
        match self.change {
            ChangeKind::Add => ("(new)".into(), self.after.clone()),
            ChangeKind::Remove => (self.before.clone(), "Remove it".into()),
            ChangeKind::Reword => (self.before.clone(), self.after.clone()),
            ChangeKind::Unspecified => ("—".into(), self.proposal.as_str().to_string()),
        }
    }
}

impl AdviceRequest {
    /// Where this advice stands on `today`, against its due date (reg 20(4)). `None` when it
    /// has neither a due date nor has arrived, so nothing can be said.
    pub fn status(&self, today: chrono::NaiveDate) -> Option<crate::calendar::DeadlineStatus> {
        use crate::calendar::DeadlineStatus;
        match (self.due_on, self.received_on) {
            (Some(due), received) => Some(DeadlineStatus::of(due.0, received.map(|d| d.0), today)),
            (None, Some(on)) => Some(DeadlineStatus::Met {
                on: Some(on),
                days_late: 0,
            }),
            (None, None) => None,
        }
    }

    /// The tracker's status in plain words: "Arrived", "Arrived 3 days late", "Due in 5 days",
    /// "12 days late", or "No due date".
    pub fn status_words(&self, today: chrono::NaiveDate) -> String {
        use crate::calendar::DeadlineStatus::*;
        match self.status(today) {
            None => "No due date".into(),
            Some(Met { days_late: 0, .. }) => "Arrived".into(),
            Some(Met { days_late: 1, .. }) => "Arrived 1 day late".into(),
            Some(Met { days_late, .. }) => format!("Arrived {days_late} days late"),
            Some(Due { days_left: 0 }) => "Due today".into(),
            Some(Due { days_left: 1 }) => "Due tomorrow".into(),
            Some(Due { days_left }) => format!("Due in {days_left} days"),
            Some(Overdue { days_late: 1 }) => "1 day late".into(),
            Some(Overdue { days_late }) => format!("{days_late} days late"),
        }
    }
}

/// Who reg 20(2) says must be invited to a review, as roles that can fill each place.
const REQUIRED_INVITEES: [(&str, &[crate::Role]); 5] = {
    use crate::Role::*;
    [
        ("the parent or young person", &[ParentCarer, YoungPerson]),
        ("someone from the school or setting", &[Senco, Teacher]),
        ("an LA SEN officer", &[LaCaseworker]),
        ("a health professional", &[Health]),
        ("an LA social care officer", &[SocialCare]),
    ]
};

/// The invitees reg 20(2) requires that nobody involved yet covers, in plain words.
pub fn missing_invitees(doc: &crate::ReviewDocument) -> Vec<&'static str> {
    REQUIRED_INVITEES
        .iter()
        .filter(|(_, roles)| {
            !doc.participants
                .iter()
                .any(|p| !p.removed && roles.contains(&p.role))
        })
        .map(|(who, _)| *who)
        .collect()
}

/// When advice for a meeting on `meeting` is due: circulated at least 2 weeks before it
/// (reg 20(4); Code 9.174). "2 weeks" is 14 calendar days, as everywhere in the calendar.
pub fn advice_due_for(meeting: Date) -> Option<Date> {
    meeting.0.checked_sub_days(chrono::Days::new(14)).map(Date)
}
