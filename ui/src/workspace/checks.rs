//! The plan-quality side panel: the same rules as `northstar check`, run here in the window
//! on the saved review, so findings update as people write and never hold up typing.

use northstar_schema::quality::{Finding, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    pub title: AttrValue,
    pub findings: Vec<Finding>,
}

#[function_component(ChecksPanel)]
pub fn checks_panel(p: &ChecksProps) -> Html {
    let count = p.findings.len();
    html! {
        <aside class="checks" aria-labelledby="checks-title">
            <h2 id="checks-title">{ &p.title }</h2>
            <p class="quiet" role="status">{ match count {
                0 => "Nothing to check here.".to_string(),
                1 => "1 thing to check.".to_string(),
                n => format!("{n} things to check."),
            } }</p>
            <ul class="findings">
                { for p.findings.iter().map(|f| html! {
                    <li class={format!("finding finding-{}", f.severity.as_str())}>
                        <p class="finding-head">
                            <span class="severity">{ severity_words(f.severity) }</span>
                            { f.rule.label() }
                        </p>
                        <p>{ &f.message }</p>
                        <p class="suggestion"><strong>{ "What to do: " }</strong>{ &f.suggestion }</p>
                        <p class="citation">{ f.citation }</p>
                    </li>
                }) }
            </ul>
        </aside>
    }
}

fn severity_words(s: Severity) -> &'static str {
    match s {
        Severity::High => "Must fix",
        Severity::Medium => "Should fix",
        Severity::Low => "Worth a look",
    }
}
