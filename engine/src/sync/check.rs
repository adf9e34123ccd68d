//! The checks every change passes before it joins a copy: who wrote it, and whether their
//! role may write every part of the review it changes.
//!
//! A change's parts are found from its operations: each operation's object is traced back
//! to the document root (`plan` → `section_f` → …) and named with
//! [`Area::of_path`](northstar_schema::sync::Area::of_path). An operation that removes or
//! replaces an object (a whole annual review, an LA decision) also changes every part beneath
//! that object which holds anything, as its author saw it and as this copy has it, so each of
//! those is checked too. Blank values written inside an object the same change creates (a new
//! review's empty list of representations, its absent LA decision) are skeleton, not content,
//! so they do not count. An empty record is not blank: an LA decision that is an empty record
//! reads back as "maintain", so making one counts as writing the decision.

use super::crypto::check_grant;
use super::device::device_of_actor;
use automerge::{hydrate, legacy, AutoCommit, Change, ChangeHash, ObjType, ReadDoc, ScalarValue};
use northstar_schema::sync::{may_write, refusal, Area, Grant, PathKey};
use northstar_schema::{Member, Role};
use std::collections::{HashMap, HashSet};

/// Why a change was refused: a part of the review its author's role may not write, or
/// something else, in words.
#[derive(Debug)]
pub(crate) enum Refusal {
    Area(Role, Area),
    Other(String),
}

impl From<String> for Refusal {
    fn from(why: String) -> Refusal {
        Refusal::Other(why)
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Area(role, area) => f.write_str(&refusal(*role, *area)),
            Refusal::Other(why) => f.write_str(why),
        }
    }
}

/// What the receiver knows about who may write: the owner, the verified members, the base.
pub(crate) struct Authority {
    pub owner_key: [u8; 32],
    pub doc_id: String,
    /// Changes in the shared plan's starting point, which the owner brought and vouches for.
    pub base: HashSet<ChangeHash>,
    /// Whether this copy is the owner's, which admits newcomers (see `admission.rs`).
    pub owner_here: bool,
}

/// The envelope's sender, already checked (signature and grant).
pub(crate) struct Sender {
    pub key: [u8; 32],
    pub role: Role,
}

impl Authority {
    pub fn is_owner(&self, key: &[u8; 32]) -> bool {
        *key == self.owner_key
    }

    /// Every member recorded in `members`, by device key, once its record is checked against
    /// its owner-signed grant (so its name and role are the grant's); any that fails is an error.
    pub fn verified_members(
        &self,
        members: &[Member],
    ) -> Result<HashMap<[u8; 32], Member>, String> {
        let mut out = HashMap::new();
        for m in members {
            let grant = hex::decode(&m.grant)
                .ok()
                .and_then(|b| Grant::decode(&b).ok())
                .ok_or_else(|| format!("the membership record for {:?} is damaged", m.name))?;
            check_grant(&grant, &self.owner_key, &self.doc_id).map_err(|_| {
                format!(
                    "{:?} is listed as a member without a valid invitation",
                    m.name
                )
            })?;
            if hex::encode(grant.device_key) != m.device_key
                || grant.role != m.role
                || grant.name != m.name
            {
                return Err(format!(
                    "the membership record for {:?} does not match its invitation",
                    m.name
                ));
            }
            out.insert(grant.device_key, m.clone());
        }
        Ok(out)
    }

