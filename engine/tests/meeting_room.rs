//! A review meeting with no internet, through real relays on loopback: the SENCO's laptop
//! opens a meeting room while the LA's relay is out of reach; a parent who joined at home and
//! a therapist who never had the review both sync in the room; once the laptop is back online
//! the LA's relay gets everything said in the room, and the therapist's copy goes on syncing
//! through the LA's relay after the meeting.

mod common;

use common::{add_like, likes, review};
use northstar_engine::meeting_room::{MeetingRoom, RoomOpened};
use northstar_engine::sync::{self, HttpRelay, Transport};
use northstar_engine::Store;
use northstar_relay::standalone::{spawn, RunOptions, RunningRelay};
use northstar_schema::Role;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use tempfile::TempDir;

struct Person {
    dir: TempDir,
    store: Store,
}

impl Person {
    fn new() -> Person {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            dir.path(),
            &northstar_engine::DataKey::for_tests(dir.path()),
        )
        .unwrap();
        Person { dir, store }
    }

    /// One round of the background sync: every review through every route. Answers, per
    /// relay, whether it worked.
    fn sync_all(&mut self) -> Vec<(String, bool)> {
        sync::sync_targets(&self.store)
            .unwrap()
            .into_iter()
            .map(|t| {
                let mut net = t.transport();
                let ok =
                    sync::sync_review(&mut self.store, &t.review, &mut net, &mut |_| {}).is_ok();
                (t.relay, ok)
            })
            .collect()
    }

    fn like(&mut self, text: &str) {
        add_like(&mut self.store, "r1", text);
    }

    fn likes(&mut self) -> Vec<String> {
        likes(&mut self.store, "r1")
    }
}

/// The SENCO's meeting room, reachable on loopback only (as a room's Wi-Fi would be here).
fn open_room_on_loopback(senco: &Person) -> (MeetingRoom, RoomOpened) {
    let room = MeetingRoom::default();
    let opened = room
        .open_on(
            senco.dir.path(),
            &senco.store,
            IpAddr::V4(Ipv4Addr::LOCALHOST),
        )
        .unwrap();
    (room, opened)
}

fn relay_at(listen: SocketAddr, dir: &Path) -> RunningRelay {
    spawn(RunOptions {
        listen,
        storage: northstar_relay::standalone::Storage::sqlite(dir.join("relay.db")),
        limits: northstar_relay::Limits::default(),
        tls: None,
    })
    .unwrap_or_else(|f| panic!("relay: {}", f.message))
}

const SAID_IN_THE_ROOM: [&str; 3] = [
    "Dana: sleeps better",
    "Jo: reading at home",
    "Sam: new splints",
];

