//! The gallery's entries for paying: every state of the order, tier, method, check, payment,
//! result and receipt screens, and of the time limit on them.

use crate::api::demo::{fixtures, CashierDecision, DemoBackend, Misbehave};
use crate::api::operations::Op;
use crate::api::*;
use crate::preview::catalog::*;
use crate::preview::{token_time, Act, Entry, Prepared, Reached, Setup};
use crate::state::{keep_pending_in_memory, IdentityDraft};
use rust_decimal::Decimal;

/// The gallery's heading for each of these screens (kept here, not in the screen table, so the
/// payer's first download does not carry them).
pub(crate) const TITLES: &[(&str, (&str, &str))] = &[
    ("entry", ("首页：地区、险种和年度", "Start: region, insurance and year")),
    ("face-check", ("人脸识别（演示服务）", "Face check (demo provider)")),
    ("cashier", ("支付页面（演示服务）", "Payment page (demo provider)")),
    ("tier", ("缴费档次", "Tier")),
    ("payment", ("支付方式", "Payment method")),
    ("review", ("核对信息", "Check your answers")),
    ("processing", ("正在支付", "Paying")),
    ("result", ("缴费结果", "Result")),
    ("receipt", ("电子凭证", "Receipt")),
];

/// Paying for an order: which (by default Beijing's residents' medical insurance for 2027), and
/// the tier chosen from `Reached::Quoted` on (by default the middle tier or the first suggested
/// base).
#[derive(Debug, Clone, PartialEq)]
pub struct PaySetup {
    pub order: (&'static str, ProductCode, u16),
    pub choice: Option<TierChoice>,
    /// Where the payer pays from (the backend chooses the wallet's hand-off by it).
    pub client: ClientKind,
    /// How far a payment that waits for the wallet has gone.
    pub wallet: WalletSeen,
    /// The backend names a cashier page on an origin the app does not allow.
    pub foreign_cashier: bool,
    /// How many steps of a verification in order (Guangdong) have passed when it shows.
    pub steps_passed: usize,
}

/// A payment waiting for the payer's wallet, in the gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalletSeen {
    /// Confirmed at the stand-in cashier before the screen shows (the payment then settles).
    Confirmed,
    /// Not yet handed to the wallet.
    Waiting,
    /// Handed off, and back with no word from the provider yet.
    Returned,
    /// Back at the pay button without having paid.
    BackUnpaid,
}

impl Default for PaySetup {
    fn default() -> Self {
        PaySetup { order: (BEIJING, ProductCode::ResidentMedical, 2027), choice: None, client: ClientKind::MobileBrowser, wallet: WalletSeen::Confirmed, foreign_cashier: false, steps_passed: 0 }
    }
}

impl Entry {
    fn pay_setup(&mut self) -> &mut PaySetup {
        match &mut self.setup {
            Setup::Pay(setup) => setup,
            _ => panic!("{}: an order and a tier are for paying", self.id),
        }
    }
    pub(crate) fn order(mut self, city: &'static str, product: ProductCode, year: u16) -> Self {
        self.pay_setup().order = (city, product, year);
        self
    }
    pub(crate) fn choose(mut self, choice: TierChoice) -> Self {
        self.pay_setup().choice = Some(choice);
        self
    }
    /// Paying from `client`, the wallet's hand-off gone as far as `wallet`.
    pub(crate) fn wallet(mut self, client: ClientKind, wallet: WalletSeen) -> Self {
        let setup = self.pay_setup();
        (setup.client, setup.wallet) = (client, wallet);
        self
    }
    /// The first `steps` of a verification in order passed before the screen shows.
    pub(crate) fn steps_passed(mut self, steps: usize) -> Self {
        self.pay_setup().steps_passed = steps;
        self
    }
    pub(crate) fn foreign_cashier(mut self) -> Self {
        self.pay_setup().foreign_cashier = true;
        self
    }
}

