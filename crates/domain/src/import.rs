//! Villages and their latest figures from an officer's spreadsheet: the file
//! read as rows (`table.rs`: CSV here; XLSX read by the server into the same
//! rows), its columns mapped to the fields (`columns.rs`, guessed from the
//! headers and changed by the officer), and every row checked by the forms'
//! own rules and matched against the commune's villages (`plan.rs`): a new
//! village, an update of one already there, nothing to do, or refused, with
//! the refusals by row and column in Vietnamese. The good rows are saved as
//! ordinary local changes, so they sync.

pub mod columns;
pub mod plan;
pub mod table;

pub use columns::{Column, ColumnMap};
pub use plan::{ImportContext, ImportRow, MatchedBy, Outcome, RowProblem, import_key, plan_import};
pub use table::{Table, parse_csv};
