//! Edits: every change a person makes in the workspace, as one typed value.
//!
//! The UI never sends a whole document back. It sends a [`ReviewEdit`] ("add this action",
//! "mark this person as attended"), and the engine applies it to the latest copy of the
//! document as one Automerge change. Applying it here, in pure code, means the UI, the engine
//! and the tests share one meaning for each edit, and an edit made on a stale screen still
//! lands on the newest document instead of overwriting someone else's work.
//!
//! Key types: [`ReviewEdit`], [`Topic`] (where an edit lands, for history and undo), and
//! [`Poster`] / [`Column`] (the person-centred record's lists).
//!
//! Items are added by sending them with an empty `id`; [`ReviewEdit::apply`] gives them a
//! fresh one from the caller's generator, so this crate stays free of randomness.
//!
//! ```
//! use northstar_schema::edit::{ReviewEdit, Poster};
//! use northstar_schema::{ReviewDocument, YoungPerson, Entry};
//! let mut doc = ReviewDocument::new("d1", YoungPerson { given_name: "Ayo".into(), ..Default::default() });
//! let mut ids = (1..).map(|n| format!("id-{n}"));
//! let mut next = || ids.next().unwrap();
//! ReviewEdit::StartReview { meeting_date: None }.apply(&mut doc, &mut next).unwrap();
//! let review_id = doc.reviews[0].id.clone();
//! let add = ReviewEdit::UpsertEntry {
//!     review_id, poster: Poster::LikeAndAdmire,
//!     entry: Entry { text: "Always kind to younger children".into(), ..Default::default() },
//! };
//! add.apply(&mut doc, &mut next).unwrap();
//! assert_eq!(doc.reviews[0].record.like_and_admire[0].text.as_str(), "Always kind to younger children");
//! ```

mod amend;
mod apply;
mod describe;
mod year;

pub use amend::compare_plans;
pub use amend::Difference;
pub use year::{apply_issue_step, describe_issue_step, issue_steps, IssueStep};

use crate::{Action, Outcome};
use crate::{
    AdviceListing, AdviceRequest, Amendment, Aspiration, AttendanceStatus, Contribution, Date,
    Disagreement, Entry, InterpreterAtMeeting, Need, OutcomeProgress, Participant,
    PerspectiveEntry, PhaseTransfer, PlanDecision, PlanSection, Provision, Recommendation,
    Representation, SectionI, YoungPerson,
};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// One poster of the person-centred record that holds plain entries.
    pub enum Poster default LikeAndAdmire {
        LikeAndAdmire => "like-and-admire", "What we like and admire";
        ImportantToNow => "important-to-now", "Important to them now";
        ImportantToFuture => "important-to-future", "Important to them for the future";
        ImportantForNow => "important-for-now", "Important for them now";
        ImportantForFuture => "important-for-future", "Important for them for the future";
        SupportNeeded => "support-needed", "Support to stay healthy and safe and do well";
        Questions => "questions", "Questions to answer and issues we are struggling with";
    }
}

vocabulary! {
    /// The two halves of the "working / not working" poster.
    pub enum Column default Working {
        Working => "working", "What is working";
        NotWorking => "not-working", "What is not working";
    }
}

vocabulary! {
    /// Where an edit lands. History is grouped by it, and the workspace's sections use the
    /// same names, so "who changed Actions" reads the same in both places.
    pub enum Topic default Details {
        WhoIsHere => "who-is-here", "Who is here";
        LikeAndAdmire => "like-and-admire", "Like and admire";
        Important => "important", "Important to and for";
        Working => "working", "Working and not working";
        Questions => "questions", "Questions";
        Progress => "progress", "Progress on outcomes";
        Actions => "actions", "Actions";
        Disagreements => "disagreements", "Disagreements";
        Amendments => "amendments", "Proposed amendments";
        Recommendation => "recommendation", "Recommendation";
        Advice => "advice", "Advice and contributions";
        YoungPersonSpace => "young-person-space", "Young person's space";
        PlanA => "plan-a", "Plan section A";
        PlanB => "plan-b", "Plan section B";
        PlanC => "plan-c", "Plan section C";
        PlanD => "plan-d", "Plan section D";
        PlanE => "plan-e", "Plan section E";
        PlanF => "plan-f", "Plan section F";
        PlanG => "plan-g", "Plan section G";
        PlanH1 => "plan-h1", "Plan section H1";
        PlanH2 => "plan-h2", "Plan section H2";
        PlanI => "plan-i", "Plan section I";
        PlanJ => "plan-j", "Plan section J";
        PlanK => "plan-k", "Plan section K";
        Details => "details", "Child's details";
        Report => "report", "The review report";
        Decision => "decision", "The LA's decision";
        Representations => "representations", "The family's representations";
        PlanIssued => "plan-issued", "Issued plans";
    }
}

