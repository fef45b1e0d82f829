//! The ahead-of-time driver: lowers a program into a `cranelift_object` module and writes the
//! x86-64 ELF relocatable object that `cc` links with the runtime.

use clifcov_ir::Program;
use cranelift_module::default_libcall_names;
use cranelift_object::{ObjectBuilder, ObjectModule};

use crate::codegen::lower_program;
use crate::error::BackendError;
use crate::options::Options;
use crate::target::target_isa;

/// Compiles `program` to the bytes of a relocatable object defining the C `main`.
pub fn compile_object(program: &Program, options: &Options) -> Result<Vec<u8>, BackendError> {
    let mut module = object_module(program, options)?;
    lower_program(&mut module, program, |module, mut lowered| {
        module
            .define_function(lowered.id, &mut lowered.context)
            .map_err(|e| BackendError::cranelift(lowered.description, e))
    })?;
    module
        .finish()
        .emit()
        .map_err(|e| BackendError::Object(e.to_string()))
}

/// An empty object module for position-independent x86-64 code, named after the source file.
pub(crate) fn object_module(
    program: &Program,
    options: &Options,
) -> Result<ObjectModule, BackendError> {
    let isa = target_isa(options, true)?;
    let builder = ObjectBuilder::new(isa, program.source_path.as_bytes(), default_libcall_names())
        .map_err(|e| BackendError::Target(e.to_string()))?;
    Ok(ObjectModule::new(builder))
}
