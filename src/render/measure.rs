//! How wide text is drawn, without a font at hand: the charts lay out their labels with these
//! widths, and the HTML template uses them to decide which free text to fold.
//!
//! The page names the system fonts (system-ui, then the common CJK fonts); none is available
//! when the report is written. Latin is measured with the advance widths of DejaVu Sans, the
//! default sans font of most Linux systems and the one Chromium draws `system-ui` with there: it
//! is wider than Arial and Helvetica (whose metrics Liberation Sans shares), and as a rule than
//! Segoe UI and San Francisco, so a label that fits with these widths fits with those fonts.
//! CJK ideographs, kana, Hangul and full-width forms are one em wide in every CJK font. The
//! browser test checks the result with real bounding boxes.

/// Advance widths of `' '..='~'` in DejaVu Sans (Book), in thousandths of an em.
const REGULAR: [u16; 95] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];

/// The same in DejaVu Sans Bold.
const BOLD: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
];

/// Whether text is set in the regular or the bold weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Regular.
    Regular,
    /// Bold (600 and above).
    Bold,
}

/// The advance of one character in thousandths of an em.
fn advance(c: char, weight: Weight) -> u32 {
    let table = match weight {
        Weight::Regular => &REGULAR,
        Weight::Bold => &BOLD,
    };
    let u = c as u32;
    match u {
        0x20..=0x7e => u32::from(table[(u - 0x20) as usize]),
        // Controls, combining marks, zero-width spaces and joiners, variation selectors.
        0x00..=0x1f | 0x7f..=0x9f | 0x300..=0x36f | 0x200b..=0x200f | 0xfe00..=0xfe0f => 0,
        // Wide: Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK compatibility, vertical
        // and small forms, full-width forms and signs, and the supplementary ideographs.
        0x1100..=0x115f
        | 0x2e80..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x20000..=0x3fffd => 1000,
        // Emoji and pictographs are drawn wider than an em.
        0x1f000..=0x1faff => 1250,
        // Dashes, quotes, bullets, the ellipsis: as DejaVu draws them.
        0x2013 => 500,
        0x2014 | 0x2026 => 1000,
        0x2018..=0x201f => 318,
        0xb7 | 0x2022 => 318,
        // Arrows, mathematical operators, ticks and crosses (→ ≥ ≤ − × ✓ ✗): 838.
        0x2190..=0x22ff | 0xd7 | 0xb1 | 0x2713 | 0x2717 => 838,
        // Geometric shapes (◆ ▼ ▲ ▸) and the other symbols (⚠).
        0x25a0..=0x25ff => 770,
        0x2600..=0x27bf => 900,
        // Latin, Greek and Cyrillic letters and the rest: about the widest Latin capitals.
        _ => 780,
    }
}

/// The width of `text` drawn at `size` pixels, in pixels.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    let milli: u32 = text.chars().map(|c| advance(c, weight)).sum();
    f64::from(milli) * size / 1000.0
}

/// The width of `text` in ems of the page's regular text.
pub fn ems(text: &str) -> f64 {
    width(text, 1.0, Weight::Regular)
}

/// Whether a line may not break between `a` and `b`: inside a run of Latin letters, digits
/// and their punctuation (`showcase`, `3.0`, `v2`), as a browser keeps a word whole.
fn joined(a: char, b: char) -> bool {
    let word = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-' | '_' | '%' | '/' | '(' | ')')
    };
    word(a) && word(b)
}

