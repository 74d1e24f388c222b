//! The README's walkthrough in one go, on the shipped example data:
//!
//!     cargo run --release --example walkthrough
//!
//! It records the example reports in a temporary data file (removed at the end,
//! so the checkout stays clean) and shows what the district officer would see.

use std::path::PathBuf;

fn main() {
    let folder = TempFolder(
        std::env::temp_dir().join(format!("gender-plan-walkthrough-{}", std::process::id())),
    );
    std::fs::create_dir_all(&folder.0).expect("a temporary folder");
    let data: PathBuf = folder.0.join("gender-plan-data.csv");
    let data = data.to_string_lossy().to_string();
    // Lai Châu province's 2026–2030 plan (an example), with the Tam Đường figures
    // recorded above as its previous plan's.
    let lai_chau_data = folder.0.join("lai-chau-data.csv");
    let lai_chau_data = lai_chau_data.to_string_lossy().to_string();
    let lai_chau = |command: &str| -> Vec<String> {
        [
            words(command),
            words("--plan examples/lai-chau-2026-2030/plan.toml --as-of 2026-07-01 --data"),
            vec![
                lai_chau_data.clone(),
                "--previous-data".into(),
                data.clone(),
            ],
        ]
        .concat()
    };
    let windows_1258: Vec<String> = [
        "2022-H1_hoiphunu.csv",
        "2023_tuphap.csv",
        "2024-H1_nung-nang.csv",
        "2025-H1_gddt.csv",
    ]
    .iter()
    .map(|f| format!("examples/reports/{f}"))
    .collect();

    let mut steps: Vec<(&str, Vec<String>)> = vec![
        ("Is the plan file valid?", words("check")),
        (
            "Record every unit's reports (the faulty ones are rejected, each problem with its line)",
            words("ingest --quiet examples/reports --as-of 2025-06-30"),
        ),
        (
            "Four files were saved as plain \"CSV\" by Excel on Vietnamese Windows",
            [
                words("ingest --encoding windows-1258 --as-of 2025-06-30"),
                windows_1258,
            ]
            .concat(),
        ),
        (
            "Where the district stands, as of the last round",
            words("status --as-of 2025-06-30"),
        ),
        (
            "Objective 4, health",
            words("status --objective 4 --as-of 2025-06-30"),
        ),
        (
            "Indicator 6.1 over time, and each commune's figures behind the 2025-H1 value",
            words("status --indicator 6.1 --period 2025-H1 --as-of 2025-06-30"),
        ),
        (
            "Who has not sent the 6-month report due on 5 June 2025, or sent it late or incomplete",
            words("overdue --deadline 2025-06-05 --as-of 2025-06-30"),
        ),
        (
            "Who answers for what after the March 2025 transfer (3.3 and 5.3 unconfirmed)",
            words("plan --objective 5 --as-of 2025-06-30"),
        ),
        (
            "After the plan's end, duties as on its last day, and the changes: the district ended on 30 June 2025, its communes merged",
            words("plan --matrix --objective 6 --as-of 2025-07-01 --lang vi"),
        ),
        (
            "No report is signed for the district after it ended (exit status 1)",
            words("report --period 2021-2025 --as-of 2025-12-31"),
        ),
        (
            "The plan's tasks and measures, each with its place in the source",
            words("plan --tasks --lang vi"),
        ),
        (
            "Indicator 3.2b: the communes that detected no case in 2025-H1 sent 0 of 0",
            words("status --indicator 3.2b --period 2025-H1 --as-of 2025-06-30"),
        ),
        (
            "The form a commune fills for the next round, in Vietnamese",
            words("template --unit ban-bo --period 2025-H1 --lang vi"),
        ),
        (
            "After the district: Lai Châu province's plan for 2026-2030 (an example), its first 6-month reports",
            lai_chau("ingest examples/lai-chau-2026-2030/reports"),
        ),
        (
            "The province's status, beside Tam Đường's 2021-2025 figures of what carries over",
            lai_chau("status"),
        ),
        (
            "Indicator 6.1: the six units formed from Tam Đường's communes, their baselines from those communes' figures",
            lai_chau("status --indicator 6.1"),
        ),
    ];
    for (what, args) in &mut steps {
        println!("\n# {what}");
        println!("$ gender-plan {}", args.join(" "));
        if !["check", "template", "plan"].contains(&args[0].as_str())
            && !args.contains(&"--data".to_string())
        {
            args.extend(["--data".to_string(), data.clone()]);
        }
        let _ = std::io::Write::flush(&mut std::io::stdout());
        let argv = std::iter::once("gender-plan".to_string()).chain(args.iter().cloned());
        // The exit status is part of what is shown: ingest exits 1 when it rejected a file.
        let code = gender_plan::cli::run_from(argv);
        let _ = std::io::Write::flush(&mut std::io::stdout());
        if code != 0 {
            println!("(exit status {code})");
        }
    }
}

/// Removed however the walkthrough ends (even if its output is cut short).
struct TempFolder(PathBuf);

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(String::from).collect()
}
