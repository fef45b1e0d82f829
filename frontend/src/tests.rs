//! Tests of the whole front end: programs in, IR or rustc-style errors out. The expected
//! types, messages and positions are what rustc 1.95 reports for the same programs.

use clifcov_ir::{validate_program, Function, Program, Ty};

use crate::compile;

fn program(source: &str) -> Program {
    match compile("t.rs", source) {
        Ok(program) => {
            validate_program(&program).expect("valid IR");
            program
        }
        Err(errors) => panic!("unexpected errors:\n{}", errors.render()),
    }
}

fn errors(source: &str) -> String {
    match compile("t.rs", source) {
        Ok(_) => panic!("expected errors"),
        Err(errors) => errors.render(),
    }
}

fn function<'p>(program: &'p Program, name: &str) -> &'p Function {
    program.function(program.find(name).expect("function exists"))
}

/// The types of the variables called `name` in `main`, in declaration order.
fn var_types(source: &str, name: &str) -> Vec<Ty> {
    let program = program(source);
    function(&program, "main")
        .locals
        .iter()
        .filter(|l| l.name.as_deref() == Some(name))
        .map(|l| l.ty)
        .collect()
}

fn var_type(source: &str, name: &str) -> Ty {
    var_types(source, name)[0]
}

mod inference {
    use super::*;

    #[test]
    fn unconstrained_literals_are_i32() {
        assert_eq!(var_type("fn main() { let x = 5; }", "x"), Ty::I32);
        assert_eq!(var_type("fn main() { let x = 5 + 2 * 3; }", "x"), Ty::I32);
    }

    #[test]
    fn a_later_use_decides() {
        let source = "fn main() { let x = 5; let y: u8 = x; }";
        assert_eq!(var_type(source, "x"), Ty::U8);
        let source = "fn f(a: u64) {} fn main() { let x = 3; f(x); }";
        assert_eq!(var_type(source, "x"), Ty::U64);
        let source = "fn main() { let x = 1; let y: i16 = 2; let b = x < y; }";
        assert_eq!(var_type(source, "x"), Ty::I16);
        let source = "fn main() { let mut x = 0; let n: usize = 4; x += n; }";
        assert_eq!(var_type(source, "x"), Ty::Usize);
    }

    #[test]
    fn return_types_decide() {
        let source = "fn f() -> i64 { let x = 7; x } fn main() { f(); }";
        let program = program(source);
        let f = function(&program, "f");
        assert_eq!(
            f.locals
                .iter()
                .find(|l| l.name.as_deref() == Some("x"))
                .unwrap()
                .ty,
            Ty::I64
        );
    }

    #[test]
    fn casts_do_not_constrain_their_operand() {
        assert_eq!(
            var_type("fn main() { let x = 5; let y = x as u8; }", "x"),
            Ty::I32
        );
        let source = "fn main() { let x = (200 + 100) as u8; }";
        assert_eq!(var_type(source, "x"), Ty::U8);
    }

    /// A cast hints its type to a bare literal, through parentheses, blocks and `-`, but not
    /// into `if` branches: `(if c { 250 } else { 5 }) as i8` is fine in rustc.
    #[test]
    fn cast_hints_reach_bare_literals_only() {
        let program = program("fn main() { let a = 200 as u8; let b = -(128) as i8; }");
        let text = clifcov_ir::print_program(&program);
        assert!(text.contains("const 200_u8"), "{text}");
        assert!(text.contains("const -128_i8"), "{text}");
        program_ok("fn main() { let n = std::env::args().len(); let c = (if n > 0 { 250 } else { 5 }) as i8; }");
        let text = errors("fn main() { let a = { 300 } as u8; }");
        assert!(text.contains("literal out of range for `u8`"), "{text}");
    }

    #[test]
    fn shift_operands_are_independent() {
        let source = "fn main() { let x: u8 = 1; let s = 3; let y = x << s; }";
        assert_eq!(var_type(source, "s"), Ty::I32);
        assert_eq!(var_type(source, "y"), Ty::U8);
        let source = "fn main() { let y: u64 = 1 << 40; }";
        assert_eq!(var_type(source, "y"), Ty::U64);
    }

    #[test]
    fn ranges_take_their_bounds_type() {
        let source = "fn main() { let n: usize = 3; for i in 0..n { let j = i; } }";
        assert_eq!(var_type(source, "i"), Ty::Usize);
        let source = "fn main() { for i in (0..=255u8).rev() { let j = i; } }";
        assert_eq!(var_type(source, "i"), Ty::U8);
    }

