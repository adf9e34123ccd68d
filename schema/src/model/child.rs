//! The young person the plan is about, and the people around the review.

use crate::{CoText, Date, InformationFormat, NeedArea, Role, Sen2Code, SettingKind, YearGroup};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The child or young person (0–25) the plan is for.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct YoungPerson {
    pub given_name: String,
    pub family_name: String,
    /// The name they like to be called, if different.
    pub preferred_name: Option<String>,
    pub date_of_birth: Option<Date>,
    /// The year group in the school year `year_group_school_year`; see
    /// [`YoungPerson::year_group_on`] for the year group on a given day.
    pub year_group: YearGroup,
    /// The school year (the calendar year it starts in: 2026 for 2026/27) in which
    /// `year_group` was recorded. Each 1 September moves the child up one year from it.
    /// `None` (documents from before this was kept) means `year_group` is taken as current.
    pub year_group_school_year: Option<i32>,
    /// Educated out of their chronological year group (recorded, so nobody "corrects" it).
    pub out_of_year_group: bool,
    pub setting: Setting,
    /// SEN2 need codes, primary need first.
    pub needs: Vec<NeedCode>,
    pub communication: CommunicationPreferences,
}

/// A SEN2 code with its broad area of need.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct NeedCode {
    pub code: crate::Sen2Code,
    pub area: NeedArea,
}

impl NeedCode {
    pub fn new(code: Sen2Code) -> Self {
        NeedCode {
            code,
            area: code.area(),
        }
    }
}

/// The school, college or early years setting the child attends.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Setting {
    pub name: String,
    pub kind: SettingKind,
    /// The local authority that maintains the plan.
    pub local_authority: Option<String>,
}

/// How the young person and family want to be communicated with.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct CommunicationPreferences {
    /// The family's preferred spoken or written language, in plain words ("Polish").
    pub home_language: Option<String>,
    pub interpreter_needed: bool,
    pub formats: Vec<InformationFormat>,
    /// Free text: "Likes visual timetables; give time to answer".
    pub notes: CoText,
}

impl CommunicationPreferences {
    /// "The family needs an interpreter (Polish)": the words every screen and document uses,
    /// or `None` when the family does not need one.
    pub fn interpreter_need(&self) -> Option<String> {
        if !self.interpreter_needed {
            return None;
        }
        let language = self
            .home_language
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        Some(format!("The family needs an interpreter{language}"))
    }

    /// The exported documents (by the engine's kind names) that suit these needs, each with
    /// the need it answers, in the order to offer them: the Export tab puts them first.
    pub fn suited_documents(&self) -> Vec<(&'static str, InformationFormat)> {
        let mut out = Vec::new();
        for format in &self.formats {
            let kind = match format {
                InformationFormat::EasyRead | InformationFormat::Symbols => "easy-read-profile",
                InformationFormat::LargePrint => "one-page-profile",
                _ => continue,
            };
            if !out.iter().any(|(k, _)| *k == kind) {
                out.push((kind, *format));
            }
        }
        out
    }
}

/// Someone taking part in the plan or its reviews.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(
    feature = "automerge",
    derive(autosurgeon::Reconcile, autosurgeon::Hydrate)
)]
#[serde(default)]
pub struct Participant {
    #[cfg_attr(feature = "automerge", key)]
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Service or organisation ("Northfield CAMHS").
    pub organisation: Option<String>,
    /// Where letters and reports go by email, if given.
    pub email: Option<String>,
    /// No longer involved (moved away, left the service). Kept so past reviews still say who
    /// came; not invited to later reviews.
    pub removed: bool,
}

