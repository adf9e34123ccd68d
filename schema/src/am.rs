//! The Automerge mapping for the hand-written leaf types. Structs derive theirs.

use crate::{CoText, Date, ReviewDocument};
use autosurgeon::{
    reconcile::TextReconciler, Hydrate, HydrateError, ReadDoc, Reconcile, Reconciler,
};

impl Reconcile for CoText {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        // `update` diffs against the text already in the document and splices only the
        // difference: that is what lets concurrent typing merge instead of overwrite.
        reconciler.text()?.update(&self.0)
    }
}

impl Hydrate for CoText {
    fn hydrate_text<D: ReadDoc>(doc: &D, obj: &automerge::ObjId) -> Result<Self, HydrateError> {
        Ok(CoText(doc.text(obj)?))
    }

    // Tolerate a scalar string (a document written by a simpler client): it reads the same.
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        Ok(CoText(s.to_string()))
    }
}

impl Reconcile for Date {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        reconciler.str(self.to_string())
    }
}

impl Hydrate for Date {
    fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
        Date::parse(s)
            .ok_or_else(|| HydrateError::unexpected("an ISO date (YYYY-MM-DD)", s.to_string()))
    }
}

/// Unit enums are stored under their serde name (`"parent-carer"`), so the JSON form and the
/// Automerge form spell every value the same way.
macro_rules! reconcile_as_serde_str {
    ($($ty:ty),* $(,)?) => {$(
        impl Reconcile for $ty {
            type Key<'a> = autosurgeon::reconcile::NoKey;
            fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
                reconciler.str(self.as_str())
            }
        }
        impl Hydrate for $ty {
            fn hydrate_string(s: &str) -> Result<Self, HydrateError> {
                serde_json::from_value(serde_json::Value::String(s.to_string()))
                    .map_err(|_| HydrateError::unexpected(stringify!($ty), s.to_string()))
            }
        }
    )*};
}

use crate::model::*;
reconcile_as_serde_str!(
    Role,
    NeedArea,
    Sen2Code,
    YearGroup,
    SettingKind,
    PfaDomain,
    Perspective,
    Agency,
    PlanSection,
    AmendmentStatus,
    PlanDecision,
    AttendanceStatus,
    ContributionKind,
    AttachmentKind,
    InformationFormat,
    TransferKind,
    ChangeKind,
    IssueKind,
    InterpreterAtMeeting,
);

/// Reads a review out of an Automerge document.
///
/// Goes through the JSON form rather than autosurgeon's strict hydrate so that fields a
/// document does not have yet (written by an older or simpler client) take their serde
/// defaults instead of failing the whole read. The result is migrated like imported JSON.
pub fn read_document<D: automerge::ReadDoc>(doc: &D) -> Result<ReviewDocument, crate::SchemaError> {
    let mut value = object_to_json(doc, &automerge::ROOT, automerge::ObjType::Map);
    // No `validate` here: a stored document must stay readable even if a merge broke a rule;
    // writes validate instead.
    crate::migrate::migrate_json(&mut value)?;
    let mut model: ReviewDocument = serde_json::from_value(value)?;
    // Honest concurrent edits can leave one item in two places: every copy repairs it alike.
    model.repair_merge();
    Ok(model)
}

