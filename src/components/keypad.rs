use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;

/// An on-screen numeric keypad for six-digit codes and passwords, in a fixed order (1–9, then 0)
/// so people who remember key positions are never surprised. It edits `value`; the paired input
/// still accepts a hardware keyboard. Under it, how many digits are in, never which: a status,
/// so a screen reader and care mode's voice say "已输入 3 位" after each press.
#[component]
pub fn Keypad(value: RwSignal<String>, #[prop(default = 6)] max_len: usize, controls: &'static str) -> impl IntoView {
    let lang = use_lang();
    let press = move |digit: char| {
        value.update(|v| {
            if v.chars().count() < max_len {
                v.push(digit);
            }
        })
    };
    let keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].into_iter().map(|d| {
        view! { <button type="button" class="key" aria-controls=controls on:click=move |_| press(d)>{d.to_string()}</button> }
    });
    view! {
        <div class="keypad" role="group" aria-label=move || lang.get().pick("数字键盘", "Number keypad")>
            {keys.collect_view()}
            <button type="button" class="key key-muted" aria-controls=controls on:click=move |_| value.set(String::new())>
                {move || lang.get().pick("清空", "Clear")}
            </button>
            <button type="button" class="key" aria-controls=controls on:click=move |_| press('0')>"0"</button>
            <button type="button" class="key key-muted" aria-controls=controls on:click=move |_| { value.update(|v| { v.pop(); }); }>
                <span aria-hidden="true">"⌫"</span>
                <span class="visually-hidden">{move || lang.get().pick("删除", "Delete")}</span>
            </button>
        </div>
        <p role="status" data-testid="keypad-count">{move || digits_entered(value.with(|v| v.chars().count()), max_len, lang.get())}</p>
    }
}

/// How many digits are in (none: nothing, so an empty field says nothing).
fn digits_entered(count: usize, max_len: usize, lang: Lang) -> String {
    match (count, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("已输入 {n} 位，共 {max_len} 位"),
        (n, Lang::En) => format!("{n} of {max_len} digits entered"),
    }
}
