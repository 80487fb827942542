//! One item of a list of pairs: the name, then the value.

use serde::ser::{self, Impossible, Serialize};

use super::value::Name;
use super::{FormError, Writing};

/// One item of a list of pairs: a 2-tuple or a 2-item list, the name then the value.
pub(super) struct Pair<'a, 'b> {
    pub(super) writing: &'a mut Writing<'b>,
    /// The name, once the first item came.
    pub(super) name: Option<String>,
    /// Items seen.
    pub(super) items: usize,
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
