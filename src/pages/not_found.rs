use crate::components::layout::ScreenTitle;
use crate::i18n::tr;
use leptos::prelude::*;

#[component]
pub fn NotFoundScreen() -> impl IntoView {
    view! {
        <ScreenTitle zh="页面不存在" en="Page not found" />
        <p>{tr("您要找的页面不存在。", "The page you asked for does not exist.")}</p>
        <a class="button button-primary" href="/">{tr("返回首页", "Go to the start")}</a>
    }
}
