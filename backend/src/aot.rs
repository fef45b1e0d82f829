//! The ahead-of-time driver: lowers a program into a `cranelift_object` module and writes the
//! x86-64 ELF relocatable object that the linker links with the runtime; functions are
//! lowered and compiled on all cores (`parallel`).

use clifcov_ir::Program;
use cranelift_module::default_libcall_names;
use cranelift_object::{ObjectBuilder, ObjectModule};

use crate::codegen::{declare_code, declare_coverage, DeclaredCode, Embedding};
use crate::error::BackendError;
use crate::options::Options;
use crate::parallel::define_functions;
use crate::profile_object::add_profile_sections;
use crate::target::{target_isa, Allocator};

/// Compiles `program` to the bytes of a relocatable object defining the C `main`; with
/// `options.coverage`, also its coverage counters and LLVM's profile and coverage sections.
pub fn compile_object(program: &Program, options: &Options) -> Result<Vec<u8>, BackendError> {
    declare_object(program, options)?.compile(program, options)
}

/// An object being built: the program's functions, runtime and literals declared, nothing
/// defined yet.
pub struct ObjectDeclarations {
    module: ObjectModule,
    code: DeclaredCode,
}

/// The first step of [`compile_object`], which needs neither the coverage statements nor
/// `options.coverage`: `program` may be the program before the coverage pass, which can
/// meanwhile run on other threads.
pub fn declare_object(
    program: &Program,
    options: &Options,
) -> Result<ObjectDeclarations, BackendError> {
    let mut module = object_module(program, options)?;
    let code = declare_code(&mut module, program, Embedding::Executable)?;
    Ok(ObjectDeclarations { module, code })
}

impl ObjectDeclarations {
    /// The second step of [`compile_object`]: declares the coverage counters, then lowers,
    /// compiles and defines every function of `program` (the program declared, now with
    /// its coverage statements) and writes the object.
    pub fn compile(self, program: &Program, options: &Options) -> Result<Vec<u8>, BackendError> {
        let ObjectDeclarations { mut module, code } = self;
        let coverage = options.coverage.as_ref();
        let declared = declare_coverage(&mut module, program, code, coverage, false)?;
        let non_recursive = target_isa(options, options.opt_level.non_recursive_allocator())?;
        define_functions(&mut module, &*non_recursive, program, &declared)?;
        let mut product = module.finish();
        if let Some(coverage) = coverage {
            add_profile_sections(&mut product, coverage, &declared.counters)?;
        }
        product
            .emit()
            .map_err(|e| BackendError::Object(e.to_string()))
    }
}

/// An empty object module for x86-64 code linked into an executable (position-dependent
/// or PIE), named after the source file.
pub(crate) fn object_module(
    program: &Program,
    options: &Options,
) -> Result<ObjectModule, BackendError> {
    let isa = target_isa(options, Allocator::Backtracking)?;
    let builder = ObjectBuilder::new(isa, program.source_path.as_bytes(), default_libcall_names())
        .map_err(|e| BackendError::Target(e.to_string()))?;
    Ok(ObjectModule::new(builder))
}

#[cfg(test)]
mod tests {
    //! The object file itself, read back with the `object` crate.

    use std::collections::BTreeSet;

    use clifcov_ir::{Callee, FuncId, Program, TerminatorKind, Ty};
    use object::elf;
    use object::{
        Architecture, BinaryFormat, Object, ObjectKind, ObjectSection, ObjectSymbol,
        RelocationFlags, SectionKind, SymbolKind,
    };

    use super::*;
    use crate::test_support::*;

    const GREETING: &str = "hello, deduplicated world\n";

    /// `greet` prints `GREETING` twice; `main` prints it and calls `greet`.
    fn greeting_program() -> Program {
        let mut greet = FnBuilder::new("greet", &[], Ty::Unit);
        greet.print(vec![text(GREETING)]);
        greet.print(vec![text(GREETING)]);
        greet.terminate(TerminatorKind::Return);
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let unit = main.local(Ty::Unit);
        main.print(vec![text(GREETING)]);
        main.call(Callee::Function(FuncId(0)), vec![], unit);
        main.terminate(TerminatorKind::Return);
        program(vec![greet.finish(), main.finish()])
    }

    fn compile(program: &Program) -> Vec<u8> {
        compile_object(program, &Options::default()).unwrap()
    }

    #[test]
    fn is_an_x86_64_elf_relocatable() {
        let bytes = compile(&greeting_program());
        let file = object::File::parse(&*bytes).unwrap();
        assert_eq!(file.format(), BinaryFormat::Elf);
        assert_eq!(file.architecture(), Architecture::X86_64);
        assert_eq!(file.kind(), ObjectKind::Relocatable);
    }

