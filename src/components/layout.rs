use crate::care::use_care;
use crate::domain::access::Job;
use crate::domain::flow::Step;
use crate::i18n::{pick, redirect_reason, tr, use_lang, Lang};
use crate::platform::{storage_set, Store};
use crate::state::{use_app, LANG_KEY};
use leptos::html;
use leptos::prelude::*;

/// The frame of every screen: a header with the language switch, the screen, and a discreet
/// footer saying which backend the app talks to.
#[component]
pub fn Shell(#[prop(into)] screen: Signal<Option<&'static str>>, children: Children) -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.get().html_lang());
        }
    });
    let switch_language = move |_| {
        let next = if lang.get_untracked() == Lang::Zh { Lang::En } else { Lang::Zh };
        lang.set(next);
        storage_set(Store::Local, LANG_KEY, Some(next.code()));
    };
    let care = use_care().expect("provided by App");
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.class_list().toggle_with_force("care", care.on.get());
        }
    });
    let backend = app.api.describe();
    let backend_text = move || {
        if backend == "demo" {
            lang.get().pick("内置演示后端（无需服务器）", "Embedded demo backend (no server)").to_string()
        } else {
            backend.clone()
        }
    };
    view! {
        <a class="skip-link" href="#main">{tr("跳到主要内容", "Skip to main content")}</a>
        <header class="app-header">
            <span class="app-name">{tr("社保医保缴费", "Insurance payments")}</span>
            <div class="header-switches">
                <button type="button" class="header-switch" data-testid="care-switch" aria-pressed=move || care.on.get().to_string()
                    on:click=move |_| care.toggle()>
                    {tr("关怀模式", "Care mode")}
                </button>
                <Show when=move || care.on.get()>
                    <button type="button" class="header-switch" data-testid="voice-switch" aria-pressed=move || care.voice.get().to_string()
                        on:click=move |_| care.toggle_voice()>
                        {tr("语音播报", "Read aloud")}
                    </button>
                </Show>
                <button type="button" class="lang-switch" on:click=switch_language
                    lang=move || lang.get().pick("en", "zh-CN")>
                    {move || lang.get().pick("English", "中文")}
                </button>
            </div>
        </header>
        <main id="main" class="screen" data-screen=screen>{children()}</main>
        // Voice guidance, its captions and their switch (voice.rs): fetched when first switched on.
        {move || (care.on.get() && care.voice.get()).then(|| view! { <crate::screens::OnDemand name="voice" point=crate::voice::guidance() /> }.into_any())}
        <footer class="app-footer">
            <details>
                <summary>{tr("关于与诊断", "About and diagnostics")}</summary>
                <p>{tr("后端：", "Backend: ")}<span data-testid="backend">{backend_text}</span></p>
                <p>{tr("版本 ", "Version ")}{env!("CARGO_PKG_VERSION")}</p>
            </details>
        </footer>
    }
}

/// The screen's one h1. It sets the document title and takes focus when the screen appears,
/// so screen-reader users hear where they are after every navigation.
#[component]
pub fn ScreenTitle(zh: &'static str, en: &'static str, #[prop(optional)] step: Option<Step>) -> impl IntoView {
    let lang = use_lang();
    let heading = NodeRef::<html::H1>::new();
    Effect::new(move |_| {
        let title = lang.get().pick(zh, en);
        let app = lang.get().pick("社保医保缴费", "Insurance payments");
        document().set_title(&format!("{title} - {app}"));
    });
    Effect::new(move |_| {
        if let Some(h1) = heading.get() {
            let _ = h1.focus();
        }
    });
    let progress = step.and_then(|step| crate::screens::screen_of_step(step).number).map(|number| {
        let total = crate::screens::STEPS;
        move || match lang.get() {
            Lang::Zh => format!("第 {number} 步，共 {total} 步"),
            Lang::En => format!("Step {number} of {total}"),
        }
    });
    view! {
        {progress.map(|text| view! { <p class="step-count">{text}</p> })}
        <h1 tabindex="-1" node_ref=heading>{move || lang.get().pick(zh, en)}</h1>
    }
}

/// Explains, once, why the person landed here instead of where they were going.
#[component]
pub fn RedirectNotice() -> impl IntoView {
    let app = use_app();
    let lang = app.lang;
    let reason = app.notice.get_untracked();
    app.notice.set(None);
    reason.map(|reason| {
        let message = redirect_reason(reason);
        view! {
            <div class="notice" role="status" data-testid="redirect-notice" data-state=format!("notice-{reason:?}")>
                {move || pick(lang.get(), &message)}
            </div>
        }
    })
}

/// A label–value row of a summary list (GOV.UK "check your answers" shape), with an optional
/// link to the step where the answer can be changed.
#[component]
pub fn SummaryRow(
    label: (&'static str, &'static str),
    #[prop(into)] value: Signal<String>,
    #[prop(optional)] change: Option<Step>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="summary-row">
            <dt>{tr(label.0, label.1)}</dt>
            <dd data-testid=testid>{value}</dd>
            {change.map(|step| view! {
                <dd class="summary-change"><a href=step.path()>{tr("修改", "Change")}</a></dd>
            })}
        </div>
    }
}

/// The loading state shared by every screen that waits for the backend.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" role="status" data-state="loading"><span class="spinner" aria-hidden="true"></span>{tr("正在加载…", "Loading…")}</p> }
}

/// The app's jobs, side by side at the top of their first screens: paying (缴费), reading one's
/// record (查询) and the family (亲情账户), each leading to its first screen in the screen
/// table. Plain links, so each is reachable by its address too.
#[component]
pub fn JobSwitch(#[prop(default = Job::Pay)] here: Job) -> impl IntoView {
    let link = move |job: Job| {
        let (zh, en, testid) = match job {
            Job::Pay => ("缴费", "Pay", "job-pay"),
            Job::Record => ("查询我的社保", "My record", "job-record"),
            Job::Family | Job::Other => ("亲情账户", "My family", "job-family"),
        };
        view! { <a href=crate::screens::start_of(job).path aria-current=(job == here).then_some("page") data-testid=testid>{tr(zh, en)}</a> }
    };
    view! {
        <nav class="job-switch" aria-label=move || use_lang().get().pick("办理事项", "What to do")>
            {Job::SWITCHED.map(link)}
        </nav>
    }
}
