//! The ways a call to the server can fail, each with a sentence for the officer.

/// A call to the server that did not give the answer asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiClientError {
    /// The server could not be reached (no network, server down).
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// The server answered with an error of its API.
    #[error("the server refused the request ({status} {code}): {message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        /// A field the server refused by a rule of the domain, worded here.
        invalid: Option<domain::ValidationError>,
    },
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
            ApiClientError::Refused {
                invalid: Some(invalid), ..
            } => invalid.message(language),
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
                "username_taken" => text(language, "api_error.username_taken"),
                "officer_not_found" => text(language, "api_error.officer_not_found"),
                "cannot_disable_self" => text(language, "api_error.cannot_disable_self"),
                "wrong_role" => text(language, "api_error.wrong_role"),
                "outside_jurisdiction" => text(language, "api_error.outside_jurisdiction"),
                "sign_in_required" | "session_invalid" | "session_expired" | "session_revoked" => {
                    text(language, "api_error.sign_in_again")
                }
                _ => text_with(language, "api_error.refused", &[("code", code)]),
            },
            ApiClientError::UnexpectedAnswer(_) => text(language, "api_error.bad_answer"),
        }
    }
}
