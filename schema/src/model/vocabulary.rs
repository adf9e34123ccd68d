//! Closed vocabularies. Each value has a stable wire name (used in JSON and in Automerge)
//! and a plain-words label for people.

/// What every closed list offers, so one generic control can offer any of them.
pub trait Vocabulary: Copy + PartialEq + 'static {
    /// Every value, in the order people should see them.
    fn all() -> &'static [Self];
    /// The stable wire name.
    fn wire(self) -> &'static str;
    /// Plain words for people.
    fn words(self) -> &'static str;
    /// The value with this wire name, if there is one.
    fn from_wire(wire: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.wire() == wire)
    }
}

/// Declares a vocabulary enum with its wire names and labels.
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident default $default:ident {
        $($(#[$vmeta:meta])* $variant:ident => $wire:literal, $label:literal;)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $wire)] $variant,)*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The stable name used in JSON and in the Automerge document.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire),* }
            }

            /// Plain words for people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }
        }

        impl Default for $name {
            fn default() -> Self { $name::$default }
        }

        impl $crate::Vocabulary for $name {
            fn all() -> &'static [Self] { Self::ALL }
            fn wire(self) -> &'static str { self.as_str() }
            fn words(self) -> &'static str { self.label() }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// Who someone is in the review. Permissions (sync issue) hang off this.
    pub enum Role default Other {
        YoungPerson => "young-person", "Young person";
        ParentCarer => "parent-carer", "Parent or carer";
        Senco => "senco", "SENCO";
        Teacher => "teacher", "Teacher";
        Health => "health", "Health professional";
        SocialCare => "social-care", "Social care";
        EducationalPsychologist => "educational-psychologist", "Educational psychologist";
        LaCaseworker => "la-caseworker", "LA caseworker";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// The four broad areas of need (Code of Practice 6.28–6.35).
    pub enum NeedArea default CognitionAndLearning {
        CommunicationAndInteraction => "communication-and-interaction", "Communication and interaction";
        CognitionAndLearning => "cognition-and-learning", "Cognition and learning";
        SocialEmotionalMentalHealth => "social-emotional-mental-health", "Social, emotional and mental health";
        SensoryPhysical => "sensory-physical", "Sensory and/or physical";
    }
}

vocabulary! {
    /// SEN2 statutory return need-type codes.
    pub enum Sen2Code default Oth {
        Spld => "SPLD", "Specific learning difficulty";
        Mld => "MLD", "Moderate learning difficulty";
        Sld => "SLD", "Severe learning difficulty";
        Pmld => "PMLD", "Profound and multiple learning difficulty";
        Semh => "SEMH", "Social, emotional and mental health";
        Slcn => "SLCN", "Speech, language and communication needs";
        Hi => "HI", "Hearing impairment";
        Vi => "VI", "Vision impairment";
        Msi => "MSI", "Multi-sensory impairment";
        Pd => "PD", "Physical disability";
        Asd => "ASD", "Autistic spectrum disorder";
        Ds => "DS", "Down syndrome";
        Oth => "OTH", "Other difficulty or disability";
    }
}

impl Sen2Code {
    /// The broad area a SEN2 code normally falls under.
    pub fn area(self) -> NeedArea {
        use Sen2Code::*;
        match self {
            Spld | Mld | Sld | Pmld | Ds => NeedArea::CognitionAndLearning,
            Semh => NeedArea::SocialEmotionalMentalHealth,
            Slcn | Asd => NeedArea::CommunicationAndInteraction,
            Hi | Vi | Msi | Pd => NeedArea::SensoryPhysical,
            Oth => NeedArea::CognitionAndLearning,
        }
    }
}

vocabulary! {
    /// Year group, from early years to post-19 (ages 19–25).
    pub enum YearGroup default Year1 {
        EarlyYears => "early-years", "Early years";
        Reception => "reception", "Reception";
        Year1 => "year-1", "Year 1";
        Year2 => "year-2", "Year 2";
        Year3 => "year-3", "Year 3";
        Year4 => "year-4", "Year 4";
        Year5 => "year-5", "Year 5";
        Year6 => "year-6", "Year 6";
        Year7 => "year-7", "Year 7";
        Year8 => "year-8", "Year 8";
        Year9 => "year-9", "Year 9";
        Year10 => "year-10", "Year 10";
        Year11 => "year-11", "Year 11";
        Year12 => "year-12", "Year 12";
        Year13 => "year-13", "Year 13";
        Year14 => "year-14", "Year 14";
        Post19 => "post-19", "Post-19";
    }
}

vocabulary! {
    /// Education phase, derived from the year group.
    pub enum Phase default Primary {
        EarlyYears => "early-years", "Early years";
        Primary => "primary", "Primary";
        Secondary => "secondary", "Secondary";
        Post16 => "post-16", "Post-16";
        Post19 => "post-19", "Post-19";
    }
}

impl YearGroup {
    /// National Curriculum year number: Reception is 0, early years is -1, post-19 is 15.
    pub fn number(self) -> i8 {
        // The declaration order above is the school order.
        let index = YearGroup::ALL.iter().position(|y| *y == self).unwrap_or(0) as i8;
        index - 1
    }

    /// The year group `years` school years on (or back, if negative), staying within the
    /// list: early years stays early years going back, post-19 stays post-19 going on.
    pub fn moved_on(self, years: i32) -> YearGroup {
        let index = YearGroup::ALL.iter().position(|y| *y == self).unwrap_or(0) as i64;
        let last = YearGroup::ALL.len() as i64 - 1;
        let moved = (index + years as i64).clamp(0, last) as usize;
        YearGroup::ALL[moved]
    }

    pub fn phase(self) -> Phase {
        match self.number() {
            i8::MIN..=-1 => Phase::EarlyYears,
            0..=6 => Phase::Primary,
            7..=11 => Phase::Secondary,
            12..=14 => Phase::Post16,
            _ => Phase::Post19,
        }
    }

    /// Preparing for adulthood must be part of the review from Year 9 (Code 8.9, 9.179).
    pub fn is_pfa_focus(self) -> bool {
        self.number() >= 9
    }

    /// The year in which the child leaves the current phase, if it is the last of its phase.
    pub fn transfer_kind(self) -> Option<TransferKind> {
        match self {
            YearGroup::EarlyYears => Some(TransferKind::EarlyYearsToSchool),
            YearGroup::Year2 => None, // infant-to-junior depends on the setting; see the plan's transfer
            YearGroup::Year6 => Some(TransferKind::PrimaryToSecondary),
            YearGroup::Year11 => Some(TransferKind::SecondaryToPost16),
            _ => None,
        }
    }
}

vocabulary! {
    /// What a proposed amendment does to its item of the plan.
    pub enum ChangeKind default Unspecified {
        /// Written in words only: whoever issues the plan makes the change by hand.
        Unspecified => "unspecified", "Described in words";
        Reword => "reword", "Change the words";
        Add => "add", "Add an item";
        Remove => "remove", "Remove the item";
    }
}

vocabulary! {
    /// Which issue of the plan a [`crate::PlanIssue`] is.
    pub enum IssueKind default Amended {
        /// The plan as it stood before Northstar first issued an amendment.
        Original => "original", "Plan as previously issued";
        Amended => "amended", "Amended plan";
    }
}

vocabulary! {
    /// The kind of setting the child attends.
    pub enum SettingKind default MainstreamPrimary {
        EarlyYears => "early-years", "Early years setting";
        MainstreamPrimary => "mainstream-primary", "Mainstream primary school";
        MainstreamSecondary => "mainstream-secondary", "Mainstream secondary school";
        Special => "special", "Special school";
        ResourceBase => "resource-base", "Mainstream school with a resource base";
        AlternativeProvision => "alternative-provision", "Alternative provision";
        FurtherEducation => "further-education", "Further education college";
        SixthForm => "sixth-form", "Sixth form";
        SpecialistPost16 => "specialist-post-16", "Specialist post-16 institution";
        Apprenticeship => "apprenticeship", "Apprenticeship or supported internship";
        Home => "home", "Elective home education";
    }
}

vocabulary! {
    /// Preparing-for-adulthood outcome domains (Code 8.5).
    pub enum PfaDomain default Employment {
        Employment => "employment", "Employment or higher education";
        IndependentLiving => "independent-living", "Independent living";
        Community => "community", "Friends, relationships and community";
        GoodHealth => "good-health", "Good health";
    }
}

vocabulary! {
    /// A section of the EHC plan (SEND Regulations 2014 reg 12). Each is separately labelled.
    pub enum PlanSection default B {
        A => "A", "A: Views, interests and aspirations";
        B => "B", "B: Special educational needs";
        C => "C", "C: Health needs";
        D => "D", "D: Social care needs";
        E => "E", "E: Outcomes";
        F => "F", "F: Special educational provision";
        G => "G", "G: Health provision";
        H1 => "H1", "H1: Social care provision (CSDPA 1970 s2)";
        H2 => "H2", "H2: Other social care provision";
        I => "I", "I: Placement";
        J => "J", "J: Personal budget";
        K => "K", "K: Advice and information";
    }
}

vocabulary! {
    /// Whose point of view a "working / not working" entry gives.
    pub enum Perspective default YoungPerson {
        YoungPerson => "young-person", "Young person";
        Family => "family", "Family";
        School => "school", "School or setting";
        Health => "health", "Health";
        SocialCare => "social-care", "Social care";
        Other => "other", "Others";
    }
}

vocabulary! {
    /// An agency asked for advice before the review (reg 20(2); Code 9.174).
    pub enum Agency default Health {
        School => "school", "School or setting";
        Health => "health", "Health";
        SpeechAndLanguage => "speech-and-language", "Speech and language therapy";
        OccupationalTherapy => "occupational-therapy", "Occupational therapy";
        Physiotherapy => "physiotherapy", "Physiotherapy";
        Camhs => "camhs", "CAMHS";
        SocialCare => "social-care", "Social care";
        EducationalPsychology => "educational-psychology", "Educational psychology";
        SensoryService => "sensory-service", "Sensory support service";
        YouthJustice => "youth-justice", "Youth justice";
        Other => "other", "Other";
    }
}

vocabulary! {
    /// Where a proposed amendment is in its life.
    pub enum AmendmentStatus default Proposed {
        Proposed => "proposed", "Proposed";
        Accepted => "accepted", "Accepted";
        Rejected => "rejected", "Rejected";
        Applied => "applied", "Applied to the plan";
    }
}

vocabulary! {
    /// What happens to the plan after a review (reg 20(10), Code 9.176).
    pub enum PlanDecision default Maintain {
        Maintain => "maintain", "Maintain the plan unchanged";
        Amend => "amend", "Amend the plan";
        Cease => "cease", "Cease the plan";
    }
}

vocabulary! {
    /// Whether an invitee came to the meeting.
    pub enum AttendanceStatus default Invited {
        Invited => "invited", "Invited";
        Attended => "attended", "Attended";
        SentApologies => "sent-apologies", "Sent apologies";
        ContributedInWriting => "contributed-in-writing", "Contributed in writing";
        DidNotAttend => "did-not-attend", "Did not attend";
    }
}

vocabulary! {
    /// What a young person's own contribution is about (one-page profile headings).
    pub enum ContributionKind default Aspiration {
        WhatILike => "what-i-like", "What I like";
        ImportantToMe => "important-to-me", "What's important to me";
        Aspiration => "aspiration", "My hopes for the future";
        HowToHelpMe => "how-to-help-me", "How to help me";
    }
}

vocabulary! {
    /// What an attachment holds.
    pub enum AttachmentKind default Drawing {
        Drawing => "drawing", "Drawing";
        Photo => "photo", "Photo";
        VoiceNote => "voice-note", "Voice note";
        Document => "document", "Document";
    }
}

vocabulary! {
    /// Accessible formats a family or young person needs information in.
    pub enum InformationFormat default EasyRead {
        EasyRead => "easy-read", "Easy read";
        LargePrint => "large-print", "Large print";
        Braille => "braille", "Braille";
        Audio => "audio", "Audio";
        Bsl => "bsl", "British Sign Language";
        Symbols => "symbols", "Symbols";
        Translated => "translated", "Translated";
    }
}

vocabulary! {
    /// Whether the family had the interpreter their communication needs call for, at one
    /// review meeting (Code 9.21: information and meetings in a form the family can follow).
    pub enum InterpreterAtMeeting default Booked {
        Booked => "booked", "An interpreter was booked and took part";
        NotBooked => "not-booked", "No interpreter was booked";
        FamilyDeclined => "family-declined", "The family said they did not need one this time";
    }
}

vocabulary! {
    /// Phase transfers with statutory amendment deadlines (reg 18).
    pub enum TransferKind default PrimaryToSecondary {
        EarlyYearsToSchool => "early-years-to-school", "Early years to school";
        InfantToJunior => "infant-to-junior", "Infant to junior";
        PrimaryToSecondary => "primary-to-secondary", "Primary to secondary";
        SecondaryToPost16 => "secondary-to-post-16", "Secondary to post-16";
        Post16ToPost16 => "post-16-to-post-16", "Between post-16 institutions";
    }
}
