//! The README's console examples, run as transcripts: the README cannot drift from
//! what the tool does.

#[test]
fn readme_transcripts() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .env("GENDER_PLAN", "plan.toml")
        .env("GENDER_PLAN_LANG", "en")
        .register_bin("gender-plan", trycmd::cargo::cargo_bin("gender-plan"))
        .case("README.md");
}
