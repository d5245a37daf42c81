//! Every screen, listed once: its path, its name (`data-screen`), its place in the payment
//! flow, who may open it, and how its code reaches the browser (its heading in the gallery is
//! with its gallery entries, out of the payer's download). The router, the step
//! counter, the gallery and the tests all read this table.
//!
//! Only the first screen is in the main download. Every other screen is a split point: its code
//! (and whatever only it uses, its text included) is cut into its own file by wasm-split and
//! fetched the first time the screen is shown. A failed fetch is shown as a problem with a retry;
//! nothing the person typed is lost, because it lives in the app state, not in the screen.

use crate::domain::access::{admit, Admission, Audience, Job, Target};
use crate::domain::flow::Step;
use crate::domain::time_limit::TokenUse;
use crate::on_demand::{when_arrived, ChunkError, Loaded, SplitPoint};
use crate::pages;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::HashMap;

/// Builds a screen's view. It is called where the screen mounts, so it sees the app's context.
pub type MakeView = fn() -> AnyView;

/// How a screen's code reaches the browser.
#[derive(Clone, Copy)]
pub enum Code {
    /// In the main download: the first screen a payer sees.
    Eager(MakeView),
    /// Fetched the first time the screen is shown.
    OnDemand(&'static SplitPoint<MakeView>),
}

/// A screen's split point. Before the screen mounts, the router admits the person (`admitted`:
/// the first screen is open to anyone, so this code stays out of the first download). Every
/// screen but the first may act with a token, so each carries the slot where the time limit
/// shows (see `components::time_limit`).
macro_rules! screen_chunk {
    ($chunk:ident => $make:expr) => {
        Code::OnDemand(split_point!($chunk: MakeView = || {
            let screen: MakeView = $make;
            if !admitted() {
                return ().into_any();
            }
            view! { <crate::components::time_limit::TimeLimitSlot /> {screen()} }.into_any()
        }))
    };
}

pub struct Screen {
    /// Its path; a segment `:name` is a parameter (`/help/:topic`).
    pub path: &'static str,
    /// `data-screen` on `<main>`: the gallery and the tests group screen states by it.
    pub name: &'static str,
    /// Who may open it: the router admits them (`domain::access`), others go where they can.
    pub who: Audience,
    /// The job it belongs to: the job's first row is where its switch leads.
    pub job: Job,
    /// The token it acts with, whose time limit shows on it.
    pub acts: Option<TokenUse>,
    /// "第 n 步，共 5 步" on its title, for the steps a payer counts.
    pub number: Option<u8>,
    pub code: Code,
    /// The screens that usually come next: their code is fetched while this one is read.
    pub then: &'static [&'static str],
}

impl Screen {
    /// The step of the payment flow it shows.
    pub fn step(&self) -> Option<Step> {
        match self.who {
            Audience::Payer(step) | Audience::PayerOrSaved(step) => Some(step),
            Audience::Verifier => Some(Step::Identity),
            Audience::Anyone | Audience::Reader => None,
        }
    }
}

/// How many steps the payer is told there are.
pub const STEPS: u8 = 5;

/// The table. Order is the flow's order (the gallery lists screens so).
pub fn screens() -> &'static [Screen] {
    SCREENS
}