impl YoungPerson {
    /// The name they like to be called, for friendly headings: their preferred name if
    /// given, else their first name.
    pub fn first_name(&self) -> &str {
        self.preferred_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.given_name)
            .trim()
    }

    /// The name to show: preferred name if set, then the family name.
    pub fn display_name(&self) -> String {
        let given = self
            .preferred_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(&self.given_name);
        format!("{} {}", given.trim(), self.family_name.trim())
            .trim()
            .to_string()
    }

    /// The year group on `today`: the recorded one, moved up one for every 1 September since
    /// the school year it was recorded in (and never past post-19).
    ///
    /// ```
    /// use northstar_schema::{YearGroup, YoungPerson};
    /// let yp = YoungPerson { year_group: YearGroup::Year8, year_group_school_year: Some(2026), ..Default::default() };
    /// let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// assert_eq!(yp.year_group_on(day(2027, 8, 31)), YearGroup::Year8);
    /// assert_eq!(yp.year_group_on(day(2027, 9, 1)), YearGroup::Year9);
    /// ```
    pub fn year_group_on(&self, today: chrono::NaiveDate) -> YearGroup {
        let Some(recorded) = self.year_group_school_year else {
            return self.year_group;
        };
        let now = crate::calendar::school_year_start(today);
        if self.year_group == YearGroup::EarlyYears {
            // Early years lasts until the September after the fourth birthday, which only the
            // date of birth can tell; without it, the child stays in early years.
            let Some(dob) = self.date_of_birth else {
                return YearGroup::EarlyYears;
            };
            let reception = crate::calendar::school_year_start(dob.0) + 5;
            let reception = reception.max(recorded + 1);
            return if now >= reception {
                YearGroup::Reception.moved_on(now - reception)
            } else {
                YearGroup::EarlyYears
            };
        }
        self.year_group.moved_on(now - recorded)
    }

    pub fn primary_need(&self) -> Option<Sen2Code> {
        self.needs.first().map(|n| n.code)
    }
}

/// What the "new child" form asks for: enough to open a plan and start a review.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NewChild {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<Date>,
    pub year_group: YearGroup,
    pub setting_name: String,
    pub setting_kind: SettingKind,
    pub primary_need: Option<Sen2Code>,
    /// When the plan was issued; the first review is due within 12 months of it.
    pub plan_issued_on: Option<Date>,
}

impl NewChild {
    /// The document for a new child, or a plain-words reason why the form is not complete.
    /// `today` guards against dates in the future.
    pub fn into_document(
        self,
        id: String,
        today: chrono::NaiveDate,
    ) -> Result<crate::ReviewDocument, crate::SchemaError> {
        let invalid = |m: &str| Err(crate::SchemaError::Invalid(m.into()));
        if self.given_name.trim().is_empty() || self.family_name.trim().is_empty() {
            return invalid("please give the child's first name and family name");
        }
        if self.date_of_birth.is_some_and(|d| d.0 > today) {
            return invalid("the date of birth is in the future; please check it");
        }
        if self.plan_issued_on.is_some_and(|d| d.0 > today) {
            return invalid("the plan's issue date is in the future; please check it");
        }
        let mut doc = crate::ReviewDocument::new(
            id,
            YoungPerson {
                given_name: self.given_name.trim().into(),
                family_name: self.family_name.trim().into(),
                date_of_birth: self.date_of_birth,
                year_group: self.year_group,
                year_group_school_year: Some(crate::calendar::school_year_start(today)),
                setting: Setting {
                    name: self.setting_name.trim().into(),
                    kind: self.setting_kind,
                    local_authority: None,
                },
                needs: self.primary_need.map(NeedCode::new).into_iter().collect(),
                ..Default::default()
            },
        );
        doc.plan.issued_on = self.plan_issued_on;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interpreter_need_names_the_language_when_known() {
        let mut c = CommunicationPreferences::default();
        assert_eq!(c.interpreter_need(), None);
        c.interpreter_needed = true;
        assert_eq!(
            c.interpreter_need().as_deref(),
            Some("The family needs an interpreter")
        );
        c.home_language = Some(" Somali ".into());
        assert_eq!(
            c.interpreter_need().as_deref(),
            Some("The family needs an interpreter (Somali)")
        );
    }

    #[test]
    fn documents_suited_to_the_formats_come_once_each_in_order() {
        let c = CommunicationPreferences {
            formats: vec![
                InformationFormat::Translated,
                InformationFormat::LargePrint,
                InformationFormat::Symbols,
                InformationFormat::EasyRead,
            ],
            ..Default::default()
        };
        assert_eq!(
            c.suited_documents(),
            [
                ("one-page-profile", InformationFormat::LargePrint),
                ("easy-read-profile", InformationFormat::Symbols),
            ]
        );
        assert!(CommunicationPreferences::default()
            .suited_documents()
            .is_empty());
    }
}
