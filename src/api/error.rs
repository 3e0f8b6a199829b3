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
        match self {
            ApiClientError::Unreachable(_) => "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.".to_owned(),
            ApiClientError::Refused { code, .. } => match code.as_str() {
                "unit_not_found" => "Không tìm thấy đơn vị hành chính này.".to_owned(),
                "invalid_unit_ref" => "Mã đơn vị không hợp lệ.".to_owned(),
                _ => format!("Máy chủ từ chối yêu cầu (mã lỗi: {code})."),
            },
            ApiClientError::UnexpectedAnswer(_) => {
                "Máy chủ trả lời không đúng định dạng. Hãy báo cho quản trị viên.".to_owned()
            }
        }
    }
}
