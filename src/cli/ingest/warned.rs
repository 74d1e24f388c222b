//! Plausibility warnings of a run, as the command prints them.

use crate::ingest::Run;
use crate::ingest::warned::warning_at;
use crate::plan::Plan;
use crate::tr;
use std::io::Write;

/// The warnings on standard error at their rows; with `--confirm`, each as
/// confirmed on standard output.
pub fn report_warnings(
    ctx: &super::super::Context,
    plan: &Plan,
    run: &Run,
    confirmed: Option<&str>,
    (out, err): (&mut impl Write, &mut impl Write),
) -> anyhow::Result<()> {
    let lang = ctx.lang;
    for w in &run.warnings {
        let d = warning_at(plan, &run.outcomes, w, lang);
        match confirmed.filter(|_| w.confirmed) {
            None => writeln!(err, "{}", d.render(lang, ctx.stderr_color))?,
            Some(reason) => {
                let line = tr!(
                    lang,
                    "{}: confirmed ({reason}): {}",
                    "{}: đã xác nhận ({reason}): {}",
                    d.location(),
                    d.message
                );
                writeln!(out, "{}", crate::text::for_terminal(&line))?;
            }
        }
    }
    Ok(())
}
