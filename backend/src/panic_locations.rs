//! The panics of rustc's built-in checks: the number of each fixed message as the runtime's
//! `clifcov_rt_panic_assert` knows it (`rt/src/assert_message.rs`), and the table of
//! locations it reads (the runtime's `abi::Locations`): the file pointer and length, then a
//! `{ line: u32, col: u32 }` record per distinct line and column, so that the file pointer
//! is the table's only relocation.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use clifcov_ir::AssertMessage;
use cranelift_module::{DataDescription, DataId, Module};

use crate::error::BackendError;

/// The number of `message` in the runtime's table of assert messages.
pub(crate) fn assert_message_number(message: AssertMessage) -> u32 {
    match message {
        AssertMessage::AddOverflow => 0,
        AssertMessage::SubOverflow => 1,
        AssertMessage::MulOverflow => 2,
        AssertMessage::DivOverflow => 3,
        AssertMessage::RemOverflow => 4,
        AssertMessage::DivByZero => 5,
        AssertMessage::RemByZero => 6,
        AssertMessage::NegOverflow => 7,
        AssertMessage::ShlOverflow => 8,
        AssertMessage::ShrOverflow => 9,
    }
}

/// The bytes of the table's header: the file's pointer and length.
const HEADER_SIZE: usize = 16;

/// The bytes of one location record.
const RECORD_SIZE: usize = 8;

/// The location records of a program, all in its one source file, one after the other in
/// one read-only table: one data object and symbol for all of them.
#[derive(Default)]
pub(crate) struct LocationPool {
    /// The index of each record in the table, by line and column.
    indices: FxHashMap<(u32, u32), u32>,
    /// The line and column of each record, in table order.
    records: Vec<(u32, u32)>,
    /// The table, once defined.
    table: Option<DataId>,
}

impl LocationPool {
    /// Adds a record of `line:col`, unless there is one.
    pub(crate) fn add(&mut self, line: u32, col: u32) {
        if let Entry::Vacant(entry) = self.indices.entry((line, col)) {
            entry.insert(self.records.len() as u32);
            self.records.push((line, col));
        }
    }

    /// Whether no record was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Defines the table of the records added (at least one), in the file whose name is the
    /// data object `file` (`file_len` bytes).
    pub(crate) fn define(
        &mut self,
        module: &mut dyn Module,
        file: DataId,
        file_len: usize,
    ) -> Result<(), BackendError> {
        let error = |e| BackendError::cranelift("the panic locations".to_string(), e);
        let id = module.declare_anonymous_data(false, false).map_err(error)?;
        let mut description = DataDescription::new();
        description.define(table_bytes(file_len, &self.records).into_boxed_slice());
        description.set_align(8);
        let file_ref = module.declare_data_in_data(file, &mut description);
        description.write_data_addr(0, file_ref, 0);
        module.define_data(id, &description).map_err(error)?;
        self.table = Some(id);
        Ok(())
    }

    /// The table of records, once defined.
    pub(crate) fn table(&self) -> Option<DataId> {
        self.table
    }

    /// The table and the index in it of the record of `line:col`, which must have been
    /// defined already.
    pub(crate) fn defined(&self, line: u32, col: u32) -> Result<(DataId, u32), BackendError> {
        let index = self.indices.get(&(line, col));
        match (self.table, index) {
            (Some(table), Some(&index)) => Ok((table, index)),
            _ => Err(BackendError::Target(format!(
                "the panic location {line}:{col} was not declared"
            ))),
        }
    }
}

/// The table's bytes, with the file pointer (offset 0) left to its relocation.
fn table_bytes(file_len: usize, records: &[(u32, u32)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER_SIZE + records.len() * RECORD_SIZE);
    bytes.extend_from_slice(&[0; 8]);
    bytes.extend_from_slice(&(file_len as u64).to_le_bytes());
    for &(line, col) in records {
        bytes.extend_from_slice(&line.to_le_bytes());
        bytes.extend_from_slice(&col.to_le_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_MESSAGES: [AssertMessage; 10] = [
        AssertMessage::AddOverflow,
        AssertMessage::SubOverflow,
        AssertMessage::MulOverflow,
        AssertMessage::DivOverflow,
        AssertMessage::RemOverflow,
        AssertMessage::DivByZero,
        AssertMessage::RemByZero,
        AssertMessage::NegOverflow,
        AssertMessage::ShlOverflow,
        AssertMessage::ShrOverflow,
    ];

    #[test]
    fn message_numbers_agree_with_the_runtime() {
        let table = clifcov_rt::assert_message::ASSERT_MESSAGES;
        assert_eq!(table.len(), ALL_MESSAGES.len());
        for message in ALL_MESSAGES {
            let number = assert_message_number(message);
            let text = clifcov_rt::assert_message::text(number);
            assert_eq!(text, message.text().as_bytes(), "{message:?}");
        }
    }

    #[test]
    fn table_matches_the_runtime_layout() {
        use clifcov_rt::abi::{Location, Locations};
        let bytes = table_bytes(7, &[(4, 9), (5, 13)]);
        assert_eq!(HEADER_SIZE, std::mem::size_of::<Locations>());
        assert_eq!(HEADER_SIZE, std::mem::offset_of!(Locations, first));
        assert_eq!(RECORD_SIZE, std::mem::size_of::<Location>());
        assert_eq!(bytes.len(), HEADER_SIZE + 2 * RECORD_SIZE);
        assert_eq!(&bytes[8..16], &7u64.to_le_bytes());
        assert_eq!(&bytes[24..28], &5u32.to_le_bytes());
        assert_eq!(&bytes[28..32], &13u32.to_le_bytes());
    }
}