/// Data, not code that builds it: the first download carries the table, not a function.
static SCREENS: &[Screen] = &[
    Screen { path: "/", name: "entry", who: Audience::Payer(Step::Entry), job: Job::Pay, acts: None, number: Some(1),
        code: Code::Eager(|| view! { <pages::pay::entry::EntryScreen /> }.into_any()), then: &["/identity"] },
    Screen { path: "/identity", name: "identity", who: Audience::Verifier, job: Job::Pay, acts: None, number: Some(2),
        code: screen_chunk!(screen_identity => || view! { <pages::identity::IdentityScreen /> }.into_any()), then: &["/tier", "/face-check"] },
    Screen { path: "/face-check", name: "face-check", who: Audience::Anyone, job: Job::Other, acts: None, number: None,
        code: screen_chunk!(screen_face_check => || view! { <pages::pay::face_check::FaceCheckScreen /> }.into_any()), then: &["/identity"] },
    Screen { path: "/cashier", name: "cashier", who: Audience::Anyone, job: Job::Other, acts: None, number: None,
        code: screen_chunk!(screen_cashier => || view! { <pages::pay::cashier::CashierScreen /> }.into_any()), then: &["/processing"] },
    Screen { path: "/tier", name: "tier", who: Audience::Payer(Step::Tier), job: Job::Pay, acts: Some(TokenUse::Pay), number: Some(3),
        code: screen_chunk!(screen_tier => || view! { <pages::pay::tier::TierScreen /> }.into_any()), then: &["/payment"] },
    Screen { path: "/payment", name: "payment", who: Audience::Payer(Step::Method), job: Job::Pay, acts: Some(TokenUse::Pay), number: Some(4),
        code: screen_chunk!(screen_payment => || view! { <pages::pay::payment::PaymentMethodScreen /> }.into_any()), then: &["/review"] },
    Screen { path: "/review", name: "review", who: Audience::Payer(Step::Review), job: Job::Pay, acts: Some(TokenUse::Pay), number: Some(4),
        code: screen_chunk!(screen_review => || view! { <pages::pay::review::ReviewScreen /> }.into_any()), then: &["/processing", "/result", "/cashier"] },
    Screen { path: "/processing", name: "processing", who: Audience::Payer(Step::Processing), job: Job::Pay, acts: Some(TokenUse::Pay), number: None,
        code: screen_chunk!(screen_processing => || view! { <pages::pay::processing::ProcessingScreen /> }.into_any()), then: &["/result"] },
    Screen { path: "/result", name: "result", who: Audience::Payer(Step::Outcome), job: Job::Pay, acts: None, number: None,
        code: screen_chunk!(screen_outcome => || view! { <pages::pay::outcome::OutcomeScreen /> }.into_any()), then: &["/receipt"] },
    Screen { path: "/receipt", name: "receipt", who: Audience::PayerOrSaved(Step::Receipt), job: Job::Pay, acts: None, number: None,
        code: screen_chunk!(screen_receipt => || view! { <pages::pay::receipt::ReceiptScreen /> }.into_any()), then: &[] },
    Screen { path: "/record", name: "record", who: Audience::Anyone, job: Job::Record, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_record => || view! { <pages::record::RecordScreen /> }.into_any()), then: &["/identity", "/record/year", "/record/spending", "/record/proof"] },
    Screen { path: "/record/year", name: "record-year", who: Audience::Reader, job: Job::Record, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_record_year => || view! { <pages::record::year::RecordYearScreen /> }.into_any()), then: &["/identity"] },
    Screen { path: "/record/spending", name: "record-spending", who: Audience::Reader, job: Job::Record, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_record_spending => || view! { <pages::record::spending::RecordSpendingScreen /> }.into_any()), then: &[] },
    Screen { path: "/record/proof", name: "record-proof", who: Audience::Reader, job: Job::Record, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_record_proof => || view! { <pages::record::proof::RecordProofScreen /> }.into_any()), then: &[] },
    Screen { path: "/family", name: "family", who: Audience::Anyone, job: Job::Family, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_family => || view! { <pages::family::FamilyScreen /> }.into_any()), then: &["/identity", "/family/add", "/family/consent", "/family/order"] },
    Screen { path: "/family/add", name: "family-add", who: Audience::Reader, job: Job::Family, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_family_add => || view! { <pages::family::add::FamilyAddScreen /> }.into_any()), then: &["/family/consent", "/family"] },
    Screen { path: "/family/consent", name: "family-consent", who: Audience::Reader, job: Job::Family, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_family_consent => || view! { <pages::family::consent::FamilyConsentScreen /> }.into_any()), then: &["/family"] },
    Screen { path: "/family/order", name: "family-order", who: Audience::Reader, job: Job::Family, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_family_order => || view! { <pages::family::order::FamilyOrderScreen /> }.into_any()), then: &["/family/order/pay", "/identity", "/family"] },
    Screen { path: "/family/order/pay", name: "family-pay", who: Audience::Reader, job: Job::Family, acts: Some(TokenUse::Read), number: None,
        code: screen_chunk!(screen_family_pay => || view! { <pages::family::pay::FamilyPayScreen /> }.into_any()), then: &["/check", "/family/order"] },
    Screen { path: "/check", name: "check", who: Audience::Anyone, job: Job::Other, acts: None, number: None,
        code: screen_chunk!(screen_check => || view! { <pages::check::CheckReceiptScreen /> }.into_any()), then: &[] },
    Screen { path: NOT_FOUND, name: "not-found", who: Audience::Anyone, job: Job::Other, acts: None, number: None,
        code: screen_chunk!(screen_not_found => || view! { <pages::not_found::NotFoundScreen /> }.into_any()), then: &[] },
    Screen { path: "/preview", name: "gallery", who: Audience::Anyone, job: Job::Other, acts: None, number: None,
        code: screen_chunk!(gallery => || view! { <crate::preview::gallery::GalleryScreen /> }.into_any()), then: &[] },
];

