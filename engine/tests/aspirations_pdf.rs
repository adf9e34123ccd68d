//! The aspirations report as a PDF: its text (read back with poppler's pdftotext) carries
//! every figure and row label of the CSV, in the same table and row, and nothing more; each
//! chart's labels are real text, and each bar's figure is its row's total in the same words.
//! Run over the demo caseload through the CLI, and over a made-up caseload with small cells.

mod common;

use common::northstar_in;
use northstar_schema::aspirations_report::{example_plan, AspirationsReport};
use northstar_schema::{ReviewDocument, YearGroup};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// One table of the CSV: its title and, in order, each row's label and its figures in column
/// order with the row's total last.
struct CsvTable {
    title: String,
    rows: Vec<(String, Vec<String>)>,
}

fn tables_of(csv: &str) -> Vec<CsvTable> {
    let mut tables: Vec<CsvTable> = Vec::new();
    for line in csv.lines().skip(1) {
        let fields: Vec<String> = line
            .trim_matches('"')
            .split("\",\"")
            .map(|f| f.replace("\"\"", "\""))
            .collect();
        let [title, row, _column, figure] = <[String; 4]>::try_from(fields).unwrap();
        if tables.last().is_none_or(|t| t.title != title) {
            tables.push(CsvTable {
                title: title.clone(),
                rows: Vec::new(),
            });
        }
        let table = tables.last_mut().unwrap();
        match table.rows.iter_mut().find(|(r, _)| *r == row) {
            Some((_, figures)) => figures.push(figure),
            None => table.rows.push((row, vec![figure])),
        }
    }
    tables
}

fn pdftotext(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("poppler-utils (pdftotext) is installed");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The figures on a line after its row label: counts, "fewer than 5" or "hidden".
fn figures_in(rest: &str) -> Vec<String> {
    let mut words = rest.split_whitespace();
    let mut out = Vec::new();
    while let Some(w) = words.next() {
        if w == "fewer" {
            assert_eq!(
                (words.next(), words.next()),
                (Some("than"), Some("5")),
                "{rest:?}"
            );
            out.push("fewer than 5".to_string());
        } else {
            assert!(
                w == "hidden" || w.parse::<u64>().is_ok(),
                "{w:?} is not a figure, in {rest:?}"
            );
            out.push(w.to_string());
        }
    }
    out
}

/// The lines of `text` that start (after indentation) with `label` standing alone, each as
/// what follows the label.
fn lines_labelled<'t>(text: &'t str, label: &str) -> Vec<&'t str> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix(label))
        .filter(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        .collect()
}

/// Checks the PDF's text against the CSV; answers each table's figures as the PDF's table
/// shows them, by row label.
fn assert_pdf_matches_csv(text: &str, csv: &str) -> Vec<BTreeMap<String, Vec<String>>> {
    let tables = tables_of(csv);
    assert_eq!(tables.len(), 6);
    let starts: Vec<usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let heading = format!("{}. {}", i + 1, t.title);
            text.find(&heading)
                .unwrap_or_else(|| panic!("{heading:?} is not in the PDF"))
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]),
        "tables in CSV order"
    );
    let mut shown = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let section = &text[starts[i]..starts.get(i + 1).copied().unwrap_or(text.len())];
        let split = section
            .find("The figures")
            .unwrap_or_else(|| panic!("{:?} has no figures", table.title));
        let (chart, figures) = section.split_at(split);
        assert!(
            chart.contains("Total (the table's Total column)"),
            "the chart's axis is text"
        );
        let mut by_row = BTreeMap::new();
        for (row, expected) in &table.rows {
            // The chart: the row's label beside its bar, and the row's total in words.
            if row != "Total" {
                let total = expected.last().unwrap();
                let bar = lines_labelled(chart, row);
                assert_eq!(
                    bar.len(),
                    1,
                    "{row:?} is labelled once in the chart of {:?}",
                    table.title
                );
                assert_eq!(
                    figures_in(bar[0]),
                    vec![total.clone()],
                    "the bar for {row:?} in {:?}",
                    table.title
                );
            }
            // The table: the row in one or more parts, every figure in column order.
            let got: Vec<String> = lines_labelled(figures, row)
                .into_iter()
                .flat_map(figures_in)
                .collect();
            assert_eq!(
                &got, expected,
                "the figures of {row:?} in {:?}",
                table.title
            );
            by_row.insert(row.clone(), got);
        }
        shown.push(by_row);
    }
    shown
}

#[test]
fn the_demo_caseload_report_as_pdf_has_every_figure_of_the_csv_in_its_table() {
    let data = tempfile::tempdir().unwrap();
    let o = northstar_in(data.path(), &["demo"]);
    assert!(o.status.success());
    let report = |name: &str| {
        let out = data.path().join(name);
        let o = common::aspirations_report(data.path(), &out);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let csv = std::fs::read_to_string(report("aspirations.csv")).unwrap();
    let pdf = report("Aspirations.PDF");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a .pdf name gives a PDF");
    let text = pdftotext(&pdf);
    assert!(text.contains("Made on 4 December 2026"));
    assert!(text.contains("fewer than 5"));
    assert_pdf_matches_csv(&text, &csv);
    // No words from any plan.
    for doc in northstar_engine::demo::demo_documents().unwrap() {
        for a in &doc.plan.section_a.aspirations {
            assert!(
                !text.contains(a.text.as_str()),
                "{:?} is in the PDF",
                a.text
            );
        }
    }
}

#[test]
fn small_cells_show_in_words_in_the_pdf_and_never_as_their_count() {
    // 12 in Year 12 hope for a supported internship and 3 have an outcome toward one; 8 in
    // Year 10 hope for college, all served; one in Year 11 hopes for something no theme has.
    let mut docs: Vec<ReviewDocument> = (0..12)
        .map(|n| {
            example_plan(
                n,
                YearGroup::Year12,
                "A supported internship at the hospital",
                n < 3,
            )
        })
        .collect();
    docs.extend((12..20).map(|n| example_plan(n, YearGroup::Year10, "Go to college", true)));
    docs.push(example_plan(20, YearGroup::Year11, "dinosaurs", false));
    let report =
        AspirationsReport::of(&docs, chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(
        &pdf,
        northstar_engine::pdf::aspirations_report(&report).unwrap(),
    )
    .unwrap();
    let text = pdftotext(&pdf);
    let shown = assert_pdf_matches_csv(&text, &report.to_csv());

    // The gap table: 3 with an outcome toward an internship is "fewer than 5", the 9 without
    // is hidden, so neither count is printed; the 12 who hope for one are.
    let internship = &shown[3]["Supported internship"];
    assert_eq!(internship, &["fewer than 5", "hidden", "12"]);
    assert!(!internship.iter().any(|f| f == "3" || f == "9"));
    // By year group: the one unclassified young person in Year 11 is not shown as 1.
    assert!(shown[2]["Unclassified"].iter().all(|f| f != "1"));
    assert!(shown[2]["Unclassified"].contains(&"fewer than 5".to_string()));
    // No words from any plan, nor what the young people wrote.
    for word in ["hospital", "dinosaurs", "(young person"] {
        assert!(!text.contains(word), "{word:?} is in the PDF");
    }
}