    #[test]
    fn branches_unify() {
        let source = "fn main() { let c = true; let x = if c { 1 } else { 2u8 }; }";
        assert_eq!(var_type(source, "x"), Ty::U8);
        let source = "fn main() { let x = match 3u16 { 0 => 1, n => n }; }";
        assert_eq!(var_type(source, "x"), Ty::U16);
        let source = "fn main() { let x = loop { break 9i64; }; }";
        assert_eq!(var_type(source, "x"), Ty::I64);
    }

    #[test]
    fn shadowing_makes_new_variables() {
        let source = "fn main() { let x = 1u8; let x = x as i64; let x = x > 0; }";
        assert_eq!(var_types(source, "x"), vec![Ty::U8, Ty::I64, Ty::Bool]);
    }

    #[test]
    fn diverging_expressions_fit_any_type() {
        program_ok("fn f() -> i32 { return 1; } fn main() { f(); }");
        program_ok(
            "fn f(c: bool) -> i32 { if c { return 1; } else { panic!() } } fn main() { f(true); }",
        );
        program_ok("fn f() -> u8 { loop {} } fn main() {}");
        program_ok("fn main() { let x: u64 = if true { 3 } else { std::process::exit(1) }; }");
        program_ok(
            "fn f(n: u8) -> bool { match n { 0 => unreachable!(), _ => todo!() } } fn main() {}",
        );
    }

    fn program_ok(source: &str) {
        program(source);
    }
}

/// Error messages and positions as rustc 1.95 prints them for the same programs.
mod errors {
    use super::*;

    fn assert_reports(source: &str, expected: &[&str]) {
        let text = errors(source);
        for line in expected {
            assert!(text.contains(line), "missing `{line}` in:\n{text}");
        }
    }

    /// The line of every ` --> t.rs:LINE:COL` of a report, in order.
    fn reported_lines(text: &str) -> Vec<u32> {
        text.lines()
            .filter_map(|line| line.trim_start().strip_prefix("--> t.rs:"))
            .map(|at| at.split(':').next().unwrap().parse().unwrap())
            .collect()
    }

    /// Functions are type-checked on several threads; their errors still come in the
    /// order of the functions, type errors before the borrow checker's.
    #[test]
    fn errors_of_many_functions_come_in_source_order() {
        let mut source = String::new();
        for i in 0..64 {
            source.push_str(&format!(
                "fn f{i}() -> i32 {{ let y = 1; y = 2; y + true }}\n"
            ));
        }
        source.push_str("fn main() {}\n");
        let text = errors(&source);
        assert_eq!(
            reported_lines(&text),
            (1..=64).collect::<Vec<u32>>(),
            "{text}"
        );
        let without_type_errors = source.replace(" + true", "");
        let text = errors(&without_type_errors);
        let assignments = text.matches("cannot assign twice to immutable variable `y`");
        assert_eq!(assignments.count(), 64, "{text}");
        assert_eq!(
            reported_lines(&text),
            (1..=64).collect::<Vec<u32>>(),
            "{text}"
        );
    }

    #[test]
    fn mismatched_types() {
        assert_reports(
            "fn main() {\n    let x: i32 = true;\n}\n",
            &[
                "error[E0308]: mismatched types\n --> t.rs:2:18\n",
                "  |            ---   ^^^^ expected `i32`, found `bool`\n",
                "  |            expected due to this",
            ],
        );
        assert_reports(
            "fn main() { let _ = 1u8 + 1u16; }",
            &["t.rs:1:27", "expected `u8`, found `u16`"],
        );
        assert_reports(
            "fn main() { let b = true; let _ = if b { 1 } else { true }; }",
            &[
                "error[E0308]: `if` and `else` have incompatible types",
                "expected integer, found `bool`",
            ],
        );
        assert_reports(
            "fn main() { let _: i32 = if true { 1 }; }",
            &[
                "error[E0317]: `if` may be missing an `else` clause",
                "expected `i32`, found `()`",
            ],
        );
    }

