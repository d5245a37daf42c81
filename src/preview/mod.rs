//! The screen gallery: every screen in every state it can be in, each at its own URL
//! (`/preview/<entry>`), rendered by the real screens. An entry is a recipe: how far a payment
//! goes on an in-memory demo backend before the screen shows, which call (if any) then fails or
//! never answers, and what the person does on the screen (press, type). `/preview` lists them.

pub(crate) mod catalog;
pub mod gallery;

pub use catalog::catalog;

use crate::api::demo::{fixtures, DemoBackend, DemoTiming};
use crate::api::*;
use crate::care::Care;
use crate::components::layout::Shell;
use crate::i18n::{Lang, Language};
use crate::domain::time_limit::TokenTime;
use crate::platform::{now_ms, sleep_ms, storage_get, Store};
use crate::router::{param_in, provide_location};
use crate::state::{keep_pending_in_memory, AppState, Flow, IdentityDraft, LANG_KEY};
use crate::api::demo::Misbehave;
use crate::api::operations::Op;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// How far the payment has gone when the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Start,
    /// Region, product and year chosen.
    Chosen,
    /// The person's details typed (in memory, as after typing them).
    Typed,
    /// Verification started: the methods are on offer.
    Session,
    Verified,
    Quoted,
    MethodChosen,
    /// Pay pressed and no answer seen.
    Pressed,
    /// Pay pressed, then the tab closed: a new visit with the payment pending.
    ClosedTab,
    /// The payment is processing (and stays so).
    Processing,
    Cancelled,
    /// The payment reached its outcome (the demo person decides which).
    Settled,
}

