//! Component tests in a real browser (headless Chromium via wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use insurance_pay::api::demo::{DemoBackend, DemoTiming};
use insurance_pay::api::demo::fixtures::{self, Career};
use insurance_pay::api::demo::record;
use insurance_pay::api::{ApiClient, OrderRef, PaymentApi, ProductCode, StartVerification};
use insurance_pay::domain::money::format_yuan;
use insurance_pay::pages::record::year::YearGrid;
use insurance_pay::state::AppContext;
use std::sync::Arc;
use insurance_pay::components::breakdown::AmountBreakdown;
use insurance_pay::components::form::{ErrorSummary, FieldProblem, TextField};
use insurance_pay::components::keypad::Keypad;
use insurance_pay::components::qr::QrImage;
use insurance_pay::domain::pricing::{price, Discount, DiscountKind, PricingInput};
use insurance_pay::i18n::{Lang, Language};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's DOM.
fn container() -> web_sys::HtmlElement {
    let el = document().create_element("section").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn texts(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.get(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn breakdown_shows_signed_lines_and_a_total_that_adds_up() {
    let root = container();
    let breakdown = price(&PricingInput {
        standard: Decimal::from(990),
        subsidy: Decimal::from(640),
        discounts: vec![Discount { kind: DiscountKind::Student, percent: 50 }],
        days_late: 326,
    });
    let lang = RwSignal::new(Lang::Zh);
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language(lang));
        view! { <AmountBreakdown breakdown=breakdown.clone() /> }
    });
    tick().await;
    assert_eq!(texts(&root, "tbody td"), ["¥990.00", "−¥640.00", "−¥175.00", "¥28.53"]);
    assert_eq!(texts(&root, "tfoot td"), ["¥203.53"]);
    assert_eq!(texts(&root, "tbody th")[3], "滞纳金（每日 0.05%，326 天）");
    lang.set(Lang::En);
    tick().await;
    assert_eq!(texts(&root, "tbody th")[1], "Government subsidy");
}

#[wasm_bindgen_test]
async fn keypad_types_at_most_six_digits_and_deletes() {
    let root = container();
    let value = RwSignal::new(String::new());
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language(RwSignal::new(Lang::Zh)));
        view! { <Keypad value controls="pin" /> }
    });
    tick().await;
    let keys = root.query_selector_all("button.key").unwrap();
    assert_eq!(keys.length(), 12);
    let press = |label: &str| {
        for i in 0..keys.length() {
            let key: web_sys::HtmlElement = keys.get(i).unwrap().unchecked_into();
            if key.text_content().unwrap_or_default().starts_with(label) {
                key.click();
                return;
            }
        }
        panic!("no key {label}");
    };
    for digit in ["1", "3", "5", "7", "9", "0", "2"] {
        press(digit);
    }
    assert_eq!(value.get_untracked(), "135790");
    // How many digits are in, as a status, never which.
    let count = || texts(&root, "[data-testid=keypad-count]");
    tick().await;
    assert_eq!(count(), vec!["已输入 6 位，共 6 位"]);
    assert_eq!(root.query_selector("[data-testid=keypad-count]").unwrap().unwrap().get_attribute("role").as_deref(), Some("status"));
    press("⌫");
    assert_eq!(value.get_untracked(), "13579");
    tick().await;
    assert_eq!(count(), vec!["已输入 5 位，共 6 位"]);
    press("清空");
    assert_eq!(value.get_untracked(), "");
    tick().await;
    assert_eq!(count(), vec![""]);
}

