//! "Your views": the parent's or carer's own screen before and at the annual review, and
//! which notes of the person-centred record belong on it.
//!
//! The parent answers five questions. Their answers are ordinary notes in the review's
//! person-centred record, so the SENCO sees them on the meeting's posters and they reach the
//! report; nothing is kept apart:
//!
//! | Question | Where the notes go |
//! |---|---|
//! | What do you like and admire about your child? | the "like and admire" poster |
//! | What is working well for your child? | "what is working", from the family's perspective |
//! | What is not working, or worrying you? | "what is not working", from the family's perspective |
//! | What is important to your child for the future? | the "important to them for the future" poster |
//! | What would you like to ask at the meeting? | the "questions" poster |
//!
//! Which notes the screen shows, and lets the parent change or remove:
//! - **Working and not working:** every note from the family's perspective, whoever typed it.
//!   That column *is* the family's view: a SENCO who wrote down what a parent said in the
//!   meeting wrote it for them, and the parent may put it right.
//! - **The posters:** only the notes credited to the parent who is writing (their
//!   participant id in `author_id`). Everyone at the meeting writes on those posters, so the
//!   author is the only way to tell the parent's notes from the school's. When nobody can be
//!   credited (the plan names no parent or carer), the screen offers only the two
//!   perspective questions rather than show or let the parent change notes that may be
//!   someone else's.
//!
//! Who is writing ([`writer`]): this computer's author, when they are one of the plan's
//! parents or carers; otherwise (a SENCO's laptop handed to the parent) the parent the screen
//! asks about when the plan names more than one ([`must_ask_who`]), or the one it names.
//!
//! Words are kept exactly as typed, in whatever language; nothing here translates them.
//!
//! ```
//! use northstar_schema::parent_views::{ParentViews, Question};
//! use northstar_schema::edit::ReviewEdit;
//! use northstar_schema::{ReviewDocument, YoungPerson};
//! let mut doc = ReviewDocument::new("d1", YoungPerson::default());
//! let mut ids = (1..).map(|n| format!("id-{n}"));
//! let mut next = || ids.next().unwrap();
//! ReviewEdit::StartReview { meeting_date: None }.apply(&mut doc, &mut next).unwrap();
//! let views = ParentViews::of(&doc, None).unwrap();
//! let add = views.add(Question::Working, "Sleeps better since the new routine").unwrap();
//! add.apply(&mut doc, &mut next).unwrap();
//! let views = ParentViews::of(&doc, None).unwrap();
//! assert_eq!(views.notes(Question::Working)[0].text(), "Sleeps better since the new routine");
//! ```

use crate::edit::{Column, Poster, ReviewEdit};
use crate::session::Author;
use crate::{Entry, Participant, Perspective, PerspectiveEntry, ReviewDocument, Role};

/// One question on the parent's screen, in the order it asks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Question {
    LikeAndAdmire,
    Working,
    NotWorking,
    ImportantToFuture,
    Questions,
}

/// Where a question's answers are kept in the person-centred record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A poster everyone writes on; the parent's notes are those credited to them.
    Poster(Poster),
    /// A column of "working / not working", from the family's perspective.
    Column(Column),
}

impl Question {
    pub const ALL: [Question; 5] = [
        Question::LikeAndAdmire,
        Question::Working,
        Question::NotWorking,
        Question::ImportantToFuture,
        Question::Questions,
    ];

    /// A stable name: element ids and message keys (`parent-q-<name>`) are built from it.
    pub fn as_str(self) -> &'static str {
        match self {
            Question::LikeAndAdmire => "like-and-admire",
            Question::Working => "working",
            Question::NotWorking => "not-working",
            Question::ImportantToFuture => "important-to-future",
            Question::Questions => "questions",
        }
    }

    pub fn place(self) -> Place {
        match self {
            Question::LikeAndAdmire => Place::Poster(Poster::LikeAndAdmire),
            Question::Working => Place::Column(Column::Working),
            Question::NotWorking => Place::Column(Column::NotWorking),
            Question::ImportantToFuture => Place::Poster(Poster::ImportantToFuture),
            Question::Questions => Place::Poster(Poster::Questions),
        }
    }

    /// Whether answering it needs someone to credit the notes to (see the module's notes).
    pub fn needs_writer(self) -> bool {
        matches!(self.place(), Place::Poster(_))
    }
}

/// One of the parent's notes, as the screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub question: Question,
    item: Item,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Entry(Poster, Entry),
    Perspective(Column, PerspectiveEntry),
}