    /// Checks one change already applied to `doc` (whose members are `members`); `expanded`
    /// is its operations (`change.decode()`).
    #[allow(clippy::too_many_arguments)]
    pub fn check_change(
        &self,
        doc: &AutoCommit,
        change: &Change,
        expanded: &legacy::Change,
        sender: &Sender,
        verified: &HashMap<[u8; 32], Member>,
        members: &[Member],
        paths: &mut PathCache,
    ) -> Result<(), String> {
        if self.base.contains(&change.hash()) {
            return Ok(());
        }
        let author = device_of_actor(change.actor_id());
        let role = match author {
            Some(a) if a == sender.key => sender.role,
            // Only the owner, the root of trust, may pass on changes written elsewhere.
            _ if !self.is_owner(&sender.key) => {
                return Err(
                    "it carried a change written on another device, and only the review's owner may pass on others' changes"
                        .into(),
                )
            }
            Some(a) => match verified.get(&a) {
                Some(member) => member.role,
                None if self.is_owner(&a) => return Ok(()),
                None => return Err("it carried a change from a device that never joined".into()),
            },
            // Every change written since sharing names its device; one that does not was
            // made elsewhere (an imported file) and no member vouches for it. Changes from
            // before sharing arrive in the owner's first copy, as `base`.
            None => {
                return Err(
                    "it carried a change that was not written on any member's device".into(),
                )
            }
        };
        // The owner adds each newcomer to the members list (see `admission.rs`).
        let owner = author == Some(self.owner_key);
        check_ops(doc, change, expanded, role, author, members, owner, paths)
            .map_err(|r| r.to_string())
    }
}

/// Who wrote what in a shared review, as the owner-signed invitations show: for history.
pub(crate) struct Writers {
    members: HashMap<[u8; 32], Member>,
    /// Changes after the starting point the review was shared from.
    since_shared: HashSet<ChangeHash>,
}

impl Writers {
    /// The verified writers of review `id`, or `None` if it is not shared.
    pub fn of(
        conn: &rusqlite::Connection,
        id: &str,
        doc: &mut AutoCommit,
    ) -> crate::Result<Option<Writers>> {
        let Some(share) = super::share::load_share(conn, id)? else {
            return Ok(None);
        };
        let members: Vec<Member> =
            autosurgeon::hydrate_prop(&*doc, automerge::ROOT, "members").unwrap_or_default();
        let authority = Authority {
            owner_key: share.owner_key,
            doc_id: share.doc_id.clone(),
            base: HashSet::new(),
            owner_here: false,
        };
        // A members list that does not check out was refused on arrival; show none as verified.
        let verified = authority.verified_members(&members).unwrap_or_default();
        let since_shared = doc
            .get_changes(&share.base)
            .iter()
            .map(|c| c.hash())
            .collect();
        Ok(Some(Writers {
            members: verified,
            since_shared,
        }))
    }

    /// Which copy wrote `change`: `None` for the starting point, which the owner brought.
    pub fn written_on(&self, change: &Change) -> Option<northstar_schema::session::WrittenOn> {
        use northstar_schema::session::WrittenOn;
        if !self.since_shared.contains(&change.hash()) {
            return None;
        }
        Some(
            match device_of_actor(change.actor_id()).and_then(|k| self.members.get(&k)) {
                Some(m) => WrittenOn::Member {
                    name: m.name.clone(),
                    role: m.role,
                },
                None => WrittenOn::NotAMember,
            },
        )
    }
}

