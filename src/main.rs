use insurance_pay::{configured_backend, state, App, BootProblem};
use leptos::prelude::*;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    console_error_panic_hook::set_once();
    // Leptos's executor exists only once mounted: use wasm-bindgen's for the config fetch.
    wasm_bindgen_futures::spawn_local(async {
        // What a reload or a return visit kept needs its decoder before the first screen
        // shows; a first visit fetches none.
        let stored = async { if state::something_stored() { state::stored_state().await.map(|_| ()) } else { Ok(()) } };
        let (api, stored) = futures_util::future::join(configured_backend(), stored).await;
        // The static skeleton in index.html painted before the wasm arrived; replace it now.
        if let Some(boot) = document().get_element_by_id("boot") {
            boot.remove();
        }
        match (api, stored) {
            (Ok(api), Ok(())) => leptos::mount::mount_to_body(move || view! { <App api /> }),
            _ => leptos::mount::mount_to_body(BootProblem),
        }
    });
}
