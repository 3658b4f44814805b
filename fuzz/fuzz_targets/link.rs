//! Fuzz target `link`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("link").expect("a harness target")(data)
);