/// Checks the changes just added to a shared review on this device (every one since
/// `before`) before they are stored. This device's own (its actor is `own`) are checked
/// against its role, so an edit the others would refuse is refused here first, in words for
/// the person at the keyboard. Any merged in from a file are checked against their own
/// authors' verified roles, as a receiver would check them, so an import cannot bring in what
/// its authors could not have sent, nor changes from outside the review's members.
pub(crate) fn check_local_write(
    conn: &rusqlite::Connection,
    id: &str,
    doc: &mut AutoCommit,
    before: &[ChangeHash],
    own: &automerge::ActorId,
) -> crate::Result<()> {
    let Some(share) = super::share::load_share(conn, id)? else {
        return Ok(());
    };
    if share.removed.is_some() {
        return Err(crate::EngineError::Refused(
            "this device was removed from the review, so a change made here would reach no one. \
             Nothing was changed; the copy stays as it was for reference"
                .into(),
        ));
    }
    let changes: Vec<Change> = doc.get_changes(before);
    let members: Vec<Member> =
        autosurgeon::hydrate_prop(&*doc, automerge::ROOT, "members").unwrap_or_default();
    let own_key = device_of_actor(own);
    let authority = Authority {
        owner_key: share.owner_key,
        doc_id: share.doc_id.clone(),
        base: HashSet::new(),
        owner_here: false,
    };
    let not_merged = |why: String| {
        crate::EngineError::Refused(format!(
            "Nothing was merged: this file holds {why}. The review is as it was."
        ))
    };
    let mut verified = None;
    let mut paths = PathCache::default();
    for change in &changes {
        let author = device_of_actor(change.actor_id());
        if author.is_some() && author == own_key {
            // The owner writes newcomers into the members list (see `admission.rs`).
            let owner_here = own_key == Some(share.owner_key);
            check_local_change(doc, change, share.role, &members, owner_here)?;
            continue;
        }
        let Some(author) = author else {
            return Err(not_merged(
                "changes that were not made on any member's device".into(),
            ));
        };
        if authority.is_owner(&author) {
            continue;
        }
        if verified.is_none() {
            verified = Some(authority.verified_members(&members).map_err(not_merged)?);
        }
        let role = verified
            .as_ref()
            .and_then(|v| v.get(&author).map(|m| m.role))
            .ok_or_else(|| not_merged("changes from a device that never joined".into()))?;
        let expanded = change.decode();
        check_ops(
            doc,
            change,
            &expanded,
            role,
            Some(author),
            &members,
            false,
            &mut paths,
        )
        .map_err(|r| not_merged(r.to_string()))?;
    }
    Ok(())
}

fn check_local_change(
    doc: &AutoCommit,
    change: &Change,
    role: Role,
    members: &[Member],
    owner_here: bool,
) -> crate::Result<()> {
    let author = super::device::device_of_actor(change.actor_id());
    check_ops(
        doc,
        change,
        &change.decode(),
        role,
        author,
        members,
        owner_here,
        &mut PathCache::default(),
    )
    .map_err(|refused| {
        crate::EngineError::Refused(match refused {
            Refusal::Area(role, area) => northstar_schema::sync::local_refusal(role, area),
            Refusal::Other(why) => format!("This change cannot be shared: {why}."),
        })
    })
}

