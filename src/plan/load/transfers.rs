//! `[[transfers]]`: duties passing from one unit to another on a date.

use super::*;

impl Validator<'_> {
    /// `[[transfers]]`: known units and indicators, a real date, in date order.
    pub(super) fn transfers(
        &mut self,
        raw: &[Spanned<RawTransfer>],
        units: &[Unit],
        indicators: &[Indicator],
    ) -> Vec<Transfer> {
        let lang = self.lang;
        let unit_ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let mut transfers = Vec::new();
        for spanned in raw {
            let t = spanned.get_ref();
            let date_text = t.date.get_ref().trim();
            let Ok(date) = NaiveDate::parse_from_str(date_text, "%Y-%m-%d") else {
                self.error(
                    &t.date,
                    tr!(
                        lang,
                        "impossible transfer date \"{date_text}\"",
                        "ngày chuyển giao \"{date_text}\" không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "write the day the duties pass as \"YYYY-MM-DD\"",
                        "viết ngày chuyển giao nhiệm vụ dạng \"YYYY-MM-DD\""
                    ),
                );
                continue;
            };
            let mut unit = |at: &Spanned<String>, role: &str| {
                let found = unit_ids.iter().position(|id| *id == at.get_ref().trim());
                if found.is_none() {
                    self.unknown_unit(at, role, &unit_ids);
                }
                found.map(|i| i as u16)
            };
            let (Some(from), Some(to)) = (
                unit(&t.from, "[[transfers]] from"),
                unit(&t.to, "[[transfers]] to"),
            ) else {
                continue;
            };
            let mut moved = Vec::new();
            for id in &t.indicators {
                let text = id.get_ref().trim();
                match indicators.iter().position(|i| i.id == text) {
                    Some(at) => moved.push(at as u16),
                    None => self.error(
                        id,
                        tr!(
                            lang,
                            "unknown indicator \"{text}\" in [[transfers]]",
                            "chỉ tiêu \"{text}\" trong [[transfers]] không có trong kế hoạch"
                        ),
                        tr!(
                            lang,
                            "use the ids of [[indicators]]",
                            "dùng mã chỉ tiêu trong [[indicators]]"
                        ),
                    ),
                }
            }
            if moved.is_empty() && !t.coordination {
                self.error(
                    spanned,
                    tr!(
                        lang,
                        "a transfer moves nothing",
                        "việc chuyển giao không chuyển nhiệm vụ nào"
                    ),
                    tr!(
                        lang,
                        "list its `indicators = [\"2.1\", …]`, or set `coordination = true`",
                        "ghi `indicators = [\"2.1\", …]`, hoặc đặt `coordination = true`"
                    ),
                );
            }
            transfers.push(Transfer {
                date,
                from,
                to,
                indicators: moved,
                coordination: t.coordination,
                confirmed: t.confirmed.unwrap_or(true),
                basis: t.basis.clone(),
            });
        }
        transfers.sort_by_key(|t| t.date);
        transfers
    }
}
