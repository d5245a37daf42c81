//! Step 1: region (province → city, searchable), product and year, with the collection window.

use crate::api::{ContributionYear, LocalText, Product, ProductCode, Province, WindowStatus};
use crate::components::cells::RadioCell;
use crate::components::form::{ErrorSummary, FieldProblem};
use crate::components::layout::{JobSwitch, RedirectNotice, ScreenTitle, SummaryRow};
use crate::components::remote::Remote;
use crate::domain::flow::Step;
use crate::i18n::{pick, tr, window_status, Lang};
use crate::domain::money::format_yuan;
use crate::i18n::product_fallback_name;
use crate::state::{navigator, pending_payments, use_app};
use leptos::prelude::*;

#[component]
pub fn EntryScreen() -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    // Only the order's fields: cloning the whole flow would bring the copying of every answer it
    // holds into the first download.
    let (province, city, product, year) = app.flow.with_untracked(|f| (f.province.clone(), f.city.clone(), f.product, f.year));
    let (province, city, product, year) = (RwSignal::new(province), RwSignal::new(city), RwSignal::new(product), RwSignal::new(year));
    let search = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());

    let api = app.api.clone();
    let regions = Remote::once(move || api.regions());
    let api = app.api.clone();
    let products = Remote::new(move || city.get().map(|c| api.products(&c)));

    let chosen_year = move || -> Option<ContributionYear> {
        let (code, y) = (product.get()?, year.get()?);
        let list = products.ready()?;
        list.into_iter().find(|p| p.code == code)?.years.into_iter().find(|c| c.year == y)
    };

    let navigate = navigator();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        let mut need = |missing: bool, field: &'static str, zh: &str, en: &str| {
            if missing {
                found.push(FieldProblem { field, message: (zh.into(), en.into()) });
            }
        };
        need(city.get_untracked().is_none(), "region", "请选择参保城市", "Choose the city you are insured in");
        need(product.get_untracked().is_none(), "product", "请选择险种", "Choose the insurance");
        need(year.get_untracked().is_none(), "year", "请选择缴费年度", "Choose the year to pay for");
        if found.is_empty() {
            if let Some(window) = chosen_year() {
                if !window.status.accepts_payment() {
                    found.push(FieldProblem { field: "year", message: ("该年度当前不能缴费，请选择其他年度".into(), "This year cannot be paid now. Choose another year".into()) });
                }
            }
        }
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let place = regions.ready().and_then(|list| place_name(&list, city.get_untracked().as_deref()?));
        if let Some(next) = app.flow.try_update(|f| f.choose_order(province.get_untracked(), place, city.get_untracked(), product.get_untracked(), year.get_untracked())) {
            navigate(next, false);
        }
    };


    view! {
        <RedirectNotice />
        <JobSwitch />
        <ScreenTitle zh="医保社保缴费" en="Pay your insurance contribution" step=Step::Entry />
        <p class="lead">{tr("选择参保地区、险种和年度。开始前会告诉您缴费期和截止日期。",
            "Choose your region, insurance and year. You will see the collection window and deadline before you start.")}</p>
        <PendingPayments />
        <ErrorSummary problems />
        <form on:submit=submit novalidate>
            {regions.view(move |list| view! { <RegionPicker provinces=list province city search /> })}
            {products.view(move |list| view! { <ProductPicker products=list product year /> })}
            {move || chosen_year().map(|window| view! { <WindowCard window lang=lang.get() /> })}
            <div class="actions">
                <Show when=move || chosen_year().is_none_or(|w| w.status.accepts_payment())>
                    <button type="submit" class="button button-primary">{tr("下一步：身份验证", "Next: verify who you are")}</button>
                </Show>
            </div>
        </form>
    }
}

pub(crate) fn place_name(provinces: &[Province], city: &str) -> Option<LocalText> {
    provinces.iter().find_map(|p| {
        p.cities.iter().find(|c| c.code == city).map(|c| {
            if p.name == c.name {
                c.name.clone()
            } else {
                LocalText::new(format!("{} {}", p.name.zh, c.name.zh), format!("{}, {}", c.name.en, p.name.en))
            }
        })
    })
}

fn matches(text: &LocalText, query: &str) -> bool {
    // English names are ASCII, so ASCII case folding is enough (and keeps Unicode tables out).
    let query = query.trim().to_ascii_lowercase();
    text.zh.contains(&query) || text.en.to_ascii_lowercase().contains(&query)
}

