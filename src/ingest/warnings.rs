//! Plausibility warnings as people read them: what a [`Finding`] of the plan's
//! `[[checks]]` says, with the figures it quotes, and how to confirm a figure that
//! is right. Shared by `ingest` (warnings at the row's FILE:LINE) and `check` (the
//! standing warnings of the data file); not a command.

use crate::diagnostic::Diagnostic;
use crate::domain::ledger::Ledger;
use crate::domain::plausibility::{self, Finding, Found, Operand, Part, Test, confirms};
use crate::i18n::Lang;
use crate::plan::{Plan, format_number};
use crate::store::Store;
use crate::tr;

/// A finding as a warning placed at `at` (a diagnostic with its place set).
pub fn diagnostic(plan: &Plan, finding: &Finding, at: Diagnostic, lang: Lang) -> Diagnostic {
    let (message, hint) = text(plan, finding, lang);
    Diagnostic { message, ..at }.hint(hint).warning()
}

/// The standing findings of the data file as of the ledger's day: every unit and
/// period with a figure some rule reads.
pub fn standing(plan: &Plan, store: &Store, ledger: &Ledger) -> Vec<Finding> {
    if plan.checks.is_empty() {
        return Vec::new();
    }
    let confirmed = |index: usize| store.note(&store.revisions[index]).is_some_and(confirms);
    let keys = store.revisions.iter().map(|r| r.key());
    plausibility::scope(plan, ledger, keys)
        .into_iter()
        .flat_map(|(unit, period)| plausibility::findings(plan, ledger, unit, period, &confirmed))
        .collect()
}

/// (message, hint) of a finding.
pub fn text(plan: &Plan, finding: &Finding, lang: Lang) -> (String, String) {
    let rule = &plan.checks[finding.rule];
    let unit = crate::words::unit_label(&plan.units[finding.unit() as usize], lang);
    let period = crate::words::period_text(finding.period(), lang);
    let words = Words { plan, lang };
    let what = match (&finding.found, &rule.test) {
        (Found::GroupsAddUp { groups, total }, Test::GroupsAddUp { indicator }) => {
            words.groups(*indicator, *groups, *total)
        }
        (Found::Range { value, min, max }, Test::Range { operand, .. }) => {
            words.range(operand, *value, (*min, *max))
        }
        (
            Found::Compare { left, op, right },
            Test::Compare {
                left: l, right: r, ..
            },
        ) => words.compare((l, *left), op, (r, *right)),
        (found @ Found::Change { .. }, Test::Change { operand, .. }) => {
            words.change(operand, found)
        }
        (found @ Found::Outlier { .. }, Test::Outlier { operand, .. }) => {
            words.outlier(operand, found)
        }
        _ => unreachable!("a finding is of its rule's test"),
    };
    let message = tr!(
        lang,
        "{unit}, {period}: {what} (check \"{}\")",
        "{unit}, {period}: {what} (kiểm tra \"{}\")",
        rule.id
    );
    (message, hint(rule.why.as_ref(), lang))
}

/// The rule's reason, then how to check and confirm a figure.
fn hint(why: Option<&crate::i18n::Text>, lang: Lang) -> String {
    let mut hint = String::new();
    if let Some(why) = why {
        hint.push_str(why.get(lang));
        hint.push_str("; ");
    }
    hint.push_str(&tr!(
        lang,
        "check the figure with the unit; if it is right, confirm it: a note starting \"Confirmed:\" (or \"Xác nhận:\") that says why, or `gender-plan ingest --confirm \"REASON\"` (with --again for a file already recorded)",
        "kiểm tra lại số liệu với đơn vị; nếu số liệu đúng, hãy xác nhận: ghi chú bắt đầu bằng \"Xác nhận:\" nói rõ lý do, hoặc `gender-plan ingest --confirm \"LÝ DO\"` (thêm --again với tệp đã ghi nhận)"
    ));
    hint
}

/// What each kind of finding says, in one language.
struct Words<'a> {
    plan: &'a Plan,
    lang: Lang,
}

