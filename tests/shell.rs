//! The app's shell in a real browser (headless Chromium): the unit list, the
//! connection status, and the Vietnamese wording officers read.
#![cfg(target_arch = "wasm32")]

use domain::format::integer_vi;
use domain::wire::UnitSummary;
use domain::{OfficialCode, UnitKind};
use leptos::prelude::*;
use sapxep::api::ApiClientError;
use sapxep::components::connection_status::ConnectionStatus;
use sapxep::components::unit_list::UnitList;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page for one test to mount into.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let element: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&element).unwrap();
    element
}

fn district(code: &str, name: &str, communes: u32) -> UnitSummary {
    let code = OfficialCode::parse(code).unwrap();
    UnitSummary {
        id: domain::reference_unit_id(&code),
        code: Some(code),
        name: name.to_owned(),
        kind: UnitKind::District,
        parent_id: None,
        child_count: communes,
        lifecycle: None,
        figures: None,
        standing: None,
    }
}

#[wasm_bindgen_test]
fn the_unit_list_shows_each_unit_with_its_count() {
    let root = container();
    let units = vec![
        district("180", "Huyện Tràng Định", 20),
        district("191", "Huyện Hữu Lũng", 1234),
    ];
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        sapxep::i18n::Lang::provide();
        view! { <UnitList units=units child_label="home.communes_count"/> }
    });
    let rows = root.query_selector_all(".unit-row").unwrap();
    assert_eq!(rows.length(), 2);
    let text = root.text_content().unwrap();
    assert!(text.contains("Huyện Tràng Định"), "{text}");
    assert!(text.contains("20 đơn vị cấp xã"), "{text}");
    assert!(text.contains("1.234 đơn vị cấp xã"), "Vietnamese thousands: {text}");
    let first: web_sys::Element = rows.item(0).unwrap().unchecked_into();
    assert_eq!(first.get_attribute("data-code").as_deref(), Some("180"));
    drop(mounted);
}

#[wasm_bindgen_test]
async fn the_connection_status_follows_the_network() {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), || {
        sapxep::state::sync_status::SyncStatus::provide();
        sapxep::i18n::Lang::provide();
        view! { <ConnectionStatus/> }
    });
    let status = || {
        root.query_selector(".connection-status")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(status(), "Trực tuyến");
    let window = web_sys::window().unwrap();
    window.dispatch_event(&web_sys::Event::new("offline").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_eq!(status(), "Ngoại tuyến");
    window.dispatch_event(&web_sys::Event::new("online").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_eq!(status(), "Trực tuyến");
    drop(mounted);
}

#[wasm_bindgen_test]
fn numbers_are_written_the_vietnamese_way() {
    assert_eq!(integer_vi(0), "0");
    assert_eq!(integer_vi(999), "999");
    assert_eq!(integer_vi(1_000), "1.000");
    assert_eq!(integer_vi(1_234_567), "1.234.567");
}

#[wasm_bindgen_test]
fn server_errors_read_as_vietnamese_sentences() {
    let not_found = ApiClientError::Refused {
        status: 404,
        code: "unit_not_found".to_owned(),
        message: "there is no unit with official code 99".to_owned(),
        invalid: None,
    };
    assert_eq!(not_found.vietnamese(), "Không tìm thấy đơn vị hành chính này.");
    let offline = ApiClientError::Unreachable("network error".to_owned());
    assert!(offline.vietnamese().starts_with("Không kết nối được máy chủ"));
    let unknown = ApiClientError::Refused {
        status: 400,
        code: "something_new".to_owned(),
        message: String::new(),
        invalid: None,
    };
    assert!(
        unknown.vietnamese().contains("something_new"),
        "an unknown code is still named"
    );
    // A field the server refused is worded as the form words it, in the officer's language.
    let taken = ApiClientError::Refused {
        status: 422,
        code: "invalid_field".to_owned(),
        message: "Username: needs at least 3 characters, found 2.".to_owned(),
        invalid: Some(domain::ValidationError::new(
            domain::Field::Username,
            domain::Problem::TooShort { min: 3, found: 2 },
        )),
    };
    assert_eq!(taken.vietnamese(), "Tên đăng nhập: cần ít nhất 3 ký tự, đang có 2.");
    let own = ApiClientError::Refused {
        status: 409,
        code: "cannot_disable_self".to_owned(),
        message: String::new(),
        invalid: None,
    };
    assert_eq!(own.vietnamese(), "Quản trị viên không thể tự khoá tài khoản của mình.");
}
