//! Axes with round numbers: ends and ticks on steps of 1, 2 or 5 × 10ⁿ, computed in exact
//! decimals so that a tick reads `99.95`, never `99.95000000000001`, on every machine.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// An axis from `min` to `max` with a tick every `step`; both ends are ticks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    /// The bottom end.
    pub min: Decimal,
    /// The top end.
    pub max: Decimal,
    /// The distance between ticks: 1, 2 or 5 × 10ⁿ.
    pub step: Decimal,
}

/// `10ⁿ` as a decimal, for `n` within what a decimal holds.
fn pow10(n: i32) -> Option<Decimal> {
    if n >= 0 {
        (0..n).try_fold(Decimal::ONE, |v, _| v.checked_mul(Decimal::TEN))
    } else {
        let scale = n.unsigned_abs();
        (scale <= 28).then(|| Decimal::new(1, scale))
    }
}

impl Axis {
    /// The axis with the smallest round step that covers `lo..=hi` in at most `max_steps` steps,
    /// kept within `bounds` (a percentage's 0–100). A single value gets the step of five in its
    /// last written digit on either side (`99.97` → 99.95–100).
    pub fn nice(
        lo: Decimal,
        hi: Decimal,
        max_steps: u32,
        bounds: Option<(Decimal, Decimal)>,
    ) -> Axis {
        let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        let axis = if lo == hi {
            Self::around(lo)
        } else {
            Self::covering(lo, hi, max_steps.max(1))
        };
        // Values too large for a round step (near the limits of a decimal) keep their own ends.
        let axis = axis.unwrap_or_else(|| Axis {
            min: lo,
            max: hi,
            step: hi
                .checked_sub(lo)
                .filter(|s| !s.is_zero())
                .unwrap_or(Decimal::ONE),
        });
        match bounds {
            Some((floor, ceiling)) if floor < ceiling => {
                let min = axis.min.max(floor).min(lo);
                let max = axis.max.min(ceiling).max(hi);
                Axis {
                    min,
                    max: if max > min {
                        max
                    } else {
                        min.checked_add(axis.step).unwrap_or(max)
                    },
                    step: axis.step,
                }
            }
            _ => axis,
        }
    }

    /// An axis around one value.
    fn around(v: Decimal) -> Option<Axis> {
        let step = Decimal::new(5, v.normalize().scale());
        let (min, max) = Self::ends(v, v, step)?;
        Some(if min == max {
            Axis {
                min: min.checked_sub(step)?,
                max: max.checked_add(step)?,
                step,
            }
        } else {
            Axis { min, max, step }
        })
    }

    /// The multiples of `step` at or below `lo` and at or above `hi`.
    fn ends(lo: Decimal, hi: Decimal, step: Decimal) -> Option<(Decimal, Decimal)> {
        let min = lo.checked_div(step)?.floor().checked_mul(step)?;
        let max = hi.checked_div(step)?.ceil().checked_mul(step)?;
        Some((min, max))
    }

    /// The smallest 1-2-5 step covering `lo..hi` (`lo < hi`) in at most `max_steps` steps.
    fn covering(lo: Decimal, hi: Decimal, max_steps: u32) -> Option<Axis> {
        let steps = Decimal::from(max_steps);
        let raw = hi.checked_sub(lo)?.checked_div(steps)?.to_f64()?;
        if !(raw.is_finite() && raw > 0.0) {
            return None;
        }
        // Within ±40 for any decimal's span: the cast cannot saturate.
        let exponent = raw.log10().floor() as i32;
        (exponent - 1..=exponent + 2)
            .filter_map(pow10)
            .flat_map(|unit| [1, 2, 5].map(|m| unit.checked_mul(Decimal::from(m))))
            .flatten()
            .find_map(|step| {
                let (min, max) = Self::ends(lo, hi, step)?;
                (max.checked_sub(min)?.checked_div(step)? <= steps).then_some(Axis {
                    min,
                    max,
                    step,
                })
            })
    }

    /// The distance from end to end (the largest decimal when it is larger).
    pub fn span(&self) -> Decimal {
        self.max.checked_sub(self.min).unwrap_or(Decimal::MAX)
    }

