//! 医保消费记录: what the medical personal account paid for, newest first, a page at a time,
//! with how late the city's list can be.

use super::{delay_text, reading, record_call, BackToRecord, MemberNotice, RecordProblem};
use crate::api::SpendingPage;
use crate::components::layout::ScreenTitle;
use crate::components::remote::{Load, Remote};
use crate::domain::money::format_yuan;
use crate::i18n::{tr, Lang};
use crate::router::{query_param, use_location};
use crate::state::use_app;
use leptos::prelude::*;

#[component]
pub fn RecordSpendingScreen() -> impl IntoView {
    let app = use_app();
    let Some((token, of)) = reading(&app) else {
        return ().into_any();
    };
    let of_member = of.member.is_some();
    let delay = app.flow.with_untracked(|f| f.record.as_ref().and_then(|r| r.spending_delay));
    let location = use_location();
    let page = Memo::new(move |_| {
        location.query.track();
        query_param("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p > 0).unwrap_or(1)
    });
    let api = app.api.clone();
    let list = Remote::new(move || {
        let (token, of, page) = (token.clone(), of.clone(), page.get());
        Some(record_call(&api, move |records| records.medical_spending(&token, &of, page)))
    });
    let lang = app.lang;
    view! {
        <BackToRecord />
        <ScreenTitle zh="医保消费记录" en="Medical account spending" />
        {of_member.then(|| view! { <MemberNotice /> })}
        {delay.map(|d| view! { <p class="hint" data-testid="spending-delay">{move || delay_text(lang.get(), d)}</p> })}
        {move || match list.state.get() {
            Load::Ready(Ok(answer)) => view! { <SpendingList answer /> }.into_any(),
            Load::Ready(Err(error)) => view! { <RecordProblem error retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
            _ => list.view(|_| ()).into_any(),
        }}
    }
    .into_any()
}

#[component]
fn SpendingList(answer: SpendingPage) -> impl IntoView {
    let lang = use_app().lang;
    let SpendingPage { as_of, items, page, pages } = answer;
    let empty = items.is_empty();
    view! {
        <p class="hint" data-testid="spending-as-of">{move || match lang.get() {
            Lang::Zh => format!("截至 {}（北京时间） · 第 {page} 页，共 {pages} 页", crate::platform::beijing_time(&as_of)),
            Lang::En => format!("As of {} (Beijing time) · page {page} of {pages}", crate::platform::beijing_time(&as_of)),
        }}</p>
        {if empty {
            view! { <p data-state="spending-empty">{tr("还没有消费记录。", "No spending yet.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" data-state="spending">
                    <table class="month-table">
                        <caption class="visually-hidden">{tr("医保个人账户消费记录，最新的在前", "Medical account spending, newest first")}</caption>
                        <thead><tr>
                            <th scope="col">{tr("日期", "Date")}</th>
                            <th scope="col">{tr("机构", "Where")}</th>
                            <th scope="col" class="amount">{tr("金额", "Amount")}</th>
                            <th scope="col" class="amount">{tr("消费后余额", "Balance after")}</th>
                        </tr></thead>
                        <tbody>
                            {items.into_iter().map(|item| {
                                let place = item.place.clone();
                                view! {
                                    <tr data-testid="spending-item">
                                        <th scope="row">{item.date}</th>
                                        <td>{move || place.get(lang.get())}</td>
                                        <td class="amount">{format_yuan(item.amount)}</td>
                                        <td class="amount">{format_yuan(item.balance_after)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <nav class="pager" aria-label=move || lang.get().pick("翻页", "Pages")>
            {(page > 1).then(|| view! { <a href=format!("/record/spending?page={}", page - 1) rel="prev" data-testid="spending-newer">{tr("← 较新的记录", "← Newer")}</a> })}
            {(page < pages).then(|| view! { <a href=format!("/record/spending?page={}", page + 1) rel="next" data-testid="spending-older">{tr("较早的记录 →", "Older →")}</a> })}
        </nav>
    }
}
