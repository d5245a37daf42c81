use insurance_pay::App;
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    // The static skeleton in index.html paints before the wasm arrives; replace it now.
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(|| view! { <App /> });
}