    #[test]
    fn unknown_names_and_calls() {
        assert_reports(
            "fn main() { let _ = y; }",
            &[
                "error[E0425]: cannot find value `y` in this scope",
                "t.rs:1:21",
                "not found in this scope",
            ],
        );
        assert_reports(
            "fn main() { g(3); }",
            &["error[E0425]: cannot find function `g` in this scope"],
        );
        assert_reports(
            "fn f(a: i32) -> i32 { a }\nfn main() { f(1, 2); }",
            &["error[E0061]: this function takes 1 argument but 2 arguments were supplied"],
        );
    }

    #[test]
    fn operators() {
        assert_reports(
            "fn main() { let b = true; let _ = b + b; }",
            &["error[E0369]: cannot add `bool` to `bool`", "t.rs:1:37"],
        );
        assert_reports(
            "fn main() { let _ = -1u32; }",
            &[
                "error[E0600]: cannot apply unary operator `-` to type `u32`",
                "= note: unsigned values cannot be negated",
            ],
        );
        assert_reports(
            "fn main() { let b = true; let _ = b as u8 as bool; }",
            &["error[E0054]: cannot cast `u8` as `bool`"],
        );
    }

    #[test]
    fn assignment_to_immutable() {
        assert_reports(
            "fn main() {\n    let x = 5;\n    x = 6;\n}\n",
            &[
                "error[E0384]: cannot assign twice to immutable variable `x`",
                " --> t.rs:3:5",
                "first assignment to `x`",
            ],
        );
    }

    #[test]
    fn overflowing_literals() {
        assert_reports(
            "fn main() {\n    let _: u8 = 256;\n}\n",
            &[
                "error: literal out of range for `u8`\n --> t.rs:2:17",
                "= note: the literal `256` does not fit into the type `u8` whose range is `0..=255`",
                "= note: `#[deny(overflowing_literals)]` on by default",
            ],
        );
        assert_reports(
            "fn main() { let _ = -129i8; }",
            &[
                "the literal `-129i8` does not fit",
                "= help: consider using the type `i16` instead",
            ],
        );
        assert_reports(
            "fn main() { let _ = 300 as u8; }",
            &["literal out of range for `u8`", "t.rs:1:21"],
        );
        assert_reports(
            "fn main() { for _ in 0..256u8 {} }",
            &[
                "error: range endpoint is out of range for `u8`",
                "`0..=255u8`",
            ],
        );
    }

    /// rustc's `arithmetic_overflow` / `unconditional_panic` lints see literals and variables
    /// assigned once, even across branches, but not variables assigned twice.
    #[test]
    fn operations_that_always_panic() {
        assert_reports(
            "fn main() { let x: u8 = 255; let y = x + 1; }",
            &[
                "error: this arithmetic operation will overflow\n --> t.rs:1:38",
                "attempt to compute `u8::MAX + 1_u8`, which would overflow",
                "= note: `#[deny(arithmetic_overflow)]` on by default",
            ],
        );
        assert_reports(
            "fn f(x: i32) -> i32 { x / 0 }\nfn main() { f(1); }",
            &[
                "error: this operation will panic at runtime",
                "attempt to divide `_` by zero",
            ],
        );
        assert_reports(
            "fn main() { let s = 40u32; let _ = 1u32 << s; }",
            &["attempt to shift left by `40_u32`, which would overflow"],
        );
        assert_reports(
            "fn main() { let _ = (3 + 4) * 1000000000; }",
            &["attempt to compute `7_i32 * 1000000000_i32`, which would overflow"],
        );
        program("fn main() { let mut x: u8 = 255; x += 1; }");
        program("fn f(c: bool) -> u8 { let x: u8 = if c { 255 } else { 1 }; x + 1 } fn main() { f(true); }");
    }

    /// Lint errors in several functions, with a clean one between them, come in source
    /// order, each lint's note on its first report only (as rustc 1.95 prints this file).
    #[test]
    fn lint_errors_of_several_functions_note_each_lint_once() {
        let text = errors(concat!(
            "fn f(x: i32) -> i32 { let a: u8 = 255; let _ = a + 1; x }\n",
            "fn g(x: i32) -> i32 { x * 2 }\n",
            "fn h(x: i32) -> i32 { x / 0 }\n",
            "fn main() { let b: i8 = 127; let _ = b + 1; println!(\"{}\", f(1) + g(2) + h(3)); }\n",
        ));
        let lines: Vec<&str> = text
            .lines()
            .filter(|line| {
                line.starts_with("error") || line.contains("note:") || line.contains("-->")
            })
            .collect();
        assert_eq!(
            lines,
            [
                "error: this arithmetic operation will overflow",
                " --> t.rs:1:48",
                "  = note: `#[deny(arithmetic_overflow)]` on by default",
                "error: this operation will panic at runtime",
                " --> t.rs:3:23",
                "  = note: `#[deny(unconditional_panic)]` on by default",
                "error: this arithmetic operation will overflow",
                " --> t.rs:4:38",
                "error: aborting due to 3 previous errors",
            ],
            "{text}"
        );
    }

