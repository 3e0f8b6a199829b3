//! The report's tables written for a spreadsheet: CSV (UTF-8 with a
//! byte-order mark so that Excel reads Vietnamese right, one block per
//! section, a blank line between) and XLSX (one sheet per section, numbers as
//! numbers, totals as SUM formulas with their values cached).

use super::tables::{Cell, Table};
use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError, utility::row_col_to_cell};

/// A number as a spreadsheet reads it: whole numbers without decimals.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value:.2}")
    }
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(value) => number_text(*value),
    }
}

/// The tables as CSV.
pub fn csv(tables: &[Table]) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    for (index, table) in tables.iter().enumerate() {
        if index > 0 {
            out.extend_from_slice(b"\n");
        }
        let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
        writer.write_record([table.title.as_str()])?;
        writer.write_record(&table.header)?;
        for row in table.rows.iter().chain(table.total_row().as_ref()) {
            writer.write_record(row.iter().map(cell_text))?;
        }
        writer.flush()?;
    }
    Ok(out)
}

/// The tables as an XLSX workbook: a sheet each, the title in the first row,
/// the header in the second, a total row of SUM formulas where the table has one.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#E8F0E8");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.sheet)?;
        sheet.write_string_with_format(0, 0, &table.title, &bold)?;
        for (column, name) in table.header.iter().enumerate() {
            sheet.write_string_with_format(1, column as u16, *name, &header)?;
            sheet.set_column_width(column as u16, if column == 0 { 36 } else { 16 })?;
        }
        let first_data = 2u32;
        for (offset, row) in table.rows.iter().enumerate() {
            let at = first_data + offset as u32;
            for (column, cell) in row.iter().enumerate() {
                match cell {
                    Cell::Text(text) => sheet.write_string(at, column as u16, text)?,
                    Cell::Number(value) => sheet.write_number(at, column as u16, *value)?,
                };
            }
        }
        if let Some(total) = table.total_row() {
            let at = first_data + table.rows.len() as u32;
            for (column, cell) in total.iter().enumerate() {
                match cell {
                    Cell::Text(text) => sheet.write_string_with_format(at, column as u16, text, &bold)?,
                    Cell::Number(value) if !table.rows.is_empty() => {
                        let from = row_col_to_cell(first_data, column as u16);
                        let to = row_col_to_cell(at - 1, column as u16);
                        let formula = Formula::new(format!("=SUM({from}:{to})")).set_result(number_text(*value));
                        sheet.write_formula_with_format(at, column as u16, formula, &bold)?
                    }
                    Cell::Number(value) => sheet.write_number_with_format(at, column as u16, *value, &bold)?,
                };
            }
        }
    }
    workbook.save_to_buffer()
}

/// A sheet's name as Excel allows it: at most 31 characters, none of `[]:*?/\\`.
fn sheet_name(title: &str) -> String {
    let name: String = title
        .chars()
        .filter(|character| !"[]:*?/\\".contains(*character))
        .take(31)
        .collect();
    if name.trim().is_empty() {
        "Danh sách".to_owned()
    } else {
        name
    }
}

/// A list (`domain::spreadsheet::Sheet`) as an XLSX workbook of one sheet:
/// the header in bold, the cells that are numbers (`spreadsheet::is_number`)
/// as numbers, the others as text.
pub fn sheet_xlsx(list: &domain::spreadsheet::Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap().set_background_color("#E8F0E8");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name(&list.title))?;
    for (column, name) in list.header.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, name, &header)?;
        sheet.set_column_width(column as u16, if column <= 1 { 28 } else { 16 })?;
    }
    for (offset, row) in list.rows.iter().enumerate() {
        let at = 1 + offset as u32;
        for (column, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(value) if domain::spreadsheet::is_number(cell) => sheet.write_number(at, column as u16, value)?,
                _ => sheet.write_string(at, column as u16, cell)?,
            };
        }
    }
    workbook.save_to_buffer()
}