impl Note {
    pub fn id(&self) -> &str {
        match &self.item {
            Item::Entry(_, e) => &e.id,
            Item::Perspective(_, e) => &e.id,
        }
    }

    /// The words exactly as they were typed.
    pub fn text(&self) -> &str {
        match &self.item {
            Item::Entry(_, e) => e.text.as_str(),
            Item::Perspective(_, e) => e.text.as_str(),
        }
    }
}

/// What the parent's screen holds for the plan's current review.
#[derive(Debug, Clone, PartialEq)]
pub struct ParentViews {
    /// The review the notes go to: the current one, as the meeting workspace shows it.
    pub review_id: String,
    /// The parent or carer new notes are credited to (a participant id), if anyone.
    pub writer: Option<String>,
    /// The questions offered, in order, each with the parent's notes on it so far.
    pub answers: Vec<(Question, Vec<Note>)>,
}

impl ParentViews {
    /// The screen for `doc`'s current review (the latest, as the meeting workspace takes it),
    /// with notes credited to `writer`; `None` when no annual review has been started.
    pub fn of(doc: &ReviewDocument, writer: Option<&str>) -> Option<ParentViews> {
        let review = doc.current_review()?;
        let answers = Question::ALL
            .into_iter()
            .filter(|q| writer.is_some() || !q.needs_writer())
            .map(|q| {
                let notes: Vec<Note> = match q.place() {
                    Place::Poster(p) => p
                        .entries(review)
                        .iter()
                        .filter(|e| e.author_id.is_some() && e.author_id.as_deref() == writer)
                        .map(|e| Note {
                            question: q,
                            item: Item::Entry(p, e.clone()),
                        })
                        .collect(),
                    Place::Column(c) => c
                        .entries(review)
                        .iter()
                        .filter(|e| e.perspective == Perspective::Family)
                        .map(|e| Note {
                            question: q,
                            item: Item::Perspective(c, e.clone()),
                        })
                        .collect(),
                };
                (q, notes)
            })
            .collect();
        Some(ParentViews {
            review_id: review.id.clone(),
            writer: writer.map(str::to_string),
            answers,
        })
    }

    /// The notes shown for `question` (none if it is not offered).
    pub fn notes(&self, question: Question) -> &[Note] {
        self.answers
            .iter()
            .find(|(q, _)| *q == question)
            .map(|(_, notes)| notes.as_slice())
            .unwrap_or(&[])
    }

    pub fn offers(&self, question: Question) -> bool {
        self.answers.iter().any(|(q, _)| *q == question)
    }

    /// Adds a note to `question`, credited to the writer; `None` for blank words or a
    /// question this screen does not offer.
    pub fn add(&self, question: Question, text: &str) -> Option<ReviewEdit> {
        if text.trim().is_empty() || !self.offers(question) {
            return None;
        }
        let review_id = self.review_id.clone();
        let author_id = self.writer.clone();
        Some(match question.place() {
            Place::Poster(poster) => ReviewEdit::UpsertEntry {
                review_id,
                poster,
                entry: Entry {
                    text: text.into(),
                    author_id,
                    ..Default::default()
                },
            },
            Place::Column(column) => ReviewEdit::UpsertPerspective {
                review_id,
                column,
                entry: PerspectiveEntry {
                    perspective: Perspective::Family,
                    text: text.into(),
                    author_id,
                    ..Default::default()
                },
            },
        })
    }

    /// `note` with new words; who wrote it and from which perspective stay as they were.
    pub fn save(&self, note: &Note, text: &str) -> ReviewEdit {
        let review_id = self.review_id.clone();
        match &note.item {
            Item::Entry(poster, e) => ReviewEdit::UpsertEntry {
                review_id,
                poster: *poster,
                entry: Entry {
                    text: text.into(),
                    ..e.clone()
                },
            },
            Item::Perspective(column, e) => ReviewEdit::UpsertPerspective {
                review_id,
                column: *column,
                entry: PerspectiveEntry {
                    text: text.into(),
                    ..e.clone()
                },
            },
        }
    }

    pub fn remove(&self, note: &Note) -> ReviewEdit {
        let review_id = self.review_id.clone();
        let id = note.id().to_string();
        match &note.item {
            Item::Entry(poster, _) => ReviewEdit::RemoveEntry {
                review_id,
                poster: *poster,
                id,
            },
            Item::Perspective(column, _) => ReviewEdit::RemovePerspective {
                review_id,
                column: *column,
                id,
            },
        }
    }
}

/// The name the child likes to be called, for the screen's title: their preferred name if
/// given, else their first name.
pub fn child_name(doc: &ReviewDocument) -> &str {
    doc.young_person.first_name()
}