/// As [`read_document`], for changes from elsewhere: also refuses a document whose shape
/// differs from the review format where both have a value (a list where a record belongs, a
/// record where text belongs). Such a document still reads, because serde is lenient (a
/// record may be read from a list), but every later edit of that part would fail for every
/// copy, so one member could stop the others editing it.
///
/// ```
/// use automerge::{transaction::Transactable, AutoCommit, ObjType, ROOT};
/// use northstar_schema::{read_document_strict, ReviewDocument, YoungPerson};
/// let mut doc = AutoCommit::new();
/// autosurgeon::reconcile(&mut doc, &ReviewDocument::new("r1", YoungPerson::default())).unwrap();
/// assert!(read_document_strict(&doc).is_ok());
/// // The plan's Section A is a record; a list there still reads, but cannot be edited.
/// let (_, plan) = automerge::ReadDoc::get(&doc, ROOT, "plan").unwrap().unwrap();
/// doc.put_object(&plan, "section_a", ObjType::List).unwrap();
/// let err = read_document_strict(&doc).unwrap_err().to_string();
/// assert!(err.contains("plan, section_a"), "{err}");
/// ```
pub fn read_document_strict<D: automerge::ReadDoc>(
    doc: &D,
) -> Result<ReviewDocument, crate::SchemaError> {
    let mut value = object_to_json(doc, &automerge::ROOT, automerge::ObjType::Map);
    crate::migrate::migrate_json(&mut value)?;
    let mut model = <ReviewDocument as serde::Deserialize>::deserialize(&value)?;
    let mut path = Vec::new();
    if !same_shape(&value, &serde_json::to_value(&model)?, &mut path) {
        return Err(crate::SchemaError::Invalid(format!(
            "{} holds the wrong kind of value",
            path.join(", ")
        )));
    }
    // After the shape check, which pairs list items by position.
    model.repair_merge();
    Ok(model)
}

/// Whether `stored` and `read` agree on the kind of every value both have. A blank stored
/// value (null) fits anything; keys only one side has are not compared. On a mismatch,
/// `path` is left naming where.
fn same_shape(
    stored: &serde_json::Value,
    read: &serde_json::Value,
    path: &mut Vec<String>,
) -> bool {
    use serde_json::Value;
    match (stored, read) {
        (Value::Null, _) | (_, Value::Null) => true,
        (Value::Object(a), Value::Object(b)) => a.iter().all(|(k, v)| match b.get(k) {
            None => true,
            Some(w) => {
                path.push(k.clone());
                let same = same_shape(v, w, path);
                if same {
                    path.pop();
                }
                same
            }
        }),
        (Value::Array(a), Value::Array(b)) => a.iter().zip(b).enumerate().all(|(i, (v, w))| {
            path.push(format!("item {}", i + 1));
            let same = same_shape(v, w, path);
            if same {
                path.pop();
            }
            same
        }),
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => true,
        _ => false,
    }
}

/// The JSON value of any Automerge object: maps, lists, text and scalars.
pub fn object_to_json<D: automerge::ReadDoc>(
    doc: &D,
    obj: &automerge::ObjId,
    kind: automerge::ObjType,
) -> serde_json::Value {
    // One `hydrate` walks the object's columns once; reading it key by key and index by index
    // seeks from the start each time, which made reading a long list back cost most of a sync.
    match doc.hydrate(obj, None) {
        Ok(value) => hydrated_to_json(&value),
        Err(_) if kind == automerge::ObjType::Text => serde_json::Value::String(String::new()),
        Err(_) => match kind {
            automerge::ObjType::List => serde_json::Value::Array(Vec::new()),
            _ => serde_json::Value::Object(serde_json::Map::new()),
        },
    }
}

fn hydrated_to_json(value: &automerge::hydrate::Value) -> serde_json::Value {
    use automerge::hydrate::Value as H;
    use serde_json::Value;
    match value {
        H::Map(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), hydrated_to_json(&v.value)))
                .collect(),
        ),
        H::List(list) => Value::Array(list.iter().map(|v| hydrated_to_json(&v.value)).collect()),
        H::Text(text) => Value::String(text.to_string()),
        H::Scalar(s) => scalar_to_json(s),
    }
}

fn scalar_to_json(s: &automerge::ScalarValue) -> serde_json::Value {
    use automerge::ScalarValue as S;
    use serde_json::Value;
    match s {
        S::Str(s) => Value::String(s.to_string()),
        S::Int(i) => Value::from(*i),
        S::Uint(u) => Value::from(*u),
        S::F64(f) => Value::from(*f),
        S::Counter(c) => Value::from(i64::from(c)),
        S::Timestamp(t) => Value::from(*t),
        S::Boolean(b) => Value::Bool(*b),
        // Bytes and unknown types have no place in the review model.
        S::Bytes(_) | S::Unknown { .. } | S::Null => Value::Null,
    }
}
