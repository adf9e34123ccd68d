//! The symbol pictures as PNGs for the PDFs, built into the binary from
//! `assets/symbols/png/` (OpenMoji, CC BY-SA 4.0: `assets/symbols/LICENSE.md`), each decoded
//! once per process.

use super::picture::Picture;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The words every PDF with symbols carries, as the licence asks.
pub const CREDIT: &str = "Pictures: OpenMoji (openmoji.org), CC BY-SA 4.0";

macro_rules! pngs {
    ($($id:literal,)*) => {
        &[$(($id, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/symbols/png/", $id, ".png")))),*]
    };
}

/// Every symbol's PNG, by id.
static PNGS: &[(&str, &[u8])] = pngs!(
    "me",
    "family",
    "friends",
    "mum",
    "dad",
    "brother",
    "sister",
    "grandparent",
    "teacher",
    "helping-hand",
    "school",
    "college",
    "park",
    "outdoors",
    "shops",
    "hospital",
    "beach",
    "happy",
    "sad",
    "worried",
    "angry",
    "scared",
    "tired",
    "calm",
    "excited",
    "confused",
    "heart",
    "star",
    "like",
    "dislike",
    "football",
    "art",
    "music",
    "books",
    "games",
    "swimming",
    "cycling",
    "dancing",
    "tv",
    "computer",
    "animals",
    "walking",
    "work",
    "office",
    "builder",
    "chef",
    "farmer",
    "mechanic",
    "money",
    "tools",
    "home",
    "bed",
    "bath",
    "toilet",
    "toothbrush",
    "cleaning",
    "clothes",
    "phone",
    "washing",
    "doctor",
    "medicine",
    "poorly",
    "hurt",
    "dentist",
    "glasses",
    "hearing-aid",
    "wheelchair",
    "exercise",
    "pizza",
    "fruit",
    "sandwich",
    "drink",
    "breakfast",
    "dinner",
    "cake",
    "bus",
    "train",
    "car",
    "plane",
);

/// The picture of the symbol `id` (an id of `northstar_schema::symbols::SYMBOLS`).
pub fn picture(id: &str) -> Option<Arc<Picture>> {
    static DECODED: OnceLock<Mutex<BTreeMap<&'static str, Arc<Picture>>>> = OnceLock::new();
    let (id, bytes) = PNGS.iter().find(|(i, _)| *i == id)?;
    let cache = DECODED.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(p) = cache.get(id) {
        return Some(p.clone());
    }
    let p = Picture::from_png(format!("symbol:{id}"), bytes).ok()?;
    cache.insert(id, p.clone());
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use northstar_schema::symbols::SYMBOLS;

    #[test]
    fn every_symbol_has_a_picture_that_decodes() {
        for s in SYMBOLS {
            let p = picture(s.id).unwrap_or_else(|| panic!("no picture for {}", s.id));
            assert_eq!((p.width, p.height), (96, 96), "{}", s.id);
        }
        assert_eq!(
            PNGS.len(),
            SYMBOLS.len(),
            "a picture here for a symbol that is not there"
        );
        assert!(picture("unicorn").is_none());
    }
}