#[wasm_bindgen_test]
async fn field_errors_show_beside_the_field_and_in_the_summary_and_keep_the_value() {
    let root = container();
    let value = RwSignal::new("11010119850307211".to_string());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let _mounted = mount_to(root.clone(), move || {
        provide_context(Language(RwSignal::new(Lang::Zh)));
        view! {
            <ErrorSummary problems />
            <TextField id="id-number" label=("身份证号", "ID number") value problems />
        }
    });
    tick().await;
    assert!(root.query_selector("[data-testid=error-summary]").unwrap().is_none());
    problems.set(vec![FieldProblem { field: "id-number", message: ("身份证号应为 18 位".into(), "18 characters".into()) }]);
    tick().await;
    assert_eq!(texts(&root, ".error-summary li"), ["身份证号应为 18 位"]);
    assert_eq!(texts(&root, "#id-number-error"), ["身份证号应为 18 位"]);
    let input: web_sys::HtmlInputElement = root.query_selector("#id-number").unwrap().unwrap().unchecked_into();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("id-number-error"));
    assert_eq!(input.value(), "11010119850307211");
    let summary = root.query_selector(".error-summary").unwrap().unwrap();
    assert_eq!(document().active_element(), Some(summary));
}

#[wasm_bindgen_test]
async fn qr_code_is_drawn_as_svg_and_carries_the_text() {
    let root = container();
    let url = "https://example.invalid/check?serial=2027110100000001".to_string();
    let text = url.clone();
    let _mounted = mount_to(root.clone(), move || view! { <QrImage text=text.clone() label=Signal::derive(|| "QR".to_string()) /> });
    tick().await;
    let svg = root.query_selector("svg.qr").unwrap().unwrap();
    assert_eq!(svg.get_attribute("data-qr-text").as_deref(), Some(url.as_str()));
    let path = root.query_selector("svg.qr path").unwrap().unwrap().get_attribute("d").unwrap();
    // A version-3+ code for a URL this long has hundreds of dark modules.
    assert!(path.matches('M').count() > 200, "{} modules", path.matches('M').count());
}

#[wasm_bindgen_test]
async fn demo_backend_answers_after_its_latency_in_the_browser() {
    let api = DemoBackend::ephemeral(DemoTiming { latency_ms: 50, settle_ms: 0, expire_ms: 0 });
    // The first screen's regions come at once (no simulated latency on the first screen's path).
    let provinces = api.regions().await.unwrap();
    assert!(provinces.iter().any(|p| p.name.zh == "广东省"));
    let order = OrderRef { city: "440100".into(), product: ProductCode::ResidentMedical, year: 2027 };
    let started = js_sys::Date::now();
    let session = api
        .start_verification(StartVerification::to_pay(order, "张伟".into(), "110101198503072115".into(), "13800138000".into()))
        .await
        .unwrap();
    assert!(js_sys::Date::now() - started >= 45.0);
    assert_eq!(session.masked_mobile, "138****8000");
}

#[wasm_bindgen_test]
async fn a_year_of_the_record_flags_its_gaps_totals_its_months_and_offers_back_payment() {
    let root = container();
    let beijing = fixtures::city("110100").unwrap();
    let year = record::record_year(Career::EmployeeThenFlexible { base_2022: 8000, earlier_months: 0 }, beijing, 2025, &[], "2026-11-21T16:00:00Z");
    let total = format_yuan(year.insurances[0].total);
    let api: Arc<dyn ApiClient> = Arc::new(DemoBackend::ephemeral(DemoTiming::INSTANT));
    let _mounted = mount_to(root.clone(), move || {
        let state = AppContext::preview(api, Lang::Zh);
        provide_context(Language(state.lang));
        provide_context(state);
        view! { <YearGrid answer=year /> }
    });
    tick().await;
    assert_eq!(texts(&root, "section[data-insurance=pension] tr.flagged th"), ["3 月", "4 月", "5 月"]);
    assert_eq!(texts(&root, "[data-testid=total-pension]"), [total]);
    // Pension and medical each have a gap that can still be paid.
    assert_eq!(root.query_selector_all("[data-testid^=back-pay-]").unwrap().length(), 2);
    assert_eq!(texts(&root, "[data-testid=year-summary]"), ["这一年共有 6 个月断缴或欠费，见下表。"]);
}
