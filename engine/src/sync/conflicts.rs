//! Finding and settling fields that two copies changed at the same time.
//!
//! Automerge keeps every concurrent value of a field and shows one of them by a fixed rule, so
//! a parent's "weekly" can be hidden behind a therapist's "fortnightly" without anyone seeing
//! it. [`conflicts`] lists every such field with all its values and who wrote each;
//! [`settle`] writes the value a person chose as an ordinary edit, which every copy then shows.
//! Text fields merge character by character and never conflict; single values (dates,
//! choices, short fields) do, and so do whole records two people made at once (two copies
//! each recording the LA's decision): those are shown as a summary of each record and settled
//! by keeping one whole.

use super::device::device_of_actor;
use super::SyncError;
use crate::{EngineError, Result, Store};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, Prop, ReadDoc, ScalarValue, Value};
use northstar_schema::sync::{place_of, Conflict, ConflictStep, ConflictValue};
use northstar_schema::{Member, ReviewDocument};

/// Every field of review `id` that holds more than one value at once.
pub fn conflicts(store: &mut Store, id: &str) -> Result<Vec<Conflict>> {
    let members = store.get(id)?.members;
    let me = store.device().public();
    store.with_doc(id, |doc| {
        let mut found = Vec::new();
        walk(doc, &automerge::ROOT, &mut Vec::new(), &mut found);
        found
            .into_iter()
            .map(|(path, values)| Conflict {
                place: place_of(&path),
                path,
                values: values
                    .into_iter()
                    .map(|(value, actor)| who_wrote(value, actor, &members, &me))
                    .collect(),
            })
            .collect()
    })
}

/// Plain words for settling: "Chose “2027-01-19” for the review meeting record, meeting date".
pub fn settled_words(path: &[ConflictStep], shown: &str) -> String {
    format!("Chose \u{201c}{shown}\u{201d} for {}", place_of(path))
}

/// Keeps the value `shown` of the conflict at `path`, as a local edit with history `message`.
/// `shown` guards against a stale screen: if the field changed since, nothing is written.
pub fn settle(
    store: &mut Store,
    id: &str,
    path: &[ConflictStep],
    shown: &str,
    message: &str,
) -> Result<ReviewDocument> {
    let gone = || EngineError::Sync(SyncError::ConflictGone);
    store.edit_raw(id, message, |doc| {
        let (last, parents) = path.split_last().ok_or_else(gone)?;
        let mut obj = automerge::ROOT;
        for step in parents {
            obj = match doc.get(&obj, prop(step))? {
                Some((Value::Object(_), child)) => child,
                _ => return Err(gone()),
            };
        }
        let values = doc.get_all(&obj, prop(last))?;
        if values.len() < 2 {
            return Err(gone());
        }
        let chosen = values
            .into_iter()
            .find(|(v, id)| match v {
                Value::Scalar(s) => words(s) == shown,
                Value::Object(kind) => object_words(doc, id, *kind) == shown,
            })
            .ok_or_else(gone)?;
        match chosen {
            (Value::Scalar(s), _) => match prop(last) {
                Prop::Map(key) => doc.put(&obj, key, s.into_owned())?,
                Prop::Seq(index) => doc.put(&obj, index, s.into_owned())?,
            },
            // A record is kept by writing a fresh copy of it over all the concurrent ones.
            (Value::Object(kind), source) => {
                let copy = match prop(last) {
                    Prop::Map(key) => doc.put_object(&obj, key, kind)?,
                    Prop::Seq(index) => doc.put_object(&obj, index, kind)?,
                };
                copy_object(doc, &source, &copy)?;
            }
        }
        Ok(())
    })
}

/// Copies everything inside `from` into the new, empty object `to` of the same kind.
fn copy_object(doc: &mut AutoCommit, from: &ObjId, to: &ObjId) -> Result<()> {
    match doc.object_type(from)? {
        ObjType::Text => {
            let text = doc.text(from)?;
            doc.splice_text(to, 0, 0, &text)?;
        }
        ObjType::Map | ObjType::Table => {
            let keys: Vec<String> = doc.keys(from).collect();
            for key in keys {
                match doc.get(from, key.as_str())? {
                    Some((Value::Scalar(s), _)) => doc.put(to, key.as_str(), s.into_owned())?,
                    Some((Value::Object(kind), child)) => {
                        let new = doc.put_object(to, key.as_str(), kind)?;
                        copy_object(doc, &child, &new)?;
                    }
                    None => {}
                }
            }
        }
        ObjType::List => {
            for i in 0..doc.length(from) {
                match doc.get(from, i)? {
                    Some((Value::Scalar(s), _)) => doc.insert(to, i, s.into_owned())?,
                    Some((Value::Object(kind), child)) => {
                        let new = doc.insert_object(to, i, kind)?;
                        copy_object(doc, &child, &new)?;
                    }
                    None => {}
                }
            }
        }
    }
    Ok(())
}

