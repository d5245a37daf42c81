//! 我的社保: the person's record in one city. First the city and a verification for reading
//! (stronger than for paying, and read-only); then the five insurances, the balances, months
//! paid and the base, each with the time it was true, and the ways on: each year's months,
//! the medical spending, and the record as CSV.

pub mod gallery;
pub mod proof;
pub mod spending;
pub mod year;

use crate::api::{ApiClient, ApiFuture, RecordApi, RecordOf, ApiError, DetailLevel, Enrolment, Insurance, MonthState, PaidBy, RecordOverview, RecordYear, SyncKind};
use crate::components::form::{ErrorSummary, FieldProblem};
use crate::components::layout::{JobSwitch, RedirectNotice, ScreenTitle, SummaryRow};
use crate::components::problem::ApiProblem;
use crate::components::remote::{Load, Remote};
use crate::domain::access::Job;
use crate::domain::money::format_yuan;
use crate::i18n::{pick, tr, Lang, Message};
use crate::platform::beijing_time;
use crate::router::navigate_to;
use crate::state::{use_app, AppContext};
use leptos::prelude::*;
use std::sync::Arc;

pub const RECORD_PATH: &str = "/record";

/// Makes a record call once the record's API has arrived (its code may still be on its way).
pub fn record_call<T: 'static>(api: &Arc<dyn ApiClient>, call: impl FnOnce(&(dyn RecordApi + 'static)) -> ApiFuture<T> + 'static) -> ApiFuture<T> {
    crate::api::after(api.record_api(), call)
}

#[component]
pub fn RecordScreen() -> impl IntoView {
    let app = use_app();
    let reading = Memo::new(move |_| app.flow.with(|f| f.record_reading()));
    let of_member = Memo::new(move |_| reading.with(|r| r.as_ref().is_some_and(|(_, of)| of.member.is_some())));
    view! {
        <RedirectNotice />
        <JobSwitch here=Job::Record />
        {move || if of_member.get() {
            view! { <ScreenTitle zh="亲情社保" en="A relative's record" /> <MemberNotice /> }.into_any()
        } else {
            view! { <ScreenTitle zh="我的社保" en="My insurance record" /> }.into_any()
        }}
        {move || match reading.get() {
            None => view! { <ChooseCity /> }.into_any(),
            Some((token, of)) => view! { <Overview token of /> }.into_any(),
        }}
    }
}

/// 亲情社保: whose record this is, that it is read-only and rests on their consent, and the way
/// back to the family.
#[component]
pub fn MemberNotice() -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let name = app.flow.with_untracked(|f| f.member_record().map(|m| m.name.clone())).unwrap_or_default();
    view! {
        <div class="notice" role="note" data-state="member-record">
            <p data-testid="member-record-whose">{move || match lang.get() {
                Lang::Zh => format!("您正在查看家庭成员 {name} 的社保记录（只读）。查看需要本人的授权，授权撤回或到期后将不能再查看。"),
                Lang::En => format!("You are reading the record of {name}, a member of your family (read-only). It needs their consent; once they withdraw it or it runs out, it can no longer be read."),
            }}</p>
            <p><a class="link-target" href="/family">{tr("返回亲情账户", "Back to my family")}</a></p>
        </div>
    }
}

/// Shows one's own record again (arriving at the family, or at a proof, which is only ever one's
/// own); the flow changes only if a relative's record was being read.
pub fn read_own_record(app: &AppContext) {
    if app.flow.with_untracked(|f| f.member_record().is_some()) {
        app.flow.update(|f| f.leave_member_record());
    }
}

/// The way back from a year or the spending to the record they belong to.
#[component]
pub fn BackToRecord() -> impl IntoView {
    let app = use_app();
    let of_member = app.flow.with_untracked(|f| f.member_record().is_some());
    view! {
        <p><a class="link-target" href=RECORD_PATH>{if of_member { tr("← 返回亲属的社保记录", "← Back to the relative's record") } else { tr("← 返回我的社保", "← Back to my record") }}</a></p>
    }
}

