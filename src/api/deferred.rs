//! A backend in two downloads: the first screen's calls (regions and products) are answered by
//! code that is already there, and every other call by the whole client, whose code is fetched
//! with the first of them (or ahead, once the first screen works). The HTTP client and the demo
//! are both built this way, so the payer's first screen never waits for the code of the screens
//! after it.

use super::*;

/// What a client answers before the rest of its code has arrived.
pub trait FirstScreenCalls: Send + Sync {
    fn describe(&self) -> String;
    fn regions(&self) -> ApiFuture<Vec<Province>>;
    fn products(&self, city: &str) -> ApiFuture<Vec<Product>>;
    /// The whole client, fetching its code the first time. A download that fails is a
    /// connection problem like any other (`ApiError::Network`: the screen offers a retry).
    fn whole(&self) -> ApiFuture<Arc<dyn ApiClient>>;
}

pub struct Deferred(Box<dyn FirstScreenCalls>);

impl Deferred {
    pub fn new(first: impl FirstScreenCalls + 'static) -> Self {
        Deferred(Box::new(first))
    }

    /// Makes a call of the whole client, fetching its code first if needed.
    fn later<T: 'static>(&self, call: impl FnOnce(&(dyn ApiClient + 'static)) -> ApiFuture<T> + 'static) -> ApiFuture<T> {
        after(self.0.whole(), call)
    }
}

impl ApiClient for Deferred {
    fn describe(&self) -> String {
        self.0.describe()
    }

    fn prepare_later_calls(&self) {
        let whole = self.0.whole();
        leptos::task::spawn_local(async move {
            let _ = whole.await;
        });
    }

    fn regions(&self) -> ApiFuture<Vec<Province>> {
        self.0.regions()
    }

    fn products(&self, city: &str) -> ApiFuture<Vec<Product>> {
        self.0.products(city)
    }

    fn payment_api(&self) -> ApiFuture<Arc<dyn PaymentApi>> {
        self.later(|all| all.payment_api())
    }

    fn record_api(&self) -> ApiFuture<Arc<dyn RecordApi>> {
        self.later(|all| all.record_api())
    }

    fn family_api(&self) -> ApiFuture<Arc<dyn FamilyApi>> {
        self.later(|all| all.family_api())
    }
}
