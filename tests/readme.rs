//! The README's console examples, run as transcripts: the README cannot drift from
//! what the tool does. Its steps run in order, on a data file made fresh here.

#[test]
fn readme_transcripts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Two `cargo test` runs in one checkout would share the data file: take turns.
    std::fs::create_dir_all(root.join("target")).unwrap();
    let lock = std::fs::File::create(root.join("target/readme.lock")).unwrap();
    lock.lock().unwrap();
    let folder = root.join("target/readme");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("GENDER_PLAN", "plan.toml")
        .env("GENDER_PLAN_DATA", "target/readme/gender-plan-data.csv")
        .env("GENDER_PLAN_LANG", "en")
        .env("USER", "officer")
        // 2025-06-30T09:00:00Z, the district's last day: what was recorded when, the
        // same on every run.
        .env("SOURCE_DATE_EPOCH", "1751274000")
        .register_bin("gender-plan", trycmd::cargo::cargo_bin("gender-plan"))
        .case("README.md");
}
