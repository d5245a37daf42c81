//! The gallery's entries: every state of every screen, as recipes (see `Entry`).

use crate::api::demo::Misbehave;
use crate::api::operations::Op;
use super::{Act, Entry, Reached, Setup};
use crate::pages::pay::gallery::PaySetup;
use crate::api::ApiError;
use crate::screens::{Code, Misload};

pub(crate) const BEIJING: &str = "110100";
pub(crate) const NANJING: &str = "320100";
/// Seed 001's three residents' tiers, and a pension of fixed monthly amounts (Sichuan).
pub(crate) const CHENGDU: &str = "510100";
pub(crate) const CHANGSHA: &str = "430100";
/// Verifies with the face, then an SMS code (Guangdong).
pub(crate) const GUANGZHOU: &str = "440100";
/// Seed 003's rural pilot county: eligibility confirmed offline before paying online.
pub(crate) const LANKAO: &str = "410225";
pub(crate) const SUBMIT: &str = "main form button[type=submit]";
pub(crate) const PANEL_SUBMIT: &str = "section.panel form button[type=submit]";
pub(crate) const SEND_SMS: &str = "[data-testid=send-sms]";
pub(crate) const PAY: &str = "[data-testid=pay]";
pub(crate) const MORE_TIME: &str = "[data-testid=more-time]";

/// Demo people by their fixture index (README lists what each one exercises).
pub(crate) const ZHANG_WEI: usize = 0;
pub(crate) const LI_NA: usize = 1;
pub(crate) const WANG_FANG: usize = 2;
pub(crate) const LIU_YANG: usize = 3;
pub(crate) const CHEN_JING: usize = 4;
pub(crate) const YANG_FAN: usize = 5;
pub(crate) const ZHAO_GUOQIANG: usize = 6;
/// Has used most of her bank card's daily limit today.
pub(crate) const SUN_LI: usize = 8;
/// Has no registration anywhere (未参保).
pub(crate) const ZHENG_HONG: usize = 9;
/// Confirmed offline in the pilot county.
pub(crate) const WU_XIULAN: usize = 10;

pub(crate) fn entry(id: &str, path: &'static str, reached: Reached, shows: &str, zh: &str, en: &str) -> Entry {
    Entry {
        id: id.into(),
        label: (zh.into(), en.into()),
        path,
        shows: shows.into(),
        reached,
        person: ZHANG_WEI,
        setup: Setup::Pay(PaySetup::default()),
        script: None,
        code: None,
        acts: Vec::new(),
        query: "",
        voice: false,
        time_left: None,
    }
}

impl Entry {
    pub(crate) fn person(mut self, person: usize) -> Self {
        self.person = person;
        self
    }
    pub(crate) fn script(mut self, call: Op, misbehave: Misbehave) -> Self {
        self.script = Some((call, misbehave));
        self
    }
    pub(crate) fn code(mut self, misload: Misload) -> Self {
        self.code = Some(misload);
        self
    }
    pub(crate) fn acts(mut self, acts: &[Act]) -> Self {
        self.acts = acts.to_vec();
        self
    }
    pub(crate) fn voice(mut self) -> Self {
        self.voice = true;
        self
    }
    pub(crate) fn query(mut self, query: &'static str) -> Self {
        self.query = query;
        self
    }
    /// The token has `seconds` left when the screen shows (see `components::time_limit`).
    pub(crate) fn time_left(mut self, seconds: u64, can_extend: bool) -> Self {
        self.time_left = Some((seconds, can_extend));
        self
    }
}

/// The problems any call can meet on the way (the fault suite meets each on every call), named
/// as the entries and `data-state` name them.
pub(crate) fn faults() -> Vec<(ApiError, &'static str, &'static str)> {
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
pub(crate) fn problems(all: &mut Vec<Entry>, base: &Entry, call: Op, errors: Vec<(ApiError, &str, &str)>) {
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

/// The gallery's heading for each of these screens (kept here, not in the screen table, so the
/// payer's first download does not carry them).
pub(crate) const TITLES: &[(&str, (&str, &str))] = &[
    ("check", ("凭证查验", "Receipt check")),
    ("not-found", ("页面不存在", "Page not found")),
    ("gallery", ("界面预览", "Screen gallery")),
];

/// The gallery's heading for the screen `name`, from the job that keeps its entries.
pub fn title(name: &'static str) -> (&'static str, &'static str) {
    let jobs = [crate::pages::pay::gallery::TITLES, crate::pages::identity::gallery::TITLES, crate::pages::record::gallery::TITLES, crate::pages::family::gallery::TITLES, TITLES];
    jobs.iter().flat_map(|titles| titles.iter()).find(|(screen, _)| *screen == name).map_or((name, name), |(_, title)| *title)
}

/// Every entry: each job keeps its own beside its screens (`pages/<job>/gallery.rs`); the
/// receipt check, the missing page and the code arriving are the catalogue's.
pub fn catalog() -> Vec<Entry> {
    use Reached::*;
    let mut all = Vec::new();
    crate::pages::pay::gallery::entries(&mut all);
    crate::pages::identity::gallery::entries(&mut all);

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
    crate::pages::record::gallery::entries(&mut all);
    crate::pages::family::gallery::entries(&mut all);
    code_arrival(&mut all);
    all
}

/// Every on-demand screen of the table while its code is on its way, and when it did not arrive
/// (a dropped connection, a 404 after a deploy): the loading state, and the problem with its
/// retry. Nothing needs preparing: the router admits a person in the screen's own code, which
/// never runs here.
fn code_arrival(all: &mut Vec<Entry>) {
    for screen in crate::screens::screens().iter().filter(|s| matches!(s.code, Code::OnDemand(_))) {
        let (name, path) = (screen.name, screen.path);
        let (zh, en) = title(name);
        all.push(entry(&format!("{name}-code-arriving"), path, Reached::Start, &format!("{name}/loading"), &format!("{zh} · 页面下载中"), &format!("{en} · page downloading"))
            .code(Misload::Hang));
        all.push(entry(&format!("{name}-code-failed"), path, Reached::Start, &format!("{name}/problem-ChunkLoad"), &format!("{zh} · 页面没能下载"), &format!("{en} · page did not download"))
            .code(Misload::Fail));
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_screen_has_one_heading_and_every_heading_a_screen() {
        let names: Vec<&str> = crate::screens::screens().iter().map(|s| s.name).collect();
        let jobs = [crate::pages::pay::gallery::TITLES, crate::pages::identity::gallery::TITLES, crate::pages::record::gallery::TITLES, crate::pages::family::gallery::TITLES, TITLES];
        let mut headed: Vec<&str> = jobs.iter().flat_map(|titles| titles.iter().map(|(name, _)| *name)).collect();
        for name in &names {
            assert_eq!(headed.iter().filter(|h| *h == name).count(), 1, "the screen {name} needs one heading in its job's gallery.rs");
        }
        headed.retain(|h| !names.contains(h));
        assert!(headed.is_empty(), "headings of no screen: {headed:?}");
    }

    #[test]
    fn entries_have_unique_ids_and_say_what_they_show() {
        let all = catalog();
        let mut ids: Vec<&str> = all.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "duplicate ids");
        println!("{} gallery entries", all.len());
        for e in &all {
            assert!(!e.shows.is_empty() && e.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", e.id);
        }
    }
}

