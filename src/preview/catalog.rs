//! The gallery's entries: every state of every screen, as recipes (see `Entry`).

use crate::api::demo::Misbehave;
use crate::api::operations::Op;
use super::{Act, Entry, Stage};
use crate::api::{ApiError, Cycle, ProductCode, Relationship, TierChoice};
use crate::screens::{screen_for, Misload};
use rust_decimal::Decimal;

const BEIJING: &str = "110100";
const NANJING: &str = "320100";
const SUBMIT: &str = "main form button[type=submit]";
const PANEL_SUBMIT: &str = "section.panel form button[type=submit]";
const SEND_SMS: &str = "[data-testid=send-sms]";
const PAY: &str = "[data-testid=pay]";
const MORE_TIME: &str = "[data-testid=more-time]";

/// Demo people by their fixture index (README lists what each one exercises).
const ZHANG_WEI: usize = 0;
const LI_NA: usize = 1;
const WANG_FANG: usize = 2;
const LIU_YANG: usize = 3;
const CHEN_JING: usize = 4;
const YANG_FAN: usize = 5;
const ZHAO_GUOQIANG: usize = 6;

fn entry(id: &str, path: &'static str, stage: Stage, shows: &str, zh: &str, en: &str) -> Entry {
    Entry {
        id: id.into(),
        label: (zh.into(), en.into()),
        path,
        shows: shows.into(),
        stage,
        person: ZHANG_WEI,
        order: (BEIJING, ProductCode::ResidentMedical, 2027),
        script: None,
        code: None,
        choice: None,
        acts: Vec::new(),
        query: "",
        voice: false,
        record_city: None,
        relative: None,
        member_record: None,
        time_left: None,
    }
}

impl Entry {
    fn person(mut self, person: usize) -> Self {
        self.person = person;
        self
    }
    fn order(mut self, city: &'static str, product: ProductCode, year: u16) -> Self {
        self.order = (city, product, year);
        self
    }
    fn script(mut self, call: Op, misbehave: Misbehave) -> Self {
        self.script = Some((call, misbehave));
        self
    }
    fn code(mut self, misload: Misload) -> Self {
        self.code = Some(misload);
        self
    }
    fn choose(mut self, choice: TierChoice) -> Self {
        self.choice = Some(choice);
        self
    }
    fn acts(mut self, acts: &[Act]) -> Self {
        self.acts = acts.to_vec();
        self
    }
    fn voice(mut self) -> Self {
        self.voice = true;
        self
    }
    fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }
    fn record(mut self, city: &'static str) -> Self {
        self.record_city = Some(city);
        self
    }
    /// Reads the record of the payer's family member at `index`, in `city` (else the payer's).
    fn member_record(mut self, index: usize, city: Option<&'static str>) -> Self {
        self.member_record = Some((index, city));
        self
    }
    /// The token has `seconds` left when the screen shows (see `components::time_limit`).
    fn time_left(mut self, seconds: u64, can_extend: bool) -> Self {
        self.time_left = Some((seconds, can_extend));
        self
    }
    /// Adds one of the demo's relatives to the family (with their consent given, or pending).
    fn relative(mut self, relative: usize, relationship: Relationship, consented: bool) -> Self {
        self.relative = Some((relative, relationship, consented));
        self
    }
}

/// The problems any call can meet on the way (the fault suite meets each on every call), named
/// as the entries and `data-state` name them.
fn faults() -> Vec<(ApiError, &'static str, &'static str)> {
    vec![
        (ApiError::Network, "网络中断", "no connection"),
        (ApiError::ServerError { status: 500 }, "服务故障", "server error"),
        (ApiError::Maintenance { retry_after_seconds: Some(120) }, "系统维护", "maintenance"),
        (ApiError::TooManyRequests { retry_after_seconds: Some(30) }, "请求过多", "too many requests"),
        (ApiError::BadResponse("preview".into()), "应答无法识别", "unreadable answer"),
        (ApiError::SessionExpired, "登录已过期", "session expired"),
        (ApiError::IdempotencyConflict, "请求冲突", "conflicting request"),
    ]
}

/// One entry per problem `call` can meet on `path`, shown after `acts`.
fn problems(all: &mut Vec<Entry>, base: &Entry, call: Op, errors: Vec<(ApiError, &str, &str)>) {
    let screen = base.screen().to_string();
    // A status the screen asks about every second would show its problem for a second only.
    let polled = matches!(call, Op::GetPayment);
    for (error, zh, en) in errors {
        let kind = error.kind();
        let mut e = base.clone().script(call, if polled { Misbehave::KeepFailing(error) } else { Misbehave::Fail(error) });
        e.id = format!("{}-{}", base.id, kind.to_lowercase());
        e.label = (format!("{} · {zh}", base.label.0), format!("{} · {en}", base.label.1));
        e.shows = format!("{screen}/problem-{kind}");
        all.push(e);
    }
}

