//! Turns the JS arguments of `put` into what `fetch` takes, checking them on the way.
//!
//! Nothing here copies a body's bytes into wasm memory: strings, blobs, buffers and
//! streams are handed on as the JS values they are. Only form fields and header names
//! and values are read into Rust, to be checked and encoded.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{push_quoted, PutError};
use crate::{form, headers, js};
use js_sys::JsString;
use wasm_bindgen::{JsCast, JsValue};

/// Resolves `url` (a string or `URL`) against the page or worker location.
///
/// Refuses what `fetch` would refuse later or send somewhere surprising: a value that
/// is not a URL, a relative URL with nothing to resolve it against, a scheme other than
/// http(s), and user names or passwords in the URL. The URL stays a JS string (its
/// href); it is copied into Rust only for an error message.
pub fn url(value: &JsValue) -> Result<JsString, (PutError, String)> {
    // A string goes straight to `resolveUrl`, which answers 8 for anything else.
    let mut resolved = js::resolve_url(value);
    if resolved.is_string() {
        return Ok(resolved.unchecked_into());
    }
    let given: JsString = if value.is_string() {
        value.clone().unchecked_into()
    } else if js::kind(value) == js::kind::URL {
        // `String(url)` is its href; read through a catching import, since a subclass
        // of URL may override it and throw.
        let given = js::to_js_string(value).map_err(|e| {
            (
                PutError::reading_threw("the url", e),
                String::from("(no url)"),
            )
        })?;
        resolved = js::resolve_url(&given);
        given
    } else {
        let mut d = String::from("The url must be a string or a URL, not ");
        d.push_str(js::describe(value));
        return Err((PutError::invalid_input(d), String::from("(no url)")));
    };
    // A URL object's href, resolved above.
    if resolved.is_string() {
        return Ok(resolved.unchecked_into());
    }
    let flags = resolved.as_f64().unwrap_or(0.0) as u8;
    if flags & js::url_flags::NOT_A_URL != 0 {
        let detail = if js::base_for(&given).is_null() {
            "The url is not an absolute URL, and there is no page location to resolve it against; pass an absolute http(s) URL"
        } else {
            "The url is not a valid URL; check it for typos"
        };
        return Err((PutError::invalid_input(detail), String::from(&given)));
    }
    // It is a URL: parsed again, for the message.
    let parsed: js::JsUrl = js::parse_url(&given).unchecked_into();
    if flags & js::url_flags::NOT_HTTP != 0 {
        let mut d = String::from("Only http: and https: URLs can be sent a PUT, not ");
        d.push_str(&parsed.protocol());
        return Err((PutError::invalid_input(d), String::from(parsed.href())));
    }
    parsed.set_username("");
    parsed.set_password("");
    Err((
        PutError::invalid_input(
            "The url holds a user name or password, which fetch refuses; pass them as options.auth = [user, password]",
        ),
        String::from(parsed.href()),
    ))
}

/// The request headers, checked, and whether the caller set `Content-Type`.
pub struct RequestHeaders {
    /// The headers to send; `None` when the caller passed none.
    pub headers: Option<web_sys::Headers>,
    /// Whether the caller set `Content-Type` (theirs always wins).
    pub has_content_type: bool,
}

/// A new, empty `Headers`.
pub fn new_headers() -> Result<web_sys::Headers, PutError> {
    web_sys::Headers::new()
        .map_err(|e| PutError::invalid_input("This runtime has no Headers class").with_cause(e))
}

