use insurance_pay::{configured_backend, App, BootProblem};
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    // Leptos's executor exists only once mounted: use wasm-bindgen's for the config fetch.
    wasm_bindgen_futures::spawn_local(async {
        let api = configured_backend().await;
        // The static skeleton in index.html painted before the wasm arrived; replace it now.
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        match api {
            Ok(api) => leptos::mount::mount_to_body(move || view! { <App api /> }),
            Err(_) => leptos::mount::mount_to_body(BootProblem),
        }
    });
}