/// Stands for every path no screen has.
const NOT_FOUND: &str = "/*";

/// The screen at `path` (`/index.html` is the first screen too).
pub fn screen_for(path: &str) -> &'static Screen {
    let path = if path == "/index.html" { "/" } else { path };
    let table = screens();
    table
        .iter()
        .find(|s| matches_template(s.path, path))
        .or_else(|| table.iter().find(|s| s.path == NOT_FOUND))
        .expect("the table has a not-found screen")
}

pub fn screen_of_step(step: Step) -> &'static Screen {
    screens().iter().find(|s| s.step() == Some(step)).expect("every step has a screen")
}

/// The first screen of a job: where its switch leads.
pub fn start_of(job: Job) -> &'static Screen {
    screens().iter().find(|s| s.job == job).expect("every job has a screen")
}

impl Step {
    pub fn path(self) -> &'static str {
        screen_of_step(self).path
    }

    pub fn from_path(path: &str) -> Option<Step> {
        screen_for(path).step()
    }
}

/// The screen of an in-app URL (a path and its query).
pub fn screen_of_url(url: &str) -> &'static Screen {
    screen_for(url.split_once('?').map_or(url, |(path, _)| path))
}

impl Target {
    pub fn path(self) -> &'static str {
        match self {
            Target::Step(step) => step.path(),
            Target::Start(job) => start_of(job).path,
        }
    }
}

/// Whether `path` is one of `template`'s: the same segments, where `:name` stands for any one.
pub fn matches_template(template: &str, path: &str) -> bool {
    let (mut t, mut p) = (template.split('/'), path.split('/'));
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(t), Some(p)) if t == p || (t.starts_with(':') && !p.is_empty()) => {}
            _ => return false,
        }
    }
}

/// The value of the parameter `:name` of `template` in `path` (`topic` of `/help/:topic`).
pub fn path_param<'a>(template: &str, path: &'a str, name: &str) -> Option<&'a str> {
    if !matches_template(template, path) {
        return None;
    }
    template.split('/').zip(path.split('/')).find_map(|(t, p)| (t.strip_prefix(':') == Some(name)).then_some(p))
}

/// Decides, before the screen being shown (`screen_at`'s) mounts, whether the person may open it
/// (`who` of its row, at the current query). If not, it records why and sends them where they
/// can go on (replacing the history entry, so back does not loop), and nothing of the screen
/// mounts.
fn admitted() -> bool {
    let Some(app) = use_context::<crate::state::AppContext>() else { return true };
    let location = crate::router::use_location();
    let Some(screen) = SHOWING.get() else { return true };
    let held = app.flow.with_untracked(|flow| flow.holding());
    let who = screen.who.at(&location.query.get_untracked());
    match admit(who, screen.job, &held) {
        Admission::Show => true,
        Admission::Redirect { to, reason } => {
            app.notice.set(Some(reason));
            // After this render: the screen being left must finish before the next one mounts.
            request_animation_frame(move || crate::router::navigate_to(to.path(), true));
            false
        }
    }
}

