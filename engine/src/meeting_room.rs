//! The meeting room: a relay on this laptop, on the room's network, for a review meeting with
//! no internet. [`MeetingRoom::open`] starts it and routes every review this laptop owns
//! through it as well as through its usual relay; people in the room join with invitations
//! made for the room ([`crate::sync::invite_to_room`]). When the laptop is back online its
//! sync sends the usual relay everything the room brought (see `sync::routes`).
//!
//! The room's relay keeps its logs in a folder of its own ([`room_folder`]), outside the
//! folder that holds `northstar.db`, under [`Limits::meeting_room`]: anyone on the room's
//! Wi-Fi can reach it, so only this laptop (on loopback) starts logs and leaves codes there,
//! what others can make it store is bounded, and it is kept apart from the reviews. The folder lasts until the computer restarts, so closing the app in the middle of
//! a meeting loses nothing the room's relay held; the relay cannot read it.

use crate::sync::{self, HttpRelay};
use crate::{EngineError, Result, Store};
use northstar_relay::standalone::{self, RunOptions, RunningRelay};
use northstar_relay::{Limits, TlsIdentity};
use northstar_schema::sync::InvitationCodes;
use northstar_schema::Role;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The port tried first, the same as `northstar relay`'s usual one, so the address people
/// type stays the same from one meeting to the next.
pub const ROOM_PORT: u16 = 7878;

/// A meeting room that may be open.
#[derive(Default)]
pub struct MeetingRoom {
    open: Mutex<Option<OpenRoom>>,
}

struct OpenRoom {
    /// The certificate its relay shows (DER), made for this opening; invitations pin it.
    cert: Vec<u8>,
    relay: RunningRelay,
    /// Where the others reach it, when that can go in a short code.
    host: Option<std::net::SocketAddrV4>,
    /// How this laptop reaches its own room.
    loopback: String,
    /// How the others in the room reach it.
    address: String,
}

/// An open room, as the window shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoomOpened {
    /// The address others use, e.g. `https://192.168.1.20:7878`.
    pub address: String,
    /// This laptop's own address for it (what its sync uses).
    pub loopback: String,
    /// How many reviews now sync through it.
    pub reviews: usize,
}

