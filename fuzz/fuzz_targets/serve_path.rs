//! Fuzz target `serve_path`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("serve_path").expect("a harness target")(data)
);
