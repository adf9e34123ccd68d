//! The checks every change passes before it joins a copy: who wrote it, and whether their
//! role may write every part of the review it touches.
//!
//! A change's parts are found from its operations: each operation's object is traced back
//! to the document root (`plan` → `section_f` → …) and named with
//! [`Area::of_path`](northstar_schema::sync::Area::of_path). Blank values written inside an
//! object the same change creates (a new review's empty "LA decision") are skeleton, not
//! content, so they do not count; anything with content, and any write into an object that
//! already existed, does.

use super::crypto::check_grant;
use super::device::device_of_actor;
use automerge::{legacy, AutoCommit, Change, ChangeHash, ReadDoc, ScalarValue};
use northstar_schema::sync::{may_write, refusal, Area, Grant, PathKey};
use northstar_schema::{Member, Role};
use std::collections::{HashMap, HashSet};

/// What the receiver knows about who may write: the owner, the verified members, the base.
pub(crate) struct Authority {
    pub owner_key: [u8; 32],
    pub doc_id: String,
    /// Changes in the shared plan's starting point, which the owner brought and vouches for.
    pub base: HashSet<ChangeHash>,
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

    /// The roles of every member recorded in `members` whose grant checks out.
    pub fn verified_members(&self, members: &[Member]) -> Result<HashMap<[u8; 32], Role>, String> {
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
            out.insert(grant.device_key, grant.role);
        }
        Ok(out)
    }

    /// Checks one change already applied to `doc` (whose members are `members`).
    pub fn check_change(
        &self,
        doc: &AutoCommit,
        change: &Change,
        sender: &Sender,
        roles: &HashMap<[u8; 32], Role>,
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
            Some(a) => match roles.get(&a) {
                Some(role) => *role,
                None if self.is_owner(&a) => return Ok(()),
                None => return Err("it carried a change from a device that never joined".into()),
            },
            // Written before devices signed their changes: the owner vouches for it.
            None => return Ok(()),
        };
        check_ops(doc, change, role, author, members, paths)
    }
}

/// Checks the changes just committed on this device (every one since `before`) against this
/// device's role, so an edit the others would refuse is refused here first, in words for the
/// person at the keyboard.
pub(crate) fn check_local_edit(
    doc: &mut AutoCommit,
    role: Role,
    before: &[automerge::ChangeHash],
) -> crate::Result<()> {
    let changes: Vec<Change> = doc.get_changes(before);
    let members: Vec<Member> =
        autosurgeon::hydrate_prop(&*doc, automerge::ROOT, "members").unwrap_or_default();
    for change in &changes {
        check_local_change(doc, change, role, &members)?;
    }
    Ok(())
}

fn check_local_change(
    doc: &AutoCommit,
    change: &Change,
    role: Role,
    members: &[Member],
) -> crate::Result<()> {
    let author = super::device::device_of_actor(change.actor_id());
    check_ops(
        doc,
        change,
        role,
        author,
        members,
        &mut PathCache::default(),
    )
    .map_err(|why| {
        let message = match change_areas(doc, change)
            .into_iter()
            .find(|a| *a != Area::Membership && !may_write(role, *a))
        {
            Some(area) => northstar_schema::sync::local_refusal(role, area),
            None => format!("This change cannot be shared: {why}."),
        };
        crate::EngineError::Refused(message)
    })
}

/// The areas a change touches that `role` may not write (for the refusal message).
fn change_areas(doc: &AutoCommit, change: &Change) -> Vec<Area> {
    let mut out = Vec::new();
    let expanded = change.decode();
    for op in &expanded.operations {
        let Ok(mut path) = path_of(doc, &object_key(&op.obj)) else {
            continue;
        };
        path.push(match &op.key {
            legacy::Key::Map(k) => Step::Key(k.to_string()),
            legacy::Key::Seq(_) => Step::Index(None),
        });
        let keys: Vec<PathKey> = path.iter().map(Step::as_path_key).collect();
        let area = Area::of_path(&keys);
        if !out.contains(&area) {
            out.push(area);
        }
    }
    out
}

/// Checks every operation of `change` against `role`'s permissions.
pub(crate) fn check_ops(
    doc: &AutoCommit,
    change: &Change,
    role: Role,
    author: Option<[u8; 32]>,
    members: &[Member],
    paths: &mut PathCache,
) -> Result<(), String> {
    let expanded = change.decode();
    let start = change.start_op().get();
    let end = start + change.len() as u64;
    let actor_hex = change.actor_id().to_hex_string();
    let mut areas = HashSet::new();
    // The list or text the previous op wrote a position of, and its area: a run of inserts
    // into one text (a character each) lands in one place, so only the first is traced.
    let mut run: Option<&legacy::ObjectId> = None;
    for (i, op) in expanded.operations.iter().enumerate() {
        let positional =
            matches!(op.key, legacy::Key::Seq(_)) && !matches!(op.action, legacy::OpType::Make(_));
        if positional && run == Some(&op.obj) {
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
            legacy::OpType::Make(_) | legacy::OpType::Put(ScalarValue::Null)
        );
        if created_here && skeleton {
            continue;
        }
        let obj_key = object_key(&op.obj);
        let mut path = match paths.0.get(&obj_key) {
            Some(p) => p.clone(),
            None => {
                let p = path_of(doc, &obj_key)?;
                paths.remember(obj_key, &p);
                p
            }
        };
        path.push(match &op.key {
            legacy::Key::Map(k) => Step::Key(k.to_string()),
            legacy::Key::Seq(_) => Step::Index(None),
        });
        // An object this op makes sits at `path`: knowing that spares a walk up the tree
        // (`parents`) for every write into it, which was most of the checking time.
        if let legacy::OpType::Make(_) = op.action {
            paths.remember(format!("{}@{actor_hex}", start + i as u64), &path);
        }
        let keys: Vec<PathKey> = path.iter().map(Step::as_path_key).collect();
        let area = Area::of_path(&keys);
        if area == Area::Membership {
            // Every membership op is looked at: a delete may follow an allowed insert.
            check_own_membership(&path, &op.action, author, members)?;
        } else {
            if areas.insert(area) && !may_write(role, area) {
                return Err(refusal(role, area));
            }
            if positional {
                run = Some(&op.obj);
            }
        }
    }
    Ok(())
}

/// A device may write only its own membership record (the grant inside is checked too).
fn check_own_membership(
    path: &[Step],
    action: &legacy::OpType,
    author: Option<[u8; 32]>,
    members: &[Member],
) -> Result<(), String> {
    let own = author.map(hex::encode);
    match path {
        // Adding an entry to the list: its contents are checked as they are written.
        [_, Step::Index(_)] if !matches!(action, legacy::OpType::Delete) => Ok(()),
        [_, Step::Index(Some(i)), ..] if members.get(*i).map(|m| &m.device_key) == own.as_ref() => {
            Ok(())
        }
        _ => Err("it changed another device's membership record".into()),
    }
}

/// Paths of objects already traced, by object id. Objects keep their place in the tree, so
/// this holds across the changes of one envelope. Paths under `members` are never kept: their
/// list positions matter to the membership check and are read fresh each time.
#[derive(Default)]
pub(crate) struct PathCache(HashMap<String, Vec<Step>>);

impl PathCache {
    fn remember(&mut self, obj: String, path: &[Step]) {
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
