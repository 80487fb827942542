//! A serde value as form fields: what the Rust `form()` and `query()` take, encoded
//! straight into a [`FormEncoder`] with no JS in between.
//!
//! The value is a struct, a map, or a list of `(name, value)` pairs. A field's value is a
//! string, number, boolean or char (sent as text), `None` or `()` (the field is left
//! out), or a list of those (the name repeats, as Requests does for `{'k': ['a', 'b']}`).
//! Anything else is refused, naming the field.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize};

use super::form::FormEncoder;

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
/// assert_eq!(encode(&fields, "data").unwrap(), "key1=value1&key2=a&key2=b+c");
/// assert_eq!(encode(&[("a", 1), ("a", 2)], "data").unwrap(), "a=1&a=2");
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

/// One field's value; `list` says whether a list (repeating the name) is allowed here.
struct Field<'a> {
    encoder: &'a mut FormEncoder,
    name: &'a str,
    list: bool,
}

impl Field<'_> {
    fn text(self, text: &str) -> Result<(), FormError> {
        self.encoder.pair(self.name, text);
        Ok(())
    }

    fn refuse(&self, shape: &str) -> FormError {
        FormError(format!(
            "Form field \"{}\" holds {shape}; form fields are strings, numbers, booleans or lists of them (send nested data as JSON)",
            self.name
        ))
    }
}

/// A field name: a string, number, boolean or char as text.
struct Name;

fn name_refused(shape: &str) -> FormError {
    FormError(format!(
        "A form field name must be a string, a number, a boolean or a char, not {shape}"
    ))
}

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

impl Name {
    fn text(self, text: &str) -> Result<String, FormError> {
        Ok(text.to_owned())
    }

    fn refuse(&self, shape: &str) -> FormError {
        name_refused(shape)
    }
}

impl ser::Serializer for Name {
    type Ok = String;
    type Error = FormError;
    type SerializeSeq = Impossible<String, FormError>;
    type SerializeTuple = Impossible<String, FormError>;
    type SerializeTupleStruct = Impossible<String, FormError>;
    type SerializeTupleVariant = Impossible<String, FormError>;
    type SerializeMap = Impossible<String, FormError>;
    type SerializeStruct = Impossible<String, FormError>;
    type SerializeStructVariant = Impossible<String, FormError>;

    scalars_as_text!(text);