impl Words<'_> {
    fn n(&self, v: f64) -> String {
        format_number(v, self.lang)
    }

    fn groups(
        &self,
        indicator: u16,
        groups: (f64, Option<f64>),
        total: (f64, Option<f64>),
    ) -> String {
        let lang = self.lang;
        let id = &self.plan.indicators[indicator as usize].id;
        let pair = |(a, b): (f64, Option<f64>)| match b {
            Some(b) => tr!(lang, "{} of {}", "{} trên {}", self.n(a), self.n(b)),
            None => self.n(a),
        };
        let (sum, whole) = (pair(groups), pair(total));
        tr!(
            lang,
            "the groups of indicator {id} add up to {sum}, not to the total given, {whole}",
            "các nhóm của chỉ tiêu {id} cộng lại được {sum}, khác tổng số đã ghi là {whole}"
        )
    }

    fn range(
        &self,
        operand: &Operand,
        value: f64,
        (min, max): (Option<f64>, Option<f64>),
    ) -> String {
        let lang = self.lang;
        let range = range_text(min, max, lang);
        let what = operand_text(self.plan, operand, lang);
        tr!(
            lang,
            "{what} is {}, outside the plausible range {range}",
            "{what} là {}, nằm ngoài khoảng hợp lý {range}",
            self.n(value)
        )
    }

    fn compare(
        &self,
        (l, left): (&[Operand], f64),
        op: &str,
        (r, right): (&[Operand], f64),
    ) -> String {
        let lang = self.lang;
        let side = |side: &[Operand]| {
            side.iter()
                .map(|o| operand_text(self.plan, o, lang))
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let (ls, rs) = (side(l), side(r));
        tr!(
            lang,
            "{ls} ({}) should be {op} {rs} ({})",
            "{ls} ({}) phải {op} {rs} ({})",
            self.n(left),
            self.n(right)
        )
    }

    fn change(&self, operand: &Operand, found: &Found) -> String {
        let Found::Change {
            value,
            earlier,
            earlier_value,
            share,
            max_share,
        } = found
        else {
            unreachable!("a change")
        };
        let lang = self.lang;
        let what = operand_text(self.plan, operand, lang);
        let then = crate::words::period_text(*earlier, lang);
        let change = percent(*share, true, lang);
        let allowed = percent(*max_share, false, lang);
        tr!(
            lang,
            "{what} is {}, {change} from {} for {then}: more than the {allowed} change the plan finds plausible",
            "{what} là {}, thay đổi {change} so với {} của {then}: nhiều hơn mức thay đổi {allowed} mà kế hoạch coi là hợp lý",
            self.n(*value),
            self.n(*earlier_value)
        )
    }

    fn outlier(&self, operand: &Operand, found: &Found) -> String {
        let Found::Outlier {
            value,
            earlier,
            lowest,
            highest,
            low,
            high,
        } = found
        else {
            unreachable!("an outlier")
        };
        let lang = self.lang;
        let what = operand_text(self.plan, operand, lang);
        let history = history_text(earlier, (*lowest, *highest), lang);
        let range = range_text(Some(*low), Some(*high), lang);
        tr!(
            lang,
            "{what} is {}, far from the unit's earlier figures ({history}; plausible {range})",
            "{what} là {}, khác xa số liệu trước đây của đơn vị ({history}; hợp lý trong khoảng {range})",
            self.n(*value)
        )
    }
}

/// "the denominator of 6.1 (Population)" and the like.
fn operand_text(plan: &Plan, operand: &Operand, lang: Lang) -> String {
    let indicator = &plan.indicators[operand.indicator as usize];
    let id = &indicator.id;
    let mut text = match operand.part {
        Part::Value => tr!(lang, "the value of {id}", "giá trị của chỉ tiêu {id}"),
        Part::Numerator => tr!(lang, "the numerator of {id}", "tử số của chỉ tiêu {id}"),
        Part::Denominator => tr!(lang, "the denominator of {id}", "mẫu số của chỉ tiêu {id}"),
    };
    let counted = match operand.part {
        Part::Numerator => indicator.numerator.as_ref(),
        Part::Denominator => indicator.denominator.as_ref(),
        Part::Value => indicator.count.as_ref(),
    };
    if let Some(counted) = counted {
        text.push_str(&format!(" ({})", counted.get(lang)));
    }
    if let Some(group) = plan.group(indicator, operand.group) {
        text.push_str(&format!(", {}", group.name.get(lang)));
    }
    text
}

/// The earlier figures an outlier is judged against: all of them when few, else
/// the lowest and highest of them and the latest few.
fn history_text(
    earlier: &[(crate::domain::period::Period, f64)],
    (lowest, highest): (f64, f64),
    lang: Lang,
) -> String {
    const SHOWN: usize = 4;
    let n = |v: f64| format_number(v, lang);
    let listed = |figures: &[(crate::domain::period::Period, f64)]| {
        figures
            .iter()
            .map(|(p, v)| format!("{}: {}", crate::words::period_text(*p, lang), n(*v)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    if earlier.len() <= SHOWN {
        return listed(earlier);
    }
    let count = earlier.len();
    let latest = listed(&earlier[count - SHOWN..]);
    tr!(
        lang,
        "{} to {} over {count} earlier periods; latest {latest}",
        "từ {} đến {} trong {count} kỳ trước; gần nhất {latest}",
        n(lowest),
        n(highest)
    )
}

fn range_text(min: Option<f64>, max: Option<f64>, lang: Lang) -> String {
    let n = |v: f64| format_number(v, lang);
    match (min, max) {
        (Some(a), Some(b)) => format!("{}–{}", n(a), n(b)),
        (Some(a), None) => format!("≥ {}", n(a)),
        (None, Some(b)) => format!("≤ {}", n(b)),
        (None, None) => "-".into(),
    }
}

/// A share as a percentage: "+900 %" (signed) or "20 %".
fn percent(share: f64, signed: bool, lang: Lang) -> String {
    let number = crate::plan::format_decimal((share * 100.0).abs(), 0, lang);
    let sign = match (signed, share < 0.0) {
        (false, _) => "",
        (true, true) => "−",
        (true, false) => "+",
    };
    let space = match lang {
        Lang::En => " ",
        Lang::Vi => "",
    };
    format!("{sign}{number}{space}%")
}
