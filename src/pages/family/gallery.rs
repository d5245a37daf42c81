//! The gallery's entries for the family: the list, adding a relative, their consent, their
//! record and the family order.

use crate::api::demo::{fixtures, DemoBackend, Misbehave};
use crate::api::operations::Op;
use crate::api::*;
use crate::preview::catalog::*;
use crate::preview::{Act, Entry, Prepared, Reached, Setup};

/// The gallery's heading for each of these screens (kept here, not in the screen table, so the
/// payer's first download does not carry them).
pub(crate) const TITLES: &[(&str, (&str, &str))] = &[
    ("family", ("亲情账户", "My family")),
    ("family-add", ("添加家庭成员", "Add a relative")),
    ("family-consent", ("亲属授权", "Their consent")),
    ("family-order", ("家庭缴费", "Pay for my family")),
    ("family-pay", ("核对家庭缴费", "Check the family order")),
];

/// The family, once verified for reading: a relative (of the demo's `RELATIVES`) added, and
/// whether their consent is then given (`{member}` in the entry's query is their id); and the
/// family's member whose record is read (亲情社保), at their index, in a city (by default the
/// payer's).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FamilySetup {
    pub relative: Option<(usize, Relationship, bool)>,
    pub member_record: Option<(usize, Option<&'static str>)>,
    /// A family order for every member at the first tier, by wallet from a phone's browser:
    /// its first part sent to the wallet and left there unpaid (the person came back).
    pub order_left_unpaid: bool,
}

