//! The face panel: the hand-off to the face provider and the way back.

use crate::api::{payment_call, ApiError, VerifyMethod};
use crate::i18n::tr;
use crate::state::use_app;
use leptos::prelude::*;
use crate::router::navigate_to;
use super::methods::*;

#[component]
pub(super) fn FacePanel(session_id: String, failed: FailedMethods, face_returned: RwSignal<Option<String>>) -> impl IntoView {
    let app = use_app();
    let api = app.api.clone();
    let sid = session_id.clone();
    let start = Action::new_local(move |_: &()| {
        // Absolute, so a provider on another origin can send the person back.
        let origin = window().location().origin().unwrap_or_default();
        let (sid, back) = (sid.clone(), format!("{origin}/identity"));
        let request = payment_call(&api, move |pay| pay.start_face(&sid, &back));
        async move {
            let handoff = request.await.inspect_err(|error| failed.mark_if_failed(VerifyMethod::Face, error))?;
            if handoff.url.starts_with('/') && !handoff.url.starts_with("//") {
                navigate_to(&handoff.url, false);
            } else if window().location().assign(&handoff.url).is_err() {
                return Err(ApiError::BadResponse("face hand-off URL refused".into()));
            }
            Ok(())
        }
    });
    let api = app.api.clone();
    let result = verify_action(failed, VerifyMethod::Face, move |_: &()| {
        let session_id = session_id.clone();
        payment_call(&api, move |pay| pay.face_result(&session_id))
    });
    // Back from the face hand-off: ask the backend for the result once.
    let returned = face_returned.get_untracked();
    face_returned.set(None);
    if returned.as_deref() == Some("done") {
        result.dispatch(());
    }
    let cancelled = returned.as_deref() == Some("cancelled");
    view! {
        <section class="panel" aria-labelledby="face-title" data-state="face">
            <h2 id="face-title">{tr("人脸识别", "Face recognition")}</h2>
            <p>{tr("将打开人脸识别页面，完成后会自动回到这里。请在光线充足的地方正对手机。",
                "A face check page will open and bring you back here when done. Face your phone in good light.")}</p>
            {cancelled.then(|| view! { <p class="notice" role="status" data-state="face-cancelled">{tr("您已取消人脸识别，可以重新开始或换一种方式。", "You cancelled the face check. Start again or use another way.")}</p> })}
            <Show when=move || result.pending().get()>
                <p class="loading" role="status" data-state="face-checking"><span class="spinner" aria-hidden="true"></span>{tr("正在确认人脸识别结果…", "Checking the face result…")}</p>
            </Show>
            {move || panel_problem(result.value().get())}
            {move || panel_problem(start.value().get())}
            <div class="actions">
                <button type="button" class="button button-primary" disabled=move || start.pending().get() || result.pending().get()
                    on:click=move |_| { start.dispatch(()); }>
                    {tr("开始人脸识别", "Start face check")}
                </button>
            </div>
        </section>
    }
}
