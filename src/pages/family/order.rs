//! 家庭缴费: where each family member stands for one product and year in the payer's city
//! (paid, being paid, due, the window closed), and one order for several of them at one tier.
//! On the family's verification; paying builds a pay token on it (nothing is asked again).

use super::{family_token, family_call, relationship_name};
use crate::api::{payment_call, ApiClient, ApiError, ApiFuture, FamilyQuote, FamilyQuoteRequest, FamilyStatus, MemberOrderState, MemberStatus, OrderRef, Product, ProductCode, StartVerification};
use crate::components::cells::RadioCell;
use crate::components::form::{problem_for, ErrorSummary, FieldProblem};
use crate::components::layout::ScreenTitle;
use crate::components::remote::{Load, Remote};
use crate::domain::family_order::FamilyOrderFlow;
use crate::domain::money::format_yuan;
use crate::i18n::{pick, tr, window_status, Lang};
use crate::router::{navigate_to, query_param};
use crate::state::{navigator, use_app, Flow};
use leptos::prelude::*;
use std::sync::Arc;

pub const FAMILY_ORDER_PATH: &str = "/family/order";
pub const FAMILY_PAY_PATH: &str = "/family/order/pay";

/// The family order kept in the flow (a fresh one where there is none or it cannot be read).
pub fn family_order(flow: RwSignal<Flow>) -> FamilyOrderFlow {
    flow.with_untracked(|f| f.family_order.as_deref().and_then(|json| serde_json::from_str(json).ok())).unwrap_or_default()
}

/// Changes the family order kept in the flow (and so in the session's stored state).
pub fn update_family_order<R>(flow: RwSignal<Flow>, change: impl FnOnce(&mut FamilyOrderFlow) -> R) -> R {
    let mut order = family_order(flow);
    let result = change(&mut order);
    let json = serde_json::to_string(&order).ok();
    flow.update(|f| f.family_order = json);
    result
}

/// A pay token for `order` built on the family's (record) verification: it covers paying, so
/// nothing is asked again.
pub fn pay_token(api: &Arc<dyn ApiClient>, record_token: &str, order: &OrderRef) -> ApiFuture<String> {
    let request = StartVerification { prior_token: Some(record_token.to_string()), ..StartVerification::to_pay(order.clone(), String::new(), String::new(), String::new()) };
    let started = payment_call(api, move |pay| pay.start_verification(request));
    Box::pin(async move { started.await?.verified.and_then(|v| v.token).ok_or(ApiError::SessionExpired) })
}

#[component]
pub fn FamilyOrderScreen() -> impl IntoView {
    let app = use_app();
    let Some(token) = family_token(&app) else {
        return ().into_any();
    };
    let (city, place) = app.flow.with_untracked(|f| f.record.as_ref().map(|r| (r.city.clone(), r.place.clone().unwrap_or_default()))).unwrap_or_default();
    let lang = app.lang;
    let api = app.api.clone();
    let code = city.clone();
    let products = Remote::once(move || api.products(&code));
    view! {
        <ScreenTitle zh="家庭缴费" en="Pay for my family" />
        <p class="lead">{move || match lang.get() {
            Lang::Zh => format!("查看家人在{}的缴费情况，勾选要缴费的家人，一次下单，每人各得一张缴费凭证。", place.get(Lang::Zh)),
            Lang::En => format!("See where your relatives stand in {}, tick those to pay for, and pay in one order: each gets a receipt of their own.", place.get(Lang::En)),
        }}</p>
        {products.view(move |list| view! { <OrderChooser products=list city=city.clone() token=token.clone() /> })}
        <p><a class="link-target" href=super::FAMILY_PATH>{tr("返回亲情账户", "Back to my family")}</a></p>
    }
    .into_any()
}

/// The product and year first chosen: from the address (`?product=&year=`), else residents'
/// medical insurance (or the first product) in its first year that takes payments.
fn first_choice(products: &[Product]) -> (Option<ProductCode>, Option<u16>) {
    let asked = query_param("product").and_then(|code| products.iter().find(|p| p.code.as_str() == code));
    let product = asked.or_else(|| products.iter().find(|p| p.code == ProductCode::ResidentMedical)).or(products.first());
    let year = query_param("year").and_then(|y| y.parse().ok()).filter(|y| product.is_some_and(|p| p.years.iter().any(|c| c.year == *y)));
    let year = year.or_else(|| product.and_then(|p| p.years.iter().find(|y| y.status.accepts_payment()).or(p.years.first()).map(|y| y.year)));
    (product.map(|p| p.code), year)
}