/// Checks every operation of `change` (`expanded`, its `decode()`) against `role`'s
/// permissions. `owner` is for the owner's own copy checking its own change, which may add
/// people to the members list.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_ops(
    doc: &AutoCommit,
    change: &Change,
    expanded: &legacy::Change,
    role: Role,
    author: Option<[u8; 32]>,
    members: &[Member],
    owner: bool,
    paths: &mut PathCache,
) -> Result<(), Refusal> {
    let start = change.start_op().get();
    let end = start + change.len() as u64;
    // The id of the object an op of this change makes (its counter is the op's).
    let made =
        |counter: u64| legacy::ObjectId::Id(legacy::OpId(counter, change.actor_id().clone()));
    let mut areas = HashSet::new();
    let mut allow = |area: Area| {
        if areas.insert(area) && !may_write(role, area) {
            Err(Refusal::Area(role, area))
        } else {
            Ok(())
        }
    };
    // The list or text the previous op wrote a position of, and its area: a run of inserts
    // into one text (a character each) lands in one place, so only the first is traced.
    let mut run: Option<&legacy::ObjectId> = None;
    for (i, op) in expanded.operations.iter().enumerate() {
        let positional =
            matches!(op.key, legacy::Key::Seq(_)) && !matches!(op.action, legacy::OpType::Make(_));
        // An op that takes the place of earlier values may remove an object: never skipped.
        if positional && run == Some(&op.obj) && op.pred.is_empty() {
            continue;
        }
        run = None;
        let created_here = match &op.obj {
            legacy::ObjectId::Root => false,
            legacy::ObjectId::Id(legacy::OpId(counter, actor)) => {
                actor == change.actor_id() && (start..end).contains(counter)
            }
        };
        let skeleton = matches!(
            op.action,
            legacy::OpType::Make(ObjType::List | ObjType::Text)
                | legacy::OpType::Put(ScalarValue::Null)
        );
        if created_here && skeleton && op.pred.is_empty() {
            // Not checked, but where it sits is noted: the text or list it makes is written
            // into next (a note's characters), and finding it again would walk up the tree.
            if let (legacy::OpType::Make(_), Some(parent)) = (&op.action, paths.0.get(&op.obj)) {
                let mut path = parent.clone();
                path.push(Step::of_key(&op.key));
                paths.remember(made(start + i as u64), &path);
            }
            continue;
        }
        let mut path = match paths.0.get(&op.obj) {
            Some(p) => p.clone(),
            None => {
                let p = path_of(doc, &object_key(&op.obj))?;
                paths.remember(op.obj.clone(), &p);
                p
            }
        };
        path.push(Step::of_key(&op.key));
        // An object this op makes sits at `path`: knowing that spares a walk up the tree
        // (`parents`) for every write into it, which was most of the checking time.
        if let legacy::OpType::Make(_) = op.action {
            paths.remember(made(start + i as u64), &path);
        }
        let keys: Vec<PathKey> = path.iter().map(Step::as_path_key).collect();
        let area = Area::of_path(&keys);
        if area == Area::Membership {
            if !owner {
                check_own_membership(&path, author, role, members)?;
            }
        } else {
            allow(area)?;
            if positional {
                run = Some(&op.obj);
            }
        }
        if !op.pred.is_empty() {
            for area in replaced_areas(doc, change, op, &path)? {
                if area != Area::Membership {
                    allow(area)?;
                }
            }
        }
    }
    Ok(())
}

/// The areas holding anything beneath each object `op` removes or replaces (found from the
/// values it takes the place of), both as the author saw it and as this copy has it now, so
/// a removal cannot hide what another member wrote into it meanwhile.
fn replaced_areas(
    doc: &AutoCommit,
    change: &Change,
    op: &legacy::Op,
    path: &[Step],
) -> Result<Vec<Area>, String> {
    let mut out = Vec::new();
    for legacy::OpId(counter, actor) in op.pred.iter() {
        // Only an op that made an object has an object under its id; a scalar does not.
        let Ok((obj, _)) = doc.import(&format!("{counter}@{}", actor.to_hex_string())) else {
            continue;
        };
        let as_seen = doc.hydrate(&obj, Some(change.deps())).map_err(|_| {
            "it removed a part of the review that could not be read back".to_string()
        })?;
        let mut steps = path.to_vec();
        content_areas(&as_seen, &mut steps, &mut out);
        if let Ok(now) = doc.hydrate(&obj, None) {
            content_areas(&now, &mut steps, &mut out);
        }
    }
    Ok(out)
}

/// Adds to `out` the area of every value beneath `value` (at `steps`) that is not blank.
fn content_areas(value: &hydrate::Value, steps: &mut Vec<Step>, out: &mut Vec<Area>) {
    let mut note = |steps: &[Step]| {
        let keys: Vec<PathKey> = steps.iter().map(Step::as_path_key).collect();
        let area = Area::of_path(&keys);
        if !out.contains(&area) {
            out.push(area);
        }
    };
    match value {
        hydrate::Value::Scalar(ScalarValue::Null) => {}
        hydrate::Value::Scalar(_) => note(steps),
        hydrate::Value::Text(text) => {
            if !text.to_string().is_empty() {
                note(steps)
            }
        }
        hydrate::Value::Map(map) => {
            // An empty record is not blank: an optional one reads back as present.
            if map.iter().next().is_none() {
                note(steps);
            }
            for (key, v) in map.iter() {
                steps.push(Step::Key(key.clone()));
                content_areas(&v.value, steps, out);
                steps.pop();
            }
        }
        hydrate::Value::List(list) => {
            for v in list.iter() {
                steps.push(Step::Index(None));
                content_areas(&v.value, steps, out);
                steps.pop();
            }
        }
    }
}

