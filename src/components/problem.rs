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
    // The check page reads public records: no verification to renew there, only a retry.
    let public = window().location().pathname().is_ok_and(|p| p == "/check");
    let next_step = match error {
        ApiError::SessionExpired if !public => {
            let app = use_app();
            let navigate = navigator();
            let reverify = move |_| {
                let path = window().location().pathname().unwrap_or_default();
                // The record's screens verify again for reading; the payment's for paying.
                match path.starts_with("/record") {
                    true => app.flow.update(|f| f.record_expired(format!("{path}{}", window().location().search().unwrap_or_default()))),
                    false => app.flow.update(|f| f.session_expired(Step::from_path(&path))),
                }
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
