use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// The SVG path of a QR code, one unit per module, with a four-module quiet zone.
pub fn qr_svg_path(text: &str) -> Option<(String, i32)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some((path, size + 8))
}

/// A QR code drawn as SVG in Rust, scannable by any verifier's phone.
#[component]
pub fn QrImage(text: String, label: Signal<String>) -> impl IntoView {
    qr_svg_path(&text).map(|(path, extent)| {
        view! {
            <svg class="qr" role="img" aria-label=label viewBox=format!("0 0 {extent} {extent}")
                xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges" data-qr-text=text.clone()>
                <rect width="100%" height="100%" fill="#fff"></rect>
                <path d=path fill="#000"></path>
            </svg>
        }
    })
}