impl Topic {
    /// The sections of the review meeting, in the order the meeting takes them.
    pub const MEETING: [Topic; 10] = [
        Topic::WhoIsHere,
        Topic::LikeAndAdmire,
        Topic::Important,
        Topic::Working,
        Topic::Questions,
        Topic::Progress,
        Topic::Actions,
        Topic::Disagreements,
        Topic::Amendments,
        Topic::Recommendation,
    ];

    /// The history topic of a plan section.
    pub fn of_section(section: PlanSection) -> Topic {
        match section {
            PlanSection::A => Topic::PlanA,
            PlanSection::B => Topic::PlanB,
            PlanSection::C => Topic::PlanC,
            PlanSection::D => Topic::PlanD,
            PlanSection::E => Topic::PlanE,
            PlanSection::F => Topic::PlanF,
            PlanSection::G => Topic::PlanG,
            PlanSection::H1 => Topic::PlanH1,
            PlanSection::H2 => Topic::PlanH2,
            PlanSection::I => Topic::PlanI,
            PlanSection::J => Topic::PlanJ,
            PlanSection::K => Topic::PlanK,
        }
    }
}

impl Poster {
    /// The entries on this poster in `review`.
    pub fn entries(self, review: &crate::AnnualReview) -> &[Entry] {
        let r = &review.record;
        match self {
            Poster::LikeAndAdmire => &r.like_and_admire,
            Poster::ImportantToNow => &r.important_to_now,
            Poster::ImportantToFuture => &r.important_to_future,
            Poster::ImportantForNow => &r.important_for_now,
            Poster::ImportantForFuture => &r.important_for_future,
            Poster::SupportNeeded => &r.support_needed,
            Poster::Questions => &r.questions,
        }
    }

    /// The meeting section a poster is shown in.
    pub fn topic(self) -> Topic {
        match self {
            Poster::LikeAndAdmire => Topic::LikeAndAdmire,
            Poster::Questions => Topic::Questions,
            _ => Topic::Important,
        }
    }
}

impl Column {
    /// The entries in this column of `review`'s "working / not working" poster.
    pub fn entries(self, review: &crate::AnnualReview) -> &[PerspectiveEntry] {
        match self {
            Column::Working => &review.record.working,
            Column::NotWorking => &review.record.not_working,
        }
    }
}

/// Which free-text part of Section A an edit sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ViewsField {
    YoungPerson,
    Parent,
    Interests,
}

/// One change a person makes. Item-shaped variants replace the item with the same id, or add
/// it (with a fresh id) when its id is empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "edit", rename_all = "kebab-case")]
pub enum ReviewEdit {
    // The child and the people around them.
    SetYoungPerson {
        young_person: YoungPerson,
    },
    /// Adds or changes someone; a new person is also invited to the current review.
    UpsertParticipant {
        participant: Participant,
    },
    /// Someone is no longer involved. They stay named in past reviews they took part in, and
    /// are not invited to later ones.
    RemoveParticipant {
        id: String,
    },

