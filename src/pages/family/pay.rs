//! Checking and paying a family order: a block for each insured person, the total, the way to
//! pay, and (over the method's single-payment limit) the parts it is paid in. Each part is its
//! own payment with its own Idempotency-Key; the screen shows which have gone through, and a
//! reload asks about a part sent without an answer instead of paying it again.

use super::{family_token, family_call};
use super::order::{family_order, pay_token, update_family_order, OrderProblem, FAMILY_ORDER_PATH};
use crate::api::{ApiError, CreateFamilyPayment, FamilyPayment, FamilyQuote, MemberBlock, NextAction, PaymentMethod, PaymentMethodOffer, PaymentStatus};
use crate::components::qr::QrImage;
use crate::domain::payment_attempt::Confirming;
use crate::pages::pay::handoff::{open_cashier, open_wechat_sheet, return_address, this_client, SheetClosed};
use crate::router::query_param;
use crate::components::breakdown::AmountBreakdown;
use crate::components::cells::RadioCell;
use crate::components::layout::{ScreenTitle, SummaryRow};
use crate::domain::family_order::{plan, FamilyOrderFlow, PartAttempt, PartNext, Unpayable};
use crate::domain::money::format_yuan;
use crate::i18n::{left_today_text, payment_method_name, pick, product_fallback_name, tr, Lang};
use crate::platform::sleep_ms;
use crate::router::navigate_to;
use crate::state::{new_attempt_key, use_app, Flow};
use leptos::prelude::*;

const POLL_EVERY_MS: u32 = 1000;

/// Changes the family order in the flow (so it survives a reload) and as the screen shows it.
fn change_order<R>(flow: RwSignal<Flow>, shown: RwSignal<FamilyOrderFlow>, change: impl FnOnce(&mut FamilyOrderFlow) -> R) -> R {
    let result = update_family_order(flow, change);
    shown.try_set(family_order(flow));
    result
}

/// The members' masked names, joined.
fn names(quote: &FamilyQuote, members: &[String]) -> String {
    members.iter().filter_map(|id| quote.blocks.iter().find(|b| &b.member_id == id)).map(|b| b.name.as_str()).collect::<Vec<_>>().join("、")
}

