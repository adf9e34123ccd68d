//! The anonymised aspirations report as a PDF, for commissioning: the disclosure rule in
//! plain words, then each table as a bar chart of its row totals followed by the table
//! itself, every figure in exactly the words the CSV gives it.
//!
//! A table wider than the page (seven year groups and a total, say) is printed as several
//! tables of a few columns each, every one with the row labels, so no figure is ever squeezed
//! onto two lines or cut.

use super::chart::{self, Bar};
use super::compose::{Composed, Meta};
use super::fonts::Face;
use super::layout::{Column, Layout, Margins, Style, INK};
use super::{long_date, BODY, H1, H2, NOTE, TITLE};
use crate::Result;
use northstar_schema::aspirations_report::{AspirationsReport, ReportTable};
use northstar_schema::small_numbers::{Cell, THRESHOLD};
use northstar_schema::Date;

const TABLE: Style = Style::new(Face::Regular, 8.5, INK);
/// Room either side of a cell's text (the layout pads each side by 4 points).
const CELL_ROOM: f32 = 9.0;

/// What the report's title says, and its running header.
pub const TITLE_TEXT: &str = "Aspirations across every plan";
/// Opens the words before each table's figures (the chart comes before it).
pub const FIGURES: &str = "The figures";

pub fn compose(report: &AspirationsReport) -> Result<Composed> {
    let made_on = long_date(Some(Date(report.made_on)));
    let mut l = Layout::new(Margins::DOCUMENT);
    l.paragraph(TITLE_TEXT, TITLE);
    l.paragraph(
        "What young people hope for, by theme, and where their plans do not yet work toward it",
        H2,
    );
    l.space(4.0);
    l.paragraph(&format!("Made on {made_on}, over every plan held."), BODY);
    l.space(6.0);

    l.bookmark("How to read this report");
    l.heading("How to read this report", H1, 3.0 * BODY.line_height());
    for words in [
        format!(
            "No child can be identified from this report. A count from 1 to {} is shown as \"fewer than {THRESHOLD}\"; a count of 0 is shown, because it is nobody.",
            THRESHOLD - 1
        ),
        "Where a figure of fewer than 5 could still be worked out, by taking the other figures in its row or column away from their total, one more figure is hidden and shown as \"hidden\", until none can be worked out.".into(),
        "The rows and columns are fixed labels. No words from any plan appear here.".into(),
        "A young person counts once under each theme their aspirations speak to, so a column's total counts mentions of a theme, not young people.".into(),
        "Each chart shows its table's Total column. A total that is fewer than 5 or hidden has no bar: it is shown as an empty box and its words.".into(),
    ] {
        l.bullet(&words, BODY);
        l.space(2.0);
    }

    for (i, table) in report.tables.iter().enumerate() {
        section(&mut l, i + 1, table)?;
    }

    let meta = Meta {
        title: format!("{TITLE_TEXT}, {made_on}"),
        author: "Northstar".into(),
        subject: "Anonymised aspirations report for commissioning".into(),
        language: "en-GB",
        header_left: format!("{TITLE_TEXT} (anonymised)"),
        header_right: format!("Made on {made_on}"),
        footer_left: format!(
            "Counts of 1 to {} shown as \"fewer than {THRESHOLD}\"",
            THRESHOLD - 1
        ),
        watermark: None,
    };
    Ok(Composed {
        layout: l,
        meta,
        with_header: true,
    })
}

/// One table: its title, its chart, then its figures.
fn section(l: &mut Layout, number: usize, table: &ReportTable) -> Result<()> {
    let title = format!("{number}. {}", table.title);
    l.space(10.0);
    l.bookmark(&title);
    l.heading(&title, H2, chart::height(table.rows.len()));
    let bars: Vec<Bar> = table
        .rows
        .iter()
        .zip(&table.figures.row_totals)
        .map(|(label, figure)| Bar {
            label,
            figure: *figure,
        })
        .collect();
    chart::bar_chart(l, &bars, "Total (the table's Total column)")?;
    l.space(4.0);

    let groups = column_groups(l.width(), table);
    for (g, columns) in groups.iter().enumerate() {
        let caption = if groups.len() == 1 {
            format!("{FIGURES}:")
        } else {
            format!("{FIGURES}, part {} of {}:", g + 1, groups.len())
        };
        l.ensure(NOTE.line_height() + 4.0 * TABLE.line_height());
        l.paragraph(&caption, NOTE);
        figures(l, table, columns);
    }
    Ok(())
}

