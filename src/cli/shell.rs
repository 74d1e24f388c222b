//! `gender-plan completions SHELL` and `gender-plan man`: the shell's completions and
//! the manual page, generated from the same clap definitions as `--help` (with
//! clap_complete and clap_mangen), in the language of `--lang`, so that neither can
//! drift from the options the program takes.

use super::{Context, EXIT_OK};
use clap::Args;
use clap_complete::Shell;
use std::io::Write;

/// This command's help in Vietnamese (see `cli::help`).
pub const COMPLETIONS_TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        (
            "",
            "In đoạn mã gợi ý lệnh (khi gõ phím Tab) cho vỏ lệnh: bash, zsh, fish, powershell hoặc elvish",
        ),
        ("shell", "Vỏ lệnh cần đoạn mã gợi ý"),
    ],
    after_help: Some(
        "\
Ví dụ:
  gender-plan completions bash > ~/.local/share/bash-completion/completions/gender-plan
  gender-plan completions zsh > ~/.zfunc/_gender-plan
  gender-plan completions fish > ~/.config/fish/completions/gender-plan.fish

README.md hướng dẫn cài đặt cho từng vỏ lệnh.",
    ),
};

/// This command's help in Vietnamese (see `cli::help`).
pub const MAN_TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[(
        "",
        "In trang hướng dẫn (man) của chương trình, dạng roff, ngôn ngữ theo --lang",
    )],
    after_help: Some(
        "\
Ví dụ:
  gender-plan --lang vi man > ~/.local/share/man/man1/gender-plan.1
  gender-plan man | man -l -",
    ),
};

/// Print the shell's completions (Tab) for bash, zsh, fish, powershell or elvish
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan completions bash > ~/.local/share/bash-completion/completions/gender-plan
  gender-plan completions zsh > ~/.zfunc/_gender-plan
  gender-plan completions fish > ~/.config/fish/completions/gender-plan.fish

README.md (Shell completions) says how to install them for each shell.")]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    shell: Shell,
}

/// Print the program's manual page (roff), in the language of --lang
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan man > ~/.local/share/man/man1/gender-plan.1
  gender-plan man | man -l -")]
pub struct ManArgs {}

/// Writes the completions of the command line, as `--help` describes it in the
/// chosen language, to stdout.
pub fn completions(ctx: &Context, args: CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = super::help::command(ctx.lang);
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut command, "gender-plan", &mut out);
    out.flush()?;
    Ok(EXIT_OK)
}

/// Writes the manual page (section 1) to stdout.
pub fn man(ctx: &Context, _args: ManArgs) -> anyhow::Result<u8> {
    let command = super::help::command(ctx.lang);
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(command).render(&mut out)?;
    out.flush()?;
    Ok(EXIT_OK)
}
