//! The reference backend's database: SQLite, one table per kind of record the demo rules keep
//! (verification sessions with their SMS codes' state, the SMS codes each phone was sent, bearer-token grants, quotes, payments,
//! idempotency keys, receipts' check codes, proofs of insurance, families, family quotes and their parts), one row per record, written in a transaction after every call that
//! changed something. A restart picks up where the last process stopped.

use insurance_pay::api::demo::{DemoDatabase, DemoStore};
use rusqlite::{params, Connection};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::Mutex;

/// The tables, named as the database's fields are.
const TABLES: [&str; 11] = ["sessions", "sms_sends", "grants", "quotes", "payments", "idempotency", "receipt_codes", "proofs", "families", "family_quotes", "family_payments"];
const COUNTERS: [&str; 2] = ["next_id", "next_serial"];

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL);
-- One row per phone (its person's key): when it was sent SMS codes within the last hour.
CREATE TABLE IF NOT EXISTS sms_sends (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grants (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS quotes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS proofs (id TEXT PRIMARY KEY, data TEXT NOT NULL);
-- One row per receipt serial: the check codes issued with it (the QR's and the printed one).
CREATE TABLE IF NOT EXISTS receipt_codes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
-- One row per payer (their person key): the members, by registry index, never an ID number.
CREATE TABLE IF NOT EXISTS families (id TEXT PRIMARY KEY, data TEXT NOT NULL);
-- A quote for several family members, and the parts paid of it: each member's own quote and
-- payment are rows of `quotes` and `payments` as well.
CREATE TABLE IF NOT EXISTS family_quotes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS family_payments (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    city TEXT GENERATED ALWAYS AS (json_extract(data, '$.order.city')) VIRTUAL,
    product TEXT GENERATED ALWAYS AS (json_extract(data, '$.order.product')) VIRTUAL,
    year INTEGER GENERATED ALWAYS AS (json_extract(data, '$.order.year')) VIRTUAL,
    status TEXT GENERATED ALWAYS AS (json_extract(data, '$.payment.status')) VIRTUAL,
    amount TEXT GENERATED ALWAYS AS (json_extract(data, '$.payment.amount')) VIRTUAL,
    receipt_serial TEXT GENERATED ALWAYS AS (json_extract(data, '$.payment.receipt_serial')) VIRTUAL
);
CREATE VIEW IF NOT EXISTS receipts AS
    SELECT receipt_serial AS serial, id AS payment_id, city, product, year, amount,
           json_extract(data, '$.paid_at') AS paid_at
    FROM payments WHERE receipt_serial IS NOT NULL;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
";

pub struct SqliteStore {
    connection: Mutex<Connection>,
    /// Each row's JSON as last written, so a save writes only what changed.
    written: Mutex<HashMap<(&'static str, String), String>>,
}

/// One payment as the database holds it (for the test endpoint that counts payments).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PaymentRow {
    pub payment_id: String,
    /// Who paid: a demo person's index, or the masked ID number of someone typed in.
    pub payer: String,
    pub status: String,
    pub amount: String,
    pub receipt_serial: Option<String>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path`; `:memory:` keeps it in memory.
    pub fn open(path: &str) -> rusqlite::Result<SqliteStore> {
        let connection = Connection::open(path)?;
        connection.execute_batch(SCHEMA)?;
        Ok(SqliteStore { connection: Mutex::new(connection), written: Mutex::default() })
    }

    fn connection(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The payments recorded for one order (city, product, year), oldest first.
    pub fn payments_for(&self, city: &str, product: &str, year: u16) -> rusqlite::Result<Vec<PaymentRow>> {
        let connection = self.connection();
        let mut statement = connection.prepare(
            "SELECT id, status, amount, receipt_serial,
                    COALESCE(json_extract(data, '$.person.Typed.masked_id'), 'demo person ' || json_extract(data, '$.person.Fixture'))
             FROM payments
             WHERE city = ?1 AND product = ?2 AND year = ?3 ORDER BY json_extract(data, '$.created_at'), id",
        )?;
        let rows = statement.query_map(params![city, product, year], |row| {
            Ok(PaymentRow { payment_id: row.get(0)?, status: row.get(1)?, amount: row.get(2)?, receipt_serial: row.get(3)?, payer: row.get(4)? })
        })?;
        rows.collect()
    }

    fn read(&self) -> rusqlite::Result<Map<String, Value>> {
        let connection = self.connection();
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        let mut database = Map::new();
        for table in TABLES {
            let mut statement = connection.prepare(&format!("SELECT id, data FROM {table}"))?;
            let mut rows = Map::new();
            for row in statement.query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))? {
                let (id, data) = row?;
                if let Ok(value) = serde_json::from_str(&data) {
                    rows.insert(id.clone(), value);
                    written.insert((table, id), data);
                }
            }
            database.insert(table.into(), Value::Object(rows));
        }
        for name in COUNTERS {
            let value: Option<i64> = connection.query_row("SELECT value FROM counters WHERE name = ?1", [name], |r| r.get(0)).ok();
            database.insert(name.into(), Value::from(value.unwrap_or(0)));
        }
        Ok(database)
    }

    fn write(&self, database: &Map<String, Value>) -> rusqlite::Result<()> {
        let mut connection = self.connection();
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        // What the cache learns, applied only once the transaction has committed (a failed
        // commit leaves those rows to be written by the next save).
        let mut now_written: Vec<((&'static str, String), Option<String>)> = Vec::new();
        let transaction = connection.transaction()?;
        for table in TABLES {
            let rows = database.get(table).and_then(Value::as_object).cloned().unwrap_or_default();
            for (id, value) in &rows {
                let data = value.to_string();
                if written.get(&(table, id.clone())) != Some(&data) {
                    transaction.execute(
                        &format!("INSERT INTO {table} (id, data) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET data = excluded.data"),
                        params![id, data],
                    )?;
                    now_written.push(((table, id.clone()), Some(data)));
                }
            }
            let gone: Vec<String> = written.keys().filter(|(t, id)| *t == table && !rows.contains_key(id)).map(|(_, id)| id.clone()).collect();
            for id in gone {
                transaction.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [&id])?;
                now_written.push(((table, id), None));
            }
        }
        for name in COUNTERS {
            let value = database.get(name).and_then(Value::as_i64).unwrap_or(0);
            transaction.execute(
                "INSERT INTO counters (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                params![name, value],
            )?;
        }
        transaction.commit()?;
        for (row, data) in now_written {
            match data {
                Some(data) => written.insert(row, data),
                None => written.remove(&row),
            };
        }
        Ok(())
    }
}

impl DemoStore for SqliteStore {
    fn load(&self) -> Option<DemoDatabase> {
        match self.read().map(|rows| serde_json::from_value(Value::Object(rows))) {
            Ok(Ok(database)) => Some(database),
            Ok(Err(error)) => panic!("the database does not hold what this backend writes: {error}"),
            Err(error) => panic!("cannot read the database: {error}"),
        }
    }

    fn save(&self, database: &DemoDatabase) -> Result<(), String> {
        let written = match serde_json::to_value(database) {
            Ok(Value::Object(rows)) => self.write(&rows),
            _ => unreachable!("the database serialises to an object"),
        };
        written.map_err(|error| {
            eprintln!("could not save to the database: {error}");
            error.to_string()
        })
    }
}
