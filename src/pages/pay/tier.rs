//! Step 3: confirm the insured person's details and choose a tier, with the amount explained.

use crate::api::{payment_call, ApiError, Cycle, FixedTier, InsuredProfile, Quote, QuoteRequest, TierOptions};
use crate::components::breakdown::AmountBreakdown;
use crate::components::cells::RadioCell;
use crate::components::form::{ErrorSummary, FieldProblem};
use crate::components::layout::{Loading, RedirectNotice, ScreenTitle, SummaryRow};
use crate::components::problem::ApiProblem;
use crate::components::remote::{Load, Remote};
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::domain::pricing::flexible_base;
use crate::domain::tier_form::{BaseChoice, TierDraft, TierProblem};
use crate::i18n::{discount_name, pick, product_fallback_name, tr, use_lang, Lang};
use crate::platform::beijing_time;
use crate::state::{flow_data, navigator, use_app};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn TierScreen() -> impl IntoView {
    let Some((token, order)) = flow_data(|f| Some((f.token.clone()?, f.order()?))) else {
        return ().into_any();
    };
    let app = use_app();
    let api = app.api.clone();
    let (t, o) = (token.clone(), order.clone());
    let profile = Remote::once(move || {
        let (t, o) = (t.clone(), o.clone());
        payment_call(&api, move |pay| pay.insured_profile(&t, &o))
    });
    let api = app.api.clone();
    let options = Remote::once(move || {
        let (token, order) = (token.clone(), order.clone());
        payment_call(&api, move |pay| pay.tier_options(&token, &order))
    });
    view! {
        <RedirectNotice />
        <ScreenTitle zh="确认信息并选择档次" en="Check your details and choose a tier" step=Step::Tier />
        <p class="lead">{tr("请核对您的参保信息，然后选择缴费档次。", "Check your details, then choose how much to pay.")}</p>
        {profile.view(move |p| if p.already_paid.is_some() {
            view! { <AlreadyPaid profile=p /> }.into_any()
        } else {
            view! {
                <ProfileCard profile=p />
                {options.view(|options| view! { <TierForm options /> })}
            }.into_any()
        })}
    }
    .into_any()
}

#[component]
fn ProfileCard(profile: InsuredProfile) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let flow = app.flow.get_untracked();
    let place = flow.place.clone().unwrap_or_default();
    let product = flow.product.map(product_fallback_name).unwrap_or_default();
    let year = flow.year.unwrap_or_default();
    let concession = profile.concession.map(|c| discount_name(c.kind));
    view! {
        <section class="card" aria-labelledby="insured-title" data-state="profile">
            <h2 id="insured-title">{tr("参保人信息", "Insured person")}</h2>
            <dl class="summary" data-testid="profile">
                <SummaryRow label=("姓名", "Name") value=profile.name.clone() />
                <SummaryRow label=("身份证号", "ID number") value=profile.masked_id.clone() />
                <SummaryRow label=("手机号", "Mobile") value=profile.masked_mobile.clone() />
                <SummaryRow label=("参保地", "Region") value=Signal::derive(move || place.get(lang.get())) />
                <SummaryRow label=("险种", "Insurance") value=Signal::derive(move || pick(lang.get(), &product)) />
                <SummaryRow label=("缴费年度", "Year") value=year.to_string() />
            </dl>
            {concession.map(|c| view! { <p class="notice" data-testid="concession" data-state="concession">{move || pick(lang.get(), &c)}</p> })}
        </section>
    }
}

