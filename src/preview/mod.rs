//! The screen gallery: every screen in every state it can be in, each at its own URL
//! (`/preview/<entry>`), rendered by the real screens. An entry is a recipe: how far a payment
//! goes on an in-memory demo backend before the screen shows, which call (if any) then fails or
//! never answers, and what the person does on the screen (press, type). `/preview` lists them.

pub(crate) mod catalog;
pub mod gallery;

pub use catalog::catalog;

use crate::api::demo::{DemoBackend, DemoTiming};
use crate::api::*;
use crate::care::Care;
use crate::components::layout::Shell;
use crate::i18n::{Lang, Language};
use crate::domain::time_limit::TokenTime;
use crate::platform::{now_ms, sleep_ms, storage_get, Store};
use crate::router::{param_in, provide_location};
use crate::state::{AppContext, Flow, IdentityDraft, LANG_KEY};
use crate::api::demo::Misbehave;
use crate::api::operations::Op;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// How far the payment has gone when the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reached {
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

/// What an entry's job sets up before its screen shows, through the flow's own transitions on
/// the demo backend. Each job keeps its set-up, and how to prepare it, beside its entries
/// (`pages/<job>/gallery.rs`); a new job adds a variant here, not fields to `Entry`.
#[derive(Debug, Clone, PartialEq)]
pub enum Setup {
    /// Paying for an order (and verifying for it).
    Pay(crate::pages::pay::gallery::PaySetup),
    /// Reading the record of a city, and the family (verifying for it).
    Read(crate::pages::record::gallery::ReadSetup),
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
    pub reached: Reached,
    /// Which demo person pays (an index into the fixtures' people).
    pub person: usize,
    /// What the entry's job sets up before the screen shows.
    pub setup: Setup,
    pub script: Option<(Op, Misbehave)>,
    /// How the screen's own code arrives: by default at once; or never, or not at all.
    pub code: Option<crate::screens::Misload>,
    pub acts: Vec<Act>,
    /// Added to the screen's query; `{session}`, `{serial}`, `{code}`, `{proof}` and `{member}` are filled in.
    pub query: &'static str,
    /// Voice guidance on (its caption bar shows in care mode).
    pub voice: bool,
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
pub(crate) struct Prepared {
    pub flow: Flow,
    pub draft: IdentityDraft,
    pub session: String,
    pub serial: String,
    /// The receipt's QR check code.
    pub code: String,
    pub proof: String,
    pub member: String,
    /// The payment made, for the stand-in cashier's page.
    pub payment: String,
}

/// Takes the entry's job as far as `entry.reached` on the demo backend, as the app would.
async fn prepare(demo: &DemoBackend, entry: &Entry) -> Result<Prepared, ApiError> {
    match &entry.setup {
        Setup::Pay(setup) => crate::pages::pay::gallery::prepare(demo, entry, setup).await,
        Setup::Read(setup) => crate::pages::record::gallery::prepare(demo, entry, setup).await,
    }
}

/// Passes `method` in the demo as its people do: the demo's code or password, or the face
/// stand-in (`back` is where the face hand-off returns).
pub(crate) async fn pass(demo: &DemoBackend, session_id: &str, method: VerifyMethod, back: &str) -> Result<Verified, ApiError> {
    use crate::api::demo::fixtures::{DEMO_ECARD_PASSWORD, DEMO_SMS_CODE};
    match method {
        VerifyMethod::Sms => {
            demo.send_sms_code(session_id).await?;
            demo.check_sms_code(session_id, DEMO_SMS_CODE).await
        }
        VerifyMethod::Ecard => demo.check_ecard_password(session_id, DEMO_ECARD_PASSWORD).await,
        VerifyMethod::Face => {
            demo.start_face(session_id, back).await?;
            demo.face_result(session_id).await
        }
    }
}

/// When the token runs out in the preview: `entry.time_left` from now, else as the backend said.
pub(crate) fn token_time(entry: &Entry, verified: &Verified) -> Option<TokenTime> {
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
    let settle_ms = match entry.as_ref().map(|e| e.reached) {
        Some(Reached::Processing | Reached::Cancelled) => 24 * 3_600_000,
        _ => 0,
    };
    let origin = window().location().origin().unwrap_or_default();
    let demo = DemoBackend::ephemeral(DemoTiming { latency_ms: 0, settle_ms, expire_ms: 0 }).with_verify_base(format!("{origin}/check"));
    // The stand-in cashier is this app's page, unless the entry shows one the app refuses.
    let foreign_cashier = entry.as_ref().is_some_and(|e| matches!(&e.setup, Setup::Pay(pay) if pay.foreign_cashier));
    // Inside WeChat, its sheet opens and stays open (the payer has not answered it yet).
    if entry.as_ref().is_some_and(|e| matches!(&e.setup, Setup::Pay(pay) if pay.client == crate::api::ClientKind::WechatWebview)) {
        let bridge = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&bridge, &"invoke".into(), &js_sys::Function::new_no_args(""));
        let _ = js_sys::Reflect::set(&window(), &"WeixinJSBridge".into(), &bridge);
    }
    let demo = if foreign_cashier { demo.with_cashier_base("https://cashier.invalid/pay") } else { demo.with_cashier_base(format!("{origin}/cashier")) }.serve_stand_in_cashier();
    // The screen's backend has the entry's operation misbehave; `prepare` uses the same database
    // without it.
    let api = Arc::new(match entry.as_ref().and_then(|e| e.script.clone()) {
        Some((op, misbehave)) => demo.scripted(op, misbehave),
        None => demo.clone(),
    });
    let state = AppContext::preview(api, lang);
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
                    let extra = entry.query.replace("{session}", &prepared.session).replace("{serial}", &prepared.serial).replace("{code}", &prepared.code).replace("{proof}", &prepared.proof).replace("{member}", &prepared.member).replace("{payment}", &prepared.payment);
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
