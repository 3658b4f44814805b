//! Fuzz target `document`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("document").expect("a harness target")(data)
);