pub fn catalog() -> Vec<Entry> {
    use Stage::*;
    let mut all = Vec::new();

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
    problems(&mut all, &entry("entry-regions", "/", Start, "entry", "首页 · 地区", "Start · regions"), Op::ListRegions, faults());
    problems(&mut all, &entry("entry-products", "/", Chosen, "entry", "首页 · 险种", "Start · products"), Op::ListProducts, faults());

    // Step 2: who is paying.
    let details = entry("identity", "/identity", Chosen, "identity/details", "身份验证 · 填写信息", "Verify · details");
    all.push(details.clone());
    all.push(entry("identity-invalid", "/identity", Chosen, "identity/invalid", "身份验证 · 信息有误", "Verify · details wrong").acts(&[Act::Click(SUBMIT)]));
    all.push(entry("identity-notice", "/tier", Chosen, "identity/notice-VerifyFirst", "身份验证 · 请先验证", "Verify · verify first"));
    let submit_details = details.clone().acts(&[Act::Click(SUBMIT)]);
    let mut start = Entry { stage: Typed, id: "identity-start".into(), label: ("身份验证 · 提交信息".into(), "Verify · send details".into()), ..submit_details };
    problems(&mut all, &start, Op::StartVerification, {
        let mut list = faults();
        list.push((ApiError::IdentityMismatch, "姓名与身份证号不符", "name does not match"));
        list
    });
    start.shows = "identity/invalid".into();
    all.push(Entry { id: "identity-start-refused".into(), label: ("身份验证 · 后端指出字段有误".into(), "Verify · backend refuses a field".into()), ..start.script(Op::StartVerification, Misbehave::Fail(ApiError::InvalidRequest { field: Some("mobile".into()) })) });
    all.push(entry("identity-methods", "/identity", Session, "identity/methods", "身份验证 · 选择方式（短信）", "Verify · methods (SMS)").person(ZHANG_WEI));
    all.push(entry("identity-sms-sent", "/identity", Session, "identity/sms-sent", "身份验证 · 验证码已发送", "Verify · code sent").acts(&[Act::Click(SEND_SMS)]));
    all.push(entry("identity-sms-expiring", "/identity", Session, "identity/sms-expiring", "身份验证 · 验证码即将过期", "Verify · code about to expire").script(Op::SendSmsCode, Misbehave::ShortLivedCode).acts(&[Act::Click(SEND_SMS)]));
    all.push(entry("identity-sms-invalid", "/identity", Session, "identity/invalid", "身份验证 · 验证码格式不对", "Verify · code malformed").acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "12"), Act::Click(PANEL_SUBMIT)]));
    all.push(entry("identity-sms-wrong", "/identity", Session, "identity/problem-InvalidCode", "身份验证 · 验证码错误", "Verify · wrong code").acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "000000"), Act::Click(PANEL_SUBMIT)]));
    let send = entry("identity-send", "/identity", Session, "identity", "身份验证 · 发送验证码", "Verify · send the code").acts(&[Act::Click(SEND_SMS)]);
    problems(&mut all, &send, Op::SendSmsCode, faults());
    // The phone has had its SMS codes for the hour: the wait, in seconds.
    all.push(Entry { id: "identity-sms-hourly-limit".into(), label: ("身份验证 · 本小时验证码已达上限".into(), "Verify · the hour's SMS codes used up".into()), shows: "identity/problem-TooManyRequests".into(), ..send.clone().script(Op::SendSmsCode, Misbehave::Fail(ApiError::TooManyRequests { retry_after_seconds: Some(1740) })) });
    all.push(Entry { id: "identity-sms-down".into(), label: ("身份验证 · 短信服务不可用".into(), "Verify · SMS provider down".into()), shows: "identity/method-failed".into(), ..send.clone().script(Op::SendSmsCode, Misbehave::Fail(ApiError::MethodUnavailable)) });
    let check = entry("identity-check", "/identity", Session, "identity", "身份验证 · 核对验证码", "Verify · check the code")
        .acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "123456"), Act::Click(PANEL_SUBMIT)]);
    problems(&mut all, &check, Op::CheckSmsCode, {
        let mut list = faults();
        list.push((ApiError::CodeExpired, "验证码已过期", "code expired"));
        list
    });
    all.push(Entry { id: "identity-sms-locked".into(), label: ("身份验证 · 验证码错误次数过多".into(), "Verify · too many wrong codes".into()), shows: "identity/method-failed".into(), ..check.clone().script(Op::CheckSmsCode, Misbehave::Fail(ApiError::TooManyAttempts)) });
    all.push(entry("identity-ecard", "/identity", Session, "identity/ecard", "身份验证 · 电子社保卡密码", "Verify · e-card password").acts(&[Act::Click("#method-ecard")]));
    let ecard = entry("identity-ecard-check", "/identity", Session, "identity", "身份验证 · 核对密码", "Verify · check the password")
        .acts(&[Act::Click("#method-ecard"), Act::Fill("#ecard-password", "135790"), Act::Click(PANEL_SUBMIT)]);
    problems(&mut all, &ecard, Op::CheckEcardPassword, faults());
    all.push(entry("identity-face", "/identity", Session, "identity/face", "身份验证 · 人脸识别", "Verify · face check").acts(&[Act::Click("#method-face")]));
    all.push(entry("identity-face-cancelled", "/identity", Session, "identity/face-cancelled", "身份验证 · 已取消人脸识别", "Verify · face check cancelled").query("face=cancelled"));
    all.push(entry("identity-face-checking", "/identity", Session, "identity/face-checking", "身份验证 · 正在确认人脸结果", "Verify · checking the face result").query("face=done").script(Op::FaceResult, Misbehave::Hang));
    all.push(entry("identity-face-failed", "/identity", Session, "identity/method-failed", "身份验证 · 人脸未通过", "Verify · face not matched").person(WANG_FANG).query("face=done"));
    all.push(entry("identity-only-ecard-face", "/identity", Session, "identity/ecard", "身份验证 · 无短信的城市", "Verify · a city without SMS").order(NANJING, ProductCode::ResidentMedical, 2027));
    let face = entry("identity-face-start", "/identity", Session, "identity", "身份验证 · 开始人脸识别", "Verify · start the face check").acts(&[Act::Click("#method-face"), Act::Click("section.panel .button-primary")]);
    problems(&mut all, &face, Op::StartFace, faults());
    let face_result = entry("identity-face-result", "/identity", Session, "identity", "身份验证 · 人脸结果", "Verify · face result").query("face=done");
    problems(&mut all, &face_result, Op::FaceResult, faults());
    all.push(entry("face-check", "/face-check", Session, "face-check", "人脸识别（演示服务）", "Face check (demo provider)").query("session={session}&return=%2Fidentity"));

    // Step 3: tier.
    all.push(entry("tier", "/tier", Verified, "tier/tiers-fixed", "缴费档次", "Tier"));
    all.push(entry("tier-loading", "/tier", Verified, "tier/loading", "缴费档次 · 加载中", "Tier · loading").script(Op::InsuredProfile, Misbehave::Hang));
    all.push(entry("tier-invalid", "/tier", Verified, "tier/invalid", "缴费档次 · 未选择", "Tier · nothing chosen").acts(&[Act::Click(SUBMIT)]));
    all.push(entry("tier-quoted", "/tier", Quoted, "tier/quoted", "缴费档次 · 金额明细", "Tier · amount explained"));
    // Captions (字幕) of the voice guidance in care mode: the last words it said show in the bar.
    all.push(entry("captions-quoted", "/tier", Quoted, "tier/quoted", "字幕 · 读出金额", "Captions · the amount read out").voice());
    all.push(entry("captions-sms-sent", "/identity", Session, "identity/sms-sent", "字幕 · 验证码已发送", "Captions · code sent").voice().acts(&[Act::Click(SEND_SMS)]));
    all.push(entry("captions-invalid", "/identity", Chosen, "identity/invalid", "字幕 · 读出错误", "Captions · an error read out").voice().acts(&[Act::Click(SUBMIT)]));
    all.push(entry("tier-quoting", "/tier", Quoted, "tier/loading", "缴费档次 · 正在计算", "Tier · working out the amount").script(Op::CreateQuote, Misbehave::Hang));
    all.push(entry("tier-wage", "/tier", Verified, "tier/tiers-wage", "缴费基数（灵活就业）", "Base (flexible work)").order(BEIJING, ProductCode::FlexiblePension, 2026));
    all.push(entry("tier-wage-quoted", "/tier", Quoted, "tier/quoted", "缴费基数 · 金额明细", "Base · amount explained").order(BEIJING, ProductCode::FlexibleMedical, 2026));
    all.push(entry("tier-student", "/tier", Verified, "tier/concession", "缴费档次 · 学生减免", "Tier · student concession").person(YANG_FAN));
    all.push(entry("tier-fiscal", "/tier", Quoted, "tier/concession", "缴费档次 · 财政代缴", "Tier · paid by the state").person(ZHAO_GUOQIANG));
    all.push(entry("tier-already-paid", "/tier", Verified, "tier/already-paid", "缴费档次 · 本年度已缴", "Tier · already paid").person(LI_NA));
    all.push(entry("tier-notice", "/payment", Verified, "tier/notice-ChooseTierFirst", "缴费档次 · 请先选择档次", "Tier · choose a tier first"));
    problems(&mut all, &entry("tier-profile", "/tier", Verified, "tier", "缴费档次 · 参保信息", "Tier · insured person"), Op::InsuredProfile, faults());
    problems(&mut all, &entry("tier-options", "/tier", Verified, "tier", "缴费档次 · 档次", "Tier · tiers"), Op::TierOptions, faults());
    problems(&mut all, &entry("tier-quote", "/tier", Quoted, "tier", "缴费档次 · 计算金额", "Tier · amount"), Op::CreateQuote, faults());

    // The verification's time limit, on any screen that acts with a token (WCAG 2.2.1).
    let ending = entry("time-ending", "/tier", Verified, "tier/time-limit-ending", "验证即将失效 · 需要更多时间", "Verification ending · need more time").time_left(100, true);
    all.push(ending.clone());
    let more_time = ending.clone().acts(&[Act::Click(MORE_TIME)]);
    all.push(Entry { id: "time-extended".into(), label: ("验证即将失效 · 已延长".into(), "Verification ending · extended".into()), shows: "tier/time-limit-extended".into(), ..more_time.clone() });
    all.push(Entry { id: "time-extending".into(), label: ("验证即将失效 · 正在延长".into(), "Verification ending · extending".into()), shows: "tier/time-limit-extending".into(), ..more_time.clone().script(Op::RefreshToken, Misbehave::Hang) });
    all.push(entry("time-last", "/tier", Verified, "tier/time-limit-last", "验证即将失效 · 不能再延长", "Verification ending · no more extensions").time_left(100, false));
    all.push(entry("time-out", "/tier", Verified, "tier/time-limit-out", "验证已失效", "Verification run out").time_left(0, true));
    all.push(entry("payment-time-out", "/payment", Quoted, "payment/time-limit-out", "支付方式 · 验证已失效", "Payment method · verification run out").time_left(0, true));
    problems(&mut all, &Entry { id: "time-extend".into(), label: ("验证即将失效 · 延长".into(), "Verification ending · extending".into()), shows: "tier".into(), ..more_time }, Op::RefreshToken, faults());

    // Step 4: how to pay, and the check before paying.
    all.push(entry("payment", "/payment", Quoted, "payment/methods", "支付方式", "Payment method"));
    all.push(entry("payment-loading", "/payment", Quoted, "payment/loading", "支付方式 · 加载中", "Payment method · loading").script(Op::PaymentMethods, Misbehave::Hang));
    all.push(entry("payment-invalid", "/payment", Quoted, "payment/invalid", "支付方式 · 未选择", "Payment method · none chosen").acts(&[Act::Click(SUBMIT)]));
    all.push(entry("payment-over-limit", "/payment", Quoted, "payment/over-limit", "支付方式 · 超过限额", "Payment method · over a limit")
        .order(BEIJING, ProductCode::FlexiblePension, 2026)
        .choose(TierChoice::WageBased { base_percent: 300, rate_percent: Decimal::from(20), cycle: Cycle::Quarterly }));
    all.push(entry("payment-notice", "/review", Quoted, "payment/notice-ChooseMethodFirst", "支付方式 · 请先选择方式", "Payment method · choose first"));
    problems(&mut all, &entry("payment-methods", "/payment", Quoted, "payment", "支付方式", "Payment method"), Op::PaymentMethods, faults());
    all.push(entry("review", "/review", MethodChosen, "review/review", "核对信息", "Check your answers"));
    all.push(entry("review-fiscal", "/review", MethodChosen, "review/review", "核对信息 · 财政代缴", "Check · paid by the state").person(ZHAO_GUOQIANG));
    all.push(entry("review-asking", "/review", Pressed, "review/asking-again", "核对信息 · 查询已提交的付款", "Check · asking about the payment sent").script(Op::CreatePayment, Misbehave::Hang));
    all.push(entry("review-notice", "/processing", MethodChosen, "review/notice-NoPaymentYet", "核对信息 · 尚未付款", "Check · no payment yet"));
    problems(&mut all, &entry("review-pay", "/review", MethodChosen, "review", "核对信息 · 支付", "Check · pay").acts(&[Act::Click(PAY)]), Op::CreatePayment, {
        let mut list = faults();
        list.push((ApiError::AlreadyPaid, "已缴费", "already paid"));
        list.push((ApiError::WindowClosed, "缴费期已结束", "window closed"));
        list.push((ApiError::OverLimit, "超过限额", "over the limit"));
        list.push((ApiError::PaymentInProgress, "已有付款在处理", "a payment in progress"));
        list
    });

    // Paying and the outcome.
    all.push(entry("processing", "/processing", Processing, "processing/processing", "正在支付", "Paying"));
    all.push(entry("processing-notice", "/review", Processing, "processing/notice-PaymentInProgress", "正在支付 · 付款处理中", "Paying · in progress"));
    problems(&mut all, &entry("processing-status", "/processing", Processing, "processing", "正在支付 · 查询结果", "Paying · asking the result"), Op::GetPayment, faults());
    problems(&mut all, &entry("processing-cancel", "/processing", Processing, "processing", "正在支付 · 取消", "Paying · cancel").acts(&[Act::Click("[data-testid=cancel-payment]")]), Op::CancelPayment, faults());
    all.push(entry("result-succeeded", "/result", Settled, "result/succeeded", "缴费成功", "Paid"));
    all.push(entry("result-failed", "/result", Settled, "result/failed", "支付失败（未扣款）", "Payment failed (no money taken)").person(LIU_YANG));
    all.push(entry("result-expired", "/result", Settled, "result/expired", "支付超时", "Payment expired").person(CHEN_JING));
    all.push(entry("result-cancelled", "/result", Cancelled, "result/cancelled", "已取消支付", "Payment cancelled"));
    all.push(entry("result-notice", "/processing", Settled, "result/notice-PaymentFinished", "缴费结果 · 已有结果", "Result · already finished"));
    all.push(entry("result-not-paid", "/receipt", Settled, "result/notice-PaymentNotSuccessful", "缴费结果 · 未成功无凭证", "Result · no receipt for a failed payment").person(LIU_YANG));
    all.push(entry("receipt", "/receipt", Settled, "receipt/receipt", "电子凭证", "Receipt"));
    all.push(entry("receipt-notice", "/review", Settled, "receipt/notice-AlreadyPaid", "电子凭证 · 已缴费", "Receipt · already paid"));
    all.push(entry("receipt-loading", "/receipt", Settled, "receipt/loading", "电子凭证 · 加载中", "Receipt · loading").script(Op::GetReceipt, Misbehave::Hang));
    problems(&mut all, &entry("receipt-fetch", "/receipt", Settled, "receipt", "电子凭证", "Receipt"), Op::GetReceipt, faults());

    // A receipt opened again from the record or the family's screens, with and without a token.
    all.push(entry("receipt-saved", "/receipt", Settled, "receipt/receipt", "电子凭证 · 再次查看", "Receipt · opened again").query("serial={serial}"));
    all.push(entry("receipt-unverified", "/receipt", Start, "receipt/receipt-unverified", "电子凭证 · 未验证身份", "Receipt · not verified").query("serial=2027110100999999"));

    // Checking a receipt from its QR code or by hand, and a wrong address.
    const CHECK_SUBMIT: &str = "[data-testid=check-submit]";
    all.push(entry("check", "/check", Settled, "check/genuine", "凭证查验 · 真实有效", "Receipt check · genuine").query("serial={serial}&code={code}"));
    all.push(entry("check-form", "/check", Start, "check/check-form", "凭证查验 · 手工输入", "Receipt check · typed in"));
    all.push(entry("check-invalid", "/check", Start, "check/invalid", "凭证查验 · 输入有误", "Receipt check · not a number and code")
        .acts(&[Act::Fill("#check-serial", "2027"), Act::Fill("#check-code", "K7QM"), Act::Click(CHECK_SUBMIT)]));
    all.push(entry("check-unknown", "/check", Start, "check/unknown", "凭证查验 · 未找到", "Receipt check · not found").query("serial=2027110100999999&code=K7QM2XPD"));
    all.push(entry("check-loading", "/check", Start, "check/loading", "凭证查验 · 查询中", "Receipt check · looking up").query("serial=2027110100999999&code=K7QM2XPD").script(Op::CheckReceipt, Misbehave::Hang));
    problems(&mut all, &entry("check-fetch", "/check", Settled, "check", "凭证查验", "Receipt check").query("serial={serial}&code={code}"), Op::CheckReceipt, faults());
    all.push(entry("not-found", "/no-such-page", Start, "not-found", "页面不存在", "Page not found"));
    record(&mut all);
    family(&mut all);
    code_arrival(&mut all);
    all
}

