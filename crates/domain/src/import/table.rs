//! A spreadsheet as rows of text: the header row first. CSV is read here
//! (RFC 4180 quoting, a byte-order mark dropped, the separator — comma,
//! semicolon or tab, as Excel writes in different locales — taken from the
//! header row); XLSX is read by the server into the same shape.

use serde::{Deserialize, Serialize};

/// The rows of a file: `header`, then `rows`, each as the cells' text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The separator used by the header line (outside quotes, the most frequent
/// of comma, semicolon and tab).
fn separator(text: &str) -> char {
    let first_line = text.lines().next().unwrap_or("");
    let mut quoted = false;
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    for character in first_line.chars() {
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
    while records
        .last()
        .is_some_and(|record| record.iter().all(|cell| cell.trim().is_empty()))
    {
        records.pop();
    }
    let mut records = records.into_iter();
    Table {
        header: records.next().unwrap_or_default(),
        rows: records.collect(),
    }
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
        let commas = parse_csv("Tên,Số hộ\n\"Thôn A, B\",5");
        assert_eq!(commas.rows, vec![vec!["Thôn A, B", "5"]]);
    }
}
