//! What a JS value is, and the pairs of a plain object, `Map`, `Headers` or array:
//! the readers behind form bodies, query params and header lists.
//!
//! Every call that can run a caller's code (a getter, a proxy's trap, `toString`) goes
//! through a binding marked `catch`, so a throw becomes an [`Invalid`] here instead of
//! a throw through wasm.

use js_sys::{Array, JsString};
use wasm_bindgen::prelude::*;

use crate::rules::{form::FormEncoder, Invalid};

#[wasm_bindgen]
extern "C" {
    /// `Object.entries(v)`: runs getters, so it may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    fn entries(v: &JsValue) -> Result<Array, JsValue>;

    /// `Array.from(v)`: the entries of a `Map` or `Headers`, or a copy of an array.
    #[wasm_bindgen(js_namespace = Array, js_name = from, catch)]
    fn array_from(v: &JsValue) -> Result<Array, JsValue>;

    /// `Array.isArray(v)`: throws for a revoked proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(v: &JsValue) -> Result<bool, JsValue>;

    /// `Object.getPrototypeOf(v)`: a proxy's trap may throw.
    #[wasm_bindgen(js_namespace = Object, js_name = getPrototypeOf, catch)]
    fn prototype_of(v: &JsValue) -> Result<JsValue, JsValue>;

    /// `String(v)`: may run a caller's `toString`.
    #[wasm_bindgen(js_name = String, catch)]
    fn to_js_string(v: &JsValue) -> Result<JsString, JsValue>;
}

/// A test of whether a value is an instance of one class.
type InstanceTest = fn(&JsValue) -> bool;

/// What a caller's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// A string.
    String,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// A bigint.
    BigInt,
    /// A symbol.
    Symbol,
    /// A function.
    Function,
    /// An array (`Array.isArray`).
    Array,
    /// A plain object: `{…}` or `Object.create(null)`.
    Plain,
    /// An `ArrayBuffer` or any `ArrayBufferView`.
    Bytes,
    /// A `URL`.
    Url,
    /// A `Blob` (or `File`).
    Blob,
    /// A `FormData`.
    FormData,
    /// A `URLSearchParams`.
    Params,
    /// A `ReadableStream`.
    Stream,
    /// A `Map`.
    Map,
    /// A `Headers`.
    Headers,
    /// An `AbortSignal`.
    Signal,
    /// Any other object, or one whose test throws (a revoked proxy).
    Object,
}

impl Kind {
    /// What `v` is. Never throws: wasm-bindgen's `instanceof` tests catch.
    pub fn of(v: &JsValue) -> Kind {
        // The commonest values first: each test is a call out of wasm.
        if v.is_string() {
            return Kind::String;
        }
        if !v.is_object() {
            return Self::primitive(v);
        }
        // Bytes first: the commonest body, and `isView` runs no caller code.
        if js_sys::ArrayBuffer::is_view(v) || v.is_instance_of::<js_sys::ArrayBuffer>() {
            return Kind::Bytes;
        }
        match is_array(v) {
            Ok(true) => return Kind::Array,
            Ok(false) => {}
            Err(_) => return Kind::Object,
        }
        match prototype_of(v) {
            Ok(proto) if proto.is_null() || proto == object_prototype() => return Kind::Plain,
            Ok(_) => {}
            Err(_) => return Kind::Object,
        }
        let classes: [(InstanceTest, Kind); 8] = [
            (JsValue::is_instance_of::<web_sys::Url>, Kind::Url),
            (JsValue::is_instance_of::<web_sys::Blob>, Kind::Blob),
            (JsValue::is_instance_of::<web_sys::FormData>, Kind::FormData),
            (
                JsValue::is_instance_of::<web_sys::UrlSearchParams>,
                Kind::Params,
            ),
            (
                JsValue::is_instance_of::<web_sys::ReadableStream>,
                Kind::Stream,
            ),
            (JsValue::is_instance_of::<js_sys::Map>, Kind::Map),
            (JsValue::is_instance_of::<web_sys::Headers>, Kind::Headers),
            (
                JsValue::is_instance_of::<web_sys::AbortSignal>,
                Kind::Signal,
            ),
        ];
        classes
            .iter()
            .find(|(test, _)| test(v))
            .map_or(Kind::Object, |(_, kind)| *kind)
    }

    /// What `v` is when it is no object (and no string).
    fn primitive(v: &JsValue) -> Kind {
        if v.is_null() {
            Kind::Null
        } else if v.is_undefined() {
            Kind::Undefined
        } else if v.as_f64().is_some() {
            Kind::Number
        } else if v.as_bool().is_some() {
            Kind::Boolean
        } else if v.is_bigint() {
            Kind::BigInt
        } else if v.is_symbol() {
            Kind::Symbol
        } else {
            // What is left of `typeof`: a function.
            Kind::Function
        }
    }

    /// Whether it is `null` or `undefined`: no value given.
    pub fn is_absent(self) -> bool {
        matches!(self, Kind::Null | Kind::Undefined)
    }

