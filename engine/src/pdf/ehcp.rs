//! The EHC plan: sections A–K, each separately labelled (SEND Regulations 2014 reg 12), with
//! the child's name on every page. The draft is watermarked DRAFT and leaves Section I blank;
//! the final plan is an issued version (reg 22(3)), with its issue number and date and the
//! placement named.
//!
//! Rules kept here: Section I stays blank in a draft; H1 and H2 are separate sections;
//! outcomes are grouped by area of need or PfA domain, each followed by the provision that
//! serves it; provision shows who, what, how often and how long; Section A marks the young
//! person's own words as theirs; Section K lists the advice received.

use super::compose::{Composed, Meta};
use super::layout::{Column, Layout, Margins};
use super::{first_name, long_date, or_none, BODY, H1, H2, NOTE, TITLE};
use crate::{EngineError, Result};
use northstar_schema::{
    Date, Need, Outcome, PlanSection, Provision, ProvisionSection, ReviewDocument,
};

/// The columns every provision table uses (Code of Practice 9.69: specific and quantified).
const PROVISION_COLUMNS: [Column; 4] = [
    Column {
        title: "Who provides it",
        weight: 1.1,
    },
    Column {
        title: "What is provided",
        weight: 2.2,
    },
    Column {
        title: "How often",
        weight: 1.1,
    },
    Column {
        title: "For how long",
        weight: 1.0,
    },
];

/// Which plan: the working draft, or one issued version.
#[derive(Debug, Clone, Copy)]
enum Mode {
    Draft,
    Final {
        number: u32,
        issued_on: Option<Date>,
    },
}

/// The draft plan, from the plan as it stands.
pub fn compose(doc: &ReviewDocument, print: super::Print) -> Result<Composed> {
    compose_as(doc, Mode::Draft, print)
}

/// The final plan: the latest issue, exactly as it was issued.
pub fn compose_final(doc: &ReviewDocument, print: super::Print) -> Result<Composed> {
    let issue = doc.issues.iter().max_by_key(|i| i.number).ok_or_else(|| {
        EngineError::Refused(
            "no plan has been issued in Northstar yet: issue the amended plan first, or export the draft".into(),
        )
    })?;
    let mut issued = doc.clone();
    issued.plan = issue.plan();
    compose_as(
        &issued,
        Mode::Final {
            number: issue.number,
            issued_on: issue.issued_on,
        },
        print,
    )
}

fn compose_as(doc: &ReviewDocument, mode: Mode, print: super::Print) -> Result<Composed> {
    let mut l = Layout::new(Margins::DOCUMENT).in_large_print(print.large());
    let name = doc.young_person.display_name();
    title_block(&mut l, doc, &name, mode);
    section_a(&mut l, doc);
    for (section, needs) in [
        (PlanSection::B, &doc.plan.section_b.needs),
        (PlanSection::C, &doc.plan.section_c.needs),
        (PlanSection::D, &doc.plan.section_d.needs),
    ] {
        section_heading(&mut l, section);
        need_list(&mut l, needs);
    }
    section_e(&mut l, doc);
    for (section, provision) in [
        (PlanSection::F, &doc.plan.section_f),
        (PlanSection::G, &doc.plan.section_g),
        (PlanSection::H1, &doc.plan.section_h1),
        (PlanSection::H2, &doc.plan.section_h2),
    ] {
        section_heading(&mut l, section);
        provision_table(&mut l, provision);
    }
    section_heading(&mut l, PlanSection::I);
    match mode {
        Mode::Draft => l.paragraph(
            "Left blank in a draft plan. The school, college or other placement is named only \
             when the final plan is issued, after the family has commented and may have asked \
             for a particular school.",
            BODY,
        ),
        Mode::Final { .. } => {
            let i = &doc.plan.section_i;
            l.labelled(
                "Name of the school, college or other institution",
                &or_none(i.setting_name.as_deref().unwrap_or(""), "Not named"),
                BODY,
            );
            l.labelled(
                "Type",
                &or_none(i.setting_type.as_deref().unwrap_or(""), "Not recorded"),
                BODY,
            );
        }
    }
    section_j(&mut l, doc);
    section_k(&mut l, doc);

    let (title, header_right, watermark) = match mode {
        Mode::Draft => (
            format!("Draft EHC plan for {name}"),
            "Draft EHC plan".to_string(),
            Some("DRAFT".to_string()),
        ),
        Mode::Final { number, issued_on } => (
            format!("EHC plan for {name}, issue {number}"),
            format!("EHC plan, issue {number}, {}", long_date(issued_on)),
            None,
        ),
    };
    let meta = Meta {
        title,
        author: doc
            .young_person
            .setting
            .local_authority
            .clone()
            .unwrap_or_else(|| "Northstar".into()),
        subject: "Draft Education, Health and Care plan, sections A to K".into(),
        language: "en-GB",
        header_left: name.clone(),
        header_right,
        footer_left: plan_dates(doc),
        watermark,
    };
    Ok(Composed {
        layout: l,
        meta,
        with_header: true,
    })
}

