//! The e-social security card password panel.

use crate::api::{payment_call, ApiError, VerifyMethod};
use crate::components::form::{ErrorSummary, FieldProblem, TextField};
use crate::components::keypad::Keypad;
use crate::i18n::tr;
use crate::state::use_app;
use leptos::prelude::*;
use super::methods::*;

#[component]
pub(super) fn EcardPanel(session_id: String, failed: FailedMethods) -> impl IntoView {
    let app = use_app();
    let password = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let api = app.api.clone();
    let check = verify_action(failed, VerifyMethod::Ecard, move |password: &String| {
        let (session_id, password) = (session_id.clone(), password.clone());
        payment_call(&api, move |pay| pay.check_ecard_password(&session_id, &password))
    });
    // A wrong password is cleared so the next try starts fresh (it is a secret, not typing to
    // keep); after a fault (no answer, a broken one) it stays, to be sent again as it is.
    Effect::new(move |_| {
        if let Some(Err(ApiError::InvalidCode { .. } | ApiError::TooManyAttempts)) = check.value().get() {
            password.set(String::new());
        }
    });
    let submit = submit_six_digits("ecard-password", ("电子社保卡密码", "e-card password"), password, problems, check);
    let demo = app.api.describe() == "demo";
    view! {
        <section class="panel" aria-labelledby="ecard-title" data-state="ecard">
            <h2 id="ecard-title">{tr("电子社保卡密码", "E-social security card password")}</h2>
            <ErrorSummary problems />
            <form on:submit=submit novalidate>
                <TextField id="ecard-password" label=("6 位数字密码", "6-digit password") value=password problems
                    input_type="password" inputmode="numeric" autocomplete="off" maxlength=6 />
                <p class="pin-dots" aria-hidden="true">
                    {move || (0..6).map(|i| if i < password.with(|p| p.chars().count()) { "●" } else { "○" }).collect::<String>()}
                </p>
                <Keypad value=password controls="ecard-password" />
                {demo.then(|| view! { <p class="demo-hint">{tr("演示环境：密码为 135790", "Demo: the password is 135790")}</p> })}
                <VerifySubmit check />
            </form>
        </section>
    }
}
