//! Whether an indicator meets its target, how far along it is, and how
//! much is left. Pure arithmetic, so every report and command shares one
//! definition of "met".

pub use super::measure::{Direction, Op};

/// Number of significant decimal digits kept by [`settle`].
const SIGNIFICANT_DIGITS: i32 = 9;

/// Relative tolerance for [`Op::Eq`].
const EQ_TOLERANCE: f64 = 1e-9;

/// Rounds `x` to 9 significant decimal digits (about 1e-9 relative).
///
/// Values reach us through arithmetic such as `0.1 * 3.0 * 100.0`, which
/// yields `30.000000000000004`; without settling, "< 30" would wrongly be
/// met or missed on such a boundary. No plan indicator is stated with more
/// than 9 significant digits, so rounding there only removes binary noise.
/// Zero, non-finite values and values too small to scale are returned as-is.
pub fn settle(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let exponent = x.abs().log10().floor() as i32;
    let shift = SIGNIFICANT_DIGITS - 1 - exponent;
    let settled = if shift >= 0 {
        let scale = 10f64.powi(shift);
        if !scale.is_finite() {
            return x;
        }
        (x * scale).round() / scale
    } else {
        let scale = 10f64.powi(-shift);
        (x / scale).round() * scale
    };
    if settled.is_finite() { settled } else { x }
}

/// Reads a yes/no value: 1.0 is yes, 0.0 is no; anything from 0.5 up counts
/// as yes so that a rounded 0.9999999 is not misread.
fn is_yes(value: f64) -> bool {
    value.is_finite() && value >= 0.5
}

/// Whether `value` meets the target, honouring strictness exactly after
/// [`settle`]-ing both sides.
///
/// `target` is ignored for [`Op::Yes`] and required for every other op; a
/// missing or non-finite target, or a non-finite value, is never met.
pub fn is_met(op: Op, target: Option<f64>, value: f64) -> bool {
    match (op, target) {
        (Op::Yes, _) => is_yes(value),
        (_, None) => false,
        (_, Some(t)) if !t.is_finite() || !value.is_finite() => false,
        (Op::Ge, Some(t)) => settle(value) >= settle(t),
        (Op::Gt, Some(t)) => settle(value) > settle(t),
        (Op::Le, Some(t)) => settle(value) <= settle(t),
        (Op::Lt, Some(t)) => settle(value) < settle(t),
        (Op::Eq, Some(t)) => {
            let t = settle(t);
            (settle(value) - t).abs() <= EQ_TOLERANCE * t.abs().max(1.0)
        }
    }
}

/// How far the value has come towards the target, in percent (100 = at the
/// target), so indicators in different units can be compared.
///
/// * [`Direction::Higher`]: `value / target × 100`; `None` if target <= 0
///   (no meaningful ratio).
/// * [`Direction::Lower`]: `target / value × 100`; `None` if value <= 0
///   (a zero value meets any non-negative lower-is-better target, but its
///   ratio is undefined, so the caller shows "met" without a percentage) or
///   target < 0.
/// * [`Op::Yes`]: 100 for yes, 0 for no.
///
/// The result is not capped at 100 and is never NaN or infinite; a missing
/// target or non-finite input gives `None`.
pub fn attainment_pct(
    op: Op,
    direction: Direction,
    target: Option<f64>,
    value: f64,
) -> Option<f64> {
    if !value.is_finite() {
        return None;
    }
    if op == Op::Yes {
        return Some(if is_yes(value) { 100.0 } else { 0.0 });
    }
    let t = settle(target.filter(|t| t.is_finite())?);
    let v = settle(value);
    let pct = match direction {
        Direction::Higher if t <= 0.0 => return None,
        Direction::Higher => v / t * 100.0,
        Direction::Lower if v <= 0.0 || t < 0.0 => return None,
        Direction::Lower => t / v * 100.0,
    };
    let pct = settle(pct);
    pct.is_finite().then_some(pct)
}

