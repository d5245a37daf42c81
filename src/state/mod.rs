//! The flow's state as the app holds it: what the person has chosen and where their payment
//! stands. It is kept in sessionStorage (no name, ID number or phone in it) so a reload keeps
//! progress; what a person types to verify stays in memory only. A payment whose final result
//! this browser has not seen is also kept in localStorage (without the token), so a person who
//! closes the tab and comes back is shown that payment, never a second pay button for it.

use crate::api::ApiClient;
use crate::domain::identity::mask_id_number;
use crate::domain::flow::{RedirectReason, Step};
use crate::i18n::Lang;
use crate::platform::{storage_get, storage_set, Store};
use leptos::prelude::*;
use crate::router::navigate_to;
use std::sync::Arc;

mod flow;
mod record;
mod stored;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use flow::{Flow, PayNext};
pub use record::{MemberRecord, RecordAccess};
pub use stored::*;
use stored::{sync_pending_payments, with_stored_state, STORED};

const FLOW_KEY: &str = "insurance-pay.flow.v1";
const PENDING_KEY: &str = "insurance-pay.pending.v1";
pub const LANG_KEY: &str = "insurance-pay.lang";

/// What the person typed to verify: memory only, never stored, kept while they move around.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdentityDraft {
    pub name: String,
    pub id_number: String,
    pub mobile: String,
}

impl IdentityDraft {
    /// Who is paying, as the screens show it: name and masked ID number while they are in
    /// memory, otherwise (after a reload) the masked mobile the backend confirmed.
    pub fn payer_line(&self, masked_mobile: &str) -> String {
        if self.name.is_empty() {
            masked_mobile.to_string()
        } else {
            format!("{} · {}", self.name, mask_id_number(&self.id_number))
        }
    }
}

/// Everything the screens share, provided once at the root.
#[derive(Clone)]
pub struct AppContext {
    pub api: Arc<dyn ApiClient>,
    pub flow: RwSignal<Flow>,
    pub draft: RwSignal<IdentityDraft>,
    /// Why the person was sent to this screen, shown once at its top.
    pub notice: RwSignal<Option<RedirectReason>>,
    pub lang: RwSignal<Lang>,
}

impl AppContext {
    pub fn new(api: Arc<dyn ApiClient>) -> Self {
        let flow = STORED.get().and_then(|code| (code.load_flow)()).unwrap_or_default();
        let lang = remembered_lang();
        let state = AppContext::unsaved(api, flow, lang);
        let flow = state.flow;
        Effect::new(move |_| {
            flow.with(|f| {
                if f.is_untouched() {
                    // Nothing to keep: a first visit then never fetches the stored state's code.
                    storage_set(Store::Session, FLOW_KEY, None);
                } else {
                    with_stored_state(f, |code, f| (code.save_flow)(f));
                }
                sync_pending_payments(f);
            });
        });
        state
    }

    /// For a gallery preview: keeps everything in memory (the person's real flow and pending
    /// payments in this browser are left as they are).
    pub fn preview(api: Arc<dyn ApiClient>, lang: Lang) -> Self {
        keep_pending_in_memory(Vec::new());
        let state = AppContext::unsaved(api, Flow::default(), lang);
        let flow = state.flow;
        Effect::new(move |_| flow.with(sync_pending_payments));
        state
    }

    fn unsaved(api: Arc<dyn ApiClient>, flow: Flow, lang: Lang) -> Self {
        AppContext { api, flow: RwSignal::new(flow), draft: RwSignal::new(IdentityDraft::default()), notice: RwSignal::new(None), lang: RwSignal::new(lang) }
    }

    pub fn token(&self) -> String {
        self.flow.with_untracked(|f| f.token.clone().unwrap_or_default())
    }
}

/// The language the person chose here before (Chinese when they never did).
pub fn remembered_lang() -> Lang {
    storage_get(Store::Local, LANG_KEY).and_then(|code| Lang::from_code(&code)).unwrap_or_default()
}

pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}

/// A navigation function for event handlers and async tasks. `replace` keeps the step being
/// left out of the back-button history.
pub fn navigator() -> impl Fn(Step, bool) + Clone + Send + Sync + 'static {
    move |step: Step, replace: bool| navigate_to(step.path(), replace)
}

/// What a screen of the payment shows, from the flow. The router has admitted the screen
/// (`screens::screen_at`), so for a consistent flow it is there; if it is not, start over.
pub fn flow_data<T>(data: impl FnOnce(&Flow) -> Option<T>) -> Option<T> {
    let app = use_app();
    let data = app.flow.with_untracked(data);
    if data.is_none() {
        app.notice.set(Some(RedirectReason::ChooseProductFirst));
        request_animation_frame(|| navigate_to(Step::Entry.path(), true));
    }
    data
}