    #[test]
    fn defines_main_and_the_program_functions_and_imports_the_runtime() {
        let program = greeting_program();
        let bytes = compile(&program);
        let file = object::File::parse(&*bytes).unwrap();
        let defined = [
            "main".to_string(),
            program.symbol(FuncId(0)),
            program.symbol(FuncId(1)),
        ];
        for name in &defined {
            let symbol = file
                .symbol_by_name(name)
                .unwrap_or_else(|| panic!("no {name}"));
            assert!(symbol.is_definition() && symbol.is_global(), "{name}");
            assert_eq!(symbol.kind(), SymbolKind::Text, "{name}");
        }
        for name in [
            "clifcov_rt_start",
            "clifcov_rt_print_str",
            "clifcov_rt_exit",
        ] {
            let symbol = file
                .symbol_by_name(name)
                .unwrap_or_else(|| panic!("no {name}"));
            assert!(symbol.is_undefined(), "{name}");
        }
    }

    #[test]
    fn defines_a_zero_profile_descriptor_in_read_only_data() {
        let bytes = compile(&greeting_program());
        let file = object::File::parse(&*bytes).unwrap();
        let symbol = file.symbol_by_name("__clifcov_profile_sections").unwrap();
        assert!(symbol.is_definition() && symbol.is_global());
        assert_eq!(symbol.kind(), SymbolKind::Data);
        assert_eq!(symbol.size(), 56);
        assert_eq!(symbol.address() % 8, 0);
        let section = file
            .section_by_index(symbol.section_index().unwrap())
            .unwrap();
        assert_eq!(section.kind(), SectionKind::ReadOnlyData);
        let start = (symbol.address() - section.address()) as usize;
        assert_eq!(&section.data().unwrap()[start..start + 56], &[0; 56]);
    }

    #[test]
    fn stores_each_string_once() {
        let bytes = compile(&greeting_program());
        let file = object::File::parse(&*bytes).unwrap();
        let copies: usize = file
            .sections()
            .map(|section| {
                let data = section.data().unwrap_or(&[]);
                data.windows(GREETING.len())
                    .filter(|window| *window == GREETING.as_bytes())
                    .count()
            })
            .sum();
        assert_eq!(copies, 1);
    }

    #[test]
    fn code_is_position_independent() {
        let bytes = compile(&greeting_program());
        let file = object::File::parse(&*bytes).unwrap();
        let absolute = [elf::R_X86_64_64, elf::R_X86_64_32, elf::R_X86_64_32S];
        let mut relocations = 0;
        for section in file.sections().filter(|s| s.kind() == SectionKind::Text) {
            for (_, relocation) in section.relocations() {
                relocations += 1;
                let RelocationFlags::Elf { r_type } = relocation.flags() else {
                    panic!("not an ELF relocation");
                };
                assert!(!absolute.contains(&r_type), "absolute relocation {r_type}");
            }
        }
        assert!(relocations > 0);
    }

    /// The offsets of the relocations of the data at `symbol`, in order.
    fn data_relocations(file: &object::File, symbol: &str) -> Vec<u64> {
        let symbol = file.symbol_by_name(symbol).unwrap();
        let section = file
            .section_by_index(symbol.section_index().unwrap())
            .unwrap();
        let range = symbol.address()..symbol.address() + symbol.size();
        section
            .relocations()
            .map(|(offset, _)| offset)
            .filter(|offset| range.contains(offset))
            .map(|offset| offset - symbol.address())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// 300 checks in one function, 249 of them traps: the table of traps is relocated
    /// twice (the function's address and the locations), the 300 locations once (the
    /// file name).
    #[test]
    fn check_traps_and_their_locations_are_relocated_once_per_function_not_per_check() {
        let bytes = compile(&checked_additions(300, 0, TerminatorKind::Return));
        let file = object::File::parse(&*bytes).unwrap();
        let traps = data_relocations(&file, "__clifcov_check_traps");
        assert_eq!(traps, [8, 16 + 249 * 16]);
        let in_data: usize = file
            .sections()
            .filter(|s| s.kind() != SectionKind::Text)
            .map(|s| s.relocations().count())
            .sum();
        assert_eq!(
            in_data,
            traps.len() + 1,
            "the locations' one: the file name"
        );
    }

    #[test]
    fn links_into_a_default_pie_and_runs() {
        let output = run(&greeting_program());
        assert_eq!(output.stdout, GREETING.repeat(3));
        assert_eq!(output.code, Some(0));
    }

    #[test]
    fn refuses_programs_without_a_proper_main() {
        let mut helper = FnBuilder::new("helper", &[], Ty::Unit);
        helper.terminate(TerminatorKind::Return);
        let no_main = program(vec![helper.finish()]);
        let error = compile_object(&no_main, &Options::default()).unwrap_err();
        assert!(matches!(error, BackendError::MissingMain), "{error:?}");
        let mut main = FnBuilder::new("main", &[Ty::I32], Ty::Unit);
        main.terminate(TerminatorKind::Return);
        let error = compile_object(&program(vec![main.finish()]), &Options::default());
        assert!(matches!(error, Err(BackendError::InvalidMain(_))));
    }

    #[test]
    fn refuses_invalid_ir() {
        let mut main = FnBuilder::new("main", &[], Ty::Unit);
        let flag = main.local(Ty::Bool);
        main.assign(flag, clifcov_ir::Rvalue::Use(int(Ty::I32, 1)));
        main.terminate(TerminatorKind::Return);
        let error = compile_object(&program(vec![main.finish()]), &Options::default());
        let message = error.unwrap_err().to_string();
        assert!(message.starts_with("invalid IR:"), "{message}");
    }
}
