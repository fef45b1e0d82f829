//! The runtime functions of this process (the `clifcov-rt` rlib linked into clifcov) that
//! in-process code calls: the C ABI of the team brief, by address.

use clifcov_backend::RuntimeFunction;
use clifcov_rt::abi;

/// Every function of the runtime's C ABI.
pub fn runtime_functions() -> Vec<RuntimeFunction> {
    let function = |name, address: *const u8| RuntimeFunction { name, address };
    vec![
        function("clifcov_rt_start", abi::clifcov_rt_start as *const u8),
        function(
            "clifcov_rt_print_str",
            abi::clifcov_rt_print_str as *const u8,
        ),
        function(
            "clifcov_rt_print_i64",
            abi::clifcov_rt_print_i64 as *const u8,
        ),
        function(
            "clifcov_rt_print_u64",
            abi::clifcov_rt_print_u64 as *const u8,
        ),
        function(
            "clifcov_rt_print_bool",
            abi::clifcov_rt_print_bool as *const u8,
        ),
        function(
            "clifcov_rt_panic_begin",
            abi::clifcov_rt_panic_begin as *const u8,
        ),
        function(
            "clifcov_rt_panic_end",
            abi::clifcov_rt_panic_end as *const u8,
        ),
        function(
            "clifcov_rt_panic_assert",
            abi::clifcov_rt_panic_assert as *const u8,
        ),
        function(
            "clifcov_rt_catch_check_traps",
            abi::clifcov_rt_catch_check_traps as *const u8,
        ),
        function("clifcov_rt_exit", abi::clifcov_rt_exit as *const u8),
        function("clifcov_rt_args_len", abi::clifcov_rt_args_len as *const u8),
    ]
}