fn plan_dates(doc: &ReviewDocument) -> String {
    let mut parts = vec![format!("First issued {}", long_date(doc.plan.issued_on))];
    if doc.plan.last_amended_on.is_some() {
        parts.push(format!(
            "last amended {}",
            long_date(doc.plan.last_amended_on)
        ));
    }
    parts.join("; ")
}

fn title_block(l: &mut Layout, doc: &ReviewDocument, name: &str, mode: Mode) {
    l.paragraph(
        match mode {
            Mode::Draft => "Draft Education, Health and Care plan",
            Mode::Final { .. } => "Education, Health and Care plan",
        },
        TITLE,
    );
    l.paragraph(name, H1);
    l.space(6.0);
    let yp = &doc.young_person;
    let setting = &yp.setting;
    let facts = [
        ("Date of birth", long_date(yp.date_of_birth)),
        (
            "Year group",
            yp.year_group_on(crate::store::today()).label().to_string(),
        ),
        ("Current setting", or_none(&setting.name, "Not recorded")),
        (
            "Local authority",
            setting
                .local_authority
                .clone()
                .unwrap_or_else(|| "Not recorded".into()),
        ),
        ("Plan first issued", long_date(doc.plan.issued_on)),
        ("Plan last amended", long_date(doc.plan.last_amended_on)),
        match mode {
            Mode::Draft => (
                "Draft prepared",
                long_date(Some(crate::store::today().into())),
            ),
            Mode::Final { number, issued_on } => (
                "This issue",
                format!("Issue {number}, dated {}", long_date(issued_on)),
            ),
        },
    ];
    let rows: Vec<Vec<String>> = facts
        .into_iter()
        .map(|(k, v)| vec![k.to_string(), v])
        .collect();
    l.table(
        &[
            Column {
                title: "About this plan",
                weight: 1.0,
            },
            Column {
                title: "",
                weight: 2.2,
            },
        ],
        &rows,
        BODY,
    );
    l.paragraph(
        match mode {
            Mode::Draft => {
                "This is a draft. The family has at least 15 days to comment on it and may ask \
                 for a particular school or college to be named in Section I."
            }
            Mode::Final { .. } => {
                "This is the plan as issued. If you disagree with it, you can appeal to the \
                 First-tier Tribunal (SEND) within 2 months of the date of the letter sent \
                 with it, or 1 month from a mediation certificate, whichever is later."
            }
        },
        NOTE,
    );
}

fn section_heading(l: &mut Layout, section: PlanSection) {
    let title = format!("Section {}", section.label());
    l.space(8.0);
    l.ensure(H1.line_height() + 3.0 * BODY.line_height());
    l.bookmark(&title);
    l.heading(&title, H1, 2.0 * BODY.line_height());
}

