//! The review document model. One [`ReviewDocument`] per child's plan.
//!
//! Module map: [`vocabulary`] holds the closed lists (roles, SEN2 codes, sections);
//! `child` the young person; `plan` sections A–K; `review` the annual reviews;
//! `voice` the young person's own contributions; `document` the root.

#[macro_use]
mod vocabulary;
mod child;
mod document;
mod member;
mod plan;
mod review;
mod voice;

pub use child::*;
pub use document::*;
pub use member::*;
pub use plan::*;
pub use review::*;
pub use vocabulary::*;
pub use voice::*;
