//! `[[schedule.ad_hoc]]`: the ad hoc reports (báo cáo đột xuất) the plan asks for,
//! each with the period it covers, its own due day, the units and indicators asked,
//! and where the plan allows it.

use super::*;

impl Validator<'_> {
    /// Every ad hoc report, checked against the plan it belongs to; one with a
    /// problem is reported and left out.
    pub(super) fn ad_hoc(&mut self, raw: &[Spanned<RawAdHoc>], plan: &Plan) -> Vec<AdHocReport> {
        raw.iter()
            .filter_map(|a| self.ad_hoc_report(a.get_ref(), plan))
            .collect()
    }

    fn ad_hoc_report(&mut self, a: &RawAdHoc, plan: &Plan) -> Option<AdHocReport> {
        let period = self.ad_hoc_period(&a.period, plan);
        let due = self.ad_hoc_due(&a.due, plan);
        let units = self.ad_hoc_units(&a.units, plan);
        let indicators = self.ad_hoc_indicators(&a.indicators, plan);
        Some(AdHocReport {
            name: a.name.clone(),
            period: period?,
            due: due?,
            units,
            indicators,
            source: a.source.trim().to_string(),
            basis: a.basis.clone(),
        })
    }

    /// The period covered: a year or a half-year of the plan, as units already
    /// report figures for (a quarterly indicator's quarters come with it).
    fn ad_hoc_period(&mut self, at: &Spanned<String>, plan: &Plan) -> Option<Period> {
        let lang = self.lang;
        let text = at.get_ref().trim();
        let years = plan.meta.start_year..=plan.meta.end_year;
        match Period::parse(text) {
            Some(p @ (Period::Year(_) | Period::Half(..))) if years.contains(&p.year()) => Some(p),
            _ => {
                self.error(
                    at,
                    tr!(
                        lang,
                        "an ad hoc report's period \"{text}\" is not a year or a half-year of the plan",
                        "kỳ \"{text}\" của báo cáo đột xuất không phải một năm hay 6 tháng trong thời gian kế hoạch"
                    ),
                    tr!(
                        lang,
                        "write the period it covers as \"2024\", \"2024-H1\" or \"2024-H2\"",
                        "ghi kỳ báo cáo dạng \"2024\", \"2024-H1\" hoặc \"2024-H2\""
                    ),
                );
                None
            }
        }
    }

    /// Its due day: a real date, no later than the plan's end.
    fn ad_hoc_due(&mut self, at: &Spanned<String>, plan: &Plan) -> Option<NaiveDate> {
        let lang = self.lang;
        let text = at.get_ref().trim();
        let Ok(due) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
            self.error(
                at,
                tr!(
                    lang,
                    "impossible due date \"{text}\" of an ad hoc report",
                    "hạn nộp \"{text}\" của báo cáo đột xuất không hợp lệ"
                ),
                tr!(
                    lang,
                    "write the day it is due as \"YYYY-MM-DD\"",
                    "viết ngày hết hạn dạng \"YYYY-MM-DD\""
                ),
            );
            return None;
        };
        if let Some(end) = plan.meta.ends.filter(|&end| due > end) {
            self.error(
                at,
                tr!(
                    lang,
                    "an ad hoc report due on {due} comes after the plan's end ({end}): no one could receive it",
                    "báo cáo đột xuất hạn {due} ở sau ngày kết thúc kế hoạch ({end}): không còn nơi nhận"
                ),
                tr!(
                    lang,
                    "give a due date on or before the plan's end",
                    "ghi hạn nộp không muộn hơn ngày kết thúc kế hoạch"
                ),
            );
            return None;
        }
        Some(due)
    }

    /// The units asked: ids, or "@commune", "@office", "@organisation" for a kind.
    fn ad_hoc_units(&mut self, raw: &[Spanned<String>], plan: &Plan) -> Vec<u16> {
        let ids: Vec<&str> = plan.units.iter().map(|u| u.id.as_str()).collect();
        let mut units = Vec::new();
        for at in raw {
            let text = at.get_ref().trim();
            let kind = text
                .strip_prefix('@')
                .map(|k| k.strip_suffix('s').unwrap_or(k));
            match (
                kind.map(UnitKind::parse),
                ids.iter().position(|id| *id == text),
            ) {
                (Some(Some(kind)), _) => units.extend(
                    (0..plan.units.len() as u16).filter(|&u| plan.units[u as usize].kind == kind),
                ),
                (None, Some(found)) => units.push(found as u16),
                _ => self.unknown_unit(at, "[[schedule.ad_hoc]] units", &ids),
            }
        }
        units.sort_unstable();
        units.dedup();
        units
    }

    /// The indicators asked, each known.
    fn ad_hoc_indicators(&mut self, raw: &[Spanned<String>], plan: &Plan) -> Vec<u16> {
        let lang = self.lang;
        let mut asked = Vec::new();
        for at in raw {
            let text = at.get_ref().trim();
            match plan.indicators.iter().position(|i| i.id == text) {
                Some(found) => asked.push(found as u16),
                None => self.error(
                    at,
                    tr!(
                        lang,
                        "unknown indicator \"{text}\" in [[schedule.ad_hoc]]",
                        "chỉ tiêu \"{text}\" trong [[schedule.ad_hoc]] không có trong kế hoạch"
                    ),
                    tr!(
                        lang,
                        "use the ids of [[indicators]], or leave `indicators` out for a narrative report",
                        "dùng mã chỉ tiêu trong [[indicators]], hoặc bỏ `indicators` nếu chỉ cần báo cáo bằng văn bản"
                    ),
                ),
            }
        }
        asked
    }
}
