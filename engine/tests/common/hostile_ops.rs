//! A hostile member's edits, as operations on any object of the review: put, delete, make a
//! record or list, splice text, at positions picked from the document as it is. Shared by the
//! property test (`hostile.rs`, `fuzzing`) and the coverage-guided fuzz target
//! (`fuzz/fuzz_targets/hostile_envelope.rs`), so both send the same kinds of attack.
#![allow(dead_code)]

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, ScalarValue, Value, ROOT};

#[derive(Debug, Clone)]
pub enum Hostile {
    Put(usize, usize, i64),
    PutNull(usize, usize),
    MakeMap(usize, usize),
    MakeList(usize, usize),
    Delete(usize, usize),
    Splice(usize, usize, usize, String),
}

impl Hostile {
    /// Reads operations from raw bytes, four bytes each (a fuzzer's input).
    pub fn decode(bytes: &[u8]) -> Vec<Hostile> {
        bytes
            .chunks_exact(4)
            .map(|c| {
                let (o, k) = (c[1] as usize, c[2] as usize % 16);
                match c[0] % 8 {
                    0 => Hostile::Put(o, k, [i64::MAX, -1, 0, 1, 2][c[3] as usize % 5]),
                    1 => Hostile::PutNull(o, k),
                    2 => Hostile::MakeMap(o, k),
                    3 => Hostile::MakeList(o, k),
                    4..=6 => Hostile::Delete(o, k),
                    _ => Hostile::Splice(o, k, c[3] as usize % 4, "x".repeat(c[3] as usize % 7)),
                }
            })
            .collect()
    }
}

/// Every object in the document, root first, with its type.
pub fn objects(doc: &AutoCommit) -> Vec<(ObjId, ObjType)> {
    let mut out = vec![(ROOT, ObjType::Map)];
    let mut i = 0;
    while let Some((obj, kind)) = out.get(i).cloned() {
        i += 1;
        let children: Vec<(ObjId, ObjType)> = match kind {
            ObjType::Map | ObjType::Table => doc
                .keys(&obj)
                .filter_map(|k| match doc.get(&obj, k.as_str()).ok().flatten() {
                    Some((Value::Object(t), id)) => Some((id, t)),
                    _ => None,
                })
                .collect(),
            ObjType::List => (0..doc.length(&obj))
                .filter_map(|j| match doc.get(&obj, j).ok().flatten() {
                    Some((Value::Object(t), id)) => Some((id, t)),
                    _ => None,
                })
                .collect(),
            ObjType::Text => Vec::new(),
        };
        out.extend(children);
    }
    out
}

const KEYS: [&str; 6] = ["la_decision", "decision", "id", "members", "reviews", "x"];

pub fn run(doc: &mut AutoCommit, op: &Hostile) {
    let all = objects(doc);
    let (o, k) = match op {
        Hostile::Put(o, k, _)
        | Hostile::PutNull(o, k)
        | Hostile::MakeMap(o, k)
        | Hostile::MakeList(o, k)
        | Hostile::Delete(o, k)
        | Hostile::Splice(o, k, _, _) => (*o, *k),
    };
    let (obj, kind) = all[o % all.len()].clone();
    let len = doc.length(&obj);
    // Results are ignored: a write that does not fit its object is simply not made.
    match kind {
        ObjType::Map | ObjType::Table => {
            let keys: Vec<String> = doc.keys(&obj).collect();
            let key = keys
                .get(k)
                .cloned()
                .unwrap_or_else(|| KEYS[k % KEYS.len()].to_string());
            let _ = match op {
                Hostile::Put(_, _, v) => doc.put(&obj, key, *v),
                Hostile::PutNull(..) => doc.put(&obj, key, ScalarValue::Null),
                Hostile::MakeMap(..) => doc.put_object(&obj, key, ObjType::Map).map(drop),
                Hostile::MakeList(..) => doc.put_object(&obj, key, ObjType::List).map(drop),
                Hostile::Delete(..) => doc.delete(&obj, key),
                Hostile::Splice(..) => doc.put(&obj, key, "words"),
            };
        }
        ObjType::List => {
            let at = k % (len + 1);
            let _ = match op {
                Hostile::Put(_, _, v) => doc.insert(&obj, at, *v),
                Hostile::PutNull(..) if at < len => doc.put(&obj, at, ScalarValue::Null),
                Hostile::MakeMap(..) => doc.insert_object(&obj, at, ObjType::Map).map(drop),
                Hostile::MakeList(..) if at < len => {
                    doc.put_object(&obj, at, ObjType::List).map(drop)
                }
                Hostile::Delete(..) if at < len => doc.delete(&obj, at),
                _ => Ok(()),
            };
        }
        ObjType::Text => {
            if let Hostile::Splice(_, _, del, text) = op {
                let at = k % (len + 1);
                let del = (*del).min(len - at) as isize;
                let _ = doc.splice_text(&obj, at, del, text);
            }
        }
    }
}

/// The parts of a review a parent or carer may not write, as JSON.
pub fn not_the_parents(d: &northstar_schema::ReviewDocument, parent: &str) -> serde_json::Value {
    let mut plan = serde_json::to_value(&d.plan).unwrap();
    plan.as_object_mut().unwrap().remove("section_a");
    let reviews: Vec<serde_json::Value> = d
        .reviews
        .iter()
        .map(|r| {
            serde_json::json!([
                r.id,
                r.la_decision,
                r.recommendation,
                r.report_sent_on,
                r.report_sent_to,
                r.advice
            ])
        })
        .collect();
    let others: Vec<_> = d
        .members
        .iter()
        .filter(|m| m.device_key != parent)
        .collect();
    serde_json::json!({
        "id": d.id, "version": d.schema_version, "young_person": d.young_person,
        "participants": d.participants, "plan": plan, "reviews": reviews,
        "issues": d.issues, "voice": d.voice, "members": others,
    })
}