    /// A few words on what it is, for messages: `a number`, `null`, `an array`, …
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Undefined => "undefined",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Boolean => "a boolean",
            Kind::BigInt => "a bigint",
            Kind::Symbol => "a symbol",
            Kind::Function => "a function",
            Kind::Array => "an array",
            Kind::Plain => "a plain object",
            _ => "an object",
        }
    }
}

/// `Object.prototype`, looked up once.
fn object_prototype() -> JsValue {
    thread_local! {
        static PROTOTYPE: JsValue =
            prototype_of(&js_sys::Object::new().into()).unwrap_or_default();
    }
    PROTOTYPE.with(JsValue::clone)
}

/// `String(v)` as a Rust string; `None` if the conversion throws.
pub fn string_of(v: &JsValue) -> Option<String> {
    v.as_string()
        .or_else(|| to_js_string(v).ok().map(String::from))
}

/// `String(v)` kept as a JS string; `what` names `v` in the message when it throws.
pub fn js_string_of(v: &JsValue, what: &str) -> Result<JsString, Invalid> {
    to_js_string(v).map_err(|_| reading_threw(what))
}

/// Reading a caller's value threw (a getter, a proxy's trap): `subject` names it.
pub fn reading_threw(subject: &str) -> Invalid {
    Invalid::new(format!("Reading {subject} threw an exception"))
}

/// The items of an array, copied through a catching `Array.from` (a proxy's traps may
/// throw); `what` names it in the message.
pub fn items(value: &JsValue, what: &str) -> Result<Array, Invalid> {
    array_from(value).map_err(|_| reading_threw(what))
}

/// The `[key, value]` pairs of an options argument: none for `null` or `undefined`;
/// anything but a plain object is refused, named as `whose` (`options`).
pub fn option_pairs(value: &JsValue, whose: &str) -> Result<Vec<(JsValue, JsValue)>, Invalid> {
    let kind = Kind::of(value);
    if kind.is_absent() {
        return Ok(Vec::new());
    }
    if kind != Kind::Plain {
        return Err(Invalid::new(format!(
            "The {whose} must be a plain object, not {}",
            kind.describe()
        )));
    }
    pairs(value, kind, "options")
}

/// The `[key, value]` pairs of a plain object, `Map`, `Headers` or array of pairs
/// (`kind` is what [`Kind::of`] says of `value`). `what` names the argument in
/// messages (`headers`, `data`, `params`).
pub fn pairs(value: &JsValue, kind: Kind, what: &str) -> Result<Vec<(JsValue, JsValue)>, Invalid> {
    let list = match kind {
        Kind::Plain => entries(value),
        Kind::Array | Kind::Map | Kind::Headers => array_from(value),
        _ => {
            return Err(Invalid::new(format!(
            "The {what} must be a plain object, a Map or an array of [name, value] pairs, not {}",
            kind.describe()
        )))
        }
    };
    let threw = |_| reading_threw(&format!("the {what}"));
    let list = list.map_err(threw)?;
    let mut out = Vec::with_capacity(list.length() as usize);
    for item in list.iter() {
        // Copied through a catching `Array.from`: a proxy's traps may throw.
        let pair = match Kind::of(&item) {
            Kind::Array => Some(array_from(&item).map_err(threw)?),
            _ => None,
        };
        match pair {
            Some(pair) if pair.length() == 2 => out.push((pair.get(0), pair.get(1))),
            _ => {
                return Err(Invalid::new(format!(
                    "Each item of an array of {what} must be a [name, value] pair"
                )))
            }
        }
    }
    Ok(out)
}

/// Form-encodes a plain object, `Map` or pairs (of `kind`; `what` names it in
/// messages): `null`/`undefined` values are skipped, strings, numbers, booleans and
/// bigints are sent as text, an array repeats the key (one level deep), anything else
/// is refused naming the key.
pub fn form(value: &JsValue, kind: Kind, what: &str) -> Result<String, Invalid> {
    let mut encoder = FormEncoder::new();
    for (key, v) in pairs(value, kind, what)? {
        let Some(key) = string_of(&key) else {
            return Err(Invalid::new(
                "A form field name could not be turned into a string",
            ));
        };
        form_value(&mut encoder, &key, &v, true)?;
    }
    Ok(encoder.finish())
}

/// Adds one form field (see [`form`]).
fn form_value(
    encoder: &mut FormEncoder,
    key: &str,
    v: &JsValue,
    may_be_list: bool,
) -> Result<(), Invalid> {
    let kind = Kind::of(v);
    match kind {
        k if k.is_absent() => return Ok(()),
        Kind::String | Kind::Number | Kind::Boolean | Kind::BigInt => {
            if let Some(text) = string_of(v) {
                encoder.pair(key, &text);
                return Ok(());
            }
        }
        Kind::Array if may_be_list => {
            let items =
                array_from(v).map_err(|_| reading_threw(&format!("form field \"{key}\"")))?;
            for item in items.iter() {
                form_value(encoder, key, &item, false)?;
            }
            return Ok(());
        }
        _ => {}
    }
    Err(Invalid::new(format!(
        "Form field \"{key}\" holds {}; form fields are strings, numbers, booleans or arrays of them (send nested data as JSON)",
        kind.describe()
    )))
}
