//! Renders a view of a published file once it is here: a loading line
//! before (never seen when the cache holds the file, as on a pre-rendered
//! page), and the load error with a retry button if it fails.

use crate::components::LoadErrorView;
use crate::model::Catalog;
use crate::model::Decode;
use crate::state::{dynamic, later, use_app, File};
use leptos::prelude::*;
use std::sync::Arc;

/// The loading line every page shows while its file is read.
#[component]
pub fn Loading() -> impl IntoView {
    let app = use_app();
    view! { <p class="loading" role="status">{app.text(|t| t.loading)}</p> }
}

pub fn with_file<T, F, V>(file: File<T>, render: F) -> impl IntoView
where
    T: Decode + Send + Sync + 'static,
    F: Fn(Arc<T>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let render = Arc::new(render);
    dynamic(move || match file.get() {
        None => view! { <Loading/> }.into_any(),
        // A takeover builds the view in a step after the one that read
        // the file: reading and building, each a task of its own.
        // The view stays reactive (a route parameter it reads changes
        // without a new file: another tag on the same page).
        Some(Ok(data)) => {
            let render = render.clone();
            later(move || dynamic(move || render(data.clone()).into_any()))
        }
        Some(Err(error)) => {
            view! { <LoadErrorView error on_retry=move |_| file.retry()/> }.into_any()
        }
    })
}

pub fn with_catalog<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<Catalog>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    with_file(use_app().catalog, render)
}
