//! `make backend`: the reference backend on http://127.0.0.1:8081. Environment:
//! `PORT` (8081), `DATABASE` (SQLite file, `insurance-pay-backend.sqlite3`; `:memory:` for none),
//! `VERIFY_BASE` (where receipts' QR codes point, http://127.0.0.1:8080/check), `CASHIER_BASE`
//! (the stand-in payment provider's page, http://127.0.0.1:PORT/__cashier),
//! `RECEIPT_CHECKS_PER_MINUTE` (public receipt checks one client address may make, 10),
//! `SMS_PER_HOUR` (SMS codes one phone may be sent in any hour, 5), `SETTLE_MS` (how
//! long a payment stays processing, 1500; a never-confirmed one expires after 6×), and the test
//! switches `MAINTENANCE_SECONDS`, `FAILING_METHODS`, `DECLINE_PAYMENTS`, `PROVIDER_REFUSES` (see `switches.rs`).

use insurance_pay::api::demo::{DemoTiming, SMS_PER_HOUR};
use insurance_pay_backend::{app, switches::Switches, Config};

#[tokio::main]
async fn main() {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let port: u16 = var("PORT").and_then(|p| p.parse().ok()).unwrap_or(8081);
    let switches = Switches::from_env(var).unwrap_or_else(|error| {
        eprintln!("{error}");
        std::process::exit(2)
    });
    let settle_ms: u64 = var("SETTLE_MS").and_then(|s| s.parse().ok()).unwrap_or(1500);
    let config = Config {
        verify_base: var("VERIFY_BASE").unwrap_or_else(|| "http://127.0.0.1:8080/check".into()),
        cashier_base: var("CASHIER_BASE").unwrap_or_else(|| format!("http://127.0.0.1:{port}/__cashier")),
        receipt_checks_per_minute: var("RECEIPT_CHECKS_PER_MINUTE").and_then(|n| n.parse().ok()).unwrap_or(10),
        sms_per_hour: var("SMS_PER_HOUR").and_then(|n| n.parse().ok()).unwrap_or(SMS_PER_HOUR),
        database: var("DATABASE").unwrap_or_else(|| "insurance-pay-backend.sqlite3".into()),
        switches,
        timing: DemoTiming { latency_ms: 0, settle_ms, expire_ms: settle_ms * 6 },
    };
    let database = config.database.clone();
    let router = app(config).unwrap_or_else(|error| {
        eprintln!("cannot open the database {database}: {error}");
        std::process::exit(2)
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("port free");
    println!("reference backend on http://127.0.0.1:{port}, database {database}");
    // The client's address is what the receipt check's limit counts by.
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .expect("server");
}
