//! Forward migration of review documents.
//!
//! Every document carries `schema_version`. On load, older versions are migrated step by step
//! to [`CURRENT_SCHEMA_VERSION`](crate::CURRENT_SCHEMA_VERSION); a newer version is refused with
//! [`SchemaError::TooNew`] so this build never rewrites data it does not understand.
//!
//! History:
//! - **1:** `young_person.primary_need` (one SEN2 code) and `young_person.secondary_needs` (codes).
//! - **2:** `young_person.needs`, an ordered list of `{code, area}`, primary first.
//!
//! ```
//! use northstar_schema::migrate::migrate_json;
//! let mut v = serde_json::json!({"schema_version": 1, "young_person":
//!     {"primary_need": "ASD", "secondary_needs": ["SLCN"]}});
//! assert_eq!(migrate_json(&mut v).unwrap(), 1);
//! assert_eq!(v["schema_version"], 2);
//! assert_eq!(v["young_person"]["needs"][0]["code"], "ASD");
//! assert_eq!(v["young_person"]["needs"][1]["area"], "communication-and-interaction");
//! ```

use crate::{NeedCode, SchemaError, Sen2Code, CURRENT_SCHEMA_VERSION};
use serde_json::Value;

/// Reads `schema_version` and checks this build can read it.
pub fn check_version(version: Option<u64>) -> Result<u32, SchemaError> {
    let v = version.ok_or(SchemaError::MissingVersion)?;
    let v = u32::try_from(v).map_err(|_| SchemaError::UnknownVersion(u32::MAX))?;
    if v > CURRENT_SCHEMA_VERSION {
        return Err(SchemaError::TooNew {
            found: v,
            supported: CURRENT_SCHEMA_VERSION,
        });
    }
    if v == 0 {
        return Err(SchemaError::UnknownVersion(0));
    }
    Ok(v)
}

/// Migrates the JSON form in place. Returns the version it started from.
pub fn migrate_json(value: &mut Value) -> Result<u32, SchemaError> {
    if !value.is_object() {
        return Err(SchemaError::Invalid(
            "a review document must be a JSON object".into(),
        ));
    }
    let from = check_version(value.get("schema_version").and_then(Value::as_u64))?;
    if from < 2 {
        v1_to_v2_json(value)?;
    }
    value["schema_version"] = Value::from(CURRENT_SCHEMA_VERSION);
    Ok(from)
}

fn parse_code(v: &Value) -> Result<Sen2Code, SchemaError> {
    serde_json::from_value(v.clone())
        .map_err(|_| SchemaError::Invalid(format!("{v} is not a SEN2 need code")))
}

/// The v1 need fields, in order, as v2 `NeedCode`s.
fn v1_needs(
    primary: Option<&Value>,
    secondary: Option<&Value>,
) -> Result<Vec<NeedCode>, SchemaError> {
    let mut needs = Vec::new();
    if let Some(p) = primary.filter(|p| !p.is_null()) {
        needs.push(NeedCode::new(parse_code(p)?));
    }
    if let Some(list) = secondary.and_then(Value::as_array) {
        for code in list {
            needs.push(NeedCode::new(parse_code(code)?));
        }
    }
    Ok(needs)
}

fn v1_to_v2_json(value: &mut Value) -> Result<(), SchemaError> {
    let Some(yp) = value.get_mut("young_person").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    let needs = v1_needs(yp.get("primary_need"), yp.get("secondary_needs"))?;
    yp.remove("primary_need");
    yp.remove("secondary_needs");
    yp.insert("needs".into(), serde_json::to_value(needs)?);
    Ok(())
}

#[cfg(feature = "automerge")]
pub use am::migrate_automerge;

#[cfg(feature = "automerge")]
mod am {
    use super::*;
    use automerge::{transaction::Transactable, ObjType, ReadDoc, ScalarValue, ROOT};

    fn scalar_u64(doc: &automerge::AutoCommit, obj: &automerge::ObjId, key: &str) -> Option<u64> {
        match doc.get(obj, key).ok()??.0 {
            automerge::Value::Scalar(s) => match s.as_ref() {
                ScalarValue::Uint(u) => Some(*u),
                ScalarValue::Int(i) => u64::try_from(*i).ok(),
                _ => None,
            },
            _ => None,
        }
    }

    /// Reads the document's `schema_version` and checks this build can read it.
    pub fn document_version(doc: &automerge::AutoCommit) -> Result<u32, SchemaError> {
        check_version(scalar_u64(doc, &ROOT, "schema_version"))
    }

    /// Migrates an Automerge document in place, as new changes on top of its history, so
    /// every peer's copy migrates the same way and nothing already written is rewritten.
    /// Returns the version it started from.
    pub fn migrate_automerge(doc: &mut automerge::AutoCommit) -> Result<u32, SchemaError> {
        let from = document_version(doc)?;
        if from < 2 {
            v1_to_v2(doc)?;
        }
        if from < CURRENT_SCHEMA_VERSION {
            doc.put(ROOT, "schema_version", CURRENT_SCHEMA_VERSION as u64)?;
        }
        Ok(from)
    }

    fn v1_to_v2(doc: &mut automerge::AutoCommit) -> Result<(), SchemaError> {
        let Some((automerge::Value::Object(ObjType::Map), yp)) = doc.get(ROOT, "young_person")?
        else {
            return Ok(());
        };
        let primary = text_at(doc, &yp, "primary_need");
        let secondary = match doc.get(&yp, "secondary_needs")? {
            Some((automerge::Value::Object(ObjType::List), list)) => Some(Value::Array(
                (0..doc.length(&list))
                    .filter_map(|i| text_at(doc, &list, i))
                    .collect(),
            )),
            _ => None,
        };
        let needs = v1_needs(primary.as_ref(), secondary.as_ref())?;
        autosurgeon::reconcile_prop(doc, &yp, "needs", &needs)?;
        doc.delete(&yp, "primary_need")?;
        doc.delete(&yp, "secondary_needs")?;
        Ok(())
    }

    fn text_at(
        doc: &automerge::AutoCommit,
        obj: &automerge::ObjId,
        prop: impl Into<automerge::Prop>,
    ) -> Option<Value> {
        match doc.get(obj, prop).ok()?? {
            (automerge::Value::Scalar(s), _) => s.as_str().map(|s| Value::String(s.to_string())),
            _ => None,
        }
    }
}

#[cfg(feature = "automerge")]
pub use am::document_version;