    fn serialize_none(self) -> Result<String, FormError> {
        Err(name_refused("None"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, FormError> {
        Err(name_refused("()"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, FormError> {
        Err(name_refused("a unit struct"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(name_refused("a list"))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(name_refused("a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(name_refused("a tuple struct"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(name_refused("a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(name_refused("a struct"))
    }
}

impl<'a> ser::Serializer for Field<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Impossible<(), FormError>;
    type SerializeStruct = Impossible<(), FormError>;
    type SerializeStructVariant = Impossible<(), FormError>;

    scalars_as_text!(text);

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
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, FormError> {
        if self.list {
            Ok(self)
        } else {
            Err(self.refuse("a list inside a list"))
        }
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, FormError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, FormError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(self.refuse("a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(self.refuse("a struct"))
    }
}

impl Field<'_> {
    /// One item of a list: the same name again, no deeper list.
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        value.serialize(Field {
            encoder: self.encoder,
            name: self.name,
            list: false,
        })
    }
}

impl ser::SerializeSeq for Field<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Field<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Field<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
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

/// One item of a list of pairs: a 2-tuple or a 2-item list, the name then the value.
struct Pair<'a, 'b> {
    writing: &'a mut Writing<'b>,
    /// The name, once the first item came.
    name: Option<String>,
    /// Items seen.
    items: usize,
}

impl Pair<'_, '_> {
    fn refuse(&self, shape: &str) -> FormError {
        FormError(format!(
            "Each item of a list of pairs must be a (name, value) pair, not {shape}"
        ))
    }

    fn scalar(self, _: &str) -> Result<(), FormError> {
        Err(self.refuse("a single value"))
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.items += 1;
        match (self.items, self.name.take()) {
            (1, _) => {
                self.name = Some(value.serialize(Name)?);
                Ok(())
            }
            (2, Some(name)) => self.writing.field(&name, value),
            _ => Err(self.refuse("a longer list")),
        }
    }

    fn end(self) -> Result<(), FormError> {
        if self.items == 2 {
            Ok(())
        } else {
            Err(self.refuse("a shorter list"))
        }
    }
}

impl<'a, 'b> ser::Serializer for Pair<'a, 'b> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Impossible<(), FormError>;
    type SerializeStruct = Impossible<(), FormError>;
    type SerializeStructVariant = Impossible<(), FormError>;

    scalars_as_text!(scalar);

    fn serialize_none(self) -> Result<(), FormError> {
        Err(self.refuse("None"))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FormError> {
        Err(self.refuse("()"))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Err(self.refuse("a unit struct"))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, FormError> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, FormError> {
        Ok(self)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(self.refuse("a tuple struct"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(self.refuse("a map"))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(self.refuse("a struct"))
    }
}

impl ser::SerializeSeq for Pair<'_, '_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Pair::end(self)
    }
}

impl ser::SerializeTuple for Pair<'_, '_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Pair::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Fields {
        key1: &'static str,
        key2: Vec<&'static str>,
        n: u32,
        x: f64,
        yes: bool,
        c: char,
        skipped: Option<u32>,
    }

    #[test]
    fn structs_maps_and_pairs_are_forms() {
        let fields = Fields {
            key1: "value1",
            key2: vec!["a", "b c"],
            n: 2,
            x: 1.5,
            yes: true,
            c: 'é',
            skipped: None,
        };
        assert_eq!(
            encode(&fields, "data").unwrap(),
            "key1=value1&key2=a&key2=b+c&n=2&x=1.5&yes=true&c=%C3%A9"
        );
        let map: BTreeMap<u8, (u8, u8)> = [(1, (2, 3))].into_iter().collect();
        assert_eq!(encode(&map, "data").unwrap(), "1=2&1=3");
        assert_eq!(
            encode(&[("a", "1"), ("a", "2")], "data").unwrap(),
            "a=1&a=2"
        );
        assert_eq!(encode(&vec![vec!["k", "v"]], "data").unwrap(), "k=v");
        assert_eq!(encode(&Vec::<(u8, u8)>::new(), "data").unwrap(), "");
        assert_eq!(encode(&None::<Fields>, "data").unwrap(), "");
    }

    #[test]
    fn nested_values_are_refused_naming_the_field() {
        let nested: BTreeMap<&str, BTreeMap<&str, u8>> =
            [("outer", [("inner", 1)].into_iter().collect())]
                .into_iter()
                .collect();
        let e = encode(&nested, "data").unwrap_err();
        assert_eq!(
            e.0,
            "Form field \"outer\" holds a map; form fields are strings, numbers, booleans or lists of them (send nested data as JSON)"
        );
        let deep: BTreeMap<&str, Vec<Vec<u8>>> = [("k", vec![vec![1]])].into_iter().collect();
        assert!(encode(&deep, "data")
            .unwrap_err()
            .0
            .contains("a list inside a list"));
    }

    #[test]
    fn what_is_not_pairs_is_refused_naming_the_argument() {
        assert_eq!(
            encode("text", "params").unwrap_err().0,
            "The params must be a struct, a map or a list of (name, value) pairs, not a single value"
        );
        assert!(encode(&[("a", 1, 2)], "data")
            .unwrap_err()
            .0
            .contains("a longer list"));
        assert!(encode(&[["a"]], "data")
            .unwrap_err()
            .0
            .contains("a shorter list"));
        assert!(encode(&["a"], "data")
            .unwrap_err()
            .0
            .contains("not a single value"));
        let by_list: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(encode(&by_list, "data")
            .unwrap_err()
            .0
            .starts_with("A form field name must be"));
    }
}