/// Which city's record: the same region list as paying, then on to verifying for reading, and
/// back to `then` (the record, or the family, which reads with the same verification).
#[component]
pub fn ChooseCity(#[prop(default = RECORD_PATH)] then: &'static str) -> impl IntoView {
    let app = use_app();
    let known = app.flow.with_untracked(|f| f.record.as_ref().map(|r| (r.province.clone(), r.city.clone())));
    let province = RwSignal::new(known.as_ref().and_then(|k| k.0.clone()).or_else(|| app.flow.with_untracked(|f| f.province.clone())));
    let city = RwSignal::new(known.map(|k| k.1).or_else(|| app.flow.with_untracked(|f| f.city.clone())));
    let search = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let api = app.api.clone();
    let regions = Remote::once(move || api.regions());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = city.get_untracked() else {
            problems.set(vec![FieldProblem { field: "region", message: ("请选择参保城市".into(), "Choose the city you are insured in".into()) }]);
            return;
        };
        problems.set(vec![]);
        let place = regions.ready().and_then(|list| crate::pages::pay::entry::place_name(&list, &chosen));
        app.flow.update(|f| {
            f.choose_record(province.get_untracked(), place, chosen);
            if let Some(record) = &mut f.record {
                record.return_to = (then != RECORD_PATH).then(|| then.to_string());
            }
        });
        navigate_to("/identity", false);
    };
    view! {
        <p class="lead">{tr("查看您在参保城市的五险参保状态、个人账户余额、缴费月数和逐月缴费记录。",
            "See your five insurances in the city you are insured in: their status, your account balances, months paid, and every month's contribution.")}</p>
        <ErrorSummary problems />
        <form on:submit=submit novalidate data-state="choose-city">
            {regions.view(move |list| view! { <crate::pages::pay::entry::RegionPicker provinces=list province city search /> })}
            <p class="hint">{tr("查询只读取您的记录，不会产生任何费用。为保护您的个人信息，需要完成更严格的身份验证。",
                "Reading your record changes nothing and costs nothing. To protect your details, it takes a stricter verification than paying.")}</p>
            <div class="actions">
                <button type="submit" class="button button-primary">{tr("下一步：验证身份", "Next: verify who you are")}</button>
            </div>
        </form>
    }
}

#[component]
fn Overview(token: String, of: RecordOf) -> impl IntoView {
    let app = use_app();
    let api = app.api.clone();
    let (t, o) = (token.clone(), of.clone());
    let overview = Remote::once(move || {
        let (t, o) = (t.clone(), o.clone());
        record_call(&api, move |records| records.record(&t, &o))
    });
    // The years and the spending delay serve the year and spending screens (no figures kept).
    Effect::new(move |_| {
        if let Some(view) = overview.ready() {
            app.flow.update(|f| {
                if let Some(record) = &mut f.record {
                    record.years = view.years.clone();
                    record.spending_delay = view.spending_delay;
                }
            });
        }
    });
    move || match overview.state.get() {
        Load::Ready(Err(error)) => view! { <RecordProblem error retry=Callback::new(move |_| overview.refetch()) /> }.into_any(),
        Load::Ready(Ok(view)) => view! { <OverviewFigures view token=token.clone() of=of.clone() /> }.into_any(),
        _ => overview.view(|_| ()).into_any(),
    }
}

/// How fresh the city's figures are, in words.
fn sync_words(sync: SyncKind) -> Message {
    match sync {
        SyncKind::Realtime => ("实时同步（接口直连）".into(), "in real time (direct link)".into()),
        SyncKind::Daily => ("每日同步一次".into(), "once a day".into()),
        SyncKind::Weekly => ("每周同步一次（文件交换）".into(), "once a week (file exchange)".into()),
    }
}

pub fn insurance_name(insurance: Insurance) -> Message {
    let (zh, en) = match insurance {
        Insurance::Pension => ("养老保险", "Pension"),
        Insurance::Medical => ("医疗保险", "Medical"),
        Insurance::Unemployment => ("失业保险", "Unemployment"),
        Insurance::WorkInjury => ("工伤保险", "Work injury"),
        Insurance::Maternity => ("生育保险", "Maternity"),
    };
    (zh.into(), en.into())
}

pub fn enrolment_name(status: Enrolment) -> Message {
    let (zh, en) = match status {
        Enrolment::Insured => ("正常参保", "Insured"),
        Enrolment::Suspended => ("暂停缴费", "Suspended"),
        Enrolment::NotInsured => ("未参保", "Not insured"),
    };
    (zh.into(), en.into())
}

