//! `/preview`: the list of gallery entries by screen, and a frame that shows the chosen entry at
//! a chosen width (the header's switches set care mode and language for it too).

use super::{catalog, Entry};
use crate::care::use_care;
use crate::components::cells::RadioCell;
use crate::components::layout::ScreenTitle;
use crate::i18n::{tr, use_lang, Lang};
use crate::router::{navigate_to, param_in, use_location};
use leptos::prelude::*;

/// Widths a designer checks: the smallest phones, a common phone, a large phone, a tablet.
const WIDTHS: [u32; 4] = [320, 375, 414, 768];

fn label(lang: Lang, entry: &Entry) -> String {
    lang.pick(&entry.label.0, &entry.label.1).to_string()
}

#[component]
pub fn GalleryScreen() -> impl IntoView {
    let lang = use_lang();
    let care = use_care().expect("provided at the root");
    let location = use_location();
    let entries = StoredValue::new(catalog());
    let width = Memo::new(move |_| {
        let asked = param_in(&location.query.get(), "width").and_then(|w| w.parse::<u32>().ok());
        asked.filter(|w| WIDTHS.contains(w)).unwrap_or(375)
    });
    let selected = Memo::new(move |_| {
        let id = param_in(&location.query.get(), "entry")?;
        entries.with_value(|all| all.iter().find(|e| e.id == id).cloned())
    });
    let frame_link = move |id: &str, width: u32| format!("/preview?entry={id}&width={width}");
    let count = entries.with_value(Vec::len);
    let frame = move || {
        let entry = selected.get()?;
        let own_url = format!("/preview/{}", entry.id);
        let src = format!("{own_url}?bare=1&care={}&lang={}", u8::from(care.on.get()), lang.get().code());
        let title = label(lang.get(), &entry);
        Some(view! {
            <section class="card preview-frame" aria-labelledby="frame-title">
                <h2 id="frame-title">{title.clone()}</h2>
                <p><a class="link-target" href=own_url.clone() target="_self">{tr("单独打开这个界面", "Open this screen on its own")}</a>" "<code>{own_url}</code></p>
                <iframe src=src title=title width=move || width.get().to_string() height="720"></iframe>
            </section>
        })
    };
    view! {
        <ScreenTitle zh="界面预览" en="Screen gallery" />
        <p class="lead">{move || match lang.get() {
            Lang::Zh => format!("共 {count} 个界面状态，由真实界面按演示数据绘制，每个都有自己的网址。页头的开关切换关怀模式和语言。"),
            Lang::En => format!("{count} screen states, drawn by the real screens from the demo data, each at its own address. The header's switches change care mode and language."),
        }}</p>
        <fieldset class="cells" id="width">
            <legend>{tr("预览宽度", "Preview width")}</legend>
            {WIDTHS.into_iter().map(|w| view! {
                <RadioCell name="width" id=format!("width-{w}") checked=Signal::derive(move || width.get() == w)
                    on_select=move |_| {
                        let id = selected.get_untracked().map(|e| e.id).unwrap_or_else(|| "entry".into());
                        navigate_to(&frame_link(&id, w), true);
                    }>
                    {format!("{w} px")}
                </RadioCell>
            }).collect_view()}
        </fieldset>
        {move || frame().map_or_else(
            || view! { <p class="hint">{tr("选择下面的一个界面状态，在这里按所选宽度预览。", "Choose a screen state below to preview it here at the chosen width.")}</p> }.into_any(),
            |f| f.into_any())}
        {crate::screens::screens().iter().map(|s| {
            let (screen, (zh, en)) = (s.name, super::catalog::title(s.name));
            let in_screen: Vec<Entry> = entries.with_value(|all| all.iter().filter(|e| e.screen() == screen).cloned().collect());
            (!in_screen.is_empty()).then(|| view! {
                <section aria-labelledby=format!("screen-{screen}")>
                    <h2 id=format!("screen-{screen}")>{tr(zh, en)}</h2>
                    <ul class="gallery-list">
                        {in_screen.into_iter().map(|e| {
                            let (id, entry_id, shows) = (e.id.clone(), e.id.clone(), e.shows.clone());
                            view! {
                                <li><a href=move || frame_link(&id, width.get()) data-entry=entry_id data-shows=shows>
                                    {move || label(lang.get(), &e)}
                                </a></li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })
        }).collect_view()}
    }
}

/// Above a previewed entry: which entry it is and the way back to the gallery.
#[component]
pub fn PreviewBar(label: Option<(String, String)>, failure: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="preview-bar" aria-label=move || lang.get().pick("界面预览", "Screen gallery")>
            <span>{move || {
                let name = label.as_ref().map(|(zh, en)| lang.get().pick(zh, en).to_string());
                format!("{}{}", lang.get().pick("预览：", "Preview: "), name.unwrap_or_else(|| lang.get().pick("没有这个界面状态", "no such screen state").into()))
            }}</span>
            " "<a href="/preview" target="_self">{tr("返回界面预览", "Back to the gallery")}</a>
            {move || failure.get().map(|problem| view! { <p role="alert">{problem}</p> })}
        </nav>
    }
}