/// Reading the record: the city, the stricter verification, the overview in each city's level
/// of detail, the seed's special cases, each year's months, and the medical spending.
fn record(all: &mut Vec<Entry>) {
    use Stage::*;
    let at = |id: &str, path: &'static str, stage: Stage, shows: &str, zh: &str, en: &str, city: &'static str| entry(id, path, stage, shows, zh, en).record(city);
    all.push(at("record", "/record", Start, "record/choose-city", "我的社保 · 选择城市", "My record · choose the city", BEIJING));
    all.push(at("record-invalid", "/record", Start, "record/invalid", "我的社保 · 未选择城市", "My record · no city chosen", BEIJING).acts(&[Act::Click(SUBMIT)]));
    all.push(at("identity-record", "/identity", Chosen, "identity/details", "查询 · 身份验证", "Record · verify", BEIJING));
    all.push(at("identity-record-methods", "/identity", Session, "identity/methods-required", "查询 · 需完成两种验证", "Record · two ways to verify", BEIJING));
    all.push(at("identity-record-passed", "/identity", Session, "identity/method-passed", "查询 · 已通过一种验证", "Record · one way passed", BEIJING)
        .acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "123456"), Act::Click(PANEL_SUBMIT)]));
    all.push(at("record-overview", "/record", Verified, "record/overview-Full", "我的社保 · 五险明细（含余额不符提示）", "My record · five insurances (with the split-accounts advice)", BEIJING));
    all.push(at("record-card-account", "/record", Verified, "record/overview-Full", "我的社保 · 含社保卡金融账户", "My record · with the card account", "440100").person(LI_NA));
    all.push(at("record-basic", "/record", Verified, "record/basic-detail", "我的社保 · 三险基础数据", "My record · basic data of three insurances", "510100").person(LIU_YANG));
    all.push(at("record-totals", "/record", Verified, "record/totals-only", "我的社保 · 仅提供总额的城市", "My record · a city with totals only", "440900").person(LI_NA));
    all.push(at("record-not-insured", "/record", Verified, "record/problem-NotInsured", "我的社保 · 未参保（可查其他城市）", "My record · not insured here (other cities offered)", BEIJING).person(CHEN_JING));
    all.push(at("record-transfer", "/record", Verified, "record/transfer-in-progress", "我的社保 · 转移接续中", "My record · transfer under way", "430100").person(CHEN_JING));
    all.push(at("record-peak", "/record", Verified, "record/problem-PeakDays", "我的社保 · 月初业务高峰", "My record · peak days", BEIJING)
        .script(Op::GetRecord, Misbehave::Fail(ApiError::PeakDays { retry_after_seconds: Some(3600) })));
    all.push(at("record-loading", "/record", Verified, "record/loading", "我的社保 · 加载中", "My record · loading", BEIJING).script(Op::GetRecord, Misbehave::Hang));
    all.push(at("record-csv", "/record", Verified, "record/csv-exported", "我的社保 · 已导出 CSV", "My record · CSV exported", BEIJING).acts(&[Act::Click("[data-testid=export-csv]")]));
    problems(all, &at("record-read", "/record", Verified, "record", "我的社保", "My record", BEIJING), Op::GetRecord, faults());
    // The record's token has a time limit of its own; verifying again comes back to the record.
    all.push(at("record-time-ending", "/record", Verified, "record/time-limit-ending", "我的社保 · 验证即将失效", "My record · verification ending", BEIJING).time_left(100, true));
    all.push(at("record-time-extended", "/record", Verified, "record/time-limit-extended", "我的社保 · 验证已延长", "My record · verification extended", BEIJING).time_left(100, true).acts(&[Act::Click(MORE_TIME)]));
    all.push(at("record-time-extending", "/record", Verified, "record/time-limit-extending", "我的社保 · 正在延长验证", "My record · extending the verification", BEIJING).time_left(100, true).acts(&[Act::Click(MORE_TIME)]).script(Op::RefreshToken, Misbehave::Hang));
    all.push(at("record-time-out", "/record", Verified, "record/time-limit-out", "我的社保 · 验证已失效", "My record · verification run out", BEIJING).time_left(0, true));
    let export = at("record-export", "/record", Verified, "record", "我的社保 · 导出", "My record · export", BEIJING).acts(&[Act::Click("[data-testid=export-csv]")]);
    problems(all, &export, Op::GetRecordYear, faults());

    all.push(at("record-year", "/record/year", Verified, "record-year/year-gaps", "逐月记录 · 有可补缴的月份", "Months · gaps that can be paid", BEIJING).query("year=2025"));
    all.push(at("record-year-not-payable", "/record/year", Verified, "record-year/gap-not-payable", "逐月记录 · 已不能补缴", "Months · gaps no longer payable", BEIJING).query("year=2024"));
    all.push(at("record-year-arrears", "/record/year", Verified, "record-year/back-pay", "逐月记录 · 欠费", "Months · in arrears", BEIJING).query("year=2026"));
    all.push(at("record-year-complete", "/record/year", Verified, "record-year/year-complete", "逐月记录 · 全年无断缴", "Months · a complete year", "440100").person(LI_NA).query("year=2025"));
    all.push(at("record-year-none", "/record/year", Verified, "record-year/no-year", "逐月记录 · 未选择年份", "Months · no year chosen", BEIJING));
    all.push(at("record-year-loading", "/record/year", Verified, "record-year/loading", "逐月记录 · 加载中", "Months · loading", BEIJING).query("year=2025").script(Op::GetRecordYear, Misbehave::Hang));
    problems(all, &at("record-year-read", "/record/year", Verified, "record-year", "逐月记录", "Months", BEIJING).query("year=2025"), Op::GetRecordYear, faults());

    all.push(at("record-spending", "/record/spending", Verified, "record-spending/spending", "医保消费记录", "Medical spending", BEIJING));
    all.push(at("record-spending-last", "/record/spending", Verified, "record-spending/spending", "医保消费记录 · 最后一页", "Medical spending · last page", BEIJING).query("page=3"));
    all.push(at("record-spending-loading", "/record/spending", Verified, "record-spending/loading", "医保消费记录 · 加载中", "Medical spending · loading", BEIJING).script(Op::GetMedicalSpending, Misbehave::Hang));
    problems(all, &at("record-spending-read", "/record/spending", Verified, "record-spending", "医保消费记录", "Medical spending", BEIJING), Op::GetMedicalSpending, faults());

    all.push(at("record-proof", "/record/proof", Verified, "record-proof/proof", "参保缴费证明", "Proof of insurance", BEIJING));
    all.push(at("record-proof-loading", "/record/proof", Verified, "record-proof/loading", "参保缴费证明 · 开具中", "Proof of insurance · being issued", BEIJING).script(Op::CreateRecordProof, Misbehave::Hang));
    problems(all, &at("record-proof-issue", "/record/proof", Verified, "record-proof", "参保缴费证明", "Proof of insurance", BEIJING), Op::CreateRecordProof, faults());
    all.push(at("check-proof", "/check", Verified, "check/proof-genuine", "证明核验 · 真实有效", "Proof check · genuine", BEIJING).query("proof={proof}"));
    all.push(entry("check-proof-unknown", "/check", Start, "check/proof-unknown", "证明核验 · 未找到", "Proof check · not found").query("proof=CB000000000000"));
    problems(all, &at("check-proof-fetch", "/check", Verified, "check", "证明核验", "Proof check", BEIJING).query("proof={proof}"), Op::CheckRecordProof, faults());
}

