//! Who may write what: the permission table every client checks on merge.
//!
//! A change is judged by every part of the review whose value it changes. [`Area::of_path`]
//! names the part from the path of keys from the document root (`plan` → `section_f` → …),
//! and [`may_write`] looks the author's role up in [`TABLE`]. Removing or replacing a
//! container (a whole annual review, the plan) changes every part beneath it that holds
//! anything, so it needs the right to write each of them. A change touching any area its
//! author's role may not write is refused whole and kept in quarantine.
//!
//! ```
//! use northstar_schema::sync::{may_write, Area, PathKey};
//! use northstar_schema::{PlanSection, Role};
//! let f = Area::of_path(&[PathKey::Key("plan"), PathKey::Key("section_f"), PathKey::Key("provisions")]);
//! assert_eq!(f, Area::Plan(PlanSection::F));
//! assert!(!may_write(Role::ParentCarer, f));
//! assert!(may_write(Role::Senco, f));
//! let decision = Area::of_path(&[PathKey::Key("reviews"), PathKey::Index, PathKey::Key("la_decision")]);
//! assert!(may_write(Role::LaCaseworker, decision));
//! assert!(!may_write(Role::Senco, decision));
//! ```

use crate::{PlanSection, Role};

/// One step of a path from the document root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKey<'a> {
    Key(&'a str),
    /// A position in a list (which one does not matter to permissions).
    Index,
}

/// A part of the review that permissions are given for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// The document's id, format version and top-level structure.
    Structure,
    /// The young person's name, date of birth, setting and needs codes.
    YoungPersonDetails,
    /// The list of people involved in the plan.
    Participants,
    /// The list of annual reviews itself: starting one, or removing one and all it holds.
    Reviews,
    /// Who holds a copy, and in what role (each device records only itself).
    Membership,
    /// One plan section.
    Plan(PlanSection),
    /// When the plan was issued and amended, and any planned phase transfer.
    PlanDates,
    /// The meeting: date, attendance, posters, actions, disagreements, progress on outcomes.
    Meeting,
    /// Requests for advice and the advice itself.
    Advice,
    /// Proposed amendments to the plan.
    Amendments,
    /// The school's recommendation and report.
    Recommendation,
    /// The LA's decision to maintain, amend or cease, its notice and any cessation.
    LaDecision,
    /// The family's representations on a notice of proposed amendments (reg 22(2)).
    Representations,
    /// The issued versions of the plan (reg 22(3)): only the LA issues a plan.
    PlanIssues,
    /// The young person's own words, drawings and recordings.
    Voice,
    /// Anything not in the review format; only the LA caseworker's copy may write it.
    Unknown,
}