#[component]
pub fn FamilyPayScreen() -> impl IntoView {
    let app = use_app();
    let Some(record_token) = family_token(&app) else {
        return ().into_any();
    };
    let flow = app.flow;
    let kept = family_order(flow);
    let Some(quote) = kept.quote.clone() else {
        request_animation_frame(|| navigate_to(FAMILY_ORDER_PATH, true));
        return ().into_any();
    };
    let lang = app.lang;
    let order = RwSignal::new(kept);
    let poll_problem = RwSignal::new(None::<ApiError>);
    // Back from the provider's page saying the payer left it, or WeChat's sheet closed unpaid.
    let left = RwSignal::new(query_param("left").is_some());
    let refused = RwSignal::new(false);
    let backend = app.api.describe();
    let api = app.api.clone();
    let q = quote.clone();
    // Sends (or asks about) each part in turn until all have gone through or one stops.
    let run = Action::new_local(move |_: &()| {
        let (api, quote, record_token, backend) = (api.clone(), q.clone(), record_token.clone(), backend.clone());
        async move {
            let token = pay_token(&api, &record_token, &quote.order).await?;
            // Until every part has gone through, or the screen is left.
            while let Some(current) = order.try_get_untracked() {
                let Some(index) = current.current() else { return Ok(()) };
                let part = current.parts[index].clone();
                let method = current.method.unwrap_or(PaymentMethod::Wallet);
                let polling = part.processing();
                let answer = match part.payment.as_ref().filter(|_| polling) {
                    Some(payment) => {
                        let (t, id) = (token.clone(), payment.payment_id.clone());
                        family_call(&api, move |f| f.family_payment(&t, &id)).await
                    }
                    None => {
                        let key = change_order(flow, order, |f| f.press_pay(index, new_attempt_key)).unwrap_or_default();
                        let request = CreateFamilyPayment { quote_id: quote.quote_id.clone(), method, members: part.members.clone(), client: Some(this_client()), return_url: Some(return_address(&format!("{FAMILY_ORDER_PATH}/pay"))) };
                        let t = token.clone();
                        family_call(&api, move |f| f.create_family_payment(&t, request, &key)).await
                    }
                };
                // A status asked about without an answer is not a result: keep asking.
                if polling && answer.as_ref().is_err_and(ApiError::outcome_unknown) {
                    poll_problem.try_set(answer.err());
                    sleep_ms(POLL_EVERY_MS).await;
                    continue;
                }
                poll_problem.try_set(None);
                match change_order(flow, order, |f| f.part_answered(index, &answer)) {
                    PartNext::Done => return Ok(()),
                    PartNext::Next => {}
                    PartNext::Wait if answer.is_ok() => {
                        if let Ok(payment) = &answer {
                            if !to_wallet(index, payment, &backend, flow, order, left, refused).await {
                                return Ok(());
                            }
                        }
                        sleep_ms(POLL_EVERY_MS).await
                    }
                    // No answer to sending it: the key is kept; pressing again (or a reload) asks with it.
                    PartNext::Wait | PartNext::Stop => return answer.map(|_| ()),
                }
            }
            Ok(())
        }
    });
    let pay = Callback::new(move |_| {
        if !run.pending().get_untracked() {
            // A part left unpaid in the wallet: pressing pay hands it off again (the same payment).
            left.set(false);
            change_order(flow, order, |o| {
                if let Some(part) = o.current().and_then(|i| o.parts.get_mut(i)).filter(|p| p.processing() && !p.attempt.awaiting_answer) {
                    part.attempt.to_wallet_again();
                }
            });
            refused.set(false);
            run.dispatch(());
        }
    });
    // Sent before without an answer, or still processing (a reload, a lost answer): ask again.
    let resuming = order.with_untracked(|o| o.parts.iter().any(|p| p.attempt.awaiting_answer || p.processing()));
    if resuming {
        run.dispatch(());
    }
    let place = app.flow.with_untracked(|f| f.record.as_ref().and_then(|r| r.place.clone())).unwrap_or_default();
    let product = product_fallback_name(quote.order.product);
    let year = quote.order.year;
    let (label, period) = (quote.tier_label.clone(), quote.period.clone());
    let total = format_yuan(quote.total);
    let count = quote.blocks.len();
    let state = move || {
        let o = order.get();
        if o.done() { "order-paid" } else if o.started() { "order-parts" } else { "order-review" }
    };
    let blocks = quote.blocks.clone();
    let offers = quote.methods.clone();
    let q = quote.clone();
    let choose = Callback::new(move |next: FamilyOrderFlow| change_order(flow, order, |o| *o = next));
    view! {
        <ScreenTitle zh="核对家庭缴费" en="Check the family order" />
        <div data-state=state data-testid="family-pay">
            <dl class="summary card">
                <SummaryRow label=("参保地", "Region") value=Signal::derive(move || place.get(lang.get())) />
                <SummaryRow label=("险种", "Insurance") value=Signal::derive(move || pick(lang.get(), &product)) />
                <SummaryRow label=("缴费年度", "Year") value=year.to_string() />
                <SummaryRow label=("缴费档次", "Tier") value=Signal::derive(move || label.get(lang.get())) />
                <SummaryRow label=("缴费期间", "Period") value=Signal::derive(move || period.get(lang.get())) />
            </dl>
            {blocks.into_iter().map(|block| view! { <MemberBlockView block /> }).collect_view()}
            <p class="order-total card" data-testid="order-total">
                {move || match lang.get() {
                    Lang::Zh => format!("合计（{count} 人）：{total}"),
                    Lang::En => format!("Total for {count}: {total}"),
                }}
            </p>
            {move || (!order.with(FamilyOrderFlow::started)).then(|| view! { <MethodChoice quote=q.clone() offers=offers.clone() order save_order=choose /> })}
            <Parts quote=quote.clone() order />
            {move || left.get().then(|| {
                let (part, parts, paid) = order.with(|o| (o.current().map_or(0, |i| i + 1), o.parts.len(), o.parts.iter().filter(|p| p.succeeded()).count()));
                view! {
                    <div class="notice" role="status" data-state="back-unpaid">
                        <p>{move || match lang.get() {
                            Lang::Zh if parts == 1 => "您还没有在钱包中确认这笔付款，没有扣款。".to_string(),
                            Lang::Zh if paid > 0 => format!("您还没有在钱包中确认第 {part} 笔付款，这一笔没有扣款；已支付的 {paid} 笔不受影响。"),
                            Lang::Zh => format!("您还没有在钱包中确认第 {part} 笔付款，没有扣款。"),
                            Lang::En if parts == 1 => "You have not confirmed this payment in your wallet: no money has been taken.".to_string(),
                            Lang::En if paid > 0 => format!("You have not confirmed part {part} in your wallet: no money has been taken for it. The parts already paid ({paid}) stay paid."),
                            Lang::En => format!("You have not confirmed part {part} in your wallet: no money has been taken."),
                        }}</p>
                        <p>{tr("再次点击支付会继续同一笔付款，不会重复扣款。", "Pressing pay again continues the same payment; you will not be charged twice.")}</p>
                    </div>
                }
            })}
            {move || refused.get().then(|| view! {
                <div class="problem" role="alert" data-problem="HandoffRefused">
                    <p>{tr("后台给出的支付页面地址未通过安全检查，因此没有打开，也没有扣款。请稍后再试，或拨打 12333 咨询。", "The payment page address the backend gave did not pass the safety check, so it was not opened and no money was taken. Try again later, or call 12333.")}</p>
                </div>
            })}
            // The last run's problem, until pay is pressed again.
            {move || run.value().get().filter(|_| !run.pending().get()).and_then(Result::err).or(poll_problem.get()).map(|error| view! { <PartProblem error retry=pay /> })}
            <PayButton quote=quote.clone() order pending=run.pending() on_pay=pay />
            {move || (!order.with(FamilyOrderFlow::done)).then(|| view! {
                <p><a class="link-target" href=FAMILY_ORDER_PATH data-testid="back-to-order">{tr("返回家庭缴费", "Back to the family order")}</a></p>
            })}
        </div>
    }
    .into_any()
}