    #[test]
    fn non_exhaustive_matches() {
        assert_reports(
            "fn main() {\n    let x = 3;\n    match x { 0..=9 => {}, 20 => {} }\n}\n",
            &[
                "error[E0004]: non-exhaustive patterns: `i32::MIN..=-1_i32`, `10_i32..=19_i32` and `21_i32..=i32::MAX` not covered",
                " --> t.rs:3:11",
                "= note: the matched value is of type `i32`",
            ],
        );
        assert_reports(
            "fn main() { let b = true; match b { true => {} } }",
            &["non-exhaustive patterns: `false` not covered"],
        );
        let guarded = "fn main() { let x = 1u8; match x { n if n > 3 => {}, 0..=3 => {} } }";
        assert_reports(guarded, &["`4_u8..=u8::MAX` not covered"]);
    }

    #[test]
    fn missing_main() {
        assert_reports(
            "fn f() {}\n",
            &[
                "error[E0601]: `main` function not found in crate `t`\n --> t.rs:1:10\n",
                "^ consider adding a `main` function to `t.rs`",
            ],
        );
        assert_reports(
            "",
            &[
                "error[E0601]",
                "= note: consider adding a `main` function to `t.rs`",
            ],
        );
        let text = errors("fn main() -> f64 { 1.0 }");
        assert!(!text.contains("E0601"), "{text}");
    }

    #[test]
    fn test_crates_need_no_main() {
        let source = "#[test]\nfn adds() {\n    assert_eq!(1 + 1, 2);\n}\n";
        let program = crate::compile_crate("t.rs", source, crate::CrateKind::Tests)
            .unwrap_or_else(|d| panic!("{}", d.render()));
        assert!(program.find("main").is_none());
        assert!(program
            .function(program.find("adds").unwrap())
            .test
            .is_some());
        let binary = crate::compile("t.rs", source).expect_err("a binary needs main");
        assert!(binary.render().contains("E0601"));
    }

    /// rustc reports the lints it runs on MIR (operations that overflow or panic) before
    /// its late lints (literals out of range), whatever their order in the file.
    #[test]
    fn operation_lints_come_before_literal_lints() {
        let text = errors("fn main() {\n    let a: u8 = 256;\n    let b: i32 = 1 / 0;\n}\n");
        let operation = text
            .find("this operation will panic at runtime")
            .expect(&text);
        let literal = text.find("literal out of range for `u8`").expect(&text);
        assert!(operation < literal, "{text}");
    }

    /// A build that is not a test build leaves `#[test]` functions out before checking
    /// anything in them, as rustc does: their type and lint errors are not reported.
    #[test]
    fn a_binary_leaves_test_functions_out() {
        let source =
            "fn main() {}\n#[test]\nfn t() {\n    let x: u8 = 256;\n    let y: i32 = true;\n}\n";
        let program = program(source);
        assert!(program.find("t").is_none());
        let tests = crate::compile_crate("t.rs", source, crate::CrateKind::Tests)
            .expect_err("a test build checks the test");
        assert!(tests.render().contains("E0308"), "{}", tests.render());
    }

    #[test]
    fn unsupported_constructs_name_themselves() {
        assert_reports(
            "fn main() { let f = |x: i32| x; }",
            &["error: unsupported expression: closure", "t.rs:1:21"],
        );
        assert_reports(
            "struct S;\nfn main() {}",
            &["error: unsupported item: struct", "t.rs:1:1"],
        );
        assert_reports(
            "fn main() { let x: f64 = 1.0; }",
            &["error: unsupported type: f64"],
        );
        assert_reports(
            "fn main() { let v = vec![1]; }",
            &["error: unsupported macro: vec!"],
        );
        assert_reports(
            "fn main() { let x = 1; println!(\"{:>4}\", x); }",
            &["unsupported format spec `{:>4}`", "t.rs:1:34"],
        );
        assert_reports(
            "fn main() { let s = \"a\"; }",
            &["unsupported expression: string literal"],
        );
        assert_reports(
            "fn main() { std::mem::drop(1); }",
            &["unsupported library function: `std::mem::drop`"],
        );
        assert_reports(
            "unsafe fn f() {}\nfn main() {}",
            &["error: unsupported item: unsafe fn", "t.rs:1:1"],
        );
    }

