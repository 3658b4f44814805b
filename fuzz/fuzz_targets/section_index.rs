//! Fuzz target `section_index`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("section_index").expect("a harness target")(data)
);
