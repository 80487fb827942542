//! A serde value as form fields: what the Rust `form()` and `query()` take, encoded
//! straight into a [`FormEncoder`] with no JS in between.
//!
//! The value is a struct, a map, or a list of `(name, value)` pairs. A field's value is a
//! string, number, boolean or char (sent as text), `None` or `()` (the field is left
//! out), or a list of those (the name repeats, as Requests does for `{'k': ['a', 'b']}`).
//! Anything else is refused, naming the field.
//!
//! [`encode`] drives three serializers: the whole value here (`Fields`, writing a struct,
//! a map or a list of pairs), one field's value and one name in `value.rs`, one
//! `(name, value)` pair in `pair.rs`.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize};

use super::form::FormEncoder;
use pair::Pair;
use value::{Field, Name};

/// The serializer methods of a type that refuses every shape but the scalars, which it
/// turns into text with `$text`. Each refusal names the shape.
macro_rules! scalars_as_text {
    ($text:ident) => {
        fn serialize_bool(self, v: bool) -> Result<Self::Ok, FormError> {
            self.$text(if v { "true" } else { "false" })
        }
        fn serialize_i8(self, v: i8) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_i16(self, v: i16) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_i32(self, v: i32) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_i64(self, v: i64) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_u8(self, v: u8) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_u16(self, v: u16) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_u32(self, v: u32) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_u64(self, v: u64) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_f32(self, v: f32) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_f64(self, v: f64) -> Result<Self::Ok, FormError> {
            self.$text(&v.to_string())
        }
        fn serialize_char(self, v: char) -> Result<Self::Ok, FormError> {
            self.$text(v.encode_utf8(&mut [0; 4]))
        }
        fn serialize_str(self, v: &str) -> Result<Self::Ok, FormError> {
            self.$text(v)
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<Self::Ok, FormError> {
            self.$text(variant)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            value: &T,
        ) -> Result<Self::Ok, FormError> {
            value.serialize(self)
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, FormError> {
            Err(self.refuse("bytes"))
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, FormError> {
            Err(self.refuse("an enum variant with data"))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, FormError> {
            Err(self.refuse("an enum variant with data"))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, FormError> {
            Err(self.refuse("an enum variant with data"))
        }
    };
}

mod pair;
mod value;

/// Why a value cannot be sent as form fields: the sentence, without what it was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError(pub String);

impl Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: Display>(msg: T) -> Self {
        FormError(msg.to_string())
    }
}

/// Encodes `value` as a form; `what` (`data`, `params`) names it in messages.
///
/// ```
/// use wasm_put::rules::form_fields::encode;
/// #[derive(serde::Serialize)]
/// struct Fields { key1: &'static str, key2: Vec<&'static str>, skipped: Option<u32> }
/// let fields = Fields { key1: "value1", key2: vec!["a", "b c"], skipped: None };
/// assert_eq!(encode(&fields, "data")?, "key1=value1&key2=a&key2=b+c");
/// assert_eq!(encode(&[("a", 1), ("a", 2)], "data")?, "a=1&a=2");
/// # Ok::<(), wasm_put::rules::form_fields::FormError>(())
/// ```
pub fn encode<T: Serialize + ?Sized>(value: &T, what: &str) -> Result<String, FormError> {
    let mut encoder = FormEncoder::new();
    value.serialize(Fields {
        encoder: &mut encoder,
        what,
    })?;
    Ok(encoder.finish())
}

/// The whole value: a struct, a map or a list of pairs.
struct Fields<'a> {
    encoder: &'a mut FormEncoder,
    what: &'a str,
}

impl Fields<'_> {
    fn refuse(&self, shape: &str) -> FormError {
        FormError(format!(
            "The {} must be a struct, a map or a list of (name, value) pairs, not {shape}",
            self.what
        ))
    }
}

/// A list of pairs, a map or a struct being written; `name` holds a map's key until its
/// value comes.
struct Writing<'a> {
    encoder: &'a mut FormEncoder,
    name: Option<String>,
}

impl Writing<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), FormError> {
        value.serialize(Field {
            encoder: self.encoder,
            name,
            list: true,
        })
    }
}

impl<'a> ser::Serializer for Fields<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Writing<'a>;
    type SerializeTuple = Writing<'a>;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Writing<'a>;
    type SerializeStruct = Writing<'a>;
    type SerializeStructVariant = Impossible<(), FormError>;

    scalars_as_text!(scalar);

    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Writing<'a>, FormError> {
        Ok(self.writing())
    }
    fn serialize_tuple(self, _: usize) -> Result<Writing<'a>, FormError> {
        Ok(self.writing())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(self.refuse("a tuple struct"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Writing<'a>, FormError> {
        Ok(self.writing())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Writing<'a>, FormError> {
        Ok(self.writing())
    }
}

impl<'a> Fields<'a> {
    fn writing(self) -> Writing<'a> {
        Writing {
            encoder: self.encoder,
            name: None,
        }
    }

    fn scalar(self, _: &str) -> Result<(), FormError> {
        Err(self.refuse("a single value"))
    }
}

impl ser::SerializeSeq for Writing<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        value.serialize(Pair {
            writing: self,
            name: None,
            items: 0,
        })
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Writing<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        value.serialize(Pair {
            writing: self,
            name: None,
            items: 0,
        })
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeMap for Writing<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        self.name = Some(key.serialize(Name)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let name = self.name.take().unwrap_or_default();
        self.field(&name, value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Writing<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
