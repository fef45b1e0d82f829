//! The raw profile's header and per-function data record in each layout, field by field
//! in file order (`shared/FORMATS.md` 1.3, 1.4, 2.1). Plain data: `read` decodes them,
//! `write` builds and encodes them.

/// Raw version 8 (LLVM 14-17): 11 words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderV8 {
    pub magic: u64,
    pub version: u64,
    pub binary_ids_size: u64,
    pub num_data: u64,
    pub padding_before_counters: u64,
    pub num_counters: u64,
    pub padding_after_counters: u64,
    pub names_size: u64,
    pub counters_delta: u64,
    pub names_delta: u64,
    pub value_kind_last: u64,
}

/// Raw version 9 (LLVM 18): version 8 plus the MC/DC bitmap, 14 words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderV9 {
    pub magic: u64,
    pub version: u64,
    pub binary_ids_size: u64,
    pub num_data: u64,
    pub padding_before_counters: u64,
    pub num_counters: u64,
    pub padding_after_counters: u64,
    pub num_bitmap_bytes: u64,
    pub padding_after_bitmap_bytes: u64,
    pub names_size: u64,
    pub counters_delta: u64,
    pub bitmap_delta: u64,
    pub names_delta: u64,
    pub value_kind_last: u64,
}

/// Raw version 10 (LLVM 19-22): version 9 plus vtables, 16 words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderV10 {
    pub magic: u64,
    pub version: u64,
    pub binary_ids_size: u64,
    pub num_data: u64,
    pub padding_before_counters: u64,
    pub num_counters: u64,
    pub padding_after_counters: u64,
    pub num_bitmap_bytes: u64,
    pub padding_after_bitmap_bytes: u64,
    pub names_size: u64,
    pub counters_delta: u64,
    pub bitmap_delta: u64,
    pub names_delta: u64,
    pub num_vtables: u64,
    pub vnames_size: u64,
    pub value_kind_last: u64,
}

/// A header in one of the layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawHeader {
    V8(HeaderV8),
    V9(HeaderV9),
    V10(HeaderV10),
}

impl RawHeader {
    pub fn version_word(&self) -> u64 {
        match self {
            RawHeader::V8(header) => header.version,
            RawHeader::V9(header) => header.version,
            RawHeader::V10(header) => header.version,
        }
    }

    pub fn num_data(&self) -> u64 {
        match self {
            RawHeader::V8(header) => header.num_data,
            RawHeader::V9(header) => header.num_data,
            RawHeader::V10(header) => header.num_data,
        }
    }

    pub fn num_counters(&self) -> u64 {
        match self {
            RawHeader::V8(header) => header.num_counters,
            RawHeader::V9(header) => header.num_counters,
            RawHeader::V10(header) => header.num_counters,
        }
    }

    pub fn names_size(&self) -> u64 {
        match self {
            RawHeader::V8(header) => header.names_size,
            RawHeader::V9(header) => header.names_size,
            RawHeader::V10(header) => header.names_size,
        }
    }

    /// The header with the fields that hold run-time addresses (which differ from run
    /// to run of the same program) set to 0.
    pub fn without_addresses(self) -> RawHeader {
        match self {
            RawHeader::V8(header) => RawHeader::V8(HeaderV8 {
                names_delta: 0,
                ..header
            }),
            RawHeader::V9(header) => RawHeader::V9(HeaderV9 {
                bitmap_delta: 0,
                names_delta: 0,
                ..header
            }),
            RawHeader::V10(header) => RawHeader::V10(HeaderV10 {
                bitmap_delta: 0,
                names_delta: 0,
                ..header
            }),
        }
    }
}

/// Raw version 8 data record: 48 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordV8 {
    pub name_ref: u64,
    pub func_hash: u64,
    /// Counters' address minus the record's address (as the reader locates them).
    pub counter_ptr: u64,
    pub function_pointer: u64,
    pub values: u64,
    pub num_counters: u32,
    pub num_value_sites: [u16; 2],
}

/// Raw version 9 data record: 64 bytes, `num_bitmap_bytes` at offset 56, 4 bytes padding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordV9 {
    pub name_ref: u64,
    pub func_hash: u64,
    pub counter_ptr: u64,
    pub bitmap_ptr: u64,
    pub function_pointer: u64,
    pub values: u64,
    pub num_counters: u32,
    pub num_value_sites: [u16; 2],
    pub num_bitmap_bytes: u32,
}

/// Raw version 10 data record: 64 bytes, 2 bytes padding before `num_bitmap_bytes`. The
/// backend lays out `__llvm_prf_data` in memory this way, whatever layout is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordV10 {
    pub name_ref: u64,
    pub func_hash: u64,
    pub counter_ptr: u64,
    pub bitmap_ptr: u64,
    pub function_pointer: u64,
    pub values: u64,
    pub num_counters: u32,
    pub num_value_sites: [u16; 3],
    pub num_bitmap_bytes: u32,
}

/// A data record in one of the layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawRecord {
    V8(RecordV8),
    V9(RecordV9),
    V10(RecordV10),
}

impl RawRecord {
    /// The record with the fields that may hold absolute addresses (function pointer,
    /// value-profile pointer) set to 0.
    pub fn without_addresses(self) -> RawRecord {
        match self {
            RawRecord::V8(record) => RawRecord::V8(RecordV8 {
                function_pointer: 0,
                values: 0,
                ..record
            }),
            RawRecord::V9(record) => RawRecord::V9(RecordV9 {
                function_pointer: 0,
                values: 0,
                ..record
            }),
            RawRecord::V10(record) => RawRecord::V10(RecordV10 {
                function_pointer: 0,
                values: 0,
                ..record
            }),
        }
    }
}
