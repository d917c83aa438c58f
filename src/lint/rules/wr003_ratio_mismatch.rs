//! WR003 ratio-mismatch.

use rust_decimal::Decimal;

use crate::config::RuleLevel;
use crate::lint::{Emitter, LintInput, Rule};
use crate::model::Num;

/// See [`Rule::docs`].
pub static RULE: Rule = Rule {
    id: "WR003",
    name: "ratio-mismatch",
    summary: "a stated rate that disagrees with the counts beside it",
    default_level: RuleLevel::Warning,
    docs: include_str!("wr003_ratio_mismatch.md").trim_ascii_end(),
    diagnostics: &[],
    check,
};

fn check(input: &LintInput<'_>, out: &mut Emitter) {
    for m in &input.note.metrics {
        let Some(basis) = m.basis else { continue };
        if basis.total.0.is_zero() {
            continue;
        }
        let scale = m.value.0.scale();
        let exact = basis.part.0 / basis.total.0 * Decimal::ONE_HUNDRED;
        let rounded = exact.round_dp(scale);
        let unit = Decimal::new(1, scale);
        if (rounded - m.value.0).abs() > unit {
            out.emit(
                m.span,
                format!(
                    "stated {}% but {}/{} is {}%",
                    m.value,
                    basis.part,
                    basis.total,
                    Num(rounded.normalize())
                ),
                Some(format!(
                    "write {}% or correct the counts",
                    Num(rounded.normalize())
                )),
            );
        }
    }
}