#[test]
fn a_meeting_in_the_room_reaches_the_las_relay_once_the_laptop_is_back_online() {
    let la_files = tempfile::tempdir().unwrap();
    let la = relay_at(
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
        la_files.path(),
    );
    let la_addr = la.addr();
    let la_url = format!("http://{la_addr}");

    // Before the meeting: the SENCO shares the review through the LA's relay and the parent
    // joins from home.
    let mut senco = Person::new();
    senco.store.create(&review("r1", "Ayo", "Bello")).unwrap();
    sync::share(&mut senco.store, "r1", &la_url, Role::Senco, "Jo Marsh").unwrap();
    assert!(senco.sync_all().iter().all(|(_, ok)| *ok));
    let mut parent = Person::new();
    let code = sync::invite(&mut senco.store, "r1", Role::ParentCarer)
        .unwrap()
        .to_code();
    sync::join_by_code(&mut parent.store, &code, "Dana Bello").unwrap();

    // Meeting day: no internet, so the LA's relay is out of reach; the SENCO opens the room.
    la.stop();
    let (room, opened) = open_room_on_loopback(&senco);
    assert_eq!(opened.reviews, 1, "the review the SENCO shared");
    let round = senco.sync_all();
    assert!(
        round.contains(&(opened.loopback.clone(), true)),
        "{round:?}"
    );
    assert!(round.contains(&(la_url.clone(), false)), "{round:?}");
    // The room's relay keeps its log encrypted on the laptop, like the store.
    let room_db = northstar_engine::meeting_room::room_folder(senco.dir.path())
        .unwrap()
        .join("meeting-room.db");
    let head = std::fs::read(&room_db).unwrap();
    let wal = std::fs::read(room_db.with_extension("db-wal")).unwrap_or_default();
    assert!(
        head.len() + wal.len() > 4096,
        "the room's log holds the review"
    );
    assert!(
        !head.starts_with(b"SQLite format 3\0"),
        "the room's log is in the clear"
    );

    // The therapist, new to the review, types the short code from the SENCO's screen; the
    // parent, who has the review already, uses a full room code.
    let mut therapist = Person::new();
    let codes = room.invite(&mut senco.store, "r1", Role::Health).unwrap();
    let short = codes
        .room_code
        .expect("a short code while the room is open");
    assert_eq!(short.len(), 24, "{short}");
    let typed = short.to_lowercase().replace('-', " ");
    sync::join_by_code(&mut therapist.store, &typed, "Sam Reid").unwrap();
    // The code was a one-time message: the relay handed it out once, and nobody else at the
    // table (or on the Wi-Fi) can use it now.
    let mut overheard = Person::new();
    let e = sync::join_by_code(&mut overheard.store, &typed, "Eve").unwrap_err();
    assert!(e.to_string().contains("already been used"), "{e}");
    assert_eq!(overheard.store.count().unwrap(), 0);
    let code = room
        .invite(&mut senco.store, "r1", Role::ParentCarer)
        .unwrap()
        .code;
    sync::join_by_code(&mut parent.store, &code, "Dana Bello").unwrap();

    // Each says something; two rounds of sync in the room and all three copies agree.
    parent.like(SAID_IN_THE_ROOM[0]);
    senco.like(SAID_IN_THE_ROOM[1]);
    therapist.like(SAID_IN_THE_ROOM[2]);
    for _ in 0..2 {
        for person in [&mut parent, &mut therapist, &mut senco] {
            person.sync_all();
        }
    }
    for (who, person) in [
        ("SENCO", &mut senco),
        ("parent", &mut parent),
        ("therapist", &mut therapist),
    ] {
        assert_eq!(person.likes(), SAID_IN_THE_ROOM, "the {who}'s copy");
    }

    // After the meeting: the room closes; back at school the LA's relay is reachable again.
    if let Some(relay) = room.close(&senco.store).unwrap() {
        relay.stop();
    }
    let _la = relay_at(la_addr, la_files.path());
    let round = senco.sync_all();
    assert_eq!(
        round,
        vec![(la_url.clone(), true)],
        "only the usual relay now"
    );

    // The caseworker joins through the LA's relay and reads everything said in the room,
    // the therapist's and the parent's words too, which the SENCO's laptop passed on.
    let mut caseworker = Person::new();
    let code = sync::invite(&mut senco.store, "r1", Role::LaCaseworker)
        .unwrap()
        .to_code();
    sync::join_by_code(&mut caseworker.store, &code, "Priya Shah").unwrap();
    assert_eq!(caseworker.likes(), SAID_IN_THE_ROOM);

    // The therapist's copy knows the usual relay from the room's invitation and syncs there.
    caseworker.like("Priya: decision due 16 Feb");
    caseworker.sync_all();
    // The others take the caseworker's words once the SENCO's copy has let her in.
    assert!(!sync::status(&mut caseworker.store, "r1").unwrap().let_in);
    senco.sync_all();
    let status = sync::status(&mut therapist.store, "r1").unwrap();
    assert_eq!(status.relay.as_deref(), Some(la_url.as_str()));
    let round = therapist.sync_all();
    assert!(round.contains(&(la_url, true)), "{round:?}");
    assert!(therapist
        .likes()
        .contains(&"Priya: decision due 16 Feb".to_string()));
    for person in [&mut senco, &mut therapist] {
        let s = sync::status(&mut person.store, "r1").unwrap();
        assert!(s.quarantined.is_empty(), "{:?}", s.quarantined);
    }
}

