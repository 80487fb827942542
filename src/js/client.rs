//! `create(defaults)` and the JS `Client`: a client configured once, whose `put` and
//! `update` are the free functions' with its defaults, and whose `extend` makes a new
//! client over them. Its defaults are a [`Put`] made once (checked then, so a bad one
//! throws where the client is built), cloned for each call.

use std::rc::Rc;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

use super::values::{self, Kind};
use super::{callbacks, options, Call};
use crate::client::{Bearer, Hooks, Put};
use crate::error::Error;
use crate::rules::options::{spec_of, wrong_type, Caller, Key};
use crate::rules::Invalid;

/// A client configured once; made by `create()` (its TypeScript declaration is in
/// `types.rs`). In JavaScript:
///
/// ```js
/// const api = create({ baseUrl: 'https://api.example.com/v1/', retry: 2 });
/// const res = await api.put('notes/42', null, null, { json: note });
/// ```
#[wasm_bindgen(skip_typescript)]
pub struct Client {
    /// Every default but the `afterResponse` hooks and `throwHttpErrors`.
    defaults: Put,
    /// The hooks and bearer the defaults' `Put` carries, kept to extend them.
    hooks: Hooks,
    /// The `afterResponse` hooks, run on a call's final `PutResponse`.
    after: Rc<Vec<Function>>,
    throw_http_errors: bool,
}

/// Makes a client from `defaults`: any `put()` option but `json`, `ifMatch`,
/// `createOnly` and `signal`, plus `baseUrl`, `headers`, `bearer` and `hooks`. Throws
/// `InvalidInputError` for a bad one. Its TypeScript declaration is in `types.rs`.
#[wasm_bindgen(js_name = create, skip_typescript)]
pub fn create(defaults: JsValue) -> Result<Client, JsValue> {
    let empty = Client {
        defaults: crate::put("").for_js(),
        hooks: Hooks::default(),
        after: Rc::new(Vec::new()),
        throw_http_errors: false,
    };
    empty.with(&defaults, "create()")
}

#[wasm_bindgen]
impl Client {
    /// `put()` with the client's defaults.
    pub fn put(&self, url: JsValue, headers: JsValue, data: JsValue, options: JsValue) -> Promise {
        super::put_call(self.call(), &url, &headers, &data, &options)
    }

    /// `update()` with the client's defaults.
    pub fn update(&self, url: JsValue, change: JsValue, options: JsValue) -> Promise {
        super::update_call(self.call(), &url, change, &options)
    }

    /// A new client: `more` merged over these defaults as a call's options are, its
    /// hooks after these. This client is unchanged.
    pub fn extend(&self, more: JsValue) -> Result<Client, JsValue> {
        self.with(&more, "extend()")
    }
}

impl Client {
    /// What a call starts from.
    fn call(&self) -> Call {
        Call {
            defaults: self.defaults.clone(),
            after: (!self.after.is_empty()).then(|| (self.hooks.clone(), self.after.clone())),
            throw_http_errors: self.throw_http_errors,
            removes_defaults: true,
        }
    }

    /// This client with `more` over its defaults, or the `InvalidInputError` of a bad
    /// one, in a message that names `by`.
    fn with(&self, more: &JsValue, by: &str) -> Result<Client, JsValue> {
        let (put, extra) = options::apply(more, self.defaults.clone(), options::For::Create);
        let mut put = super::with_headers(put, &extra.headers, true).settle_defaults();
        let mut hooks = self.hooks.clone();
        let mut after = (*self.after).clone();
        if let Some(base) = &extra.base_url {
            match base_url(base) {
                Ok(href) => put.base_url = Some(href.into()),
                Err(invalid) => put.fail(invalid),
            }
        }
        if let Some(bearer) = &extra.bearer {
            match read_bearer(bearer) {
                Ok(bearer) => hooks.bearer = Some(bearer),
                Err(invalid) => put.fail(invalid),
            }
        }
        if let Some(given) = &extra.hooks {
            if let Err(invalid) = read_hooks(given, &mut hooks, &mut after) {
                put.fail(invalid);
            }
        }
        if let Some(invalid) = put.invalid.take() {
            return Err(Error::invalid(invalid, by).into());
        }
        put.hooks = Some(Rc::new(hooks.clone()));
        Ok(Client {
            defaults: put,
            hooks,
            after: Rc::new(after),
            throw_http_errors: extra.throw_http_errors.unwrap_or(self.throw_http_errors),
        })
    }
}

