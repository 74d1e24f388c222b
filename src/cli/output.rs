//! Files a command writes with `-o`: never the plan or the data file, nothing
//! that exists without `--force`, and each one complete or not at all.

use super::Context;
use crate::tr;
use anyhow::{Context as _, bail};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether `path` is, or would become, the file at `protected`: the same file
/// through any link or spelling, or the same absolute path when it does not
/// exist yet.
fn is_same_place(path: &Path, protected: &Path) -> bool {
    if super::same_file(path, protected) {
        return true;
    }
    match (std::path::absolute(path), std::path::absolute(protected)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Refuses an output path that is the plan, the data file or its lock, that is
/// not a regular file, or that exists when `force` is not given.
pub fn check_target(ctx: &Context, path: &Path, force: bool) -> anyhow::Result<()> {
    let lang = ctx.lang;
    let shown = crate::text::for_terminal(&path.display().to_string()).into_owned();
    let mut lock = ctx.data_path.as_os_str().to_os_string();
    lock.push(".lock");
    let protected = [
        (
            ctx.plan_path.as_path(),
            lang.pick("the plan", "tệp kế hoạch"),
        ),
        (
            ctx.data_path.as_path(),
            lang.pick("the data file", "tệp dữ liệu"),
        ),
        (
            Path::new(&lock),
            lang.pick("the data file's lock", "tệp khóa của tệp dữ liệu"),
        ),
    ];
    for (file, what) in protected {
        if is_same_place(path, file) {
            bail!(tr!(
                lang,
                "{shown} is {what}: it is never overwritten, even with --force; write to another file",
                "{shown} là {what}: không bao giờ bị ghi đè, kể cả với --force; hãy ghi ra tệp khác"
            ));
        }
    }
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(()); // a new file
    };
    let regular = meta.is_file() || fs::metadata(path).is_ok_and(|m| m.is_file());
    if !regular {
        bail!(tr!(
            lang,
            "{shown} exists and is not a regular file (a folder, device or pipe); write to a file",
            "{shown} đã tồn tại và không phải tệp thường (thư mục, thiết bị hoặc ống); hãy ghi ra một tệp"
        ));
    }
    if !force {
        bail!(tr!(
            lang,
            "{shown} already exists; give --force to replace it, or choose another name",
            "{shown} đã tồn tại; thêm --force để ghi đè, hoặc chọn tên khác"
        ));
    }
    Ok(())
}

/// Writes `bytes` to `path` after [`check_target`]: into a temporary file beside
/// it, renamed over it, so a crash or a full disk leaves the old file whole.
/// A replaced file keeps its permissions; a symbolic link is written through.
pub fn write_file(ctx: &Context, path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    check_target(ctx, path, force)?;
    let lang = ctx.lang;
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let result = replace(&target, bytes);
    result.with_context(|| {
        tr!(
            lang,
            "cannot write {}",
            "không ghi được {}",
            crate::text::for_terminal(&path.display().to_string())
        )
    })
}

fn replace(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".gender-plan-tmp-{}", std::process::id()));
    let temp = folder.join(name);
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        if let Ok(old) = fs::metadata(target) {
            file.set_permissions(old.permissions())?;
        }
        file.sync_all()?;
        fs::rename(&temp, target)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// A document to `-o PATH`, or to standard output; a Word file (`binary`) is
/// refused on a terminal, where it would show as noise. True when it went to a
/// file.
pub fn write_document(
    ctx: &Context,
    output: Option<&Path>,
    bytes: &[u8],
    binary: bool,
    force: bool,
) -> anyhow::Result<bool> {
    use std::io::IsTerminal;
    match output {
        Some(path) => write_file(ctx, path, bytes, force).map(|()| true),
        None if binary && std::io::stdout().is_terminal() => bail!(tr!(
            ctx.lang,
            "a Word document cannot be shown in the terminal; save it with -o FILE.docx",
            "không thể hiện tài liệu Word trên màn hình dòng lệnh; hãy lưu bằng -o TỆP.docx"
        )),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(false)
        }
    }
}

/// Creates a folder the command writes files into, saying which on failure.
pub fn create_folder(ctx: &Context, folder: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(folder).with_context(|| {
        tr!(
            ctx.lang,
            "cannot create the folder {}",
            "không tạo được thư mục {}",
            folder.display()
        )
    })
}