#[test]
fn a_room_code_nobody_made_gets_plain_words_and_joins_nothing() {
    let senco = Person::new();
    let (room, opened) = open_room_on_loopback(&senco);
    let port: u16 = opened.loopback.rsplit(':').next().unwrap().parse().unwrap();
    let made_up = northstar_schema::sync::RoomCode {
        room: std::net::SocketAddrV4::new(Ipv4Addr::LOCALHOST, port),
        secret: [9; 6],
    };
    let mut newcomer = Person::new();
    let e = sync::join_by_code(&mut newcomer.store, &made_up.to_code(), "Sam Reid").unwrap_err();
    assert!(e.to_string().contains("ask for a new one"), "{e}");
    assert_eq!(newcomer.store.count().unwrap(), 0);
    // With no room there at all, the words say what to check.
    drop(room);
    let e = sync::join_by_code(&mut newcomer.store, &made_up.to_code(), "Sam Reid").unwrap_err();
    assert!(e.to_string().contains("could not reach"), "{e}");
}

/// The room's relay speaks TLS with a certificate made on the laptop, and each invitation made
/// in the room pins it: a device refuses any other relay at that address (a stranger's laptop
/// posing as the room's), and the room's own certificate is no good as a public relay's.
#[test]
fn a_relay_that_does_not_show_the_pinned_certificate_is_refused() {
    let mut senco = Person::new();
    senco.store.create(&review("r1", "Ayo", "Bello")).unwrap();
    let (room, opened) = open_room_on_loopback(&senco);
    sync::share(
        &mut senco.store,
        "r1",
        &opened.loopback,
        Role::Senco,
        "Jo Marsh",
    )
    .unwrap();
    assert!(opened.address.starts_with("https://"), "{}", opened.address);
    let code = room
        .invite(&mut senco.store, "r1", Role::ParentCarer)
        .unwrap()
        .code;
    let genuine = northstar_schema::sync::Invitation::from_code(&code).unwrap();
    assert!(genuine.room_cert.is_some());

    // An impostor's certificate in place of the room's: nothing is fetched or joined.
    let impostor = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let mut forged = genuine.clone();
    forged.room_cert = Some(impostor.cert.der().to_vec());
    let mut parent = Person::new();
    let e = sync::join_by_code(&mut parent.store, &forged.to_code(), "Dana Bello").unwrap_err();
    assert!(e.to_string().contains("could not prove"), "{e}");
    assert_eq!(parent.store.count().unwrap(), 0);

    // Without a pin the usual checks apply, and a laptop's own certificate does not pass them.
    let mut unpinned = genuine.clone();
    unpinned.room_cert = None;
    let e = sync::join_by_code(&mut parent.store, &unpinned.to_code(), "Dana Bello").unwrap_err();
    assert!(e.to_string().contains("could not prove"), "{e}");

    // With the room's own certificate, the same code works.
    senco.sync_all();
    sync::join_by_code(&mut parent.store, &code, "Dana Bello").unwrap();
    assert_eq!(parent.store.count().unwrap(), 1);
}

/// A stranger on the room's Wi-Fi can reach the room's relay without any invitation. What
/// they can make it keep is bounded, and kept out of the folder that holds the reviews.
#[test]
fn a_stranger_on_the_rooms_wifi_cannot_fill_the_laptop() {
    let senco = Person::new();
    let (room, opened) = open_room_on_loopback(&senco);
    let folder = northstar_engine::meeting_room::room_folder(senco.dir.path()).unwrap();
    assert!(folder.join("meeting-room.db").exists());
    assert!(!folder.starts_with(senco.dir.path()));
    let quota = northstar_relay::Limits::meeting_room();
    let max = quota.max_logs.unwrap();
    // Certificates do not keep strangers out; the relay's limits do.
    let cert = room.certificate().unwrap();
    let mut net = HttpRelay::pinned(&opened.address, &cert);
    let mut refused = None;
    for n in 0..=max {
        let keys = sync::crypto::DocKeys::derive(&[n as u8; 32]);
        if let Err(e) = net.append(&keys.log_id, &keys.token, b"sealed bytes", None) {
            refused = Some((n, e.to_string()));
            break;
        }
    }
    let (at, why) = refused.expect("the room kept making logs");
    assert!(at <= max, "refused only at log {at}");
    assert!(why.contains("relay refused"), "{why}");
    if let Some(relay) = room.close(&senco.store).unwrap() {
        relay.stop();
    }
    std::fs::remove_dir_all(folder).unwrap();
}