/// Reads `headers`: `null`/`undefined`, a plain object, a `Headers`, a `Map`, or an
/// array of `[name, value]` pairs. Values are strings; numbers are stringified.
/// `kind` is what [`js::kind`] says of `value`.
pub fn headers(value: &JsValue, kind: u8) -> Result<RequestHeaders, PutError> {
    if js::kind::is_absent(kind) {
        return Ok(RequestHeaders {
            headers: None,
            has_content_type: false,
        });
    }
    let out = new_headers()?;
    let mut has_content_type = false;
    for (name, v) in pairs(value, kind, "headers")? {
        let Some(name) = name.as_string() else {
            return Err(PutError::invalid_input(
                "A header name must be a string; check the keys of headers",
            ));
        };
        let text = if v.is_string() || v.as_f64().is_some() {
            js::string_of(&v)
        } else {
            None
        };
        let Some(text) = text else {
            let mut d = String::from("Header ");
            push_quoted(&mut d, &name);
            d.push_str(" has ");
            d.push_str(js::describe(&v));
            d.push_str(" as its value; header values are strings or numbers");
            return Err(PutError::invalid_input(d));
        };
        if let Err(problem) = headers::check(&name, &text) {
            let mut d = String::from("Header ");
            push_quoted(&mut d, &name);
            d.push_str(" is invalid: ");
            d.push_str(problem.explain());
            return Err(PutError::invalid_input(d));
        }
        has_content_type |= headers::is_content_type(&name);
        out.append(&name, &text)
            .map_err(|e| PutError::header_refused(&name, e))?;
    }
    Ok(RequestHeaders {
        headers: Some(out),
        has_content_type,
    })
}

/// The `[key, value]` pairs of a plain object, `Map`, `Headers` or array of pairs
/// (`kind` is what [`js::kind`] says of `value`). `what` names the argument in messages.
fn pairs(value: &JsValue, kind: u8, what: &str) -> Result<Vec<(JsValue, JsValue)>, PutError> {
    let list = if kind == js::kind::PLAIN {
        js::entries(value)
    } else if matches!(kind, js::kind::ARRAY | js::kind::MAP | js::kind::HEADERS) {
        js::array_from(value)
    } else {
        let mut d = String::from("The ");
        d.push_str(what);
        d.push_str(" must be a plain object, a Map or an array of [name, value] pairs, not ");
        d.push_str(js::describe(value));
        return Err(PutError::invalid_input(d));
    };
    // A getter or a proxy's trap threw while the list or one of its pairs was read.
    let threw = |e| {
        let mut subject = String::from("the ");
        subject.push_str(what);
        PutError::reading_threw(&subject, e)
    };
    let list = list.map_err(threw)?;
    let mut out = Vec::with_capacity(list.length() as usize);
    for item in list.iter() {
        // Copied through a catching `Array.from`: a proxy's traps may throw.
        let pair = if js::is_array(&item) {
            Some(js::array_from(&item).map_err(threw)?)
        } else {
            None
        };
        match pair {
            Some(pair) if pair.length() == 2 => out.push((pair.get(0), pair.get(1))),
            _ => {
                let mut d = String::from("Each item of an array of ");
                d.push_str(what);
                d.push_str(" must be a [name, value] pair");
                return Err(PutError::invalid_input(d));
            }
        }
    }
    Ok(out)
}

/// The body to send, as `fetch` takes it.
pub struct Body {
    /// The body value (`undefined` for none).
    pub value: JsValue,
    /// The `Content-Type` to send when the caller set none.
    pub default_content_type: Option<&'static str>,
    /// Whether it can be sent again (a `ReadableStream` cannot): only such bodies retry.
    pub replayable: bool,
    /// Whether it is a `ReadableStream` (fetch then needs `duplex: 'half'`).
    pub stream: bool,
}

impl Body {
    fn of(value: JsValue, default_content_type: Option<&'static str>) -> Body {
        Body {
            value,
            default_content_type,
            replayable: true,
            stream: false,
        }
    }
}

