//! The golden thread: aspiration (A) → need (B/C/D) → outcome (E) → provision (F/G/H), and
//! the wording of each outcome and provision along it (Code 9.61–9.69).

use super::wording::{
    is_health_provider, is_social_care_provider, outcome_wording, provision_missing,
    provision_vague_phrases,
};
use super::{quote, At, Finding, Rule, Severity};
use crate::calendar::age_on;
use crate::{PlanSection, ReviewDocument};
use chrono::NaiveDate;
use std::collections::HashSet;

const SMART: &str = "Code 9.64–9.66 (outcomes SMART, usually to the end of a phase)";
const OUTCOME_NOT_PROVISION: &str = "Code 9.64–9.66 (an outcome is the benefit to the person)";
const PERSONAL: &str = "Code 9.61, 9.64 (person-centred, specific to the young person)";
const THREAD: &str = "Code 9.61, 9.69 (needs lead to outcomes and provision)";
const QUANTIFIED: &str = "SEND Regs 2014 reg 12(1)(f); Code 9.69 (detailed, specific, quantified)";
const HEALTH_IN_G: &str = "SEND Regs 2014 reg 12(1)(g); Code 9.69 (health provision in G)";
const SOCIAL_IN_H: &str = "SEND Regs 2014 reg 12(1)(h); Code 9.69 (H1 is CSDPA 1970 s2, under-18s)";

pub(super) fn check_outcomes(doc: &ReviewDocument, out: &mut Vec<Finding>) {
    let yp = &doc.young_person;
    let mut names: Vec<&str> = vec![yp.given_name.as_str()];
    if let Some(p) = yp.preferred_name.as_deref() {
        names.push(p);
    }
    let need_ids: HashSet<&str> = doc.plan.needs().map(|(_, n)| n.id.as_str()).collect();
    let aspiration_ids: HashSet<&str> = doc
        .plan
        .section_a
        .aspirations
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    for outcome in &doc.plan.section_e.outcomes {
        let at = At {
            section: Some(PlanSection::E),
            item_id: Some(&outcome.id),
            review_id: None,
        };
        let q = quote(outcome.text.as_str());
        for rule in outcome_wording(outcome, &names) {
            out.push(match rule {
                Rule::OutcomeNotTimeBound => at.finding(
                    rule,
                    Severity::Medium,
                    format!("The outcome {q} does not say by when it should be achieved."),
                    "Give it an end point, usually the end of a key stage or phase: \u{201c}By the end of Key Stage 2, …\u{201d}.",
                    SMART,
                ),
                Rule::OutcomeNotMeasurable => at.finding(
                    rule,
                    Severity::Medium,
                    format!("The outcome {q} gives no way to tell whether it has been achieved."),
                    "Say what success looks like and how often: \u{201c}in 4 out of 5 lessons\u{201d}, \u{201c}with no more than one prompt\u{201d}, \u{201c}independently\u{201d}.",
                    SMART,
                ),
                Rule::OutcomeAsProvision => at.finding(
                    rule,
                    Severity::Medium,
                    format!("The outcome {q} describes support the young person will get, not what will be different for them."),
                    "Move the support to Section F, G or H and write the outcome as what the young person will be able to do.",
                    OUTCOME_NOT_PROVISION,
                ),
                _ => at.finding(
                    Rule::OutcomeImpersonal,
                    Severity::Low,
                    format!("The outcome {q} could be written about anyone: it does not name {} or uses boilerplate.", yp.given_name.trim()),
                    format!("Write it about {} specifically, in words they and their family would recognise.", yp.given_name.trim()),
                    PERSONAL,
                ),
            });
        }
        let linked = outcome
            .need_ids
            .iter()
            .any(|id| need_ids.contains(id.as_str()))
            || outcome
                .aspiration_ids
                .iter()
                .any(|id| aspiration_ids.contains(id.as_str()));
        if !linked {
            out.push(at.finding(
                Rule::OutcomeUnlinked,
                Severity::Medium,
                format!("The outcome {q} is not linked to any need in B, C or D or to an aspiration in A."),
                "Link it to the need it meets and the aspiration it serves, or remove it.",
                THREAD,
            ));
        }
    }
}

