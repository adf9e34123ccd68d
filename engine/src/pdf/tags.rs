//! Tagged PDF: the structure a screen reader follows (headings, paragraphs, lists, tables
//! with header cells, figures with their words), and the running header, footer, watermark,
//! rules and charts marked as artifacts it skips.
//!
//! printpdf writes no structure tree, so the layout gives each piece of text a [`Tag`] (its
//! role and which element it belongs to), [`mcids`] numbers the tagged pieces of each page
//! (the same numbering the page's content stream uses around each one), and [`write`] builds
//! the tree with lopdf afterwards: `StructTreeRoot` → `Document` → H1/H2/P/L/Table/Figure,
//! the `ParentTree` from each page's marked content back to its element, `/StructParents` and
//! `/Tabs /S` on each page, and `/MarkInfo /Marked true`. The checks are in
//! `tests/tagged_pdf.rs` (veraPDF cannot be installed from a registry here).

use super::layout::{Layout, Mark};
use crate::{EngineError, Result};
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::BTreeMap;

/// What a piece of the page is, for a screen reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Running header and footer, watermark, chart drawing: not read out.
    Artifact,
    H1,
    H2,
    P,
    /// One item of a bulleted list (the list is `group`).
    ListItem,
    /// A table's header cell (the table is `group`, the row `row`).
    TableHead,
    TableCell,
    /// The words under a picture.
    Caption,
    Figure,
}

impl Role {
    /// The tag on the page's marked content (a list item's words are its body).
    pub fn content_name(self) -> &'static str {
        match self {
            Role::ListItem => "LBody",
            role => role.name(),
        }
    }

    /// The standard structure type.
    pub fn name(self) -> &'static str {
        match self {
            Role::Artifact => "Artifact",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::P => "P",
            Role::ListItem => "LI",
            Role::TableHead => "TH",
            Role::TableCell => "TD",
            Role::Caption => "Caption",
            Role::Figure => "Figure",
        }
    }
}

/// Which structure element a piece of text or a picture belongs to. Lines of one paragraph
/// share an `elem`; cells share their table's `group` and row's `row`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    pub role: Role,
    pub elem: u32,
    pub group: u32,
    pub row: u32,
    /// The element's language where it is not the document's (a page in the family's
    /// language after an English letter): its /Lang.
    pub lang: Option<&'static str>,
}

impl Tag {
    pub const ARTIFACT: Tag = Tag {
        role: Role::Artifact,
        elem: 0,
        group: 0,
        row: 0,
        lang: None,
    };

    pub fn is_artifact(&self) -> bool {
        self.role == Role::Artifact
    }
}

/// The marked-content id of each mark of one page, in the order the content stream draws
/// them: tagged text first (as it is written), then pictures (drawn after the text).
/// `None` for artifacts and for marks drawn as nothing.
pub fn mcids(marks: &[Mark]) -> Vec<Option<i64>> {
    let mut out = vec![None; marks.len()];
    let mut next = 0;
    for (i, mark) in marks.iter().enumerate() {
        if let Mark::Text { tag, text, .. } = mark {
            if !tag.is_artifact() && !text.is_empty() {
                out[i] = Some(next);
                next += 1;
            }
        }
    }
    for (i, mark) in marks.iter().enumerate() {
        if let Mark::Image { tag, .. } = mark {
            if !tag.is_artifact() {
                out[i] = Some(next);
                next += 1;
            }
        }
    }
    out
}

/// One structure element being built: its role, its parent's key, and what it holds.
struct Elem {
    role: &'static str,
    parent: Key,
    alt: Option<String>,
    lang: Option<&'static str>,
    kids: Vec<Kid>,
}

enum Kid {
    Content { page: usize, mcid: i64 },
    Elem(Key),
}

/// Elements are found by what they are: the document, a list or table by its group, a row,
/// or a leaf element by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Document,
    List(u32),
    Table(u32),
    Row(u32, u32),
    Body(u32),
    Leaf(u32),
}

/// Adds element `key` under `parent` the first time it is met, keeping reading order.
fn add(
    elems: &mut BTreeMap<Key, Elem>,
    order: &mut Vec<Key>,
    key: Key,
    role: &'static str,
    parent: Key,
) {
    if let std::collections::btree_map::Entry::Vacant(slot) = elems.entry(key) {
        slot.insert(Elem {
            role,
            parent,
            alt: None,
            lang: None,
            kids: Vec::new(),
        });
        order.push(key);
        if let Some(p) = elems.get_mut(&parent) {
            p.kids.push(Kid::Elem(key));
        }
    }
}

