//! `cargo xtask fuzz dockerfile`: the harness is `redlint_core::fuzzing::dockerfile`, shared with the
//! regression tests so that they run exactly what this target ran.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = redlint_core::fuzzing::dockerfile(data);
});