/// `baseUrl`: a string or `URL`, resolved against the page when relative.
fn base_url(v: &JsValue) -> Result<String, Invalid> {
    let text = match Kind::of(v) {
        Kind::String => v.as_string().unwrap_or_default(),
        Kind::Url => String::from(values::js_string_of(v, "options.baseUrl")?),
        _ => return Err(refused(Key::BaseUrl, v)),
    };
    crate::client::resolve_url(&text, Caller::Js).map_err(|(invalid, _)| {
        Invalid::new(format!(
            "Option baseUrl is not a URL ({}): \"{text}\"",
            invalid.detail
        ))
    })
}

/// `Option <name> must be …, not …` for the option `key`.
fn refused(key: Key, v: &JsValue) -> Invalid {
    let spec = spec_of(key);
    wrong_type(spec.js, spec.expects, Kind::of(v).describe())
}

/// `bearer: { token, refresh }`, two functions.
fn read_bearer(v: &JsValue) -> Result<Bearer, Invalid> {
    if Kind::of(v) != Kind::Plain {
        return Err(refused(Key::Bearer, v));
    }
    let mut token = None;
    let mut refresh = None;
    for (name, f) in values::pairs(v, Kind::Plain, "options.bearer")? {
        let name = name.as_string().unwrap_or_default();
        let slot = match name.as_str() {
            "token" => &mut token,
            "refresh" => &mut refresh,
            _ => {
                return Err(Invalid::new(format!(
                    "Unknown option \"bearer.{name}\"; the options are bearer.token, bearer.refresh"
                )))
            }
        };
        match f.dyn_into::<Function>() {
            Ok(f) => *slot = Some(f),
            Err(f) => {
                return Err(wrong_type(
                    &format!("bearer.{name}"),
                    "a function",
                    Kind::of(&f).describe(),
                ))
            }
        }
    }
    match (token, refresh) {
        (Some(token), Some(refresh)) => Ok(Bearer::new(
            callbacks::token(token),
            callbacks::refresh(refresh),
        )),
        _ => Err(refused(Key::Bearer, v)),
    }
}

/// `hooks: { beforeRequest, afterResponse }`, arrays of functions, appended to those
/// there are.
fn read_hooks(v: &JsValue, hooks: &mut Hooks, after: &mut Vec<Function>) -> Result<(), Invalid> {
    if Kind::of(v) != Kind::Plain {
        return Err(refused(Key::Hooks, v));
    }
    for (name, list) in values::pairs(v, Kind::Plain, "options.hooks")? {
        let name = name.as_string().unwrap_or_default();
        if name != "beforeRequest" && name != "afterResponse" {
            return Err(Invalid::new(format!(
                "Unknown option \"hooks.{name}\"; the options are hooks.beforeRequest, hooks.afterResponse"
            )));
        }
        if Kind::of(&list).is_absent() {
            continue;
        }
        let must = "an array of functions";
        let not_functions = |found: &JsValue| {
            wrong_type(&format!("hooks.{name}"), must, Kind::of(found).describe())
        };
        if Kind::of(&list) != Kind::Array {
            return Err(not_functions(&list));
        }
        for item in values::items(&list, "options.hooks")?.iter() {
            let f = item.dyn_into::<Function>().map_err(|f| not_functions(&f))?;
            if name == "beforeRequest" {
                hooks.before.push(Rc::new(callbacks::before_request(f)));
            } else {
                after.push(f);
            }
        }
    }
    Ok(())
}
