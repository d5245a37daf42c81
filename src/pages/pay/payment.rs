//! Step 4a: how to pay. Only the methods the backend allows for this region, each with its
//! single-payment limit shown before paying; a method the amount is over cannot be chosen.

use crate::api::{payment_call, PaymentMethod, PaymentMethodOffer};
use crate::components::cells::RadioCell;
use crate::components::form::{ErrorSummary, FieldProblem};
use crate::components::layout::{RedirectNotice, ScreenTitle};
use crate::components::remote::Remote;
use crate::domain::flow::Step;
use crate::domain::limits::{over_limit, OverLimit};
use crate::domain::money::format_yuan;
use crate::i18n::{left_today_text, payment_method_name, pick, tr, Lang};
use crate::state::{flow_data, navigator, use_app};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[component]
pub fn PaymentMethodScreen() -> impl IntoView {
    let Some((token, quote)) = flow_data(|f| Some((f.token.clone().unwrap_or_default(), f.quote.clone()?))) else {
        return ().into_any();
    };
    let app = use_app();
    let total = quote.breakdown.total;
    let api = app.api.clone();
    let quote_id = quote.quote_id.clone();
    let offers = Remote::once(move || {
        let (token, quote_id) = (token.clone(), quote_id.clone());
        payment_call(&api, move |pay| pay.payment_methods(&token, &quote_id))
    });
    view! {
        <RedirectNotice />
        <ScreenTitle zh="选择支付方式" en="Choose how to pay" step=Step::Method />
        <p class="lead">{tr("请选择一种支付方式，然后点击下一步。", "Choose a way to pay, then press next.")}</p>
        <p class="amount-due">{tr("应缴金额", "Amount to pay")}" "<strong data-testid="amount-due">{format_yuan(total)}</strong></p>
        {offers.view(move |list| view! { <MethodForm offers=list total /> })}
    }
    .into_any()
}

#[component]
fn MethodForm(offers: Vec<PaymentMethodOffer>, total: Decimal) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    // (The HTTP client has already refused any answer whose limits are not sane money.)
    // The limit a method is over for this amount (fiscal pay-on-behalf has none to be over).
    let over_of = move |offer: &PaymentMethodOffer| if offer.method == PaymentMethod::FiscalPayOnBehalf { None } else { over_limit(offer, total) };
    let usable = move |offer: &PaymentMethodOffer| over_of(offer).is_none();
    let previous = app.flow.with_untracked(|f| f.method).filter(|m| offers.iter().any(|o| o.method == *m && usable(o)));
    let mut usable_methods = offers.iter().filter(|o| usable(o)).map(|o| o.method);
    let only = match (usable_methods.next(), usable_methods.next()) {
        (Some(method), None) => Some(method),
        _ => None,
    };
    let method = RwSignal::new(previous.or(only));
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let no_credit = total > Decimal::ZERO && !offers.iter().any(|o| o.method == PaymentMethod::CreditCard);
    let none_usable = !offers.iter().any(usable);
    let navigate = navigator();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = method.get_untracked() else {
            problems.set(vec![FieldProblem { field: "pay-method", message: ("请选择支付方式".into(), "Choose how to pay".into()) }]);
            return;
        };
        if let Some(next) = app.flow.try_update(|f| f.choose_method(chosen)) {
            navigate(next, false);
        }
    };
    view! {
        <ErrorSummary problems />
        <form on:submit=submit novalidate>
            <fieldset class="cells" id="pay-method" tabindex="-1" data-state="methods">
                <legend>{tr("支付方式", "Payment method")}</legend>
                {offers.iter().map(|offer| {
                    let m = offer.method;
                    let name = payment_method_name(m);
                    let limit = format_yuan(offer.single_limit);
                    let over = over_of(offer);
                    let offer = offer.clone();
                    let note = move || {
                        // Today's limit, where the method has one: what is left of it, before paying.
                        let l = lang.get();
                        let today = left_today_text(l, &offer);
                        match (m, over, l) {
                            (PaymentMethod::FiscalPayOnBehalf, _, l) => l.pick("本次由财政代缴，您无需付款", "The state pays this for you").to_string(),
                            (_, Some(OverLimit::Single { .. }), Lang::Zh) => format!("单笔限额 {limit}，本次金额超过限额，请选择其他方式或拆分支付"),
                            (_, Some(OverLimit::Single { .. }), Lang::En) => format!("Limit {limit} per payment: this amount is over it. Choose another method"),
                            (_, Some(OverLimit::Today { .. }), Lang::Zh) => format!("{}，本次金额超过今日剩余额度，请选择其他方式或明天再付", today.unwrap_or_default()),
                            (_, Some(OverLimit::Today { .. }), Lang::En) => format!("{}: this amount is over it. Choose another method, or pay tomorrow", today.unwrap_or_default()),
                            (_, None, Lang::Zh) => today.map_or_else(|| format!("单笔限额 {limit}"), |t| format!("单笔限额 {limit} · {t}")),
                            (_, None, Lang::En) => today.map_or_else(|| format!("Limit {limit} per payment"), |t| format!("Limit {limit} per payment · {t}")),
                        }
                    };
                    let state = over.map(|o| if matches!(o, OverLimit::Today { .. }) { "over-today" } else { "over-limit" });
                    let over = over.is_some();
                    view! {
                        <RadioCell name="pay-method" id=format!("pay-{}", m.as_str())
                            checked=Signal::derive(move || method.get() == Some(m)) disabled=Signal::derive(move || over)
                            on_select=move |_| method.set(Some(m))>
                            <span class="cell-title">{move || pick(lang.get(), &name)}</span>
                            <span class="cell-note" data-testid="limit" data-state=state>{note}</span>
                        </RadioCell>
                    }
                }).collect_view()}
            </fieldset>
            {no_credit.then(|| view! { <p class="hint">{tr("本地区不支持使用信用卡缴纳社保医保费用。", "Credit cards cannot be used for insurance contributions in this region.")}</p> })}
            {none_usable.then(|| view! { <div class="problem" role="alert" data-state="none-usable"><p>{tr(
                "本次金额超过所有支付方式的单笔限额。请返回选择较低的档次或较短的缴费周期，分多次缴纳。",
                "The amount is over every method's single-payment limit. Go back and choose a lower tier or a shorter cycle, and pay in parts.")}</p></div> })}
            <div class="actions">
                <button type="submit" class="button button-primary">{tr("下一步：核对信息", "Next: check your answers")}</button>
                <a class="button button-secondary" href=Step::Tier.path()>{tr("返回修改档次", "Back to the tier")}</a>
            </div>
        </form>
    }
}
