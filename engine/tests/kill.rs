//! Durability: an edit acknowledged to the caller survives the writer being killed mid-stream.

mod common;

use common::{bin, review};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

#[test]
fn no_acknowledged_edit_is_lost_when_the_writer_is_killed() {
    // 200 kills, each at a different point, some in the middle of a compaction (the writer
    // compacts every 8 edits). A fresh folder every 20 rounds keeps the history short.
    let mut data = tempfile::tempdir().unwrap();
    for round in 0..200u32 {
        if round % 20 == 0 {
            data = tempfile::tempdir().unwrap();
            northstar_engine::Store::open(
                data.path(),
                &northstar_engine::DataKey::for_tests(data.path()),
            )
            .unwrap()
            .create(&review("kill-me", "Ravi", "Sharma"))
            .unwrap();
        }
        let mut child = bin()
            .arg("--data-dir")
            .arg(data.path())
            .args(["append-actions", "kill-me", "100000"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // Kill at a different point each round, while it is still writing.
        let stop_after = 1 + (round * 37) % 40;
        let mut last_ack = 0;
        for line in lines.by_ref() {
            let line = line.unwrap();
            last_ack = line.strip_prefix("ack ").unwrap().parse::<u32>().unwrap();
            if last_ack == stop_after {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL: no destructors, no flushing
        child.wait().unwrap();
        assert_eq!(last_ack, stop_after);

        let mut store = northstar_engine::Store::open(
            data.path(),
            &northstar_engine::DataKey::for_tests(data.path()),
        )
        .unwrap();
        let doc = store.get("kill-me").unwrap();
        let actions = &doc.reviews.last().unwrap().actions;
        for i in 1..=last_ack {
            let id = format!("append-{i}");
            assert!(
                actions.iter().any(|a| a.id == id),
                "round {round}: acknowledged edit {id} was lost"
            );
        }
        // Each round starts again from 1 with the same ids, so clear them for the next round.
        store
            .update("kill-me", "Reset", |d| {
                d.reviews.last_mut().unwrap().actions.clear()
            })
            .unwrap();
    }
}
