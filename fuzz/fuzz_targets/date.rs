//! Fuzz target `date`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("date").expect("a harness target")(data)
);