impl MeetingRoom {
    /// Opens the room on every network this laptop is on, at [`ROOM_PORT`] if it is free.
    /// Opening an open room changes nothing.
    pub fn open(&self, dir: &Path, store: &Store) -> Result<RoomOpened> {
        self.open_on(dir, store, IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    /// As [`MeetingRoom::open`], listening on `ip` only (tests use loopback).
    pub fn open_on(&self, dir: &Path, store: &Store, ip: IpAddr) -> Result<RoomOpened> {
        let mut open = self.lock()?;
        if let Some(room) = &*open {
            let reviews = crate::sync::open_room(store, &room.loopback, Some(&room.cert))?;
            return Ok(room.opened(reviews));
        }
        let db = room_folder(dir)?.join("meeting-room.db");
        let host = match ip {
            IpAddr::V4(v4) if v4.is_unspecified() => network_address().unwrap_or(ip),
            _ => ip,
        };
        let (identity, cert) = room_certificate(host)?;
        // Encrypted like the store, under a key of its own; a room an earlier version left
        // in the clear is kept readable until the computer restarts.
        let key = (!crate::store::encrypt::is_plain(&db)).then(|| store.room_key());
        let relay = standalone::spawn(options(SocketAddr::new(ip, ROOM_PORT), &db, &identity, key))
            .or_else(|_| standalone::spawn(options(SocketAddr::new(ip, 0), &db, &identity, key)))
            .map_err(|f| {
                EngineError::Refused(format!("the meeting room could not start: {}", f.message))
            })?;
        let port = relay.addr().port();
        let loopback = format!("https://127.0.0.1:{port}");
        let room = OpenRoom {
            cert,
            relay,
            host: match host {
                IpAddr::V4(v4) if !v4.is_unspecified() => {
                    Some(std::net::SocketAddrV4::new(v4, port))
                }
                _ => None,
            },
            loopback: loopback.clone(),
            address: format!("https://{}", SocketAddr::new(host, port)),
        };
        let reviews = crate::sync::open_room(store, &loopback, Some(&room.cert))?;
        let opened = room.opened(reviews);
        *open = Some(room);
        Ok(opened)
    }

    /// Closes the room: reviews sync through their usual relay only. Answers the room's
    /// relay, to stop (or drop) outside any lock: stopping lets open requests finish.
    pub fn close(&self, store: &Store) -> Result<Option<RunningRelay>> {
        let room = self.lock()?.take();
        let Some(room) = room else {
            return Ok(None);
        };
        crate::sync::close_room(store, &room.loopback)?;
        Ok(Some(room.relay))
    }

    /// An invitation to review `id` in `role`: through the room while it is open (with a
    /// short code for saying across the table), otherwise through the usual relay.
    pub fn invite(&self, store: &mut Store, id: &str, role: Role) -> Result<InvitationCodes> {
        let room = self.lock()?.as_ref().map(|r| {
            (
                r.address.clone(),
                r.loopback.clone(),
                r.host,
                r.cert.clone(),
            )
        });
        let Some((address, loopback, host, cert)) = room else {
            return Ok(InvitationCodes {
                code: sync::invite(store, id, role)?.to_code(),
                room_code: None,
                room_code_minutes: None,
            });
        };
        let invitation = sync::invite_to_room(store, id, role, &address, Some(&cert))?;
        let room_code = match host {
            Some(host) => Some(
                sync::publish_room_code(
                    &invitation,
                    host,
                    &mut HttpRelay::pinned(&loopback, &cert),
                )?
                .to_code(),
            ),
            None => None,
        };
        Ok(InvitationCodes {
            code: invitation.to_code(),
            room_code_minutes: room_code.as_ref().map(|_| sync::ROOM_CODE_MINUTES),
            room_code,
        })
    }

    /// The certificate the open room's relay shows (DER), which its invitations pin.
    pub fn certificate(&self) -> Option<Vec<u8>> {
        self.lock().ok()?.as_ref().map(|r| r.cert.clone())
    }

    /// The open room's address for others, if one is open.
    pub fn address(&self) -> Option<String> {
        self.lock().ok()?.as_ref().map(|r| r.address.clone())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Option<OpenRoom>>> {
        self.open.lock().map_err(|_| {
            EngineError::Refused("the meeting room is in a bad state; restart the app".into())
        })
    }
}

impl OpenRoom {
    fn opened(&self, reviews: usize) -> RoomOpened {
        RoomOpened {
            address: self.address.clone(),
            loopback: self.loopback.clone(),
            reviews,
        }
    }
}

fn options(
    listen: SocketAddr,
    db: &Path,
    identity: &TlsIdentity,
    db_key: Option<[u8; 32]>,
) -> RunOptions {
    RunOptions {
        listen,
        storage: northstar_relay::standalone::Storage::Sqlite {
            path: db.to_path_buf(),
            key: db_key,
        },
        limits: Limits::meeting_room(),
        tls: Some(identity.clone()),
    }
}

/// A certificate for the room's relay, made for this opening and valid for the day, for its
/// address on the room's network and for loopback: (what the relay serves, the certificate
/// invitations pin). Self-signed: no authority vouches for a laptop in a meeting room, so
/// each invitation made there carries the certificate itself.
fn room_certificate(host: IpAddr) -> Result<(TlsIdentity, Vec<u8>)> {
    let failed = |e: rcgen::Error| {
        EngineError::Refused(format!(
            "the meeting room could not make its certificate: {e}"
        ))
    };
    let mut names = vec!["127.0.0.1".to_string()];
    if !host.is_unspecified() && !host.is_loopback() {
        names.push(host.to_string());
    }
    let mut params = rcgen::CertificateParams::new(names).map_err(failed)?;
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "Northstar meeting room");
    // Whole days either side of today, as the certificate counts them: a day's meeting, and
    // a laptop clock a little out does not lock the room.
    let day = |d: chrono::NaiveDate| {
        use chrono::Datelike;
        rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
    };
    let today = chrono::Utc::now().date_naive();
    params.not_before = day(today - chrono::Days::new(1));
    params.not_after = day(today + chrono::Days::new(2));
    let key = rcgen::KeyPair::generate().map_err(failed)?;
    let cert = params.self_signed(&key).map_err(failed)?;
    let der = cert.der().to_vec();
    let identity = TlsIdentity {
        cert_chain: vec![der.clone()],
        key: key.serialize_der(),
    };
    Ok((identity, der))
}

/// The meeting room's own folder for data folder `dir`: in the system's temporary folder,
/// named from the data folder's path so two data folders never share a room, readable by
/// this user only.
pub fn room_folder(dir: &Path) -> Result<PathBuf> {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(dir.to_string_lossy().as_bytes());
    let folder = std::env::temp_dir().join(format!(
        "northstar-meeting-room-{}",
        hex::encode(&digest[..8])
    ));
    let io = |source| EngineError::Io {
        context: format!(
            "could not make the meeting room's folder {}",
            folder.display()
        ),
        source,
    };
    std::fs::create_dir_all(&folder).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).map_err(io)?;
    }
    Ok(folder)
}

/// This laptop's address on the room's network: the first IPv4 address that is not loopback
/// (a room's Wi-Fi has no internet, so asking for a route outside would fail).
fn network_address() -> Option<IpAddr> {
    let interfaces = if_addrs::get_if_addrs().ok()?;
    interfaces
        .iter()
        .map(|i| i.ip())
        .find(|ip| matches!(ip, IpAddr::V4(v4) if !v4.is_loopback() && !v4.is_link_local()))
}
