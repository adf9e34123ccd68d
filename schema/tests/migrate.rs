//! Documents are migrated forward on load; newer or broken ones are refused clearly.

use automerge::{transaction::Transactable, AutoCommit, ObjType, ROOT};
use northstar_schema::{migrate, ReviewDocument, SchemaError, Sen2Code, CURRENT_SCHEMA_VERSION};

const V1: &str = r#"{
  "schema_version": 1,
  "id": "v1-doc",
  "young_person": {"given_name": "Amara", "family_name": "Okafor",
                   "primary_need": "HI", "secondary_needs": ["SLCN", "SEMH"]}
}"#;

#[test]
fn v1_json_is_migrated_to_ordered_need_codes() {
    let doc = ReviewDocument::from_json_str(V1).unwrap();
    assert_eq!(doc.schema_version, CURRENT_SCHEMA_VERSION);
    let codes: Vec<_> = doc.young_person.needs.iter().map(|n| n.code).collect();
    assert_eq!(codes, [Sen2Code::Hi, Sen2Code::Slcn, Sen2Code::Semh]);
}

#[test]
fn a_newer_version_is_refused_not_guessed() {
    let json = V1.replace("\"schema_version\": 1", "\"schema_version\": 99");
    let err = ReviewDocument::from_json_str(&json).unwrap_err();
    assert!(
        matches!(err, SchemaError::TooNew { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer version of Northstar"));
}

#[test]
fn missing_version_and_bad_codes_are_clear_errors() {
    let err = ReviewDocument::from_json_str(r#"{"id": "x"}"#).unwrap_err();
    assert!(matches!(err, SchemaError::MissingVersion));
    let bad = V1.replace("\"HI\"", "\"XYZ\"");
    let err = ReviewDocument::from_json_str(&bad).unwrap_err();
    assert!(err.to_string().contains("not a SEN2 need code"), "{err}");
}

#[test]
fn duplicate_ids_are_rejected() {
    let mut doc = ReviewDocument::from_json_str(V1).unwrap();
    doc.participants.push(northstar_schema::Participant {
        id: "p1".into(),
        ..Default::default()
    });
    doc.participants.push(northstar_schema::Participant {
        id: "p1".into(),
        ..Default::default()
    });
    assert!(doc
        .validate()
        .unwrap_err()
        .to_string()
        .contains("share the id"));
}

#[test]
fn v1_automerge_document_is_migrated_as_new_changes() {
    let mut am = AutoCommit::new();
    am.put(ROOT, "schema_version", 1u64).unwrap();
    am.put(ROOT, "id", "v1-am").unwrap();
    let yp = am.put_object(ROOT, "young_person", ObjType::Map).unwrap();
    am.put(&yp, "given_name", "Amara").unwrap();
    am.put(&yp, "family_name", "Okafor").unwrap();
    am.put(&yp, "primary_need", "VI").unwrap();
    let list = am
        .put_object(&yp, "secondary_needs", ObjType::List)
        .unwrap();
    am.insert(&list, 0, "PD").unwrap();
    am.commit();
    let before = am.get_heads();

    assert_eq!(migrate::migrate_automerge(&mut am).unwrap(), 1);
    am.commit();
    assert_ne!(am.get_heads(), before, "migration is recorded as a change");
    assert_eq!(
        migrate::document_version(&am).unwrap(),
        CURRENT_SCHEMA_VERSION
    );
    // Fields v1 never had (plan, reviews...) read as their defaults.
    let doc = northstar_schema::read_document(&am).unwrap();
    let codes: Vec<_> = doc.young_person.needs.iter().map(|n| n.code).collect();
    assert_eq!(codes, [Sen2Code::Vi, Sen2Code::Pd]);
    assert!(doc.reviews.is_empty());
    let _ = yp;
}
