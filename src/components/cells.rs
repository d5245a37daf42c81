use leptos::prelude::*;

/// One choice in a WeUI-style list of cells: a native radio button (so arrow keys, screen
/// readers and forms work as usual) whose whole row is the touch target.
#[component]
pub fn RadioCell(
    name: &'static str,
    id: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into, optional)] disabled: Signal<bool>,
    // A callback, not a generic closure: one copy of the cell in the download, not one per use.
    #[prop(into)] on_select: Callback<()>,
    children: Children,
) -> impl IntoView {
    let label_for = id.clone();
    view! {
        <label class="cell" for=label_for class:cell-disabled=move || disabled.get()>
            <input type="radio" name=name id=id prop:checked=move || checked.get()
                disabled=move || disabled.get() on:change=move |_| on_select.run(()) />
            <span class="cell-body">{children()}</span>
        </label>
    }
}
