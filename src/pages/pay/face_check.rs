//! The demo backend's stand-in for a face-verification provider: the app hands the person off
//! to the URL the backend gives and this page sends them back, as a real provider would.

use crate::components::layout::ScreenTitle;
use crate::i18n::tr;
use leptos::prelude::*;
use crate::router::{navigate_to, query_param};
use std::time::Duration;

#[component]
pub fn FaceCheckScreen() -> impl IntoView {
    // Only this app's own pages are accepted as a return address (no open redirect).
    let origin = window().location().origin().unwrap_or_default();
    let back = query_param("return")
        .map(|r| r.strip_prefix(&origin).map(str::to_string).unwrap_or(r))
        .filter(|r| r.starts_with('/') && !r.starts_with("//"))
        .unwrap_or_else(|| "/identity".into());
    let scanning = RwSignal::new(false);
    let finish = {
        let back = back.clone();
        move |_| {
            scanning.set(true);
            let back = back.clone();
            set_timeout(move || navigate_to(&format!("{back}?face=done"), false), Duration::from_millis(1200));
        }
    };
    let cancel = move |_| navigate_to(&format!("{back}?face=cancelled"), false);
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