    /// Syntax errors of different functions, and type errors of the others, come together.
    #[test]
    fn several_errors_per_run() {
        let text = errors(
            "fn first() -> i32 {\n    let x: u8 = false;\n    x as i32\n}\nfn second() -> i32 {\n    let f = |v: i32| v;\n    f(2)\n}\nfn main() {}\n",
        );
        assert!(text.contains("t.rs:2:17"), "{text}");
        assert!(text.contains("unsupported expression: closure"), "{text}");
        assert!(
            text.contains("error: aborting due to 2 previous errors"),
            "{text}"
        );
    }

    #[test]
    fn syntax_errors() {
        assert_reports(
            "fn main() { let x = ; }",
            &["error: expected an expression", "t.rs:1:21"],
        );
        assert_reports(
            "fn main() {\n    let x = (1;\n}\n",
            &["error: mismatched closing delimiter: `}`", " --> t.rs:2:13"],
        );
        assert_reports(
            "fn main() {",
            &["error: this file contains an unclosed delimiter"],
        );
    }
}

/// IR dumps of small programs, each read and checked against rustc's MIR for the same code
/// before being accepted: the checks (`AddWithOverflow` + `assert`, division, shift and
/// negation checks), the control flow and the coverage span markers.
mod snapshots {
    use super::*;

    fn dump(source: &str) -> String {
        clifcov_ir::print_program(&program(source))
    }

    #[test]
    fn checked_arithmetic() {
        insta::assert_snapshot!(dump(
            "fn f(a: i32, b: i32, s: u8) -> i32 {\n    let q = a / b;\n    -(q << s) + a * 2\n}\nfn main() {\n    f(7, 2, 1);\n}\n"
        ));
    }

    #[test]
    fn loops_over_ranges() {
        insta::assert_snapshot!(dump(
            "fn main() {\n    let mut t = 0u8;\n    for i in (1..=3u8).rev() {\n        t += i;\n    }\n    let mut n = 0;\n    while n < t {\n        n += 2;\n    }\n}\n"
        ));
    }

    #[test]
    fn match_with_ranges_or_patterns_and_guards() {
        insta::assert_snapshot!(dump(
            "fn g(n: i64) -> i64 {\n    match n {\n        1 | 2 => 10,\n        3..=9 => 20,\n        m if m < 0 => -m,\n        _ => 0,\n    }\n}\nfn main() {\n    g(4);\n}\n"
        ));
    }

    #[test]
    fn macros_and_short_circuits() {
        insta::assert_snapshot!(dump(
            "fn main() {\n    let n = std::env::args().len();\n    let ok = n > 0 && n < 5;\n    assert!(ok, \"bad {}\", n);\n    assert_eq!(n % 2, 1);\n    println!(\"n = {n}, ok = {}\", ok);\n}\n"
        ));
    }
}

/// The team's corpus: every program is accepted with valid IR, every rejected program gets
/// errors, and damaged programs get errors rather than a crash.
mod corpus {
    use std::path::PathBuf;

    use super::*;

    fn files(dir: &str) -> Vec<(String, String)> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../tests")
            .join(dir);
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                (path.display().to_string(), text)
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn accepted_programs_lower_to_valid_ir() {
        for (path, source) in files("corpus") {
            match compile(&path, &source) {
                Ok(program) => validate_program(&program).expect(&path),
                Err(errors) => panic!("{path}:\n{}", errors.render()),
            }
        }
    }

    #[test]
    fn rejected_programs_get_errors() {
        for (path, source) in files("reject") {
            let errors = compile(&path, &source).err().map(|e| e.render());
            let errors = errors.unwrap_or_else(|| panic!("{path} was accepted"));
            assert!(
                !errors.contains("internal compiler error"),
                "{path}: {errors}"
            );
        }
    }

