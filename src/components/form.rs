use crate::i18n::{pick, tr, use_lang, Message};
use leptos::html;
use leptos::prelude::*;

/// One problem with one field: the field's element id and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub message: Message,
}

/// Lists every problem at the top of the form with a link to each field, and takes focus when
/// it appears so the person hears it (GOV.UK error summary).
#[component]
pub fn ErrorSummary(problems: RwSignal<Vec<FieldProblem>>) -> impl IntoView {
    let lang = use_lang();
    let summary = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if !problems.with(Vec::is_empty) {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <Show when=move || !problems.with(Vec::is_empty)>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=summary data-testid="error-summary" data-state="invalid">
                <h2>{tr("请修改以下问题", "There is a problem")}</h2>
                <ul>
                    {move || problems.get().into_iter().map(|p| {
                        let href = format!("#{}", p.field);
                        let field = p.field;
                        let focus = move |ev: leptos::ev::MouseEvent| {
                            ev.prevent_default();
                            if let Some(el) = document().get_element_by_id(field) {
                                use wasm_bindgen::JsCast;
                                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                    let _ = el.focus();
                                }
                            }
                        };
                        view! { <li><a href=href on:click=focus>{pick(lang.get(), &p.message)}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

/// The message for one field, if it has a problem.
pub fn problem_for(problems: RwSignal<Vec<FieldProblem>>, field: &'static str) -> Signal<Option<Message>> {
    Signal::derive(move || problems.with(|list| list.iter().find(|p| p.field == field).map(|p| p.message.clone())))
}

/// A labelled text input with a hint and its error beside it. What the person typed is bound to
/// `value` and is never cleared by validation.
#[component]
pub fn TextField(
    id: &'static str,
    label: (&'static str, &'static str),
    #[prop(optional)] hint: Option<(&'static str, &'static str)>,
    value: RwSignal<String>,
    problems: RwSignal<Vec<FieldProblem>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let error = problem_for(problems, id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{move || lang.get().pick(label.0, label.1)}</label>
            {hint.map(|(zh, en)| view! { <p class="hint" id=hint_id.clone()>{move || lang.get().pick(zh, en)}</p> })}
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{pick(lang.get(), &m)}</p> })}
            <input
                id=id
                name=id
                type=input_type
                inputmode=inputmode
                autocomplete=autocomplete
                maxlength=maxlength
                spellcheck="false"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                bind:value=value
            />
        </div>
    }
}