/// A record as people read it: each filled-in field, "decision: amend; decided on: …", and a
/// list as its items, so two records or lists that differ anywhere read differently.
fn object_words(doc: &AutoCommit, id: &ObjId, kind: ObjType) -> String {
    let words = json_words(&northstar_schema::object_to_json(doc, id, kind));
    if words.is_empty() {
        "(blank)".into()
    } else {
        words
    }
}

fn json_words(value: &serde_json::Value) -> String {
    use serde_json::Value;
    let short = |text: &str| {
        let mut s: String = text.trim().chars().take(60).collect();
        if s.len() < text.trim().len() {
            s.push('…');
        }
        s
    };
    match value {
        Value::String(s) => short(s),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) | Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items
                .iter()
                .map(json_words)
                .filter(|w| !w.is_empty())
                .collect();
            if items.is_empty() {
                String::new()
            } else {
                format!("[{}]", items.join(" | "))
            }
        }
        Value::Object(map) => map
            .iter()
            .filter_map(|(key, value)| {
                let w = json_words(value);
                (!w.is_empty()).then(|| format!("{}: {w}", key.replace('_', " ")))
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn prop(step: &ConflictStep) -> Prop {
    match step {
        ConflictStep::Key(k) => Prop::Map(k.clone()),
        ConflictStep::Index(i) => Prop::Seq(*i),
    }
}

type Found = (Vec<ConflictStep>, Vec<(String, Option<automerge::ActorId>)>);

fn walk(doc: &AutoCommit, obj: &ObjId, path: &mut Vec<ConflictStep>, found: &mut Vec<Found>) {
    let steps: Vec<ConflictStep> = match doc.object_type(obj) {
        Ok(ObjType::Map | ObjType::Table) => doc.keys(obj).map(ConflictStep::Key).collect(),
        Ok(ObjType::List) => (0..doc.length(obj)).map(ConflictStep::Index).collect(),
        // Text merges character by character: nothing in it can conflict.
        _ => return,
    };
    for step in steps {
        let Ok(values) = doc.get_all(obj, prop(&step)) else {
            continue;
        };
        let shown = doc.get(obj, prop(&step)).ok().flatten();
        path.push(step);
        // Text never conflicts (it merges); single values and whole records can.
        let mut scalars: Vec<(String, Option<automerge::ActorId>)> = values
            .iter()
            .filter_map(|(v, id)| match v {
                Value::Scalar(s) => Some((words(s), actor_of(id))),
                Value::Object(kind @ (ObjType::Map | ObjType::Table | ObjType::List)) => {
                    Some((object_words(doc, id, *kind), actor_of(id)))
                }
                Value::Object(ObjType::Text) => None,
            })
            .collect();
        let differ = scalars.iter().any(|(w, _)| *w != scalars[0].0);
        if scalars.len() > 1 && differ {
            // The value the review shows now goes first.
            if let Some((_, id)) = &shown {
                let winner = actor_of(id);
                if let Some(at) = scalars.iter().position(|(_, a)| *a == winner) {
                    scalars.swap(0, at);
                }
            }
            found.push((path.clone(), scalars));
        }
        // Only the object the review shows is walked: that is what people are editing.
        if let Some((Value::Object(_), child)) = &shown {
            walk(doc, child, path, found);
        }
        path.pop();
    }
}

fn actor_of(id: &ObjId) -> Option<automerge::ActorId> {
    match id {
        ObjId::Id(_, actor, _) => Some(actor.clone()),
        ObjId::Root => None,
    }
}

/// A value as people read it.
fn words(value: &ScalarValue) -> String {
    match value {
        ScalarValue::Str(s) if s.trim().is_empty() => "(blank)".into(),
        ScalarValue::Str(s) => s.to_string(),
        ScalarValue::Int(n) => n.to_string(),
        ScalarValue::Uint(n) => n.to_string(),
        ScalarValue::F64(n) => n.to_string(),
        ScalarValue::Boolean(true) => "yes".into(),
        ScalarValue::Boolean(false) => "no".into(),
        ScalarValue::Null => "(blank)".into(),
        other => other.to_string(),
    }
}

fn who_wrote(
    shown: String,
    actor: Option<automerge::ActorId>,
    members: &[Member],
    me: &[u8; 32],
) -> ConflictValue {
    let device = actor.as_ref().and_then(device_of_actor);
    if device.as_ref() == Some(me) {
        return ConflictValue {
            shown,
            by: "you, on this computer".into(),
            role: None,
        };
    }
    let member = device.and_then(|d| {
        let key = hex::encode(d);
        members.iter().find(|m| m.device_key == key)
    });
    match member {
        Some(m) => ConflictValue {
            shown,
            by: m.name.clone(),
            role: Some(m.role),
        },
        None => ConflictValue {
            shown,
            by: "someone whose copy is not in the members list".into(),
            role: None,
        },
    }
}