impl Area {
    /// Names the area that a write at `path` (root first, the written key last) lands in.
    pub fn of_path(path: &[PathKey<'_>]) -> Area {
        use PathKey::Key;
        match path {
            [] | [Key("schema_version" | "id"), ..] => Area::Structure,
            [Key("young_person"), ..] => Area::YoungPersonDetails,
            [Key("participants"), ..] => Area::Participants,
            [Key("members"), ..] => Area::Membership,
            [Key("voice"), ..] => Area::Voice,
            [Key("issues"), ..] => Area::PlanIssues,
            [Key("plan")] => Area::Structure,
            [Key("plan"), Key(section), ..] => plan_area(section),
            [Key("reviews")]
            | [Key("reviews"), PathKey::Index]
            | [Key("reviews"), PathKey::Index, Key("id")] => Area::Reviews,
            [Key("reviews"), PathKey::Index, Key(field), ..] => review_area(field),
            _ => Area::Unknown,
        }
    }

    /// Plain words for people.
    pub fn label(self) -> String {
        match self {
            Area::Structure => "the review's structure".into(),
            Area::YoungPersonDetails => "the young person's details".into(),
            Area::Participants => "the list of people involved".into(),
            Area::Reviews => "the list of annual reviews".into(),
            Area::Membership => "who holds a copy".into(),
            Area::Plan(section) => format!("Section {}", section.label()),
            Area::PlanDates => "the plan's dates and phase transfer".into(),
            Area::Meeting => "the review meeting record".into(),
            Area::Advice => "the advice".into(),
            Area::Amendments => "the proposed amendments".into(),
            Area::Recommendation => "the school's recommendation".into(),
            Area::LaDecision => "the LA's decision".into(),
            Area::Representations => "the family's representations".into(),
            Area::PlanIssues => "the issued plans".into(),
            Area::Voice => "the young person's own contributions".into(),
            Area::Unknown => "a part of the document outside the review format".into(),
        }
    }
}

fn plan_area(section: &str) -> Area {
    let s = match section {
        "section_a" => PlanSection::A,
        "section_b" => PlanSection::B,
        "section_c" => PlanSection::C,
        "section_d" => PlanSection::D,
        "section_e" => PlanSection::E,
        "section_f" => PlanSection::F,
        "section_g" => PlanSection::G,
        "section_h1" => PlanSection::H1,
        "section_h2" => PlanSection::H2,
        "section_i" => PlanSection::I,
        "section_j" => PlanSection::J,
        "section_k" => PlanSection::K,
        "issued_on" | "last_amended_on" | "transfer" => return Area::PlanDates,
        _ => return Area::Unknown,
    };
    Area::Plan(s)
}

fn review_area(field: &str) -> Area {
    match field {
        "meeting_date" | "attendance" | "record" | "actions" | "disagreements" | "progress"
        | "pfa_discussed" | "interpreter" => Area::Meeting,
        "advice" => Area::Advice,
        "amendments" => Area::Amendments,
        "recommendation" | "report_sent_on" | "report_sent_to" => Area::Recommendation,
        "la_decision" => Area::LaDecision,
        "representations" => Area::Representations,
        _ => Area::Unknown,
    }
}

/// Column order of [`TABLE`].
pub const TABLE_ROLES: [Role; 9] = [
    Role::YoungPerson,
    Role::ParentCarer,
    Role::Senco,
    Role::Teacher,
    Role::Health,
    Role::SocialCare,
    Role::EducationalPsychologist,
    Role::LaCaseworker,
    Role::Other,
];

const Y: bool = true;
const N: bool = false;

/// The permission table. Columns, as [`TABLE_ROLES`]: young person, parent or carer, SENCO,
/// teacher, health, social care, educational psychologist, LA caseworker, other.
///
/// The plan is the LA's document: the SENCO drafts it in the meeting, each profession writes
/// its own needs and provision sections, families write Section A and their views, and only
/// the LA names the placement (I), sets the personal budget (J) and decides (reg 20(10)).
/// Membership is open to all here because it is checked separately (`check.rs` in the
/// engine): only the owner adds records, against its own signature; a member writes only
/// inside its own record; and only the owner and the LA caseworker mark a device removed.
#[rustfmt::skip]
pub const TABLE: &[(Area, [bool; 9])] = &[
    //                                          YP Par SEN Tch Hlt SoC  EP  LA Oth
    (Area::Structure,                          [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::YoungPersonDetails,                 [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::Participants,                       [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::Reviews,                            [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::Membership,                         [Y,  Y,  Y,  Y,  Y,  Y,  Y,  Y,  Y]),
    (Area::Plan(PlanSection::A),               [Y,  Y,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::Plan(PlanSection::B),               [N,  N,  Y,  N,  N,  N,  Y,  Y,  N]),
    (Area::Plan(PlanSection::C),               [N,  N,  Y,  N,  Y,  N,  N,  Y,  N]),
    (Area::Plan(PlanSection::D),               [N,  N,  Y,  N,  N,  Y,  N,  Y,  N]),
    (Area::Plan(PlanSection::E),               [N,  N,  Y,  N,  Y,  Y,  Y,  Y,  N]),
    (Area::Plan(PlanSection::F),               [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::Plan(PlanSection::G),               [N,  N,  Y,  N,  Y,  N,  N,  Y,  N]),
    (Area::Plan(PlanSection::H1),              [N,  N,  Y,  N,  N,  Y,  N,  Y,  N]),
    (Area::Plan(PlanSection::H2),              [N,  N,  Y,  N,  N,  Y,  N,  Y,  N]),
    (Area::Plan(PlanSection::I),               [N,  N,  N,  N,  N,  N,  N,  Y,  N]),
    (Area::Plan(PlanSection::J),               [N,  N,  N,  N,  N,  N,  N,  Y,  N]),
    (Area::Plan(PlanSection::K),               [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::PlanDates,                          [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::Meeting,                            [N,  Y,  Y,  Y,  Y,  Y,  Y,  Y,  Y]),
    (Area::Advice,                             [N,  N,  Y,  Y,  Y,  Y,  Y,  Y,  N]),
    (Area::Amendments,                         [N,  Y,  Y,  Y,  Y,  Y,  Y,  Y,  N]),
    (Area::Recommendation,                     [N,  N,  Y,  N,  N,  N,  N,  Y,  N]),
    (Area::LaDecision,                         [N,  N,  N,  N,  N,  N,  N,  Y,  N]),
    (Area::Representations,                    [Y,  Y,  N,  N,  N,  N,  N,  Y,  N]),
    (Area::PlanIssues,                         [N,  N,  N,  N,  N,  N,  N,  Y,  N]),
    (Area::Voice,                              [Y,  N,  Y,  N,  N,  N,  N,  N,  N]),
    (Area::Unknown,                            [N,  N,  N,  N,  N,  N,  N,  Y,  N]),
];

/// Whether a device holding `role` may write `area`.
pub fn may_write(role: Role, area: Area) -> bool {
    let Some(column) = TABLE_ROLES.iter().position(|r| *r == role) else {
        return false;
    };
    TABLE
        .iter()
        .find(|(a, _)| *a == area)
        .is_some_and(|(_, row)| row[column])
}

/// The roles that may write `area`, for refusal messages.
pub fn writers_of(area: Area) -> Vec<Role> {
    TABLE_ROLES
        .iter()
        .copied()
        .filter(|r| may_write(*r, area))
        .collect()
}

/// The plain-words reason a change was refused.
pub fn refusal(role: Role, area: Area) -> String {
    let writers: Vec<&str> = writers_of(area).iter().map(|r| r.label()).collect();
    format!(
        "a change from a {} tried to change {}, which only {} may change",
        role.label().to_lowercase(),
        area.label(),
        join_words(&writers)
    )
}

/// The plain-words reason an edit on this device was refused before it was saved.
pub fn local_refusal(role: Role, area: Area) -> String {
    let writers: Vec<&str> = writers_of(area).iter().map(|r| r.label()).collect();
    format!(
        "In this shared review you take part as {}, and that role cannot change {} (only {} can). \
         Nothing was saved. You can propose an amendment instead.",
        role.label().to_lowercase(),
        area.label(),
        join_words(&writers)
    )
}

fn join_words(words: &[&str]) -> String {
    match words {
        [] => "nobody".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether an interpreter came is part of the meeting record: staff and the family may
    /// record it; a young person's device (or a hostile member holding that role's key) may
    /// not, and a change elsewhere in the review is never taken for it.
    #[test]
    fn the_interpreter_record_is_the_meeting_s_to_write() {
        let path = [
            PathKey::Key("reviews"),
            PathKey::Index,
            PathKey::Key("interpreter"),
        ];
        assert_eq!(Area::of_path(&path), Area::Meeting);
        assert!(may_write(Role::Senco, Area::Meeting));
        assert!(!may_write(Role::YoungPerson, Area::Meeting));
        let nearby = [
            PathKey::Key("reviews"),
            PathKey::Index,
            PathKey::Key("interpreters"),
        ];
        assert_eq!(Area::of_path(&nearby), Area::Unknown);
    }
}
