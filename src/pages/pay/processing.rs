//! Waiting for the payment to become final: polls the backend, lets the person cancel, and moves
//! to the outcome. A reload here resumes polling the same payment.

use crate::api::{payment_call, ApiError};
use crate::components::layout::{RedirectNotice, ScreenTitle};
use crate::components::problem::ApiProblem;
use crate::domain::flow::Step;
use crate::domain::money::format_yuan;
use crate::i18n::tr;
use crate::state::{flow_data, navigator, use_app};
use leptos::prelude::*;
use std::time::Duration;

const POLL_EVERY: Duration = Duration::from_millis(1000);

#[component]
pub fn ProcessingScreen() -> impl IntoView {
    let Some(payment) = flow_data(|f| f.payment.clone()) else {
        return ().into_any();
    };
    let app = use_app();
    let payment_id = payment.payment_id.clone();
    let last_error = RwSignal::new(None::<ApiError>);
    let navigate = navigator();

    let api = app.api.clone();
    let id = payment_id.clone();
    let nav = navigate.clone();
    let poll_app = app.clone();
    let poll = Action::new_local(move |_: &()| {
        let app = poll_app.clone();
        let (token, id) = (app.token(), id.clone());
        let request = payment_call(&api, move |pay| pay.payment(&token, &id));
        let navigate = nav.clone();
        async move {
            match request.await {
                Ok(payment) => {
                    last_error.set(None);
                    if let Some(next) = app.flow.try_update(|f| f.payment_seen(payment)).flatten() {
                        navigate(next, true);
                    }
                }
                // A dropped connection is not a result: keep the payment and keep asking.
                Err(error) => last_error.set(Some(error)),
            }
        }
    });
    poll.dispatch(());
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let stop = matches!(last_error.get_untracked(), Some(ApiError::SessionExpired));
            if !poll.pending().get_untracked() && !stop {
                poll.dispatch(());
            }
        },
        POLL_EVERY,
    ) {
        on_cleanup(move || handle.clear());
    }

    let api = app.api.clone();
    let cancel = Action::new_local(move |_: &()| {
        let (token, payment_id) = (app.token(), payment_id.clone());
        let request = payment_call(&api, move |pay| pay.cancel_payment(&token, &payment_id));
        let navigate = navigate.clone();
        async move {
            let result = request.await;
            if let Ok(payment) = &result {
                let payment = payment.clone();
                // Cancelled (or, if it settled meanwhile, whatever it became): its result.
                app.flow.update(|f| {
                    f.payment_seen(payment);
                });
                navigate(Step::Outcome, true);
            }
            result.map(|_| ())
        }
    });

    view! {
        <RedirectNotice />
        <ScreenTitle zh="正在支付" en="Payment in progress" />
        <div class="result result-waiting" data-testid="processing" data-state="processing">
            <span class="spinner spinner-large" aria-hidden="true"></span>
            <p class="result-amount">{format_yuan(payment.amount)}</p>
            <p role="status">{tr("正在等待支付结果，请不要关闭页面，也不要重复支付。", "Waiting for the payment result. Do not close this page or pay again.")}</p>
            {move || last_error.get().map(|error| view! { <ApiProblem error /> })}
            {move || cancel.value().get().and_then(|r| r.err()).map(|error| view! { <ApiProblem error /> })}
            <div class="actions">
                <button type="button" class="button button-secondary" data-testid="cancel-payment"
                    disabled=move || cancel.pending().get() on:click=move |_| { cancel.dispatch(()); }>
                    {tr("取消支付", "Cancel payment")}
                </button>
            </div>
        </div>
    }
    .into_any()
}
