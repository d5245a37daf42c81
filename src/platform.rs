//! The few things that differ between the browser and native test builds: the clock, sleeping,
//! and web storage. Native builds get harmless stand-ins so domain and demo logic test natively.

/// Milliseconds since the Unix epoch. (Time, not money: floating point is fine here.)
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

/// Waits `ms` milliseconds in the browser; returns at once natively.
pub async fn sleep_ms(ms: u32) {
    #[cfg(target_arch = "wasm32")]
    gloo_timers::future::TimeoutFuture::new(ms).await;
    #[cfg(not(target_arch = "wasm32"))]
    let _ = ms;
}

/// RFC 3339 UTC timestamp for epoch milliseconds, e.g. `2026-11-22T08:30:00Z`.
pub fn rfc3339_utc(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Formats an RFC 3339 UTC time as China Standard Time (UTC+8), `2026-11-22 16:30:00`.
pub fn beijing_time(rfc3339: &str) -> String {
    let parse = |range: std::ops::Range<usize>| rfc3339.get(range).and_then(|s| s.parse::<i64>().ok());
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) =
        (parse(0..4), parse(5..7), parse(8..10), parse(11..13), parse(14..16), parse(17..19))
    else {
        return rfc3339.to_string();
    };
    // Only UTC ("Z") times are converted; anything else is shown as the backend sent it.
    if !rfc3339.ends_with('Z') {
        return rfc3339.replace('T', " ");
    }
    let days = days_from_civil(y, mo as u32, d as u32);
    let secs = days * 86_400 + h * 3600 + mi * 60 + s + 8 * 3600;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[derive(Clone, Copy)]
pub enum Store {
    /// Survives reloads of this tab only.
    Session,
    /// Survives visits (used for preferences such as the language).
    Local,
}

pub fn storage_get(store: Store, key: &str) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let window = web_sys::window()?;
        let storage = match store {
            Store::Session => window.session_storage(),
            Store::Local => window.local_storage(),
        };
        storage.ok().flatten()?.get_item(key).ok().flatten()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (store, key);
        None
    }
}

pub fn storage_set(store: Store, key: &str, value: Option<&str>) {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(window) = web_sys::window() else { return };
        let storage = match store {
            Store::Session => window.session_storage(),
            Store::Local => window.local_storage(),
        };
        if let Ok(Some(storage)) = storage {
            // Storage can be full or disabled (private mode in some webviews): losing a
            // preference is better than failing the payment, so errors are ignored.
            let _ = match value {
                Some(v) => storage.set_item(key, v),
                None => storage.remove_item(key),
            };
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (store, key, value);
}

/// Reads a value saved with [`save`]. Uses the browser's JSON (via serde-wasm-bindgen) rather
/// than serde_json, which would add its parser and printer to the wasm.
pub fn load<T: serde::de::DeserializeOwned>(store: Store, key: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let text = storage_get(store, key)?;
        let value = js_sys::JSON::parse(&text).ok()?;
        serde_wasm_bindgen::from_value(value).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (store, key);
        None
    }
}

/// Saves a value as JSON in web storage (nothing natively).
pub fn save<T: serde::Serialize>(store: Store, key: &str, value: &T) {
    if let Some(text) = to_json(value) {
        storage_set(store, key, Some(&text));
    }
}

/// JSON text for a value, made by the browser's JSON (None natively).
pub fn to_json<T: serde::Serialize>(value: &T) -> Option<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        value.serialize(&serializer).ok().and_then(|v| js_sys::JSON::stringify(&v).ok()).and_then(|s| s.as_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = value;
        None
    }
}

/// A random hex string from the browser's CSPRNG (idempotency keys, demo ids).
pub fn random_hex(bytes: usize) -> String {
    random_bytes(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `bytes` random bytes from the browser's CSPRNG.
pub fn random_bytes(bytes: usize) -> Vec<u8> {
    let mut buffer = vec![0u8; bytes];
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = crypto.get_random_values_with_u8_array(&mut buffer);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Natively (tests, the reference backend): std's randomly keyed SipHash over a counter.
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::OnceLock;
        static KEYS: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        for chunk in buffer.chunks_mut(8) {
            let mut hasher = KEYS.get_or_init(Default::default).build_hasher();
            hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
            chunk.copy_from_slice(&hasher.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    buffer
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn formats_times() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_795_336_200_000), "2026-11-22T08:30:00Z");
        assert_eq!(beijing_time("2026-11-22T20:30:00Z"), "2026-11-23 04:30:00");
        assert_eq!(beijing_time("garbage"), "garbage");
    }
}