/// Each step of paying, in the flow's order.
pub fn entries(all: &mut Vec<Entry>) {
    use Reached::*;
    // Step 1: region, product, year.
    all.push(entry("entry", "/", Start, "entry", "首页", "Start"));
    all.push(entry("entry-loading", "/", Start, "entry/loading", "首页 · 加载中", "Start · loading").script(Op::ListRegions, Misbehave::Hang));
    all.push(entry("entry-invalid", "/", Start, "entry/invalid", "首页 · 未选择", "Start · nothing chosen").acts(&[Act::Click(SUBMIT)]));
    all.push(entry("entry-open", "/", Chosen, "entry/window-Open", "首页 · 已选择，缴费期内", "Start · chosen, window open"));
    all.push(entry("entry-back-payment", "/", Chosen, "entry/window-BackPayment", "首页 · 补缴", "Start · back payment").order(BEIJING, ProductCode::ResidentMedical, 2026));
    all.push(entry("entry-closed", "/", Chosen, "entry/window-Closed", "首页 · 缴费期已结束", "Start · window closed").order(BEIJING, ProductCode::ResidentMedical, 2025));
    all.push(entry("entry-not-yet-open", "/", Chosen, "entry/window-NotYetOpen", "首页 · 缴费期未开始", "Start · not yet open").order(BEIJING, ProductCode::NewbornMedical, 2027));
    all.push(entry("entry-no-match", "/", Start, "entry/no-match", "首页 · 搜索无结果", "Start · no region matches").acts(&[Act::Fill("#region-search", "zzz")]));
    all.push(entry("entry-pending", "/", ClosedTab, "entry/pending-payment", "首页 · 有未确认的付款", "Start · a payment without result"));
    all.push(entry("entry-notice", "/tier", Start, "entry/notice-ChooseProductFirst", "首页 · 请先选择险种", "Start · choose first"));
    problems(all, &entry("entry-regions", "/", Start, "entry", "首页 · 地区", "Start · regions"), Op::ListRegions, faults());
    problems(all, &entry("entry-products", "/", Chosen, "entry", "首页 · 险种", "Start · products"), Op::ListProducts, faults());

    // Step 3: tier.
    all.push(entry("tier", "/tier", Verified, "tier/tiers-fixed", "缴费档次", "Tier").order(CHANGSHA, ProductCode::ResidentMedical, 2027));
    all.push(entry("tier-standard", "/tier", Verified, "tier/tiers-fixed", "缴费档次 · 一个缴费标准", "Tier · one standard rate"));
    all.push(entry("tier-pilot-county", "/tier", Verified, "tier/tiers-fixed", "缴费档次 · 试点县（已线下确认）", "Tier · pilot county (confirmed offline)").order(LANKAO, ProductCode::ResidentMedical, 2027).person(WU_XIULAN));
    all.push(entry("tier-pension-fixed", "/tier", Verified, "tier/tiers-fixed", "养老保险 · 固定档次（按月）", "Pension · fixed monthly tiers").order(CHENGDU, ProductCode::FlexiblePension, 2026));
    all.push(entry("tier-loading", "/tier", Verified, "tier/loading", "缴费档次 · 加载中", "Tier · loading").script(Op::InsuredProfile, Misbehave::Hang));
    all.push(entry("tier-invalid", "/tier", Verified, "tier/invalid", "缴费档次 · 未选择", "Tier · nothing chosen").order(CHANGSHA, ProductCode::ResidentMedical, 2027).acts(&[Act::Click(SUBMIT)]));
    all.push(entry("tier-quoted", "/tier", Quoted, "tier/quoted", "缴费档次 · 金额明细", "Tier · amount explained"));
    // Captions (字幕) of the voice guidance in care mode: the last words it said show in the bar.
    all.push(entry("captions-quoted", "/tier", Quoted, "tier/quoted", "字幕 · 读出金额", "Captions · the amount read out").voice());
    all.push(entry("tier-quoting", "/tier", Quoted, "tier/loading", "缴费档次 · 正在计算", "Tier · working out the amount").script(Op::CreateQuote, Misbehave::Hang));
    all.push(entry("tier-wage", "/tier", Verified, "tier/tiers-wage", "缴费基数（灵活就业）", "Base (flexible work)").order(BEIJING, ProductCode::FlexiblePension, 2026));
    all.push(entry("tier-medical-rates", "/tier", Verified, "tier/tiers-wage", "灵活就业医保 · 社平工资的 8%–10%", "Flexible medical · 8–10 % of the average wage").order(BEIJING, ProductCode::FlexibleMedical, 2026));
    all.push(entry("tier-wage-quoted", "/tier", Quoted, "tier/quoted", "缴费基数 · 金额明细", "Base · amount explained").order(BEIJING, ProductCode::FlexibleMedical, 2026));
    all.push(entry("tier-student", "/tier", Verified, "tier/concession", "缴费档次 · 学生减免", "Tier · student concession").person(YANG_FAN));
    all.push(entry("tier-fiscal", "/tier", Quoted, "tier/concession", "缴费档次 · 财政代缴", "Tier · paid by the state").person(ZHAO_GUOQIANG));
    all.push(entry("tier-already-paid", "/tier", Verified, "tier/already-paid", "缴费档次 · 本年度已缴", "Tier · already paid").person(LI_NA));
    all.push(entry("tier-notice", "/payment", Verified, "tier/notice-ChooseTierFirst", "缴费档次 · 请先选择档次", "Tier · choose a tier first"));
    problems(all, &entry("tier-profile", "/tier", Verified, "tier", "缴费档次 · 参保信息", "Tier · insured person"), Op::InsuredProfile, faults());
    problems(all, &entry("tier-options", "/tier", Verified, "tier", "缴费档次 · 档次", "Tier · tiers"), Op::TierOptions, faults());
    problems(all, &entry("tier-quote", "/tier", Quoted, "tier", "缴费档次 · 计算金额", "Tier · amount"), Op::CreateQuote, faults());

    // The verification's time limit, on any screen that acts with a token (WCAG 2.2.1).
    let ending = entry("time-ending", "/tier", Verified, "tier/time-limit-ending", "验证即将失效 · 需要更多时间", "Verification ending · need more time").time_left(100, true);
    all.push(ending.clone());
    let more_time = ending.clone().acts(&[Act::Click(MORE_TIME)]);
    all.push(Entry { id: "time-extended".into(), label: ("验证即将失效 · 已延长".into(), "Verification ending · extended".into()), shows: "tier/time-limit-extended".into(), ..more_time.clone() });
    all.push(Entry { id: "time-extending".into(), label: ("验证即将失效 · 正在延长".into(), "Verification ending · extending".into()), shows: "tier/time-limit-extending".into(), ..more_time.clone().script(Op::RefreshToken, Misbehave::Hang) });
    all.push(entry("time-last", "/tier", Verified, "tier/time-limit-last", "验证即将失效 · 不能再延长", "Verification ending · no more extensions").time_left(100, false));
    all.push(entry("time-out", "/tier", Verified, "tier/time-limit-out", "验证已失效", "Verification run out").time_left(0, true));
    all.push(entry("payment-time-out", "/payment", Quoted, "payment/time-limit-out", "支付方式 · 验证已失效", "Payment method · verification run out").time_left(0, true));
    problems(all, &Entry { id: "time-extend".into(), label: ("验证即将失效 · 延长".into(), "Verification ending · extending".into()), shows: "tier".into(), ..more_time }, Op::RefreshToken, faults());

    // Step 4: how to pay, and the check before paying.
    all.push(entry("payment", "/payment", Quoted, "payment/methods", "支付方式", "Payment method"));
    all.push(entry("payment-loading", "/payment", Quoted, "payment/loading", "支付方式 · 加载中", "Payment method · loading").script(Op::PaymentMethods, Misbehave::Hang));
    all.push(entry("payment-invalid", "/payment", Quoted, "payment/invalid", "支付方式 · 未选择", "Payment method · none chosen").acts(&[Act::Click(SUBMIT)]));
    all.push(entry("payment-over-limit", "/payment", Quoted, "payment/over-limit", "支付方式 · 超过限额", "Payment method · over a limit")
        .order(BEIJING, ProductCode::FlexiblePension, 2026)
        .choose(TierChoice::WageBased { base_percent: 300, rate_percent: Decimal::from(20), cycle: Cycle::Quarterly }));
    all.push(entry("payment-over-today", "/payment", Quoted, "payment/over-today", "支付方式 · 超过今日剩余额度", "Payment method · over what is left today")
        .person(SUN_LI).order(BEIJING, ProductCode::FlexibleMedical, 2026)
        .choose(TierChoice::WageBased { base_percent: 100, rate_percent: Decimal::from(10), cycle: Cycle::Quarterly }));
    all.push(entry("payment-notice", "/review", Quoted, "payment/notice-ChooseMethodFirst", "支付方式 · 请先选择方式", "Payment method · choose first"));
    problems(all, &entry("payment-methods", "/payment", Quoted, "payment", "支付方式", "Payment method"), Op::PaymentMethods, faults());
    all.push(entry("review", "/review", MethodChosen, "review/review", "核对信息", "Check your answers"));
    all.push(entry("review-fiscal", "/review", MethodChosen, "review/review", "核对信息 · 财政代缴", "Check · paid by the state").person(ZHAO_GUOQIANG));
    all.push(entry("review-asking", "/review", Pressed, "review/asking-again", "核对信息 · 查询已提交的付款", "Check · asking about the payment sent").script(Op::CreatePayment, Misbehave::Hang));
    all.push(entry("review-notice", "/processing", MethodChosen, "review/notice-NoPaymentYet", "核对信息 · 尚未付款", "Check · no payment yet"));
    problems(all, &entry("review-pay", "/review", MethodChosen, "review", "核对信息 · 支付", "Check · pay").acts(&[Act::Click(PAY)]), Op::CreatePayment, {
        let mut list = faults();
        list.push((ApiError::AlreadyPaid, "已缴费", "already paid"));
        list.push((ApiError::WindowClosed, "缴费期已结束", "window closed"));
        list.push((ApiError::OverLimit, "超过限额", "over the limit"));
        list.push((ApiError::ProviderRefused, "支付机构拒绝", "refused by the provider"));
        list.push((ApiError::PaymentInProgress, "已有付款在处理", "a payment in progress"));
        list
    });

    // Paying and the outcome.
    all.push(entry("processing", "/processing", Processing, "processing/processing", "正在支付", "Paying"));
    // A payment that waits for the payer's wallet (the provider's hand-off).
    all.push(entry("processing-scan-code", "/processing", Processing, "processing/scan-code", "正在支付 · 扫码付款", "Paying · scan the code").wallet(ClientKind::DesktopBrowser, WalletSeen::Waiting));
    all.push(entry("processing-awaiting-wallet", "/processing", Processing, "processing/awaiting-wallet", "正在支付 · 从支付页面返回，等待结果", "Paying · back from the payment page").wallet(ClientKind::MobileBrowser, WalletSeen::Returned));
    all.push(entry("processing-handoff-refused", "/processing", Processing, "processing/handoff-refused", "正在支付 · 支付页面未通过检查", "Paying · payment page refused").wallet(ClientKind::MobileBrowser, WalletSeen::Waiting).foreign_cashier());
    all.push(entry("processing-wechat-sheet", "/processing", Processing, "processing/handing-off", "正在支付 · 微信支付确认中", "Paying · confirming in WeChat Pay").wallet(ClientKind::WechatWebview, WalletSeen::Waiting));
    all.push(entry("cashier", "/cashier", Processing, "cashier/cashier", "支付页面（演示）", "Payment page (demo)").wallet(ClientKind::MobileBrowser, WalletSeen::Returned).query("payment={payment}"));
    all.push(entry("cashier-done", "/cashier", Processing, "cashier/cashier-done", "支付页面（演示） · 已付款", "Payment page (demo) · already paid").query("payment={payment}"));
    all.push(entry("review-back-unpaid", "/review", Processing, "review/back-unpaid", "核对信息 · 未付款返回", "Check · back without paying").wallet(ClientKind::MobileBrowser, WalletSeen::BackUnpaid));
    all.push(entry("processing-notice", "/review", Processing, "processing/notice-PaymentInProgress", "正在支付 · 付款处理中", "Paying · in progress"));
    problems(all, &entry("processing-status", "/processing", Processing, "processing", "正在支付 · 查询结果", "Paying · asking the result"), Op::GetPayment, faults());
    problems(all, &entry("processing-cancel", "/processing", Processing, "processing", "正在支付 · 取消", "Paying · cancel").acts(&[Act::Click("[data-testid=cancel-payment]")]), Op::CancelPayment, faults());
    all.push(entry("result-succeeded", "/result", Settled, "result/succeeded", "缴费成功", "Paid"));
    all.push(entry("result-failed", "/result", Settled, "result/failed", "支付失败（未扣款）", "Payment failed (no money taken)").person(LIU_YANG));
    all.push(entry("result-expired", "/result", Settled, "result/expired", "支付超时", "Payment expired").person(CHEN_JING));
    all.push(entry("result-cancelled", "/result", Cancelled, "result/cancelled", "已取消支付", "Payment cancelled"));
    all.push(entry("result-notice", "/processing", Settled, "result/notice-PaymentFinished", "缴费结果 · 已有结果", "Result · already finished"));
    all.push(entry("result-not-paid", "/receipt", Settled, "result/notice-PaymentNotSuccessful", "缴费结果 · 未成功无凭证", "Result · no receipt for a failed payment").person(LIU_YANG));
    all.push(entry("receipt", "/receipt", Settled, "receipt/receipt", "电子凭证", "Receipt"));
    all.push(entry("receipt-notice", "/review", Settled, "receipt/notice-AlreadyPaid", "电子凭证 · 已缴费", "Receipt · already paid"));
    all.push(entry("receipt-loading", "/receipt", Settled, "receipt/loading", "电子凭证 · 加载中", "Receipt · loading").script(Op::GetReceipt, Misbehave::Hang));
    problems(all, &entry("receipt-fetch", "/receipt", Settled, "receipt", "电子凭证", "Receipt"), Op::GetReceipt, faults());

    // A receipt opened again from the record or the family's screens, with and without a token.
    all.push(entry("receipt-saved", "/receipt", Settled, "receipt/receipt", "电子凭证 · 再次查看", "Receipt · opened again").query("serial={serial}"));
    all.push(entry("receipt-unverified", "/receipt", Start, "receipt/receipt-unverified", "电子凭证 · 未验证身份", "Receipt · not verified").query("serial=2027110100999999"));
}

