//! What can go wrong with the device store, and what the officer reads then.

use indexed_db_futures::error::{DomException, Error as IdbError};
use wasm_bindgen::{JsCast, JsValue};

/// A failure of the device store. Nothing is half-written when one happens:
/// every write is one transaction.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("this browser offers no IndexedDB (a private window?)")]
    Unavailable,
    #[error("the data on this device was written by a newer version of the app")]
    NewerSchema,
    #[error("another tab upgraded the app; this one must reload")]
    ReloadNeeded,
    #[error("the device is out of storage space")]
    QuotaExceeded,
    #[error("a record with this key already exists: {0}")]
    Duplicate(String),
    /// Another tab or sync changed what this write was based on: nothing was
    /// written, and the write can be tried again.
    #[error("the data changed meanwhile: {0}")]
    Stale(String),
    #[error("stored data cannot be read: {0}")]
    Data(String),
    #[error("the database failed: {0}")]
    Database(String),
}

impl StoreError {
    /// What the officer reads, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        match self {
            StoreError::Unavailable => {
                "Trình duyệt không cho lưu dữ liệu trên máy (có thể đang ở chế độ ẩn danh). Hãy mở ứng dụng ở cửa sổ thường."
                    .to_owned()
            }
            StoreError::NewerSchema => {
                "Dữ liệu trên máy do phiên bản ứng dụng mới hơn tạo ra. Hãy tải lại trang khi có mạng để cập nhật; dữ liệu vẫn được giữ nguyên."
                    .to_owned()
            }
            StoreError::ReloadNeeded => {
                "Ứng dụng vừa được cập nhật ở một thẻ khác. Hãy tải lại trang này; dữ liệu không bị mất.".to_owned()
            }
            StoreError::QuotaExceeded => {
                "Máy đã hết dung lượng lưu trữ. Hãy đồng bộ hoặc xuất dữ liệu ra tệp, rồi giải phóng bộ nhớ.".to_owned()
            }
            StoreError::Stale(_) => "Dữ liệu vừa được cập nhật ở nơi khác; không có gì bị ghi đè. Hãy thử lại.".to_owned(),
            StoreError::Duplicate(_) => "Bản ghi này đã có trên máy; không lưu trùng.".to_owned(),
            StoreError::Data(_) | StoreError::Database(_) => {
                "Không đọc/ghi được dữ liệu trên máy. Dữ liệu cũ vẫn được giữ; hãy thử lại hoặc xuất dữ liệu ra tệp.".to_owned()
            }
        }
    }

    /// From a raw JavaScript error (a `DOMException`, usually).
    pub fn from_js(error: JsValue) -> Self {
        match error.dyn_ref::<web_sys::DomException>() {
            Some(exception) => Self::from_dom_name(&exception.name(), &exception.message()),
            None => StoreError::Database(format!("{error:?}")),
        }
    }

    /// From the error that made opening the database fail.
    pub(super) fn from_open_error(error: &JsValue) -> Self {
        Self::from_js(error.clone())
    }

    pub(super) fn from_dom_name(name: &str, message: &str) -> Self {
        match name {
            "VersionError" => StoreError::NewerSchema,
            "QuotaExceededError" => StoreError::QuotaExceeded,
            "ConstraintError" => StoreError::Duplicate(message.to_owned()),
            "InvalidStateError" if message.contains("closing") || message.contains("closed") => {
                StoreError::ReloadNeeded
            }
            _ => StoreError::Database(format!("{name}: {message}")),
        }
    }
}

impl From<IdbError> for StoreError {
    fn from(error: IdbError) -> Self {
        match &error {
            IdbError::DomException(exception) => {
                let raw: &web_sys::DomException = match exception {
                    DomException::InvalidStateError(raw)
                    | DomException::TransactionInactiveError(raw)
                    | DomException::NotFoundError(raw)
                    | DomException::ConstraintError(raw)
                    | DomException::InvalidAccessError(raw)
                    | DomException::DataError(raw)
                    | DomException::AbortError(raw)
                    | DomException::ReadOnlyError(raw)
                    | DomException::DataCloneError(raw)
                    | DomException::SyntaxError(raw)
                    | DomException::Other(raw) => raw,
                    #[allow(unreachable_patterns)]
                    _ => return StoreError::Database(error.to_string()),
                };
                Self::from_dom_name(&raw.name(), &raw.message())
            }
            IdbError::Serialisation(_) | IdbError::MissingData(_) => StoreError::Data(error.to_string()),
            _ => StoreError::Database(error.to_string()),
        }
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(error: indexed_db_futures::error::OpenDbError) -> Self {
        match error {
            indexed_db_futures::error::OpenDbError::Base(base) => base.into(),
            other => StoreError::Database(other.to_string()),
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        StoreError::Data(error.to_string())
    }
}
