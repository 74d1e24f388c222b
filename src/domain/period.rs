//! Reporting periods (`2025`, `2025-H1`, `2025-Q3`) and the rounds built from them.

use chrono::NaiveDate;
use std::fmt;

/// A period a figure is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(i32),
    /// Half-year 1 or 2.
    Half(i32, u8),
    /// Quarter 1 to 4.
    Quarter(i32, u8),
}

/// The kind of a period, which decides what an indicator accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Year,
    Half,
    Quarter,
}

impl Period {
    /// Reads `2025`, `2025-H1`, `2025-Q3`, and the spellings `2025S1`, `2025Q3`,
    /// `2025-S1`, `2025 H1`, in any case.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let year_digits = text.bytes().take_while(u8::is_ascii_digit).count();
        if year_digits != 4 {
            return None;
        }
        let year: i32 = text[..4].parse().ok()?;
        let rest = text[4..].trim_start_matches(['-', ' ', '/', '_']);
        if rest.is_empty() {
            return if text.len() == 4 {
                Some(Period::Year(year))
            } else {
                None
            };
        }
        let mut chars = rest.chars();
        let letter = chars.next()?.to_ascii_uppercase();
        let number: u8 = chars.as_str().parse().ok()?;
        match letter {
            'H' | 'S' if (1..=2).contains(&number) => Some(Period::Half(year, number)),
            'Q' if (1..=4).contains(&number) => Some(Period::Quarter(year, number)),
            _ => None,
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Year(y) | Period::Half(y, _) | Period::Quarter(y, _) => y,
        }
    }

    pub fn kind(self) -> PeriodKind {
        match self {
            Period::Year(_) => PeriodKind::Year,
            Period::Half(..) => PeriodKind::Half,
            Period::Quarter(..) => PeriodKind::Quarter,
        }
    }

    /// The quarters a period spans.
    pub fn quarters(self) -> Vec<Period> {
        let (year, range) = match self {
            Period::Year(y) => (y, 1..=4),
            Period::Half(y, h) => (y, (2 * h - 1)..=(2 * h)),
            Period::Quarter(y, q) => (y, q..=q),
        };
        range.map(|q| Period::Quarter(year, q)).collect()
    }

    /// Whether `other` lies inside this period (a period contains itself).
    pub fn contains(self, other: Period) -> bool {
        let (a, b) = self.month_span();
        let (c, d) = other.month_span();
        self.year() == other.year() && a <= c && d <= b
    }

    /// First and last month, 1-based.
    fn month_span(self) -> (u8, u8) {
        match self {
            Period::Year(_) => (1, 12),
            Period::Half(_, h) => (6 * h - 5, 6 * h),
            Period::Quarter(_, q) => (3 * q - 2, 3 * q),
        }
    }
}

/// A period serialises as it is written: `2025`, `2025-H1`, `2025-Q3`.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Half(y, h) => write!(f, "{y}-H{h}"),
            Period::Quarter(y, q) => write!(f, "{y}-Q{q}"),
        }
    }
}

/// A month and day, as the schedule gives due dates ("06-05").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MonthDay {
    pub month: u32,
    pub day: u32,
}

impl MonthDay {
    /// Reads `MM-DD`; a day that exists in no year (02-30) is refused. 02-29 is refused
    /// too: a due date must exist every year.
    pub fn parse(text: &str) -> Option<MonthDay> {
        let date = NaiveDate::parse_from_str(&format!("2023-{}", text.trim()), "%Y-%m-%d").ok()?;
        use chrono::Datelike;
        Some(MonthDay {
            month: date.month(),
            day: date.day(),
        })
    }

    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .expect("MonthDay::parse only accepts days that exist every year")
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

/// A reporting round: the period a report covers and the day it is due. Most
/// rounds come from the schedule (the 6-month and annual reports); an ad hoc
/// report the plan asks for (báo cáo đột xuất) is a round too, with its own due
/// day, units and indicators (`Plan::requests`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub period: Period,
    pub due: NaiveDate,
    /// Index of the report kind in the schedule, or of the ad hoc report in
    /// `Schedule::ad_hoc` when `ad_hoc`.
    pub report: usize,
    /// An ad hoc report (báo cáo đột xuất) rather than a scheduled one.
    pub ad_hoc: bool,
    /// Whether a report sent on the due day itself is late: the plan says its
    /// reports are due strictly *before* the day (`due_day = "late"`).
    pub due_day_late: bool,
}