fn section_a(l: &mut Layout, doc: &ReviewDocument) {
    let a = &doc.plan.section_a;
    let first = first_name(doc);
    section_heading(l, PlanSection::A);
    if a.in_own_words && !a.young_person_views.is_blank() {
        l.heading(
            &format!("In {first}’s own words"),
            H2,
            BODY.line_height() * 2.0,
        );
        l.paragraph(
            &format!("These are {first}’s own words, written as they said them."),
            NOTE,
        );
        l.indented(
            &format!("“{}”", a.young_person_views.as_str().trim()),
            BODY,
            14.0,
        );
    } else {
        l.heading(&format!("{first}’s views"), H2, BODY.line_height() * 2.0);
        if !a.young_person_views.is_blank() {
            l.paragraph("A summary written by others, not in their own words.", NOTE);
        }
        l.paragraph(
            &or_none(a.young_person_views.as_str(), "None recorded yet."),
            BODY,
        );
    }
    l.heading("Parents’ or carers’ views", H2, BODY.line_height() * 2.0);
    l.paragraph(
        &or_none(a.parent_views.as_str(), "None recorded yet."),
        BODY,
    );
    l.heading("Interests", H2, BODY.line_height() * 2.0);
    l.paragraph(&or_none(a.interests.as_str(), "None recorded yet."), BODY);
    l.heading("Aspirations", H2, BODY.line_height() * 2.0);
    if a.aspirations.iter().all(|x| x.text.is_blank()) {
        l.paragraph("None recorded yet.", BODY);
    }
    for asp in a.aspirations.iter().filter(|x| !x.text.is_blank()) {
        l.bullet(asp.text.as_str(), BODY);
    }
}

fn need_list(l: &mut Layout, needs: &[Need]) {
    if needs.iter().all(|n| n.description.is_blank()) {
        l.paragraph("None identified in this section.", BODY);
        return;
    }
    for need in needs.iter().filter(|n| !n.description.is_blank()) {
        let mut label = need
            .area
            .map(|a| a.label().to_string())
            .unwrap_or_else(|| "Need".into());
        if let Some(code) = need.sen2 {
            label.push_str(&format!(" ({})", code.label()));
        }
        l.labelled(&label, need.description.as_str(), BODY);
    }
}

/// The heading an outcome is grouped under: its PfA domain, else the area of the first
/// need it serves.
fn outcome_group(doc: &ReviewDocument, o: &Outcome) -> String {
    if let Some(domain) = o.pfa_domain {
        return format!("Preparing for adulthood: {}", domain.label());
    }
    o.need_ids
        .iter()
        .find_map(|id| doc.plan.needs().find(|(_, n)| &n.id == id))
        .and_then(|(_, n)| n.area)
        .map(|a| a.label().to_string())
        .unwrap_or_else(|| "Other outcomes".into())
}

fn section_e(l: &mut Layout, doc: &ReviewDocument) {
    section_heading(l, PlanSection::E);
    let outcomes = &doc.plan.section_e.outcomes;
    if outcomes.is_empty() {
        l.paragraph("No outcomes recorded yet.", BODY);
        return;
    }
    // Groups in order of first appearance, so the plan's own order is kept inside each.
    let mut groups: Vec<(String, Vec<&Outcome>)> = Vec::new();
    for o in outcomes {
        let g = outcome_group(doc, o);
        match groups.iter_mut().find(|(name, _)| *name == g) {
            Some((_, list)) => list.push(o),
            None => groups.push((g, vec![o])),
        }
    }
    let mut n = 0;
    for (group, list) in groups {
        l.heading(&group, H2, BODY.line_height() * 3.0);
        for o in list {
            n += 1;
            // The label already names the date in the demo's wording ("July 2027"), so the
            // date is shown only when there is no label.
            let by = match (o.time_frame.label.trim(), o.time_frame.by) {
                ("", Some(d)) => long_date(Some(d)),
                ("", None) => "No time frame set".into(),
                (label, _) => label.to_string(),
            };
            l.labelled(
                &format!("Outcome {n}"),
                &format!(
                    "{}\nBy: {by}",
                    or_none(o.text.as_str(), "(No wording yet.)")
                ),
                BODY,
            );
            let linked: Vec<Vec<String>> = doc
                .plan
                .provisions()
                .filter(|p| p.provision.outcome_ids.contains(&o.id))
                .map(|p| {
                    let mut row = provision_row(p.provision);
                    row[0] = format!("{} (Section {})", row[0], p.section.as_str());
                    row
                })
                .collect();
            if linked.is_empty() {
                l.paragraph("No provision is linked to this outcome yet.", NOTE);
                l.space(4.0);
            } else {
                // Keep the caption with the table's header and first row.
                l.ensure(NOTE.line_height() + 5.0 * BODY.line_height());
                l.paragraph("Provision for this outcome", NOTE);
                l.table(&PROVISION_COLUMNS, &linked, BODY);
            }
        }
    }
}

