//! Integration tests: the real binary on a fresh temporary folder per test.

mod common;

mod ad_hoc;
mod baselines;
mod calendar;
mod check;
mod corrections;
mod duties;
mod ended;
mod export;
mod help;
mod hostile;
mod hostile_outputs;
mod hostile_workbooks;
mod ingest;
mod lai_chau;
mod names;
mod nothing_silent;
mod overdue;
mod plan;
mod plan_workbook;
mod previous_plan;
mod print;
mod remind;
mod report;
mod rollup;
mod roundtrip;
mod shell;
mod shipped_plan;
mod spreadsheets;
mod status;
mod template;
mod vietnamese;
