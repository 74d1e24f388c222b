//! `[schedule]` and `[[campaigns]]`: the reporting rounds, their due days, and the
//! campaign days.

use super::*;

impl Validator<'_> {
    /// `[schedule]`: the reports, their due days, and the plan's first and last periods.
    pub(super) fn schedule(&mut self, raw: &RawSchedule, start_year: i32) -> Schedule {
        let lang = self.lang;
        let reports = raw.reports.iter().map(|r| self.report_kind(r)).collect();
        let first_period = self.schedule_period(&raw.first_period, start_year);
        let last_period = self.schedule_period(&raw.last_period, start_year);
        if last_period.year() < first_period.year() {
            self.error(
                &raw.last_period,
                tr!(
                    lang,
                    "the last report period comes before the first",
                    "kỳ báo cáo cuối đứng trước kỳ đầu"
                ),
                tr!(
                    lang,
                    "check first_period and last_period under [schedule]",
                    "kiểm tra first_period và last_period ở [schedule]"
                ),
            );
        }
        Schedule {
            first_period,
            last_period,
            reports,
            due_day_late: self.due_day_late(raw.due_day.as_ref()),
            ad_hoc: Vec::new(),
        }
    }

    /// `due_day`: whether a report sent on its due day is on time ("on time", the
    /// default, which plans written before the setting mean) or late ("late": the
    /// source's "trước ngày 05/6" read strictly as before that day).
    fn due_day_late(&mut self, at: Option<&Spanned<String>>) -> bool {
        let Some(at) = at else {
            return false;
        };
        match at.get_ref().trim() {
            "on time" => false,
            "late" => true,
            other => {
                let lang = self.lang;
                self.error(
                    at,
                    tr!(
                        lang,
                        "unknown due_day \"{other}\"",
                        "giá trị due_day \"{other}\" không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "write \"on time\" (a report sent on the due day is on time) or \"late\" (it must come before that day)",
                        "ghi \"on time\" (gửi đúng ngày hết hạn là đúng hạn) hoặc \"late\" (phải gửi trước ngày đó)"
                    ),
                );
                false
            }
        }
    }

    /// A report of the year: its period (half-year or year) and due day.
    fn report_kind(&mut self, r: &RawReport) -> ReportKind {
        let lang = self.lang;
        let period_kind = match r.period.get_ref().trim() {
            "year" => PeriodKind::Year,
            "half-year" => PeriodKind::Half,
            other => {
                self.error(
                    &r.period,
                    tr!(
                        lang,
                        "unknown report period \"{other}\"",
                        "kỳ báo cáo \"{other}\" không hợp lệ"
                    ),
                    tr!(
                        lang,
                        "use \"half-year\" (periods like 2025-H1) or \"year\" (periods like 2025)",
                        "dùng \"half-year\" (kỳ như 2025-H1) hoặc \"year\" (kỳ như 2025)"
                    ),
                );
                PeriodKind::Year
            }
        };
        let due = self.month_day(&r.due, "[[schedule.reports]] due");
        ReportKind {
            period_kind,
            due,
            name: r.name.clone(),
        }
    }

    /// The first or last period of the schedule: a year or a first half-year.
    fn schedule_period(&mut self, at: &Spanned<String>, start_year: i32) -> Period {
        let lang = self.lang;
        let text = at.get_ref();
        match Period::parse(text) {
            Some(p) if matches!(p, Period::Year(_) | Period::Half(_, 1)) => p,
            _ => {
                self.error(
                    at,
                    tr!(
                        lang,
                        "\"{text}\" is not a report period",
                        "\"{text}\" không phải một kỳ báo cáo"
                    ),
                    tr!(
                        lang,
                        "write a year (\"2021\") or a first half-year (\"2022-H1\")",
                        "viết một năm (\"2021\") hoặc sáu tháng đầu năm (\"2022-H1\")"
                    ),
                );
                Period::Year(start_year)
            }
        }
    }

    /// `[[campaigns]]`: the months of the year with a campaign.
    pub(super) fn campaigns(&mut self, raw: &[RawCampaign]) -> Vec<Campaign> {
        raw.iter()
            .map(|c| Campaign {
                start: self.month_day(&c.start, "[[campaigns]] start"),
                end: c
                    .end
                    .as_ref()
                    .map(|e| self.month_day(e, "[[campaigns]] end")),
                name: c.name.clone(),
            })
            .collect()
    }

    pub(super) fn month_day(&mut self, at: &Spanned<String>, what: &str) -> MonthDay {
        let lang = self.lang;
        match MonthDay::parse(at.get_ref()) {
            Some(md) => md,
            None => {
                let text = at.get_ref();
                self.error(
                    at,
                    tr!(
                        lang,
                        "impossible date \"{text}\" for {what}",
                        "ngày \"{text}\" không hợp lệ ở {what}"
                    ),
                    tr!(
                        lang,
                        "write month-day as \"MM-DD\" with a day that exists every year, e.g. \"06-05\" for 5 June",
                        "viết tháng-ngày dạng \"MM-DD\", ngày phải có thật mọi năm, ví dụ \"06-05\" là ngày 5 tháng 6"
                    ),
                );
                MonthDay { month: 1, day: 1 }
            }
        }
    }
}
