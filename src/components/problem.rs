use crate::api::ApiError;
use crate::i18n::{api_error, pick, tr, use_lang};
use leptos::prelude::*;

/// A failed request: what happened in the person's language and the next step. `retry` is
/// offered when trying again can help.
#[component]
pub fn ApiProblem(error: ApiError, #[prop(optional, into)] retry: Option<Callback<()>>) -> impl IntoView {
    let lang = use_lang();
    let message = api_error(&error);
    let kind = format!("{error:?}").split([' ', '{', '(']).next().unwrap_or_default().to_string();
    let retry_view = retry.map(|retry| {
        view! { <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>{tr("重试", "Try again")}</button> }
    });
    view! {
        <div class="problem" role="alert" data-problem=kind>
            <p>{move || pick(lang.get(), &message)}</p>
            {retry_view}
        </div>
    }
}