/// The demo's relatives by their index in `demo::family::RELATIVES`.
const ZHANG_JIANGUO: usize = 0;
const ZHANG_YINUO: usize = 3;

/// Fills in the add form with a relative's name and ID number, as their parent, and submits.
const fn add_form(name: &'static str, id_number: &'static str) -> [Act; 4] {
    [Act::Click("#relationship-parent"), Act::Fill("#member-name", name), Act::Fill("#member-id-number", id_number), Act::Click(SUBMIT)]
}
const ADD_ZHANG_JIANGUO: [Act; 4] = add_form("张建国", "110101195606152114");
const ADD_LI_NA: [Act; 4] = add_form("李娜", "440106197208153020");
const TYPE_CODE: [Act; 2] = [Act::Fill("#consent-code", "123456"), Act::Click(SUBMIT)];

/// The family: the list in each state, adding a relative and each refusal, their consent code.
fn family(all: &mut Vec<Entry>) {
    use Stage::*;
    let at = |id: &str, path: &'static str, stage: Stage, shows: &str, zh: &str, en: &str| entry(id, path, stage, shows, zh, en).record(BEIJING);
    all.push(at("family", "/family", Start, "family/choose-city", "亲情账户 · 选择参保城市", "My family · choose the city"));
    all.push(at("family-empty", "/family", Verified, "family/family-empty", "亲情账户 · 还没有家庭成员", "My family · no relatives yet"));
    all.push(at("family-members", "/family", Verified, "family/family-members", "亲情账户 · 已授权、已撤回、已到期", "My family · consent given, withdrawn, run out").person(CHEN_JING));
    all.push(at("family-full", "/family", Verified, "family/family-full", "亲情账户 · 已满 5 人（含未成年人）", "My family · full (with a minor)").person(ZHAO_GUOQIANG));
    all.push(at("family-pending", "/family", Verified, "family/family-members", "亲情账户 · 等待对方授权", "My family · waiting for consent").relative(ZHANG_JIANGUO, Relationship::Parent, false));
    all.push(at("family-added", "/family", Verified, "family/notice-added", "亲情账户 · 已添加未成年子女", "My family · a child added").relative(ZHANG_YINUO, Relationship::Child, false).query("added={member}"));
    all.push(at("family-consented", "/family", Verified, "family/notice-consented", "亲情账户 · 对方已授权", "My family · consent given").relative(ZHANG_JIANGUO, Relationship::Parent, true).query("consented={member}"));
    all.push(at("family-confirm-remove", "/family", Verified, "family/confirm-remove", "亲情账户 · 确认移出", "My family · confirm the removal").person(CHEN_JING).acts(&[Act::Click("[data-testid=remove]")]));
    all.push(at("family-loading", "/family", Verified, "family/loading", "亲情账户 · 加载中", "My family · loading").script(Op::GetFamily, Misbehave::Hang));
    problems(all, &at("family-read", "/family", Verified, "family", "亲情账户", "My family"), Op::GetFamily, faults());

    // 亲情社保: a member's record, read-only, on the payer's verification.
    all.push(at("family-record", "/record", Verified, "record/member-record", "亲情社保 · 亲属的五险明细", "A relative's record · five insurances").person(CHEN_JING).member_record(0, Some("440100")));
    all.push(at("family-record-elsewhere", "/record", Verified, "record/problem-NotInsured", "亲情社保 · 亲属在其他城市参保", "A relative's record · insured in other cities").person(CHEN_JING).member_record(0, None));
    all.push(at("family-record-withdrawn", "/record", Verified, "record/problem-ConsentRequired", "亲情社保 · 授权已撤回", "A relative's record · consent withdrawn").person(CHEN_JING).member_record(1, Some("440100")));
    all.push(at("family-record-year-withdrawn", "/record/year", Verified, "record-year/problem-ConsentRequired", "亲情社保 · 逐月记录 · 授权已撤回", "A relative's record · months · consent withdrawn").person(CHEN_JING).member_record(1, Some("440100")).query("year=2025"));
    all.push(at("family-record-year", "/record/year", Verified, "record-year/year-gaps", "亲情社保 · 亲属可补缴的月份", "A relative's record · months to pay back").person(LIU_YANG).member_record(0, Some(BEIJING)).query("year=2025"));
    all.push(at("family-record-spending", "/record/spending", Verified, "record-spending/spending", "亲情社保 · 亲属的医保消费记录", "A relative's record · medical spending").person(LIU_YANG).member_record(0, Some(BEIJING)));
    let removing = at("family-remove", "/family", Verified, "family", "亲情账户 · 移出", "My family · removing").person(CHEN_JING)
        .acts(&[Act::Click("[data-testid=remove]"), Act::Click("[data-testid=confirm-remove]")]);
    problems(all, &removing, Op::RemoveFamilyMember, vec![(ApiError::Network, "网络中断", "no connection"), (ApiError::ServerError { status: 500 }, "服务故障", "server error")]);
    let asking = at("family-ask-again", "/family", Verified, "family", "亲情账户 · 重新请求授权", "My family · asking again").person(CHEN_JING).acts(&[Act::Click("[data-testid=ask-again]")]);
    problems(all, &asking, Op::RequestFamilyConsent, vec![(ApiError::Network, "网络中断", "no connection"), (ApiError::TooManyRequests { retry_after_seconds: Some(45) }, "请求过多", "too many requests")]);

    all.push(at("family-add", "/family/add", Verified, "family-add/add-form", "添加家庭成员", "Add a relative"));
    all.push(at("family-add-invalid", "/family/add", Verified, "family-add/invalid", "添加家庭成员 · 未填写", "Add a relative · nothing filled in").acts(&[Act::Click(SUBMIT)]));
    all.push(at("family-add-mismatch", "/family/add", Verified, "family-add/invalid", "添加家庭成员 · 姓名与身份证号不一致", "Add a relative · name and ID number do not match")
        .acts(&add_form("张建军", "110101195606152114")));
    all.push(at("family-add-other-family", "/family/add", Verified, "family-add/problem-InOtherFamily", "添加家庭成员 · 已在他人的亲情账户中", "Add a relative · in another payer's family").acts(&ADD_LI_NA));
    all.push(at("family-add-already", "/family/add", Verified, "family-add/problem-AlreadyMember", "添加家庭成员 · 已是家庭成员", "Add a relative · in the family already").person(CHEN_JING).acts(&ADD_LI_NA));
    all.push(at("family-add-full", "/family/add", Verified, "family-add/problem-FamilyFull", "添加家庭成员 · 已满 5 人", "Add a relative · the family is full").person(ZHAO_GUOQIANG).acts(&ADD_ZHANG_JIANGUO));
    problems(all, &at("family-add-send", "/family/add", Verified, "family-add", "添加家庭成员", "Add a relative").acts(&ADD_ZHANG_JIANGUO), Op::AddFamilyMember, faults());

    let consent = |id: &str, shows: &str, zh: &str, en: &str| at(id, "/family/consent", Verified, shows, zh, en).relative(ZHANG_JIANGUO, Relationship::Parent, false).query("member={member}");
    all.push(consent("family-consent", "family-consent/code", "亲属授权 · 输入验证码", "Their consent · the code"));
    all.push(consent("family-consent-invalid", "family-consent/invalid", "亲属授权 · 验证码格式不对", "Their consent · not six digits").acts(&[Act::Fill("#consent-code", "12"), Act::Click(SUBMIT)]));
    all.push(consent("family-consent-wrong", "family-consent/problem-InvalidCode", "亲属授权 · 验证码不正确", "Their consent · a wrong code").acts(&[Act::Fill("#consent-code", "000000"), Act::Click(SUBMIT)]));
    all.push(consent("family-consent-expired", "family-consent/problem-CodeExpired", "亲属授权 · 验证码已过期", "Their consent · the code expired")
        .script(Op::ConfirmFamilyConsent, Misbehave::Fail(ApiError::CodeExpired)).acts(&TYPE_CODE));
    all.push(consent("family-consent-locked", "family-consent/problem-TooManyAttempts", "亲属授权 · 输错次数过多", "Their consent · too many wrong codes")
        .script(Op::ConfirmFamilyConsent, Misbehave::Fail(ApiError::TooManyAttempts)).acts(&TYPE_CODE));
    all.push(consent("family-consent-too-soon", "family-consent/problem-TooManyRequests", "亲属授权 · 重新发送过于频繁", "Their consent · a new code too soon").acts(&[Act::Click("[data-testid=resend-consent]")]));
    all.push(consent("family-consent-loading", "family-consent/loading", "亲属授权 · 加载中", "Their consent · loading").script(Op::GetFamily, Misbehave::Hang));
    all.push(at("family-consent-given", "/family/consent", Verified, "family-consent/consent-Granted", "亲属授权 · 已授权", "Their consent · given already")
        .relative(ZHANG_JIANGUO, Relationship::Parent, true).query("member={member}"));
    all.push(at("family-consent-no-member", "/family/consent", Verified, "family-consent/no-member", "亲属授权 · 没有这位成员", "Their consent · no such relative").query("member=fm_none"));
    problems(all, &consent("family-consent-send", "family-consent", "亲属授权", "Their consent").acts(&TYPE_CODE), Op::ConfirmFamilyConsent, faults());
    family_order(all);
}

