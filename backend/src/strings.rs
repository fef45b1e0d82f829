//! The program's string literals (printed text, panic messages, the source path) as read-only
//! data objects, one per distinct string.

use std::collections::HashMap;

use cranelift_module::{DataDescription, DataId, Module};

use crate::error::BackendError;

#[derive(Default)]
pub(crate) struct StringPool {
    ids: HashMap<String, DataId>,
    texts: HashMap<DataId, String>,
}

impl StringPool {
    /// The data object holding `text`, defined on first use. A NUL byte follows the text so
    /// that every string, the empty one included, has an address of its own.
    pub(crate) fn data_id(
        &mut self,
        module: &mut dyn Module,
        text: &str,
    ) -> Result<DataId, BackendError> {
        if let Some(id) = self.ids.get(text) {
            return Ok(*id);
        }
        let error = |e| BackendError::cranelift(format!("the string literal {text:?}"), e);
        let id = module.declare_anonymous_data(false, false).map_err(error)?;
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0);
        let mut description = DataDescription::new();
        description.define(bytes.into_boxed_slice());
        module.define_data(id, &description).map_err(error)?;
        self.ids.insert(text.to_string(), id);
        self.texts.insert(id, text.to_string());
        Ok(id)
    }

    /// The data object of `text`, which must have been defined already.
    pub(crate) fn defined(&self, text: &str) -> Result<DataId, BackendError> {
        self.ids.get(text).copied().ok_or_else(|| {
            BackendError::Target(format!("the string literal {text:?} was not declared"))
        })
    }

    /// The text of a data object of this pool.
    pub(crate) fn text(&self, id: DataId) -> Option<&str> {
        self.texts.get(&id).map(String::as_str)
    }
}
