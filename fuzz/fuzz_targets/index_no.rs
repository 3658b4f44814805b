//! Fuzz target `index_no`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("index_no").expect("a harness target")(data)
);