/// Ticks 刘洋's three relatives, chooses 二档 and goes on to the amounts.
const PICK_ALL: [Act; 5] = [
    Act::Click(".member-list li:nth-child(1) [data-testid=pick-member]"),
    Act::Click(".member-list li:nth-child(2) [data-testid=pick-member]"),
    Act::Click(".member-list li:nth-child(3) [data-testid=pick-member]"),
    Act::Click("#tier-tier-2"),
    Act::Click("[data-testid=start-order]"),
];
const PAY_FROM_ACCOUNT: [Act; 7] = [PICK_ALL[0], PICK_ALL[1], PICK_ALL[2], PICK_ALL[3], PICK_ALL[4], Act::Click("#method-family_medical_account"), Act::Click(PAY)];
const PAY_BY_WALLET: [Act; 7] = [PICK_ALL[0], PICK_ALL[1], PICK_ALL[2], PICK_ALL[3], PICK_ALL[4], Act::Click("#method-wallet"), Act::Click(PAY)];

/// 家庭缴费: 刘洋 (insured in Chengdu, where 家庭共济 is allowed) with his spouse, his father and
/// his daughter; each member's state, one order for the three, its parts and their receipts.
fn family_order(all: &mut Vec<Entry>) {
    use Stage::*;
    let at = |id: &str, shows: &str, zh: &str, en: &str| entry(id, "/family/order", Verified, shows, zh, en).record("510100").person(LIU_YANG);
    all.push(at("family-order", "family-order/status-due", "家庭缴费 · 各成员待缴费", "Family order · each relative to pay"));
    all.push(at("family-order-invalid", "family-order/invalid", "家庭缴费 · 未勾选、未选档次", "Family order · nobody ticked, no tier").acts(&[Act::Click("[data-testid=start-order]")]));
    all.push(at("family-order-closed", "family-order/status", "家庭缴费 · 缴费期已截止", "Family order · the year has closed").query("year=2025"));
    all.push(at("family-order-flexible", "family-order/status-alone", "家庭缴费 · 灵活就业（逐人缴费）", "Family order · flexible employment (one at a time)").query("product=flexible_medical&year=2026"));
    all.push(at("family-order-mixed", "family-order/status", "家庭缴费 · 已缴费、授权未生效", "Family order · paid, consent not in force").record("430100").person(CHEN_JING));
    all.push(at("family-order-empty", "family-order/status-empty", "家庭缴费 · 还没有家庭成员", "Family order · no relatives yet").record(BEIJING).person(ZHANG_WEI));
    all.push(at("family-order-loading", "family-order/loading", "家庭缴费 · 加载中", "Family order · loading").script(Op::GetFamilyStatus, Misbehave::Hang));
    all.push(at("family-order-paid-meanwhile", "family-order/problem-AlreadyPaid", "家庭缴费 · 其中有人已由他人缴费", "Family order · someone paid meanwhile")
        .acts(&PICK_ALL).script(Op::CreateFamilyQuote, Misbehave::Fail(ApiError::AlreadyPaid)));
    problems(all, &at("family-order-read", "family-order", "家庭缴费", "Family order"), Op::GetFamilyStatus, faults());
    problems(all, &at("family-order-quote", "family-order", "家庭缴费 · 核算金额", "Family order · pricing").acts(&PICK_ALL), Op::CreateFamilyQuote, faults());

    let pay = |id: &str, stage: Stage, shows: &str, zh: &str, en: &str| entry(id, "/family/order", stage, shows, zh, en).record("510100").person(LIU_YANG);
    all.push(pay("family-pay", Verified, "family-pay/order-review", "核对家庭缴费 · 每人一栏明细", "Family order · a block for each").acts(&PICK_ALL));
    all.push(pay("family-pay-split", Verified, "family-pay/order-review", "核对家庭缴费 · 家庭共济超过单笔限额分笔", "Family order · family mutual aid over the limit, in parts")
        .acts(&PAY_FROM_ACCOUNT[..6]));
    all.push(pay("family-pay-done", Verified, "family-pay/order-done", "家庭缴费 · 已分笔付清，每人一张凭证", "Family order · paid in parts, a receipt each").acts(&PAY_FROM_ACCOUNT));
    all.push(pay("family-pay-processing", Processing, "family-pay/part-processing", "家庭缴费 · 第 1 笔处理中", "Family order · the first part processing").acts(&PAY_FROM_ACCOUNT));
    all.push(pay("family-pay-under-way", Processing, "family-order/order-under-way", "家庭缴费 · 有未付完的订单", "Family order · an order not fully paid")
        .acts(&[PAY_FROM_ACCOUNT[0], PAY_FROM_ACCOUNT[1], PAY_FROM_ACCOUNT[2], PAY_FROM_ACCOUNT[3], PAY_FROM_ACCOUNT[4], PAY_FROM_ACCOUNT[5], PAY_FROM_ACCOUNT[6], Act::Click("[data-testid=back-to-order]")]));
    all.push(pay("family-pay-paid-meanwhile", Verified, "family-pay/problem-AlreadyPaid", "家庭缴费 · 付款时发现已由他人缴费", "Family order · paid by someone else meanwhile")
        .acts(&PAY_BY_WALLET).script(Op::CreateFamilyPayment, Misbehave::Fail(ApiError::AlreadyPaid)));
    problems(all, &pay("family-pay-send", Verified, "family-pay", "家庭缴费 · 支付", "Family order · paying").acts(&PAY_BY_WALLET), Op::CreateFamilyPayment, faults());
}