pub fn month_state_name(state: MonthState) -> Message {
    let (zh, en) = match state {
        MonthState::Paid => ("已缴", "Paid"),
        MonthState::Gap => ("断缴", "Gap"),
        MonthState::Arrears => ("欠费", "In arrears"),
        MonthState::NotDue => ("未到期", "Not due yet"),
        MonthState::NotInsured => ("未参保", "Not insured"),
    };
    (zh.into(), en.into())
}

pub fn paid_by_name(by: PaidBy) -> Message {
    match by {
        PaidBy::Employer => ("单位缴纳".into(), "Employer".into()),
        PaidBy::Myself => ("个人缴纳".into(), "Self".into()),
    }
}

/// "截至 2026-11-22 00:00:00" beside a figure.
fn as_of_text(lang: Lang, as_of: &str) -> String {
    match lang {
        Lang::Zh => format!("截至 {}（北京时间）", beijing_time(as_of)),
        Lang::En => format!("as of {} (Beijing time)", beijing_time(as_of)),
    }
}

/// "14 年 2 个月" for a count of months.
fn years_and_months(lang: Lang, months: u32) -> String {
    let (y, m) = (months / 12, months % 12);
    match lang {
        Lang::Zh => format!("{months} 个月（{y} 年 {m} 个月）"),
        Lang::En => format!("{months} months ({y} years {m} months)"),
    }
}

/// The medical spending's delay, in the city's words.
pub fn delay_text(lang: Lang, delay: crate::api::Delay) -> String {
    match (lang, delay.max_working_days) {
        (Lang::Zh, 0) => "医保消费记录实时更新。".into(),
        (Lang::En, 0) => "Medical spending shows here at once.".into(),
        (Lang::Zh, _) => format!("医保消费记录可能延迟 {}–{} 个工作日。", delay.min_working_days, delay.max_working_days),
        (Lang::En, _) => format!("Medical spending can take {}–{} working days to show.", delay.min_working_days, delay.max_working_days),
    }
}

