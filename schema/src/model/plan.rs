//! The EHC plan itself: sections A–K (SEND Regulations 2014 reg 12; Code 9.61–9.69).
//!
//! The golden thread runs aspiration (A) → need (B/C/D) → outcome (E) → provision (F/G/H).
//! Links are by stable id, so rewording an item never breaks the thread.

use crate::{CoText, Date, NeedArea, PfaDomain, PlanSection, Sen2Code, TransferKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The plan as currently issued (or drafted), one field per statutory section.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Plan {
    /// When the plan was first issued; the first review is due within 12 months of it.
    pub issued_on: Option<Date>,
    /// When the plan was last amended and reissued.
    pub last_amended_on: Option<Date>,
    pub section_a: SectionA,
    pub section_b: NeedSection,
    pub section_c: NeedSection,
    pub section_d: NeedSection,
    pub section_e: SectionE,
    pub section_f: ProvisionSection,
    pub section_g: ProvisionSection,
    pub section_h1: ProvisionSection,
    pub section_h2: ProvisionSection,
    pub section_i: SectionI,
    pub section_j: SectionJ,
    pub section_k: SectionK,
    /// A planned phase transfer, which brings the amendment deadline forward (reg 18).
    pub transfer: Option<PhaseTransfer>,
}

/// Section A: views, interests and aspirations. Aspirations are not outcomes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct SectionA {
    /// The young person's views, in their own words where they are theirs.
    pub young_person_views: CoText,
    /// True when `young_person_views` is the young person's own words, not a summary.
    pub in_own_words: bool,
    pub parent_views: CoText,
    pub interests: CoText,
    pub aspirations: Vec<Aspiration>,
}

/// A hope for the future that outcomes can point back to.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Aspiration {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub text: CoText,
    /// The young person's contribution this came from, if it did.
    pub contribution_id: Option<String>,
}

/// Sections B, C and D share a shape: a list of needs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct NeedSection {
    pub needs: Vec<Need>,
}

/// One identified need.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Need {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub area: Option<NeedArea>,
    pub sen2: Option<Sen2Code>,
    pub description: CoText,
}

/// Section E: outcomes sought, including for adult life.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct SectionE {
    pub outcomes: Vec<Outcome>,
}

/// What will be different for the young person, and by when. Must be SMART (Code 9.66).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Outcome {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub text: CoText,
    /// Needs (in B, C or D) this outcome serves.
    pub need_ids: Vec<String>,
    /// Aspirations (in A) this outcome serves.
    pub aspiration_ids: Vec<String>,
    pub pfa_domain: Option<PfaDomain>,
    pub time_frame: TimeFrame,
}

/// When an outcome should be achieved: a date, a phase end, or both.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct TimeFrame {
    pub by: Option<Date>,
    /// "End of Key Stage 2", "By the end of Year 11".
    pub label: String,
}

/// Sections F, G, H1 and H2 share a shape: a list of provision.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct ProvisionSection {
    pub provisions: Vec<Provision>,
}

/// Support to be put in place. Section F must be detailed and quantified (Code 9.69).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Provision {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    /// Outcomes (in E) this provision serves.
    pub outcome_ids: Vec<String>,
    /// Who provides it: "Speech and language therapist", "Class teaching assistant".
    pub provider: String,
    /// What is provided.
    pub description: CoText,
    /// How often: "3 sessions of 30 minutes a week".
    pub frequency: String,
    /// For how long: "Until the end of Key Stage 2".
    pub duration: String,
}

/// Section I: the placement. Left blank in a draft plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct SectionI {
    pub setting_name: Option<String>,
    pub setting_type: Option<String>,
}

/// Section J: the personal budget and what direct payments cover.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct SectionJ {
    pub summary: CoText,
    pub items: Vec<BudgetItem>,
}

/// One element of a personal budget.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct BudgetItem {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub description: String,
    /// Annual amount in pence, to avoid floating-point money.
    pub annual_amount_pence: Option<u64>,
    pub direct_payment: bool,
}

/// Section K: advice and information gathered for the plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct SectionK {
    pub advice: Vec<AdviceListing>,
}

/// One piece of advice listed in Section K.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct AdviceListing {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub source: String,
    pub title: String,
    pub dated: Option<Date>,
}

/// A phase transfer the plan must be amended for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct PhaseTransfer {
    pub kind: TransferKind,
    /// When the child starts at the new setting.
    pub moving_on: Option<Date>,
    pub destination: Option<String>,
}

/// A provision with the section it sits in.
pub struct PlacedProvision<'a> {
    pub section: PlanSection,
    pub provision: &'a Provision,
}

impl Plan {
    /// Every need in B, C and D, with its section.
    pub fn needs(&self) -> impl Iterator<Item = (PlanSection, &Need)> {
        let b = self.section_b.needs.iter().map(|n| (PlanSection::B, n));
        let c = self.section_c.needs.iter().map(|n| (PlanSection::C, n));
        let d = self.section_d.needs.iter().map(|n| (PlanSection::D, n));
        b.chain(c).chain(d)
    }

    /// Every provision in F, G, H1 and H2, with its section.
    pub fn provisions(&self) -> impl Iterator<Item = PlacedProvision<'_>> {
        [
            (PlanSection::F, &self.section_f),
            (PlanSection::G, &self.section_g),
            (PlanSection::H1, &self.section_h1),
            (PlanSection::H2, &self.section_h2),
        ]
        .into_iter()
        .flat_map(|(section, s)| {
            s.provisions
                .iter()
                .map(move |provision| PlacedProvision { section, provision })
        })
    }
}
