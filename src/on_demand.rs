//! Code fetched on demand: a split point names the chunk (a file of its own, cut by wasm-split)
//! that holds some code, and loading it brings that code the first time it is needed. Screens
//! (`screens.rs`), the backend's later calls and the stored state's code are split points. A
//! failed fetch is shown as a problem with a retry.

use crate::components::layout::Loading;
use crate::i18n::{pick, tr, use_lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;

/// A chunk of code that did not arrive (a 404 after a deploy, a dropped connection, a timeout).
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkError {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        ChunkError
    }
}

pub type Loaded<T> = Pin<Box<dyn Future<Output = Result<T, ChunkError>>>>;

/// Declares a split point: `on_demand! { chunk NAME; fn f() -> T { … } }` makes `f` return a
/// future of `Ok(T)` once the chunk NAME holding its code has arrived. A chunk's second split
/// point names an id of its own (`chunk NAME #"<32 hex digits>";`). Test and native builds (no
/// `split` feature) run it directly.
#[macro_export]
macro_rules! on_demand {
    (chunk $chunk:ident $(# $id:literal)?; $(#[$meta:meta])* $vis:vis fn $name:ident() -> $ty:ty $body:block) => {
        $(#[$meta])*
        $vis fn $name() -> $crate::on_demand::Loaded<$ty> {
            $crate::split_point!($chunk $(# $id)?: $ty = $body).load()
        }
    };
}

/// A split point: the chunk its code is in, and the call into that code once it has arrived.
/// It is data (a static): one `SplitPoint::load` serves every split point handing back the same
/// type, where `#[wasm_split]` put two futures per split point into the first download.
pub struct SplitPoint<T: 'static> {
    #[cfg(feature = "split")]
    pub loader: &'static wasm_split_helpers::rt::LazySplitLoader,
    pub call: fn() -> T,
}

impl<T: 'static> SplitPoint<T> {
    pub fn load(&'static self) -> Loaded<T> {
        Box::pin(async move {
            #[cfg(feature = "split")]
            wasm_split_helpers::rt::ensure_loaded(Pin::static_ref(self.loader)).await?;
            Ok((self.call)())
        })
    }
}

/// `split_point!(CHUNK: T = expr)`: a `&'static SplitPoint<T>` whose code (`expr`) is cut
/// into the chunk CHUNK by wasm-split. It names the symbols `#[wasm_split]` does, with a fixed
/// id (`CHUNK # "<32 hex digits>"` names another): a second split point in a chunk with the same
/// id fails to link (a duplicate export), so two can never be mixed up.
#[macro_export]
macro_rules! split_point {
    ($chunk:ident: $ty:ty = $body:expr) => {
        $crate::split_point!($chunk # "00000000000000000000000000000000": $ty = $body)
    };
    ($chunk:ident # $id:literal: $ty:ty = $body:expr) => {{
        #[cfg(feature = "split")]
        {
            #[link(wasm_import_module = "__wasm_split_placeholder__")]
            #[allow(improper_ctypes)]
            unsafe extern "C" {
                #[link_name = concat!("__wasm_split_load_", stringify!($chunk))]
                fn __split_load(callback: ::wasm_split_helpers::rt::LoadCallbackFn, data: *const ::std::ffi::c_void);
                #[link_name = concat!("__wasm_split_00", stringify!($chunk), "00_import_", $id)]
                safe fn __split_imported() -> $ty;
            }
            // Cut into the chunk: wasm-split sends calls of `__split_imported` here once it has arrived.
            #[export_name = concat!("__wasm_split_00", stringify!($chunk), "00_export_", $id)]
            #[allow(improper_ctypes_definitions)]
            extern "C" fn __split_exported() -> $ty {
                $body
            }
            // (The names are unusual: items in a macro are not hygienic, and `$body` sees them.)
            // SAFETY: wasm-split's loader calls the callback exactly once per load.
            static __SPLIT_LOADER: ::wasm_split_helpers::rt::LazySplitLoader = unsafe { ::wasm_split_helpers::rt::LazySplitLoader::new(__split_load) };
            static __SPLIT_POINT: $crate::on_demand::SplitPoint<$ty> = $crate::on_demand::SplitPoint { loader: &__SPLIT_LOADER, call: || __split_imported() };
            &__SPLIT_POINT
        }
        #[cfg(not(feature = "split"))]
        {
            static __SPLIT_POINT: $crate::on_demand::SplitPoint<$ty> = $crate::on_demand::SplitPoint { call: || $body };
            &__SPLIT_POINT
        }
    }};
}

/// Shows `show(code)` once `load` has brought a piece of code (a screen, or a part of one);
/// the loading state meanwhile, and the problem with a retry if it does not arrive.
pub fn when_arrived<F: Copy + Send + Sync + 'static>(
    load: impl Fn() -> Loaded<F> + Copy + Send + Sync + 'static,
    show: impl Fn(F) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let arrived = RwSignal::new(None::<Result<F, ChunkError>>);
    let fetch = move || {
        arrived.set(None);
        spawn_local(async move {
            let result = load().await;
            arrived.try_set(Some(result));
        });
    };
    fetch();
    move || match arrived.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Ok(code)) => show(code),
        Some(Err(_)) => view! { <ChunkProblem retry=Callback::new(move |_| fetch()) /> }.into_any(),
    }
}

/// The code for what the person asked for did not arrive.
#[component]
pub fn ChunkProblem(#[prop(into)] retry: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let message = (
        "这一页没能加载，可能是网络中断了。您填写的内容都还在，请检查网络后重试。".to_string(),
        "This page could not be loaded: the connection may have dropped. Everything you entered is kept. Check your connection and try again.".to_string(),
    );
    view! {
        <div class="problem" role="alert" data-state="problem-ChunkLoad" data-problem="ChunkLoad">
            <p>{move || pick(lang.get(), &message)}</p>
            <button type="button" class="button button-secondary" on:click=move |_| retry.run(())>{tr("重试", "Try again")}</button>
        </div>
    }
}
