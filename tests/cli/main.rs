//! Integration tests: the real binary on a fresh temporary folder per test.

mod common;

mod check;
mod plan;
