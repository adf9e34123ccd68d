//! Small numbers in anonymised reports: no count may point to a child.
//!
//! Cohorts in one area are often single figures, so a table of "what young people aspire to,
//! by year group" can name a child to anyone who knows the school. The rule here:
//!
//! 1. **Primary suppression.** Every count from 1 to 4, in the body of a table or in a total,
//!    is shown as "fewer than 5" ([`Cell::FewerThanFive`]). Zero is shown: it is nobody.
//! 2. **Secondary suppression.** A table with totals is a set of sums (each row adds up to its
//!    total, each column to its total, and the totals to the grand total). If one of those sums
//!    had exactly one figure hidden, subtracting the others from it would reveal that figure.
//!    So while any sum has exactly one hidden figure, one more figure in it is hidden
//!    ([`Cell::Hidden`]): the smallest non-zero count in the body, else a zero in the body, else
//!    a total. Repeating until no sum has exactly one hidden figure means no hidden figure can
//!    be worked out by subtraction within the table.
//! 3. Reports built on this carry counts and fixed labels only, never free text.
//!
//! This follows the approach of NHS Digital's disclosure control for Hospital Episode
//! Statistics before 2018 (small values replaced with `*`, then secondary suppression so that
//! no other value in the table can be used to recalculate them; "Disclosure control methodology
//! for HES and ECDS", NHS Digital, 2018) and the Government Statistical Service's "Disclosure
//! Control Guidance for Tables Produced from Administrative Sources" (ONS, 2014), which names
//! differencing through totals as the risk secondary suppression removes. The threshold of 5 is
//! this product's, set by the council's information governance lead's usual rule.
//!
//! ```
//! use northstar_schema::small_numbers::{protect, Cell};
//! // Two year groups by two themes: 3 young people in one cell.
//! let table = protect(&[vec![3, 12], vec![9, 20]]);
//! assert_eq!(table.cells[0][0], Cell::FewerThanFive);
//! // Row 0 adds up to 15, so 12 is hidden too, and so on down the column.
//! assert_eq!(table.cells[0][1], Cell::Hidden);
//! assert!(table.cells.iter().flatten().all(|c| *c != Cell::Shown(3)));
//! ```

use serde::{Deserialize, Serialize};

/// Counts below this, and above zero, are never shown.
pub const THRESHOLD: u64 = 5;

/// One figure as a report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "shown", content = "count")]
pub enum Cell {
    /// Safe to show.
    Shown(u64),
    /// Between 1 and 4.
    FewerThanFive,
    /// Hidden so that a figure of fewer than 5 cannot be worked out from it.
    Hidden,
}

impl Cell {
    /// The figure in words, as a table or CSV shows it.
    pub fn words(self) -> String {
        match self {
            Cell::Shown(n) => n.to_string(),
            Cell::FewerThanFive => "fewer than 5".into(),
            Cell::Hidden => "hidden".into(),
        }
    }

    pub fn is_shown(self) -> bool {
        matches!(self, Cell::Shown(_))
    }
}

/// A table of counts made safe to publish, with its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Protected {
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub grand_total: Cell,
}

/// Where a figure sits: in the body, a row's total, a column's total, or the grand total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum At {
    Body(usize, usize),
    RowTotal(usize),
    ColumnTotal(usize),
    Grand,
}