impl Round {
    /// The last day a report counts as on time: the due day, or the day before it
    /// when the plan says the due day itself is late.
    pub fn last_on_time(&self) -> NaiveDate {
        match self.due_day_late {
            true => self.due.pred_opt().unwrap_or(self.due),
            false => self.due,
        }
    }

    /// Whether a report sent (or still missing) on `day` is late.
    pub fn is_late(&self, day: NaiveDate) -> bool {
        day > self.last_on_time()
    }

    /// Days after the last day on time (negative before it).
    pub fn days_late(&self, day: NaiveDate) -> i64 {
        (day - self.last_on_time()).num_days()
    }

    /// The quarters whose counts this round brings in: those inside its period and not
    /// inside an earlier round of the same year (the annual report after a 6-month
    /// report brings Q3 and Q4).
    pub fn own_quarters(&self, rounds: &[Round]) -> Vec<Period> {
        self.period
            .quarters()
            .into_iter()
            .filter(|q| {
                !rounds.iter().any(|r| {
                    r.due < self.due
                        && r.period.year() == self.period.year()
                        && r.period.contains(*q)
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling() {
        assert_eq!(Period::parse("2025"), Some(Period::Year(2025)));
        assert_eq!(Period::parse("2025-H1"), Some(Period::Half(2025, 1)));
        assert_eq!(Period::parse("2025S1"), Some(Period::Half(2025, 1)));
        assert_eq!(Period::parse("2025-s1"), Some(Period::Half(2025, 1)));
        assert_eq!(Period::parse("2025Q3"), Some(Period::Quarter(2025, 3)));
        assert_eq!(Period::parse(" 2025-q4 "), Some(Period::Quarter(2025, 4)));
        for bad in [
            "", "25", "2025-H3", "2025-Q5", "2025-Q0", "2025x", "20251", "H1-2025",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn displays_canonically() {
        for text in ["2025", "2025-H1", "2025-Q3"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn containment() {
        let h1 = Period::Half(2025, 1);
        assert!(h1.contains(Period::Quarter(2025, 2)));
        assert!(!h1.contains(Period::Quarter(2025, 3)));
        assert!(Period::Year(2025).contains(h1));
        assert!(!Period::Year(2024).contains(h1));
        assert_eq!(h1.quarters().len(), 2);
    }

    #[test]
    fn month_day_refuses_impossible_days() {
        assert_eq!(MonthDay::parse("06-05").unwrap().to_string(), "06-05");
        assert!(MonthDay::parse("02-30").is_none());
        assert!(MonthDay::parse("02-29").is_none());
        assert!(MonthDay::parse("13-01").is_none());
    }

    /// Issue 26: "trước ngày 05/6". By default a report sent on the due day is on
    /// time; a plan that reads "before" strictly makes the due day late.
    #[test]
    fn the_due_day_is_on_time_unless_the_plan_says_before_strictly() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let mut round = Round {
            period: Period::Half(2025, 1),
            due: d(6, 5),
            report: 0,
            ad_hoc: false,
            due_day_late: false,
        };
        assert!(!round.is_late(d(6, 5)));
        assert_eq!(round.days_late(d(6, 7)), 2);
        round.due_day_late = true;
        assert!(round.is_late(d(6, 5)));
        assert!(!round.is_late(d(6, 4)));
        assert_eq!(round.days_late(d(6, 7)), 3);
    }

    #[test]
    fn annual_round_owns_the_quarters_after_the_half_year() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let rounds = [
            Round {
                period: Period::Year(2021),
                due: d(2021, 12, 15),
                report: 1,
                ad_hoc: false,
                due_day_late: false,
            },
            Round {
                period: Period::Half(2022, 1),
                due: d(2022, 6, 5),
                report: 0,
                ad_hoc: false,
                due_day_late: false,
            },
            Round {
                period: Period::Year(2022),
                due: d(2022, 12, 15),
                report: 1,
                ad_hoc: false,
                due_day_late: false,
            },
        ];
        assert_eq!(rounds[0].own_quarters(&rounds).len(), 4);
        assert_eq!(
            rounds[2].own_quarters(&rounds),
            vec![Period::Quarter(2022, 3), Period::Quarter(2022, 4)]
        );
    }
}
