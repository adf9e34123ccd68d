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

/// Escapes text for XML (an SVG page, the SEN2 file): the five special characters become
/// entities, and control characters, which XML 1.0 cannot carry, are dropped (tabs stay).
///
/// ```
/// assert_eq!(northstar_schema::xml_escape("O'Neil & <Sons>\u{7}"), "O&apos;Neil &amp; &lt;Sons&gt;");
/// ```
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}
