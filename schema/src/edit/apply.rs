//! What each [`ReviewEdit`] does to a document.

use super::{Column, Poster, ReviewEdit, ViewsField};
use crate::{Action, Agency, Role};
use crate::{
    AdviceListing, AdviceRequest, Amendment, AmendmentStatus, AnnualReview, Aspiration, Attendance,
    AttendanceStatus, Contribution, Date, Disagreement, Entry, Need, NeedSection, Outcome,
    OutcomeProgress, Participant, PerspectiveEntry, Plan, PlanSection, Provision, ProvisionSection,
    ReviewDocument, SchemaError,
};

/// List items with a stable id.
trait Keyed {
    const WHAT: &'static str;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
}

macro_rules! keyed {
    ($($ty:ty => $field:ident, $what:literal;)*) => {$(
        impl Keyed for $ty {
            const WHAT: &'static str = $what;
            fn id(&self) -> &str { &self.$field }
            fn set_id(&mut self, id: String) { self.$field = id; }
        }
    )*};
}

keyed! {
    Entry => id, "entry";
    PerspectiveEntry => id, "entry";
    Action => id, "action";
    Disagreement => id, "disagreement";
    AdviceRequest => id, "advice request";
    Amendment => id, "amendment";
    Aspiration => id, "aspiration";
    Need => id, "need";
    Outcome => id, "outcome";
    Provision => id, "provision";
    AdviceListing => id, "advice listing";
    Contribution => id, "contribution";
    Participant => id, "person";
    crate::Representation => id, "representation";
    OutcomeProgress => outcome_id, "progress note";
}

/// Replaces the item with the same id, or appends it, giving it a fresh id if it has none.
fn upsert<T: Keyed>(list: &mut Vec<T>, mut item: T, new_id: &mut dyn FnMut() -> String) {
    if item.id().trim().is_empty() {
        item.set_id(new_id());
        list.push(item);
        return;
    }
    match list.iter_mut().find(|x| x.id() == item.id()) {
        Some(slot) => *slot = item,
        None => list.push(item),
    }
}

fn remove<T: Keyed>(list: &mut Vec<T>, id: &str) -> Result<T, SchemaError> {
    let index = list
        .iter()
        .position(|x| x.id() == id)
        .ok_or_else(|| gone(T::WHAT))?;
    Ok(list.remove(index))
}

/// The plain words for an item that is no longer there, usually because someone else removed it.
fn gone(what: &str) -> SchemaError {
    SchemaError::NotFound(format!(
        "that {what} is no longer in this review; someone may have removed it"
    ))
}

fn review<'a>(doc: &'a mut ReviewDocument, id: &str) -> Result<&'a mut AnnualReview, SchemaError> {
    doc.reviews
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| gone("annual review"))
}

fn poster(review: &mut AnnualReview, poster: Poster) -> &mut Vec<Entry> {
    let r = &mut review.record;
    match poster {
        Poster::LikeAndAdmire => &mut r.like_and_admire,
        Poster::ImportantToNow => &mut r.important_to_now,
        Poster::ImportantToFuture => &mut r.important_to_future,
        Poster::ImportantForNow => &mut r.important_for_now,
        Poster::ImportantForFuture => &mut r.important_for_future,
        Poster::SupportNeeded => &mut r.support_needed,
        Poster::Questions => &mut r.questions,
    }
}

fn column(review: &mut AnnualReview, column: Column) -> &mut Vec<PerspectiveEntry> {
    match column {
        Column::Working => &mut review.record.working,
        Column::NotWorking => &mut review.record.not_working,
    }
}

fn need_section(plan: &mut Plan, section: PlanSection) -> Result<&mut NeedSection, SchemaError> {
    match section {
        PlanSection::B => Ok(&mut plan.section_b),
        PlanSection::C => Ok(&mut plan.section_c),
        PlanSection::D => Ok(&mut plan.section_d),
        other => Err(SchemaError::Invalid(format!(
            "needs belong in sections B, C or D, not {}",
            other.as_str()
        ))),
    }
}

fn provision_section(
    plan: &mut Plan,
    section: PlanSection,
) -> Result<&mut ProvisionSection, SchemaError> {
    match section {
        PlanSection::F => Ok(&mut plan.section_f),
        PlanSection::G => Ok(&mut plan.section_g),
        PlanSection::H1 => Ok(&mut plan.section_h1),
        PlanSection::H2 => Ok(&mut plan.section_h2),
        other => Err(SchemaError::Invalid(format!(
            "provision belongs in sections F, G, H1 or H2, not {}",
            other.as_str()
        ))),
    }
}