/// The parents and carers the plan names (not those no longer involved), in its order.
pub fn parents(doc: &ReviewDocument) -> Vec<&Participant> {
    doc.participants
        .iter()
        .filter(|p| p.role == Role::ParentCarer && !p.removed)
        .collect()
}

/// Names compared as people write them: ignoring case and extra spaces.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    let a = words(a);
    !a.is_empty() && a == words(b)
}

/// This computer's author as one of the plan's parents or carers: the participant whose name
/// is theirs, when they record changes as a parent or carer. The engine knows the author by
/// name and role only, so the name is what links them to the plan.
pub fn author_as_parent<'a>(doc: &'a ReviewDocument, author: &Author) -> Option<&'a Participant> {
    if author.role != Role::ParentCarer {
        return None;
    }
    parents(doc)
        .into_iter()
        .find(|p| same_name(&p.name, &author.name))
}

/// Whether the screen should ask who is writing: the author is not one of the plan's
/// parents, and it names more than one (a parent at the school's computer).
pub fn must_ask_who(doc: &ReviewDocument, author: Option<&Author>) -> bool {
    author.and_then(|a| author_as_parent(doc, a)).is_none() && parents(doc).len() > 1
}

/// Whom new notes are credited to (a participant id): the author, when they are one of the
/// plan's parents or carers; otherwise `chosen` if it is one of them, or the first the plan
/// names. `None` when the plan names no parent or carer.
pub fn writer(
    doc: &ReviewDocument,
    author: Option<&Author>,
    chosen: Option<&str>,
) -> Option<String> {
    if let Some(p) = author.and_then(|a| author_as_parent(doc, a)) {
        return Some(p.id.clone());
    }
    let parents = parents(doc);
    chosen
        .and_then(|id| parents.iter().find(|p| p.id == id))
        .or(parents.first())
        .map(|p| p.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AnnualReview, PersonCentredRecord};

    const MUM: &str = "p-mum";
    const DAD: &str = "p-dad";
    const SENCO: &str = "p-senco";

    fn person(id: &str, name: &str, role: Role) -> Participant {
        Participant {
            id: id.into(),
            name: name.into(),
            role,
            ..Default::default()
        }
    }

    fn entry(id: &str, text: &str, by: Option<&str>) -> Entry {
        Entry {
            id: id.into(),
            text: text.into(),
            author_id: by.map(Into::into),
        }
    }

    fn view(id: &str, from: Perspective, text: &str, by: Option<&str>) -> PerspectiveEntry {
        PerspectiveEntry {
            id: id.into(),
            perspective: from,
            text: text.into(),
            author_id: by.map(Into::into),
        }
    }

    /// A plan with two parents, a SENCO, an older review and a current one with notes from
    /// everyone on each poster and column.
    fn doc() -> ReviewDocument {
        let mut doc = ReviewDocument::new("d1", Default::default());
        doc.participants = vec![
            person(SENCO, "Ms Okafor", Role::Senco),
            person(MUM, "Nasreen  Hussain", Role::ParentCarer),
            person(DAD, "Imtiaz Hussain", Role::ParentCarer),
            Participant {
                removed: true,
                ..person("p-gran", "Bushra Hussain", Role::ParentCarer)
            },
        ];
        doc.reviews.push(AnnualReview {
            id: "r-old".into(),
            record: PersonCentredRecord {
                like_and_admire: vec![entry("old", "Last year's words", Some(MUM))],
                ..Default::default()
            },
            ..Default::default()
        });
        doc.reviews.push(AnnualReview {
            id: "r1".into(),
            record: PersonCentredRecord {
                like_and_admire: vec![
                    entry("l-mum", "Kind to her brothers", Some(MUM)),
                    entry("l-school", "Honest", Some(SENCO)),
                    entry("l-none", "A lovely smile", None),
                    entry("l-dad", "Brave at the dentist", Some(DAD)),
                ],
                important_to_future: vec![entry(
                    "f-mum",
                    "A school where she has friends",
                    Some(MUM),
                )],
                questions: vec![entry("q-school", "Transport?", Some(SENCO))],
                important_to_now: vec![entry("n-mum", "Routines", Some(MUM))],
                working: vec![
                    view("w-family", Perspective::Family, "Sleeps well", Some(DAD)),
                    view(
                        "w-school",
                        Perspective::School,
                        "Uses her device",
                        Some(SENCO),
                    ),
                    view("w-typed", Perspective::Family, "Likes the bus", None),
                ],
                not_working: vec![
                    view("n-yp", Perspective::YoungPerson, "Noisy hall", None),
                    view(
                        "n-family",
                        Perspective::Family,
                        "Reports come late",
                        Some(MUM),
                    ),
                ],
                ..Default::default()
            },
            ..Default::default()
        });
        doc
    }

    fn ids(views: &ParentViews, q: Question) -> Vec<&str> {
        views.notes(q).iter().map(Note::id).collect()
    }

    fn apply(doc: &mut ReviewDocument, edit: ReviewEdit) {
        edit.apply(doc, &mut || "new-id".to_string()).unwrap();
    }

    #[test]
    fn the_questions_go_where_the_meeting_keeps_them() {
        assert_eq!(
            Question::ALL.map(Question::place),
            [
                Place::Poster(Poster::LikeAndAdmire),
                Place::Column(Column::Working),
                Place::Column(Column::NotWorking),
                Place::Poster(Poster::ImportantToFuture),
                Place::Poster(Poster::Questions),
            ]
        );
        let names = Question::ALL.map(Question::as_str);
        assert_eq!(
            names,
            [
                "like-and-admire",
                "working",
                "not-working",
                "important-to-future",
                "questions"
            ]
        );
    }

    #[test]
    fn a_parent_sees_their_own_poster_notes_and_every_family_view_of_the_current_review() {
        let doc = doc();
        let views = ParentViews::of(&doc, Some(MUM)).unwrap();
        assert_eq!(views.review_id, "r1");
        assert_eq!(views.answers.len(), 5);
        // Not the other parent's, the school's, unattributed ones, or last year's.
        assert_eq!(ids(&views, Question::LikeAndAdmire), ["l-mum"]);
        assert_eq!(ids(&views, Question::ImportantToFuture), ["f-mum"]);
        assert!(ids(&views, Question::Questions).is_empty());
        // The family's column, whoever typed it; never the school's or the young person's.
        assert_eq!(ids(&views, Question::Working), ["w-family", "w-typed"]);
        assert_eq!(ids(&views, Question::NotWorking), ["n-family"]);
        assert_eq!(views.notes(Question::Working)[0].text(), "Sleeps well");

        let dad = ParentViews::of(&doc, Some(DAD)).unwrap();
        assert_eq!(ids(&dad, Question::LikeAndAdmire), ["l-dad"]);
        assert_eq!(ids(&dad, Question::Working), ["w-family", "w-typed"]);
    }

    #[test]
    fn with_nobody_to_credit_only_the_family_columns_are_offered() {
        let doc = doc();
        let views = ParentViews::of(&doc, None).unwrap();
        assert_eq!(
            views.answers.iter().map(|(q, _)| *q).collect::<Vec<_>>(),
            [Question::Working, Question::NotWorking]
        );
        // Unattributed poster notes might be anyone's: never shown as the parent's.
        assert!(views.notes(Question::LikeAndAdmire).is_empty());
        assert_eq!(views.add(Question::Questions, "When is the meeting?"), None);
        assert!(views.add(Question::Working, "Swimming").is_some());
    }

    #[test]
    fn no_review_means_nothing_to_fill_in() {
        let mut doc = doc();
        doc.reviews.clear();
        assert_eq!(ParentViews::of(&doc, Some(MUM)), None);
    }

    #[test]
    fn added_notes_are_credited_and_from_the_family_exactly_as_typed() {
        let mut doc = doc();
        let views = ParentViews::of(&doc, Some(DAD)).unwrap();
        // Urdu, with the spacing the parent typed inside it.
        let said = "وہ اسکول  جانا پسند کرتی ہے";
        assert_eq!(views.add(Question::Working, "   "), None);
        let add = views.add(Question::Working, said).unwrap();
        assert_eq!(
            add,
            ReviewEdit::UpsertPerspective {
                review_id: "r1".into(),
                column: Column::Working,
                entry: PerspectiveEntry {
                    id: String::new(),
                    perspective: Perspective::Family,
                    text: said.into(),
                    author_id: Some(DAD.into()),
                },
            }
        );
        apply(&mut doc, add);
        let added = doc.reviews[1].record.working.last().unwrap();
        assert_eq!((added.id.as_str(), added.text.as_str()), ("new-id", said));

        let ask = views
            .add(Question::Questions, "Who will be at the meeting?")
            .unwrap();
        assert_eq!(
            ask,
            ReviewEdit::UpsertEntry {
                review_id: "r1".into(),
                poster: Poster::Questions,
                entry: entry("", "Who will be at the meeting?", Some(DAD)),
            }
        );
        apply(&mut doc, ask);
        let views = ParentViews::of(&doc, Some(DAD)).unwrap();
        assert_eq!(ids(&views, Question::Questions), ["new-id"]);
        assert_eq!(
            ids(&views, Question::Working),
            ["w-family", "w-typed", "new-id"]
        );
    }

    #[test]
    fn saving_changes_only_the_words_and_removing_takes_the_note_away() {
        let mut doc = doc();
        let views = ParentViews::of(&doc, Some(MUM)).unwrap();
        let typed_by_staff = views.notes(Question::Working)[1].clone();
        let save = views.save(&typed_by_staff, "Likes the bus, and the driver");
        assert_eq!(
            save,
            ReviewEdit::UpsertPerspective {
                review_id: "r1".into(),
                column: Column::Working,
                entry: view(
                    "w-typed",
                    Perspective::Family,
                    "Likes the bus, and the driver",
                    None
                ),
            }
        );
        apply(&mut doc, save);
        let poster_note = views.notes(Question::LikeAndAdmire)[0].clone();
        apply(&mut doc, views.save(&poster_note, "Kind to everyone"));
        let record = &doc.reviews[1].record;
        assert_eq!(
            record.working[2].text.as_str(),
            "Likes the bus, and the driver"
        );
        assert_eq!(
            record.like_and_admire[0],
            entry("l-mum", "Kind to everyone", Some(MUM))
        );

        let worry = views.notes(Question::NotWorking)[0].clone();
        assert_eq!(
            views.remove(&worry),
            ReviewEdit::RemovePerspective {
                review_id: "r1".into(),
                column: Column::NotWorking,
                id: "n-family".into(),
            }
        );
        apply(&mut doc, views.remove(&worry));
        apply(&mut doc, views.remove(&poster_note));
        let views = ParentViews::of(&doc, Some(MUM)).unwrap();
        assert!(views.notes(Question::NotWorking).is_empty());
        assert!(views.notes(Question::LikeAndAdmire).is_empty());
        // Everyone else's notes are untouched.
        let record = &doc.reviews[1].record;
        assert_eq!(record.not_working.len(), 1);
        assert_eq!(record.like_and_admire.len(), 3);
    }

    #[test]
    fn the_writer_is_the_author_when_they_are_a_named_parent() {
        let doc = doc();
        let author = |name: &str, role| Author {
            name: name.into(),
            role,
        };
        // Matched by name, ignoring case and spacing, only when recording as a parent.
        let mum = author(" nasreen hussain ", Role::ParentCarer);
        assert_eq!(writer(&doc, Some(&mum), Some(DAD)).as_deref(), Some(MUM));
        assert!(!must_ask_who(&doc, Some(&mum)));
        let senco = author("Nasreen Hussain", Role::Senco);
        assert_eq!(author_as_parent(&doc, &senco), None);
        // A parent no longer involved is never credited.
        let gran = author("Bushra Hussain", Role::ParentCarer);
        assert_eq!(author_as_parent(&doc, &gran), None);

        // Anyone else: the parent chosen on the screen, or the first the plan names.
        assert!(must_ask_who(&doc, Some(&senco)));
        assert!(must_ask_who(&doc, None));
        assert_eq!(writer(&doc, Some(&senco), Some(DAD)).as_deref(), Some(DAD));
        assert_eq!(writer(&doc, Some(&senco), None).as_deref(), Some(MUM));
        assert_eq!(writer(&doc, None, Some(SENCO)).as_deref(), Some(MUM));
        assert_eq!(writer(&doc, None, Some("p-gran")).as_deref(), Some(MUM));
    }

    #[test]
    fn the_title_uses_the_name_the_child_likes() {
        let mut doc = doc();
        doc.young_person.given_name = " Fatima ".into();
        assert_eq!(child_name(&doc), "Fatima");
        doc.young_person.preferred_name = Some("Tima".into());
        assert_eq!(child_name(&doc), "Tima");
        doc.young_person.preferred_name = Some(" ".into());
        assert_eq!(child_name(&doc), "Fatima");
    }

    #[test]
    fn one_parent_is_credited_without_asking_and_none_means_nobody() {
        let mut doc = doc();
        doc.participants.retain(|p| p.id != DAD);
        assert!(!must_ask_who(&doc, None));
        assert_eq!(writer(&doc, None, None).as_deref(), Some(MUM));
        doc.participants.retain(|p| p.role != Role::ParentCarer);
        assert!(parents(&doc).is_empty());
        assert_eq!(writer(&doc, None, Some(MUM)), None);
    }
}