impl Entry {
    fn family_setup(&mut self) -> &mut FamilySetup {
        match &mut self.setup {
            Setup::Read(setup) => &mut setup.family,
            _ => panic!("{}: the family is read with the record's verification", self.id),
        }
    }
    /// Adds one of the demo's relatives to the family (with their consent given, or pending).
    pub(crate) fn relative(mut self, relative: usize, relationship: Relationship, consented: bool) -> Self {
        self.family_setup().relative = Some((relative, relationship, consented));
        self
    }
    /// A family order whose first part was left unpaid in the wallet.
    pub(crate) fn order_left_unpaid(mut self) -> Self {
        self.family_setup().order_left_unpaid = true;
        self
    }
    /// Reads the record of the payer's family member at `index`, in `city` (else the payer's).
    pub(crate) fn member_record(mut self, index: usize, city: Option<&'static str>) -> Self {
        self.family_setup().member_record = Some((index, city));
        self
    }
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
pub fn entries(all: &mut Vec<Entry>) {
    use Reached::*;
    let at = |id: &str, path: &'static str, reached: Reached, shows: &str, zh: &str, en: &str| entry(id, path, reached, shows, zh, en).record(BEIJING);
    all.push(at("family", "/family", Start, "family/choose-city", "亲情账户 · 选择参保城市", "My family · choose the city"));
    all.push(at("family-notice", "/family/order", Start, "family/notice-VerifyToRead", "亲情账户 · 请先验证", "My family · verify first"));
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

/// Ticks 刘洋's three relatives, at Chengdu's one standard, and goes on to the amounts.
const PICK_ALL: [Act; 5] = [
    Act::Click(".member-list li:nth-child(1) [data-testid=pick-member]"),
    Act::Click(".member-list li:nth-child(2) [data-testid=pick-member]"),
    Act::Click(".member-list li:nth-child(3) [data-testid=pick-member]"),
    Act::Click("#tier-tier-1"),
    Act::Click("[data-testid=start-order]"),
];
const PAY_FROM_ACCOUNT: [Act; 7] = [PICK_ALL[0], PICK_ALL[1], PICK_ALL[2], PICK_ALL[3], PICK_ALL[4], Act::Click("#method-family_medical_account"), Act::Click(PAY)];
const PAY_BY_WALLET: [Act; 7] = [PICK_ALL[0], PICK_ALL[1], PICK_ALL[2], PICK_ALL[3], PICK_ALL[4], Act::Click("#method-wallet"), Act::Click(PAY)];

/// 家庭缴费: 刘洋 (insured in Chengdu, where 家庭共济 is allowed) with his spouse, his father and
/// his daughter; each member's state, one order for the three, its parts and their receipts.
fn family_order(all: &mut Vec<Entry>) {
    use Reached::*;
    let at = |id: &str, shows: &str, zh: &str, en: &str| entry(id, "/family/order", Verified, shows, zh, en).record("510100").person(LIU_YANG);
    all.push(at("family-order", "family-order/status-due", "家庭缴费 · 各成员待缴费", "Family order · each relative to pay"));
    all.push(at("family-order-invalid", "family-order/invalid", "家庭缴费 · 未勾选成员", "Family order · nobody ticked").acts(&[Act::Click("[data-testid=start-order]")]));
    all.push(at("family-order-closed", "family-order/status", "家庭缴费 · 缴费期已截止", "Family order · the year has closed").query("year=2025"));
    all.push(at("family-order-flexible", "family-order/status-alone", "家庭缴费 · 灵活就业（逐人缴费）", "Family order · flexible employment (one at a time)").query("product=flexible_medical&year=2026"));
    all.push(at("family-order-mixed", "family-order/status", "家庭缴费 · 已缴费、授权未生效", "Family order · paid, consent not in force").record("430100").person(CHEN_JING));
    all.push(at("family-order-empty", "family-order/status-empty", "家庭缴费 · 还没有家庭成员", "Family order · no relatives yet").record(BEIJING).person(ZHANG_WEI));
    all.push(at("family-order-loading", "family-order/loading", "家庭缴费 · 加载中", "Family order · loading").script(Op::GetFamilyStatus, Misbehave::Hang));
    all.push(at("family-order-paid-meanwhile", "family-order/problem-AlreadyPaid", "家庭缴费 · 其中有人已由他人缴费", "Family order · someone paid meanwhile")
        .acts(&PICK_ALL).script(Op::CreateFamilyQuote, Misbehave::Fail(ApiError::AlreadyPaid)));
    problems(all, &at("family-order-read", "family-order", "家庭缴费", "Family order"), Op::GetFamilyStatus, faults());
    problems(all, &at("family-order-quote", "family-order", "家庭缴费 · 核算金额", "Family order · pricing").acts(&PICK_ALL), Op::CreateFamilyQuote, faults());

    let pay = |id: &str, reached: Reached, shows: &str, zh: &str, en: &str| entry(id, "/family/order", reached, shows, zh, en).record("510100").person(LIU_YANG);
    all.push(pay("family-pay", Verified, "family-pay/order-review", "核对家庭缴费 · 每人一栏明细", "Family order · a block for each").acts(&PICK_ALL));
    all.push(pay("family-pay-split", Verified, "family-pay/order-review", "核对家庭缴费 · 家庭共济超过单笔限额分笔", "Family order · family mutual aid over the limit, in parts")
        .acts(&PAY_FROM_ACCOUNT[..6]));
    all.push(pay("family-pay-done", Verified, "family-pay/order-done", "家庭缴费 · 已分笔付清，每人一张凭证", "Family order · paid in parts, a receipt each").acts(&PAY_FROM_ACCOUNT));
    all.push(pay("family-pay-processing", Processing, "family-pay/part-processing", "家庭缴费 · 第 1 笔处理中", "Family order · the first part processing").acts(&PAY_FROM_ACCOUNT));
    all.push(pay("family-pay-under-way", Processing, "family-order/order-under-way", "家庭缴费 · 有未付完的订单", "Family order · an order not fully paid")
        .acts(&[PAY_FROM_ACCOUNT[0], PAY_FROM_ACCOUNT[1], PAY_FROM_ACCOUNT[2], PAY_FROM_ACCOUNT[3], PAY_FROM_ACCOUNT[4], PAY_FROM_ACCOUNT[5], PAY_FROM_ACCOUNT[6], Act::Click("[data-testid=back-to-order]")]));
    all.push(pay("family-pay-paid-meanwhile", Verified, "family-pay/problem-AlreadyPaid", "家庭缴费 · 付款时发现已由他人缴费", "Family order · paid by someone else meanwhile")
        .acts(&PAY_BY_WALLET).script(Op::CreateFamilyPayment, Misbehave::Fail(ApiError::AlreadyPaid)));
    all.push(entry("family-pay-back-unpaid", "/family/order/pay", Verified, "family-pay/back-unpaid", "家庭缴费 · 未付款返回", "Family order · back without paying")
        .record("510100").person(LIU_YANG).order_left_unpaid().query("left=1"));
    problems(all, &pay("family-pay-send", Verified, "family-pay", "家庭缴费 · 支付", "Family order · paying").acts(&PAY_BY_WALLET), Op::CreateFamilyPayment, faults());
}

/// The family as the set-up says, once verified for reading: a relative added (with their
/// consent, or waiting for it), and a member's record read instead of the payer's.
pub(crate) async fn prepare(demo: &DemoBackend, token: &str, setup: &FamilySetup, regions: &[Province], p: &mut Prepared) -> Result<(), ApiError> {
    if let Some((relative, relationship, consent)) = setup.relative {
        let family = demo.family_api().await?;
        let relative = &crate::api::demo::family::RELATIVES[relative];
        let added = family.add_member(token, AddMember { name: relative.name.into(), id_number: relative.id_number.into(), relationship }).await?;
        if consent {
            family.confirm_consent(token, &added.member_id, fixtures::DEMO_SMS_CODE).await?;
        }
        p.member = added.member_id;
    }
    if let Some((index, member_city)) = setup.member_record {
        let family = demo.family_api().await?.family(token).await?;
        let member = family.members.get(index).ok_or(ApiError::NotFound)?;
        p.flow.read_member_record(member.member_id.clone(), member.name.clone());
        if let Some(code) = member_city {
            let place = crate::pages::pay::entry::place_name(regions, code).ok_or(ApiError::NotFound)?;
            p.flow.read_record_in(code.into(), place);
        }
    }
    if setup.order_left_unpaid {
        leave_order_unpaid(demo, token, &p.flow.record.as_ref().map(|r| r.city.clone()).unwrap_or_default(), p).await?;
    }
    Ok(())
}

/// Makes a family order for every member of the payer's family, sends its first part to the
/// wallet and leaves it there, as the pay screen does when the person comes back unpaid.
async fn leave_order_unpaid(demo: &DemoBackend, record_token: &str, city: &str, p: &mut Prepared) -> Result<(), ApiError> {
    use crate::domain::family_order::FamilyOrderFlow;
    let family = demo.family_api().await?;
    let order = OrderRef { city: city.into(), product: ProductCode::ResidentMedical, year: 2027 };
    let members: Vec<String> = family.family_status(record_token, &order).await?.members.into_iter().map(|m| m.member_id).collect();
    let start = StartVerification { prior_token: Some(record_token.into()), ..StartVerification::to_pay(order.clone(), String::new(), String::new(), String::new()) };
    let token = demo.start_verification(start).await?.verified.and_then(|v| v.token).ok_or(ApiError::SessionExpired)?;
    let tier = "tier-1".to_string();
    let quote = family.family_quote(&token, FamilyQuoteRequest { order, tier: tier.clone(), members: members.clone() }).await?;
    let wallet = quote.methods.iter().find(|m| m.method == PaymentMethod::Wallet).cloned().ok_or(ApiError::MethodUnavailable)?;
    let mut flow = FamilyOrderFlow::default();
    flow.choose(tier, members);
    flow.quote = Some(quote.clone());
    let mut keys = (0..).map(|n| format!("gallery-family-{n}"));
    flow.choose_method(&wallet, || keys.next().unwrap_or_default()).map_err(|_| ApiError::MethodUnavailable)?;
    let key = flow.press_pay(0, || keys.next().unwrap_or_default()).unwrap_or_default();
    let request = CreateFamilyPayment { quote_id: quote.quote_id, method: PaymentMethod::Wallet, members: flow.parts[0].members.clone(), client: Some(ClientKind::MobileBrowser), return_url: Some(crate::pages::pay::handoff::return_address(&format!("{}/pay", super::order::FAMILY_ORDER_PATH))) };
    let answer = family.create_family_payment(&token, request, &key).await;
    flow.part_answered(0, &answer);
    flow.parts[0].attempt.hand_off();
    flow.parts[0].attempt.back_unpaid();
    p.flow.family_order = serde_json::to_string(&flow).ok();
    Ok(())
}
