//! The locked window. Until the passphrase has opened the store there is no workspace at all;
//! once it is open, locking (idle time, Ctrl+L, or a young person handing back) sets a flag
//! that every command checks, so a locked window can fetch nothing about any child even if
//! someone scripted it. The data key stays in memory while locked, so sync carries on: this
//! is a screen lock for a laptop left in a meeting room, not a way to protect a stolen one
//! that is switched on (the operating system's own lock is for that).

use super::{sentence, Answer, AppState, State};
use northstar_engine::{DataKey, EngineError, KdfCost};
use northstar_schema::session::{LockState, LockView, DEFAULT_LOCK_AFTER_MINUTES};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the window is locked.
#[derive(Default)]
pub(super) struct Lock {
    locked: AtomicBool,
}

impl Lock {
    pub(super) fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    fn set(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }
}

/// What the lock screen should ask for.
#[tauri::command]
pub(super) fn lock_state(state: State<'_>) -> Answer<LockView> {
    let open = state.workspace.lock().map(|w| w.is_some()).unwrap_or(false);
    if !open {
        let state = DataKey::state(state.dir.path()).map_err(|e| sentence(&e.to_string()))?;
        return Ok(LockView {
            state,
            lock_after_minutes: DEFAULT_LOCK_AFTER_MINUTES,
        });
    }
    let minutes = state
        .with_unlocked(|w| w.store().lock_after_minutes())
        .unwrap_or(DEFAULT_LOCK_AFTER_MINUTES);
    Ok(LockView {
        state: match state.lock.is_locked() {
            true => LockState::Locked,
            false => LockState::Open,
        },
        lock_after_minutes: minutes,
    })
}

/// Locks the window now.
#[tauri::command]
pub(super) fn lock(state: State<'_>) {
    state.lock.set(true);
}

/// Opens the data with `passphrase`: on first start (or for an unencrypted store) it is the
/// passphrase being chosen, and `confirm` must match it. Runs off the window's thread, since
/// the stretch (and encrypting an old store) takes a moment.
#[tauri::command]
pub(super) async fn unlock(
    state: State<'_>,
    passphrase: String,
    confirm: Option<String>,
) -> Answer<LockView> {
    let passphrase = zeroize::Zeroizing::new(passphrase);
    let said = |e: EngineError| sentence(&e.to_string());
    let open = state.workspace.lock().map(|w| w.is_some()).unwrap_or(false);
    if open {
        // Unlocking a locked window: the passphrase must open the key file, and the key
        // must be the one in use.
        state.key_in_use(&passphrase).map_err(said)?;
        state.lock.set(false);
        return lock_state(state);
    }
    let key = match DataKey::state(state.dir.path()).map_err(said)? {
        LockState::Locked => DataKey::unlock(state.dir.path(), &passphrase).map_err(said)?,
        _ => {
            if confirm.as_deref() != Some(passphrase.as_str()) {
                return Err(sentence(
                    "the two passphrases are not the same; type the same one in both boxes",
                ));
            }
            DataKey::create(state.dir.path(), &passphrase, KdfCost::Standard).map_err(said)?
        }
    };
    super::open_data(&state, key.clone()).map_err(said)?;
    // Where the operating system keeps secrets, it remembers the key, so the next start
    // needs no passphrase (the window's lock still does).
    northstar_engine::os_keyring::remember(state.dir.path(), &key);
    state.lock.set(false);
    lock_state(state)
}

/// Changes the passphrase: `current` must open the data in use; the new one is typed twice.
#[tauri::command]
pub(super) async fn change_passphrase(
    state: State<'_>,
    current: String,
    new: String,
    confirm: String,
) -> Answer<()> {
    let said = |e: EngineError| sentence(&e.to_string());
    let (current, new) = (
        zeroize::Zeroizing::new(current),
        zeroize::Zeroizing::new(new),
    );
    if *new != confirm {
        return Err(sentence(
            "the two new passphrases are not the same; type the same one in both boxes",
        ));
    }
    let key = state.key_in_use(&current).map_err(said)?;
    key.change_passphrase(state.dir.path(), &new, KdfCost::Standard)
        .map_err(said)
}

/// Chooses how long the window may sit idle before it locks.
#[tauri::command]
pub(super) fn set_lock_after(state: State<'_>, minutes: u32) -> Answer<u32> {
    state.with(|w| w.store().set_lock_after_minutes(minutes))
}

impl AppState {
    /// The data key `passphrase` opens, if it is the one the open store uses.
    fn key_in_use(&self, passphrase: &str) -> northstar_engine::Result<DataKey> {
        let key = DataKey::unlock(self.dir.path(), passphrase)?;
        let held = self
            .key
            .lock()
            .map(|k| k.as_ref() == Some(&key))
            .unwrap_or(false);
        match held {
            true => Ok(key),
            false => Err(EngineError::WrongPassphrase),
        }
    }

    /// As `with`, but also while locked: only for what the lock screen itself needs.
    fn with_unlocked<T>(
        &self,
        f: impl FnOnce(&mut northstar_engine::Workspace) -> northstar_engine::Result<T>,
    ) -> Option<T> {
        let mut workspace = self.workspace.lock().ok()?;
        f(workspace.as_mut()?).ok()
    }
}
