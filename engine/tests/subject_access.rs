//! A subject access request answered in one folder, and the disclosure record that fills
//! itself in as the plan is shared, saved and sent.

mod common;

use common::review;
use northstar_engine::sync::{self, HttpRelay};
use northstar_engine::{disclosures, subject_access, DataKey, Store};
use northstar_schema::{Attachment, AttachmentKind, Contribution, ReviewDocument, Role};

const DRAWING: &[u8] = b"fictional drawing: a kite over the sea";

#[test]
fn everything_held_goes_into_one_folder_and_each_disclosure_is_recorded() {
    let (_relay_dir, _relay, url) = common::relay_on_loopback();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), &DataKey::for_tests(dir.path())).unwrap();
    store.create(&review("r1", "Ayo", "Bello")).unwrap();
    let sha = store.put_blob(DRAWING, "image/png").unwrap();
    let reference = sha.clone();
    store
        .update("r1", "Added a drawing", move |d| {
            d.voice.push(Contribution {
                id: "c1".into(),
                attachments: vec![Attachment {
                    sha256: reference,
                    kind: AttachmentKind::Drawing,
                    media_type: "image/png".into(),
                    byte_len: DRAWING.len() as u64,
                    caption: None,
                }],
                ..Default::default()
            })
        })
        .unwrap();
    store
        .update("r1", "Wrote the parents' views", |d| {
            d.plan.section_a.parent_views = "Ayo loves kites.".into()
        })
        .unwrap();

    // Shared, a parent joins; a PDF is saved.
    sync::share(&mut store, "r1", &url, Role::Senco, "Jo Marsh").unwrap();
    sync::sync_review(&mut store, "r1", &mut HttpRelay::new(&url), &mut |_| {}).unwrap();
    let parent_dir = tempfile::tempdir().unwrap();
    let mut parent =
        Store::open(parent_dir.path(), &DataKey::for_tests(parent_dir.path())).unwrap();
    let invitation = sync::invite(&mut store, "r1", Role::ParentCarer).unwrap();
    sync::join(
        &mut parent,
        &invitation,
        "Dana Bello",
        &mut HttpRelay::new(&url),
    )
    .unwrap();
    sync::sync_review(&mut store, "r1", &mut HttpRelay::new(&url), &mut |_| {}).unwrap();
    let out = tempfile::tempdir().unwrap();
    northstar_engine::pdf::export(
        &mut store,
        "r1",
        northstar_engine::pdf::PdfKind::OnePageProfile,
        northstar_engine::pdf::Print::Standard,
        &out.path().join("p.pdf"),
    )
    .unwrap();

    let record = disclosures::list(&store, "r1").unwrap();
    let to: Vec<&str> = record.iter().map(|d| d.to_whom.as_str()).collect();
    assert!(
        to.iter()
            .any(|t| t.contains("invitation made for a parent")),
        "{to:?}"
    );
    assert!(to.contains(&"Dana Bello (Parent or carer)"), "{to:?}");
    assert!(
        record
            .iter()
            .any(|d| d.what == "The one-page profile (PDF)"),
        "{record:?}"
    );

    // Everything, in one new folder.
    let folder = out.path().join("Ayo Bello - everything held");
    let pack = subject_access::export(&mut store, "r1", &folder, "Jo Marsh").unwrap();
    let read =
        |name: &str| std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    for pdf in ["plan.pdf", "one-page-profile.pdf"] {
        assert!(read(pdf).starts_with(b"%PDF"), "{pdf}");
    }
    let reviews: Vec<&String> = pack
        .files
        .iter()
        .filter(|f| f.starts_with("review-"))
        .collect();
    assert_eq!(reviews.len(), 1, "{:?}", pack.files);
    let history = String::from_utf8(read("history.txt")).unwrap();
    assert!(history.contains("Wrote the parents' views"), "{history}");
    assert!(
        history.contains("Dana Bello joined as Parent or carer"),
        "{history}"
    );
    let listed = String::from_utf8(read("disclosures.txt")).unwrap();
    assert!(listed.contains("Dana Bello (Parent or carer)"), "{listed}");
    let attachment = pack
        .files
        .iter()
        .find(|f| f.starts_with("attachments/"))
        .unwrap();
    assert_eq!(read(attachment), DRAWING);
    assert!(attachment.ends_with(".png"));
    let json: ReviewDocument = serde_json::from_slice(&read("review.json")).unwrap();
    assert_eq!(json, store.get("r1").unwrap());
    assert!(String::from_utf8(read("README.txt"))
        .unwrap()
        .contains("Made on"));
    // The export itself is in the record now.
    assert!(disclosures::list(&store, "r1")
        .unwrap()
        .iter()
        .any(|d| d.basis.contains("article 15") && d.by == "Jo Marsh"));

    // A folder that exists already is never written into.
    let before: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let err = subject_access::export(&mut store, "r1", &folder, "Jo Marsh").unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    let after: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before.len(), after.len());
    // No half-made folder is left beside it.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");

    // Something sent another way is added by hand; blanks are refused.
    assert!(disclosures::record_by_hand(&mut store, "r1", " ", "x", "y", "Jo").is_err());
    disclosures::record_by_hand(
        &mut store,
        "r1",
        "Dr Lee, paediatrician",
        "The plan, by post",
        "Asked for advice (reg 6)",
        "Jo Marsh",
    )
    .unwrap();
    assert!(
        disclosures::as_text(&disclosures::list(&store, "r1").unwrap())
            .contains("Dr Lee, paediatrician")
    );
}
