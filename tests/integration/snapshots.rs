//! Snapshots of the `<main>` element of three documents (the QR code image replaced by a
//! placeholder so that the snapshots do not depend on the QR encoder).

use crate::common::*;

fn main_without_qr(url: &str) -> String {
    let raw = reports_site().raw(url);
    let main = raw_main(&raw).to_string();
    match raw_qr_img(&main) {
        Some(img) => main.replace(img, "<img class=\"gk-qr__code\"><!-- QR code -->"),
        None => main,
    }
}

#[test]
fn snapshot_seed_liaocheng() {
    insta::assert_snapshot!(main_without_qr("/bg/liaocheng-minzheng-2020/"));
}

#[test]
fn snapshot_shuyang_annual_report() {
    insta::assert_snapshot!(main_without_qr("/bg/shuyang-fagaiju-2024-01-17/"));
}

#[test]
fn snapshot_guowuyuan_bangongting_2019_01_22() {
    insta::assert_snapshot!(main_without_qr("/bg/guowuyuan-bangongting-2019-01-22/"));
}
