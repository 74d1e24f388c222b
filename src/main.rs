fn main() -> std::process::ExitCode {
    gender_plan::cli::run()
}
