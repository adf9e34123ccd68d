//! Store benchmarks at the scale of a large local authority: 5,000 stored reviews
//! (an LA holds about 2,500–3,500 plans, and numbers grow every year).
//!
//! Each figure is measured twice in the same run: on a plain SQLite store, and on the
//! SQLCipher-encrypted store people's data is kept in, so the cost of encryption reads
//! straight off. Unlocking (the Argon2 stretch, then opening the store) is measured too.
//!
//! Run: `cargo bench -p northstar --bench store`. Figures go in BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use northstar_engine::{CaseloadQuery, Store, Workspace};
use northstar_schema::edit::{Poster, ReviewEdit};
use northstar_schema::{Action, Entry, ReviewDocument};
use std::time::Duration;

const REVIEWS: usize = 5_000;

/// The demo caseload, cycled and re-identified to reach `REVIEWS` documents.
fn fill(store: &mut Store) -> Vec<String> {
    let demo = northstar_engine::demo::demo_documents().unwrap();
    assert!(!demo.is_empty(), "the demo caseload is empty");
    (0..REVIEWS)
        .map(|i| {
            let mut doc: ReviewDocument = demo[i % demo.len()].clone();
            doc.id = format!("bench-{i:05}");
            doc.young_person.family_name = format!("{}{}", doc.young_person.family_name, i);
            store.create(&doc).unwrap()
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    for encrypted in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let store = match encrypted {
            true => Store::open(
                dir.path(),
                &northstar_engine::DataKey::for_tests(dir.path()),
            ),
            false => Store::open_unencrypted_for_benchmarks(dir.path()),
        }
        .unwrap();
        let mut group = c.benchmark_group(match encrypted {
            true => "SQLCipher",
            false => "plain SQLite",
        });
        variant(&mut group, store);
        group.finish();
    }
    unlocking(c);
}

/// Unlocking as a person does: the passphrase stretched at the standard cost, the data key
/// unwrapped, and the store (5,000 reviews) opened.
fn unlocking(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let passphrase = "three fictional words";
    let key = northstar_engine::DataKey::create(
        dir.path(),
        passphrase,
        northstar_engine::KdfCost::Standard,
    )
    .unwrap();
    fill(&mut Store::open(dir.path(), &key).unwrap());
    let mut group = c.benchmark_group("SQLCipher");
    group.sample_size(10);
    group.bench_function("unlock: stretch the passphrase and open the store", |b| {
        b.iter(|| {
            let key = northstar_engine::DataKey::unlock(dir.path(), passphrase).unwrap();
            Store::open(dir.path(), &key).unwrap()
        })
    });
    group.finish();
}

fn variant(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    mut store: Store,
) {
    let ids = fill(&mut store);
    let mut n = 0usize;

    c.bench_function("open a review (cold, from SQLite)", |b| {
        b.iter(|| {
            n = (n + 7919) % ids.len();
            store.load_cold(&ids[n]).unwrap()
        })
    });

    let mut k = 0u64;
    c.bench_function("persist one small edit (durable)", |b| {
        b.iter_batched(
            || {
                k += 1;
                k
            },
            |k| {
                store
                    .update(&ids[0], "bench", |d| {
                        let review = d.reviews.last_mut().expect("demo reviews have a review");
                        review.actions.push(Action {
                            id: format!("bench-{k}"),
                            owner: "SENCO".into(),
                            ..Default::default()
                        });
                        if review.actions.len() > 40 {
                            review.actions.remove(0);
                        }
                    })
                    .unwrap()
            },
            BatchSize::SmallInput,
        )
    });

    let mut typed = 0u64;
    c.bench_function("persist one keystroke in Section A (durable)", |b| {
        b.iter(|| {
            typed += 1;
            store
                .update(&ids[1], "Typing", |d| {
                    let views = &mut d.plan.section_a.young_person_views;
                    // Type, then trim back now and then so the text stays a realistic length.
                    let mut text = views.as_str().to_string();
                    if typed.is_multiple_of(200) {
                        text = text.chars().take(400).collect();
                    }
                    text.push('a');
                    *views = text.into();
                })
                .unwrap()
        })
    });

    c.bench_function("list the whole caseload (5,000)", |b| {
        b.iter(|| store.list(&CaseloadQuery::default()).unwrap().len())
    });

    c.bench_function("search the caseload by name", |b| {
        let q = CaseloadQuery {
            search: Some("patel12".into()),
            ..Default::default()
        };
        b.iter(|| store.list(&q).unwrap().len())
    });

    c.bench_function("search the caseload by setting", |b| {
        let q = CaseloadQuery {
            search: Some("riverside".into()),
            ..Default::default()
        };
        b.iter(|| store.list(&q).unwrap().len())
    });

    // What the window does per save: describe the edit, apply it to the newest copy, commit
    // it with its history note, and keep an undo step.
    let mut workspace = Workspace::new(store).unwrap();
    let review_id = workspace
        .review(&ids[2])
        .unwrap()
        .review
        .reviews
        .last()
        .unwrap()
        .id
        .clone();
    let edited = workspace
        .edit(
            &ids[2],
            &ReviewEdit::UpsertEntry {
                review_id: review_id.clone(),
                poster: Poster::LikeAndAdmire,
                entry: Entry::default(),
            },
        )
        .unwrap();
    let entry = edited
        .review
        .reviews
        .last()
        .unwrap()
        .record
        .like_and_admire
        .last()
        .unwrap()
        .clone();
    let mut typed = String::new();
    c.bench_function(
        "save a meeting entry through the workspace (durable)",
        |b| {
            b.iter(|| {
                typed.push('a');
                if typed.len() > 300 {
                    typed.clear();
                }
                workspace
                    .edit(
                        &ids[2],
                        &ReviewEdit::UpsertEntry {
                            review_id: review_id.clone(),
                            poster: Poster::LikeAndAdmire,
                            entry: Entry {
                                text: typed.as_str().into(),
                                ..entry.clone()
                            },
                        },
                    )
                    .unwrap()
            })
        },
    );
}

criterion_group! {
    name = store;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(store);