/// A part that waits for the payer's wallet: hands it to the provider once per press (its page,
/// which this screen leaves for; or WeChat's sheet, waited for here), and takes the payer back
/// to the pay button when they left it unpaid. Whether to keep asking the backend.
async fn to_wallet(index: usize, payment: &FamilyPayment, backend: &str, flow: RwSignal<Flow>, order: RwSignal<FamilyOrderFlow>, left: RwSignal<bool>, refused: RwSignal<bool>) -> bool {
    if payment.status != PaymentStatus::RequiresAction {
        return true;
    }
    let confirming = order.with_untracked(|o| o.parts.get(index).map(|p| p.attempt.confirming(payment.status, &payment.next_action)));
    if confirming == Some(Confirming::HandOff) {
        change_order(flow, order, |o| o.parts.get_mut(index).map(|p| p.attempt.hand_off()));
        match payment.next_action.clone() {
            NextAction::Redirect { url } => {
                if open_cashier(url, backend.to_string()).await.is_err() {
                    refused.try_set(true);
                }
                return false;
            }
            NextAction::WechatJsapi { wechat_jsapi } => {
                let said = RwSignal::new(None::<SheetClosed>);
                open_wechat_sheet(&wechat_jsapi, move |closed| {
                    said.try_set(Some(closed));
                });
                while said.try_get_untracked().is_some_and(|s| s.is_none()) {
                    sleep_ms(200).await;
                }
                if matches!(said.try_get_untracked().flatten(), Some(SheetClosed::Left(_))) {
                    left.try_set(true);
                }
                // Whatever the sheet said, the backend's answer decides: ask it.
                return true;
            }
            _ => {}
        }
    }
    // Left unpaid: the notice says so until pay is pressed again.
    if left.try_get_untracked().unwrap_or(false) {
        change_order(flow, order, |o| o.parts.get_mut(index).map(|p| p.attempt.back_unpaid()));
        return false;
    }
    true
}

#[component]
fn MemberBlockView(block: MemberBlock) -> impl IntoView {
    let lang = use_app().lang;
    let caption = (format!("{} 的金额明细", block.name), format!("{}'s amount", block.name));
    view! {
        <section class="card member-block" data-member=block.member_id.clone() data-testid="member-block">
            <h2>{block.name.clone()}" · "{block.masked_id.clone()}</h2>
            <AmountBreakdown breakdown=block.breakdown caption=Signal::derive(move || pick(lang.get(), &caption)) />
        </section>
    }
}

