// Defaults for the sanitizer runtimes, compiled in when a sanitizer is: a report ends the
// process with exit status 86, which no program of the project uses (UBSan's and ASan's
// default 1 is the station's "officer must act" status, so a test expecting 1 could
// hide a report). Include once per program, in the file with main(); environment
// variables (ASAN_OPTIONS...) still override these.
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CUNZHAN_ASAN 1
#endif
#if __has_feature(thread_sanitizer)
#define CUNZHAN_TSAN 1
#endif
#if __has_feature(undefined_behavior_sanitizer)
#define CUNZHAN_UBSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CUNZHAN_ASAN 1
#endif
#if defined(__SANITIZE_THREAD__)
#define CUNZHAN_TSAN 1
#endif

inline constexpr int k_sanitizer_exit_code = 86;

// UBSan has no feature macro in GCC 12; defining its hook when it is absent is harmless.
extern "C" const char* __ubsan_default_options() { return "exitcode=86:halt_on_error=1:print_stacktrace=1"; }
#ifdef CUNZHAN_ASAN
extern "C" const char* __asan_default_options() { return "exitcode=86:detect_leaks=1"; }
#endif
#ifdef CUNZHAN_TSAN
extern "C" const char* __tsan_default_options() {
  return "exitcode=86:halt_on_error=1:second_deadlock_stack=1";
}
#endif
