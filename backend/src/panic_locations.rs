//! The panics of rustc's built-in checks: the number of each fixed message as the runtime's
//! `clifcov_rt_panic_assert` knows it (`rt/src/assert_message.rs`), and the location records
//! it reads (`#[repr(C)] { file: *const u8, file_len: usize, line: u32, col: u32 }`), one per
//! distinct line and column, in one read-only table.

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

/// The bytes of one location record.
const RECORD_SIZE: usize = 24;

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
        let mut bytes = Vec::with_capacity(self.records.len() * RECORD_SIZE);
        for &(line, col) in &self.records {
            write_record(&mut bytes, file_len, line, col);
        }
        let mut description = DataDescription::new();
        description.define(bytes.into_boxed_slice());
        description.set_align(8);
        let file_ref = module.declare_data_in_data(file, &mut description);
        for index in 0..self.records.len() {
            description.write_data_addr((index * RECORD_SIZE) as u32, file_ref, 0);
        }
        module.define_data(id, &description).map_err(error)?;
        self.table = Some(id);
        Ok(())
    }

    /// The table of records, once defined.
    pub(crate) fn table(&self) -> Option<DataId> {
        self.table
    }

    /// The table and the offset in it of the record of `line:col`, which must have been
    /// defined already.
    pub(crate) fn defined(&self, line: u32, col: u32) -> Result<(DataId, u32), BackendError> {
        let index = self.indices.get(&(line, col));
        match (self.table, index) {
            (Some(table), Some(&index)) => Ok((table, index * RECORD_SIZE as u32)),
            _ => Err(BackendError::Target(format!(
                "the panic location {line}:{col} was not declared"
            ))),
        }
    }
}

/// Appends the record's bytes, with the file pointer (offset 0) left to its relocation.
fn write_record(bytes: &mut Vec<u8>, file_len: usize, line: u32, col: u32) {
    bytes.extend_from_slice(&[0; 8]);
    bytes.extend_from_slice(&(file_len as u64).to_le_bytes());
    bytes.extend_from_slice(&line.to_le_bytes());
    bytes.extend_from_slice(&col.to_le_bytes());
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
    fn record_matches_the_runtime_layout() {
        let mut bytes = Vec::new();
        write_record(&mut bytes, 7, 5, 13);
        assert_eq!(bytes.len(), RECORD_SIZE);
        assert_eq!(
            RECORD_SIZE,
            std::mem::size_of::<clifcov_rt::abi::Location>()
        );
        assert_eq!(&bytes[8..16], &7u64.to_le_bytes());
        assert_eq!(&bytes[16..20], &5u32.to_le_bytes());
        assert_eq!(&bytes[20..24], &13u32.to_le_bytes());
    }
}