/// Takes the payment as far as `entry.reached` on the demo backend, as the app would.
pub(crate) async fn prepare(demo: &DemoBackend, entry: &Entry, setup: &PaySetup) -> Result<Prepared, ApiError> {
    let mut p = Prepared::default();
    if entry.reached < Reached::Chosen {
        return Ok(p);
    }
    let (city_code, product, year) = setup.order;
    let city = fixtures::city(city_code).ok_or(ApiError::NotFound)?;
    let regions = demo.regions().await?;
    p.flow.province = Some(city.province_code.into());
    p.flow.place = super::entry::place_name(&regions, city_code);
    p.flow.set_order(Some(city_code.into()), Some(product), Some(year));
    let order = p.flow.order().ok_or(ApiError::NotFound)?;
    let person = &fixtures::PEOPLE[entry.person];
    if entry.reached >= Reached::Typed {
        p.draft = IdentityDraft { name: person.name.into(), id_number: person.id_number.into(), mobile: person.mobile.into() };
    }
    if entry.reached >= Reached::Session {
        let request = StartVerification::to_pay(order.clone(), person.name.into(), person.id_number.into(), person.mobile.into());
        let session = demo.start_verification(request).await?;
        p.session = session.session_id.clone();
        p.flow.verification = Some(session.clone());
        for method in session.methods.iter().take(setup.steps_passed) {
            let verified = crate::preview::pass(demo, &p.session, *method, "/identity").await?;
            p.flow.method_passed(verified.passed);
        }
    }
    if entry.reached < Reached::Verified {
        return Ok(p);
    }
    // Each method in turn where the city asks for all of them (Guangdong), else the SMS code
    // (or the e-card's password) as most people choose.
    let methods: Vec<VerifyMethod> = match city.verify_in_order {
        true => city.verify_methods.to_vec(),
        false => vec![if city.verify_methods.contains(&VerifyMethod::Sms) { VerifyMethod::Sms } else { VerifyMethod::Ecard }],
    };
    let mut verified = None;
    for method in methods {
        verified = Some(crate::preview::pass(demo, &p.session, method, "/identity").await?);
    }
    let verified = verified.ok_or(ApiError::MethodUnavailable)?;
    p.flow.token_time = token_time(entry, &verified);
    let token = verified.token.unwrap_or_default();
    p.flow.token = Some(token.clone());
    if entry.reached < Reached::Quoted {
        return Ok(p);
    }
    let choice = match setup.choice.clone() {
        Some(choice) => choice,
        None => match demo.tier_options(&token, &order).await? {
            TierOptions::Fixed { tiers } => TierChoice::Fixed { tier: tiers.get(1).or(tiers.first()).map(|t| t.code.clone()).unwrap_or_default() },
            TierOptions::WageBased { suggested_percents, rates, cycles, .. } => TierChoice::WageBased {
                base_percent: suggested_percents.first().copied().unwrap_or(100),
                rate_percent: rates.first().copied().unwrap_or(Decimal::ZERO),
                cycle: cycles.first().copied().unwrap_or(Cycle::Monthly),
            },
        },
    };
    let quote = demo.quote(&token, QuoteRequest { order, choice: choice.clone() }).await?;
    p.flow.tier = Some(choice);
    p.flow.quote = Some(quote.clone());
    if entry.reached < Reached::MethodChosen {
        return Ok(p);
    }
    let offers = demo.payment_methods(&token, &quote.quote_id).await?;
    let method = offers.iter().find(|o| o.method == PaymentMethod::FiscalPayOnBehalf || crate::domain::limits::over_limit(o, quote.breakdown.total).is_none()).map(|o| o.method);
    p.flow.method = Some(method.unwrap_or(PaymentMethod::Wallet));
    if entry.reached < Reached::Pressed {
        return Ok(p);
    }
    // Through the flow's own transitions: pay pressed, answered, the payment seen.
    let key = p.flow.press_pay();
    if entry.reached == Reached::Pressed {
        return Ok(p);
    }
    if entry.reached == Reached::ClosedTab {
        keep_pending_in_memory(p.flow.pending_payment().into_iter().collect());
        return Ok(Prepared { draft: p.draft, ..Prepared::default() });
    }
    let return_url = super::handoff::return_address(crate::domain::flow::Step::Processing.path());
    let request = CreatePayment { quote_id: quote.quote_id.clone(), method: p.flow.method.unwrap_or(PaymentMethod::Wallet), client: Some(setup.client), return_url: Some(return_url) };
    let mut payment = demo.create_payment(&token, request, &key).await?;
    p.flow.pay_answered(&Ok(payment.clone()));
    p.payment = payment.payment_id.clone();
    if payment.status == PaymentStatus::RequiresAction {
        match setup.wallet {
            WalletSeen::Confirmed => payment = demo.cashier_decides(&payment.payment_id, CashierDecision::Confirm, 0).await.and(demo.payment(&token, &payment.payment_id).await)?,
            WalletSeen::Waiting => {}
            WalletSeen::Returned => p.flow.attempt.hand_off(),
            WalletSeen::BackUnpaid => p.flow.attempt.back_unpaid(),
        }
    }
    if entry.reached == Reached::Cancelled {
        payment = demo.cancel_payment(&token, &payment.payment_id).await?;
    } else if entry.reached == Reached::Settled {
        payment = demo.payment(&token, &payment.payment_id).await?;
    }
    p.serial = payment.receipt_serial.clone().unwrap_or_default();
    if payment.status == PaymentStatus::Succeeded {
        p.flow.end_session();
        // The payer's first read issues the receipt's codes, as the receipt screen's would.
        if entry.query.contains("{code}") {
            let receipt = demo.receipt(&token, &p.serial).await?;
            p.code = receipt.verify_url.split("code=").nth(1).unwrap_or_default().to_string();
        }
    }
    p.flow.payment_seen(payment);
    Ok(p)
}