/// Reads `data` as Requests' `data=`, or `options.json`. See the contract for every type.
/// `kind` is what [`js::kind`] says of `value`.
pub fn body(value: &JsValue, kind: u8, json: Option<&JsValue>) -> Result<Body, PutError> {
    let no_data = js::kind::is_absent(kind);
    if let Some(json) = json {
        if !no_data {
            return Err(PutError::invalid_input(
                "Pass either data or options.json, not both",
            ));
        }
        return match js_sys::JSON::stringify(json) {
            Ok(text) if text.is_string() => {
                Ok(Body::of(text.into(), Some("application/json")))
            }
            Ok(_) => Err(PutError::invalid_input(
                "Option json has no JSON form (a function, a symbol or undefined); pass a JSON value",
            )),
            Err(e) => Err(PutError::invalid_input(
                "Option json cannot be turned into JSON (a cycle or a BigInt?; see cause)",
            )
            .with_cause(e)),
        };
    }
    if no_data {
        return Ok(Body::of(JsValue::UNDEFINED, None));
    }
    if matches!(
        kind,
        js::kind::STRING
            | js::kind::BYTES
            | js::kind::BLOB
            | js::kind::FORM_DATA
            | js::kind::SEARCH_PARAMS
    ) {
        return Ok(Body::of(value.clone(), None));
    }
    if kind == js::kind::STREAM {
        return Ok(Body {
            value: value.clone(),
            default_content_type: None,
            replayable: false,
            stream: true,
        });
    }
    if !matches!(kind, js::kind::PLAIN | js::kind::MAP | js::kind::ARRAY) {
        let mut d = String::from("The data must be a string, a plain object, a Map, pairs, URLSearchParams, FormData, a Blob, an ArrayBuffer, a typed array or a ReadableStream, not ");
        d.push_str(js::describe(value));
        return Err(PutError::invalid_input(d));
    }
    let encoded = form(value, kind, "data")?;
    Ok(Body::of(
        JsValue::from(encoded),
        Some("application/x-www-form-urlencoded"),
    ))
}

/// Form-encodes a plain object, `Map` or pairs (of `kind`; `what` names it in messages).
pub fn form(value: &JsValue, kind: u8, what: &str) -> Result<String, PutError> {
    let mut encoder = form::FormEncoder::new();
    for (key, v) in pairs(value, kind, what)? {
        let Some(key) = js::string_of(&key) else {
            return Err(PutError::invalid_input(
                "A form field name could not be turned into a string",
            ));
        };
        form_value(&mut encoder, &key, &v, true)?;
    }
    Ok(encoder.finish())
}

/// Appends `options.params` (a plain object, `Map`, pairs or `URLSearchParams`) to the
/// query of `url`, keeping the pairs already there.
pub fn with_params(url: &JsString, params: &JsValue) -> Result<JsString, PutError> {
    let kind = js::kind(params);
    let extra = if kind == js::kind::SEARCH_PARAMS {
        // Through a catching `String(params)`: a subclass may override `toString` and throw.
        js::to_js_string(params)
            .map(String::from)
            .map_err(|e| PutError::reading_threw("options.params", e))?
    } else {
        form(params, kind, "params")?
    };
    let parsed = js::JsUrl::new(url, &JsValue::UNDEFINED)
        .map_err(|e| PutError::invalid_input("The url could not be parsed").with_cause(e))?;
    parsed.set_search(&crate::options::merge_query(&parsed.search(), &extra));
    Ok(parsed.href())
}

/// Adds one form field: `null`/`undefined` are skipped, strings, numbers and booleans
/// are sent as text, an array repeats the key (one level deep), anything else is refused.
fn form_value(
    encoder: &mut form::FormEncoder,
    key: &str,
    v: &JsValue,
    may_be_list: bool,
) -> Result<(), PutError> {
    let kind = js::kind(v);
    if js::kind::is_absent(kind) {
        return Ok(());
    }
    if matches!(
        kind,
        js::kind::STRING | js::kind::NUMBER | js::kind::BOOLEAN | js::kind::BIGINT
    ) {
        if let Some(text) = js::string_of(v) {
            encoder.pair(key, &text);
            return Ok(());
        }
    }
    if may_be_list && kind == js::kind::ARRAY {
        let items = js::array_from(v).map_err(|e| {
            let mut subject = String::from("form field ");
            push_quoted(&mut subject, key);
            PutError::reading_threw(&subject, e)
        })?;
        for item in items.iter() {
            form_value(encoder, key, &item, false)?;
        }
        return Ok(());
    }
    let mut d = String::from("Form field ");
    push_quoted(&mut d, key);
    d.push_str(" holds ");
    d.push_str(js::describe(v));
    d.push_str(
        "; form fields are strings, numbers, booleans or arrays of them (send nested data as JSON)",
    );
    Err(PutError::invalid_input(d))
}