#[component]
fn OrderChooser(products: Vec<Product>, city: String, token: String) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let (first_product, first_year) = first_choice(&products);
    let product = RwSignal::new(first_product);
    let year = RwSignal::new(first_year);
    let list = StoredValue::new(products);
    let years = move || list.with_value(|all| all.iter().find(|p| Some(p.code) == product.get()).map(|p| p.years.clone()).unwrap_or_default());
    let api = app.api.clone();
    let order = Memo::new(move |_| Some(OrderRef { city: city.clone(), product: product.get()?, year: year.get()? }));
    let t = token.clone();
    let status = Remote::new(move || {
        let (t, order) = (t.clone(), order.get()?);
        Some(family_call(&api, move |f| f.family_status(&t, &order)))
    });
    view! {
        <fieldset class="cells">
            <legend>{tr("险种", "Insurance")}</legend>
            {list.get_value().into_iter().map(|p| {
                let code = p.code;
                view! {
                    <RadioCell name="product" id=format!("product-{}", code.as_str()) checked=Signal::derive(move || product.get() == Some(code))
                        on_select=move |_| {
                            product.set(Some(code));
                            let open = list.with_value(|all| all.iter().find(|p| p.code == code).and_then(|p| p.years.iter().find(|y| y.status.accepts_payment()).or(p.years.first()).map(|y| y.year)));
                            year.set(open);
                        }>
                        {move || p.name.get(lang.get())}
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
        <fieldset class="cells">
            <legend>{tr("缴费年度", "Year")}</legend>
            {move || years().into_iter().map(|y| {
                let (number, window) = (y.year, window_status(y.status));
                view! {
                    <RadioCell name="year" id=format!("year-{number}") checked=Signal::derive(move || year.get() == Some(number)) on_select=move |_| year.set(Some(number))>
                        {number}"（"{move || pick(lang.get(), &window)}"）"
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
        {move || match status.state.get() {
            Load::Ready(Err(error)) => view! { <crate::pages::record::RecordProblem error retry=Callback::new(move |_| status.refetch()) /> }.into_any(),
            Load::Ready(Ok(found)) => view! { <MembersStatus status=found token=token.clone() refetch=Callback::new(move |_| status.refetch()) /> }.into_any(),
            _ => status.view(|_| ()).into_any(),
        }}
    }
}

/// Where one member stands, in words.
fn state_text(lang: Lang, state: MemberOrderState) -> &'static str {
    match state {
        MemberOrderState::Paid => lang.pick("已缴费", "Paid"),
        MemberOrderState::InProgress => lang.pick("有一笔付款正在处理，请稍后查看结果", "A payment is being processed: look again shortly"),
        MemberOrderState::Due => lang.pick("待缴费", "To pay"),
        MemberOrderState::WindowClosed => lang.pick("未缴费，该年度缴费期已截止", "Not paid, and this year's collection has closed"),
        MemberOrderState::ConsentRequired => lang.pick("授权未生效，不能为其缴费或查看其情况", "Their consent is not in force: you cannot pay for them or see how they stand"),
    }
}

#[component]
fn MembersStatus(status: FamilyStatus, token: String, refetch: Callback<()>) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    // What was chosen before (then a verification again, or a reload) is chosen still.
    let kept = family_order(app.flow);
    let due_now = |id: &String| status.members.iter().any(|m| &m.member_id == id && m.state == MemberOrderState::Due);
    let chosen = RwSignal::new(kept.members.iter().filter(|id| due_now(id)).cloned().collect::<Vec<_>>());
    // The tier chosen before, or the only one there is (a city with one standard, seed 003).
    let only = status.tiers.as_ref().and_then(|t| match t.as_slice() { [only] => Some(only.code.clone()), _ => None });
    let tier = RwSignal::new(kept.tier.clone().filter(|t| status.tiers.iter().flatten().any(|x| &x.code == t)).or(only));
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let order = status.order.clone();
    let due: Vec<&MemberStatus> = status.members.iter().filter(|m| m.state == MemberOrderState::Due).collect();
    let in_family: Vec<String> = status.members.iter().map(|m| m.member_id.clone()).collect();
    let together = status.tiers.clone().filter(|_| !due.is_empty());
    let under_way = (kept.started() && !kept.done()).then_some(kept);
    let locked = under_way.is_some();
    let api = app.api.clone();
    let (t, o) = (token.clone(), order.clone());
    let start = Action::new_local(move |request: &FamilyQuoteRequest| {
        let request = request.clone();
        let (api, t, o) = (api.clone(), t.clone(), o.clone());
        async move {
            let token = pay_token(&api, &t, &o).await?;
            family_call(&api, move |f| f.family_quote(&token, request)).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(quote)) = start.value().get() {
            let quote: FamilyQuote = quote;
            // The quote for the choice kept (a quote for an older choice is not used).
            let members: Vec<String> = quote.blocks.iter().map(|b| b.member_id.clone()).collect();
            let taken = update_family_order(app.flow, |f| {
                let same = f.members == members && !f.started();
                if same {
                    f.quote = Some(quote);
                }
                same
            });
            if taken {
                navigate_to(FAMILY_PAY_PATH, false);
            }
        }
    });
    let last_request = StoredValue::new(None::<FamilyQuoteRequest>);
    let send_again = Callback::new(move |_| {
        if let Some(request) = last_request.get_value() {
            start.dispatch(request);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut found = Vec::new();
        if chosen.with_untracked(Vec::is_empty) {
            found.push(FieldProblem { field: "members", message: ("请勾选至少一位要缴费的家人".into(), "Tick at least one relative to pay for".into()) });
        }
        if tier.with_untracked(Option::is_none) {
            found.push(FieldProblem { field: "tier", message: ("请选择缴费档次".into(), "Choose a tier".into()) });
        }
        problems.set(found);
        if problems.with_untracked(Vec::is_empty) && !start.pending().get_untracked() {
            // In the family's order, whatever order they were ticked in.
            let ticked = chosen.get_untracked();
            let members: Vec<String> = in_family.iter().filter(|id| ticked.contains(id)).cloned().collect();
            let tier = tier.get_untracked().unwrap_or_default();
            // Kept in the flow, so a verification again or a reload keeps the choice.
            if update_family_order(app.flow, |f| f.choose(tier.clone(), members.clone())) {
                let request = FamilyQuoteRequest { order: order.clone(), tier, members };
                last_request.set_value(Some(request.clone()));
                start.dispatch(request);
            }
        }
    };
    let members = status.members.clone();
    let pays_alone = status.tiers.is_none();
    let state = match (status.members.is_empty(), together.is_some(), pays_alone && !due.is_empty()) {
        (true, ..) => "status-empty",
        (_, true, _) => "status-due",
        (_, _, true) => "status-alone",
        _ => "status",
    };
    let order_alone = status.order.clone();
    view! {
        <div data-state=state data-testid="family-status">
            {under_way.map(|kept| {
                let paid = format_yuan(kept.paid());
                view! {
                    <div class="notice" role="status" data-state="order-under-way">
                        <p>{move || match lang.get() {
                            Lang::Zh => format!("您有一笔家庭缴费还没有付完（已付 {paid}）。请先完成它。"),
                            Lang::En => format!("A family order is not fully paid yet ({paid} paid so far). Finish it first."),
                        }}</p>
                        <a class="button button-primary" href=FAMILY_PAY_PATH data-testid="resume-order">{tr("继续支付", "Carry on paying")}</a>
                    </div>
                }
            })}
            {status.members.is_empty().then(|| view! {
                <p>{tr("还没有家庭成员。添加后即可为他们缴费。", "No relatives yet. Add them to pay for them.")}</p>
                <p><a class="button button-primary" href="/family/add">{tr("添加家庭成员", "Add a relative")}</a></p>
            })}
            <ErrorSummary problems />
            <form on:submit=submit novalidate>
                <fieldset class="cells" id="members" tabindex="-1" aria-describedby="members-error">
                    <legend>{tr("家庭成员", "Relatives")}</legend>
                    {move || problem_for(problems, "members").get().map(|m| view! { <p class="field-error" id="members-error">{pick(lang.get(), &m)}</p> })}
                    <ul class="member-list">
                        {members.into_iter().map(|member| view! { <MemberRow member chosen pick=!pays_alone order=order_alone.clone() /> }).collect_view()}
                    </ul>
                </fieldset>
                {together.map(|tiers| view! {
                    <fieldset class="cells" id="tier" tabindex="-1">
                        <legend>{tr("缴费档次（所选家人相同）", "Tier (the same for everyone chosen)")}</legend>
                        {move || problem_for(problems, "tier").get().map(|m| view! { <p class="field-error">{pick(lang.get(), &m)}</p> })}
                        {tiers.into_iter().map(|t| {
                            let (code, name) = (t.code.clone(), t.name.clone());
                            let (personal, subsidy) = (format_yuan(t.personal_amount), format_yuan(t.subsidy));
                            let c = code.clone();
                            view! {
                                <RadioCell name="tier" id=format!("tier-{code}") checked=Signal::derive(move || tier.get().as_deref() == Some(c.as_str())) on_select=move |_| tier.set(Some(code.clone()))>
                                    {move || match lang.get() {
                                        Lang::Zh => format!("{}：每人个人缴费 {personal}（政府补助 {subsidy}）", name.get(Lang::Zh)),
                                        Lang::En => format!("{}: {personal} each (the state adds {subsidy})", name.get(Lang::En)),
                                    }}
                                </RadioCell>
                            }
                        }).collect_view()}
                    </fieldset>
                    {move || start.value().get().and_then(Result::err).map(|error| view! { <OrderProblem error retry=send_again refresh=refetch /> })}
                    <div class="actions" hidden=locked>
                        <button type="submit" class="button button-primary" data-testid="start-order" disabled=move || locked || start.pending().get()>
                            {move || match (lang.get(), chosen.with(Vec::len)) {
                                (Lang::Zh, 0) => "下一步：核对金额".to_string(),
                                (Lang::Zh, n) => format!("为所选 {n} 位家人缴费"),
                                (Lang::En, 0) => "Next: check the amounts".to_string(),
                                (Lang::En, n) => format!("Pay for the {n} chosen"),
                            }}
                        </button>
                    </div>
                })}
            </form>
        </div>
    }
}

#[component]
fn MemberRow(member: MemberStatus, chosen: RwSignal<Vec<String>>, pick: bool, order: OrderRef) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let relationship = relationship_name(member.relationship);
    let id = member.member_id.clone();
    let state = member.state;
    let toggle_id = id.clone();
    let is_chosen = {
        let id = id.clone();
        move || chosen.with(|c| c.contains(&id))
    };
    let receipt = member.receipt_serial.clone().map(|serial| format!("/receipt?serial={serial}"));
    let navigate = navigator();
    let alone = (state == MemberOrderState::Due && !pick).then(|| {
        let (order, id) = (order.clone(), id.clone());
        view! {
            <button type="button" class="button button-secondary" data-testid="pay-alone" on:click=move |_| {
                let (province, place) = app.flow.with_untracked(|f| f.record.as_ref().map(|r| (r.province.clone(), r.place.clone())).unwrap_or_default());
                let next = app.flow.try_update(|f| f.pay_for(province, place, order.clone(), Some(id.clone())));
                if let Some(next) = next { navigate(next, false); }
            }>{tr("为其缴费", "Pay for them")}</button>
        }
    });
    view! {
        <li class="card member" data-member=id.clone() data-order-state=format!("{state:?}")>
            <h2 class="member-name">{member.name.clone()}" · "{move || crate::i18n::pick(lang.get(), &relationship)}</h2>
            <p class:hint=state != MemberOrderState::ConsentRequired class:field-error=state == MemberOrderState::ConsentRequired data-testid="member-order-state">{move || state_text(lang.get(), state)}</p>
            {receipt.map(|href| view! { <p><a class="link-target" href=href data-testid="member-receipt">{tr("查看缴费凭证", "See the receipt")}</a></p> })}
            {(state == MemberOrderState::Due && pick).then(|| {
                let input_id = format!("pick-{toggle_id}");
                let label_for = input_id.clone();
                let toggle = toggle_id.clone();
                view! {
                    <label class="cell" for=label_for>
                        <input type="checkbox" id=input_id data-testid="pick-member" prop:checked=is_chosen
                            on:change=move |_| chosen.update(|c| if let Some(i) = c.iter().position(|x| *x == toggle) { c.remove(i); } else { c.push(toggle.clone()); }) />
                        <span class="cell-body">{tr("为其缴费", "Pay for them")}</span>
                    </label>
                }
            })}
            {alone}
        </li>
    }
}

/// The way on after a member turned out paid or being paid: the overview asked again (`refresh`,
/// on the overview itself), or the way back to it.
fn see_the_list(refresh: Option<Callback<()>>) -> AnyView {
    match refresh {
        Some(refresh) => view! { <button type="button" class="button button-secondary" on:click=move |_| refresh.run(())>{tr("刷新家人的缴费情况", "See where they stand now")}</button> }.into_any(),
        None => view! { <a class="button button-secondary" href=FAMILY_ORDER_PATH>{tr("返回家庭缴费", "Back to the family order")}</a> }.into_any(),
    }
}

/// A refusal of the family order, with what to do next.
#[component]
pub fn OrderProblem(error: ApiError, #[prop(into)] retry: Callback<()>, #[prop(optional)] refresh: Option<Callback<()>>) -> impl IntoView {
    match error {
        ApiError::AlreadyPaid => view! {
            <div class="problem" role="alert" data-state="problem-AlreadyPaid" data-problem="AlreadyPaid">
                <p>{tr("其中有家人已经缴过费（可能是本人或其他亲属缴的），不会重复收费。家庭缴费列表会显示其缴费凭证。",
                    "One of them is paid already (by themselves or another relative): nobody is charged twice. The family order's list shows it, with the receipt.")}</p>
                {see_the_list(refresh)}
            </div>
        }.into_any(),
        ApiError::PaymentInProgress => view! {
            <div class="problem" role="alert" data-state="problem-PaymentInProgress" data-problem="PaymentInProgress">
                <p>{tr("其中有家人的一笔付款正在处理中。请稍后查看结果，不要重复付款。", "A payment for one of them is being processed. Look again shortly rather than paying again.")}</p>
                {see_the_list(refresh)}
            </div>
        }.into_any(),
        error => view! { <crate::pages::record::RecordProblem error retry /> }.into_any(),
    }
}