pub(super) fn check_provision(doc: &ReviewDocument, today: NaiveDate, out: &mut Vec<Finding>) {
    let outcome_ids: HashSet<&str> = doc
        .plan
        .section_e
        .outcomes
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    let adult = doc
        .young_person
        .date_of_birth
        .and_then(|dob| age_on(dob.0, today))
        .is_some_and(|age| age >= 18);
    for placed in doc.plan.provisions() {
        let p = placed.provision;
        let at = At {
            section: Some(placed.section),
            item_id: Some(&p.id),
            review_id: None,
        };
        let q = quote(p.description.as_str());
        let missing = provision_missing(p);
        if !missing.is_empty() {
            // Section F is the enforceable one, so a gap there matters most.
            let severity = if placed.section == PlanSection::F {
                Severity::Medium
            } else {
                Severity::Low
            };
            out.push(at.finding(
                Rule::ProvisionNotQuantified,
                severity,
                format!("The provision {q} does not say {}.", and_join(&missing, "or")),
                "Say who provides it (role and expertise), how often and for how long: \u{201c}Speech and language therapist, 1 × 30-minute session a week, until July 2027\u{201d}.",
                QUANTIFIED,
            ));
        }
        let vague = provision_vague_phrases(p);
        if !vague.is_empty() {
            let phrases: Vec<String> = vague
                .iter()
                .map(|v| format!("\u{201c}{}\u{201d}", v.trim()))
                .collect();
            out.push(at.finding(
                Rule::ProvisionVague,
                Severity::Medium,
                format!("The provision {q} uses {}, which lets the amount of support shrink to nothing.", and_join(&phrases, "and")),
                "Replace it with a definite amount: what, how often, for how long and by whom.",
                QUANTIFIED,
            ));
        }
        if !p
            .outcome_ids
            .iter()
            .any(|id| outcome_ids.contains(id.as_str()))
        {
            out.push(at.finding(
                Rule::ProvisionUnlinked,
                Severity::Low,
                format!("The provision {q} is not linked to any outcome in Section E."),
                "Link it to the outcome it helps achieve, so everyone can see why it is there.",
                THREAD,
            ));
        }
        let wrong = match placed.section {
            PlanSection::F | PlanSection::H1 | PlanSection::H2 if is_health_provider(p) => Some((
                format!("The provision {q} is health care ({}) but sits in Section {}.", p.provider.trim(), placed.section.as_str()),
                "Move it to Section G, unless it educates or trains the young person (then it is special educational provision and stays in F).",
                HEALTH_IN_G,
            )),
            PlanSection::F | PlanSection::G if is_social_care_provider(p) => Some((
                format!("The provision {q} is social care ({}) but sits in Section {}.", p.provider.trim(), placed.section.as_str()),
                "Move it to Section H1 (under-18s, CSDPA 1970 s2) or H2 (other social care).",
                SOCIAL_IN_H,
            )),
            PlanSection::H1 if adult => Some((
                format!("The provision {q} is in Section H1, which covers only under-18s, but the young person is 18 or over."),
                "Move it to Section H2 (social care under the Care Act 2014 for adults).",
                SOCIAL_IN_H,
            )),
            _ => None,
        };
        if let Some((message, suggestion, citation)) = wrong {
            out.push(at.finding(
                Rule::ProvisionWrongSection,
                Severity::Medium,
                message,
                suggestion,
                citation,
            ));
        }
    }
}

pub(super) fn check_needs(doc: &ReviewDocument, out: &mut Vec<Finding>) {
    let plan = &doc.plan;
    for (section, need) in plan.needs() {
        let outcomes: Vec<&str> = plan
            .section_e
            .outcomes
            .iter()
            .filter(|o| o.need_ids.contains(&need.id))
            .map(|o| o.id.as_str())
            .collect();
        let at = At {
            section: Some(section),
            item_id: Some(&need.id),
            review_id: None,
        };
        let q = quote(need.description.as_str());
        let (targets, where_) = match section {
            PlanSection::C => (&[PlanSection::G][..], "Section G (health provision)"),
            PlanSection::D => (
                &[PlanSection::H1, PlanSection::H2][..],
                "Section H1 or H2 (social care provision)",
            ),
            _ => (
                &[PlanSection::F][..],
                "Section F (special educational provision)",
            ),
        };
        let kind = match section {
            PlanSection::C => "health need",
            PlanSection::D => "social care need",
            _ => "need",
        };
        if outcomes.is_empty() {
            out.push(at.finding(
                Rule::NeedWithoutOutcome,
                Severity::Medium,
                format!("The {kind} {q} in Section {} has no outcome in Section E.", section.as_str()),
                "Add an outcome that says what will be different for the young person once this need is met.",
                THREAD,
            ));
        }
        let provided = plan.provisions().any(|p| {
            targets.contains(&p.section)
                && p.provision
                    .outcome_ids
                    .iter()
                    .any(|id| outcomes.contains(&id.as_str()))
        });
        if !provided {
            // A health or social care need with nothing in G or H is the gap inspections find
            // most often, and nobody is legally bound to meet it.
            let severity = if section == PlanSection::B {
                Severity::Medium
            } else {
                Severity::High
            };
            out.push(at.finding(
                Rule::NeedWithoutProvision,
                severity,
                format!("The {kind} {q} in Section {} leads to no provision in {where_} through an outcome.", section.as_str()),
                format!("Add provision to {where_} and link it to an outcome for this need."),
                THREAD,
            ));
        }
    }
}

fn and_join<S: AsRef<str>>(items: &[S], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} {conjunction} {}",
            rest.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}
