//! What the reference backend's HTTP tests share: a backend in-process, a database file of
//! their own, and one request at a time.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use insurance_pay::api::demo::DemoTiming;
use insurance_pay_backend::{app, switches::Switches, Config};
use serde_json::Value;
use tower::ServiceExt;

pub fn backend(database: &str, settle_ms: u64) -> Router {
    let timing = DemoTiming { latency_ms: 0, settle_ms, expire_ms: settle_ms };
    app(Config { verify_base: "http://app.test/check".into(), database: database.into(), switches: Switches::default(), timing }).expect("database opens")
}

pub fn temporary_database(name: &str) -> String {
    let path = std::env::temp_dir().join(format!("insurance-pay-{name}-{}.sqlite3", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path.display().to_string()
}

/// One request; the answer's status, headers of interest and JSON body.
pub async fn call(router: &Router, method: &str, path: &str, token: Option<&str>, key: Option<&str>, body: Option<Value>) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::builder().method(method).uri(path).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    let body = body.map_or(Body::empty(), |b| Body::from(b.to_string()));
    let response = router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = response.status();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, retry_after, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}
