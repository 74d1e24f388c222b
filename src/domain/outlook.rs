//! Will an indicator reach its target in time? The progress measure of
//! Open SDG (`sdg-build`, `sdg/ProgressMeasure.py`), i.e. Statistics Canada's
//! method after Eurostat: compare the observed compound annual growth rate
//! (CAGR) with the rate needed to hit the target by the target year.

use super::attainment::{Direction, Op, is_met, settle};

/// Growth ratio at or above which an indicator is [`Outlook::OnTrack`].
pub const ON_TRACK_MIN: f64 = 0.95;

/// Growth ratio at or above which (and below [`ON_TRACK_MIN`]) an indicator
/// needs [`Outlook::AccelerationNeeded`]; below it, down to 0, progress is
/// limited.
pub const ACCELERATION_MIN: f64 = 0.6;

/// The forward-looking verdict shown next to each indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outlook {
    /// The latest value already meets the target.
    TargetAchieved,
    /// Growth ratio >= 0.95: the current pace reaches the target in time.
    OnTrack,
    /// 0.6 <= ratio < 0.95: moving the right way, but too slowly.
    AccelerationNeeded,
    /// 0 <= ratio < 0.6: barely moving towards the target.
    LimitedProgress,
    /// Ratio < 0: moving away from the target.
    Deterioration,
    /// No trend can be computed; see [`InsufficientReason`].
    InsufficientData,
}

impl Outlook {
    /// Stable snake_case key for output formats and translations.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outlook::TargetAchieved => "target_achieved",
            Outlook::OnTrack => "on_track",
            Outlook::AccelerationNeeded => "acceleration_needed",
            Outlook::LimitedProgress => "limited_progress",
            Outlook::Deterioration => "deterioration",
            Outlook::InsufficientData => "insufficient_data",
        }
    }

    /// Category for a growth ratio (thresholds 0.95 / 0.6 / 0).
    fn from_ratio(ratio: f64) -> Outlook {
        if ratio >= ON_TRACK_MIN {
            Outlook::OnTrack
        } else if ratio >= ACCELERATION_MIN {
            Outlook::AccelerationNeeded
        } else if ratio >= 0.0 {
            Outlook::LimitedProgress
        } else {
            Outlook::Deterioration
        }
    }
}

/// Why no trend could be computed, so the report can say what is missing
/// instead of showing a bare "insufficient data".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InsufficientReason {
    /// No values, or no two distinct years to form a trend.
    TooFewYears,
    /// Base, current or target is zero or negative: CAGR is undefined
    /// (this also covers sign changes).
    ZeroOrNegative,
    /// The base value equals the target, so the required growth is zero
    /// and the ratio would divide by zero.
    BaseEqualsTarget,
    /// The base year is at or after the target year: no time left to grow.
    TargetYearPassed,
    /// A yes/no milestone not yet reached, or an indicator without a numeric
    /// target: there is no rate to measure.
    NotARate,
}

impl InsufficientReason {
    /// Stable snake_case key for output formats and translations.
    pub fn as_str(&self) -> &'static str {
        match self {
            InsufficientReason::TooFewYears => "too_few_years",
            InsufficientReason::ZeroOrNegative => "zero_or_negative",
            InsufficientReason::BaseEqualsTarget => "base_equals_target",
            InsufficientReason::TargetYearPassed => "target_year_passed",
            InsufficientReason::NotARate => "not_a_rate",
        }
    }
}

/// The verdict plus the numbers behind it, so reports can show their work.
///
/// `ratio`, `cagr_observed` and `cagr_required` are set only when a trend was
/// computed; growth rates are fractions per year (0.05 = 5 %/year), settled
/// to 9 significant digits and always finite. `base_year` is the year the
/// trend starts from, when one was chosen. `reason` is set exactly when the
/// outlook is [`Outlook::InsufficientData`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessment {
    pub outlook: Outlook,
    pub ratio: Option<f64>,
    pub cagr_observed: Option<f64>,
    pub cagr_required: Option<f64>,
    pub base_year: Option<i32>,
    pub reason: Option<InsufficientReason>,
}

impl Assessment {
    fn achieved() -> Assessment {
        Assessment {
            outlook: Outlook::TargetAchieved,
            ratio: None,
            cagr_observed: None,
            cagr_required: None,
            base_year: None,
            reason: None,
        }
    }

