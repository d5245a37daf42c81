//! One year of the record: every month of each insurance (paid, gap, in arrears; by the
//! employer or by oneself; the receipt of a payment made here), the year's total, and for a
//! gap that can still be paid, "补缴" straight into the payment flow with the order filled in.

use super::{insurance_name, month_state_name, paid_by_name, reading, record_call, BackToRecord, MemberNotice, RecordProblem};
use crate::api::{ApiError, InsuranceYear, MonthState, RecordYear};
use crate::components::layout::ScreenTitle;
use crate::components::remote::{Load, Remote};
use crate::domain::money::format_yuan;
use crate::i18n::{pick, tr, Lang};
use crate::router::{query_param, use_location};
use crate::state::{navigator, use_app};
use leptos::prelude::*;

#[component]
pub fn RecordYearScreen() -> impl IntoView {
    let app = use_app();
    let Some((token, of)) = reading(&app) else {
        return ().into_any();
    };
    let years = app.flow.with_untracked(|f| f.record.as_ref().map(|r| r.years.clone()).unwrap_or_default());
    let location = use_location();
    let year = Memo::new(move |_| {
        location.query.track();
        query_param("year").and_then(|y| y.parse::<u16>().ok())
    });
    let of_member = of.member.is_some();
    let api = app.api.clone();
    let grid = Remote::new(move || {
        let (token, of) = (token.clone(), of.clone());
        year.get().map(|y| record_call(&api, move |records| records.record_year(&token, &of, y)))
    });
    let lang = app.lang;
    view! {
        <BackToRecord />
        <ScreenTitle zh="逐月缴费记录" en="Month by month" />
        {of_member.then(|| view! { <MemberNotice /> })}
        <nav aria-label=move || lang.get().pick("选择年份", "Choose a year")>
            <ul class="link-list year-list">
                {years.into_iter().map(|y| view! {
                    <li><a href=format!("/record/year?year={y}") aria-current=move || (year.get() == Some(y)).then_some("page")>
                        {move || match lang.get() { Lang::Zh => format!("{y} 年"), Lang::En => y.to_string() }}</a></li>
                }).collect_view()}
            </ul>
        </nav>
        {move || match grid.state.get() {
            Load::Idle => view! { <div class="problem" role="alert" data-state="no-year"><p>{tr("请选择一个年份。", "Choose a year.")}</p></div> }.into_any(),
            Load::Ready(Ok(answer)) => match answer.check() {
                Ok(()) => view! { <YearGrid answer /> }.into_any(),
                Err(why) => view! { <RecordProblem error=ApiError::BadResponse(why) retry=Callback::new(move |_| grid.refetch()) /> }.into_any(),
            },
            Load::Ready(Err(error)) => view! { <RecordProblem error retry=Callback::new(move |_| grid.refetch()) /> }.into_any(),
            Load::Loading => grid.view(|_| ()).into_any(),
        }}
    }
    .into_any()
}

#[component]
pub fn YearGrid(answer: RecordYear) -> impl IntoView {
    let lang = use_app().lang;
    let RecordYear { year, as_of, insurances } = answer;
    let missing: usize = insurances.iter().map(InsuranceYear::missing).sum();
    view! {
        <p class="hint" data-testid="year-as-of">{move || match lang.get() {
            Lang::Zh => format!("{year} 年 · 截至 {}（北京时间）", crate::platform::beijing_time(&as_of)),
            Lang::En => format!("{year} · as of {} (Beijing time)", crate::platform::beijing_time(&as_of)),
        }}</p>
        <p data-state=if missing == 0 { "year-complete" } else { "year-gaps" } data-testid="year-summary">{move || match (lang.get(), missing) {
            (Lang::Zh, 0) => "这一年没有断缴或欠费。".to_string(),
            (Lang::En, 0) => "No gaps or arrears this year.".to_string(),
            (Lang::Zh, n) => format!("这一年共有 {n} 个月断缴或欠费，见下表。"),
            (Lang::En, n) => format!("{n} months of this year are gaps or in arrears: see below."),
        }}</p>
        {insurances.into_iter().map(|row| view! { <InsuranceTable year row /> }).collect_view()}
    }
}

#[component]
fn InsuranceTable(year: u16, row: InsuranceYear) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let navigate = navigator();
    let name = insurance_name(row.insurance);
    let missing = row.missing();
    let id = format!("table-{}", row.insurance.as_str());
    let total = format_yuan(row.total);
    let gap_action = match (missing, row.back_pay.clone()) {
        (0, _) => None,
        (n, Some(order)) => Some(view! {
            <div class="card" data-state="back-pay">
                <p>{move || match lang.get() {
                    Lang::Zh => format!("有 {n} 个月可以补缴。补缴会按规定加收滞纳金，金额在下一步显示。"),
                    Lang::En => format!("{n} months can still be paid. Back payment adds a late fee, shown before you pay."),
                }}</p>
                <button type="button" class="button button-secondary" data-testid=format!("back-pay-{}", row.insurance.as_str())
                    on:click=move |_| { let next = app.flow.try_update(|f| f.pay_gap(order.clone())); if let Some(next) = next { navigate(next, false); } }>
                    {tr("补缴这些月份", "Pay for these months")}
                </button>
            </div>
        }.into_any()),
        (_, None) => Some(view! {
            <p class="hint" data-state="gap-not-payable">{tr("这些月份已不能在线补缴。如需补缴，请咨询参保地社保经办机构或拨打 12333。",
                "These months can no longer be paid online. To pay them, ask the social security office or call 12333.")}</p>
        }.into_any()),
    };
    view! {
        <section aria-labelledby=id.clone() data-insurance=row.insurance.as_str()>
            <h2 id=id.clone()>{let name = name.clone(); move || pick(lang.get(), &name)}</h2>
            <div class="table-scroll">
                <table class="month-table">
                    <caption class="visually-hidden">{move || match lang.get() {
                        Lang::Zh => format!("{}，{year} 年每月缴费", name.0),
                        Lang::En => format!("{}, each month of {year}", name.1),
                    }}</caption>
                    <thead><tr>
                        <th scope="col">{tr("月份", "Month")}</th>
                        <th scope="col">{tr("状态", "State")}</th>
                        <th scope="col">{tr("缴费方", "Paid by")}</th>
                        <th scope="col" class="amount">{tr("金额", "Amount")}</th>
                    </tr></thead>
                    <tbody>
                        {row.months.into_iter().map(|m| {
                            let state = month_state_name(m.state);
                            let by = m.paid_by.map(paid_by_name);
                            let amount = m.amount.map(format_yuan).unwrap_or_default();
                            let flagged = matches!(m.state, MonthState::Gap | MonthState::Arrears);
                            let receipt = m.receipt_serial.map(|serial| view! {
                                " "<a href=format!("/receipt?serial={serial}") data-testid="month-receipt">{tr("凭证", "Receipt")}</a>
                            });
                            view! {
                                <tr data-month=m.month data-month-state=format!("{:?}", m.state) class:flagged=flagged>
                                    <th scope="row">{move || match lang.get() { Lang::Zh => format!("{} 月", m.month), Lang::En => format!("{year}-{:02}", m.month) }}</th>
                                    <td>{move || pick(lang.get(), &state)}</td>
                                    <td>{move || by.as_ref().map(|b| pick(lang.get(), b)).unwrap_or_default()}</td>
                                    <td class="amount">{amount}{receipt}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="3">{tr("全年合计", "Year total")}</th>
                        <td class="amount" data-testid=format!("total-{}", row.insurance.as_str())>{total}</td>
                    </tr></tfoot>
                </table>
            </div>
            {gap_action}
        </section>
    }
}
