//! The ways a call to the server can fail, each with a sentence for the officer.

/// A call to the server that did not give the answer asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiClientError {
    /// The server could not be reached (no network, server down).
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// The server answered with an error of its API.
    #[error("the server refused the request ({status} {code}): {message}")]
    Refused { status: u16, code: String, message: String },
    /// The server answered something the app cannot read.
    #[error("the server's answer could not be read: {0}")]
    UnexpectedAnswer(String),
}

impl ApiClientError {
    /// What the officer reads, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        self.message(domain::Language::Vi)
    }

    /// What the officer reads, in `language`.
    pub fn message(&self, language: domain::Language) -> String {
        use crate::i18n::{text, text_with};
        match self {
            ApiClientError::Unreachable(_) => text(language, "api_error.unreachable"),
            // The server words these in Vietnamese itself (the workbook's problems, the report's year).
            ApiClientError::Refused { code, message, .. }
                if matches!(
                    code.as_str(),
                    "invalid_workbook" | "empty_workbook" | "too_many_rows" | "invalid_year"
                ) =>
            {
                message.clone()
            }
            ApiClientError::Refused { code, .. } => match code.as_str() {
                "unit_not_found" => text(language, "api_error.unit_not_found"),
                "invalid_unit_ref" => text(language, "api_error.invalid_unit_ref"),
                "not_waiting" => text(language, "api_error.not_waiting"),
                "not_a_receiver" => text(language, "api_error.not_a_receiver"),
                _ => text_with(language, "api_error.refused", &[("code", code)]),
            },
            ApiClientError::UnexpectedAnswer(_) => text(language, "api_error.bad_answer"),
        }
    }
}