/// Province then city, or — when the person types — every matching city at once.
#[component]
pub(crate) fn RegionPicker(
    provinces: Vec<Province>,
    province: RwSignal<Option<String>>,
    city: RwSignal<Option<String>>,
    search: RwSignal<String>,
) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let provinces = StoredValue::new(provinces);
    let choose_city = move |province_code: String, city_code: String| {
        province.set(Some(province_code));
        city.set(Some(city_code));
    };
    let search_results = move || {
        let query = search.get();
        let results: Vec<(String, String, String)> = provinces.with_value(|list| {
            list.iter()
                .flat_map(|p| p.cities.iter().map(move |c| (p, c)))
                .filter(|(p, c)| matches(&p.name, &query) || matches(&c.name, &query))
                .map(|(p, c)| (p.code.clone(), c.code.clone(), format!("{} · {}", p.name.get(lang.get()), c.name.get(lang.get()))))
                .collect()
        });
        if results.is_empty() {
            return view! { <p class="hint" role="status" data-state="no-match">{tr("没有找到匹配的地区，请换个关键词", "No region matches. Try another word")}</p> }.into_any();
        }
        view! {
            <fieldset class="cells" id="region" tabindex="-1">
                <legend>{tr("搜索结果", "Matching cities")}</legend>
                {results.into_iter().map(|(p, c, label)| {
                    let checked = { let c = c.clone(); Signal::derive(move || city.get().as_deref() == Some(c.as_str())) };
                    view! {
                        <RadioCell name="city" id=format!("city-{c}") checked on_select=move |_| choose_city(p.clone(), c.clone())>
                            {label}
                        </RadioCell>
                    }
                }).collect_view()}
            </fieldset>
        }.into_any()
    };
    let browse = move || {
        let list = provinces.get_value();
        let chosen = province.get();
        let cities = chosen.as_ref().and_then(|code| list.iter().find(|p| &p.code == code).cloned());
        view! {
            <fieldset class="cells" id="region" tabindex="-1">
                <legend>{tr("参保省份", "Province")}</legend>
                {list.iter().map(|p| {
                    let code = p.code.clone();
                    let name = p.name.clone();
                    let checked = { let code = code.clone(); Signal::derive(move || province.get().as_deref() == Some(code.as_str())) };
                    view! {
                        <RadioCell name="province" id=format!("province-{code}") checked
                            on_select=move |_| { province.set(Some(code.clone())); city.set(None); }>
                            {move || name.get(lang.get())}
                        </RadioCell>
                    }
                }).collect_view()}
            </fieldset>
            {cities.map(|p| view! {
                <fieldset class="cells" id="city" tabindex="-1">
                    <legend>{tr("参保城市", "City")}</legend>
                    {p.cities.into_iter().map(|c| {
                        let code = c.code.clone();
                        let province_code = p.code.clone();
                        let checked = { let code = code.clone(); Signal::derive(move || city.get().as_deref() == Some(code.as_str())) };
                        view! {
                            <RadioCell name="city" id=format!("city-{}", c.code) checked
                                on_select=move |_| choose_city(province_code.clone(), code.clone())>
                                {move || c.name.get(lang.get())}
                            </RadioCell>
                        }
                    }).collect_view()}
                </fieldset>
            })}
        }
    };
    view! {
        <div class="field">
            <label for="region-search">{tr("搜索省份或城市", "Search for a province or city")}</label>
            <input id="region-search" type="search" autocomplete="off" bind:value=search
                placeholder=move || lang.get().pick("如：广州、Hangzhou", "e.g. 广州, Hangzhou") />
        </div>
        {move || if search.with(|s| s.trim().is_empty()) { browse().into_any() } else { search_results() }}
    }
}

