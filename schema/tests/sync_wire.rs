//! The sync wire formats and the permission table: round trips, no panics on any bytes, and
//! the rules the issue names (a parent cannot change Section F; only the LA decides).

use northstar_schema::sync::*;
use northstar_schema::{PlanSection, Role};
use proptest::prelude::*;

fn payload(changes: Vec<u8>, grant: Vec<u8>, counter: u64) -> Payload {
    Payload {
        sender: [3; 32],
        counter,
        kind: PayloadKind::Changes,
        grant,
        covers: 9,
        changes,
        signature: [4; 64],
    }
}

mod decoding_never_panics {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
            let _ = Sealed::decode(&bytes);
            let _ = Payload::decode(&bytes);
            let _ = Grant::decode(&bytes);
            let _ = decode_entries(&bytes, 1 << 20);
            let _ = decode_change_list(&bytes);
            let _ = Bundle::decode(&bytes);
            let _ = Invitation::from_code(&String::from_utf8_lossy(&bytes));
            let _ = RoomCode::parse(&String::from_utf8_lossy(&bytes));
        }

        #[test]
        fn on_arbitrary_room_code_text(text in "[0-9A-Za-z -]{0,30}") {
            let _ = RoomCode::parse(&text);
        }

        #[test]
        fn on_arbitrary_bytes_behind_each_magic(tail in prop::collection::vec(any::<u8>(), 0..300)) {
            for magic in [&b"NSE1"[..], b"NSP1", b"NSG1", b"NSL1", b"NSC1", b"NSB1", b"NSA1"] {
                let bytes = [magic, &tail].concat();
                let _ = Sealed::decode(&bytes);
                let _ = Payload::decode(&bytes);
                let _ = Grant::decode(&bytes);
                let _ = decode_entries(&bytes, 1 << 20);
                let _ = decode_change_list(&bytes);
                let _ = Bundle::decode(&bytes);
                let _ = decode_attachment(&bytes);
            }
        }

        #[test]
        fn on_every_truncation_and_bit_flip_of_a_real_payload(changes in prop::collection::vec(any::<u8>(), 0..200), cut in any::<prop::sample::Index>(), flip in any::<prop::sample::Index>()) {
            let bytes = payload(changes, vec![1, 2, 3], 5).encode();
            let cut = cut.index(bytes.len());
            prop_assert!(Payload::decode(&bytes[..cut]).is_err(), "a cut-short payload must not decode");
            let mut flipped = bytes.clone();
            let i = flip.index(flipped.len());
            flipped[i] ^= 0x80;
            let _ = Payload::decode(&flipped);
        }
    }
}

mod round_trips {
    use super::*;