    // The review meeting.
    /// Opens a new annual review, inviting everyone already involved.
    StartReview {
        meeting_date: Option<Date>,
    },
    SetMeetingDate {
        review_id: String,
        date: Option<Date>,
    },
    SetAttendance {
        review_id: String,
        participant_id: String,
        status: AttendanceStatus,
    },
    /// Whether the family's interpreter was at the meeting.
    SetInterpreter {
        review_id: String,
        interpreter: Option<InterpreterAtMeeting>,
    },
    UpsertEntry {
        review_id: String,
        poster: Poster,
        entry: Entry,
    },
    RemoveEntry {
        review_id: String,
        poster: Poster,
        id: String,
    },
    UpsertPerspective {
        review_id: String,
        column: Column,
        entry: PerspectiveEntry,
    },
    RemovePerspective {
        review_id: String,
        column: Column,
        id: String,
    },
    UpsertProgress {
        review_id: String,
        progress: OutcomeProgress,
    },
    SetPfaDiscussed {
        review_id: String,
        discussed: bool,
    },
    UpsertAction {
        review_id: String,
        action: Action,
    },
    RemoveAction {
        review_id: String,
        id: String,
    },
    UpsertDisagreement {
        review_id: String,
        disagreement: Disagreement,
    },
    RemoveDisagreement {
        review_id: String,
        id: String,
    },
    UpsertAmendment {
        review_id: String,
        amendment: Amendment,
    },
    RemoveAmendment {
        review_id: String,
        id: String,
    },
    SetRecommendation {
        review_id: String,
        recommendation: Option<Recommendation>,
    },
    UpsertAdvice {
        review_id: String,
        advice: AdviceRequest,
    },
    RemoveAdvice {
        review_id: String,
        id: String,
    },

    // The plan, sections A–K.
    SetViews {
        field: ViewsField,
        text: String,
    },
    SetInOwnWords {
        in_own_words: bool,
    },
    UpsertAspiration {
        aspiration: Aspiration,
    },
    RemoveAspiration {
        id: String,
    },
    /// `section` is B, C or D. A need already in another of them moves.
    UpsertNeed {
        section: PlanSection,
        need: Need,
    },
    RemoveNeed {
        id: String,
    },
    UpsertOutcome {
        outcome: Outcome,
    },
    RemoveOutcome {
        id: String,
    },
    /// `section` is F, G, H1 or H2. Provision already in another of them moves.
    UpsertProvision {
        section: PlanSection,
        provision: Provision,
    },
    RemoveProvision {
        id: String,
    },
    SetPlacement {
        placement: SectionI,
    },
    SetBudgetSummary {
        text: String,
    },
    UpsertAdviceListing {
        listing: AdviceListing,
    },
    RemoveAdviceListing {
        id: String,
    },

    /// Records (or clears) a phase transfer the plan must be amended for (reg 18).
    SetTransfer {
        transfer: Option<PhaseTransfer>,
    },

    // After the meeting: the rest of the statutory year (regs 20(7)–22).
    /// The school's report of the meeting went to these people on this day (reg 20(7)).
    SendReport {
        review_id: String,
        sent_on: Date,
        recipient_ids: Vec<String>,
    },
    /// The LA's decision to maintain, amend or cease (reg 20(10)); LA caseworker only.
    RecordDecision {
        review_id: String,
        decision: PlanDecision,
        decided_on: Date,
        reasons: String,
        decided_by: Option<String>,
    },
    /// The notice of proposed amendments was sent (reg 22(1)); the 15 days start.
    IssueAmendmentNotice {
        review_id: String,
        notice_on: Date,
    },
    UpsertRepresentation {
        review_id: String,
        representation: Representation,
    },
    RemoveRepresentation {
        review_id: String,
        id: String,
    },
    /// Makes every accepted amendment's change to the plan and issues it as a new, numbered
    /// issue (reg 22(3)). An amendment that can no longer be made is kept, with the reason.
    IssueAmendedPlan {
        review_id: String,
        issued_on: Date,
    },
    /// The plan stops being maintained on this day (s45); it is kept read-only.
    CeasePlan {
        review_id: String,
        ceased_on: Date,
    },

    // The young person's own space.
    UpsertContribution {
        contribution: Contribution,
    },
    RemoveContribution {
        id: String,
    },
}