#[component]
fn OverviewFigures(view: RecordOverview, token: String, of: RecordOf) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let own = of.member.is_none();
    let RecordOverview { region, holder, sync, detail, as_of, insurances, pension_account, medical_account, card_account, months_paid, months_paid_as_of, contribution_base, years, spending_delay, employer_changed } = view;
    let source = {
        let region = region.clone();
        move || {
            let l = lang.get();
            let how = pick(l, &sync_words(sync));
            match l {
                Lang::Zh => format!("数据来自{}社保系统，{how}，最近更新 {}（北京时间）。", region.zh, beijing_time(&as_of)),
                Lang::En => format!("From {}'s social security system, updated {how}; last updated {} (Beijing time).", region.en, beijing_time(&as_of)),
            }
        }
    };
    let figure = move |label: (&'static str, &'static str), figure: Option<crate::api::Figure>, testid: &'static str| {
        figure.map(|f| view! { <SummaryRow label value=Signal::derive(move || format!("{} · {}", format_yuan(f.amount), as_of_text(lang.get(), &f.as_of))) testid /> })
    };
    let totals_only = (detail == DetailLevel::Totals).then(|| {
        let region = region.clone();
        view! {
            <div class="notice" role="status" data-state="totals-only">
                <p>{move || match lang.get() {
                    Lang::Zh => format!("{}目前只提供养老、医保的账户总额和缴费月数，不提供逐月明细和医保消费记录。这不是错误；如需明细，请到当地社保经办机构或拨打 12333 查询。", region.zh),
                    Lang::En => format!("{} offers only the pension and medical totals and the months paid: no month-by-month detail or spending list. That is not an error; for details, ask the local social security office or call 12333.", region.en),
                }}</p>
            </div>
        }
    });
    let basic = (detail == DetailLevel::Basic).then(|| view! {
        <p class="hint" data-state="basic-detail">{tr("该城市提供三险（养老、医疗、失业）基础数据。", "This city offers the basic data of three insurances (pension, medical, unemployment).")}</p>
    });
    let advice = employer_changed.then(|| view! {
        <div class="notice" role="note" data-state="advice-split-accounts">
            <p><strong>{tr("余额与您的记录不符？", "Balance not what you expected?")}</strong></p>
            <p>{tr("您更换过工作单位。换单位后，个人账户可能分开记账，合并前余额会分别显示。请携带身份证到参保地社保经办机构申请合并，或拨打 12333 咨询。",
                "You changed employer. After a change, your account can be kept in separate parts until they are merged, and the balance shows only one part. Take your ID card to the social security office to have them merged, or call 12333.")}</p>
        </div>
    });
    let year_links = (!years.is_empty()).then(|| view! {
        <section aria-labelledby="years-title">
            <h2 id="years-title">{tr("逐年缴费记录", "Year by year")}</h2>
            <ul class="link-list">
                {years.iter().map(|y| {
                    let year = *y;
                    view! { <li><a href=format!("/record/year?year={year}") data-testid=format!("year-{year}")>{move || match lang.get() { Lang::Zh => format!("{year} 年"), Lang::En => year.to_string() }}</a></li> }
                }).collect_view()}
            </ul>
            <CsvExport token=token.clone() of=of.clone() years=years.clone() />
        </section>
    });
    let spending = spending_delay.map(|delay| view! {
        <section aria-labelledby="spending-title">
            <h2 id="spending-title">{tr("医保消费记录", "Medical account spending")}</h2>
            <p class="hint" data-testid="spending-delay">{move || delay_text(lang.get(), delay)}</p>
            <p><a class="link-target" href="/record/spending" data-testid="spending-link">{tr("查看医保消费记录", "See the spending")}</a></p>
        </section>
    });
    view! {
        <div data-state=format!("overview-{detail:?}")>
            <p class="lead"><span data-testid="record-holder">{holder}</span>" · "{move || region.get(lang.get())}" "
                {own.then(|| view! { <button type="button" class="link-button" on:click=move |_| app.flow.update(|f| f.record = None)>{tr("换一个城市", "Another city")}</button> })}</p>
            <p class="hint" data-testid="record-source">{source}</p>
            {totals_only}
            {basic}
            <section aria-labelledby="insurances-title">
                <h2 id="insurances-title">{tr("参保状态", "Insurances")}</h2>
                <dl class="summary" data-testid="insurances">
                    {insurances.into_iter().map(|i| {
                        let (name, status) = (insurance_name(i.insurance), enrolment_name(i.status));
                        view! { <div class="summary-row" data-insurance=i.insurance.as_str()><dt>{move || pick(lang.get(), &name)}</dt><dd>{move || pick(lang.get(), &status)}</dd></div> }
                    }).collect_view()}
                </dl>
            </section>
            <section aria-labelledby="accounts-title">
                <h2 id="accounts-title">{tr("账户与缴费年限", "Accounts and months paid")}</h2>
                <dl class="summary">
                    {figure(("养老保险个人账户", "Pension personal account"), pension_account, "pension-account")}
                    {figure(("医保个人账户", "Medical personal account"), medical_account, "medical-account")}
                    {figure(("社保卡金融账户", "Social security card account"), card_account, "card-account")}
                    <SummaryRow label=("累计缴费月数", "Months paid in all")
                        value=Signal::derive(move || format!("{} · {}", years_and_months(lang.get(), months_paid), as_of_text(lang.get(), &months_paid_as_of))) testid="months-paid" />
                    {contribution_base.map(|f| view! { <SummaryRow label=("当前缴费基数（每月）", "Current contribution base (monthly)")
                        value=Signal::derive(move || format!("{} · {}", format_yuan(f.amount), as_of_text(lang.get(), &f.as_of))) testid="contribution-base" /> })}
                </dl>
            </section>
            {advice}
            <section aria-labelledby="proof-title">
                <h2 id="proof-title">{tr("参保缴费证明", "Proof of insurance")}</h2>
                {if own {
                    view! {
                        <p class="hint">{tr("可打印或保存为 PDF，附验真二维码，供单位、学校等核验。", "To print or save as a PDF, with a QR code an employer or school can check.")}</p>
                        <p><a class="link-target" href="/record/proof" data-testid="proof-link">{tr("开具参保缴费证明", "Get a proof of insurance")}</a></p>
                    }.into_any()
                } else {
                    view! { <p class="hint" data-testid="proof-own-only">{tr("参保缴费证明只能由本人验证身份后开具。", "A proof of insurance is issued only to the person themselves, after they verify.")}</p> }.into_any()
                }}
            </section>
            {year_links}
            {spending}
            {own.then(|| view! { <p><a class="button button-secondary" href="/">{tr("去缴费", "Pay a contribution")}</a></p> })}
        </div>
    }
}

