//! Integration tests of the `gongkai` binary: one module per feature. Sites are written to
//! temporary folders, built with the real binary, and the output HTML is parsed with `scraper`.
//! Sites that many tests only read are built once (`common::reports_site`, …).

mod common;

mod annual_report;
mod bad_input;
mod build;
mod cache;
mod care;
mod cli;
mod delivery;
mod deploy;
mod directory;
mod disclosure;
mod edit;
mod edit_session;
mod errors;
mod first_hour;
mod import;
mod index_no;
mod injection;
mod inspect;
mod layers;
mod lifecycle;
mod markdown;
mod page_weight;
mod properties;
mod qr;
mod record;
mod register;
mod review;
mod search;
mod snapshots;
mod verify;
mod watch;