fn provision_row(p: &Provision) -> Vec<String> {
    vec![
        or_none(&p.provider, "Not stated"),
        or_none(p.description.as_str(), "Not stated"),
        or_none(&p.frequency, "Not stated"),
        or_none(&p.duration, "Not stated"),
    ]
}

fn provision_table(l: &mut Layout, section: &ProvisionSection) {
    if section.provisions.is_empty() {
        l.paragraph("None in this section.", BODY);
        return;
    }
    let rows: Vec<Vec<String>> = section.provisions.iter().map(provision_row).collect();
    l.table(&PROVISION_COLUMNS, &rows, BODY);
}

fn section_j(l: &mut Layout, doc: &ReviewDocument) {
    let j = &doc.plan.section_j;
    section_heading(l, PlanSection::J);
    if j.summary.is_blank() && j.items.is_empty() {
        l.paragraph("No personal budget has been requested.", BODY);
        return;
    }
    if !j.summary.is_blank() {
        l.paragraph(j.summary.as_str(), BODY);
        l.space(4.0);
    }
    if !j.items.is_empty() {
        let rows: Vec<Vec<String>> = j
            .items
            .iter()
            .map(|i| {
                vec![
                    or_none(&i.description, "Not stated"),
                    i.annual_amount_pence
                        .map(|p| format!("£{}.{:02}", p / 100, p % 100))
                        .unwrap_or_else(|| "Not stated".into()),
                    if i.direct_payment { "Yes" } else { "No" }.into(),
                ]
            })
            .collect();
        l.table(
            &[
                Column {
                    title: "What it pays for",
                    weight: 2.5,
                },
                Column {
                    title: "A year",
                    weight: 1.0,
                },
                Column {
                    title: "Direct payment",
                    weight: 1.0,
                },
            ],
            &rows,
            BODY,
        );
    }
}

fn section_k(l: &mut Layout, doc: &ReviewDocument) {
    section_heading(l, PlanSection::K);
    let mut rows: Vec<Vec<String>> = doc
        .plan
        .section_k
        .advice
        .iter()
        .map(|a| {
            vec![
                or_none(&a.source, "Not stated"),
                or_none(&a.title, "Advice"),
                long_date(a.dated),
            ]
        })
        .collect();
    // Advice received for the current review belongs in the list too.
    if let Some(review) = doc.current_review() {
        rows.extend(
            review
                .advice
                .iter()
                .filter(|a| a.received_on.is_some())
                .map(|a| {
                    let source = match &a.contact {
                        Some(c) if !c.trim().is_empty() => format!("{} ({c})", a.agency.label()),
                        _ => a.agency.label().to_string(),
                    };
                    vec![
                        source,
                        "Advice for the annual review".into(),
                        long_date(a.received_on),
                    ]
                }),
        );
    }
    if rows.is_empty() {
        l.paragraph("No advice has been received yet.", BODY);
        return;
    }
    l.table(
        &[
            Column {
                title: "From",
                weight: 1.6,
            },
            Column {
                title: "Advice",
                weight: 2.0,
            },
            Column {
                title: "Dated",
                weight: 1.0,
            },
        ],
        &rows,
        BODY,
    );
}