/// How the gallery makes the next load misbehave, to show the states a slow or dropped
/// connection gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misload {
    /// The code never arrives: the loading state stays.
    Hang,
    /// The code does not arrive: the problem with its retry shows (the retry then works).
    Fail,
}

thread_local! {
    /// The screen `screen_at` is showing (a gallery entry shows one at another path).
    static SHOWING: std::cell::Cell<Option<&'static Screen>> = const { std::cell::Cell::new(None) };
    /// Screens whose code has arrived, so coming back to one shows it at once.
    static ARRIVED: RefCell<HashMap<&'static str, MakeView>> = RefCell::new(HashMap::new());
    static NEXT_LOAD: std::cell::Cell<Option<Misload>> = const { std::cell::Cell::new(None) };
}

/// The next on-demand load misbehaves once (gallery entries).
pub fn script_next_load(misload: Misload) {
    NEXT_LOAD.with(|n| n.set(Some(misload)));
}

/// Fetches the code of the screens that usually follow `screen`, a moment after it shows, so
/// pressing on does not wait for a download; then the backend's code for the later calls. One
/// after another, the likeliest first: on a slow network they would share it, and the next
/// screen comes first. (Only what has not arrived yet is fetched.)
fn prefetch_after(screen: &'static Screen) {
    let next = screen.then;
    let api = use_context::<crate::state::AppContext>().map(|app| app.api);
    set_timeout(
        move || {
            let loads: Vec<_> = next
                .iter()
                .map(|path| screen_for(path))
                .filter_map(|screen| match screen.code {
                    Code::OnDemand(point) if !ARRIVED.with(|a| a.borrow().contains_key(screen.name)) => Some(arrive(screen.name, point)),
                    _ => None,
                })
                .collect();
            spawn_local(async move {
                for load in loads {
                    let _ = load.await;
                }
                if let Some(api) = &api {
                    api.prepare_later_calls();
                }
            });
        },
        std::time::Duration::from_millis(PREFETCH_DELAY_MS),
    );
}

/// How long after a screen shows the next screens' code is fetched: the screen's own data first.
const PREFETCH_DELAY_MS: u64 = 300;

/// The screen at `path`, loading its code first if it has not arrived yet.
pub fn screen_at(path: &str) -> AnyView {
    let screen = screen_for(path);
    SHOWING.set(Some(screen));
    prefetch_after(screen);
    match screen.code {
        Code::Eager(make) => make(),
        Code::OnDemand(point) => match ARRIVED.with(|a| a.borrow().get(screen.name).copied()) {
            Some(make) if NEXT_LOAD.with(|n| n.get()).is_none() => make(),
            _ => view! { <OnDemand name=screen.name point /> }.into_any(),
        },
    }
}

/// Waits for the code of `point`, showing the loading state, then shows the screen; a failed
/// load says so in the person's language and offers to try again.
#[component]
pub fn OnDemand(name: &'static str, point: &'static SplitPoint<MakeView>) -> impl IntoView {
    let load = move || -> Loaded<MakeView> {
        Box::pin(async move {
            match NEXT_LOAD.with(|n| n.take()) {
                Some(Misload::Hang) => std::future::pending().await,
                Some(Misload::Fail) => Err(ChunkError),
                None => arrive(name, point).await,
            }
        })
    };
    when_arrived(load, |make| make())
}