    fn insufficient(reason: InsufficientReason, base_year: Option<i32>) -> Assessment {
        Assessment {
            outlook: Outlook::InsufficientData,
            ratio: None,
            cagr_observed: None,
            cagr_required: None,
            base_year,
            reason: Some(reason),
        }
    }
}

/// Keeps extreme (but finite-input) results finite: growth can overflow to
/// +inf for absurd jumps, and a tiny required rate can blow the ratio up.
fn clamp_finite(x: f64) -> f64 {
    x.clamp(-f64::MAX, f64::MAX)
}

/// Compound annual growth rate from `from` to `to` over `years` (> 0).
/// Both values must be positive and finite. Computed in log space so the
/// value ratio itself cannot overflow, and with `exp_m1` for accuracy at
/// small rates.
fn cagr(from: f64, to: f64, years: i64) -> f64 {
    clamp_finite(((to.ln() - from.ln()) / years as f64).exp_m1())
}

/// Assesses whether the indicator is on course to meet its target by
/// `target_year`.
///
/// `annual` holds (year, value) pairs in any order; missing years are simply
/// absent (never read as zero) and non-finite values are ignored as if
/// absent. The latest year is the current value. The trend starts at
/// `baseline` if given with a year before the current year, else at the
/// earliest annual value. If a year appears twice, the later entry is the
/// current value and the earlier entry the base.
///
/// Ratio `R = d · CAGR_obs / |CAGR_req|` with `d = +1` for
/// [`Direction::Higher`] and `−1` for [`Direction::Lower`]; it is applied
/// even when `CAGR_req` has the "wrong" sign (base already beyond a strict
/// target). Never panics; never yields NaN.
pub fn assess(
    op: Op,
    direction: Direction,
    target: Option<f64>,
    target_year: i32,
    baseline: Option<(i32, f64)>,
    annual: &[(i32, f64)],
) -> Assessment {
    use InsufficientReason as Why;

    let observed = annual.iter().copied().filter(|(_, v)| v.is_finite());
    let Some((current_year, current)) = observed.clone().max_by_key(|&(y, _)| y) else {
        return Assessment::insufficient(Why::TooFewYears, None);
    };

    if op == Op::Yes {
        return if is_met(Op::Yes, None, current) {
            Assessment::achieved()
        } else {
            Assessment::insufficient(Why::NotARate, None)
        };
    }
    if is_met(op, target, current) {
        return Assessment::achieved();
    }
    let Some(target) = target.filter(|t| t.is_finite()) else {
        return Assessment::insufficient(Why::NotARate, None);
    };

    let base = baseline
        .filter(|&(y, v)| y < current_year && v.is_finite())
        .or_else(|| observed.min_by_key(|&(y, _)| y));
    let Some((base_year, base)) = base else {
        return Assessment::insufficient(Why::TooFewYears, None);
    };
    let insufficient = |why| Assessment::insufficient(why, Some(base_year));

    if current_year <= base_year {
        return insufficient(Why::TooFewYears);
    }
    if base <= 0.0 || current <= 0.0 || target <= 0.0 {
        return insufficient(Why::ZeroOrNegative);
    }
    if settle(base) == settle(target) {
        return insufficient(Why::BaseEqualsTarget);
    }
    if base_year >= target_year {
        return insufficient(Why::TargetYearPassed);
    }

    let cagr_observed = cagr(
        base,
        current,
        i64::from(current_year) - i64::from(base_year),
    );
    let cagr_required = cagr(base, target, i64::from(target_year) - i64::from(base_year));
    if cagr_required == 0.0 {
        // Base and target differ by less than the precision of a yearly rate
        // over this horizon: effectively equal.
        return insufficient(Why::BaseEqualsTarget);
    }
    let d = match direction {
        Direction::Higher => 1.0,
        Direction::Lower => -1.0,
    };
    let ratio = settle(clamp_finite(d * cagr_observed / cagr_required.abs()));

    Assessment {
        outlook: Outlook::from_ratio(ratio),
        ratio: Some(ratio),
        cagr_observed: Some(settle(cagr_observed)),
        cagr_required: Some(settle(cagr_required)),
        base_year: Some(base_year),
        reason: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn higher_ge_50(annual: &[(i32, f64)]) -> Assessment {
        assess(Op::Ge, Direction::Higher, Some(50.0), 2025, None, annual)
    }

    fn sex_ratio_le_109(annual: &[(i32, f64)]) -> Assessment {
        assess(Op::Le, Direction::Lower, Some(109.0), 2025, None, annual)
    }

    fn reason(a: &Assessment) -> Option<InsufficientReason> {
        assert_eq!(a.outlook, Outlook::InsufficientData);
        assert!(a.ratio.is_none());
        a.reason
    }

    #[test]
    fn worked_example_ge_50_from_40_to_44_needs_acceleration() {
        let a = higher_ge_50(&[(2021, 40.0), (2023, 44.0)]);
        let r = a.ratio.unwrap();
        assert!((r - 0.85).abs() < 0.005, "ratio {r}");
        assert_eq!(a.outlook, Outlook::AccelerationNeeded);
        assert_eq!(a.base_year, Some(2021));
        assert!((a.cagr_observed.unwrap() - (1.1f64.sqrt() - 1.0)).abs() < 1e-8);
        assert!((a.cagr_required.unwrap() - (1.25f64.powf(0.25) - 1.0)).abs() < 1e-8);
        assert_eq!(a.reason, None);
    }

    #[test]
    fn category_target_achieved() {
        let a = higher_ge_50(&[(2021, 40.0), (2023, 50.0)]);
        assert_eq!(a.outlook, Outlook::TargetAchieved);
        assert_eq!(a.ratio, None);
        assert_eq!(a.reason, None);
        assert_eq!(
            sex_ratio_le_109(&[(2021, 115.0), (2023, 109.0)]).outlook,
            Outlook::TargetAchieved
        );
    }

    #[test]
    fn category_on_track_higher() {
        let a = higher_ge_50(&[(2021, 40.0), (2023, 45.0)]);
        assert!(a.ratio.unwrap() >= 0.95);
        assert_eq!(a.outlook, Outlook::OnTrack);
    }

    #[test]
    fn category_on_track_lower_sex_ratio_115_to_112() {
        let a = sex_ratio_le_109(&[(2021, 115.0), (2023, 112.0)]);
        assert!(a.ratio.unwrap() >= 0.95, "ratio {:?}", a.ratio);
        assert_eq!(a.outlook, Outlook::OnTrack);
    }

    #[test]
    fn category_acceleration_needed_lower() {
        let a = sex_ratio_le_109(&[(2019, 115.0), (2023, 112.0)]);
        let r = a.ratio.unwrap();
        assert!((0.6..0.95).contains(&r), "ratio {r}");
        assert_eq!(a.outlook, Outlook::AccelerationNeeded);
    }

    #[test]
    fn category_limited_progress() {
        let a = higher_ge_50(&[(2021, 40.0), (2023, 41.0)]);
        let r = a.ratio.unwrap();
        assert!((0.0..0.6).contains(&r), "ratio {r}");
        assert_eq!(a.outlook, Outlook::LimitedProgress);
    }

    #[test]
    fn category_limited_progress_when_flat() {
        let a = higher_ge_50(&[(2021, 40.0), (2023, 40.0)]);
        assert_eq!(a.ratio, Some(0.0));
        assert_eq!(a.outlook, Outlook::LimitedProgress);
    }

    #[test]
    fn category_deterioration_higher() {
        let a = higher_ge_50(&[(2021, 40.0), (2023, 38.0)]);
        assert!(a.ratio.unwrap() < 0.0);
        assert_eq!(a.outlook, Outlook::Deterioration);
    }

    #[test]
    fn category_deterioration_lower_sex_ratio_115_to_118() {
        let a = sex_ratio_le_109(&[(2021, 115.0), (2023, 118.0)]);
        assert!(a.ratio.unwrap() < 0.0);
        assert_eq!(a.outlook, Outlook::Deterioration);
    }

    #[test]
    fn baseline_overrides_earliest_value() {
        let annual = [(2021, 40.0), (2023, 44.0)];
        let a = assess(
            Op::Ge,
            Direction::Higher,
            Some(50.0),
            2025,
            Some((2019, 30.0)),
            &annual,
        );
        assert_eq!(a.base_year, Some(2019));
        assert_ne!(a.ratio, higher_ge_50(&annual).ratio);
        // 30 → 44 over 4 years vs 30 → 50 over 6 years: well on track.
        assert_eq!(a.outlook, Outlook::OnTrack);
    }

    #[test]
    fn baseline_not_before_current_year_falls_back_to_earliest() {
        let annual = [(2021, 40.0), (2023, 44.0)];
        let a = assess(
            Op::Ge,
            Direction::Higher,
            Some(50.0),
            2025,
            Some((2023, 30.0)),
            &annual,
        );
        assert_eq!(a, higher_ge_50(&annual));
        assert_eq!(a.base_year, Some(2021));
    }

    #[test]
    fn gap_year_is_skipped_not_read_as_zero() {
        let with_gap = higher_ge_50(&[(2023, 44.0), (2021, 40.0)]);
        assert_eq!(with_gap.outlook, Outlook::AccelerationNeeded);
        assert_eq!(with_gap.base_year, Some(2021));
        // Unordered input and a NaN placeholder for 2022 give the same result.
        let with_nan = higher_ge_50(&[(2022, f64::NAN), (2023, 44.0), (2021, 40.0)]);
        assert_eq!(with_gap, with_nan);
    }

    #[test]
    fn latest_year_is_current_regardless_of_order() {
        let a = higher_ge_50(&[(2023, 38.0), (2020, 40.0), (2022, 50.0)]);
        assert_eq!(a.outlook, Outlook::Deterioration);
        assert_eq!(a.base_year, Some(2020));
    }

    #[test]
    fn single_year_is_too_few_years() {
        let a = higher_ge_50(&[(2023, 44.0)]);
        assert_eq!(reason(&a), Some(InsufficientReason::TooFewYears));
        assert_eq!(a.base_year, Some(2023));
        assert_eq!(
            reason(&higher_ge_50(&[])),
            Some(InsufficientReason::TooFewYears)
        );
    }

    #[test]
    fn zeros_are_zero_or_negative() {
        let zero_base = higher_ge_50(&[(2021, 0.0), (2023, 10.0)]);
        assert_eq!(reason(&zero_base), Some(InsufficientReason::ZeroOrNegative));
        let zero_current = higher_ge_50(&[(2021, 10.0), (2023, 0.0)]);
        assert_eq!(
            reason(&zero_current),
            Some(InsufficientReason::ZeroOrNegative)
        );
        let sign_change = higher_ge_50(&[(2021, -5.0), (2023, 10.0)]);
        assert_eq!(
            reason(&sign_change),
            Some(InsufficientReason::ZeroOrNegative)
        );
        let zero_target = assess(
            Op::Lt,
            Direction::Lower,
            Some(0.0),
            2025,
            None,
            &[(2021, 3.0), (2023, 2.0)],
        );
        assert_eq!(
            reason(&zero_target),
            Some(InsufficientReason::ZeroOrNegative)
        );
    }

    #[test]
    fn base_equals_target() {
        // Base already at a strict target that the current value misses.
        let a = assess(
            Op::Gt,
            Direction::Higher,
            Some(50.0),
            2025,
            None,
            &[(2021, 50.0), (2023, 49.0)],
        );
        assert_eq!(reason(&a), Some(InsufficientReason::BaseEqualsTarget));
    }

    #[test]
    fn target_year_passed() {
        let a = assess(
            Op::Ge,
            Direction::Higher,
            Some(50.0),
            2021,
            None,
            &[(2021, 40.0), (2023, 44.0)],
        );
        assert_eq!(reason(&a), Some(InsufficientReason::TargetYearPassed));
    }

    #[test]
    fn yes_no_milestones() {
        let yes = assess(Op::Yes, Direction::Higher, None, 2025, None, &[(2023, 1.0)]);
        assert_eq!(yes.outlook, Outlook::TargetAchieved);
        let no = assess(
            Op::Yes,
            Direction::Higher,
            None,
            2025,
            None,
            &[(2021, 0.0), (2023, 0.0)],
        );
        assert_eq!(reason(&no), Some(InsufficientReason::NotARate));
        let latest_counts = assess(
            Op::Yes,
            Direction::Higher,
            None,
            2025,
            None,
            &[(2023, 0.0), (2021, 1.0)],
        );
        assert_eq!(latest_counts.outlook, Outlook::InsufficientData);
    }

    #[test]
    fn missing_numeric_target_is_not_a_rate() {
        let a = assess(
            Op::Ge,
            Direction::Higher,
            None,
            2025,
            None,
            &[(2021, 1.0), (2023, 2.0)],
        );
        assert_eq!(reason(&a), Some(InsufficientReason::NotARate));
    }

    #[test]
    fn lt_30_with_current_exactly_30_is_not_achieved() {
        for current in [30.0, 0.3 * 100.0, 0.1 * 3.0 * 100.0] {
            let a = assess(
                Op::Lt,
                Direction::Lower,
                Some(30.0),
                2025,
                None,
                &[(2021, 36.0), (2023, current)],
            );
            assert_ne!(a.outlook, Outlook::TargetAchieved);
            assert_eq!(a.outlook, Outlook::OnTrack);
        }
    }

    #[test]
    fn wrong_sign_required_rate_still_applies_formula() {
        // Lt 30: base 25 already beyond target, current 30 misses it.
        let a = assess(
            Op::Lt,
            Direction::Lower,
            Some(30.0),
            2025,
            None,
            &[(2021, 25.0), (2023, 30.0)],
        );
        assert!(a.cagr_required.unwrap() > 0.0);
        assert!(a.ratio.unwrap() < 0.0);
        assert_eq!(a.outlook, Outlook::Deterioration);
    }

    #[test]
    fn extreme_values_stay_finite() {
        let a = higher_ge_50(&[(2024, 1e-300), (2025, 49.0)]);
        assert_eq!(a.outlook, Outlook::OnTrack);
        assert!(a.ratio.unwrap().is_finite());
        assert!(a.cagr_observed.unwrap().is_finite());
        let b = assess(
            Op::Ge,
            Direction::Higher,
            Some(1e300),
            2025,
            None,
            &[(2024, 1e-300), (2025, 1e299)],
        );
        assert!(b.ratio.unwrap().is_finite());
        let c = assess(
            Op::Ge,
            Direction::Higher,
            Some(50.0),
            i32::MAX,
            None,
            &[(i32::MIN, 40.0), (i32::MAX - 1, 44.0)],
        );
        assert!(c.ratio.is_none_or(f64::is_finite));
    }

    #[test]
    fn as_str_keys() {
        assert_eq!(Outlook::TargetAchieved.as_str(), "target_achieved");
        assert_eq!(Outlook::OnTrack.as_str(), "on_track");
        assert_eq!(Outlook::AccelerationNeeded.as_str(), "acceleration_needed");
        assert_eq!(Outlook::LimitedProgress.as_str(), "limited_progress");
        assert_eq!(Outlook::Deterioration.as_str(), "deterioration");
        assert_eq!(Outlook::InsufficientData.as_str(), "insufficient_data");
        assert_eq!(InsufficientReason::TooFewYears.as_str(), "too_few_years");
        assert_eq!(
            InsufficientReason::ZeroOrNegative.as_str(),
            "zero_or_negative"
        );
        assert_eq!(
            InsufficientReason::BaseEqualsTarget.as_str(),
            "base_equals_target"
        );
        assert_eq!(
            InsufficientReason::TargetYearPassed.as_str(),
            "target_year_passed"
        );
        assert_eq!(InsufficientReason::NotARate.as_str(), "not_a_rate");
    }

    fn any_op() -> impl Strategy<Value = Op> {
        prop_oneof![
            Just(Op::Ge),
            Just(Op::Gt),
            Just(Op::Le),
            Just(Op::Lt),
            Just(Op::Eq),
            Just(Op::Yes),
        ]
    }

    fn any_direction() -> impl Strategy<Value = Direction> {
        prop_oneof![Just(Direction::Higher), Just(Direction::Lower)]
    }

    fn rank(o: Outlook) -> u8 {
        match o {
            Outlook::Deterioration => 0,
            Outlook::LimitedProgress => 1,
            Outlook::AccelerationNeeded => 2,
            Outlook::OnTrack => 3,
            Outlook::TargetAchieved => 4,
            Outlook::InsufficientData => u8::MAX,
        }
    }

    fn check_invariants(a: &Assessment) -> Result<(), TestCaseError> {
        for x in [a.ratio, a.cagr_observed, a.cagr_required]
            .into_iter()
            .flatten()
        {
            prop_assert!(x.is_finite());
        }
        prop_assert_eq!(a.reason.is_some(), a.outlook == Outlook::InsufficientData);
        match a.ratio {
            Some(r) => prop_assert_eq!(a.outlook, Outlook::from_ratio(r)),
            None => prop_assert!(matches!(
                a.outlook,
                Outlook::TargetAchieved | Outlook::InsufficientData
            )),
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn prop_never_panics_on_arbitrary_input(
            op in any_op(),
            dir in any_direction(),
            target in proptest::option::of(any::<f64>()),
            target_year in any::<i32>(),
            baseline in proptest::option::of((any::<i32>(), any::<f64>())),
            annual in proptest::collection::vec((any::<i32>(), any::<f64>()), 0..6),
        ) {
            let a = assess(op, dir, target, target_year, baseline, &annual);
            check_invariants(&a)?;
        }

        #[test]
        fn prop_finite_positive_inputs_give_nan_free_output(
            op in any_op(),
            dir in any_direction(),
            target in 1e-9f64..1e12,
            target_year in 1990i32..2060,
            baseline in proptest::option::of((1990i32..2030, 1e-9f64..1e12)),
            annual in proptest::collection::vec((1990i32..2030, 1e-9f64..1e12), 0..8),
        ) {
            let a = assess(op, dir, Some(target), target_year, baseline, &annual);
            check_invariants(&a)?;
        }

        #[test]
        fn prop_ratio_monotone_in_current_value(
            base in 1.0f64..1000.0,
            target_factor in 1.01f64..5.0,
            a in 0.01f64..1.0,
            b in 0.01f64..1.0,
            base_year in 2010i32..2022,
            span in 1i32..4,
        ) {
            // Higher is better and current stays below target: a larger
            // current value never lowers the ratio or the category.
            let target = base * target_factor;
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let run = |frac: f64| {
                let current = base * 0.5 + (target - base * 0.5) * frac * 0.99;
                assess(
                    Op::Ge,
                    Direction::Higher,
                    Some(target),
                    2025,
                    None,
                    &[(base_year, base), (base_year + span, current)],
                )
            };
            let (x, y) = (run(lo), run(hi));
            prop_assert!(x.ratio.unwrap() <= y.ratio.unwrap() + 1e-9);
            if x.ratio.unwrap() < y.ratio.unwrap() {
                prop_assert!(rank(x.outlook) <= rank(y.outlook));
            }
        }

        #[test]
        fn prop_lower_ratio_monotone_in_current_value(
            base in 1.0f64..1000.0,
            target_factor in 0.2f64..0.99,
            a in 0.01f64..1.0,
            b in 0.01f64..1.0,
            base_year in 2010i32..2022,
            span in 1i32..4,
        ) {
            // Lower is better and current stays above target: a larger
            // current value never raises the ratio or the category.
            let target = base * target_factor;
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let run = |frac: f64| {
                let current = target * 1.01 + base * frac;
                assess(
                    Op::Le,
                    Direction::Lower,
                    Some(target),
                    2025,
                    None,
                    &[(base_year, base), (base_year + span, current)],
                )
            };
            let (x, y) = (run(lo), run(hi));
            prop_assert!(x.ratio.unwrap() + 1e-9 >= y.ratio.unwrap());
            if x.ratio.unwrap() > y.ratio.unwrap() {
                prop_assert!(rank(x.outlook) >= rank(y.outlook));
            }
        }

        #[test]
        fn prop_achieved_iff_current_meets_target(
            op in any_op(),
            target in 1e-3f64..1e6,
            annual in proptest::collection::vec((2000i32..2025, 1e-3f64..1e6), 1..6),
        ) {
            let a = assess(op, Direction::Higher, Some(target), 2030, None, &annual);
            let current = annual.iter().copied().max_by_key(|&(y, _)| y).unwrap().1;
            prop_assert_eq!(a.outlook == Outlook::TargetAchieved, is_met(op, Some(target), current));
        }
    }
}
