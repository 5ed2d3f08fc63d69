//! Renders a view once the catalog is loaded; a loading line before, and
//! the load error with a retry button if it fails.

use crate::components::LoadErrorView;
use crate::model::Catalog;
use crate::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;

pub fn with_catalog<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<Catalog>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let app = use_app();
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{move || app.t().loading}</p> }>
            {move || {
                app.catalog
                    .get()
                    .map(|loaded| match loaded {
                        Ok(catalog) => render(catalog).into_any(),
                        Err(error) => {
                            let retry = move |_| app.catalog.refetch();
                            view! { <LoadErrorView error on_retry=retry/> }.into_any()
                        }
                    })
            }}
        </Suspense>
    }
}
