//! `gender-plan withdraw`: take back a figure recorded by mistake, or everything one
//! recorded file brought in. Nothing is deleted: a withdrawal is a revision of its
//! own, with who made it, when and why.

use super::shared::{
    When, date_text, describe_key, figure_text, ids_text, resolve_group, resolve_indicator,
    resolve_period, resolve_unit,
};
use super::{Context, EXIT_OK};
use crate::domain::figure::{Figure, Key};
use crate::domain::ledger::Ledger;
use crate::domain::revision::{NO_NOTE, Revision, Withdraws};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::render::{Format, Report, Table};
use crate::store::{self, Source, Stamp, Store, Takes};
use crate::tr;
use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// This command's help in Vietnamese (see `cli::help`).
pub const TEXTS_VI: super::help::Texts = super::help::Texts {
    help: &[
        ("", "Rút lại một số liệu ghi nhận nhầm, hoặc mọi số liệu của một tệp"),
        ("unit", "Đơn vị có số liệu cần rút lại (mã, tên hoặc tên khác)"),
        ("period", "Kỳ của số liệu: 2025 (năm 2025), 2025-H1 (6 tháng đầu năm 2025) hoặc 2025-Q3 (quý III/2025)"),
        ("indicator", "Chỉ tiêu của số liệu"),
        (
            "group",
            "Với chỉ tiêu báo cáo theo nhóm (theo giới tính), chỉ số liệu của nhóm này [mặc định: tổng số và mọi nhóm]",
        ),
        ("file", "Một tệp đã ghi nhận, theo tên lúc ghi nhận hoặc mã băm"),
        ("reason", "Lý do: lưu trong tệp dữ liệu và hiển thị trong lịch sử"),
        ("by", "Người rút lại [mặc định: tên đăng nhập]"),
        ("dry_run", "Cho biết những gì sẽ bị rút lại, không ghi gì"),
        ("format", super::help::FORMAT_VI),
    ],
    after_help: Some("\
Ví dụ:
  gender-plan withdraw --unit ban-bo --period 2025-H1 --indicator 6.1 --reason \"gõ nhầm 12500 thành 1250\"
  gender-plan withdraw --file baocao/ban-bo.csv --reason \"xã gửi nhầm tệp năm trước\"

Việc rút lại được ghi theo ngày tính (hôm nay, trừ khi --as-of ghi ngày khác), kèm lý
do và người rút lại; không có gì bị xóa, và `gender-plan history` cho biết việc rút lại.

Rút lại một số liệu (theo đơn vị, kỳ và chỉ tiêu) rút lại mọi lần ghi nhận số liệu đó
cho đến nay: số liệu được tính là chưa báo cáo cho đến khi đơn vị gửi lại. Rút lại
một tệp chỉ rút lại các số liệu của tệp đó: nếu một tệp trước đó đã có số liệu cho
cùng đơn vị, kỳ và chỉ tiêu, số liệu trước đó lại là số liệu hiện hành."),
};

/// Take back a figure recorded by mistake, or everything one file brought in
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  gender-plan withdraw --unit ban-bo --period 2025-H1 --indicator 6.1 --reason \"typed 12500 for 1250\"
  gender-plan withdraw --file reports/ban-bo.csv --reason \"the commune sent last year's file\"

A withdrawal is recorded as of the as-of date (today unless --as-of says
otherwise), with the reason and who made it; nothing is deleted, and `gender-plan
history` shows it.

Withdrawing a figure (by unit, period and indicator) takes back every revision of
it recorded so far: the figure then counts as not reported until the unit sends
it again. Withdrawing a file takes back only the figures that file brought in:
where an earlier file gave a figure for the same unit, period and indicator, that
earlier figure is in force again, as if the withdrawn file had never come.")]
pub struct WithdrawArgs {
    /// The unit whose figure to take back (id, name or alias)
    #[arg(long, value_name = "UNIT", requires_all = ["period", "indicator"], conflicts_with = "file")]
    unit: Option<String>,
    /// The figure's period: 2025, 2025-H1 or 2025-Q3
    #[arg(long, value_name = "PERIOD")]
    period: Option<String>,
    /// The figure's indicator
    #[arg(long, value_name = "ID")]
    indicator: Option<String>,
    /// For an indicator reported by group (by sex), only this group's figure
    /// [default: the total and every group]
    #[arg(long, value_name = "GROUP", requires = "indicator")]
    group: Option<String>,
    /// A recorded file, by the name it was recorded under or its hash
    #[arg(long, value_name = "FILE|HASH", required_unless_present = "unit")]
    file: Option<String>,
    /// Why: kept in the data file and shown by history
    #[arg(long, value_name = "TEXT", required = true)]
    reason: String,
    /// Who withdraws [default: the login name]
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// Show what would be withdrawn, and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// What a withdrawal did: the result the renderers show.
#[derive(Debug, Serialize)]
struct Withdrawal {
    day: NaiveDate,
    by: String,
    reason: String,
    /// The withdrawn file, when a file was withdrawn.
    file: Option<WithdrawnFile>,
    dry_run: bool,
    figures: Vec<WithdrawnFigure>,
}

#[derive(Debug, Serialize)]
struct WithdrawnFile {
    name: String,
    hash: String,
    /// The day the file was recorded (YYYY-MM-DD).
    recorded: String,
}

#[derive(Debug, Serialize)]
struct WithdrawnFigure {
    unit: String,
    period: String,
    indicator: Option<String>,
    /// The group's id, for a figure of one group of a broken-down indicator.
    group: Option<String>,
    /// The figure that was in force.
    withdrawn: Figure,
    /// What is in force now: None when the figure counts as not reported.
    now: Option<Figure>,
    /// The file the figure now in force came from.
    now_from: Option<String>,
}

/// What to take back: one key, or one file's revisions.
enum What {
    /// A key; for the whole of an indicator reported by group (the number of
    /// groups, else 0), its groups too.
    Key(Key, u8),
    File {
        name: String,
        hash: String,
        /// The day the file was recorded, which names it for a person.
        recorded: String,
    },
}

pub fn run(ctx: &Context, args: WithdrawArgs) -> anyhow::Result<u8> {
    let lang = ctx.lang;
    let plan = ctx.load_plan()?;
    let reason = args.reason.trim().to_string();
    if reason.is_empty() {
        bail!(tr!(
            lang,
            "give the reason for the withdrawal with --reason \"…\"; it is kept for the history",
            "hãy ghi lý do rút lại bằng --reason \"…\"; lý do được lưu trong lịch sử"
        ));
    }
    let lock = if args.dry_run {
        None
    } else {
        Some(store::lock(&ctx.data_path, lang)?)
    };
    let store = ctx.load_store(&plan)?;
    let what = what_to_withdraw(&plan, &store, &args, lang)?;
    let ledger = store.ledger(&plan, ctx.as_of);
    let keys = keys_to_withdraw(&plan, &store, &ledger, &what, lang)?;

    let stamp = Stamp::now(args.by.as_deref());
    let target = match &what {
        What::Key(key, _) => describe_key(&plan, key, lang),
        What::File { name, hash, .. } => format!("{name} ({hash})"),
    };
    let source = Source {
        file: match &what {
            What::Key(..) => String::new(),
            What::File { name, .. } => name.clone(),
        },
        hash: action_hash(&stamp, &target, &reason),
        via: None,
    };
    let takes = match &what {
        What::Key(..) => Takes::Key,
        What::File { hash, .. } => Takes::File(hash),
    };
    if let Some(lock) = &lock {
        store::append(&ctx.data_path, &plan, lock, &store, &stamp, |rows| {
            for key in &keys {
                rows.withdrawal(key, takes, ctx.as_of, &reason, &source)?;
            }
            Ok(())
        })?;
    }
    drop(lock);

    let result = outcome(
        &plan,
        &store,
        &what,
        &keys,
        ctx.as_of,
        &stamp,
        &reason,
        args.dry_run,
    );
    ctx.print(&report(&plan, &result, lang), args.format)?;
    Ok(EXIT_OK)
}

/// The key or file the command line names.
fn what_to_withdraw(
    plan: &Plan,
    store: &Store,
    args: &WithdrawArgs,
    lang: Lang,
) -> anyhow::Result<What> {
    if let (Some(unit), Some(period), Some(indicator)) = (&args.unit, &args.period, &args.indicator)
    {
        let indicator = resolve_indicator(plan, indicator, lang)?;
        let group = match &args.group {
            Some(text) => Some(resolve_group(plan, indicator, text, lang)?),
            None => None,
        };
        // A figure's unit is the one that bore the name in its period.
        let period = resolve_period(plan, period, lang)?;
        let key = Key {
            unit: resolve_unit(plan, unit, When::Period(period), lang)?,
            period,
            indicator: Some(indicator),
            group: group.unwrap_or(0),
        };
        let groups = plan.indicators[indicator as usize].group_count(plan);
        return Ok(What::Key(key, if group.is_none() { groups } else { 0 }));
    }
    let text = args.file.as_deref().unwrap_or_default().trim();
    recorded_file(store, text, lang)
}

/// A recorded file named by its hash, the name it was recorded under, or that
/// name's last part; refused when the name fits several contents.
fn recorded_file(store: &Store, text: &str, lang: Lang) -> anyhow::Result<What> {
    let base = |name: &str| {
        std::path::Path::new(name)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    };
    let mut found: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (index, revision) in store.revisions.iter().enumerate() {
        if revision.is_withdrawal() {
            continue;
        }
        let origin = store.origin(index);
        let hash_matches = text.len() >= 6 && origin.hash.starts_with(&text.to_ascii_lowercase());
        if hash_matches || origin.file == text || base(&origin.file) == base(text) {
            found.insert((
                origin.hash.clone(),
                origin.file.clone(),
                origin.recorded_day().to_string(),
            ));
        }
    }
    let hashes: BTreeSet<&String> = found.iter().map(|(h, _, _)| h).collect();
    match hashes.len() {
        0 => bail!(tr!(
            lang,
            "no recorded file is named \"{text}\" or has that hash; `gender-plan history` shows each figure's file",
            "không có tệp đã ghi nhận nào tên \"{text}\" hoặc có mã băm đó; `gender-plan history` cho biết tệp của từng số liệu"
        )),
        1 => {
            let (hash, name, recorded) = found.into_iter().next().expect("one");
            Ok(What::File {
                name,
                hash,
                recorded,
            })
        }
        _ => {
            let list: Vec<String> = found
                .iter()
                .map(|(hash, file, day)| {
                    let day = crate::words::day_label(day, lang);
                    format!("`{hash}` ({file}, {day})")
                })
                .collect();
            bail!(tr!(
                lang,
                "several recorded files match \"{text}\": {}; give the hash of the one to withdraw",
                "có nhiều tệp đã ghi nhận khớp với \"{text}\": {}; hãy ghi mã băm của tệp cần rút lại",
                list.join("; ")
            ))
        }
    }
}

/// The keys to write a withdrawal for: the named key if a figure is in force, or
/// every key the file brought in that is not already taken back.
fn keys_to_withdraw(
    plan: &Plan,
    store: &Store,
    ledger: &Ledger,
    what: &What,
    lang: Lang,
) -> anyhow::Result<Vec<Key>> {
    match what {
        What::Key(key, groups) => {
            let candidates: Vec<Key> = match groups {
                0 => vec![*key],
                n => (0..=*n).map(|group| Key { group, ..*key }).collect(),
            };
            let keys: Vec<Key> = candidates
                .into_iter()
                .filter(|k| ledger.current(k).is_some())
                .collect();
            if keys.is_empty() {
                bail!(tr!(
                    lang,
                    "nothing to withdraw: no figure is recorded for {} as of {}; `gender-plan history` shows what was",
                    "không có gì để rút lại: chưa có số liệu nào cho {} tính đến ngày {}; `gender-plan history` cho biết những gì đã ghi nhận",
                    describe_key(plan, key, lang),
                    date_text(ledger.as_of(), lang)
                ));
            }
            Ok(keys)
        }
        What::File { name, hash, .. } => {
            let source = store.source_id(hash).expect("a recorded hash");
            let mut keys: Vec<Key> = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for (index, revision) in store.revisions.iter().enumerate() {
                if revision.source == source
                    && !revision.is_withdrawal()
                    && revision.exists_on(ledger.as_of())
                    && !ledger.is_withdrawn(index)
                    && seen.insert(revision.packed_key)
                {
                    keys.push(revision.key());
                }
            }
            if keys.is_empty() {
                bail!(tr!(
                    lang,
                    "nothing to withdraw: every figure from {name} is withdrawn already (as of {})",
                    "không có gì để rút lại: mọi số liệu từ {name} đã được rút lại (tính đến ngày {})",
                    date_text(ledger.as_of(), lang)
                ));
            }
            Ok(keys)
        }
    }
}

/// 16 hex digits that name this withdrawal, as a file's hash names a file.
fn action_hash(stamp: &Stamp, target: &str, reason: &str) -> String {
    let mut hasher = Sha256::new();
    for part in ["withdraw", &stamp.recorded, &stamp.by, target, reason] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What was withdrawn and what is in force now, computed by the ledger over the
/// recorded revisions with the withdrawal added (so a dry run shows the same).
#[allow(clippy::too_many_arguments)]
fn outcome(
    plan: &Plan,
    store: &Store,
    what: &What,
    keys: &[Key],
    day: NaiveDate,
    stamp: &Stamp,
    reason: &str,
    dry_run: bool,
) -> Withdrawal {
    let before = store.ledger(plan, day);
    let mut revisions = store.revisions.clone();
    let withdraws = match what {
        What::Key(..) => Withdraws::Key,
        What::File { hash, .. } => Withdraws::Source(store.source_id(hash).expect("recorded")),
    };
    for key in keys {
        revisions.push(Revision::withdrawal(
            key,
            withdraws,
            day,
            NO_NOTE,
            u32::MAX - 2,
        ));
    }
    let after = Ledger::for_plan(plan, &revisions, day);
    let figures = keys
        .iter()
        .map(|key| {
            let now = after
                .current_index(key)
                .filter(|&i| i < store.revisions.len());
            WithdrawnFigure {
                unit: plan.units[key.unit as usize].id.clone(),
                period: key.period.to_string(),
                indicator: key
                    .indicator
                    .map(|i| plan.indicators[i as usize].id.clone()),
                group: key
                    .indicator
                    .and_then(|i| plan.group(&plan.indicators[i as usize], key.group))
                    .map(|g| g.id.clone()),
                withdrawn: before.figure(key).unwrap_or(Figure::Blank),
                now: now.map(|i| store.revisions[i].figure),
                now_from: now.map(|i| store.origin(i).file.clone()),
            }
        })
        .collect();
    Withdrawal {
        day,
        by: stamp.by.clone(),
        reason: reason.to_string(),
        file: match what {
            What::Key(..) => None,
            What::File {
                name,
                hash,
                recorded,
            } => Some(WithdrawnFile {
                name: name.clone(),
                hash: hash.clone(),
                recorded: recorded.clone(),
            }),
        },
        dry_run,
        figures,
    }
}

/// The withdrawal's title, as a person reads it: the file by its name and the day it
/// was recorded (its hash is in the JSON), and who withdrew it, or that the
/// operating system did not say.
fn title(w: &Withdrawal, lang: Lang) -> String {
    let day = date_text(w.day, lang);
    let by = match w.by.trim() {
        "" => lang
            .pick(
                "by someone whose name is not recorded (the system gave no login name; give --by NAME)",
                "người rút lại: không được ghi (máy không cho biết tên đăng nhập; ghi bằng --by TÊN)",
            )
            .to_string(),
        by => tr!(lang, "by {by}", "người rút lại: {by}"),
    };
    match &w.file {
        Some(file) => {
            let recorded = crate::words::day_label(&file.recorded, lang);
            tr!(
                lang,
                "Figures from {} (recorded on {recorded}) withdrawn on {day} {by}: {}",
                "Rút lại số liệu từ tệp {} (ghi nhận ngày {recorded}) ngày {day}, {by}; lý do: {}",
                file.name,
                w.reason
            )
        }
        None => tr!(
            lang,
            "Withdrawn on {day} {by}: {}",
            "Rút lại ngày {day}, {by}; lý do: {}",
            w.reason
        ),
    }
}

fn report(plan: &Plan, w: &Withdrawal, lang: Lang) -> Report {
    let title = title(w, lang);
    let rows = w
        .figures
        .iter()
        .map(|f| {
            let key_unit = plan.unit(&f.unit).map_or(f.unit.clone(), |u| {
                crate::words::unit_name(u, lang).into_owned()
            });
            let indicator = ids_text(plan, f.indicator.as_deref(), f.group.as_deref(), lang);
            let now = match f.now {
                Some(figure) => figure_text(figure, lang),
                None => lang.pick("not reported", "chưa báo cáo").to_string(),
            };
            vec![
                key_unit.into(),
                crate::words::period_label(&f.period, lang).into(),
                indicator.into(),
                figure_text(f.withdrawn, lang).into(),
                now.into(),
                f.now_from.clone().unwrap_or_default().into(),
            ]
        })
        .collect();
    let n = w.figures.len();
    let summary = if w.dry_run {
        tr!(
            lang,
            "{n} figure(s) would be withdrawn (dry run: nothing was written)",
            "{n} số liệu sẽ bị rút lại (chạy thử: không ghi gì)"
        )
    } else {
        tr!(
            lang,
            "{n} figure(s) withdrawn; the data file keeps them, and `gender-plan history` shows the withdrawal",
            "đã rút lại {n} số liệu; tệp dữ liệu vẫn giữ chúng, và `gender-plan history` cho biết việc rút lại"
        )
    };
    Report {
        tables: vec![Table {
            title: Some(title),
            group: None,
            headers: [
                lang.pick("unit", "đơn vị"),
                lang.pick("period", "kỳ"),
                lang.pick("indicator", "chỉ tiêu"),
                lang.pick("withdrawn", "số liệu rút lại"),
                lang.pick("now in force", "số liệu hiện hành"),
                lang.pick("from file", "từ tệp"),
            ]
            .map(String::from)
            .to_vec(),
            rows,
            notes: vec![],
        }],
        group_header: None,
        summary: vec![summary],
        json: serde_json::to_value(w).unwrap_or_default(),
    }
}