/// Loads the code of the screen `name` and remembers it, so the screen then shows at once.
/// With it comes the stored state's code (see `state::StoredState`): every screen but the first
/// saves what the person did, and saving must not wait.
async fn arrive(name: &'static str, point: &'static SplitPoint<MakeView>) -> Result<MakeView, ChunkError> {
    let (result, stored) = futures_util::future::join(point.load(), crate::state::stored_state()).await;
    let result = stored.and(result);
    if let Ok(make) = result {
        ARRIVED.with(|a| a.borrow_mut().insert(name, make));
    }
    result
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_path_names_one_screen_and_every_step_has_one() {
        let table = screens();
        let mut paths: Vec<_> = table.iter().map(|s| s.path).collect();
        paths.dedup();
        assert_eq!(paths.len(), table.len(), "a path is listed twice");
        for step in Step::ALL {
            assert_eq!(Step::from_path(step.path()), Some(step));
        }
        assert_eq!(screen_for("/index.html").name, "entry");
        assert_eq!(screen_for("/no-such-page").name, "not-found");
    }

    #[test]
    fn the_payment_s_screens_act_with_its_token_and_the_record_s_with_theirs() {
        for path in ["/tier", "/payment", "/review", "/processing"] {
            assert_eq!(screen_for(path).acts, Some(TokenUse::Pay), "{path}");
        }
        for path in ["/record", "/record/year", "/family", "/family/order/pay"] {
            assert_eq!(screen_for(path).acts, Some(TokenUse::Read), "{path}");
        }
        for path in ["/", "/identity", "/result", "/receipt", "/check", "/preview", "/nowhere"] {
            assert_eq!(screen_for(path).acts, None, "{path}");
        }
    }

    #[test]
    fn a_job_s_first_screen_is_open_to_anyone_and_its_later_ones_to_a_reader() {
        for job in Job::SWITCHED {
            assert!(matches!(start_of(job).who, Audience::Anyone | Audience::Payer(Step::Entry)), "{job:?}");
        }
        assert_eq!(start_of(Job::Record).path, "/record");
        assert_eq!(start_of(Job::Family).path, "/family");
        for path in ["/record/year", "/record/spending", "/record/proof", "/family/add", "/family/consent", "/family/order", "/family/order/pay"] {
            assert_eq!(screen_for(path).who, Audience::Reader, "{path}");
            assert_eq!(Target::Start(screen_for(path).job).path(), path.get(..7).map(|p| p.trim_end_matches('/')).unwrap_or(path), "{path}");
        }
    }

    #[test]
    fn a_redirect_from_any_screen_lands_on_one_that_shows() {
        use crate::domain::access::Holding;
        let nobody = Holding::default();
        for screen in screens() {
            let mut at = screen;
            for _ in 0..screens().len() {
                match admit(at.who, at.job, &nobody) {
                    Admission::Show => break,
                    Admission::Redirect { to, .. } => at = screen_for(to.path()),
                }
            }
            assert!(matches!(admit(at.who, at.job, &nobody), Admission::Show), "{}", screen.name);
        }
    }

    #[test]
    fn path_parameters() {
        assert!(matches_template("/help/:topic", "/help/face-fails"));
        assert!(!matches_template("/help/:topic", "/help/"));
        assert!(!matches_template("/help/:topic", "/help"));
        assert!(!matches_template("/help/:topic", "/help/a/b"));
        assert!(matches_template("/record", "/record"));
        assert!(!matches_template("/record", "/record/year"));
        assert_eq!(path_param("/help/:topic", "/help/face-fails", "topic"), Some("face-fails"));
        assert_eq!(path_param("/help/:topic", "/helps/face-fails", "topic"), None);
        assert_eq!(path_param("/help/:topic", "/help/x", "other"), None);
    }

    #[test]
    fn only_the_first_screen_is_in_the_main_download() {
        for screen in screens() {
            assert_eq!(matches!(screen.code, Code::Eager(_)), screen.path == "/", "{}", screen.name);
            // Admitting runs in the on-demand screens' code: the first screen is open to anyone.
            if matches!(screen.code, Code::Eager(_)) {
                assert_eq!(admit(screen.who, screen.job, &crate::domain::access::Holding::default()), Admission::Show);
            }
        }
    }
}
