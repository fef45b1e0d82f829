//! Why coverage sections could not be read: the file is not a usable ELF object, a section
//! is missing, a record points at nothing, or bytes are malformed (with the place, the byte
//! offset and the problem).

use std::fmt;

use crate::covfun::SourceRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The `object` crate could not parse the file.
    NotAnObject(String),
    /// An object file of another format (the name of the format).
    NotElf(String),
    BigEndian,
    /// The contents of a section could not be read (e.g. bad ELF compression).
    SectionData {
        section: String,
        message: String,
    },
    MissingSection(&'static str),
    /// A covfun record's `NameRef` matches no name in `__llvm_prf_names`.
    NameNotFound {
        record: usize,
        name_hash: u64,
    },
    /// A covfun record's `FilenamesRef` matches no `__llvm_covmap` record.
    FilenamesNotFound {
        record: usize,
        name: String,
        filenames_ref: u64,
    },
    /// A covfun record's mapping runs past the end of `__llvm_covfun`.
    CovfunTruncated,
    Malformed {
        place: Place,
        offset: usize,
        problem: Problem,
    },
}

/// Where malformed bytes were found; offsets are relative to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// The `__llvm_covmap` section (all its records).
    Covmap,
    /// The `__llvm_prf_names` section.
    Names,
    /// The mapping data of `__llvm_covfun` record `record`, of function `name`.
    Mapping { record: usize, name: String },
}

/// A problem at a byte offset, before its [`Place`] is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    pub offset: usize,
    pub problem: Problem,
}

impl Malformed {
    pub(super) fn at(self, place: Place) -> ReadError {
        ReadError::Malformed {
            place,
            offset: self.offset,
            problem: self.problem,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    TruncatedLeb {
        what: &'static str,
    },
    LebOverflow {
        what: &'static str,
    },
    TooLarge {
        what: &'static str,
        value: u64,
        limit: u64,
    },
    CountTooLarge {
        what: &'static str,
        count: u64,
        remaining: usize,
    },
    Truncated {
        what: &'static str,
        needed: usize,
        available: usize,
    },
    UnsupportedVersion(u32),
    /// A Version4+ covmap header with function records inline (`NRecords`).
    InlineRecords(u32),
    /// A Version4+ covmap header with inline mapping data (`CoverageSize`).
    InlineMappingData(u32),
    NoFilenames,
    /// zlib data that does not inflate to the stated length.
    Inflate {
        what: &'static str,
        packed: usize,
        stated: u64,
    },
    /// A file id naming a filename beyond the translation unit's table.
    BadFileIndex {
        file_id: usize,
        index: u32,
        filenames: usize,
    },
    BadExpression {
        id: u32,
        expressions: usize,
    },
    BadExpandedFile {
        file_id: u32,
        file_ids: usize,
    },
    BadRegionKind(u64),
    ZeroConditionId,
    LineOverflow,
    BackwardsRegion(SourceRange),
    /// An expression that refers to itself through its operands.
    CyclicExpression(u32),
    /// Resolving expression `id` gives a counter coefficient beyond 64 bits.
    CoefficientOverflow(u32),
    /// The resolved expressions would need more than this many terms in all.
    TooManyTerms(usize),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotAnObject(message) => write!(f, "not an object file: {message}"),
            ReadError::NotElf(format) => write!(f, "not an ELF file (format: {format})"),
            ReadError::BigEndian => f.write_str("big-endian ELF files are not supported"),
            ReadError::SectionData { section, message } => {
                write!(f, "cannot read section {section}: {message}")
            }
            ReadError::MissingSection(name) => write!(f, "no {name} section"),
            ReadError::NameNotFound { record, name_hash } => write!(
                f,
                "__llvm_covfun record {record}: name hash {name_hash:#018x} is not the hash \
                 of any name in __llvm_prf_names"
            ),
            ReadError::FilenamesNotFound {
                record,
                name,
                filenames_ref,
            } => write!(
                f,
                "__llvm_covfun record {record} ({name}): filenames hash {filenames_ref:#018x} \
                 matches no __llvm_covmap record"
            ),
            ReadError::CovfunTruncated => f.write_str(
                "__llvm_covfun: a record's mapping data runs past the end of the section",
            ),
            ReadError::Malformed {
                place,
                offset,
                problem,
            } => write!(f, "{place}, byte {offset:#x}: {problem}"),
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Covmap => f.write_str("__llvm_covmap"),
            Place::Names => f.write_str("__llvm_prf_names"),
            Place::Mapping { record, name } => {
                write!(f, "__llvm_covfun record {record} ({name}), mapping data")
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::TruncatedLeb { what } => write!(f, "truncated LEB128 ({what})"),
            Problem::LebOverflow { what } => write!(f, "LEB128 wider than 64 bits ({what})"),
            Problem::TooLarge { what, value, limit } => {
                write!(f, "{what} {value} is too large (must be below {limit})")
            }
            Problem::CountTooLarge {
                what,
                count,
                remaining,
            } => write!(f, "{what} {count} exceeds the {remaining} bytes left"),
            Problem::Truncated {
                what,
                needed,
                available,
            } => write!(
                f,
                "truncated {what}: needs {needed} bytes, {available} left"
            ),
            Problem::UnsupportedVersion(version) => write!(
                f,
                "unsupported covmap version {version} (Version{}); this reader knows \
                 Version4 to Version7 (stored as 3 to 6)",
                u64::from(*version) + 1
            ),
            Problem::InlineRecords(count) => write!(
                f,
                "the header lists {count} inline function records (must be 0 since Version4)"
            ),
            Problem::InlineMappingData(size) => write!(
                f,
                "the header has {size} bytes of inline mapping data (must be 0 since Version4)"
            ),
            Problem::NoFilenames => f.write_str("the filenames table is empty"),
            Problem::Inflate {
                what,
                packed,
                stated,
            } => write!(
                f,
                "{what}: {packed} bytes of zlib data do not inflate to the stated {stated} bytes"
            ),
            Problem::BadFileIndex {
                file_id,
                index,
                filenames,
            } => write!(
                f,
                "file id {file_id} names filename {index}, but the translation unit has \
                 {filenames}"
            ),
            Problem::BadExpression { id, expressions } => write!(
                f,
                "counter refers to expression E{id}, but the function has {expressions}"
            ),
            Problem::BadExpandedFile { file_id, file_ids } => write!(
                f,
                "expansion of file id {file_id}, but the function has {file_ids} file ids"
            ),
            Problem::BadRegionKind(word) => {
                write!(f, "unknown region kind {} (word {word:#x})", word >> 3)
            }
            Problem::ZeroConditionId => f.write_str("MC/DC condition id 0 (stored ids start at 1)"),
            Problem::LineOverflow => f.write_str("line number beyond 32 bits"),
            Problem::BackwardsRegion(r) => write!(
                f,
                "region {}:{}-{}:{} ends before it starts",
                r.start_line, r.start_col, r.end_line, r.end_col
            ),
            Problem::CyclicExpression(id) => {
                write!(f, "expression E{id} refers to itself through its operands")
            }
            Problem::CoefficientOverflow(id) => {
                write!(f, "expression E{id} counts a counter more than 2^63 times")
            }
            Problem::TooManyTerms(limit) => write!(
                f,
                "the expressions resolve to more than {limit} counter terms in all"
            ),
        }
    }
}

impl std::error::Error for ReadError {}