/// The record's own refusals, each with the seed's advice; anything else as any request's.
#[component]
pub fn RecordProblem(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let member = app.flow.with_untracked(|f| f.member_record().map(|m| m.name.clone()));
    match error {
        ApiError::NotInsured { elsewhere } => view! {
            <div class="problem" role="alert" data-state="problem-NotInsured" data-problem="NotInsured">
                {match member.clone() {
                    None => view! {
                        <p>{tr("在这个城市没有查到您的参保记录。", "No insurance was found for you in this city.")}</p>
                        <p>{tr("请确认选择的是您的参保地（单位或个人缴费所在的城市），而不是您现在所在的位置。",
                            "Check that you chose the city you are insured in (where you or your employer pay), not where you are now.")}</p>
                    }.into_any(),
                    Some(name) => view! {
                        <p>{move || match lang.get() {
                            Lang::Zh => format!("在这个城市没有查到 {name} 的参保记录。"),
                            Lang::En => format!("No insurance was found for {name} in this city."),
                        }}</p>
                    }.into_any(),
                }}
                {(!elsewhere.is_empty()).then(|| view! {
                    <p>{if member.is_some() { tr("其在以下城市有参保记录：", "They have a record in:") } else { tr("您在以下城市有参保记录：", "You have a record in:") }}</p>
                    <ul class="link-list">
                        {elsewhere.into_iter().map(|c| {
                            let name = c.name.clone();
                            let code = c.code.clone();
                            view! { <li><button type="button" class="link-button" data-testid=format!("elsewhere-{code}")
                                on:click=move |_| app.flow.update(|f| f.read_record_in(code.clone(), c.name.clone()))>
                                {move || name.get(lang.get())}</button></li> }
                        }).collect_view()}
                    </ul>
                })}
                {if member.is_some() {
                    view! { <a class="button button-secondary" href="/family">{tr("返回亲情账户", "Back to my family")}</a> }.into_any()
                } else {
                    view! { <button type="button" class="button button-secondary" on:click=move |_| app.flow.update(|f| f.record = None)>{tr("换一个城市", "Choose another city")}</button> }.into_any()
                }}
            </div>
        }.into_any(),
        ApiError::ConsentRequired => view! {
            <div class="problem" role="alert" data-state="problem-ConsentRequired" data-problem="ConsentRequired">
                <p>{tr("不能查看这位亲属的社保记录：其授权已撤回或已过期，或其已不在您的亲情账户中。",
                    "This relative's record cannot be read: their consent was withdrawn or has run out, or they are no longer in your family.")}</p>
                <p>{tr("可在亲情账户中重新请其授权，验证码会发送到其本人的手机。", "You can ask them again in My family: the code goes to their own phone.")}</p>
                <a class="button button-secondary" href="/family">{tr("返回亲情账户", "Back to my family")}</a>
            </div>
        }.into_any(),
        ApiError::TransferInProgress { working_days } => view! {
            <div class="notice" role="status" data-state="transfer-in-progress" data-problem="TransferInProgress">
                <p><strong>{tr("您的社保正在办理转移接续", "Your insurance is being transferred")}</strong></p>
                <p>{move || match (lang.get(), working_days) {
                    (Lang::Zh, Some(days)) => format!("转移期间数据暂不显示，一般需要约 {days} 个工作日才会更新。"),
                    (Lang::En, Some(days)) => format!("The record does not show while it moves; it usually appears after about {days} working days."),
                    (Lang::Zh, None) => "转移期间数据暂不显示，办结后才会更新。".into(),
                    (Lang::En, None) => "The record does not show while it moves; it appears once the transfer is done.".into(),
                }}</p>
                <p>{tr("如需了解进度，请联系原参保地的社保经办机构，或拨打 12333。", "To ask how it is going, contact the social security office where you were insured before, or call 12333.")}</p>
            </div>
        }.into_any(),
        ApiError::PeakDays { retry_after_seconds } => view! {
            <div class="problem" role="alert" data-state="problem-PeakDays" data-problem="PeakDays">
                <p>{tr("系统繁忙：每月初是社保业务高峰期，查询可能暂时无法完成。", "The service is busy: the start of each month is the peak for social security offices.")}</p>
                <p>{move || match (lang.get(), retry_after_seconds) {
                    (Lang::Zh, Some(s)) => format!("请约 {} 分钟后再试，或避开高峰期再来查询。", s.div_ceil(60)),
                    (Lang::En, Some(s)) => format!("Try again in about {} minutes, or come back after the peak.", s.div_ceil(60)),
                    (Lang::Zh, None) => "请稍后再试，或避开高峰期再来查询。".into(),
                    (Lang::En, None) => "Try again later, or come back after the peak.".into(),
                }}</p>
                <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>{tr("重试", "Try again")}</button>
            </div>
        }.into_any(),
        // Verifying again for reading, then back to this record screen.
        ApiError::SessionExpired => {
            let reverify = move |_| {
                let here = window().location();
                app.flow.update(|f| f.record_expired(format!("{}{}", here.pathname().unwrap_or_default(), here.search().unwrap_or_default())));
                navigate_to("/identity", false);
            };
            view! {
                <div class="problem" role="alert" data-state="problem-SessionExpired" data-problem="SessionExpired">
                    <p>{move || pick(lang.get(), &crate::i18n::api_error(&ApiError::SessionExpired))}</p>
                    <button type="button" class="button button-secondary" on:click=reverify>{tr("重新验证身份", "Verify again")}</button>
                </div>
            }.into_any()
        }
        error => view! { <ApiProblem error retry /> }.into_any(),
    }
}