/// The advice a review asks for by default: one request per professional already involved,
/// due two weeks before the meeting (reg 20(4)).
fn default_advice(doc: &ReviewDocument, meeting: Option<Date>) -> Vec<AdviceRequest> {
    let due_on = meeting.and_then(crate::advice_due_for);
    let mut agencies: Vec<(Agency, Option<String>)> = Vec::new();
    for p in doc.participants.iter().filter(|p| !p.removed) {
        let agency = match p.role {
            Role::Health => Agency::Health,
            Role::SocialCare => Agency::SocialCare,
            Role::EducationalPsychologist => Agency::EducationalPsychology,
            Role::Senco | Role::Teacher => Agency::School,
            _ => continue,
        };
        if !agencies.iter().any(|(a, _)| *a == agency) {
            agencies.push((agency, Some(p.name.clone())));
        }
    }
    agencies
        .into_iter()
        .map(|(agency, contact)| AdviceRequest {
            agency,
            contact,
            due_on,
            ..Default::default()
        })
        .collect()
}

impl ReviewEdit {
    /// Applies the edit to `doc`. Items sent with an empty id get one from `new_id`.
    ///
    /// On error `doc` may be partly changed; callers apply to a copy (the store does).
    pub fn apply(
        &self,
        doc: &mut ReviewDocument,
        new_id: &mut dyn FnMut() -> String,
    ) -> Result<(), SchemaError> {
        use ReviewEdit::*;
        if let Some((_, on)) = doc.ceased() {
            return Err(SchemaError::Refused(format!(
                "this plan ceased on {}; it is kept as it was, read-only",
                on.long()
            )));
        }
        match self.clone() {
            SetYoungPerson { young_person } => doc.young_person = young_person,
            UpsertParticipant { participant } => {
                let is_new = participant.id.trim().is_empty()
                    || !doc.participants.iter().any(|p| p.id == participant.id);
                upsert(&mut doc.participants, participant, new_id);
                if is_new {
                    let id = doc.participants.last().map(|p| p.id.clone());
                    if let (Some(review), Some(id)) = (open_review(doc), id) {
                        review.attendance.push(Attendance {
                            participant_id: id,
                            status: AttendanceStatus::Invited,
                        });
                    }
                }
            }
            StartReview { meeting_date } => {
                if open_review(doc).is_some() {
                    return Err(SchemaError::Invalid(
                        "this year's review is still open: record the LA's decision before starting another"
                            .into(),
                    ));
                }
                let attendance = doc
                    .participants
                    .iter()
                    .filter(|p| !p.removed)
                    .map(|p| Attendance {
                        participant_id: p.id.clone(),
                        status: AttendanceStatus::Invited,
                    })
                    .collect();
                let mut advice = default_advice(doc, meeting_date);
                for a in &mut advice {
                    a.id = new_id();
                }
                doc.reviews.push(AnnualReview {
                    id: new_id(),
                    meeting_date,
                    attendance,
                    advice,
                    ..Default::default()
                });
            }
            SetMeetingDate { review_id, date } => review(doc, &review_id)?.meeting_date = date,
            SetAttendance {
                review_id,
                participant_id,
                status,
            } => {
                if !doc.participants.iter().any(|p| p.id == participant_id) {
                    return Err(gone("person"));
                }
                let r = review(doc, &review_id)?;
                match r
                    .attendance
                    .iter_mut()
                    .find(|a| a.participant_id == participant_id)
                {
                    Some(a) => a.status = status,
                    None => r.attendance.push(Attendance {
                        participant_id,
                        status,
                    }),
                }
            }
            UpsertEntry {
                review_id,
                poster: p,
                entry,
            } => upsert(poster(review(doc, &review_id)?, p), entry, new_id),
            RemoveEntry {
                review_id,
                poster: p,
                id,
            } => {
                remove(poster(review(doc, &review_id)?, p), &id)?;
            }
            UpsertPerspective {
                review_id,
                column: c,
                entry,
            } => upsert(column(review(doc, &review_id)?, c), entry, new_id),
            RemovePerspective {
                review_id,
                column: c,
                id,
            } => {
                remove(column(review(doc, &review_id)?, c), &id)?;
            }
            UpsertProgress {
                review_id,
                progress,
            } => {
                if !doc
                    .plan
                    .section_e
                    .outcomes
                    .iter()
                    .any(|o| o.id == progress.outcome_id)
                {
                    return Err(gone("outcome"));
                }
                upsert(&mut review(doc, &review_id)?.progress, progress, new_id);
            }
            SetPfaDiscussed {
                review_id,
                discussed,
            } => review(doc, &review_id)?.pfa_discussed = discussed,
            SetInterpreter {
                review_id,
                interpreter,
            } => review(doc, &review_id)?.interpreter = interpreter,
            UpsertAction { review_id, action } => {
                upsert(&mut review(doc, &review_id)?.actions, action, new_id)
            }
            RemoveAction { review_id, id } => {
                remove(&mut review(doc, &review_id)?.actions, &id)?;
            }
            UpsertDisagreement {
                review_id,
                disagreement,
            } => upsert(
                &mut review(doc, &review_id)?.disagreements,
                disagreement,
                new_id,
            ),
            RemoveDisagreement { review_id, id } => {
                remove(&mut review(doc, &review_id)?.disagreements, &id)?;
            }
            UpsertAmendment {
                review_id,
                mut amendment,
            } => {
                let plan = doc.plan.clone();
                let stored = review(doc, &review_id)?
                    .amendments
                    .iter()
                    .find(|a| a.id == amendment.id)
                    .cloned();
                let was_applied = stored
                    .as_ref()
                    .is_some_and(|a| a.status == AmendmentStatus::Applied);
                if amendment.status == AmendmentStatus::Applied && !was_applied {
                    return Err(SchemaError::Refused(
                        "an amendment is applied by issuing the amended plan, which makes the change itself; accept it instead".into(),
                    ));
                }
                let same_change = stored.as_ref().is_some_and(|a| {
                    (a.change, a.section, &a.item_id, &a.after)
                        == (
                            amendment.change,
                            amendment.section,
                            &amendment.item_id,
                            &amendment.after,
                        )
                });
                if !same_change {
                    super::amend::check_proposal(&plan, &mut amendment)?;
                    // A new change deserves a new attempt.
                    amendment.not_applied = None;
                }
                upsert(&mut review(doc, &review_id)?.amendments, amendment, new_id)
            }
            RemoveAmendment { review_id, id } => {
                remove(&mut review(doc, &review_id)?.amendments, &id)?;
            }
            SetRecommendation {
                review_id,
                recommendation,
            } => review(doc, &review_id)?.recommendation = recommendation,
            UpsertAdvice { review_id, advice } => {
                upsert(&mut review(doc, &review_id)?.advice, advice, new_id)
            }
            RemoveAdvice { review_id, id } => {
                remove(&mut review(doc, &review_id)?.advice, &id)?;
            }

            SetViews { field, text } => {
                let a = &mut doc.plan.section_a;
                let slot = match field {
                    ViewsField::YoungPerson => &mut a.young_person_views,
                    ViewsField::Parent => &mut a.parent_views,
                    ViewsField::Interests => &mut a.interests,
                };
                *slot = text.into();
            }
            SetInOwnWords { in_own_words } => doc.plan.section_a.in_own_words = in_own_words,
            UpsertAspiration { aspiration } => {
                upsert(&mut doc.plan.section_a.aspirations, aspiration, new_id)
            }
            RemoveAspiration { id } => {
                remove(&mut doc.plan.section_a.aspirations, &id)?;
                for o in &mut doc.plan.section_e.outcomes {
                    o.aspiration_ids.retain(|a| *a != id);
                }
            }
            UpsertNeed { section, need } => {
                need_section(&mut doc.plan, section)?;
                for other in [PlanSection::B, PlanSection::C, PlanSection::D] {
                    if other != section {
                        need_section(&mut doc.plan, other)?
                            .needs
                            .retain(|n| need.id.is_empty() || n.id != need.id);
                    }
                }
                upsert(
                    &mut need_section(&mut doc.plan, section)?.needs,
                    need,
                    new_id,
                );
            }
            RemoveNeed { id } => {
                let plan = &mut doc.plan;
                let before = plan.needs().count();
                for s in [
                    &mut plan.section_b,
                    &mut plan.section_c,
                    &mut plan.section_d,
                ] {
                    s.needs.retain(|n| n.id != id);
                }
                if plan.needs().count() == before {
                    return Err(gone("need"));
                }
                for o in &mut plan.section_e.outcomes {
                    o.need_ids.retain(|n| *n != id);
                }
            }
            UpsertOutcome { outcome } => upsert(&mut doc.plan.section_e.outcomes, outcome, new_id),
            RemoveOutcome { id } => {
                remove(&mut doc.plan.section_e.outcomes, &id)?;
                for s in provision_sections(&mut doc.plan) {
                    for p in &mut s.provisions {
                        p.outcome_ids.retain(|o| *o != id);
                    }
                }
                for r in &mut doc.reviews {
                    r.progress.retain(|p| p.outcome_id != id);
                }
            }
            UpsertProvision { section, provision } => {
                provision_section(&mut doc.plan, section)?;
                for s in provision_sections(&mut doc.plan) {
                    s.provisions
                        .retain(|p| provision.id.is_empty() || p.id != provision.id);
                }
                upsert(
                    &mut provision_section(&mut doc.plan, section)?.provisions,
                    provision,
                    new_id,
                );
            }
            RemoveProvision { id } => {
                let before = doc.plan.provisions().count();
                for s in provision_sections(&mut doc.plan) {
                    s.provisions.retain(|p| p.id != id);
                }
                if doc.plan.provisions().count() == before {
                    return Err(gone("provision"));
                }
            }
            SetPlacement { placement } => doc.plan.section_i = placement,
            SetBudgetSummary { text } => doc.plan.section_j.summary = text.into(),
            UpsertAdviceListing { listing } => {
                upsert(&mut doc.plan.section_k.advice, listing, new_id)
            }
            RemoveAdviceListing { id } => {
                remove(&mut doc.plan.section_k.advice, &id)?;
            }

            RemoveParticipant { id } => {
                let took_part = doc.reviews.iter().any(|r| {
                    r.la_decision.is_some()
                        && r.attendance.iter().any(|a| {
                            a.participant_id == id && a.status != AttendanceStatus::Invited
                        })
                });
                if let Some(review) = open_review(doc) {
                    review.attendance.retain(|a| a.participant_id != id);
                }
                if took_part {
                    let person = doc
                        .participants
                        .iter_mut()
                        .find(|p| p.id == id)
                        .ok_or_else(|| gone("person"))?;
                    person.removed = true;
                } else {
                    remove(&mut doc.participants, &id)?;
                }
            }
            SetTransfer { transfer } => doc.plan.transfer = transfer,
            SendReport {
                review_id,
                sent_on,
                recipient_ids,
            } => super::year::send_report(doc, &review_id, sent_on, &recipient_ids)?,
            RecordDecision {
                review_id,
                decision,
                decided_on,
                reasons,
                decided_by,
            } => super::year::record_decision(
                doc, &review_id, decision, decided_on, &reasons, decided_by,
            )?,
            IssueAmendmentNotice {
                review_id,
                notice_on,
            } => super::year::issue_notice(doc, &review_id, notice_on)?,
            UpsertRepresentation {
                review_id,
                representation,
            } => {
                super::year::check_representation(doc, &review_id)?;
                upsert(
                    &mut review(doc, &review_id)?.representations,
                    representation,
                    new_id,
                )
            }
            RemoveRepresentation { review_id, id } => {
                remove(&mut review(doc, &review_id)?.representations, &id)?;
            }
            IssueAmendedPlan {
                review_id,
                issued_on,
            } => super::year::issue_amended_plan(doc, &review_id, issued_on, new_id)?,
            CeasePlan {
                review_id,
                ceased_on,
            } => super::year::cease(doc, &review_id, ceased_on)?,
            UpsertContribution { contribution } => upsert(&mut doc.voice, contribution, new_id),
            RemoveContribution { id } => {
                remove(&mut doc.voice, &id)?;
                for a in &mut doc.plan.section_a.aspirations {
                    if a.contribution_id.as_deref() == Some(id.as_str()) {
                        a.contribution_id = None;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The review still waiting for its LA decision, if any: only one is open at a time.
fn open_review(doc: &mut ReviewDocument) -> Option<&mut AnnualReview> {
    doc.reviews.last_mut().filter(|r| r.la_decision.is_none())
}

fn provision_sections(plan: &mut Plan) -> [&mut ProvisionSection; 4] {
    [
        &mut plan.section_f,
        &mut plan.section_g,
        &mut plan.section_h1,
        &mut plan.section_h2,
    ]
}
