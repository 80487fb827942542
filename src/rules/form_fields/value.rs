//! One field's value ([`Field`]: text, left out, or a list repeating the name) and one
//! field name ([`Name`]: text).

use serde::ser::{self, Impossible, Serialize};

use super::FormError;
use crate::rules::form::FormEncoder;

/// One field's value; `list` says whether a list (repeating the name) is allowed here.
pub(super) struct Field<'a> {
    pub(super) encoder: &'a mut FormEncoder,
    pub(super) name: &'a str,
    pub(super) list: bool,
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
pub(super) struct Name;

fn name_refused(shape: &str) -> FormError {
    FormError(format!(
        "A form field name must be a string, a number, a boolean or a char, not {shape}"
    ))
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
