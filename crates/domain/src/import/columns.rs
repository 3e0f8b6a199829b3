//! Which column of the file holds which field: guessed from the headers (the
//! words officers' spreadsheets use, without diacritics or case), changed by
//! the officer, remembered by the app.

use crate::search::fold;
use crate::validation::Field;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field an imported row may give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Code,
    Name,
    Kind,
    Households,
    Population,
    AreaHectares,
    Workers,
    ReviewedOn,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Code,
        Column::Name,
        Column::Kind,
        Column::Households,
        Column::Population,
        Column::AreaHectares,
        Column::Workers,
        Column::ReviewedOn,
    ];

    /// The review's figures: given together or not at all.
    pub const FIGURES: [Column; 4] = [
        Column::Households,
        Column::Population,
        Column::AreaHectares,
        Column::Workers,
    ];

    /// The label the app shows for the field.
    pub fn label(self) -> crate::language::Bilingual {
        use crate::language::Bilingual;
        match self {
            Column::Code => Bilingual::new("Mã đơn vị", "Unit code"),
            Column::Name => Bilingual::new("Tên thôn, tổ dân phố", "Name of the village"),
            Column::AreaHectares => Bilingual::new("Diện tích tự nhiên (ha)", "Natural area (ha)"),
            other => other.field().label(),
        }
    }

    /// The form field whose messages belong to this column.
    pub fn field(self) -> Field {
        match self {
            Column::Code | Column::Name => Field::Name,
            Column::Kind => Field::Kind,
            Column::Households => Field::Households,
            Column::Population => Field::Population,
            Column::AreaHectares => Field::Area,
            Column::Workers => Field::NonProfessionalWorkers,
            Column::ReviewedOn => Field::ReviewDate,
        }
    }

    /// Header words (folded) that name the column.
    fn words(self) -> &'static [&'static str] {
        match self {
            Column::Code => &["ma", "ma don vi", "ma thon", "code"],
            Column::Name => &[
                "ten",
                "ten thon",
                "ten don vi",
                "thon to dan pho",
                "ten thon to dan pho",
                "name",
            ],
            Column::Kind => &["loai", "loai don vi", "kind"],
            Column::Households => &["so ho", "ho", "so ho gia dinh", "households"],
            Column::Population => &["dan so", "so nhan khau", "nhan khau", "so khau", "population"],
            Column::AreaHectares => &[
                "dien tich",
                "dien tich ha",
                "dien tich tu nhien",
                "dien tich tu nhien ha",
                "area",
            ],
            Column::Workers => &[
                "nguoi hoat dong khong chuyen trach",
                "so nguoi hoat dong khong chuyen trach",
                "khong chuyen trach",
                "nguoi hdkct",
                "hdkct",
                "workers",
            ],
            Column::ReviewedOn => &["ngay ra soat", "ngay", "reviewed on"],
        }
    }
}

/// Column index of each field in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap(pub BTreeMap<Column, usize>);

impl ColumnMap {
    /// The mapping the headers suggest: each header to the field whose words
    /// it matches, each field to its first such column.
    pub fn guess(header: &[String]) -> ColumnMap {
        let mut map = BTreeMap::new();
        for (index, name) in header.iter().enumerate() {
            let folded = fold(name);
            if let Some(column) = Column::ALL
                .into_iter()
                .find(|column| column.words().contains(&folded.as_str()))
            {
                map.entry(column).or_insert(index);
            }
        }
        ColumnMap(map)
    }

    pub fn get(&self, column: Column) -> Option<usize> {
        self.0.get(&column).copied()
    }

    /// What keeps the mapping from being used: no name column, or some of
    /// the figures mapped and not the others (in Vietnamese).
    pub fn problem(&self) -> Option<String> {
        if self.get(Column::Name).is_none() {
            return Some("Chọn cột chứa tên thôn, tổ dân phố.".to_owned());
        }
        let mapped = Column::FIGURES
            .iter()
            .filter(|column| self.get(**column).is_some())
            .count();
        if mapped > 0 && mapped < Column::FIGURES.len() {
            let missing: Vec<String> = Column::FIGURES
                .iter()
                .filter(|column| self.get(**column).is_none())
                .map(|column| column.label().vi)
                .collect();
            return Some(format!(
                "Số liệu rà soát cần đủ cột; còn thiếu: {}.",
                missing.join(", ")
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_headers_officers_write_are_recognised() {
        let header: Vec<String> = [
            "STT",
            "Tên thôn",
            "Số hộ",
            "Số nhân khẩu",
            "Diện tích (ha)",
            "Người HĐKCT",
        ]
        .map(String::from)
        .to_vec();
        let map = ColumnMap::guess(&header);
        assert_eq!(map.get(Column::Name), Some(1));
        assert_eq!(map.get(Column::Households), Some(2));
        assert_eq!(map.get(Column::Population), Some(3));
        assert_eq!(map.get(Column::AreaHectares), Some(4));
        assert_eq!(map.get(Column::Workers), Some(5));
        assert_eq!(map.problem(), None);
        let partial = ColumnMap::guess(&["Tên".to_owned(), "Số hộ".to_owned()]);
        assert!(partial.problem().unwrap().contains("Dân số"));
    }
}