/// Something the person does on the screen before it is shown, as they would.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Act {
    Click(&'static str),
    Fill(&'static str, &'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub label: (String, String),
    /// The screen asked for.
    pub path: &'static str,
    /// The screen and state shown (`screen` or `screen/state`, as `data-screen` and
    /// `data-state` mark them): the gallery's tests check the entry shows it.
    pub shows: String,
    pub stage: Stage,
    /// Which demo person pays (an index into the fixtures' people).
    pub person: usize,
    pub order: (&'static str, ProductCode, u16),
    pub script: Option<(Op, Misbehave)>,
    /// How the screen's own code arrives: by default at once; or never, or not at all.
    pub code: Option<crate::screens::Misload>,
    /// The tier chosen (from `Stage::Quoted` on); by default the middle tier or the first
    /// suggested base.
    pub choice: Option<TierChoice>,
    pub acts: Vec<Act>,
    /// Added to the screen's query; `{session}`, `{serial}`, `{code}`, `{proof}` and `{member}` are filled in.
    pub query: &'static str,
    /// Voice guidance on (its caption bar shows in care mode).
    pub voice: bool,
    /// Reading the record of this city instead of paying: `stage` goes up to `Verified`.
    pub record_city: Option<&'static str>,
    /// A relative (of the demo's `RELATIVES`) added to the family once verified for reading,
    /// and whether their consent is then given; `{member}` in `query` is their id.
    pub relative: Option<(usize, Relationship, bool)>,
    /// 亲情社保: the record screens read the family's member at this index, in this city (by
    /// default the payer's).
    pub member_record: Option<(usize, Option<&'static str>)>,
    /// The token's seconds left when the screen shows, and whether it can be given more time
    /// (by default what the backend gave).
    pub time_left: Option<(u64, bool)>,
}

impl Entry {
    pub fn screen(&self) -> &str {
        self.shows.split('/').next().unwrap_or_default()
    }
}

/// What preparing an entry produced.
#[derive(Default)]
struct Prepared {
    flow: Flow,
    draft: IdentityDraft,
    session: String,
    serial: String,
    /// The receipt's QR check code.
    code: String,
    proof: String,
    member: String,
}

/// Takes the payment as far as `entry.stage` on the demo backend, as the app would.
async fn prepare(demo: &DemoBackend, entry: &Entry) -> Result<Prepared, ApiError> {
    let mut p = Prepared::default();
    if let Some(city) = entry.record_city {
        p.flow.purpose = Purpose::Record;
        return prepare_record(demo, entry, city, p).await;
    }
    if entry.stage < Stage::Chosen {
        return Ok(p);
    }
    let (city_code, product, year) = entry.order;
    let city = fixtures::city(city_code).ok_or(ApiError::NotFound)?;
    let regions = demo.regions().await?;
    p.flow.province = Some(city.province_code.into());
    p.flow.place = crate::pages::pay::entry::place_name(&regions, city_code);
    p.flow.set_order(Some(city_code.into()), Some(product), Some(year));
    let order = p.flow.order().ok_or(ApiError::NotFound)?;
    let person = &fixtures::PEOPLE[entry.person];
    if entry.stage >= Stage::Typed {
        p.draft = IdentityDraft { name: person.name.into(), id_number: person.id_number.into(), mobile: person.mobile.into() };
    }
    if entry.stage >= Stage::Session {
        let request = StartVerification::to_pay(order.clone(), person.name.into(), person.id_number.into(), person.mobile.into());
        let session = demo.start_verification(request).await?;
        p.session = session.session_id.clone();
        p.flow.verification = Some(session);
    }
    if entry.stage < Stage::Verified {
        return Ok(p);
    }
    let verified = if city.verify_methods.contains(&VerifyMethod::Sms) {
        demo.send_sms_code(&p.session).await?;
        demo.check_sms_code(&p.session, fixtures::DEMO_SMS_CODE).await?
    } else {
        demo.check_ecard_password(&p.session, fixtures::DEMO_ECARD_PASSWORD).await?
    };
    p.flow.token_time = token_time(entry, &verified);
    let token = verified.token.unwrap_or_default();
    p.flow.token = Some(token.clone());
    if entry.stage < Stage::Quoted {
        return Ok(p);
    }
    let choice = match entry.choice.clone() {
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
    if entry.stage < Stage::MethodChosen {
        return Ok(p);
    }
    let offers = demo.payment_methods(&token, &quote.quote_id).await?;
    let method = offers.iter().find(|o| o.method == PaymentMethod::FiscalPayOnBehalf || quote.breakdown.total <= o.single_limit).map(|o| o.method);
    p.flow.method = Some(method.unwrap_or(PaymentMethod::Wallet));
    if entry.stage < Stage::Pressed {
        return Ok(p);
    }
    // Through the flow's own transitions: pay pressed, answered, the payment seen.
    let key = p.flow.press_pay();
    if entry.stage == Stage::Pressed {
        return Ok(p);
    }
    if entry.stage == Stage::ClosedTab {
        keep_pending_in_memory(p.flow.pending_payment().into_iter().collect());
        return Ok(Prepared { draft: p.draft, ..Prepared::default() });
    }
    let request = CreatePayment { quote_id: quote.quote_id.clone(), method: p.flow.method.unwrap_or(PaymentMethod::Wallet) };
    let mut payment = demo.create_payment(&token, request, &key).await?;
    p.flow.pay_answered(&Ok(payment.clone()));
    if entry.stage == Stage::Cancelled {
        payment = demo.cancel_payment(&token, &payment.payment_id).await?;
    } else if entry.stage == Stage::Settled {
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

/// Takes reading the record of `city_code` as far as `entry.stage`: the city chosen, the
/// details typed, the verification started, then verified with the city's methods in order.
async fn prepare_record(demo: &DemoBackend, entry: &Entry, city_code: &str, mut p: Prepared) -> Result<Prepared, ApiError> {
    if entry.stage < Stage::Chosen {
        return Ok(p);
    }
    let city = fixtures::city(city_code).ok_or(ApiError::NotFound)?;
    let regions = demo.regions().await?;
    p.flow.choose_record(Some(city.province_code.into()), crate::pages::pay::entry::place_name(&regions, city_code), city_code.into());
    let person = &fixtures::PEOPLE[entry.person];
    if entry.stage >= Stage::Typed {
        p.draft = IdentityDraft { name: person.name.into(), id_number: person.id_number.into(), mobile: person.mobile.into() };
    }
    if entry.stage < Stage::Session {
        return Ok(p);
    }
    let session = demo.start_verification(StartVerification::to_read_record(city_code.into(), person.name.into(), person.id_number.into(), person.mobile.into())).await?;
    p.session = session.session_id.clone();
    p.flow.set_session(Some(session));
    if entry.stage < Stage::Verified {
        return Ok(p);
    }
    for method in city.verify_methods {
        let verified = match method {
            VerifyMethod::Sms => {
                demo.send_sms_code(&p.session).await?;
                demo.check_sms_code(&p.session, fixtures::DEMO_SMS_CODE).await?
            }
            VerifyMethod::Ecard => demo.check_ecard_password(&p.session, fixtures::DEMO_ECARD_PASSWORD).await?,
            VerifyMethod::Face => {
                demo.start_face(&p.session, "/identity").await?;
                demo.face_result(&p.session).await?
            }
        };
        let time = token_time(entry, &verified);
        if let Some(token) = verified.token {
            // A proof to check, for entries of the check page.
            if entry.query.contains("{proof}") {
                p.proof = demo.record_proof(&token, city_code).await?.code;
            }
            if let Some((relative, relationship, consent)) = entry.relative {
                let family = demo.family_api().await?;
                let relative = &crate::api::demo::family::RELATIVES[relative];
                let added = family.add_member(&token, AddMember { name: relative.name.into(), id_number: relative.id_number.into(), relationship }).await?;
                if consent {
                    family.confirm_consent(&token, &added.member_id, fixtures::DEMO_SMS_CODE).await?;
                }
                p.member = added.member_id;
            }
            p.flow.record_verified(token.clone());
            p.flow.token_granted(time);
            if let Some((index, member_city)) = entry.member_record {
                let family = demo.family_api().await?.family(&token).await?;
                let member = family.members.get(index).ok_or(ApiError::NotFound)?;
                p.flow.read_member_record(member.member_id.clone(), member.name.clone());
                if let Some(code) = member_city {
                    let place = crate::pages::pay::entry::place_name(&regions, code).ok_or(ApiError::NotFound)?;
                    p.flow.read_record_in(code.into(), place);
                }
            }
            break;
        }
    }
    Ok(p)
}

/// When the token runs out in the preview: `entry.time_left` from now, else as the backend said.
fn token_time(entry: &Entry, verified: &Verified) -> Option<TokenTime> {
    match entry.time_left {
        Some((seconds, can_extend)) => Some(TokenTime { expires_at: now_ms() + seconds * 1000, can_extend }),
        None => TokenTime::from_now(now_ms(), verified.expires_in_seconds, true),
    }
}

/// Waits (up to 5 s) for the element `selector` to appear.
async fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    for _ in 0..100 {
        if let Some(el) = document().query_selector(selector).ok().flatten().and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) {
            return Some(el);
        }
        sleep_ms(50).await;
    }
    None
}

/// Does what the person would on the screen: presses, types (an input event, as typing gives).
async fn act(acts: &[Act]) -> Result<(), String> {
    for step in acts {
        match step {
            Act::Click(selector) => element(selector).await.ok_or(format!("no {selector}"))?.click(),
            Act::Fill(selector, text) => {
                let input: web_sys::HtmlInputElement = element(selector).await.and_then(|el| el.dyn_into().ok()).ok_or(format!("no input {selector}"))?;
                input.set_value(text);
                let event = web_sys::Event::new_with_event_init_dict("input", &{
                    let init = web_sys::EventInit::new();
                    init.set_bubbles(true);
                    init
                })
                .map_err(|_| "event".to_string())?;
                let _ = input.dispatch_event(&event);
            }
        }
        // Let the screen answer each step before the next, as a person would wait.
        sleep_ms(100).await;
    }
    Ok(())
}

/// `/preview/<id>`: one gallery entry as a whole page. `?care=1`, `?lang=en` choose the mode
/// and language without remembering them; `?bare=1` leaves out the preview bar (for frames and
/// screenshots). Everything stays in memory: the person's real progress is untouched.
#[component]
pub fn PreviewApp() -> impl IntoView {
    let pathname = window().location().pathname().unwrap_or_default();
    let id = pathname.trim_start_matches("/preview/");
    let search = window().location().search().unwrap_or_default();
    let lang = param_in(&search, "lang").and_then(|c| Lang::from_code(&c))
        .or_else(|| storage_get(Store::Local, LANG_KEY).and_then(|c| Lang::from_code(&c)))
        .unwrap_or_default();
    let bare = param_in(&search, "bare").as_deref() == Some("1");
    let entry = catalog().into_iter().find(|e| e.id == id);
    // An entry with voice guidance shows its captions, without a sound.
    let care = Care::with(param_in(&search, "care").as_deref() == Some("1"), entry.as_ref().is_some_and(|e| e.voice), false);
    // Payments stay processing in the entries that show one processing (or cancel it).
    let settle_ms = match entry.as_ref().map(|e| e.stage) {
        Some(Stage::Processing | Stage::Cancelled) => 24 * 3_600_000,
        _ => 0,
    };
    let origin = window().location().origin().unwrap_or_default();
    let demo = DemoBackend::ephemeral(DemoTiming { latency_ms: 0, settle_ms, expire_ms: 0 }).with_verify_base(format!("{origin}/check"));
    // The screen's backend has the entry's operation misbehave; `prepare` uses the same database
    // without it.
    let api = Arc::new(match entry.as_ref().and_then(|e| e.script.clone()) {
        Some((op, misbehave)) => demo.scripted(op, misbehave),
        None => demo.clone(),
    });
    let state = AppState::preview(api, lang);
    provide_context(Language(state.lang));
    provide_context(state.clone());
    provide_context(care);
    let location = provide_location();
    let ready = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let path = entry.as_ref().map_or("/nowhere", |e| e.path);
    if let Some(entry) = entry.clone() {
        spawn_local(async move {
            match prepare(&demo, &entry).await {
                Ok(prepared) => {
                    let extra = entry.query.replace("{session}", &prepared.session).replace("{serial}", &prepared.serial).replace("{code}", &prepared.code).replace("{proof}", &prepared.proof).replace("{member}", &prepared.member);
                    if !extra.is_empty() {
                        location.query.update(|q| *q = if q.is_empty() { extra } else { format!("{q}&{extra}") });
                    }
                    state.flow.set(prepared.flow);
                    state.draft.set(prepared.draft);
                    if let Some(misload) = entry.code {
                        crate::screens::script_next_load(misload);
                    }
                }
                Err(error) => failure.set(Some(format!("preparing {}: {error}", entry.id))),
            }
            ready.set(true);
            sleep_ms(50).await;
            if let Err(problem) = act(&entry.acts).await {
                failure.set(Some(problem));
            }
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("data-preview", if failure.get_untracked().is_some() { "failed" } else { "ready" });
            }
        });
    } else {
        // No such entry: the bar says so and the not-found screen shows at once.
        ready.set(true);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-preview", "ready");
        }
    }
    // The entry's own URL shows its screen; a step taken from there carries on in memory.
    let here = move || {
        let current = location.path.get();
        if current.starts_with("/preview/") { path.to_string() } else { current }
    };
    provide_context(crate::components::time_limit::ShownPath(Signal::derive(here)));
    // No screen is named while the entry is being prepared: that wait is the gallery's, not a
    // state of the screen.
    let screen = Signal::derive(move || ready.get().then(|| crate::screens::screen_for(&here()).name));
    let label = entry.as_ref().map(|e| e.label.clone());
    view! {
        {(!bare).then(|| view! { <gallery::PreviewBar label failure /> })}
        <Shell screen>
            {move || if ready.get() {
                crate::screens::screen_at(&here())
            } else {
                view! { <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>{crate::i18n::tr("正在准备预览…", "Preparing the preview…")}</p> }.into_any()
            }}
        </Shell>
    }
}