/// Builds the structure tree of `layout` (decorated, as drawn) into `doc`, whose pages are
/// `page_ids` in order.
pub fn write(doc: &mut lopdf::Document, layout: &Layout, page_ids: &[ObjectId]) -> Result<()> {
    let mut elems: BTreeMap<Key, Elem> = BTreeMap::new();
    let mut order: Vec<Key> = Vec::new();
    elems.insert(
        Key::Document,
        Elem {
            role: "Document",
            parent: Key::Document,
            alt: None,
            lang: None,
            kids: Vec::new(),
        },
    );
    // Which element each page's marked content belongs to, by MCID.
    let mut parents: Vec<Vec<Key>> = vec![Vec::new(); page_ids.len()];
    for (page, marks) in layout.pages.iter().enumerate().take(page_ids.len()) {
        let ids = mcids(marks);
        let mut tagged: Vec<(i64, Tag, Option<String>)> = marks
            .iter()
            .zip(&ids)
            .filter_map(|(mark, id)| {
                let id = (*id)?;
                match mark {
                    Mark::Text { tag, .. } => Some((id, *tag, None)),
                    Mark::Image { tag, alt, .. } => Some((id, *tag, Some(alt.clone()))),
                    _ => None,
                }
            })
            .collect();
        tagged.sort_by_key(|(id, ..)| *id);
        for (mcid, tag, alt) in tagged {
            let leaf = Key::Leaf(tag.elem);
            let parent = match tag.role {
                Role::ListItem => {
                    add(
                        &mut elems,
                        &mut order,
                        Key::List(tag.group),
                        "L",
                        Key::Document,
                    );
                    add(&mut elems, &mut order, leaf, "LI", Key::List(tag.group));
                    // The item's words are its body (LBody) in a PDF/UA list.
                    let body = Key::Body(tag.elem);
                    add(&mut elems, &mut order, body, "LBody", leaf);
                    body
                }
                Role::TableHead | Role::TableCell => {
                    let row = Key::Row(tag.group, tag.row);
                    add(
                        &mut elems,
                        &mut order,
                        Key::Table(tag.group),
                        "Table",
                        Key::Document,
                    );
                    add(&mut elems, &mut order, row, "TR", Key::Table(tag.group));
                    add(&mut elems, &mut order, leaf, tag.role.name(), row);
                    leaf
                }
                role => {
                    add(&mut elems, &mut order, leaf, role.name(), Key::Document);
                    leaf
                }
            };
            if let (Some(alt), Some(e)) = (alt, elems.get_mut(&parent)) {
                e.alt = Some(alt);
            }
            if let (Some(lang), Some(e)) = (tag.lang, elems.get_mut(&leaf)) {
                e.lang = Some(lang);
            }
            if let Some(e) = elems.get_mut(&parent) {
                e.kids.push(Kid::Content { page, mcid });
            }
            let slots = &mut parents[page];
            let at = mcid as usize;
            if slots.len() <= at {
                slots.resize(at + 1, Key::Document);
            }
            slots[at] = parent;
        }
    }

    // Object ids for every element, then the elements themselves.
    let root_id = doc.new_object_id();
    let mut ids: BTreeMap<Key, ObjectId> = BTreeMap::new();
    ids.insert(Key::Document, doc.new_object_id());
    for key in &order {
        ids.insert(*key, doc.new_object_id());
    }
    let name = |s: &str| Object::Name(s.as_bytes().to_vec());
    for (key, elem) in &elems {
        let mut d = Dictionary::new();
        d.set("Type", name("StructElem"));
        d.set("S", name(elem.role));
        let parent = if *key == Key::Document {
            root_id
        } else {
            ids[&elem.parent]
        };
        d.set("P", Object::Reference(parent));
        if let Some(alt) = &elem.alt {
            d.set("Alt", super::compose::pdf_text(alt));
        }
        if let Some(lang) = elem.lang {
            d.set("Lang", super::compose::pdf_text(lang));
        }
        let kids: Vec<Object> = elem
            .kids
            .iter()
            .map(|k| match k {
                Kid::Elem(child) => Object::Reference(ids[child]),
                Kid::Content { page, mcid } => {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", name("MCR"));
                    mcr.set("Pg", Object::Reference(page_ids[*page]));
                    mcr.set("MCID", Object::Integer(*mcid));
                    Object::Dictionary(mcr)
                }
            })
            .collect();
        d.set("K", Object::Array(kids));
        doc.objects.insert(ids[key], Object::Dictionary(d));
    }

    // The parent tree: for page i (its /StructParents), the element of each MCID.
    let mut nums = Vec::new();
    for (i, slots) in parents.iter().enumerate() {
        let array = doc.add_object(Object::Array(
            slots.iter().map(|k| Object::Reference(ids[k])).collect(),
        ));
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Reference(array));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree = doc.add_object(Object::Dictionary(parent_tree));
    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(ids[&Key::Document]));
    root.set("ParentTree", Object::Reference(parent_tree));
    root.set("ParentTreeNextKey", Object::Integer(page_ids.len() as i64));
    doc.objects.insert(root_id, Object::Dictionary(root));

    for (i, page) in page_ids.iter().enumerate() {
        let Ok(Object::Dictionary(d)) = doc.get_object_mut(*page) else {
            return Err(EngineError::PdfWrite("a page could not be tagged".into()));
        };
        d.set("StructParents", Object::Integer(i as i64));
        // Tab order follows the structure.
        d.set("Tabs", name("S"));
    }
    let catalog = doc
        .catalog_mut()
        .map_err(|e| EngineError::PdfWrite(e.to_string()))?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    Ok(())
}