#[component]
fn ProductPicker(products: Vec<Product>, product: RwSignal<Option<ProductCode>>, year: RwSignal<Option<u16>>) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    // A product the city does not offer cannot stay chosen.
    if product.get_untracked().is_some_and(|p| !products.iter().any(|x| x.code == p)) {
        product.set(None);
        year.set(None);
    }
    let years = {
        let products = products.clone();
        move || products.iter().find(|p| Some(p.code) == product.get()).map(|p| p.years.clone())
    };
    view! {
        <fieldset class="cells" id="product" tabindex="-1">
            <legend>{tr("险种", "Insurance")}</legend>
            {products.into_iter().map(|p| {
                let id = format!("product-{}", p.code.as_str());
                let code = p.code;
                let (name, summary) = (p.name.clone(), p.summary.clone());
                view! {
                    <RadioCell name="product" id checked=Signal::derive(move || product.get() == Some(code))
                        on_select=move |_| { product.set(Some(code)); year.set(None); }>
                        <span class="cell-title">{move || name.get(lang.get())}</span>
                        <span class="cell-note">{move || summary.get(lang.get())}</span>
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
        {move || years().map(|list| view! {
            <fieldset class="cells" id="year" tabindex="-1">
                <legend>{tr("缴费年度", "Year")}</legend>
                {list.into_iter().map(|y| {
                    let status = window_status(y.status);
                    let value = y.year;
                    view! {
                        <RadioCell name="year" id=format!("year-{value}") checked=Signal::derive(move || year.get() == Some(value))
                            on_select=move |_| year.set(Some(value))>
                            <span class="cell-title">{move || match lang.get() { Lang::Zh => format!("{value} 年度"), Lang::En => value.to_string() }}</span>
                            <span class="cell-note">{move || pick(lang.get(), &status)}</span>
                        </RadioCell>
                    }
                }).collect_view()}
            </fieldset>
        })}
    }
}

/// The collection window, the deadline, and — when the year cannot be paid — a clear stop.
#[component]
fn WindowCard(window: ContributionYear, lang: Lang) -> impl IntoView {
    let status = pick(lang, &window_status(window.status));
    let stop = match window.status {
        WindowStatus::Closed => Some(lang.pick(
            "该年度的缴费期已结束，无法在线缴费。如需补缴，请咨询当地医保经办机构或拨打 12333。",
            "Collection for this year has closed and it cannot be paid online. For back payment, ask your local insurance office or call 12333.",
        )),
        WindowStatus::NotYetOpen => Some(lang.pick("该年度的缴费期尚未开始，请在开始后再来缴费。", "Collection for this year has not started yet. Come back when it opens.")),
        _ => None,
    };
    let late = (window.status == WindowStatus::BackPayment).then(|| match lang {
        Lang::Zh => format!("截止日期已过 {} 天，补缴需按每日 0.05% 缴纳滞纳金。", window.days_late),
        Lang::En => format!("The deadline passed {} days ago: back payment adds a late fee of 0.05 % a day.", window.days_late),
    });
    view! {
        <section class="window-card" aria-labelledby="window-title" data-testid="window-card" data-status=format!("{:?}", window.status) data-state=format!("window-{:?}", window.status)>
            <h2 id="window-title">{lang.pick("缴费期", "Collection window")}</h2>
            <dl>
                <SummaryRow label=("开始日期", "Opens") value=window.opens_on.clone() />
                <SummaryRow label=("截止日期", "Deadline") value=window.deadline.clone() />
                <SummaryRow label=("状态", "Status") value=status />
            </dl>
            {late.map(|text| view! { <p class="hint">{text}</p> })}
            {stop.map(|text| view! { <div class="problem" role="alert" data-testid="window-stop"><p>{text}</p></div> })}
        </section>
    }
}

/// Payments pressed for in an earlier visit whose result this browser has not seen: each can be
/// looked up (after verifying), and none can be paid a second time from here.
#[component]
fn PendingPayments() -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let navigate = navigator();
    pending_payments()
        .into_iter()
        .map(|pending| {
            let place = pending.place.clone().unwrap_or_default();
            let product = product_fallback_name(pending.order.product);
            let year = pending.order.year;
            let amount = format_yuan(pending.quote.breakdown.total);
            let navigate = navigate.clone();
            let look_up = move |_| {
                let pending = pending.clone();
                let verified = app.flow.try_update(|f| {
                    f.resume(pending);
                    f.token.is_some()
                });
                navigate(if verified == Some(true) { Step::Review } else { Step::Identity }, false);
            };
            view! {
                <div class="card notice" role="status" data-testid="pending-payment" data-state="pending-payment">
                    <p><strong>{tr("您有一笔付款尚未确认结果", "A payment you made has no result yet")}</strong></p>
                    <p>{move || format!("{} · {} · {year} · {amount}", place.get(lang.get()), pick(lang.get(), &product))}</p>
                    <p class="hint">{tr("请勿重新缴费。验证身份后即可查看这笔付款的结果，不会重复扣款。",
                        "Do not pay again. Verify who you are to see this payment's result; you will not be charged twice.")}</p>
                    <button type="button" class="button button-secondary" data-testid="resume-payment" on:click=look_up>
                        {tr("查看这笔付款", "See this payment")}
                    </button>
                </div>
            }
        })
        .collect_view()
}