    /// Cuts each program short, and drops single characters, at many places.
    #[test]
    fn damaged_programs_never_crash_the_front_end() {
        for (path, source) in files("corpus") {
            let chars: Vec<char> = source.chars().collect();
            for cut in (0..chars.len()).step_by(53) {
                let truncated: String = chars[..cut].iter().collect();
                let dropped: String = chars[..cut].iter().chain(&chars[cut + 1..]).collect();
                for damaged in [truncated, dropped] {
                    if let Err(errors) = compile(&path, &damaged) {
                        let text = errors.render();
                        assert!(
                            !text.contains("internal compiler error"),
                            "{path} at {cut}: {text}"
                        );
                    }
                }
            }
        }
    }
}

mod format_macros {
    use super::*;

    /// rustc's wording and positions for bad format arguments.
    #[test]
    fn argument_count_errors() {
        let text = errors("fn main() { println!(\"{}\"); }");
        assert!(text.contains("error: 1 positional argument in format string, but no arguments were given\n --> t.rs:1:23"), "{text}");
        let text = errors("fn main() { println!(\"{} {}\", 1); }");
        assert!(
            text.contains("2 positional arguments in format string, but there is 1 argument"),
            "{text}"
        );
        let text = errors("fn main() { println!(\"{1}\", 1); }");
        assert!(
            text.contains(
                "invalid reference to positional argument 1 (there is 1 argument)\n --> t.rs:1:24"
            ),
            "{text}"
        );
        let text = errors("fn main() { println!(\"{}\", 1, 2); }");
        assert!(
            text.contains("error: argument never used\n --> t.rs:1:31"),
            "{text}"
        );
    }

    /// An attribute on the format string is one on an expression, which rustc does not
    /// take on stable; clifcov refuses it as rustc does.
    #[test]
    fn an_attribute_on_the_format_string_is_refused() {
        let text = errors("fn main() { println!(#[inline] \"{}\", 1); }");
        assert!(
            text.contains(
                "error[E0658]: attributes on expressions are experimental\n --> t.rs:1:22"
            ),
            "{text}"
        );
    }

    /// Attributes on an expression statement, a block's tail and a call's argument belong
    /// to those nodes (rustc takes them on stable); `#[allow]` there turns the deny-by-default
    /// lints off inside them, and only there.
    #[test]
    fn attributes_on_statements_allow_lints_inside_them() {
        let program = program(
            "fn f(x: u8) -> u8 { x }\n\
             fn main() {\n\
             #[allow(arithmetic_overflow)]\n\
             f(255 + 1);\n\
             f(#[allow(arithmetic_overflow)] { 255 + 1 });\n\
             #[allow(overflowing_literals)]\n\
             { let x: u8 = 256; f(x); }\n\
             }",
        );
        assert_eq!(program.functions.len(), 2);
        let text = errors(
            "fn main() {\n#[allow(arithmetic_overflow)]\nlet a: u8 = 1;\nlet b: u8 = 255 + 1;\n}",
        );
        assert!(
            text.contains("error: this arithmetic operation will overflow\n --> t.rs:4:13"),
            "{text}"
        );
    }

    #[test]
    fn captured_and_named_arguments() {
        let program = program("fn main() { let x = 3; println!(\"{x} {y} {x:?}\", y = true); }");
        let text = clifcov_ir::print_program(&program);
        assert!(
            text.contains("print(copy _1, \" \", const true, \" \", copy _1, \"\\n\")"),
            "{text}"
        );
        let text = errors("fn main() { println!(\"a {zz}\"); }");
        assert!(
            text.contains("cannot find value `zz` in this scope\n --> t.rs:1:26"),
            "{text}"
        );
    }

    #[test]
    fn test_attributes() {
        let source = "#[test]\n#[should_panic(expected = \"boom\")]\nfn t() { panic!(\"boom\") }\n#[test]\n#[ignore]\nfn u() {}\nfn main() {}\n";
        let program = crate::compile_crate("t.rs", source, crate::CrateKind::Tests)
            .unwrap_or_else(|d| panic!("{}", d.render()));
        let t = function(&program, "t").test.clone().expect("a test");
        assert_eq!(t.should_panic, Some(Some("boom".to_string())));
        assert!(function(&program, "u")
            .test
            .as_ref()
            .is_some_and(|u| u.ignore));
        assert_eq!(function(&program, "main").test, None);
        let t = function(&program, "t");
        assert_eq!(
            (t.sig_span.lo.line, t.sig_span.lo.col, t.sig_span.hi.col),
            (3, 1, 7)
        );
        assert_eq!((t.body_span.lo.col, t.body_span.hi.col), (8, 26));
    }
}
