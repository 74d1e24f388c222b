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
        let unit_ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
        let mut transfers: Vec<Transfer> = raw
            .iter()
            .filter_map(|t| self.transfer(t, &unit_ids, indicators))
            .collect();
        transfers.sort_by_key(|t| t.date);
        transfers
    }

    /// One transfer; None after reporting a date or a unit that is not one.
    fn transfer(
        &mut self,
        spanned: &Spanned<RawTransfer>,
        unit_ids: &[&str],
        indicators: &[Indicator],
    ) -> Option<Transfer> {
        let t = spanned.get_ref();
        let date = self.transfer_date(&t.date)?;
        let from = self.transfer_unit(&t.from, "[[transfers]] from", unit_ids);
        let to = self.transfer_unit(&t.to, "[[transfers]] to", unit_ids);
        let (from, to) = (from?, to?);
        let moved = self.moved_indicators(&t.indicators, indicators);
        if moved.is_empty() && !t.coordination {
            self.moves_nothing(spanned);
        }
        Some(Transfer {
            date,
            from,
            to,
            indicators: moved,
            coordination: t.coordination,
            confirmed: t.confirmed.unwrap_or(true),
            basis: t.basis.clone(),
        })
    }

    fn transfer_date(&mut self, at: &Spanned<String>) -> Option<NaiveDate> {
        let lang = self.lang;
        let date_text = at.get_ref().trim();
        let date = NaiveDate::parse_from_str(date_text, "%Y-%m-%d").ok();
        if date.is_none() {
            self.error(
                at,
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
        }
        date
    }

    fn transfer_unit(
        &mut self,
        at: &Spanned<String>,
        role: &str,
        unit_ids: &[&str],
    ) -> Option<u16> {
        let found = unit_ids.iter().position(|id| *id == at.get_ref().trim());
        if found.is_none() {
            self.unknown_unit(at, role, unit_ids);
        }
        found.map(|i| i as u16)
    }

    /// The indicators a transfer moves, each known.
    fn moved_indicators(&mut self, ids: &[Spanned<String>], indicators: &[Indicator]) -> Vec<u16> {
        let lang = self.lang;
        let mut moved = Vec::new();
        for id in ids {
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
        moved
    }

    fn moves_nothing(&mut self, spanned: &Spanned<RawTransfer>) {
        let lang = self.lang;
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
}