/// Makes `counts` (rows of equal length; a missing count reads as 0) safe to publish with
/// its row, column and grand totals.
pub fn protect(counts: &[Vec<u64>]) -> Protected {
    let rows = counts.len();
    let columns = counts.iter().map(Vec::len).max().unwrap_or(0);
    let value = |at: At| -> u64 {
        let body = |r: usize, c: usize| counts[r].get(c).copied().unwrap_or(0);
        match at {
            At::Body(r, c) => body(r, c),
            At::RowTotal(r) => (0..columns).map(|c| body(r, c)).sum(),
            At::ColumnTotal(c) => (0..rows).map(|r| body(r, c)).sum(),
            At::Grand => (0..rows)
                .flat_map(|r| (0..columns).map(move |c| (r, c)))
                .map(|(r, c)| body(r, c))
                .sum(),
        }
    };
    // Each sum: its parts and its total.
    let mut sums: Vec<(Vec<At>, At)> = Vec::new();
    for r in 0..rows {
        sums.push((
            (0..columns).map(|c| At::Body(r, c)).collect(),
            At::RowTotal(r),
        ));
    }
    for c in 0..columns {
        sums.push((
            (0..rows).map(|r| At::Body(r, c)).collect(),
            At::ColumnTotal(c),
        ));
    }
    sums.push(((0..rows).map(At::RowTotal).collect(), At::Grand));
    sums.push(((0..columns).map(At::ColumnTotal).collect(), At::Grand));

    let mut cell = std::collections::HashMap::new();
    let all = sums
        .iter()
        .flat_map(|(parts, total)| parts.iter().chain(std::iter::once(total)))
        .copied()
        .collect::<std::collections::HashSet<At>>();
    for &at in &all {
        let n = value(at);
        let shown = match n {
            1..THRESHOLD => Cell::FewerThanFive,
            _ => Cell::Shown(n),
        };
        cell.insert(at, shown);
    }
    // Hide one more figure in any sum with exactly one hidden, until none has.
    loop {
        let mut changed = false;
        for (parts, total) in &sums {
            let members: Vec<At> = parts.iter().copied().chain([*total]).collect();
            let hidden = members.iter().filter(|a| !cell[*a].is_shown()).count();
            if hidden != 1 {
                continue;
            }
            let rank = |a: &At| {
                let n = value(*a);
                let kind = match (a, n) {
                    (At::Body(..), 1..) => 0,
                    (At::Body(..), 0) => 1,
                    _ => 2,
                };
                (kind, n)
            };
            if let Some(next) = members
                .iter()
                .filter(|a| cell[*a].is_shown())
                .min_by_key(|a| rank(a))
            {
                cell.insert(*next, Cell::Hidden);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Protected {
        cells: (0..rows)
            .map(|r| (0..columns).map(|c| cell[&At::Body(r, c)]).collect())
            .collect(),
        row_totals: (0..rows).map(|r| cell[&At::RowTotal(r)]).collect(),
        column_totals: (0..columns).map(|c| cell[&At::ColumnTotal(c)]).collect(),
        grand_total: cell.get(&At::Grand).copied().unwrap_or(Cell::Shown(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What someone could work out from `table`: every figure of every sum that has exactly
    /// one unknown, repeated until nothing more follows. Returns the figures learnt, by
    /// position (`None` for a figure still unknown).
    fn worked_out(table: &Protected) -> Vec<Vec<Option<u64>>> {
        let rows = table.cells.len();
        let columns = table.column_totals.len();
        let known = |c: Cell| match c {
            Cell::Shown(n) => Some(n),
            _ => None,
        };
        let mut body: Vec<Vec<Option<u64>>> = table
            .cells
            .iter()
            .map(|r| r.iter().map(|c| known(*c)).collect())
            .collect();
        let mut row_totals: Vec<Option<u64>> = table.row_totals.iter().map(|c| known(*c)).collect();
        let mut column_totals: Vec<Option<u64>> =
            table.column_totals.iter().map(|c| known(*c)).collect();
        let mut grand = known(table.grand_total);
        // Solves parts + ... = total when one figure is unknown.
        fn solve(parts: &mut [&mut Option<u64>], total: &mut Option<u64>) -> bool {
            let unknown_parts = parts.iter().filter(|p| p.is_none()).count();
            match (unknown_parts, total.is_some()) {
                (0, false) => {
                    *total = Some(parts.iter().map(|p| p.unwrap()).sum());
                    true
                }
                (1, true) => {
                    let sum: u64 = parts.iter().filter_map(|p| **p).sum();
                    let missing = total.unwrap().saturating_sub(sum);
                    for p in parts.iter_mut().filter(|p| p.is_none()) {
                        **p = Some(missing);
                    }
                    true
                }
                _ => false,
            }
        }
        loop {
            let mut changed = false;
            for r in 0..rows {
                let mut parts: Vec<&mut Option<u64>> = body[r].iter_mut().collect();
                changed |= solve(&mut parts, &mut row_totals[r]);
            }
            for c in 0..columns {
                let mut parts: Vec<&mut Option<u64>> =
                    body.iter_mut().map(|row| &mut row[c]).collect();
                changed |= solve(&mut parts, &mut column_totals[c]);
            }
            {
                let mut parts: Vec<&mut Option<u64>> = row_totals.iter_mut().collect();
                changed |= solve(&mut parts, &mut grand);
            }
            {
                let mut parts: Vec<&mut Option<u64>> = column_totals.iter_mut().collect();
                changed |= solve(&mut parts, &mut grand);
            }
            if !changed {
                break;
            }
        }
        let mut out = body;
        out.push(row_totals);
        out.push(column_totals);
        out.push(vec![grand]);
        out
    }

    fn flat(counts: &[Vec<u64>], table: &Protected) -> Vec<(u64, Cell)> {
        // In the order `worked_out` gives: the body row by row, then the totals.
        let body = counts
            .iter()
            .zip(&table.cells)
            .flat_map(|(truth, shown)| truth.iter().copied().zip(shown.iter().copied()));
        let rows = counts
            .iter()
            .map(|r| r.iter().sum())
            .zip(table.row_totals.iter().copied());
        let columns = table
            .column_totals
            .iter()
            .enumerate()
            .map(|(c, shown)| (counts.iter().map(|r| r[c]).sum(), *shown));
        let grand = (counts.iter().flatten().sum(), table.grand_total);
        body.chain(rows)
            .chain(columns)
            .chain(std::iter::once(grand))
            .collect()
    }

    fn caseload() -> impl Strategy<Value = Vec<Vec<u64>>> {
        (1usize..6, 1usize..6).prop_flat_map(|(rows, columns)| {
            // Mostly small counts, as an area's cohorts are, with some zeros and larger ones.
            let count = prop_oneof![4 => 0u64..5, 3 => 5u64..12, 1 => 12u64..60];
            proptest::collection::vec(proptest::collection::vec(count, columns), rows)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No figure of 1 to 4 is shown, and none can be worked out by subtraction.
        #[test]
        fn no_small_figure_is_revealed(counts in caseload()) {
            let table = protect(&counts);
            for (truth, shown) in flat(&counts, &table) {
                if (1..THRESHOLD).contains(&truth) {
                    prop_assert!(!shown.is_shown(), "{truth} shown");
                }
                if let Cell::Shown(n) = shown {
                    prop_assert_eq!(n, truth);
                }
            }
            let learnt: Vec<Option<u64>> = worked_out(&table).into_iter().flatten().collect();
            for ((truth, shown), learnt) in flat(&counts, &table).iter().zip(&learnt) {
                if !shown.is_shown() {
                    prop_assert!(learnt.is_none(), "{} worked out from {:?}", truth, table);
                }
            }
        }
    }

    #[test]
    fn a_table_of_large_numbers_is_shown_whole() {
        let table = protect(&[vec![10, 20], vec![0, 7]]);
        assert_eq!(
            table.cells,
            [
                [Cell::Shown(10), Cell::Shown(20)],
                [Cell::Shown(0), Cell::Shown(7)]
            ]
        );
        assert_eq!(table.grand_total, Cell::Shown(37));
    }

    #[test]
    fn a_lone_small_figure_beside_zeros_hides_its_total_too() {
        // One row: 3 and 0, total 3: the total is itself fewer than 5.
        let table = protect(&[vec![3, 0], vec![8, 9]]);
        assert_eq!(table.cells[0][0], Cell::FewerThanFive);
        assert_eq!(table.row_totals[0], Cell::FewerThanFive);
        assert!(!table.cells[1][0].is_shown(), "column 0 would give it away");
    }
}
