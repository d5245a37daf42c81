//! The gallery's entries for verifying who one is: the details, each way to verify and how
//! each can fail.

use crate::api::demo::Misbehave;
use crate::api::operations::Op;
use crate::api::{ApiError, ProductCode};
use crate::preview::catalog::*;
use crate::preview::{Act, Entry, Reached};

/// The gallery's heading for each of these screens (kept here, not in the screen table, so the
/// payer's first download does not carry them).
pub(crate) const TITLES: &[(&str, (&str, &str))] = &[
    ("identity", ("身份验证", "Verify who you are")),
];

/// Verifying to pay (verifying to read is with the record's entries).
pub fn entries(all: &mut Vec<Entry>) {
    use Reached::*;
    // Step 2: who is paying.
    let details = entry("identity", "/identity", Chosen, "identity/details", "身份验证 · 填写信息", "Verify · details");
    all.push(details.clone());
    all.push(entry("identity-invalid", "/identity", Chosen, "identity/invalid", "身份验证 · 信息有误", "Verify · details wrong").acts(&[Act::Click(SUBMIT)]));
    all.push(entry("identity-notice", "/tier", Chosen, "identity/notice-VerifyFirst", "身份验证 · 请先验证", "Verify · verify first"));
    let submit_details = details.clone().acts(&[Act::Click(SUBMIT)]);
    let mut start = Entry { reached: Typed, id: "identity-start".into(), label: ("身份验证 · 提交信息".into(), "Verify · send details".into()), ..submit_details };
    problems(all, &start, Op::StartVerification, {
        let mut list = faults();
        list.push((ApiError::IdentityMismatch, "姓名与身份证号不符", "name does not match"));
        list
    });
    start.shows = "identity/invalid".into();
    all.push(Entry { id: "identity-start-refused".into(), label: ("身份验证 · 后端指出字段有误".into(), "Verify · backend refuses a field".into()), ..start.script(Op::StartVerification, Misbehave::Fail(ApiError::InvalidRequest { field: Some("mobile".into()) })) });
    // 未参保: where to register; a pilot county: where to have eligibility confirmed (seed 001, 003).
    let not_registered = |id: &str, zh: &str, en: &str, person: usize| entry(id, "/identity", Typed, "identity/problem-NotRegistered", zh, en).person(person).acts(&[Act::Click(SUBMIT)]);
    all.push(not_registered("identity-not-registered", "身份验证 · 未参保，告知如何登记", "Verify · not registered: where to register", ZHENG_HONG).order(GUANGZHOU, ProductCode::ResidentMedical, 2027));
    all.push(not_registered("identity-not-confirmed", "身份验证 · 试点县资格未线下确认", "Verify · pilot county: eligibility not confirmed", ZHANG_WEI).order(LANKAO, ProductCode::ResidentMedical, 2027));
    all.push(entry("identity-methods", "/identity", Session, "identity/methods", "身份验证 · 选择方式（短信）", "Verify · methods (SMS)").person(ZHANG_WEI));
    all.push(entry("identity-sms-sent", "/identity", Session, "identity/sms-sent", "身份验证 · 验证码已发送", "Verify · code sent").acts(&[Act::Click(SEND_SMS)]));
    all.push(entry("identity-sms-expiring", "/identity", Session, "identity/sms-expiring", "身份验证 · 验证码即将过期", "Verify · code about to expire").script(Op::SendSmsCode, Misbehave::ShortLivedCode).acts(&[Act::Click(SEND_SMS)]));
    all.push(entry("identity-sms-invalid", "/identity", Session, "identity/invalid", "身份验证 · 验证码格式不对", "Verify · code malformed").acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "12"), Act::Click(PANEL_SUBMIT)]));
    all.push(entry("identity-sms-wrong", "/identity", Session, "identity/problem-InvalidCode", "身份验证 · 验证码错误", "Verify · wrong code").acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "000000"), Act::Click(PANEL_SUBMIT)]));
    let send = entry("identity-send", "/identity", Session, "identity", "身份验证 · 发送验证码", "Verify · send the code").acts(&[Act::Click(SEND_SMS)]);
    problems(all, &send, Op::SendSmsCode, faults());
    // The phone has had its SMS codes for the hour: the wait, in seconds.
    all.push(Entry { id: "identity-sms-hourly-limit".into(), label: ("身份验证 · 本小时验证码已达上限".into(), "Verify · the hour's SMS codes used up".into()), shows: "identity/problem-TooManyRequests".into(), ..send.clone().script(Op::SendSmsCode, Misbehave::Fail(ApiError::TooManyRequests { retry_after_seconds: Some(1740) })) });
    all.push(Entry { id: "identity-sms-down".into(), label: ("身份验证 · 短信服务不可用".into(), "Verify · SMS provider down".into()), shows: "identity/method-failed".into(), ..send.clone().script(Op::SendSmsCode, Misbehave::Fail(ApiError::MethodUnavailable)) });
    let check = entry("identity-check", "/identity", Session, "identity", "身份验证 · 核对验证码", "Verify · check the code")
        .acts(&[Act::Click(SEND_SMS), Act::Fill("#sms-code", "123456"), Act::Click(PANEL_SUBMIT)]);
    problems(all, &check, Op::CheckSmsCode, {
        let mut list = faults();
        list.push((ApiError::CodeExpired, "验证码已过期", "code expired"));
        list
    });
    all.push(Entry { id: "identity-sms-locked".into(), label: ("身份验证 · 验证码错误次数过多".into(), "Verify · too many wrong codes".into()), shows: "identity/method-failed".into(), ..check.clone().script(Op::CheckSmsCode, Misbehave::Fail(ApiError::TooManyAttempts)) });
    all.push(entry("identity-ecard", "/identity", Session, "identity/ecard", "身份验证 · 电子社保卡密码", "Verify · e-card password").acts(&[Act::Click("#method-ecard")]));
    // Three digits pressed on the keypad: it says how many are in, never which.
    all.push(entry("identity-ecard-typing", "/identity", Session, "identity/ecard", "身份验证 · 用数字键盘输入", "Verify · typing on the keypad")
        .acts(&[Act::Click("#method-ecard"), Act::Click(".keypad .key:nth-child(1)"), Act::Click(".keypad .key:nth-child(3)"), Act::Click(".keypad .key:nth-child(5)")]));
    let ecard = entry("identity-ecard-check", "/identity", Session, "identity", "身份验证 · 核对密码", "Verify · check the password")
        .acts(&[Act::Click("#method-ecard"), Act::Fill("#ecard-password", "135790"), Act::Click(PANEL_SUBMIT)]);
    problems(all, &ecard, Op::CheckEcardPassword, faults());
    all.push(entry("identity-face", "/identity", Session, "identity/face", "身份验证 · 人脸识别", "Verify · face check").acts(&[Act::Click("#method-face")]));
    all.push(entry("identity-face-cancelled", "/identity", Session, "identity/face-cancelled", "身份验证 · 已取消人脸识别", "Verify · face check cancelled").query("face=cancelled"));
    all.push(entry("identity-face-checking", "/identity", Session, "identity/face-checking", "身份验证 · 正在确认人脸结果", "Verify · checking the face result").query("face=done").script(Op::FaceResult, Misbehave::Hang));
    all.push(entry("identity-face-failed", "/identity", Session, "identity/method-failed", "身份验证 · 人脸未通过", "Verify · face not matched").person(WANG_FANG).query("face=done"));
    all.push(entry("identity-only-ecard-face", "/identity", Session, "identity/ecard", "身份验证 · 只有电子社保卡的城市", "Verify · a city with the e-card only").order(NANJING, ProductCode::ResidentMedical, 2027));
    // Guangdong: the face, then an SMS code, in that order (seed 000 §1).
    let guangzhou = |e: Entry| e.order(GUANGZHOU, ProductCode::ResidentMedical, 2027);
    all.push(guangzhou(entry("identity-steps", "/identity", Session, "identity/verify-step-1", "身份验证 · 依次两步：第 1 步人脸", "Verify · two steps in turn: the face first")));
    all.push(guangzhou(entry("identity-steps-second", "/identity", Session, "identity/verify-step-2", "身份验证 · 第 2 步短信验证码", "Verify · step 2, the SMS code")).steps_passed(1));
    all.push(guangzhou(entry("identity-step-failed", "/identity", Session, "identity/step-failed", "身份验证 · 第 1 步未通过", "Verify · step 1 did not pass")).person(WANG_FANG).query("face=done"));
    let face = entry("identity-face-start", "/identity", Session, "identity", "身份验证 · 开始人脸识别", "Verify · start the face check").acts(&[Act::Click("#method-face"), Act::Click("section.panel .button-primary")]);
    problems(all, &face, Op::StartFace, faults());
    let face_result = entry("identity-face-result", "/identity", Session, "identity", "身份验证 · 人脸结果", "Verify · face result").query("face=done");
    problems(all, &face_result, Op::FaceResult, faults());
    all.push(entry("face-check", "/face-check", Session, "face-check", "人脸识别（演示服务）", "Face check (demo provider)").query("session={session}&return=%2Fidentity"));

    // Captions (字幕) of the voice guidance in care mode, on this screen.
    all.push(entry("captions-sms-sent", "/identity", Session, "identity/sms-sent", "字幕 · 验证码已发送", "Captions · code sent").voice().acts(&[Act::Click(SEND_SMS)]));
    all.push(entry("captions-invalid", "/identity", Chosen, "identity/invalid", "字幕 · 读出错误", "Captions · an error read out").voice().acts(&[Act::Click(SUBMIT)]));
}
