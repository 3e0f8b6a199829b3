//! Why a sync round stopped, and what the officer reads then. Nothing on the
//! device is lost by any of these: the outbox stays until the server answers.

use crate::store::StoreError;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    /// No network, or the server is down.
    #[error("the server could not be reached: {0}")]
    Unreachable(String),
    /// The session expired or was revoked.
    #[error("the session is no longer valid")]
    SignInNeeded,
    /// The server answered with an error.
    #[error("the server answered {status} {code}: {message}")]
    Server { status: u16, code: String, message: String },
    /// The server's answer could not be read.
    #[error("the server's answer could not be read: {0}")]
    BadAnswer(String),
    /// The server, restored from a backup, asks for changes older than the
    /// ones this device still keeps.
    #[error("the server asks for change {expected}, and this device keeps only those from {oldest}")]
    CannotResend { expected: u64, oldest: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// What the officer reads, in Vietnamese.
    pub fn vietnamese(&self) -> String {
        match self {
            SyncError::Unreachable(_) => {
                "Chưa kết nối được máy chủ. Dữ liệu vẫn nằm an toàn trên máy và sẽ tự gửi khi có mạng.".to_owned()
            }
            SyncError::SignInNeeded => {
                "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại để gửi dữ liệu; các thay đổi chờ gửi vẫn được giữ."
                    .to_owned()
            }
            SyncError::Server { status, code, .. } if *status >= 500 => {
                format!("Máy chủ đang gặp sự cố (mã {code}). Ứng dụng sẽ tự thử lại; dữ liệu vẫn được giữ trên máy.")
            }
            SyncError::Server { code, .. } => {
                format!(
                    "Máy chủ từ chối lượt đồng bộ (mã lỗi: {code}). Hãy báo cho quản trị viên; dữ liệu vẫn được giữ."
                )
            }
            SyncError::BadAnswer(_) => {
                "Máy chủ trả lời không đúng định dạng. Hãy báo cho quản trị viên; dữ liệu vẫn được giữ trên máy."
                    .to_owned()
            }
            SyncError::CannotResend { expected, oldest } => format!(
                "Máy chủ vừa được khôi phục và cần lại các thay đổi từ số {expected}, nhưng máy này chỉ còn giữ từ số {oldest}. Hãy xuất dữ liệu ra tệp và báo cho quản trị viên."
            ),
            SyncError::Store(error) => error.vietnamese(),
        }
    }

    /// Whether trying again later may succeed without anyone doing anything.
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Unreachable(_) => true,
            SyncError::Server { status, .. } => *status >= 500 || *status == 429,
            SyncError::Store(StoreError::Stale(_)) => true,
            _ => false,
        }
    }
}