    /// The ticks from `min` to `max`: the multiples of `step` between them, and both ends.
    pub fn ticks(&self) -> Vec<Decimal> {
        let mut out = vec![self.min];
        let mut next = self
            .min
            .checked_div(self.step)
            .and_then(|q| q.floor().checked_mul(self.step))
            .and_then(|v| v.checked_add(self.step));
        while let Some(v) = next.filter(|v| *v < self.max && out.len() < 64) {
            out.push(v);
            next = v.checked_add(self.step);
        }
        if self.max > self.min {
            out.push(self.max);
        }
        out
    }

    /// Whether `v` lies on the axis.
    pub fn contains(&self, v: Decimal) -> bool {
        self.min <= v && v <= self.max
    }

    /// Where `v` lies: 0 at `min`, 1 at `max`.
    pub fn fraction(&self, v: Decimal) -> f64 {
        let (Some(part), Some(span)) = (v.checked_sub(self.min), self.max.checked_sub(self.min))
        else {
            // Ends too far apart for a decimal: place it with floating point.
            let (v, min, max) = (v.to_f64(), self.min.to_f64(), self.max.to_f64());
            return match (v, min, max) {
                (Some(v), Some(min), Some(max)) if max > min => (v - min) / (max - min),
                _ => 0.5,
            };
        };
        if span.is_zero() {
            return 0.5;
        }
        part.checked_div(span)
            .and_then(|f| f.to_f64())
            .unwrap_or(0.5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn ticks(lo: &str, hi: &str, steps: u32) -> Vec<String> {
        Axis::nice(d(lo), d(hi), steps, None)
            .ticks()
            .iter()
            .map(|t| t.normalize().to_string())
            .collect()
    }

    #[test]
    fn ticks_are_even_steps_of_one_two_or_five() {
        // The old axis of the examples: 98.98, 99.2, … were uneven.
        assert_eq!(ticks("98.98", "100", 5), ["98.5", "99", "99.5", "100"]);
        assert_eq!(
            ticks("99.95", "99.99", 5),
            ["99.95", "99.96", "99.97", "99.98", "99.99"]
        );
        assert_eq!(
            ticks("99", "99.21", 5),
            ["99", "99.05", "99.1", "99.15", "99.2", "99.25"]
        );
        assert_eq!(ticks("15", "50", 5), ["10", "20", "30", "40", "50"]);
        assert_eq!(ticks("0", "340", 4), ["0", "100", "200", "300", "400"]);
        assert_eq!(
            ticks("99.995", "99.998", 5),
            ["99.995", "99.996", "99.997", "99.998"]
        );
    }

    #[test]
    fn a_single_value_gets_five_of_its_last_digit_around_it() {
        assert_eq!(ticks("98.8", "98.8", 5), ["98.5", "99"]);
        assert_eq!(ticks("150", "150", 5), ["145", "150", "155"]);
        assert_eq!(ticks("0", "0", 5), ["-5", "0", "5"]);
    }

    #[test]
    fn a_percentage_stays_within_0_and_100() {
        let pct = Some((Decimal::ZERO, Decimal::ONE_HUNDRED));
        let a = Axis::nice(d("100"), d("100"), 5, pct);
        assert_eq!((a.min, a.max), (d("95"), d("100")));
        let a = Axis::nice(d("0"), d("3"), 5, pct);
        assert_eq!(a.min, d("0"));
    }

    #[test]
    fn extreme_values_give_an_axis_without_panicking() {
        let huge = Decimal::MAX;
        let a = Axis::nice(huge - Decimal::ONE, huge, 5, None);
        assert!(a.max >= a.min);
        let a = Axis::nice(Decimal::MIN, Decimal::MAX, 5, None);
        assert!(a.max >= a.min);
        assert!(a.ticks().len() <= 65);
    }

    #[test]
    fn fractions_place_values_on_the_axis() {
        let a = Axis::nice(d("99.95"), d("99.99"), 5, None);
        assert_eq!(a.fraction(d("99.97")), 0.5);
        assert!(a.contains(d("99.95")) && !a.contains(d("99.949")));
    }
}