/// The person's year is already paid: say so, show the record, and stop.
#[component]
fn AlreadyPaid(profile: InsuredProfile) -> impl IntoView {
    let lang = use_lang();
    let app = use_app();
    let record = profile.already_paid.clone().expect("checked by caller");
    let year = app.flow.with_untracked(|f| f.year.unwrap_or_default());
    let check_href = format!("/receipt?serial={}", record.serial);
    let navigate = navigator();
    let start_again = move |_| {
        app.flow.update(|f| f.start_again());
        navigate(Step::Entry, false);
    };
    view! {
        <div class="result result-info" data-testid="already-paid" data-state="already-paid">
            <h2>{move || match lang.get() {
                Lang::Zh => format!("{} 您 {year} 年度已缴费，无需重复缴纳", profile.name),
                Lang::En => format!("{}, your {year} contribution is already paid. There is nothing more to pay", profile.name),
            }}</h2>
            <dl class="summary">
                <SummaryRow label=("缴费金额", "Amount") value=format_yuan(record.amount) />
                <SummaryRow label=("缴费时间", "Paid at") value=beijing_time(&record.paid_at) />
                <SummaryRow label=("凭证编号", "Receipt number") value=record.serial.clone() />
            </dl>
            <div class="actions">
                <a class="button button-primary" href=check_href>{tr("查看缴费凭证", "View the receipt")}</a>
                <button type="button" class="button button-secondary" on:click=start_again>{tr("为其他人或其他年度缴费", "Pay for someone else or another year")}</button>
            </div>
        </div>
    }
}

#[component]
fn TierForm(options: TierOptions) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    // The form's rules are the domain's (`domain::tier_form`); here, one signal per field.
    let opening = app.flow.with_untracked(|f| TierDraft::opening(f.tier.as_ref(), &options));
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let fixed_tier = RwSignal::new(opening.fixed_tier);
    let base = RwSignal::new(opening.base);
    let custom_percent = RwSignal::new(opening.custom_percent);
    let rate = RwSignal::new(opening.rate);
    let cycle = RwSignal::new(opening.cycle);
    let draft = move || TierDraft { fixed_tier: fixed_tier.get(), base: base.get(), custom_percent: custom_percent.get(), rate: rate.get(), cycle: cycle.get() };
    let (min, max) = match &options {
        TierOptions::WageBased { min_percent, max_percent, .. } => (*min_percent, *max_percent),
        _ => (0, 0),
    };
    let rules = StoredValue::new(options.clone());
    let choice = Memo::new(move |_| rules.with_value(|options| draft().choice(options)));
    let api = app.api.clone();
    let quote = Remote::new(move || {
        let choice = choice.get()?;
        let (token, order) = app.flow.with_untracked(|f| Some((f.token.clone()?, f.order()?)))?;
        let request = payment_call(&api, move |pay| pay.quote(&token, QuoteRequest { order, choice }));
        Some(Box::pin(async move {
            let quote = request.await?;
            // Never show an amount that does not add up.
            quote.breakdown.check().map_err(|e| ApiError::BadResponse(format!("{e:?}")))?;
            Ok(quote)
        }) as crate::api::ApiFuture<Quote>)
    });

    let navigate = navigator();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let found: Vec<FieldProblem> = untrack(|| rules.with_value(|options| draft().problems(options)))
            .into_iter()
            .map(|(field, problem)| FieldProblem { field: field.id(), message: tier_problem_text(problem) })
            .collect();
        problems.set(found.clone());
        if !found.is_empty() {
            return;
        }
        let Load::Ready(Ok(quote)) = quote.state.get_untracked() else { return };
        let chosen = choice.get_untracked();
        if let Some(next) = app.flow.try_update(|f| f.choose_tier(chosen, quote)) {
            navigate(next, false);
        }
    };

    let options_view = match options {
        TierOptions::Fixed { tiers } => view! { <FixedTiers tiers fixed_tier /> }.into_any(),
        TierOptions::WageBased { monthly_average_wage, suggested_percents, rates, cycles, .. } => view! {
            <WageBasedChoice wage=monthly_average_wage suggested=suggested_percents rates cycles
                base custom_percent rate cycle problems min max />
        }
        .into_any(),
    };

    view! {
        <ErrorSummary problems />
        <form on:submit=submit novalidate>
            {options_view}
            {move || match quote.state.get() {
                    Load::Loading => view! { <Loading /> }.into_any(),
                    Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| quote.refetch()) /> }.into_any(),
                    Load::Idle => view! { <p class="hint">{tr("选择后这里会显示金额明细。", "Once you choose, the amount is explained here.")}</p> }.into_any(),
                    Load::Ready(Ok(q)) => {
                        let label = q.tier_label.clone();
                        let period = q.period.clone();
                        view! {
                            <section class="card" aria-labelledby="amount-title" aria-live="polite" data-state="quoted">
                                <h2 id="amount-title">{tr("缴费金额", "Amount")}</h2>
                                <p class="hint">{move || label.get(lang.get())}" · "{move || period.get(lang.get())}</p>
                                <AmountBreakdown breakdown=q.breakdown.clone() />
                            </section>
                        }.into_any()
                    }
            }}
            <div class="actions">
                <button type="submit" class="button button-primary">{tr("下一步：选择支付方式", "Next: choose how to pay")}</button>
            </div>
        </form>
    }
}