/// A figure column: one of the table's columns, or its Total.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FigureColumn {
    Of(usize),
    Total,
}

/// The table's columns (and Total, last) split into groups narrow enough that every
/// column keeps its figures on one line beside the row labels.
fn column_groups(width: f32, table: &ReportTable) -> Vec<Vec<FigureColumn>> {
    let all: Vec<FigureColumn> = (0..table.columns.len())
        .map(FigureColumn::Of)
        .chain([FigureColumn::Total])
        .collect();
    let widest = figure_column_width(table);
    let room = width - label_width(table);
    let fits = ((room / widest).floor() as usize).max(1);
    let parts = all.len().div_ceil(fits);
    let per = all.len().div_ceil(parts);
    all.chunks(per).map(<[FigureColumn]>::to_vec).collect()
}

fn label_width(table: &ReportTable) -> f32 {
    table
        .rows
        .iter()
        .map(String::as_str)
        .chain(["Total"])
        .map(|r| TABLE.width(r))
        .fold(0.0, f32::max)
        + CELL_ROOM
}

/// The width every figure column needs: its widest figure, and its heading's longest word.
fn figure_column_width(table: &ReportTable) -> f32 {
    let figures = [Cell::FewerThanFive, Cell::Hidden]
        .map(|c| TABLE.width(&c.words()))
        .into_iter()
        .chain(cells(table).map(|c| TABLE.width(&c.words())));
    let heading_words = table
        .columns
        .iter()
        .flat_map(|c| c.split_whitespace())
        .chain(["Total"])
        .map(|w| TABLE.bold().width(w));
    figures.chain(heading_words).fold(0.0, f32::max) + CELL_ROOM
}

fn cells(table: &ReportTable) -> impl Iterator<Item = Cell> + '_ {
    let f = &table.figures;
    f.cells
        .iter()
        .flatten()
        .chain(&f.row_totals)
        .chain(&f.column_totals)
        .chain([&f.grand_total])
        .copied()
}

/// One group of the table's columns, with the row labels and the Total row.
fn figures(l: &mut Layout, table: &ReportTable, columns: &[FigureColumn]) {
    let f = &table.figures;
    let label_w = label_width(table);
    let figure_w = ((l.width() - label_w) / columns.len() as f32).max(1.0);
    let heads: Vec<Column> = std::iter::once(Column {
        title: "",
        weight: label_w,
    })
    .chain(columns.iter().map(|c| Column {
        title: match c {
            FigureColumn::Of(i) => table.columns[*i].as_str(),
            FigureColumn::Total => "Total",
        },
        weight: figure_w,
    }))
    .collect();
    let row = |label: &str, cell: &dyn Fn(FigureColumn) -> Cell| -> Vec<String> {
        std::iter::once(label.to_string())
            .chain(columns.iter().map(|c| cell(*c).words()))
            .collect()
    };
    let mut rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, label)| {
            row(label, &|c| match c {
                FigureColumn::Of(i) => f.cells[r][i],
                FigureColumn::Total => f.row_totals[r],
            })
        })
        .collect();
    rows.push(row("Total", &|c| match c {
        FigureColumn::Of(i) => f.column_totals[i],
        FigureColumn::Total => f.grand_total,
    }));
    l.table(&heads, &rows, TABLE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::layout::Mark;

    fn report() -> AspirationsReport {
        let docs = crate::demo::demo_documents().unwrap();
        AspirationsReport::of(&docs, chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap())
    }

    #[test]
    fn wide_tables_split_into_parts_that_each_keep_every_figure_on_one_line() {
        let report = report();
        let by_need = &report.tables[1];
        let width = Layout::new(Margins::DOCUMENT).width();
        let groups = column_groups(width, by_need);
        assert!(
            groups.len() > 1,
            "four areas of need and a total do not fit beside the labels"
        );
        let flat: Vec<FigureColumn> = groups.concat();
        assert_eq!(flat.len(), by_need.columns.len() + 1);
        assert_eq!(flat.last(), Some(&FigureColumn::Total));
        // Two columns fit beside the labels in one part.
        assert_eq!(column_groups(width, &report.tables[3]).len(), 1);

        let composed = compose(&report).unwrap();
        let texts: Vec<&str> = composed
            .layout
            .pages
            .iter()
            .flatten()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&"fewer than 5"), "no figure was split");
        for table in &report.tables {
            for row in &table.rows {
                assert!(texts.contains(&row.as_str()), "{row:?} was split or lost");
            }
        }
    }
}