    proptest! {
        #[test]
        fn room_codes_round_trip_and_a_typo_never_reads_as_the_same_code(ip in any::<[u8; 4]>(), port in 1u16.., secret in any::<[u8; 6]>(), at in 0usize..20) {
            prop_assume!(ip != [0; 4]);
            let code = RoomCode { room: std::net::SocketAddrV4::new(ip.into(), port), secret };
            let text = code.to_code();
            prop_assert_eq!(RoomCode::parse(&text).unwrap(), code.clone());
            // A changed character never reads back as the same code.
            let mut chars: Vec<char> = text.chars().filter(|c| *c != '-').collect();
            chars[at] = if chars[at] == 'Z' { 'Y' } else { 'Z' };
            let typo: String = chars.into_iter().collect();
            prop_assert_ne!(RoomCode::parse(&typo).ok(), Some(code));
        }

        #[test]
        fn payloads_entries_change_lists_and_bundles(changes in prop::collection::vec(any::<u8>(), 0..300), counter in any::<u64>(), chunks in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 0..6)) {
            let p = payload(changes, vec![9; 20], counter);
            prop_assert_eq!(Payload::decode(&p.encode()).unwrap(), p);
            let entries: Vec<LogEntry> = chunks.iter().enumerate().map(|(i, c)| LogEntry { seq: i as u64 * 2 + 1, bytes: c.clone() }).collect();
            prop_assert_eq!(decode_entries(&encode_entries(&entries), 1 << 20).unwrap(), entries);
            let list = encode_change_list(chunks.iter().map(|c| c.as_slice()));
            prop_assert_eq!(decode_change_list(&list).unwrap(), chunks.iter().map(|c| c.as_slice()).collect::<Vec<_>>());
            let bundle = Bundle { log_id: "ab".repeat(16), envelopes: chunks.clone() };
            prop_assert_eq!(Bundle::decode(&bundle.encode()).unwrap(), bundle);
        }
    }

    #[test]
    fn a_relay_response_with_falling_seqs_or_an_oversized_entry_is_refused() {
        let falling = encode_entries(&[
            LogEntry {
                seq: 2,
                bytes: vec![1],
            },
            LogEntry {
                seq: 1,
                bytes: vec![2],
            },
        ]);
        assert!(decode_entries(&falling, 100).is_err());
        let big = encode_entries(&[LogEntry {
            seq: 1,
            bytes: vec![0; 101],
        }]);
        assert_eq!(
            decode_entries(&big, 100).unwrap_err().to_string(),
            "a relay response is larger than the 100-byte limit"
        );
    }

    #[test]
    fn invitation_codes_survive_copying_with_line_breaks() {
        let mut invitation = Invitation {
            relay: "http://192.0.2.10:7878".into(),
            doc_id: "rev-1".into(),
            doc_key: [1; 32],
            owner_key: [2; 32],
            role: Role::Health,
            invite_secret: [3; 32],
            owner_signature: [4; 64],
            base: vec![[5; 32], [6; 32]],
            home_relay: None,
            room_cert: None,
            heads: Vec::new(),
            relay_credential: None,
        };
        let usual = invitation.to_code();
        assert_eq!(Invitation::from_code(&usual).unwrap(), invitation);
        // A meeting room's code also names the usual relay, for after the meeting.
        invitation.home_relay = Some("https://relay.example.org".into());
        let code = invitation.to_code();
        assert!(code.len() > usual.len());
        let wrapped: String = code
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i % 40 == 39 { vec![c, '\n'] } else { vec![c] })
            .collect();
        assert_eq!(Invitation::from_code(&wrapped).unwrap(), invitation);
        // And the room's certificate, which the newcomer's device pins.
        invitation.room_cert = Some(vec![7; 420]);
        assert_eq!(
            Invitation::from_code(&invitation.to_code()).unwrap(),
            invitation
        );
        // And the review's heads when it was made, with or without the room's parts.
        invitation.heads = vec![[8; 32], [9; 32]];
        assert_eq!(
            Invitation::from_code(&invitation.to_code()).unwrap(),
            invitation
        );
        invitation.home_relay = None;
        invitation.room_cert = None;
        let code = invitation.to_code();
        assert_eq!(Invitation::from_code(&code).unwrap(), invitation);
        // And the newcomer's own relay credential, with or without heads.
        invitation.relay_credential = Some([10; 64]);
        let code = invitation.to_code();
        assert_eq!(Invitation::from_code(&code).unwrap(), invitation);
        invitation.heads.clear();
        let code = invitation.to_code();
        assert_eq!(Invitation::from_code(&code).unwrap(), invitation);
        assert!(
            !format!("{invitation:?}").contains("doc_key"),
            "keys never printed"
        );
    }
}

mod permissions {
    use super::*;

    #[test]
    fn every_area_has_exactly_one_row() {
        let mut areas: Vec<Area> = TABLE.iter().map(|(a, _)| *a).collect();
        let n = areas.len();
        areas.sort();
        areas.dedup();
        assert_eq!(areas.len(), n);
        for s in PlanSection::ALL {
            assert!(
                areas.contains(&Area::Plan(*s)),
                "no row for Section {}",
                s.as_str()
            );
        }
    }

    #[test]
    fn a_parent_cannot_change_section_f_and_only_the_la_decides() {
        assert_eq!(
            writers_of(Area::Plan(PlanSection::F)),
            vec![Role::Senco, Role::LaCaseworker]
        );
        assert_eq!(writers_of(Area::LaDecision), vec![Role::LaCaseworker]);
        assert!(may_write(Role::ParentCarer, Area::Plan(PlanSection::A)));
        assert!(may_write(Role::Health, Area::Plan(PlanSection::G)));
        assert!(!may_write(Role::Health, Area::Plan(PlanSection::F)));
        assert!(may_write(Role::YoungPerson, Area::Voice));
        assert!(!may_write(Role::YoungPerson, Area::Meeting));
        assert_eq!(
            refusal(Role::ParentCarer, Area::Plan(PlanSection::F)),
            "a change from a parent or carer tried to change Section F: Special educational provision, which only SENCO or LA caseworker may change"
        );
    }

    #[test]
    fn paths_name_their_areas() {
        use PathKey::{Index, Key};
        assert_eq!(
            Area::of_path(&[Key("reviews"), Index, Key("advice"), Index, Key("text")]),
            Area::Advice
        );
        assert_eq!(
            Area::of_path(&[Key("reviews"), Index, Key("record"), Key("working")]),
            Area::Meeting
        );
        assert_eq!(
            Area::of_path(&[Key("plan"), Key("transfer")]),
            Area::PlanDates
        );
        assert_eq!(Area::of_path(&[Key("voice"), Index]), Area::Voice);
        assert_eq!(
            Area::of_path(&[Key("members"), Index, Key("role")]),
            Area::Membership
        );
        assert_eq!(Area::of_path(&[Key("surprise")]), Area::Unknown);
        assert_eq!(
            Area::of_path(&[Key("plan"), Key("section_z")]),
            Area::Unknown
        );
        assert!(writers_of(Area::Unknown) == vec![Role::LaCaseworker]);
    }
}
