//! Reads a page's file as soon as the reader shows they may open it: the
//! pointer resting on a link for a moment, or a press beginning (mouse,
//! pen or touch). By the click the file is usually here, and the page
//! renders in the click's frame. Issue, tag and glossary pages have files;
//! a link merely crossed by the pointer reads nothing, and neither does a
//! link taking focus (Tab passes over many links on the way to one). The
//! page's code, when it arrives on demand, is read ahead the same way and
//! also when a link takes focus (by keyboard or otherwise): there are three
//! pages' chunks in all, each fetched once, so a keyboard reader's first
//! Enter on a tag or glossary link does not wait for code (BENCHMARKS.md,
//! the first visits to code on demand).

use crate::load::data_url;
use crate::model::{Glossary, TagPage};
use crate::platform;
use crate::route::Route;
use crate::state::{use_app, use_data_cache};
use leptos::ev;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::time::Duration;

/// How long the pointer rests on a link before its file is read.
const INTENT: Duration = Duration::from_millis(65);

/// A function that reads the file of the page at a route ahead of time, if
/// it has one and the catalog is here (called from event handlers and
/// timers, which have no context of their own).
pub fn use_read_data_ahead() -> impl Fn(&Route) + Copy + 'static {
    let app = use_app();
    let cache = use_data_cache();
    move |route| {
        let Some(Ok(catalog)) = app.catalog.get_untracked() else {
            return;
        };
        match route {
            Route::Tag(tag) if catalog.settings.tag(tag).is_some() => {
                cache.read_ahead(&data_url(app.base, &TagPage::file(tag)));
            }
            Route::Glossary | Route::Term(_) => {
                cache.read_ahead(&data_url(app.base, Glossary::FILE));
            }
            Route::Issue(volume) | Route::Item(volume, _) => {
                if let Some(file) = catalog.entry(*volume).and_then(|e| e.file.as_deref()) {
                    cache.read_ahead(&data_url(app.base, file));
                }
            }
            _ => {}
        }
    }
}

pub fn use_link_prefetch() {
    let app = use_app();
    let read_code_ahead = super::use_read_code_ahead();
    let read_data_ahead = use_read_data_ahead();
    // The page's code, if it arrives on demand, and its file.
    let prefetch = move |href: &str| {
        if let Some(route) = Route::from_href(app.base, href) {
            read_code_ahead(&route);
            read_data_ahead(&route);
        }
    };
    // The link the pointer rests on, and the timer that reads it.
    let resting = StoredValue::new_local(None::<(String, TimeoutHandle)>);
    let stop = move || {
        if let Some((_, timer)) = resting.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    let rest_on = move |event: &web_sys::Event| {
        let Some(href) = platform::link_href(event) else {
            return stop();
        };
        if resting.try_with_value(|r| r.as_ref().is_some_and(|(h, _)| *h == href)) == Some(true) {
            return;
        }
        stop();
        let target = href.clone();
        if let Ok(timer) = set_timeout_with_handle(move || prefetch(&target), INTENT) {
            resting.try_set_value(Some((href, timer)));
        }
    };
    let press = move |event: &web_sys::Event| {
        if let Some(href) = platform::link_href(event) {
            prefetch(&href);
        }
    };
    // Focus reads no file, only the page's code.
    let focus = move |event: &web_sys::Event| {
        if let Some(route) = platform::link_href(event).and_then(|h| Route::from_href(app.base, &h))
        {
            read_code_ahead(&route);
        }
    };
    let handles = [
        window_event_listener(ev::pointerover, move |e| rest_on(&e)),
        window_event_listener(ev::pointerout, move |_| stop()),
        window_event_listener(ev::pointerdown, move |e| press(&e)),
        window_event_listener(ev::focusin, move |e| focus(&e)),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
}
