//! Search by name without diacritics: "na pan" finds "Nà Pàn", "dong" finds
//! "Đồng Mỏ". Names are folded (decomposed, combining marks dropped, đ → d,
//! lower case) and cut into words; a query matches a name when each of its
//! words begins a word of the name.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The name folded: lower case, no diacritics, `đ` as `d`, single spaces.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for character in text.nfd() {
        if is_combining_mark(character) {
            continue;
        }
        match character {
            'đ' | 'Đ' => folded.push('d'),
            character if character.is_alphanumeric() => folded.extend(character.to_lowercase()),
            _ => {
                if !folded.ends_with(' ') && !folded.is_empty() {
                    folded.push(' ');
                }
            }
        }
    }
    if folded.ends_with(' ') {
        folded.pop();
    }
    folded
}

/// The folded words of a name, each once, in order.
pub fn tokens(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in fold(text).split(' ').filter(|word| !word.is_empty()) {
        if !words.iter().any(|seen| seen == word) {
            words.push(word.to_owned());
        }
    }
    words
}

/// The kinds of unit as their names begin, folded, longest first: a name's
/// leading kind ("Thôn", "Tổ dân phố") is not what anyone searches by.
const KIND_PREFIXES: [&str; 11] = [
    "to dan pho",
    "khoi pho",
    "thanh pho",
    "thi tran",
    "thi xa",
    "phuong",
    "huyen",
    "tinh",
    "thon",
    "ban",
    "xa",
];

/// The words a name is found by: its folded words without the leading kind
/// ("Thôn Nà Pàn" → "na", "pan"); all of them when the name is only a kind.
pub fn search_words(text: &str) -> Vec<String> {
    let words = tokens(text);
    let folded = words.join(" ");
    let stripped = KIND_PREFIXES
        .iter()
        .find(|prefix| {
            folded.starts_with(*prefix) && folded.len() > prefix.len() && folded.as_bytes()[prefix.len()] == b' '
        })
        .map(|prefix| prefix.split(' ').count());
    match stripped {
        Some(count) => words.into_iter().skip(count).collect(),
        None => words,
    }
}

/// A search query, folded once and matched against many names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Self {
            words: search_words(text),
        }
    }

    /// Whether the query has no words (it then matches everything).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The longest word: the one to look up in an index, as it narrows most.
    pub fn narrowest_word(&self) -> Option<&str> {
        self.words.iter().max_by_key(|word| word.len()).map(String::as_str)
    }

    /// Whether every word of the query begins some word of the name's tokens.
    pub fn matches_tokens(&self, name_tokens: &[String]) -> bool {
        self.words
            .iter()
            .all(|word| name_tokens.iter().any(|token| token.starts_with(word.as_str())))
    }

    /// Whether the query matches a name (any of its words, its kind included).
    pub fn matches(&self, name: &str) -> bool {
        self.matches_tokens(&tokens(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn folds_vietnamese_names() {
        assert_eq!(fold("Thôn Nà Pàn"), "thon na pan");
        assert_eq!(fold("Thị trấn Đồng Mỏ"), "thi tran dong mo");
        assert_eq!(fold("Xã Hữu Lũng"), "xa huu lung");
        assert_eq!(fold("  Khối phố 3 –  Phường Vĩnh Trại "), "khoi pho 3 phuong vinh trai");
        assert_eq!(fold("ĐỒNG ĐĂNG"), "dong dang");
    }

    #[test]
    fn a_query_without_diacritics_finds_the_name() {
        assert!(Query::new("na pan").matches("Thôn Nà Pàn"));
        assert!(Query::new("Nà Pàn").matches("Thôn Nà Pàn"));
        assert!(Query::new("pan").matches("Thôn Nà Pàn"));
        assert!(Query::new("dong mo").matches("Thị trấn Đồng Mỏ"));
        assert!(Query::new("thi tr").matches("Thị trấn Đồng Mỏ"), "word prefixes");
        assert!(!Query::new("na pang").matches("Thôn Nà Pàn"));
        assert!(!Query::new("an").matches("Thôn Nà Pàn"), "inside a word is not a match");
        assert!(Query::new("").matches("Thôn Nà Pàn"));
    }

    #[test]
    fn the_leading_kind_is_not_a_search_word() {
        assert_eq!(search_words("Thôn Nà Pàn"), vec!["na", "pan"]);
        assert_eq!(search_words("Tổ dân phố 3"), vec!["3"]);
        assert_eq!(search_words("Bản Pàn Pá"), vec!["pan", "pa"]);
        assert_eq!(
            search_words("Thôn Bản Chắt"),
            vec!["ban", "chat"],
            "only the leading kind goes"
        );
        assert_eq!(
            search_words("Thôn"),
            vec!["thon"],
            "a name that is only a kind keeps it"
        );
        assert!(
            Query::new("thon na pan").matches("Thôn Nà Pàn"),
            "a query may name the kind"
        );
    }

    #[test]
    fn tokens_are_unique_and_ordered() {
        assert_eq!(tokens("Thôn Bản Bản"), vec!["thon", "ban"]);
        assert_eq!(Query::new("na pan").narrowest_word(), Some("pan"));
    }
}
