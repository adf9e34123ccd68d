//! The golden thread: aspiration (A) → need (B/C/D) → outcome (E) → provision (F/G/H).
//!
//! [`Thread::from`] follows the links from one selected item to everything it is tied to, so
//! the plan view can show "this need leads to these outcomes and this provision". [`Gaps`]
//! names the items with a broken thread, so they can be made obvious.
//!
//! ```
//! use northstar_schema::thread::{Thread, Link};
//! use northstar_schema::{Plan, Need, Outcome, Provision};
//! let mut plan = Plan::default();
//! plan.section_b.needs.push(Need { id: "n1".into(), ..Default::default() });
//! plan.section_e.outcomes.push(Outcome { id: "o1".into(), need_ids: vec!["n1".into()], ..Default::default() });
//! plan.section_f.provisions.push(Provision { id: "p1".into(), outcome_ids: vec!["o1".into()], ..Default::default() });
//! let thread = Thread::from(&plan, &Link::Need("n1".into()));
//! assert_eq!(thread.outcomes, ["o1"]);
//! assert_eq!(thread.provisions, ["p1"]);
//! ```

use crate::Plan;
use serde::{Deserialize, Serialize};

/// One item on the thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Link {
    Aspiration(String),
    Need(String),
    Outcome(String),
    Provision(String),
}

impl Link {
    pub fn id(&self) -> &str {
        match self {
            Link::Aspiration(id) | Link::Need(id) | Link::Outcome(id) | Link::Provision(id) => id,
        }
    }
}

/// Everything tied to a selected item, as ids in plan order (the selected item included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub aspirations: Vec<String>,
    pub needs: Vec<String>,
    pub outcomes: Vec<String>,
    pub provisions: Vec<String>,
}

impl Thread {
    /// Follows the links from `selected` through the outcomes it touches. Ids that point at
    /// nothing are left out, so the thread only ever names items that exist.
    pub fn from(plan: &Plan, selected: &Link) -> Thread {
        let outcomes = &plan.section_e.outcomes;
        let through: Vec<&crate::Outcome> = match selected {
            Link::Outcome(id) => outcomes.iter().filter(|o| o.id == *id).collect(),
            Link::Need(id) => outcomes
                .iter()
                .filter(|o| o.need_ids.contains(id))
                .collect(),
            Link::Aspiration(id) => outcomes
                .iter()
                .filter(|o| o.aspiration_ids.contains(id))
                .collect(),
            Link::Provision(id) => {
                let linked: Vec<&String> = plan
                    .provisions()
                    .filter(|p| p.provision.id == *id)
                    .flat_map(|p| p.provision.outcome_ids.iter())
                    .collect();
                outcomes
                    .iter()
                    .filter(|o| linked.contains(&&o.id))
                    .collect()
            }
        };
        let on = |pred: &dyn Fn(&crate::Outcome) -> bool| through.iter().any(|o| pred(o));
        let keep_selected = |kind: fn(&str) -> Link, id: &str| kind(id) == *selected;
        Thread {
            aspirations: plan
                .section_a
                .aspirations
                .iter()
                .filter(|a| {
                    keep_selected(|i| Link::Aspiration(i.into()), &a.id)
                        || on(&|o| o.aspiration_ids.contains(&a.id))
                })
                .map(|a| a.id.clone())
                .collect(),
            needs: plan
                .needs()
                .filter(|(_, n)| {
                    keep_selected(|i| Link::Need(i.into()), &n.id)
                        || on(&|o| o.need_ids.contains(&n.id))
                })
                .map(|(_, n)| n.id.clone())
                .collect(),
            outcomes: through.iter().map(|o| o.id.clone()).collect(),
            provisions: plan
                .provisions()
                .filter(|p| {
                    keep_selected(|i| Link::Provision(i.into()), &p.provision.id)
                        || p.provision
                            .outcome_ids
                            .iter()
                            .any(|id| through.iter().any(|o| o.id == *id))
                })
                .map(|p| p.provision.id.clone())
                .collect(),
        }
    }

    /// Whether `id` is on the thread (in any column).
    pub fn contains(&self, id: &str) -> bool {
        [
            &self.aspirations,
            &self.needs,
            &self.outcomes,
            &self.provisions,
        ]
        .iter()
        .any(|ids| ids.iter().any(|i| i == id))
    }
}

/// Where the thread is broken, item by item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gaps {
    /// Needs that no outcome serves.
    pub needs_without_outcome: Vec<String>,
    /// Outcomes tied to no need and no aspiration.
    pub outcomes_without_source: Vec<String>,
    /// Outcomes no provision serves.
    pub outcomes_without_provision: Vec<String>,
    /// Provision tied to no outcome.
    pub provisions_without_outcome: Vec<String>,
}

impl Gaps {
    pub fn of(plan: &Plan) -> Gaps {
        let outcomes = &plan.section_e.outcomes;
        let exists = |id: &String| outcomes.iter().any(|o| o.id == *id);
        Gaps {
            needs_without_outcome: plan
                .needs()
                .filter(|(_, n)| !outcomes.iter().any(|o| o.need_ids.contains(&n.id)))
                .map(|(_, n)| n.id.clone())
                .collect(),
            outcomes_without_source: outcomes
                .iter()
                .filter(|o| {
                    !o.need_ids
                        .iter()
                        .any(|id| plan.needs().any(|(_, n)| n.id == *id))
                        && !o
                            .aspiration_ids
                            .iter()
                            .any(|id| plan.section_a.aspirations.iter().any(|a| a.id == *id))
                })
                .map(|o| o.id.clone())
                .collect(),
            outcomes_without_provision: outcomes
                .iter()
                .filter(|o| {
                    !plan
                        .provisions()
                        .any(|p| p.provision.outcome_ids.contains(&o.id))
                })
                .map(|o| o.id.clone())
                .collect(),
            provisions_without_outcome: plan
                .provisions()
                .filter(|p| !p.provision.outcome_ids.iter().any(exists))
                .map(|p| p.provision.id.clone())
                .collect(),
        }
    }

    /// Whether `id` has any gap, for marking it on screen.
    pub fn has(&self, id: &str) -> bool {
        [
            &self.needs_without_outcome,
            &self.outcomes_without_source,
            &self.outcomes_without_provision,
            &self.provisions_without_outcome,
        ]
        .iter()
        .any(|ids| ids.iter().any(|i| i == id))
    }
}
