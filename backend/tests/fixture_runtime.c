/* TEST FIXTURE, not the runtime: a stand-in for clifcov's runtime (`rt/`) implementing the
 * runtime C ABI with stdio, so that the backend's tests can link and run the objects they
 * generate without the real runtime archive. Output follows the brief: values printed as Rust's
 * Display prints them, panics as rustc's debug builds report them, exit code 101 after a panic.
 * It also checks that the object defines `__clifcov_profile_sections`, all zero without
 * coverage. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const uint64_t __clifcov_profile_sections[7];

static int32_t saved_argc;
static char panic_message[1 << 16];
static size_t panic_len;
static int panicking;

static void buffer_panic(const char *text, size_t len) {
    if (len > sizeof panic_message - panic_len) {
        len = sizeof panic_message - panic_len;
    }
    memcpy(panic_message + panic_len, text, len);
    panic_len += len;
}

static void write_stream(uint32_t stream, const char *text, size_t len) {
    if (stream == 2 && panicking) {
        buffer_panic(text, len);
    } else if (stream == 1 || stream == 2) {
        fwrite(text, 1, len, stream == 1 ? stdout : stderr);
    } else {
        fprintf(stderr, "fixture runtime: bad stream %u\n", stream);
        exit(98);
    }
}

static void check_profile_sections(void) {
    for (int i = 0; i < 7; i++) {
        if (__clifcov_profile_sections[i] != 0) {
            fprintf(stderr, "fixture runtime: profile descriptor word %d is not zero\n", i);
            exit(99);
        }
    }
}

void clifcov_rt_start(int32_t argc, const char *const *argv) {
    (void)argv;
    saved_argc = argc;
}

void clifcov_rt_print_str(uint32_t stream, const uint8_t *ptr, size_t len) {
    write_stream(stream, (const char *)ptr, len);
}

void clifcov_rt_print_i64(uint32_t stream, int64_t value) {
    char text[32];
    int len = snprintf(text, sizeof text, "%lld", (long long)value);
    write_stream(stream, text, (size_t)len);
}

void clifcov_rt_print_u64(uint32_t stream, uint64_t value) {
    char text[32];
    int len = snprintf(text, sizeof text, "%llu", (unsigned long long)value);
    write_stream(stream, text, (size_t)len);
}

void clifcov_rt_print_bool(uint32_t stream, uint8_t value) {
    char text[32];
    int len = value <= 1 ? snprintf(text, sizeof text, "%s", value ? "true" : "false")
                         : snprintf(text, sizeof text, "<bad bool %u>", value);
    write_stream(stream, text, (size_t)len);
}

void clifcov_rt_panic_begin(const uint8_t *file, size_t file_len, uint32_t line, uint32_t col) {
    char text[64];
    panicking = 1;
    buffer_panic("thread 'main' panicked at ", 26);
    buffer_panic((const char *)file, file_len);
    int len = snprintf(text, sizeof text, ":%u:%u:\n", line, col);
    buffer_panic(text, (size_t)len);
}

_Noreturn void clifcov_rt_exit(int32_t code) {
    check_profile_sections();
    fflush(stdout);
    exit(code);
}

_Noreturn void clifcov_rt_panic_end(void) {
    static const char note[] =
        "\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
    buffer_panic(note, sizeof note - 1);
    fflush(stdout);
    fwrite(panic_message, 1, panic_len, stderr);
    clifcov_rt_exit(101);
}

size_t clifcov_rt_args_len(void) {
    return (size_t)saved_argc;
}