/// A device other than the owner may write only inside its own membership record, which the
/// owner added when it admitted the device (see `admission.rs`): never add, remove or replace
/// a record, its own included.
fn check_own_membership(
    path: &[Step],
    author: Option<[u8; 32]>,
    role: Role,
    members: &[Member],
) -> Result<(), String> {
    let own = author.map(hex::encode);
    match path {
        // The LA caseworker may mark another member removed (the owner's copy then moves the
        // review to a new key); nobody may mark the owner, who holds the review for everyone.
        [_, Step::Index(Some(i)), Step::Key(k), ..] if k == "removed" => match members.get(*i) {
            Some(m) if role == Role::LaCaseworker && !is_owner_record(m) => Ok(()),
            Some(_) if role == Role::LaCaseworker => {
                Err("it marked the review's owner removed, which nobody can".into())
            }
            _ => Err(
                "it changed whether a device was removed from the review, which only the review's owner or the LA caseworker does"
                    .into(),
            ),
        },
        [_, Step::Index(Some(i)), _, ..]
            if members.get(*i).map(|m| &m.device_key) == own.as_ref() =>
        {
            Ok(())
        }
        [_, Step::Index(_)] => Err(
            "it added, removed or replaced a membership record, which only the review's owner does"
                .into(),
        ),
        _ => Err("it changed another device's membership record".into()),
    }
}

/// Whether `m` is the owner's own record: the owner's grant names its own key as the
/// invitation key, which no other member's can (each is signed by the owner for a fresh one).
fn is_owner_record(m: &Member) -> bool {
    hex::decode(&m.grant)
        .ok()
        .and_then(|b| Grant::decode(&b).ok())
        .is_some_and(|g| g.invite_key == g.device_key)
}

/// Paths of objects already traced, by object id. Objects keep their place in the tree, so
/// this holds across the changes of one envelope. Paths under `members` are never kept: their
/// list positions matter to the membership check and are read fresh each time.
#[derive(Default)]
pub(crate) struct PathCache(HashMap<legacy::ObjectId, Vec<Step>>);

impl PathCache {
    fn remember(&mut self, obj: legacy::ObjectId, path: &[Step]) {
        if !matches!(path.first(), Some(Step::Key(k)) if k == "members") {
            self.0.insert(obj, path.to_vec());
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(Option<usize>),
}

impl Step {
    fn of_key(key: &legacy::Key) -> Step {
        match key {
            legacy::Key::Map(k) => Step::Key(k.to_string()),
            legacy::Key::Seq(_) => Step::Index(None),
        }
    }

    fn as_path_key(&self) -> PathKey<'_> {
        match self {
            Step::Key(k) => PathKey::Key(k),
            Step::Index(_) => PathKey::Index,
        }
    }
}

fn object_key(obj: &legacy::ObjectId) -> String {
    match obj {
        legacy::ObjectId::Root => "_root".into(),
        legacy::ObjectId::Id(legacy::OpId(counter, actor)) => {
            format!("{counter}@{}", actor.to_hex_string())
        }
    }
}

fn path_of(doc: &AutoCommit, obj: &str) -> Result<Vec<Step>, String> {
    if obj == "_root" {
        return Ok(Vec::new());
    }
    let unknown = || "it wrote into a part of the review that is not there".to_string();
    let id = doc.import_obj(obj).map_err(|_| unknown())?;
    let parents = doc.parents(&id).map_err(|_| unknown())?;
    Ok(parents
        .path()
        .into_iter()
        .map(|(_, prop)| match prop {
            automerge::Prop::Map(k) => Step::Key(k),
            automerge::Prop::Seq(i) => Step::Index(Some(i)),
        })
        .collect())
}
