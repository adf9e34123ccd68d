use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Prose that several people may edit at once: views, advice, outcome wording.
///
/// In JSON it is a plain string. In Automerge it is a text object, and writing a new value
/// splices only the characters that changed, so two people typing into the same field at the
/// same time both keep their words (a plain `String` would be last-writer-wins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct CoText(pub String);

impl CoText {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<&str> for CoText {
    fn from(s: &str) -> Self {
        CoText(s.to_string())
    }
}

impl From<String> for CoText {
    fn from(s: String) -> Self {
        CoText(s)
    }
}

impl std::fmt::Display for CoText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
