//! Fuzz target `config`: see `gongkai::harness`.
#![no_main]

libfuzzer_sys::fuzz_target!(
    |data: &[u8]| gongkai::harness::target("config").expect("a harness target")(data)
);
