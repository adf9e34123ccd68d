//! A new child or plan: the few facts needed to open a plan; everything else is filled in
//! in the workspace.

use crate::app::Route;
use crate::ipc;
use crate::widgets::{Choice, DateField};
use northstar_schema::{Date, NewChild, Sen2Code, SettingKind, YearGroup};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NewChildProps {
    pub on_done: Callback<Route>,
}

#[function_component(NewChildForm)]
pub fn new_child_form(p: &NewChildProps) -> Html {
    let child = use_state(NewChild::default);
    let error = use_state(|| None::<String>);
    let set = |f: fn(&mut NewChild, String)| {
        let child = child.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*child).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            child.set(next);
        })
    };
    let date = |f: fn(&mut NewChild, Option<Date>)| {
        let child = child.clone();
        Callback::from(move |d: Option<Date>| {
            let mut next = (*child).clone();
            f(&mut next, d);
            child.set(next);
        })
    };
    let on_year = {
        let child = child.clone();
        Callback::from(move |y: Option<YearGroup>| {
            child.set(NewChild {
                year_group: y.unwrap_or_default(),
                ..(*child).clone()
            })
        })
    };
    let on_kind = {
        let child = child.clone();
        Callback::from(move |k: Option<SettingKind>| {
            child.set(NewChild {
                setting_kind: k.unwrap_or_default(),
                ..(*child).clone()
            })
        })
    };
    let on_need = {
        let child = child.clone();
        Callback::from(move |n: Option<Sen2Code>| {
            child.set(NewChild {
                primary_need: n,
                ..(*child).clone()
            })
        })
    };
    let onsubmit = {
        let (child, error, on_done) = (child.clone(), error.clone(), p.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (child, error, on_done) = (child.clone(), error.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match ipc::create_child(&child).await {
                    Ok(id) => on_done.emit(Route::Workspace { id }),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let cancel = p.on_done.reform(|_: MouseEvent| Route::Caseload);
    html! {
        <section aria-labelledby="new-child-title" class="narrow">
            <h1 id="new-child-title">{ "New child or plan" }</h1>
            <p class="hint">{ "Just the essentials. You can add needs, outcomes and people in the plan afterwards." }</p>
            if let Some(e) = &*error {
                <p class="error" role="alert" id="new-child-error">{ e }</p>
            }
            <form {onsubmit}>
                <div class="row">
                    <div class="field">
                        <label for="child-given">{ "First name" }</label>
                        <input id="child-given" type="text" required=true value={child.given_name.clone()} oninput={set(|c, v| c.given_name = v)} autocomplete="off" />
                    </div>
                    <div class="field">
                        <label for="child-family">{ "Family name" }</label>
                        <input id="child-family" type="text" required=true value={child.family_name.clone()} oninput={set(|c, v| c.family_name = v)} autocomplete="off" />
                    </div>
                </div>
                <div class="row">
                    <DateField id="child-dob" label="Date of birth" value={child.date_of_birth} on_change={date(|c, d| c.date_of_birth = d)} />
                    <Choice<YearGroup> id="child-year" label="Year group" value={Some(child.year_group)} on_change={on_year} />
                </div>
                <div class="row">
                    <div class="field">
                        <label for="child-setting">{ "School or setting" }</label>
                        <input id="child-setting" type="text" value={child.setting_name.clone()} oninput={set(|c, v| c.setting_name = v)} autocomplete="off" />
                    </div>
                    <Choice<SettingKind> id="child-setting-kind" label="Kind of setting" value={Some(child.setting_kind)} on_change={on_kind} />
                </div>
                <div class="row">
                    <Choice<Sen2Code> id="child-need" label="Primary need" value={child.primary_need} none={Some(AttrValue::from("Not known yet"))} on_change={on_need} />
                    <DateField id="child-issued" label="Plan issued on" value={child.plan_issued_on} on_change={date(|c, d| c.plan_issued_on = d)} />
                </div>
                <div class="row">
                    <button type="submit" class="button primary" id="create-child">{ "Create and open the plan" }</button>
                    <button type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </form>
        </section>
    }
}