/// Every on-demand screen while its code is on its way, and when it did not arrive (a dropped
/// connection, a 404 after a deploy): the loading state, and the problem with its retry.
fn code_arrival(all: &mut Vec<Entry>) {
    use Stage::*;
    let screens: [(&str, &'static str, Stage, &'static str); 20] = [
        ("identity", "/identity", Chosen, ""),
        ("face-check", "/face-check", Session, "session={session}&return=%2Fidentity"),
        ("tier", "/tier", Verified, ""),
        ("payment", "/payment", Quoted, ""),
        ("review", "/review", MethodChosen, ""),
        ("processing", "/processing", Processing, ""),
        ("result", "/result", Settled, ""),
        ("receipt", "/receipt", Settled, ""),
        ("check", "/check", Settled, "serial={serial}&code={code}"),
        ("record", "/record", Start, ""),
        ("record-year", "/record/year", Start, "year=2025"),
        ("record-spending", "/record/spending", Start, ""),
        ("record-proof", "/record/proof", Start, ""),
        ("family", "/family", Start, ""),
        ("family-add", "/family/add", Start, ""),
        ("family-consent", "/family/consent", Start, "member=fm_none"),
        ("family-order", "/family/order", Start, ""),
        ("family-pay", "/family/order/pay", Start, ""),
        ("not-found", "/no-such-page", Start, ""),
        ("gallery", "/preview", Start, ""),
    ];
    for (id, path, stage, query) in screens {
        let name = screen_for(path).name;
        let (zh, en) = screen_for(path).title;
        all.push(entry(&format!("{id}-code-arriving"), path, stage, &format!("{name}/loading"), &format!("{zh} · 页面下载中"), &format!("{en} · page downloading"))
            .code(Misload::Hang).query(query));
        all.push(entry(&format!("{id}-code-failed"), path, stage, &format!("{name}/problem-ChunkLoad"), &format!("{zh} · 页面没能下载"), &format!("{en} · page did not download"))
            .code(Misload::Fail).query(query));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn entries_have_unique_ids_and_say_what_they_show() {
        let all = catalog();
        let mut ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "duplicate ids");
        for e in &all {
            assert!(!e.shows.is_empty() && e.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", e.id);
        }
    }
}
