use crate::api::ApiError;
use crate::domain::flow::Step;
use crate::i18n::{api_error, pick, tr, use_lang};
use crate::state::{navigator, use_app};
use leptos::prelude::*;

/// A failed request: what happened, in the person's language, and the next step — verify
/// again when the session expired, start again when the order cannot be paid, or try again
/// (`retry`) when trying again can help.
#[component]
pub fn ApiProblem(error: ApiError, #[prop(optional, into)] retry: Option<Callback<()>>) -> impl IntoView {
    let lang = use_lang();
    let message = api_error(&error);
    let kind = error.kind();
    let next_step = match error {
        ApiError::SessionExpired => {
            let app = use_app();
            let navigate = navigator();
            let reverify = move |_| {
                let here = window().location().pathname().ok().and_then(|path| Step::from_path(&path));
                app.flow.update(|f| f.session_expired(here));
                navigate(Step::Identity, false);
            };
            view! { <button type="button" class="button button-secondary" on:click=reverify>{tr("重新验证身份", "Verify again")}</button> }.into_any()
        }
        ApiError::AlreadyPaid | ApiError::WindowClosed | ApiError::NotFound => {
            view! { <a class="button button-secondary" href="/">{tr("返回首页", "Back to the start")}</a> }.into_any()
        }
        _ => match retry {
            Some(retry) => view! {
                <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>{tr("重试", "Try again")}</button>
            }
            .into_any(),
            None => ().into_any(),
        },
    };
    view! {
        <div class="problem" role="alert" data-state=format!("problem-{kind}") data-problem=kind>
            <p>{move || pick(lang.get(), &message)}</p>
            {next_step}
        </div>
    }
}
