//! What web storage keeps: the flow (sessionStorage) and the payments pressed whose final
//! result this browser has not seen (localStorage, without the token).

use super::{Flow, FLOW_KEY, PENDING_KEY};
use crate::api::{LocalText, OrderRef, PaymentMethod, Quote};
use crate::platform::{load, random_hex, save, storage_get, storage_set, Store};
use serde::{Deserialize, Serialize};

/// A payment the person pressed pay for whose final result has not been seen here: enough to
/// ask the backend about it again (the same quote, method and Idempotency-Key) after verifying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingPayment {
    pub province: Option<String>,
    pub place: Option<LocalText>,
    pub order: OrderRef,
    pub quote: Quote,
    pub method: PaymentMethod,
    pub key: String,
    /// Who pressed pay, as the backend masked their mobile: a record is resumed only for them
    /// (families pay for each other from one phone).
    #[serde(default)]
    pub payer: Option<String>,
}

thread_local! {
    /// Set for a gallery preview: pending payments then live here, in memory only (as the
    /// preview's flow does), so a preview never changes the person's real progress.
    static PREVIEW_PENDING: std::cell::RefCell<Option<Vec<PendingPayment>>> = const { std::cell::RefCell::new(None) };
}

/// The pending payments kept across visits, one per order. (Their decoder is in the stored
/// state's download, fetched at start when there are any: see `stored_state`.)
pub fn pending_payments() -> Vec<PendingPayment> {
    PREVIEW_PENDING
        .with(|p| p.borrow().clone())
        .unwrap_or_else(|| STORED.get().map(|code| (code.load_pending)()).unwrap_or_default())
}

/// From now on, pending payments live in memory, starting with `pending` (gallery previews).
pub fn keep_pending_in_memory(pending: Vec<PendingPayment>) {
    PREVIEW_PENDING.with(|p| *p.borrow_mut() = Some(pending));
}

fn save_pending_payments(pending: &Vec<PendingPayment>) {
    let in_preview = PREVIEW_PENDING.with(|p| p.borrow_mut().as_mut().map(|kept| kept.clone_from(pending)).is_some());
    if in_preview {
        return;
    }
    if pending.is_empty() {
        // Nothing to keep: a later visit then never fetches the stored state's code for it.
        storage_set(Store::Local, PENDING_KEY, None);
    } else {
        with_stored_state(pending, |code, pending| (code.save_pending)(pending));
    }
}

/// Reads and writes what web storage keeps: the flow (sessionStorage) and the pending payments
/// (localStorage). Their JSON coding is most of the state's code and no first visit needs it,
/// so it is a download of its own: fetched at start only when something is stored, and with
/// every later screen's code (see `screens::arrive`), so saving before pay is sent is immediate.
#[derive(Clone, Copy)]
pub struct StoredState {
    pub(super) load_flow: fn() -> Option<Flow>,
    pub(super) save_flow: fn(&Flow),
    load_pending: fn() -> Vec<PendingPayment>,
    save_pending: fn(&Vec<PendingPayment>),
}

on_demand! {
    chunk stored_state;
    fn stored_state_code() -> StoredState {
        StoredState {
            load_flow: || load(Store::Session, FLOW_KEY),
            save_flow: |flow| save(Store::Session, FLOW_KEY, flow),
            load_pending: || load(Store::Local, PENDING_KEY).unwrap_or_default(),
            save_pending: |pending| save(Store::Local, PENDING_KEY, pending),
        }
    }
}

thread_local! {
    pub(super) static STORED: std::cell::Cell<Option<StoredState>> = const { std::cell::Cell::new(None) };
}

/// The stored state's code, fetched the first time.
pub async fn stored_state() -> Result<StoredState, crate::on_demand::ChunkError> {
    match STORED.get() {
        Some(code) => Ok(code),
        None => {
            let code = stored_state_code().await?;
            STORED.set(Some(code));
            Ok(code)
        }
    }
}

/// Whether this browser keeps a flow or a pending payment from before: then the app fetches
/// the stored state's code before it shows anything. (Nothing to keep removes the key.)
pub fn something_stored() -> bool {
    storage_get(Store::Session, FLOW_KEY).is_some() || storage_get(Store::Local, PENDING_KEY).is_some()
}

/// Writes `value` with the stored state's code: at once if it has arrived (the usual case, so
/// nothing is copied), else a copy once it does (writes waiting for it run in their order).
pub(super) fn with_stored_state<T: Clone + 'static>(value: &T, write: fn(StoredState, &T)) {
    match STORED.get() {
        Some(code) => write(code, value),
        None => {
            let value = value.clone();
            leptos::task::spawn_local(async move {
                if let Ok(code) = stored_state().await {
                    write(code, &value);
                }
            });
        }
    }
}

/// The backend said the pending payment for `order` cannot be looked up or made (unknown
/// quote, a different request under its key, paid by another payment, window closed): the
/// record has nothing more to tell.
pub fn forget_pending_payment(order: &OrderRef) {
    let mut pending = pending_payments();
    pending.retain(|p| &p.order != order);
    save_pending_payments(&pending);
}

/// A new Idempotency-Key for an attempt to pay.
pub fn new_attempt_key() -> String {
    format!("pay-{}", random_hex(16))
}

/// Keeps the stored pending payments in step with `flow`: its unfinished attempt is recorded
/// (before the request is sent, so a tab killed mid-request still knows the key), and a
/// final result seen for an order clears that order's record.
pub(super) fn sync_pending_payments(flow: &Flow) {
    // Before pay is pressed (choosing, verifying) there is nothing to record or clear: skip
    // reading localStorage for those updates.
    if flow.attempt.key.is_none() && !flow.has_final_result() {
        return;
    }
    let Some(order) = flow.order() else { return };
    let mut pending = pending_payments();
    let before = pending.clone();
    match flow.pending_payment() {
        // A record whose result is unknown is never replaced by a newer attempt's: its key is
        // the only way to ask about it. (The backend refuses a second payment meanwhile.)
        Some(current) => match pending.iter_mut().find(|p| p.order == order) {
            Some(stored) if stored.key == current.key => *stored = current,
            Some(_) => {}
            None => pending.push(current),
        },
        None if flow.has_final_result() => pending.retain(|p| p.order != order),
        None => {}
    }
    if pending != before {
        save_pending_payments(&pending);
    }
}
