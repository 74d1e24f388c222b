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
        let renamed = self.renamed(indicators);
        let Some(raw) = raw else {
            self.previous_id_without_previous(indicators);
            return None;
        };
        let plan = self.previous_plan_named(raw)?;
        let data = raw.get_ref().data.as_ref();
        self.empty_previous_ids(&renamed);
        Some(PreviousPlan {
            plan: plan.get_ref().trim().to_string(),
            plan_line: self.line_of(plan.span().start),
            data: data.map(|d| d.get_ref().trim().to_string()),
            data_line: data.map_or(0, |d| self.line_of(d.span().start)),
            renamed,
            formed: Vec::new(),
        })
    }

    /// The indicators that continue another id of the previous plan: (index, id, line).
    fn renamed(&self, indicators: &[Spanned<RawIndicator>]) -> Vec<(u16, String, usize)> {
        indicators
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
            .collect()
    }

    fn previous_id_without_previous(&mut self, indicators: &[Spanned<RawIndicator>]) {
        let lang = self.lang;
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
    }

    /// `[previous] plan`, given and not empty.
    fn previous_plan_named<'r>(
        &mut self,
        raw: &'r Spanned<RawPrevious>,
    ) -> Option<&'r Spanned<String>> {
        let lang = self.lang;
        let path_hint = tr!(
            lang,
            "write the path of the previous plan's file, relative to this plan: `plan = \"../2021-2025/plan.toml\"`",
            "viết đường dẫn tệp kế hoạch trước, tính từ thư mục của kế hoạch này: `plan = \"../2021-2025/plan.toml\"`"
        );
        match &raw.get_ref().plan {
            Some(p) if !p.get_ref().trim().is_empty() => Some(p),
            Some(p) => {
                let message = tr!(lang, "[previous] plan is empty", "[previous] plan để trống");
                self.error(p, message, path_hint);
                None
            }
            None => {
                let message = tr!(
                    lang,
                    "[previous] does not name the previous plan",
                    "[previous] chưa chỉ tệp kế hoạch trước"
                );
                self.error(raw, message, path_hint);
                None
            }
        }
    }

    fn empty_previous_ids(&mut self, renamed: &[(u16, String, usize)]) {
        let lang = self.lang;
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
    }
}