/// The year-by-year record as a CSV file, made here from the backend's answers.
#[component]
fn CsvExport(token: String, of: RecordOf, years: Vec<u16>) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let api = app.api.clone();
    let export = Action::new_local(move |_: &()| {
        let calls: Vec<_> = years.iter().map(|y| {
            let (token, of, year) = (token.clone(), of.clone(), *y);
            record_call(&api, move |records| records.record_year(&token, &of, year))
        }).collect();
        async move {
            let mut all: Vec<RecordYear> = Vec::new();
            for call in calls {
                let year = call.await?;
                year.check().map_err(ApiError::BadResponse)?;
                all.push(year);
            }
            Ok::<_, ApiError>(all)
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(years)) = export.value().get() {
            let l = lang.get_untracked();
            let header = match l {
                Lang::Zh => ["月份", "险种", "状态", "缴费方", "金额（元）", "电子凭证号"],
                Lang::En => ["Month", "Insurance", "State", "Paid by", "Amount (yuan)", "Receipt"],
            };
            let csv = crate::api::record_csv(&years, |i| pick(l, &insurance_name(i)), |s| pick(l, &month_state_name(s)), |p| pick(l, &paid_by_name(p)), header);
            download("social-insurance-record.csv", &csv);
        }
    });
    view! {
        <p>
            <button type="button" class="button button-secondary" data-testid="export-csv" disabled=move || export.pending().get()
                on:click=move |_| { export.dispatch(()); }>
                {move || if export.pending().get() { tr("正在导出…", "Exporting…")() } else { tr("导出逐年记录（CSV）", "Export the record (CSV)")() }}
            </button>
        </p>
        {move || match export.value().get() {
            Some(Err(error)) => Some(view! { <RecordProblem error retry=Callback::new(move |_| { export.dispatch(()); }) /> }),
            _ => None,
        }}
        {move || export.value().with(|v| matches!(v, Some(Ok(_)))).then(|| view! {
            <p class="hint" role="status" data-state="csv-exported">{tr("已导出，请在下载中查看。", "Exported: see your downloads.")}</p>
        })}
    }
}

/// Hands `text` to the browser as a UTF-8 file download with a byte-order mark (nothing is sent
/// anywhere). The mark goes in as bytes: a string's leading one is dropped on its way to JS.
fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let bom = js_sys::Uint8Array::from(&[0xEF_u8, 0xBB, 0xBF][..]);
    let parts = js_sys::Array::of2(&bom, &wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(anchor) = document().create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The record token, and whose record in which city, for the record's later screens (the
/// router admits only someone holding it).
pub fn reading(app: &AppContext) -> Option<(String, RecordOf)> {
    app.flow.with_untracked(|f| f.record_reading())
}
