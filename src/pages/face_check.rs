//! The demo backend's stand-in for a face-verification provider: the app hands the person off
//! to the URL the backend gives and this page sends them back, as a real provider would.

use crate::components::layout::ScreenTitle;
use crate::i18n::tr;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::time::Duration;

#[component]
pub fn FaceCheckScreen() -> impl IntoView {
    let query = use_query_map();
    // Only same-app paths are accepted as a return address (no open redirect).
    let back = query.with_untracked(|q| q.get("return")).filter(|r| r.starts_with('/') && !r.starts_with("//")).unwrap_or_else(|| "/identity".into());
    let scanning = RwSignal::new(false);
    let navigate = use_navigate();
    let finish = {
        let (back, navigate) = (back.clone(), navigate.clone());
        move |_| {
            scanning.set(true);
            let (back, navigate) = (back.clone(), navigate.clone());
            set_timeout(move || navigate(&format!("{back}?face=done"), Default::default()), Duration::from_millis(1200));
        }
    };
    let cancel = move |_| navigate(&format!("{back}?face=cancelled"), Default::default());
    view! {
        <ScreenTitle zh="人脸识别（演示）" en="Face check (demo)" />
        <p>{tr("这是演示后端模拟的人脸识别页面，不会使用摄像头。", "This page simulates a face-check provider for the demo. It does not use the camera.")}</p>
        <div class="face-frame" aria-hidden="true"><div class="face-circle" class:scanning=scanning></div></div>
        <p role="status" class="hint">{move || scanning.get().then(|| tr("正在识别，请保持不动…", "Checking, hold still…")())}</p>
        <div class="actions">
            <button type="button" class="button button-primary" disabled=scanning on:click=finish>{tr("开始识别", "Start")}</button>
            <button type="button" class="button button-secondary" disabled=scanning on:click=cancel>{tr("取消并返回", "Cancel and go back")}</button>
        </div>
    }
}
