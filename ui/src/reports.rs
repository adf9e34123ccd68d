//! The Reports screen: the anonymised aspirations report over every plan held, for the LA
//! caseworker and commissioners. Each table comes with a bar chart of its row totals (SVG);
//! the table beside it is the same figures for anyone who cannot see the chart. Figures of
//! 1 to 4 read "fewer than 5", and figures hidden to protect them read "hidden": the engine
//! has already made every table safe (`northstar_schema::small_numbers`).

use crate::app::Route;
use crate::ipc;
use northstar_schema::aspirations_report::{AspirationsReport, ReportTable};
use northstar_schema::small_numbers::Cell;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportsProps {
    pub on_done: Callback<Route>,
}

#[function_component(ReportsView)]
pub fn reports_view(p: &ReportsProps) -> Html {
    let report = use_state(|| None::<Result<AspirationsReport, String>>);
    {
        let report = report.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                report.set(Some(ipc::aspirations_report().await));
            });
        });
    }
    let back = {
        let on_done = p.on_done.clone();
        Callback::from(move |_| on_done.emit(Route::Caseload))
    };
    let saved = use_state(|| Saved::Idle);
    let save_pdf = {
        let saved = saved.clone();
        Callback::from(move |_| {
            let saved = saved.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let path = match ipc::choose_save_path("Aspirations report.pdf").await {
                    Ok(Some(path)) => path,
                    Ok(None) => return,
                    Err(e) => return saved.set(Saved::Failed(e)),
                };
                saved.set(Saved::Writing);
                saved.set(match ipc::save_aspirations_report_pdf(&path).await {
                    Ok(()) => Saved::Done(format!("Saved the report as {path}.")),
                    Err(e) => Saved::Failed(e),
                });
            });
        })
    };
    html! {
        <section aria-labelledby="reports-title" class="reports">
            <div class="page-head">
                <h1 id="reports-title">{ "Aspirations across every plan" }</h1>
                <div class="page-actions">
                    <button type="button" class="button primary" id="reports-save-pdf" onclick={save_pdf}
                        disabled={*saved == Saved::Writing}>{ "Save as PDF" }</button>
                    <button type="button" class="button" id="reports-back" onclick={back}>{ "← Caseload" }</button>
                </div>
            </div>
            { match &*saved {
                Saved::Idle => html! {},
                Saved::Writing => html! { <p role="status">{ "Writing the PDF…" }</p> },
                Saved::Done(msg) => html! { <p class="note-ok" role="status">{ msg }</p> },
                Saved::Failed(msg) => html! { <p class="error" role="status">{ format!("The PDF was not saved: {msg}") }</p> },
            } }
            <p class="hint">{ "What young people hope for, by theme, and where their plans do not yet work toward it: for commissioning. No child can be identified: every figure from 1 to 4 shows as \"fewer than 5\", and a figure that would let one be worked out is hidden. No words from any plan appear here. \"Save as PDF\" writes these tables and charts to print or send; the same figures as CSV: northstar report aspirations --out FILE.csv" }</p>
            { match &*report {
                None => html! { <p role="status">{ "Working out the report…" }</p> },
                Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                Some(Ok(r)) => html! { for r.tables.iter().enumerate().map(|(i, t)| table(i, t)) },
            } }
        </section>
    }
}

/// Where saving the report as a PDF has got to.
#[derive(Debug, Clone, PartialEq)]
enum Saved {
    Idle,
    Writing,
    Done(String),
    Failed(String),
}

/// A figure for a bar: its length, and the words on it.
fn bar(cell: Cell) -> (u64, String) {
    match cell {
        Cell::Shown(n) => (n, n.to_string()),
        other => (0, other.words()),
    }
}

fn chart(id: &str, t: &ReportTable) -> Html {
    let bars: Vec<(String, u64, String)> = t
        .rows
        .iter()
        .zip(&t.figures.row_totals)
        .map(|(row, cell)| {
            let (n, words) = bar(*cell);
            (row.clone(), n, words)
        })
        .collect();
    let most = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (390.0, 340.0, 26.0);
    let height = row_h * bars.len() as f64 + 8.0;
    html! {
        <svg class="report-chart" role="img" aria-labelledby={format!("{id}-caption")}
            viewBox={format!("0 0 {} {height}", label_w + bar_w + 120.0)} preserveAspectRatio="xMinYMin meet">
            { for bars.iter().enumerate().map(|(i, (row, n, words))| {
                let y = 4.0 + row_h * i as f64;
                let w = bar_w * *n as f64 / most as f64;
                let protected = *n == 0 && words != "0";
                html! {
                    <g>
                        <text x={(label_w - 8.0).to_string()} y={(y + 17.0).to_string()} text-anchor="end" class="chart-label">{ row.clone() }</text>
                        if protected {
                            <rect x={label_w.to_string()} y={(y + 4.0).to_string()} width="18" height="16" class="chart-bar-protected" />
                        } else {
                            <rect x={label_w.to_string()} y={(y + 4.0).to_string()} width={w.max(1.0).to_string()} height="16" class="chart-bar" />
                        }
                        <text x={(label_w + if protected { 26.0 } else { w + 8.0 }).to_string()} y={(y + 17.0).to_string()} class="chart-figure">{ words.clone() }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

fn table(i: usize, t: &ReportTable) -> Html {
    let id = format!("report-{i}");
    let f = &t.figures;
    html! {
        <section class="panel report-table" aria-labelledby={format!("{id}-caption")}>
            <h2 id={format!("{id}-caption")}>{ t.title.clone() }</h2>
            { chart(&id, t) }
            <div class="table-scroll" tabindex="0" role="region" aria-label={format!("{}: the figures", t.title)}>
                <table class="report">
                    <thead><tr>
                        <th scope="col">{ "" }</th>
                        { for t.columns.iter().map(|c| html! { <th scope="col">{ c.clone() }</th> }) }
                        <th scope="col">{ "Total" }</th>
                    </tr></thead>
                    <tbody>
                        { for t.rows.iter().enumerate().map(|(r, row)| html! {
                            <tr>
                                <th scope="row">{ row.clone() }</th>
                                { for f.cells[r].iter().map(|c| html! { <td>{ c.words() }</td> }) }
                                <td class="total">{ f.row_totals[r].words() }</td>
                            </tr>
                        }) }
                    </tbody>
                    <tfoot><tr>
                        <th scope="row">{ "Total" }</th>
                        { for f.column_totals.iter().map(|c| html! { <td class="total">{ c.words() }</td> }) }
                        <td class="total">{ f.grand_total.words() }</td>
                    </tr></tfoot>
                </table>
            </div>
        </section>
    }
}
