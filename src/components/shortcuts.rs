//! Reading by keyboard (`keys`): whether shortcuts are on, the app-wide
//! keys (`/` to the search box, `?` for the list of shortcuts), and the
//! dialog that lists them with the switch that turns them off. Pages add
//! their own keys through [`Shortcuts::action`] (the issue page: `j`, `k`,
//! `[`, `]`).

use crate::components::{OnDemandPart, SEARCH_INPUT_ID};
use crate::i18n::Strings;
use crate::keys::{Action, SHORTCUTS};
use crate::platform;
use crate::prefs::SHORTCUTS_KEY;
use crate::state::{dynamic, on_demand, use_app};
use leptos::prelude::*;

on_demand!(SHORTCUTS_HELP, shortcuts_help_code, keys, ShortcutsDialog);

/// Whether shortcuts are on, and whether their list is open.
#[derive(Clone, Copy)]
pub struct Shortcuts {
    pub enabled: RwSignal<bool>,
    pub help: RwSignal<bool>,
}

/// Provides the app's shortcuts; on unless the reader turned them off.
pub fn provide_shortcuts() {
    let enabled = platform::load_preference(SHORTCUTS_KEY).as_deref() != Some("off");
    provide_context(Shortcuts {
        enabled: RwSignal::new(enabled),
        help: RwSignal::new(false),
    });
}

/// The app's shortcuts; none outside the app (component tests).
pub fn use_shortcuts() -> Option<Shortcuts> {
    use_context()
}

/// The shortcut `event` asks for: none while shortcuts are off (they are on
/// outside the app), with Ctrl, Alt or Meta held, or while typing in a field.
pub fn shortcut(keys: Option<Shortcuts>, event: &web_sys::KeyboardEvent) -> Option<Action> {
    // Off, or the list is open over the page (its own keys are the dialog's).
    if keys.is_some_and(|k| !k.enabled.get_untracked())
        || platform::dialog_open()
        || event.ctrl_key()
        || event.meta_key()
        || event.alt_key()
        || platform::typing_in_field(event)
    {
        return None;
    }
    Action::of(&event.key())
}

impl Shortcuts {
    /// Turns shortcuts on or off, remembered where storage allows.
    pub fn set_enabled(self, on: bool) {
        self.enabled.set(on);
        platform::save_preference(SHORTCUTS_KEY, (!on).then_some("off"));
    }
}

/// The app-wide keys, and the list of shortcuts while it is open (its code
/// arrives on demand: most readers never open it).
#[component]
pub fn ShortcutKeys() -> impl IntoView {
    let keys = use_shortcuts();
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        let done = match shortcut(keys, &event) {
            Some(Action::Search) => platform::focus_id(SEARCH_INPUT_ID),
            Some(Action::Help) => keys.map(|k| k.help.set(true)).is_some(),
            _ => false,
        };
        if done {
            event.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
    dynamic(move || {
        keys.is_some_and(|k| k.help.get())
            .then(|| view! { <OnDemandPart code=&SHORTCUTS_HELP/> })
    })
}

/// The footer's way to the list, which works with shortcuts off too.
#[component]
pub fn ShortcutsButton() -> impl IntoView {
    let app = use_app();
    use_shortcuts().map(|keys| {
        view! {
            <button type="button" class="link-button" aria-keyshortcuts="?" on:click=move |_| keys.help.set(true)>
                {app.text(|t| t.shortcuts_title)}
            </button>
        }
    })
}

fn describe(action: Action) -> fn(&Strings) -> &'static str {
    match action {
        Action::NextItem => |t| t.key_next_item,
        Action::PreviousItem => |t| t.key_previous_item,
        Action::OlderIssue => |t| t.previous_issue,
        Action::NewerIssue => |t| t.next_issue,
        Action::Search => |t| t.key_search,
        Action::Help => |t| t.key_help,
    }
}

/// The list of shortcuts: a modal dialog (focus moves into it, the page
/// behind is inert, Escape closes it and focus goes back).
#[component]
fn ShortcutsDialog() -> impl IntoView {
    let app = use_app();
    let Some(keys) = use_shortcuts() else {
        return ().into_any();
    };
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    dialog.on_load(|el| platform::show_modal(&el));
    let row = |key: &'static str, text: fn(&Strings) -> &'static str| {
        view! { <div><dt><kbd>{key}</kbd></dt><dd>{app.text(text)}</dd></div> }
    };
    view! {
        <dialog
            class="shortcuts"
            node_ref=dialog
            aria-labelledby="shortcuts-title"
            on:close=move |_| keys.help.set(false)
        >
            <h2 id="shortcuts-title">{app.text(|t| t.shortcuts_title)}</h2>
            <dl>
                {SHORTCUTS
                    .iter()
                    .map(|&(key, action)| row(key, describe(action)))
                    .collect_view()}
                {row("Esc", |t| t.key_close)}
            </dl>
            <p>
                <label>
                    <input
                        type="checkbox"
                        prop:checked=move || keys.enabled.get()
                        on:change=move |e| keys.set_enabled(event_target_checked(&e))
                    />
                    " "
                    {app.text(|t| t.shortcuts_on)}
                </label>
            </p>
            <button
                type="button"
                on:click=move |_| {
                    if let Some(el) = dialog.get_untracked() {
                        platform::close_dialog(&el);
                    }
                }
            >
                {app.text(|t| t.close)}
            </button>
        </dialog>
    }
    .into_any()
}