/// Why a method cannot pay this order, in words.
fn unpayable_text(lang: Lang, quote: &FamilyQuote, offer: &PaymentMethodOffer, why: &Unpayable) -> String {
    match (why, lang) {
        (Unpayable::MemberOverLimit { index }, Lang::Zh) => format!("{} 的金额超过单笔限额 {}，请换一种支付方式", quote.blocks[*index].name, format_yuan(offer.single_limit)),
        (Unpayable::MemberOverLimit { index }, Lang::En) => format!("{}'s amount is over the single-payment limit of {}: choose another way to pay", quote.blocks[*index].name, format_yuan(offer.single_limit)),
        (Unpayable::OverBalance { balance }, Lang::Zh) => format!("账户余额 {} 不足以支付合计金额", format_yuan(*balance)),
        (Unpayable::OverBalance { balance }, Lang::En) => format!("The account holds {}, less than the total", format_yuan(*balance)),
        (Unpayable::OverToday { left }, Lang::Zh) => format!("今日还可支付 {}，不足以支付合计金额，请换一种支付方式或明天再付", format_yuan(*left)),
        (Unpayable::OverToday { left }, Lang::En) => format!("Only {} is left of today's limit, less than the total: choose another way to pay, or pay tomorrow", format_yuan(*left)),
    }
}