/// `text` broken into at most `lines` lines no wider than `max` pixels: at a space, between two
/// CJK characters or where CJK meets Latin, never inside a Latin word or number (unless the
/// word alone is wider than a line). When it does not fit in `lines`, the last line ends with
/// an ellipsis. Returns the lines and whether text was cut.
pub fn wrap(text: &str, size: f64, weight: Weight, max: f64, lines: usize) -> (Vec<String>, bool) {
    let fits = |s: &str| width(s, size, weight) <= max;
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.trim();
    // Where the last line began, for cutting it when the text does not fit.
    let mut last_start = rest;
    while !rest.is_empty() && out.len() < lines {
        last_start = rest;
        if fits(rest) {
            out.push(rest.to_string());
            return (out, false);
        }
        // The longest prefix that fits; at least one character per line.
        let mut end = 0;
        let mut used = 0.0;
        for (i, c) in rest.char_indices() {
            used += f64::from(advance(c, weight)) * size / 1000.0;
            if used > max {
                break;
            }
            end = i + c.len_utf8();
        }
        if end == 0 {
            end = rest.chars().next().map_or(0, char::len_utf8);
        }
        // The last place in it where the line may break.
        let cut = rest
            .char_indices()
            .map(|(i, _)| i)
            .take_while(|&i| i <= end)
            .filter(|&i| {
                let before = rest[..i].chars().next_back();
                let after = rest[i..].chars().next();
                matches!((before, after), (Some(a), Some(b)) if a == ' ' || b == ' ' || !joined(a, b))
            })
            .last()
            .unwrap_or(end);
        out.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if rest.is_empty() {
        return (out, false);
    }
    // Too long: the last line keeps what fits of the rest before an ellipsis.
    out.pop();
    let mut kept = last_start.to_string();
    while !kept.is_empty() && !fits(&format!("{}…", kept.trim_end())) {
        kept.pop();
    }
    out.push(format!("{}…", kept.trim_end()));
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_is_measured_per_glyph_and_cjk_at_one_em() {
        // DejaVu Sans at 12 px: "W27" is 989 + 636 + 636 thousandths of an em.
        assert!((width("W27", 12.0, Weight::Regular) - 27.132).abs() < 1e-9);
        assert!(width("W27", 12.0, Weight::Bold) > width("W27", 12.0, Weight::Regular));
        assert_eq!(width("小贝帮帮项目", 12.0, Weight::Regular), 72.0);
        assert_eq!(width("％，（", 10.0, Weight::Regular), 30.0);
        // An "i" is narrower than an "m": widths are not a count of characters.
        assert!(width("iiii", 12.0, Weight::Regular) < width("mm", 12.0, Weight::Regular));
        assert_eq!(width("e\u{301}", 10.0, Weight::Regular), 6.15);
    }

    #[test]
    fn wrapping_breaks_at_spaces_then_anywhere_and_cuts_last() {
        let (lines, cut) = wrap(
            "Merchant onboarding revamp",
            12.0,
            Weight::Regular,
            130.0,
            2,
        );
        assert_eq!(lines, ["Merchant onboarding", "revamp"]);
        assert!(!cut);
        let (lines, cut) = wrap(
            "拉卡拉开发平台3.0支付宝APP花呗",
            12.0,
            Weight::Regular,
            120.0,
            2,
        );
        assert_eq!(lines, ["拉卡拉开发平台3.0支", "付宝APP花呗"]);
        assert!(!cut);
        // Never inside `3.0` or `showcase`: before them, where CJK meets Latin.
        let (lines, _) = wrap(
            "拉卡拉开发平台3.0支付宝APP花呗",
            12.0,
            Weight::Regular,
            100.0,
            2,
        );
        assert_eq!(lines[0], "拉卡拉开发平台");
        let (lines, cut) = wrap("入网流程优化showcase", 12.0, Weight::Regular, 100.0, 2);
        assert_eq!(
            (lines, cut),
            (
                vec!["入网流程优化".to_string(), "showcase".to_string()],
                false
            )
        );
        // A word wider than a line is broken where it must be.
        let (lines, _) = wrap("Supercalifragilistic", 12.0, Weight::Regular, 60.0, 3);
        assert!(
            lines
                .iter()
                .all(|l| width(l, 12.0, Weight::Regular) <= 60.0),
            "{lines:?}"
        );
        for line in &lines {
            assert!(width(line, 12.0, Weight::Regular) <= 120.0);
        }
        let (lines, cut) = wrap(
            "支付系统数据分类分级打标治理项目二期与三期合并推进",
            12.0,
            Weight::Regular,
            96.0,
            2,
        );
        assert!(cut);
        assert_eq!(lines, ["支付系统数据分类", "分级打标治理项…"]);
        assert!(lines
            .iter()
            .all(|l| width(l, 12.0, Weight::Regular) <= 96.0));
        assert_eq!(
            wrap("短", 12.0, Weight::Regular, 96.0, 2),
            (vec!["短".into()], false)
        );
    }
}