/// What a field of the form still needs, in both languages.
fn tier_problem_text(problem: TierProblem) -> (String, String) {
    let (zh, en) = match problem {
        TierProblem::ChooseTier => ("请选择缴费档次", "Choose a tier"),
        TierProblem::ChooseBase => ("请选择缴费基数", "Choose a contribution base"),
        TierProblem::EnterPercent => ("请输入缴费基数比例", "Enter the base percentage"),
        TierProblem::PercentOutOfRange { min, max } => return (format!("请输入 {min} 到 {max} 之间的整数"), format!("Enter a whole number from {min} to {max}")),
        TierProblem::ChooseRate => ("请选择费率", "Choose a rate"),
        TierProblem::ChooseCycle => ("请选择缴费周期", "Choose how often to pay"),
    };
    (zh.into(), en.into())
}

/// What a fixed tier's amount covers: a year (residents), a month (a fixed pension tier).
fn per_months(months: u32) -> (String, String) {
    match months {
        12 => ("年".into(), "a year".into()),
        1 => ("月".into(), "a month".into()),
        n => (format!("{n}个月"), format!("for {n} months")),
    }
}

#[component]
fn FixedTiers(tiers: Vec<FixedTier>, fixed_tier: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <fieldset class="cells" id="tier" tabindex="-1" data-state="tiers-fixed">
            <legend>{tr("缴费档次", "Contribution tier")}</legend>
            {tiers.into_iter().map(|t| {
                let id = format!("tier-{}", t.code);
                let code = t.code.clone();
                let checked = { let code = code.clone(); Signal::derive(move || fixed_tier.get().as_deref() == Some(code.as_str())) };
                let (personal, subsidy) = (format_yuan(t.personal_amount), (!t.subsidy.is_zero()).then(|| format_yuan(t.subsidy)));
                let name = t.name.clone();
                let per = per_months(t.months);
                view! {
                    <RadioCell name="tier" id checked on_select=move |_| fixed_tier.set(Some(code.clone()))>
                            <span class="cell-title">{move || name.get(lang.get())}" · "{move || match lang.get() {
                                Lang::Zh => format!("个人缴费 {personal}/{}", per.0),
                                Lang::En => format!("you pay {personal} {}", per.1),
                            }}</span>
                            {subsidy.map(|subsidy| view! {
                                <span class="cell-note">{move || match lang.get() {
                                    Lang::Zh => format!("政府补助 {subsidy}"),
                                    Lang::En => format!("government subsidy {subsidy}"),
                                }}</span>
                            })}
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn WageBasedChoice(
    wage: Decimal,
    suggested: Vec<u32>,
    rates: Vec<Decimal>,
    cycles: Vec<Cycle>,
    base: RwSignal<Option<BaseChoice>>,
    custom_percent: RwSignal<String>,
    rate: RwSignal<Option<Decimal>>,
    cycle: RwSignal<Option<Cycle>>,
    problems: RwSignal<Vec<FieldProblem>>,
    min: u32,
    max: u32,
) -> impl IntoView {
    let lang = use_lang();
    let wage_text = format_yuan(wage);
    let custom_error = crate::components::form::problem_for(problems, "base-custom");
    view! {
        <p class="hint">{move || match (lang.get(), min == max) {
            (Lang::Zh, false) => format!("当地社会平均工资 {wage_text}/月。缴费基数可选社平工资的 {min}%–{max}%。"),
            (Lang::En, false) => format!("The local average wage is {wage_text} a month. Choose a base of {min}–{max} % of it."),
            (Lang::Zh, true) => format!("当地社会平均工资 {wage_text}/月。缴费基数为社平工资的 {min}%。"),
            (Lang::En, true) => format!("The local average wage is {wage_text} a month. The base is {min} % of it."),
        }}</p>
        <fieldset class="cells" id="base" tabindex="-1" data-state="tiers-wage">
            <legend>{tr("缴费基数", "Contribution base")}</legend>
            {suggested.into_iter().map(|p| {
                let amount = format_yuan(flexible_base(wage, p));
                view! {
                    <RadioCell name="base" id=format!("base-{p}") checked=Signal::derive(move || base.get() == Some(BaseChoice::Suggested(p)))
                        on_select=move |_| base.set(Some(BaseChoice::Suggested(p)))>
                        <span class="cell-title">{move || match lang.get() {
                            Lang::Zh => format!("{p}%（{amount}/月）"),
                            Lang::En => format!("{p} % ({amount} a month)"),
                        }}</span>
                    </RadioCell>
                }
            }).collect_view()}
            // A base of one's own only where the backend allows a range.
            {(min < max).then(|| view! {
                <RadioCell name="base" id="base-other".to_string() checked=Signal::derive(move || base.get() == Some(BaseChoice::Custom))
                    on_select=move |_| base.set(Some(BaseChoice::Custom))>
                    <span class="cell-title">{tr("其他比例", "Another percentage")}</span>
                </RadioCell>
            })}
        </fieldset>
        <Show when=move || base.get() == Some(BaseChoice::Custom)>
            <div class="field" class:field-invalid=move || custom_error.with(Option::is_some)>
                <label for="base-custom">{move || match lang.get() {
                    Lang::Zh => format!("缴费基数比例（{min}–{max}，单位 %）"),
                    Lang::En => format!("Base percentage ({min}–{max})"),
                }}</label>
                {move || custom_error.get().map(|m| view! { <p class="field-error" id="base-custom-error">{pick(lang.get(), &m)}</p> })}
                <input id="base-custom" type="text" inputmode="numeric" autocomplete="off" maxlength="3"
                    aria-invalid=move || custom_error.with(Option::is_some).then_some("true")
                    aria-describedby=move || custom_error.with(Option::is_some).then_some("base-custom-error")
                    bind:value=custom_percent />
            </div>
        </Show>
        <fieldset class="cells" id="rate" tabindex="-1">
            <legend>{tr("费率", "Rate")}</legend>
            {rates.into_iter().map(|r| {
                view! {
                    <RadioCell name="rate" id=format!("rate-{r}") checked=Signal::derive(move || rate.get() == Some(r)) on_select=move |_| rate.set(Some(r))>
                        <span class="cell-title">{format!("{r}%")}</span>
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
        <fieldset class="cells" id="cycle" tabindex="-1">
            <legend>{tr("缴费周期", "How often")}</legend>
            {cycles.into_iter().map(|c| {
                let text = match c {
                    Cycle::Monthly => ("按月（1 个月）", "Monthly (1 month)"),
                    Cycle::Quarterly => ("按季度（3 个月）", "Quarterly (3 months)"),
                    Cycle::HalfYearly => ("按半年（6 个月）", "Half-yearly (6 months)"),
                };
                view! {
                    <RadioCell name="cycle" id=format!("cycle-{}", c.months()) checked=Signal::derive(move || cycle.get() == Some(c)) on_select=move |_| cycle.set(Some(c))>
                        <span class="cell-title">{move || lang.get().pick(text.0, text.1)}</span>
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
    }
}