impl ReviewEdit {
    /// Where the edit lands, for history and for grouping undo steps.
    pub fn topic(&self) -> Topic {
        use ReviewEdit::*;
        match self {
            SetYoungPerson { .. } => Topic::Details,
            UpsertParticipant { .. }
            | RemoveParticipant { .. }
            | StartReview { .. }
            | SetMeetingDate { .. }
            | SetAttendance { .. }
            | SetInterpreter { .. } => Topic::WhoIsHere,
            UpsertEntry { poster, .. } | RemoveEntry { poster, .. } => poster.topic(),
            UpsertPerspective { .. } | RemovePerspective { .. } => Topic::Working,
            UpsertProgress { .. } | SetPfaDiscussed { .. } => Topic::Progress,
            UpsertAction { .. } | RemoveAction { .. } => Topic::Actions,
            UpsertDisagreement { .. } | RemoveDisagreement { .. } => Topic::Disagreements,
            UpsertAmendment { .. } | RemoveAmendment { .. } => Topic::Amendments,
            SetRecommendation { .. } => Topic::Recommendation,
            UpsertAdvice { .. } | RemoveAdvice { .. } => Topic::Advice,
            SetViews { .. }
            | SetInOwnWords { .. }
            | UpsertAspiration { .. }
            | RemoveAspiration { .. } => Topic::PlanA,
            UpsertNeed { section, .. } | UpsertProvision { section, .. } => {
                Topic::of_section(*section)
            }
            // A removal's section is only known from the document; history reads it from the
            // message, so the plan's general topic is close enough for grouping.
            RemoveNeed { .. } => Topic::PlanB,
            UpsertOutcome { .. } | RemoveOutcome { .. } => Topic::PlanE,
            RemoveProvision { .. } => Topic::PlanF,
            SetPlacement { .. } => Topic::PlanI,
            SetBudgetSummary { .. } => Topic::PlanJ,
            UpsertAdviceListing { .. } | RemoveAdviceListing { .. } => Topic::PlanK,
            UpsertContribution { .. } | RemoveContribution { .. } => Topic::YoungPersonSpace,
            SetTransfer { .. } => Topic::PlanI,
            SendReport { .. } => Topic::Report,
            RecordDecision { .. } | IssueAmendmentNotice { .. } | CeasePlan { .. } => {
                Topic::Decision
            }
            UpsertRepresentation { .. } | RemoveRepresentation { .. } => Topic::Representations,
            IssueAmendedPlan { .. } => Topic::PlanIssued,
        }
    }

    /// Whether only the LA caseworker may make this edit: the decision and what follows from
    /// it (reg 20(10), 22; s45). The permission table says the same for shared copies.
    pub fn la_only(&self) -> bool {
        matches!(
            self,
            ReviewEdit::RecordDecision { .. }
                | ReviewEdit::IssueAmendmentNotice { .. }
                | ReviewEdit::IssueAmendedPlan { .. }
                | ReviewEdit::CeasePlan { .. }
        )
    }

    /// Edits with the same key, one after another, are one step for undo: typing a sentence
    /// into one box saves several times but should undo in one go. `None` never merges.
    pub fn undo_key(&self) -> Option<String> {
        use ReviewEdit::*;
        let item = |kind: &str, id: &str| (!id.is_empty()).then(|| format!("{kind}:{id}"));
        match self {
            SetYoungPerson { .. } => Some("young-person".into()),
            UpsertEntry { entry, .. } => item("entry", &entry.id),
            UpsertPerspective { entry, .. } => item("perspective", &entry.id),
            UpsertProgress { progress, .. } => item("progress", &progress.outcome_id),
            UpsertAction { action, .. } => item("action", &action.id),
            UpsertDisagreement { disagreement, .. } => item("disagreement", &disagreement.id),
            UpsertAmendment { amendment, .. } => item("amendment", &amendment.id),
            SetRecommendation { review_id, .. } => item("recommendation", review_id),
            UpsertAdvice { advice, .. } => item("advice", &advice.id),
            SetViews { field, .. } => Some(format!("views:{field:?}")),
            SetBudgetSummary { .. } => Some("budget".into()),
            UpsertAspiration { aspiration } => item("aspiration", &aspiration.id),
            UpsertNeed { need, .. } => item("need", &need.id),
            UpsertOutcome { outcome } => item("outcome", &outcome.id),
            UpsertProvision { provision, .. } => item("provision", &provision.id),
            UpsertAdviceListing { listing } => item("listing", &listing.id),
            UpsertContribution { contribution } => item("contribution", &contribution.id),
            UpsertRepresentation { representation, .. } => {
                item("representation", &representation.id)
            }
            _ => None,
        }
    }
}
