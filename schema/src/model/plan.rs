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

/// One item of a plan section, as amendments and comparisons of issues see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// The item's id, or a fixed name for a section-level field ("placement", "summary").
    pub id: String,
    /// What kind of item, in plain words: "Outcome", "Provision".
    pub what: &'static str,
    /// The words an amendment rewords: an outcome's text, a provision's description.
    pub text: String,
    /// Everything the plan says about it, for comparing two issues.
    pub detail: String,
}

/// The section-level fields of A, I and J, which amendments address with no item id.
pub const SECTION_FIELD: &str = "section";

impl Plan {
    /// The items of one section, in plan order. Sections I and J have one section-level item
    /// (id [`SECTION_FIELD`]); Section A lists the views before the aspirations.
    pub fn items(&self, section: PlanSection) -> Vec<PlanItem> {
        let item = |id: &str, what, text: &str, detail: String| PlanItem {
            id: id.to_string(),
            what,
            text: text.to_string(),
            detail,
        };
        let needs = |s: &NeedSection| {
            s.needs
                .iter()
                .map(|n| {
                    let area = n
                        .area
                        .map(|a| format!(" ({})", a.label()))
                        .unwrap_or_default();
                    item(
                        &n.id,
                        "Need",
                        n.description.as_str(),
                        format!("{}{area}", n.description.as_str()),
                    )
                })
                .collect()
        };
        let provisions = |s: &ProvisionSection| {
            s.provisions
                .iter()
                .map(|p| {
                    let facts: Vec<&str> = [
                        p.provider.as_str(),
                        p.frequency.as_str(),
                        p.duration.as_str(),
                    ]
                    .into_iter()
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .collect();
                    let detail = if facts.is_empty() {
                        p.description.as_str().to_string()
                    } else {
                        format!("{} ({})", p.description.as_str(), facts.join("; "))
                    };
                    item(&p.id, "Provision", p.description.as_str(), detail)
                })
                .collect()
        };
        match section {
            PlanSection::A => {
                let a = &self.section_a;
                let mut out = Vec::new();
                for (id, what, text) in [
                    (
                        "young-person-views",
                        "The young person's views",
                        &a.young_person_views,
                    ),
                    ("parent-views", "The parents' views", &a.parent_views),
                    ("interests", "Interests", &a.interests),
                ] {
                    if !text.as_str().trim().is_empty() {
                        out.push(item(id, what, text.as_str(), text.as_str().to_string()));
                    }
                }
                out.extend(a.aspirations.iter().map(|x| {
                    item(
                        &x.id,
                        "Aspiration",
                        x.text.as_str(),
                        x.text.as_str().to_string(),
                    )
                }));
                out
            }
            PlanSection::B => needs(&self.section_b),
            PlanSection::C => needs(&self.section_c),
            PlanSection::D => needs(&self.section_d),
            PlanSection::E => self
                .section_e
                .outcomes
                .iter()
                .map(|o| {
                    let by = o
                        .time_frame
                        .by
                        .map(|d| format!(" (by {d})"))
                        .unwrap_or_default();
                    item(
                        &o.id,
                        "Outcome",
                        o.text.as_str(),
                        format!("{}{by}", o.text.as_str()),
                    )
                })
                .collect(),
            PlanSection::F => provisions(&self.section_f),
            PlanSection::G => provisions(&self.section_g),
            PlanSection::H1 => provisions(&self.section_h1),
            PlanSection::H2 => provisions(&self.section_h2),
            PlanSection::I => {
                let i = &self.section_i;
                let name = i.setting_name.clone().unwrap_or_default();
                let detail = match i.setting_type.as_deref().filter(|t| !t.trim().is_empty()) {
                    Some(t) if !name.trim().is_empty() => format!("{name} ({t})"),
                    Some(t) => t.to_string(),
                    None => name.clone(),
                };
                vec![item(SECTION_FIELD, "Placement", &name, detail)]
            }
            PlanSection::J => {
                let s = self.section_j.summary.as_str();
                vec![item(SECTION_FIELD, "Personal budget", s, s.to_string())]
            }
            PlanSection::K => self
                .section_k
                .advice
                .iter()
                .map(|k| {
                    let from = if k.source.trim().is_empty() {
                        String::new()
                    } else {
                        format!(" from {}", k.source.trim())
                    };
                    item(&k.id, "Advice", &k.title, format!("{}{from}", k.title))
                })
                .collect(),
        }
    }

    /// The item `id` of `section`, if it is there.
    pub fn item(&self, section: PlanSection, id: &str) -> Option<PlanItem> {
        self.items(section).into_iter().find(|i| i.id == id)
    }
}