#[component]
fn MethodChoice(quote: FamilyQuote, offers: Vec<PaymentMethodOffer>, order: RwSignal<FamilyOrderFlow>, save_order: Callback<FamilyOrderFlow>) -> impl IntoView {
    let lang = use_app().lang;
    let quote = StoredValue::new(quote);
    view! {
        <fieldset class="cells" id="method">
            <legend>{tr("支付方式", "Payment method")}</legend>
            {offers.into_iter().map(|offer| {
                let method = offer.method;
                let name = payment_method_name(method);
                let why = quote.with_value(|q| plan(q, &offer).err());
                let reason = why.clone().map(|why| {
                    let offer = offer.clone();
                    move || quote.with_value(|q| unpayable_text(lang.get(), q, &offer, &why))
                });
                let limit = (!offer.single_limit.is_zero()).then(|| format_yuan(offer.single_limit));
                let balance = offer.balance.map(format_yuan);
                let today = offer.daily_limit.is_some().then(|| offer.clone());
                let chosen = offer.clone();
                view! {
                    <RadioCell name="method" id=format!("method-{}", method.as_str()) checked=Signal::derive(move || order.with(|o| o.method == Some(method)))
                        disabled=Signal::derive({ let blocked = why.is_some(); move || blocked })
                        on_select=move |_| {
                            let mut next = order.get_untracked();
                            if next.choose_method(&chosen, new_attempt_key).is_ok() {
                                save_order.run(next);
                            }
                        }>
                        <span class="cell-title">{move || pick(lang.get(), &name)}</span>
                        {limit.clone().map(|l| view! { <span class="hint">{move || match lang.get() { Lang::Zh => format!("单笔限额 {l}"), Lang::En => format!("Up to {l} a payment") }}</span> })}
                        {today.clone().map(|offer| view! { <span class="hint" data-testid="left-today">{move || left_today_text(lang.get(), &offer)}</span> })}
                        {balance.clone().map(|b| view! { <span class="hint" data-testid="account-balance">{move || match lang.get() { Lang::Zh => format!("医保个人账户余额 {b}"), Lang::En => format!("Medical account balance {b}") }}</span> })}
                        {reason.map(|r| view! { <span class="field-error">{r}</span> })}
                    </RadioCell>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The parts the order is paid in (when more than one, or once paying has started), each with
/// where it stands.
#[component]
fn Parts(quote: FamilyQuote, order: RwSignal<FamilyOrderFlow>) -> impl IntoView {
    let lang = use_app().lang;
    let quote = StoredValue::new(quote);
    move || {
        let o = order.get();
        if o.parts.len() < 2 && !o.started() {
            return ().into_any();
        }
        let limit = quote.with_value(|q| q.methods.iter().find(|m| Some(m.method) == o.method).map(|m| format_yuan(m.single_limit))).unwrap_or_default();
        let n = o.parts.len();
        let done = o.done();
        view! {
            <section class="card parts" data-testid="parts">
                <h2>{move || match (lang.get(), n) {
                    (Lang::Zh, 1) => "付款进度".to_string(),
                    (Lang::En, 1) => "Where the payment stands".to_string(),
                    (Lang::Zh, n) => format!("超过单笔限额 {limit}，分 {n} 笔支付"),
                    (Lang::En, n) => format!("Over the limit of {limit} a payment: paid in {n} parts"),
                }}</h2>
                <ol>
                    {o.parts.into_iter().enumerate().map(|(i, part)| view! { <PartRow index=i part quote order_done=done /> }).collect_view()}
                </ol>
            </section>
        }
        .into_any()
    }
}

#[component]
fn PartRow(index: usize, part: PartAttempt, quote: StoredValue<FamilyQuote>, order_done: bool) -> impl IntoView {
    let lang = use_app().lang;
    let who = quote.with_value(|q| names(q, &part.members));
    let amount = format_yuan(part.amount);
    let status = part.payment.as_ref().map(|p| p.status);
    let reason = part.payment.as_ref().and_then(|p| p.failure_reason.clone());
    let code = part.payment.as_ref().filter(|p| p.status == PaymentStatus::RequiresAction).and_then(|p| match &p.next_action {
        NextAction::Qr { code } => Some(code.clone()),
        _ => None,
    });
    let waiting_for_wallet = status == Some(PaymentStatus::RequiresAction);
    // A part paid while the rest is not: its receipts now (the whole order's come when it is done).
    let receipts: Vec<(String, String)> = match (&part.payment, order_done) {
        (Some(p), false) if p.status == PaymentStatus::Succeeded => quote.with_value(|q| receipts_of(q, p)),
        _ => Vec::new(),
    };
    let state = match status {
        Some(PaymentStatus::Succeeded) => "part-paid",
        Some(PaymentStatus::RequiresAction) if code.is_some() => "part-scan-code",
        Some(PaymentStatus::Processing | PaymentStatus::RequiresAction) => "part-processing",
        Some(_) => "part-failed",
        None if part.attempt.awaiting_answer => "part-asking",
        None => "part-waiting",
    };
    view! {
        <li data-state=state data-testid="part">
            {move || match lang.get() {
                Lang::Zh => format!("第 {} 笔 {amount}（{who}）：", index + 1),
                Lang::En => format!("Part {} of {amount} ({who}): ", index + 1),
            }}
            <strong>{move || match (state, lang.get()) {
                ("part-paid", l) => l.pick("✓ 已支付", "✓ Paid"),
                ("part-processing", l) if waiting_for_wallet => l.pick("等待您在钱包中确认，尚未扣款", "Waiting for you to confirm in your wallet: nothing taken yet"),
                ("part-processing", l) => l.pick("正在处理…", "Processing…"),
                ("part-scan-code", l) => l.pick("请用手机扫码，并在手机上确认付款", "Scan the code with your phone and confirm there"),
                ("part-failed", l) => l.pick("✗ 未成功，未扣款", "✗ Not paid, no money taken"),
                ("part-asking", l) => l.pick("正在查询结果…", "Asking how it went…"),
                (_, l) => l.pick("待支付", "To pay"),
            }}</strong>
            {reason.map(|r| view! { <span class="hint">{" "}{move || r.get(lang.get())}</span> })}
            {(!receipts.is_empty()).then(|| view! { <ReceiptLinks receipts testid="part-receipt" /> })}
            {code.map(|code| view! {
                <div class="payment-code" data-testid="payment-code">
                    <QrImage text=code label=Signal::derive(move || lang.get().pick("付款二维码", "Code to scan to pay").to_string()) />
                </div>
            })}
        </li>
    }
}

/// A part refused or left without an answer; `retry` presses pay again.
#[component]
fn PartProblem(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let lang = use_app().lang;
    if error.outcome_unknown() {
        let kind = error.kind();
        return view! {
            <div class="problem" role="alert" data-state=format!("problem-{kind}") data-problem=kind>
                <p>{move || pick(lang.get(), &crate::i18n::api_error(&error))}</p>
                <p>{tr("这一笔可能已经付出：再次点击会先查询它的结果，不会重复扣款。", "This part may have gone through: pressing again first asks how it went, and never pays it twice.")}</p>
            </div>
        }
        .into_any();
    }
    view! { <OrderProblem error retry /> }.into_any()
}

#[component]
fn PayButton(quote: FamilyQuote, order: RwSignal<FamilyOrderFlow>, pending: Memo<bool>, on_pay: Callback<()>) -> impl IntoView {
    let lang = use_app().lang;
    let receipts = StoredValue::new(quote.clone());
    move || {
        let o = order.get();
        if o.done() {
            let paid = format_yuan(o.paid());
            let serials: Vec<(String, String)> = o.parts.iter().filter_map(|p| p.payment.as_ref()).flat_map(|p| receipts.with_value(|q| receipts_of(q, p))).collect();
            let n = serials.len();
            return view! {
                <div class="notice notice-success" role="status" data-state="order-done">
                    <p><strong>{move || match lang.get() {
                        Lang::Zh => format!("已为 {n} 位家人缴费，共 {paid}。每人各有一张缴费凭证，凭证上注明由您代缴。"),
                        Lang::En => format!("Paid for {n} relatives, {paid} in all. Each has a receipt of their own, naming you as the payer."),
                    }}</strong></p>
                    <ReceiptLinks receipts=serials testid="order-receipt" />
                    <a class="button button-secondary" href=FAMILY_ORDER_PATH>{tr("返回家庭缴费", "Back to the family order")}</a>
                </div>
            }
            .into_any();
        }
        let left = format_yuan(o.parts.iter().filter(|p| !p.succeeded()).map(|p| p.amount).sum());
        let total = format_yuan(quote.total);
        let parts = o.parts.len();
        let no_method = o.method.is_none();
        let fiscal = o.method == Some(PaymentMethod::FiscalPayOnBehalf);
        let started = o.started();
        view! {
            <p class="hint">{tr("点击支付后请勿关闭页面；如网络中断，重新打开后会先查询已提交的付款，不会重复扣款。",
                "After you press pay, do not close the page. If the network drops, reopening first asks about what was sent; nobody is charged twice.")}</p>
            <div class="actions">
                <button type="button" class="button button-primary" data-testid="pay" disabled=move || pending.get() || no_method
                    aria-busy=move || pending.get().then_some("true") on:click=move |_| on_pay.run(())>
                    {move || match (lang.get(), pending.get(), started, parts, fiscal) {
                        (l, true, ..) => l.pick("正在支付…", "Paying…").to_string(),
                        (l, _, _, _, true) => l.pick("确认参保（财政代缴）", "Confirm (paid by the state)").to_string(),
                        (Lang::Zh, _, true, ..) => format!("继续支付 {left}"),
                        (Lang::En, _, true, ..) => format!("Carry on: pay {left}"),
                        (Lang::Zh, _, _, p, _) if p > 1 => format!("确认支付 {total}（分 {p} 笔）"),
                        (Lang::En, _, _, p, _) if p > 1 => format!("Pay {total} ({p} parts)"),
                        (Lang::Zh, ..) => format!("确认支付 {total}"),
                        (Lang::En, ..) => format!("Pay {total}"),
                    }}
                </button>
            </div>
            {no_method.then(|| view! { <p class="hint" id="method-hint">{tr("请先选择支付方式。", "Choose a payment method first.")}</p> })}
        }
        .into_any()
    }
}

/// A part's receipts: (the member's masked name, the serial).
fn receipts_of(quote: &FamilyQuote, payment: &FamilyPayment) -> Vec<(String, String)> {
    payment.receipts.iter().map(|r| (names(quote, std::slice::from_ref(&r.member_id)), r.serial.clone())).collect()
}

/// A link to each (name, serial) receipt.
#[component]
fn ReceiptLinks(receipts: Vec<(String, String)>, testid: &'static str) -> impl IntoView {
    let lang = use_app().lang;
    view! {
        <ul class="link-list">
            {receipts.into_iter().map(|(name, serial)| view! {
                <li><a class="link-target" href=format!("/receipt?serial={serial}") data-testid=testid>{move || match lang.get() {
                    Lang::Zh => format!("{name} 的缴费凭证"),
                    Lang::En => format!("{name}'s receipt"),
                }}</a></li>
            }).collect_view()}
        </ul>
    }
}
