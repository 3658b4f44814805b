//! Fuzz target `numbering`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("numbering").expect("a harness target")(data)
);
