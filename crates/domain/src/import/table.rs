//! A spreadsheet as rows of text: the header row first. CSV is read here
//! (RFC 4180 quoting, a byte-order mark dropped, the separator — comma,
//! semicolon or tab, as Excel writes in different locales — taken from the
//! header row); XLSX is read by the server into the same shape.

use serde::{Deserialize, Serialize};

/// The rows of a file: `header`, then `rows`, each as the cells' text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Table {
    /// The header's row number as Excel shows it (1 unless title rows come first).
    pub header_line: usize,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// How many rows at the top may be titles before the header.
const TITLE_ROWS: usize = 10;

impl Table {
    /// The table of a sheet's rows (row 1 first): the header is the first row
    /// among the top ones whose headers name a village's name column (a title
    /// such as "DANH SÁCH THÔN" may come above it), else the first row that
    /// is not blank. Blank rows at the end are dropped.
    pub fn from_records(mut records: Vec<Vec<String>>) -> Table {
        let blank = |record: &Vec<String>| record.iter().all(|cell| cell.trim().is_empty());
        while records.last().is_some_and(blank) {
            records.pop();
        }
        let named = records
            .iter()
            .take(TITLE_ROWS)
            .position(|record| super::ColumnMap::guess(record).get(super::Column::Name).is_some());
        let Some(at) = named.or_else(|| records.iter().position(|record| !blank(record))) else {
            return Table::default();
        };
        let mut rest = records.split_off(at);
        let header = if rest.is_empty() { Vec::new() } else { rest.remove(0) };
        Table {
            header_line: at + 1,
            header,
            rows: rest,
        }
    }
}

/// The separator of the top lines, where the header is (outside quotes, the
/// most frequent of comma, semicolon and tab).
fn separator(text: &str) -> char {
    let top: String = text.lines().take(TITLE_ROWS + 1).collect::<Vec<_>>().join("\n");
    let mut quoted = false;
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    for character in top.chars() {
        if character == '"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = counts.iter_mut().find(|(mark, _)| *mark == character) {
            count.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, count)| *count)
        .filter(|(_, count)| *count > 0)
        .map_or(',', |(mark, _)| *mark)
}

/// Reads CSV text into a table. Blank rows are kept (as empty rows), so that
/// a row's place is its row number in Excel (the header is row 1).
pub fn parse_csv(text: &str) -> Table {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mark = separator(text);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        if quoted {
            match character {
                '"' if characters.peek() == Some(&'"') => {
                    characters.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                other => cell.push(other),
            }
            continue;
        }
        match character {
            '"' if cell.is_empty() => quoted = true,
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            other if other == mark => record.push(std::mem::take(&mut cell)),
            other => cell.push(other),
        }
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    Table::from_records(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_excel_csv_with_quotes_a_bom_and_semicolons() {
        let table = parse_csv("\u{feff}Tên;Số hộ\r\n\"Thôn Nà Pàn; mới\";62\r\n\r\n\"Bản \"\"Pò\"\" Cại\";70\r\n");
        assert_eq!(table.header, vec!["Tên", "Số hộ"]);
        assert_eq!(
            table.rows,
            vec![vec!["Thôn Nà Pàn; mới", "62"], vec![""], vec!["Bản \"Pò\" Cại", "70"]],
            "the blank row stays, so the rows keep their numbers"
        );
        assert_eq!(table.header_line, 1);
        let titled = parse_csv("DANH SÁCH THÔN XÃ ĐOÀN KẾT\n\nTên thôn,Số hộ\nThôn A,5\n");
        assert_eq!((titled.header_line, titled.header[0].as_str()), (3, "Tên thôn"));
        assert_eq!(titled.rows, vec![vec!["Thôn A", "5"]]);
        let commas = parse_csv("Tên,Số hộ\n\"Thôn A, B\",5");
        assert_eq!(commas.rows, vec![vec!["Thôn A, B", "5"]]);
    }
}