/// Distance to the target in the indicator's own unit (`value − target`),
/// so reports can say "4.1 points short". `None` for [`Op::Yes`], a missing
/// target, or non-finite inputs/result.
pub fn gap(op: Op, target: Option<f64>, value: f64) -> Option<f64> {
    if op == Op::Yes {
        return None;
    }
    let t = target.filter(|t| t.is_finite())?;
    if !value.is_finite() {
        return None;
    }
    let g = settle(settle(value) - settle(t));
    g.is_finite().then_some(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 0.1 · 3 · 100 evaluates to 30.000000000000004 in f64.
    const NOISY_30: f64 = 0.1 * 3.0 * 100.0;
    /// (0.1 + 0.2) / 0.3 · 100 evaluates to 100.00000000000003 in f64.
    const NOISY_100: f64 = (0.1 + 0.2) / 0.3 * 100.0;

    #[test]
    fn settle_removes_binary_noise() {
        // The brief's cases (exact in IEEE 754 already, must stay exact).
        assert_eq!(settle(0.3 * 100.0), 30.0);
        assert_eq!(settle(3.0 / 10.0 * 100.0), 30.0);
        assert_eq!(settle(1.0 / 3.0 * 300.0), 100.0);
        // Genuinely noisy computations of the same quantities.
        assert_eq!(NOISY_30, 30.000000000000004);
        assert_eq!(settle(NOISY_30), 30.0);
        assert_eq!(NOISY_100, 100.00000000000003);
        assert_eq!(settle(NOISY_100), 100.0);
        assert_eq!(settle(44.1 - 40.0), 4.1);
    }

    #[test]
    fn settle_keeps_nine_significant_digits() {
        assert_eq!(settle(123.456789012), 123.456789);
        assert_eq!(settle(-0.000123456789012), -0.000123456789);
        assert_eq!(settle(1.5e12), 1.5e12);
        assert_eq!(settle(0.0), 0.0);
        assert!(settle(f64::NAN).is_nan());
        assert_eq!(settle(f64::INFINITY), f64::INFINITY);
        assert!(settle(f64::MAX).is_finite());
        assert_eq!(settle(-2.5e-310), -2.5e-310);
        assert_eq!(settle(5e-324), 5e-324);
    }

    #[test]
    fn lt_30_not_met_by_exactly_30() {
        assert!(!is_met(Op::Lt, Some(30.0), 30.0));
        assert!(!is_met(Op::Lt, Some(30.0), 0.3 * 100.0));
        assert!(!is_met(Op::Lt, Some(30.0), 3.0 / 10.0 * 100.0));
        assert!(!is_met(Op::Lt, Some(30.0), NOISY_30));
        assert!(is_met(Op::Le, Some(30.0), NOISY_30));
        assert!(!is_met(Op::Gt, Some(30.0), NOISY_30));
        assert!(is_met(Op::Lt, Some(30.0), 29.9));
    }

    #[test]
    fn gt_99_not_met_by_exactly_99() {
        assert!(!is_met(Op::Gt, Some(99.0), 99.0));
        assert!(is_met(Op::Gt, Some(99.0), 99.1));
    }

    #[test]
    fn ge_50_met_by_exactly_50() {
        assert!(is_met(Op::Ge, Some(50.0), 50.0));
        assert!(is_met(Op::Ge, Some(50.0), 0.5 * 100.0));
        assert!(!is_met(Op::Ge, Some(50.0), 49.99));
    }

    #[test]
    fn le_42_met_by_exactly_42() {
        assert!(is_met(Op::Le, Some(42.0), 42.0));
        assert!(!is_met(Op::Le, Some(42.0), 42.01));
    }

    #[test]
    fn ge_100_met_by_one_third_times_300() {
        assert!(is_met(Op::Ge, Some(100.0), 1.0 / 3.0 * 300.0));
        assert!(!is_met(Op::Lt, Some(100.0), 1.0 / 3.0 * 300.0));
        assert!(is_met(Op::Le, Some(100.0), NOISY_100));
        assert!(!is_met(Op::Gt, Some(100.0), NOISY_100));
    }

    #[test]
    fn eq_uses_relative_tolerance() {
        assert!(is_met(Op::Eq, Some(100.0), 100.0));
        assert!(is_met(Op::Eq, Some(100.0), 1.0 / 3.0 * 300.0));
        assert!(is_met(Op::Eq, Some(100.0), NOISY_100));
        assert!(is_met(Op::Eq, Some(NOISY_100), 100.0));
        assert!(!is_met(Op::Eq, Some(100.0), 99.9));
        assert!(is_met(Op::Eq, Some(0.0), 0.0));
        assert!(!is_met(Op::Eq, Some(0.0), 1e-6));
    }

    #[test]
    fn yes_ignores_target() {
        assert!(is_met(Op::Yes, None, 1.0));
        assert!(!is_met(Op::Yes, None, 0.0));
        assert!(is_met(Op::Yes, Some(0.0), 1.0));
        assert!(!is_met(Op::Yes, None, f64::NAN));
    }

    #[test]
    fn missing_target_or_nan_is_never_met() {
        assert!(!is_met(Op::Ge, None, 50.0));
        assert!(!is_met(Op::Ge, Some(50.0), f64::NAN));
        assert!(!is_met(Op::Le, Some(f64::NAN), 1.0));
    }

    #[test]
    fn attainment_higher_is_value_over_target() {
        assert_eq!(
            attainment_pct(Op::Ge, Direction::Higher, Some(50.0), 40.0),
            Some(80.0)
        );
        assert_eq!(
            attainment_pct(Op::Ge, Direction::Higher, Some(30.0), NOISY_30),
            Some(100.0)
        );
        assert_eq!(
            attainment_pct(Op::Le, Direction::Lower, Some(NOISY_30), 30.0),
            Some(100.0)
        );
    }

    #[test]
    fn attainment_lower_is_target_over_value() {
        assert_eq!(
            attainment_pct(Op::Le, Direction::Lower, Some(42.0), 84.0),
            Some(50.0)
        );
        assert_eq!(
            attainment_pct(Op::Lt, Direction::Lower, Some(10.0), 8.0),
            Some(125.0)
        );
    }

    #[test]
    fn attainment_lower_with_zero_value_is_none_but_met() {
        assert_eq!(
            attainment_pct(Op::Le, Direction::Lower, Some(5.0), 0.0),
            None
        );
        assert!(is_met(Op::Le, Some(5.0), 0.0));
        assert_eq!(
            attainment_pct(Op::Le, Direction::Lower, Some(0.0), 0.0),
            None
        );
        assert_eq!(
            attainment_pct(Op::Le, Direction::Lower, Some(0.0), 5.0),
            Some(0.0)
        );
    }

    #[test]
    fn attainment_higher_with_zero_target_is_none() {
        assert_eq!(
            attainment_pct(Op::Ge, Direction::Higher, Some(0.0), 3.0),
            None
        );
    }

    #[test]
    fn attainment_yes_no() {
        assert_eq!(
            attainment_pct(Op::Yes, Direction::Higher, None, 1.0),
            Some(100.0)
        );
        assert_eq!(
            attainment_pct(Op::Yes, Direction::Higher, None, 0.0),
            Some(0.0)
        );
    }

    #[test]
    fn attainment_rejects_missing_or_nonfinite() {
        assert_eq!(attainment_pct(Op::Ge, Direction::Higher, None, 3.0), None);
        assert_eq!(
            attainment_pct(Op::Ge, Direction::Higher, Some(50.0), f64::NAN),
            None
        );
        assert_eq!(
            attainment_pct(Op::Ge, Direction::Higher, Some(1e-300), 1e300),
            None
        );
    }

    #[test]
    fn gap_is_value_minus_target() {
        assert_eq!(gap(Op::Ge, Some(50.0), 44.0), Some(-6.0));
        assert_eq!(gap(Op::Le, Some(40.0), 44.1), Some(4.1));
        assert_eq!(gap(Op::Lt, Some(30.0), NOISY_30), Some(0.0));
        assert_eq!(gap(Op::Yes, None, 1.0), None);
        assert_eq!(gap(Op::Ge, None, 1.0), None);
        assert_eq!(gap(Op::Ge, Some(f64::MAX), -f64::MAX), None);
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

    proptest! {
        #[test]
        fn prop_never_panics_and_never_nan(
            op in any_op(),
            dir in any_direction(),
            target in proptest::option::of(any::<f64>()),
            value in any::<f64>(),
        ) {
            let _ = is_met(op, target, value);
            if let Some(p) = attainment_pct(op, dir, target, value) {
                prop_assert!(p.is_finite());
            }
            if let Some(g) = gap(op, target, value) {
                prop_assert!(g.is_finite());
            }
        }

        #[test]
        fn prop_positive_inputs_give_finite_results(
            op in any_op(),
            dir in any_direction(),
            target in 1e-6f64..1e9,
            value in 1e-6f64..1e9,
        ) {
            let pct = attainment_pct(op, dir, Some(target), value);
            prop_assert!(pct.is_some_and(f64::is_finite));
            let g = gap(op, Some(target), value);
            prop_assert_eq!(g.is_some(), op != Op::Yes);
            prop_assert!(g.is_none_or(f64::is_finite));
        }

        #[test]
        fn prop_settle_is_close(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
            let s = settle(x);
            prop_assert!(s.is_finite());
            prop_assert!((s - x).abs() <= 1e-8 * x.abs());
        }

        #[test]
        fn prop_settle_is_monotone(a in -1e12f64..1e12, b in -1e12f64..1e12) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(settle(lo) <= settle(hi));
        }

        #[test]
        fn prop_met_is_monotone_in_value(
            target in -1e6f64..1e6,
            a in -1e6f64..1e6,
            b in -1e6f64..1e6,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            for op in [Op::Ge, Op::Gt] {
                prop_assert!(!is_met(op, Some(target), lo) || is_met(op, Some(target), hi));
            }
            for op in [Op::Le, Op::Lt] {
                prop_assert!(!is_met(op, Some(target), hi) || is_met(op, Some(target), lo));
            }
            prop_assert!(!is_met(Op::Gt, Some(target), lo) || is_met(Op::Ge, Some(target), lo));
            prop_assert!(!is_met(Op::Lt, Some(target), lo) || is_met(Op::Le, Some(target), lo));
        }

        #[test]
        fn prop_attainment_is_monotone_in_value(
            target in 1e-3f64..1e6,
            a in 1e-3f64..1e6,
            b in 1e-3f64..1e6,
        ) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            let h = |v| attainment_pct(Op::Ge, Direction::Higher, Some(target), v).unwrap();
            let l = |v| attainment_pct(Op::Le, Direction::Lower, Some(target), v).unwrap();
            prop_assert!(h(lo) <= h(hi));
            prop_assert!(l(lo) >= l(hi));
        }

        #[test]
        fn prop_met_iff_attainment_reaches_100_for_ge_and_le(
            target in 1e-3f64..1e6,
            value in 1e-3f64..1e6,
        ) {
            let h = attainment_pct(Op::Ge, Direction::Higher, Some(target), value).unwrap();
            prop_assert_eq!(is_met(Op::Ge, Some(target), value), h >= 100.0);
            let l = attainment_pct(Op::Le, Direction::Lower, Some(target), value).unwrap();
            prop_assert_eq!(is_met(Op::Le, Some(target), value), l >= 100.0);
        }
    }
}
