//! The gallery's entries for reading the record.

use crate::api::demo::{fixtures, DemoBackend, Misbehave};
use crate::api::operations::Op;
use crate::api::*;
use crate::pages::family::gallery::FamilySetup;
use crate::preview::catalog::*;
use crate::preview::{token_time, Act, Entry, Prepared, Reached, Setup};
use crate::state::IdentityDraft;

/// The gallery's heading for each of these screens (kept here, not in the screen table, so the
/// payer's first download does not carry them).
pub(crate) const TITLES: &[(&str, (&str, &str))] = &[
    ("record", ("我的社保", "My insurance record")),
    ("record-year", ("逐月缴费记录", "Month by month")),
    ("record-spending", ("医保消费记录", "Medical account spending")),
    ("record-proof", ("参保缴费证明", "Proof of insurance")),
];

/// Reading the record of a city (and the family, as `family` says).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadSetup {
    pub city: &'static str,
    pub family: FamilySetup,
}

impl Entry {
    /// Reads the record of `city` instead of paying: `reached` goes up to `Verified`.
    pub(crate) fn record(mut self, city: &'static str) -> Self {
        match &mut self.setup {
            Setup::Read(setup) => setup.city = city,
            _ => self.setup = Setup::Read(ReadSetup { city, family: FamilySetup::default() }),
        }
        self
    }
}

/// Reading the record: the city, the stricter verification, the overview in each city's level
/// of detail, the seed's special cases, each year's months, and the medical spending.
pub fn entries(all: &mut Vec<Entry>) {
    use Reached::*;
    let at = |id: &str, path: &'static str, reached: Reached, shows: &str, zh: &str, en: &str, city: &'static str| entry(id, path, reached, shows, zh, en).record(city);
    all.push(at("record", "/record", Start, "record/choose-city", "我的社保 · 选择城市", "My record · choose the city", BEIJING));
    all.push(at("record-notice", "/record/year", Start, "record/notice-VerifyToRead", "我的社保 · 请先验证", "My record · verify first", BEIJING));
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

/// Takes reading the record of the set-up's city as far as `entry.reached`: the city chosen,
/// the details typed, the verification started, then verified with the city's methods in order
/// (and the family as the set-up says).
pub(crate) async fn prepare(demo: &DemoBackend, entry: &Entry, setup: &ReadSetup) -> Result<Prepared, ApiError> {
    let city_code = setup.city;
    let mut p = Prepared::default();
    p.flow.purpose = Purpose::Record;
    if entry.reached < Reached::Chosen {
        return Ok(p);
    }
    let city = fixtures::city(city_code).ok_or(ApiError::NotFound)?;
    let regions = demo.regions().await?;
    p.flow.choose_record(Some(city.province_code.into()), crate::pages::pay::entry::place_name(&regions, city_code), city_code.into());
    let person = &fixtures::PEOPLE[entry.person];
    if entry.reached >= Reached::Typed {
        p.draft = IdentityDraft { name: person.name.into(), id_number: person.id_number.into(), mobile: person.mobile.into() };
    }
    if entry.reached < Reached::Session {
        return Ok(p);
    }
    let session = demo.start_verification(StartVerification::to_read_record(city_code.into(), person.name.into(), person.id_number.into(), person.mobile.into())).await?;
    p.session = session.session_id.clone();
    p.flow.set_session(Some(session));
    if entry.reached < Reached::Verified {
        return Ok(p);
    }
    for method in city.verify_methods {
        let verified = crate::preview::pass(demo, &p.session, *method, "/identity").await?;
        let time = token_time(entry, &verified);
        if let Some(token) = verified.token {
            // A proof to check, for entries of the check page.
            if entry.query.contains("{proof}") {
                p.proof = demo.record_proof(&token, city_code).await?.code;
            }
            p.flow.record_verified(token.clone());
            p.flow.token_granted(time);
            crate::pages::family::gallery::prepare(demo, &token, &setup.family, &regions, &mut p).await?;
            break;
        }
    }
    Ok(p)
}
