//! `[previous]` and the indicators' `previous_id`s, as written, with their lines.

use super::*;

impl Validator<'_> {
    /// `[previous]` and the indicators' `previous_id`s. Whether the files exist and
    /// the ids are the previous plan's is checked when the previous plan is read.
    pub(super) fn previous(
        &mut self,
        raw: Option<&Spanned<RawPrevious>>,
        indicators: &[Spanned<RawIndicator>],
    ) -> Option<PreviousPlan> {
        let lang = self.lang;
        let renamed: Vec<(u16, String, usize)> = indicators
            .iter()
            .enumerate()
            .filter_map(|(index, i)| {
                let at = i.get_ref().previous_id.as_ref()?;
                Some((
                    index as u16,
                    at.get_ref().trim().to_string(),
                    self.line_of(at.span().start),
                ))
            })
            .collect();
        let Some(raw) = raw else {
            if let Some(i) = indicators
                .iter()
                .find_map(|i| i.get_ref().previous_id.as_ref())
            {
                self.error(
                    i,
                    tr!(
                        lang,
                        "`previous_id` names an indicator of the previous plan, but this plan has no [previous]",
                        "`previous_id` chỉ một chỉ tiêu của kế hoạch trước, nhưng kế hoạch này không có mục `[previous]`"
                    ),
                    tr!(
                        lang,
                        "add [previous] with `plan = \"path/to/the previous plan.toml\"`, or remove `previous_id`",
                        "thêm mục `[previous]` với `plan = \"đường/dẫn/kế hoạch trước.toml\"`, hoặc bỏ `previous_id`"
                    ),
                );
            }
            return None;
        };
        let path_hint = tr!(
            lang,
            "write the path of the previous plan's file, relative to this plan: `plan = \"../2021-2025/plan.toml\"`",
            "viết đường dẫn tệp kế hoạch trước, tính từ thư mục của kế hoạch này: `plan = \"../2021-2025/plan.toml\"`"
        );
        let plan = match &raw.get_ref().plan {
            Some(p) if !p.get_ref().trim().is_empty() => p,
            Some(p) => {
                self.error(
                    p,
                    tr!(lang, "[previous] plan is empty", "[previous] plan để trống"),
                    path_hint,
                );
                return None;
            }
            None => {
                self.error(
                    raw,
                    tr!(
                        lang,
                        "[previous] does not name the previous plan",
                        "[previous] chưa chỉ tệp kế hoạch trước"
                    ),
                    path_hint,
                );
                return None;
            }
        };
        let data = raw.get_ref().data.as_ref();
        for (_, _, line) in renamed.iter().filter(|(_, id, _)| id.is_empty()) {
            let offset = self.line_starts[line - 1];
            self.error_at(
                offset,
                tr!(lang, "`previous_id` is empty", "`previous_id` để trống"),
                tr!(
                    lang,
                    "write the id the indicator had in the previous plan, or remove `previous_id` (an indicator with the same id carries over by itself)",
                    "viết mã của chỉ tiêu trong kế hoạch trước, hoặc bỏ `previous_id` (chỉ tiêu cùng mã tự được nối tiếp)"
                ),
            );
        }
        Some(PreviousPlan {
            plan: plan.get_ref().trim().to_string(),
            plan_line: self.line_of(plan.span().start),
            data: data.map(|d| d.get_ref().trim().to_string()),
            data_line: data.map_or(0, |d| self.line_of(d.span().start)),
            renamed,
            formed: Vec::new(),
        })
    }
}
