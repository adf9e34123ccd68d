//! The published JSON Schema (`schema/review.schema.json`) must match the Rust model.
//! Run with `UPDATE_SCHEMA=1` to regenerate it after changing the model.

use northstar_schema::ReviewDocument;

#[test]
fn review_schema_file_matches_the_model() {
    let generated =
        serde_json::to_string_pretty(&schemars::schema_for!(ReviewDocument)).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/review.schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "schema/review.schema.json is out of date: run `UPDATE_SCHEMA=1 cargo test -p northstar-schema --test json_schema`"
    );
}
