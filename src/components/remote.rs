use crate::api::{ApiError, ApiFuture};
use crate::components::layout::Loading;
use crate::components::problem::ApiProblem;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where a request stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Nothing to ask for yet (e.g. no tier chosen).
    Idle,
    Loading,
    Ready(Result<T, ApiError>),
}

/// Data from the backend that a screen shows: refetched whenever a signal its request reads
/// changes, with answers to superseded requests dropped. A light stand-in for LocalResource +
/// Transition, which weigh a lot of wasm for what these screens need.
pub struct Remote<T: Send + Sync + 'static> {
    pub state: RwSignal<Load<T>>,
    trigger: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static> Copy for Remote<T> {}

impl<T: Clone + Send + Sync + 'static> Remote<T> {
    /// `request` returns None when there is nothing to ask for yet.
    pub fn new(request: impl Fn() -> Option<ApiFuture<T>> + 'static) -> Self {
        let state = RwSignal::new(Load::Loading);
        let trigger = RwSignal::new(0u32);
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            trigger.track();
            let pending = request();
            generation.update_value(|g| *g += 1);
            let mine = generation.get_value();
            let Some(pending) = pending else {
                state.set(Load::Idle);
                return;
            };
            state.set(Load::Loading);
            spawn_local(async move {
                let result = pending.await;
                // Only the latest request may set the state, and only while the screen exists.
                if generation.try_get_value() == Some(mine) {
                    state.try_set(Load::Ready(result));
                }
            });
        });
        Remote { state, trigger }
    }

    pub fn once(request: impl Fn() -> ApiFuture<T> + 'static) -> Self {
        Self::new(move || Some(request()))
    }

    pub fn refetch(&self) {
        self.trigger.update(|n| *n = n.wrapping_add(1));
    }

    /// The value, once it has arrived successfully.
    pub fn ready(&self) -> Option<T> {
        match self.state.get() {
            Load::Ready(Ok(value)) => Some(value),
            _ => None,
        }
    }

    /// Loading indicator, the error with a retry button, or `show(value)`.
    pub fn view<V: IntoView + 'static>(self, show: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView {
        move || match self.state.get() {
            Load::Idle => ().into_any(),
            Load::Loading => view! { <Loading /> }.into_any(),
            Load::Ready(Err(error)) => view! { <ApiProblem error retry=Callback::new(move |_| self.refetch()) /> }.into_any(),
            Load::Ready(Ok(value)) => show(value).into_any(),
        }
    }
}
