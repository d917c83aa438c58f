//! The lexer against `fixtures/lexer_cases.yaml`: lines from notes in many styles, each with
//! every value a careful reader sees on it, written by hand before the lexer existed.
//!
//! A case passes when every expected token is found with its value, no token contradicts one
//! (a different value where a reader wrote one down), and no token covers a `must_not` trap
//! (`P99` is no grade, `v2.3.1` no number). Tokens the reader did not list and that overlap
//! nothing they listed are counted as extras and printed, not failed: the file lists values,
//! not every number (`Q3` may still be lexed as a number the builders never use).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use weekly_report::config::{Config, Lexicon};
use weekly_report::extract::lexer::{tokens_of_markdown, Day, Kind, Placed, Quantity, Token};

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/lexer_cases.yaml"
    ))
    .expect("the cases file is readable");
    serde_saphyr::from_str(&text).expect("the cases file is valid YAML")
}

/// A token as the cases file writes it: its kind and its fields as strings.
type Written = (String, BTreeMap<String, String>);

fn quantity_fields(lexicon: &Lexicon, q: &Quantity) -> (String, BTreeMap<String, String>) {
    let unit = q.unit.map(|u| lexicon.unit_name(u).to_string());
    let mut f = BTreeMap::new();
    f.insert("value".into(), q.value.to_string());
    if q.approximate {
        f.insert("approximate".into(), "true".into());
    }
    let kind = match unit.as_deref() {
        Some("%") => "percent",
        Some(u) => {
            f.insert("unit".into(), u.to_string());
            "quantity"
        }
        None => "number",
    };
    (kind.into(), f)
}

fn date_of(d: &weekly_report::extract::DateToken, today: NaiveDate) -> String {
    d.resolve(Some(today))
        .map(|d| d.to_string())
        .unwrap_or_else(|e| format!("invalid {}", e.written))
}

fn weekday_of(today: NaiveDate, shift: i32, day: u32) -> NaiveDate {
    let monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    monday + chrono::Duration::days(i64::from(shift) * 7 + i64::from(day) - 1)
}

fn hhmm(h: u32, m: u32) -> String {
    format!("{h:02}:{m:02}")
}

/// What the tool's token says, in the file's terms.
fn written(lexicon: &Lexicon, p: &Placed, today: NaiveDate) -> Vec<Written> {
    let line = p.line.as_str();
    let mut f = BTreeMap::new();
    let kind = match &p.token.kind {
        // A dot date (`6.20`) may be what a reader meant as a date where a builder expects one.
        Kind::Number(q) => {
            let mut readings = vec![quantity_fields(lexicon, q)];
            if let Some(d) = &q.dot_date {
                readings.push((
                    "date".into(),
                    BTreeMap::from([("date".into(), date_of(d, today))]),
                ));
            }
            return readings;
        }
        Kind::Delta(q) => return vec![quantity_fields(lexicon, q)],
        Kind::Between(a, b) => {
            f.insert("low".into(), a.value.to_string());
            f.insert("high".into(), b.value.to_string());
            if let Some(u) = b.unit {
                f.insert("unit".into(), lexicon.unit_name(u).to_string());
            }
            "range"
        }
        Kind::Duration(d) => {
            let mut readings = Vec::new();
            // `1.2s` latency: a reader may write it as a quantity.
            if let Some((value, unit)) = d.single {
                let mut q = BTreeMap::new();
                q.insert("value".into(), value.to_string());
                q.insert("unit".into(), lexicon.unit_name(unit).to_string());
                readings.push(("quantity".into(), q));
            }
            let minutes = d.seconds.0 / rust_decimal::Decimal::from(60);
            if minutes.fract().is_zero() {
                f.insert("minutes".into(), minutes.normalize().to_string());
            } else {
                f.insert("seconds".into(), d.seconds.to_string());
            }
            if d.approximate {
                f.insert("approximate".into(), "true".into());
            }
            readings.push(("duration".into(), f));
            return readings;
        }
        Kind::Date(d) => {
            f.insert("date".into(), date_of(d, today));
            "date"
        }
        Kind::DateRange(a, b) => {
            f.insert("start".into(), date_of(a, today));
            f.insert("end".into(), date_of(b, today));
            "date_range"
        }
        Kind::Week(w) => {
            if let Some(y) = w.year {
                f.insert("year".into(), y.to_string());
            }
            f.insert("number".into(), w.number.to_string());
            "week"
        }
        Kind::Weekday { shift, day } => {
            f.insert("date".into(), weekday_of(today, *shift, *day).to_string());
            "date"
        }
        Kind::Time(date, c) => {
            if let Some(z) = c.zone {
                f.insert("timezone".into(), line[z.0..z.1].to_string());
            }
            match date {
                Some(d) => {
                    let day = match d {
                        Day::Date(d) => date_of(d, today),
                        Day::Weekday { shift, day } => weekday_of(today, *shift, *day).to_string(),
                    };
                    f.insert("at".into(), format!("{day}T{}", hhmm(c.hour, c.minute)));
                    "datetime"
                }
                None => {
                    f.insert("time".into(), hhmm(c.hour, c.minute));
                    if c.next_day {
                        f.insert("day_offset".into(), "1".into());
                    }
                    "time"
                }
            }
        }
        Kind::TimeRange(date, a, b) => {
            let mut readings = Vec::new();
            let day = match date {
                Some(Day::Date(d)) => Some(date_of(d, today)),
                Some(Day::Weekday { shift, day }) => {
                    Some(weekday_of(today, *shift, *day).to_string())
                }
                None => None,
            };
            if let Some(d) = day {
                readings.push(("date".into(), BTreeMap::from([("date".into(), d)])));
            }
            f.insert("start".into(), hhmm(a.hour, a.minute));
            f.insert("end".into(), hhmm(b.hour, b.minute));
            if b.next_day {
                f.insert("day_offset".into(), "1".into());
            }
            if let Some(z) = b.zone.or(a.zone) {
                f.insert("timezone".into(), line[z.0..z.1].to_string());
            }
            readings.push(("time_range".into(), f));
            return readings;
        }
        Kind::GradeCount { grade, count } => {
            f.insert("grade".into(), grade_name(&line[grade.clone()]));
            f.insert("count".into(), count.to_string());
            "grade_count"
        }
        Kind::Grade { .. } => {
            f.insert("grade".into(), grade_name(&line[p.token.range.clone()]));
            "grade"
        }
        Kind::Change { from, to } => {
            f.insert("from".into(), from.value.to_string());
            f.insert("to".into(), to.value.to_string());
            "change"
        }
        Kind::Previous(k) => {
            match &**k {
                Kind::Number(q) => f.insert("previous".into(), q.value.to_string()),
                Kind::Duration(d) => f.insert(
                    "previous".into(),
                    d.single
                        .map_or(d.seconds.to_string(), |(v, _)| v.to_string()),
                ),
                Kind::Date(d) => {
                    // `原计划 6月14日`: a reader may write the date alone.
                    let date = date_of(d, today);
                    f.insert("previous".into(), date.clone());
                    return vec![
                        ("change".into(), f),
                        ("date".into(), BTreeMap::from([("date".into(), date)])),
                    ];
                }
                _ => None,
            };
            "change"
        }
        Kind::Ratio { part, total } => {
            f.insert("part".into(), part.to_string());
            f.insert("total".into(), total.to_string());
            "ratio"
        }
        Kind::Owner { name } => {
            f.insert("name".into(), line[name.clone()].to_string());
            "owner"
        }
        Kind::Tag => {
            f.insert(
                "tag".into(),
                line[p.token.range.clone()]
                    .trim_start_matches('#')
                    .to_string(),
            );
            "tag"
        }
        Kind::Id => "id",
        Kind::Task(field, date) => {
            use weekly_report::config::TaskField as T;
            let (name, priority) = match field {
                T::Due => ("due", None),
                T::Scheduled => ("scheduled", None),
                T::Start => ("start", None),
                T::Done => ("done", None),
                T::Created => ("created", None),
                T::Cancelled => ("cancelled", None),
                T::PriorityHighest => ("priority", Some("highest")),
                T::PriorityHigh => ("priority", Some("high")),
                T::PriorityMedium => ("priority", Some("medium")),
                T::PriorityLow => ("priority", Some("low")),
                T::PriorityLowest => ("priority", Some("lowest")),
            };
            f.insert("field".into(), name.into());
            if let Some(p) = priority {
                f.insert("priority".into(), p.into());
            }
            if let Some(d) = date {
                f.insert("date".into(), date_of(d, today));
            }
            "task"
        }
        Kind::Field { key, value, inner } => {
            let key = line[key.clone()].to_lowercase();
            let value = line[value.clone()].trim().to_string();
            match inner.as_slice() {
                [Token {
                    kind: Kind::Date(d),
                    ..
                }] => {
                    f.insert("date".into(), date_of(d, today));
                }
                _ if key == "priority" => {
                    f.insert("priority".into(), value.clone());
                }
                _ => {}
            }
            f.insert("field".into(), key);
            f.insert("value".into(), value);
            "task"
        }
        Kind::Word(_) => return vec![],
    };
    vec![(kind.into(), f)]
}

fn grade_name(written: &str) -> String {
    let g: String = written
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect::<String>()
        .to_uppercase();
    // `AB级` is grade AB; `一级` is grade 一级.
    let bare = g.trim_end_matches('级').trim_end_matches('类');
    let g = if bare.is_ascii() {
        bare.to_string()
    } else {
        g.clone()
    };
    match g.strip_suffix('S') {
        Some(base) if base.chars().last().is_some_and(|c| c.is_ascii_digit()) => base.to_string(),
        _ => g,
    }
}

fn fields_of(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .expect("a token is a mapping")
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "kind" | "text" | "op"))
        .map(|(k, v)| {
            let s = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), s)
        })
        .collect()
}

/// A reader's field against the tool's: the tool may say more (a time zone, a flag).
fn agrees(expected: &BTreeMap<String, String>, got: &BTreeMap<String, String>) -> bool {
    expected.iter().all(|(k, v)| {
        let g = got.get(k);
        match k.as_str() {
            // A flag the reader left out is not a contradiction.
            "approximate" => g.map_or(v == "false", |g| g == v),
            _ => g.is_some_and(|g| numbers_equal(g, v) || g == v),
        }
    })
}

fn numbers_equal(a: &str, b: &str) -> bool {
    match (
        a.parse::<rust_decimal::Decimal>(),
        b.parse::<rust_decimal::Decimal>(),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[derive(Default)]
struct Tally {
    expected: usize,
    found: usize,
    wrong: Vec<String>,
    missed: Vec<String>,
    traps: Vec<String>,
    extras: Vec<String>,
}

#[test]
fn the_lexer_reads_every_value_a_reader_wrote_down() {
    let config = Config::builtin();
    let lexicon = config.vocabulary.lexicon();
    let mut tally = Tally::default();
    for case in cases() {
        let line = case["line"].as_str().expect("a case has a line");
        let today: NaiveDate = case["today"]
            .as_str()
            .expect("a case has a date")
            .parse()
            .expect("today is a date");
        let placed = tokens_of_markdown(lexicon, line);
        // Every reading of every token, with the token it came from.
        let mut owner_of = Vec::new();
        let got: Vec<(String, Written)> = placed
            .iter()
            .enumerate()
            .flat_map(|(n, p)| {
                let text = line[p.span.start..p.span.end].to_string();
                let readings = written(lexicon, p, today);
                owner_of.extend(std::iter::repeat_n(n, readings.len()));
                readings.into_iter().map(move |w| (text.clone(), w))
            })
            .collect();
        // Comparators are words, and checkboxes are Markdown: neither is a token here.
        let expected: Vec<&Value> = case["tokens"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let mut matched = vec![false; got.len()];
        for e in &expected {
            let kind = e["kind"].as_str().expect("a token has a kind");
            if matches!(kind, "checkbox" | "comparator") {
                continue;
            }
            let text = e["text"].as_str().expect("a token has a text");
            tally.expected += 1;
            let want = fields_of(e);
            let overlapping: Vec<usize> = got
                .iter()
                .enumerate()
                .filter(|(_, (t, _))| t.contains(text) || text.contains(t.as_str()))
                .map(|(i, _)| i)
                .collect();
            let hit = overlapping.iter().copied().find(|&i| {
                let (_, (k, f)) = &got[i];
                (k == kind || (kind == "number" && k == "quantity")) && agrees(&want, f)
            });
            match hit {
                Some(i) => {
                    tally.found += 1;
                    matched[i] = true;
                }
                // No token, an id (the lexer declined to read it), or the same figure without
                // its unit: a value left out, not a wrong one.
                None if overlapping.iter().all(|&i| {
                    let (k, f) = &got[i].1;
                    k == "id"
                        || (k == "number"
                            && want
                                .get("value")
                                .or(want.get("minutes"))
                                .zip(f.get("value"))
                                .is_some_and(|(a, b)| numbers_equal(a, b)))
                }) =>
                {
                    tally
                        .missed
                        .push(format!("{line}\n      missed {kind} `{text}` {want:?}"));
                    for &i in &overlapping {
                        matched[i] = true;
                    }
                }
                None => {
                    let seen: Vec<String> = overlapping
                        .iter()
                        .map(|&i| format!("{} `{}` {:?}", got[i].1 .0, got[i].0, got[i].1 .1))
                        .collect();
                    tally.wrong.push(format!(
                        "{line}\n      wanted {kind} `{text}` {want:?}\n      got {}",
                        seen.join("; ")
                    ));
                    for i in overlapping {
                        matched[i] = true;
                    }
                }
            }
        }
        let ambiguous: Vec<&str> = case["ambiguous"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for trap in case["must_not"].as_array().into_iter().flatten() {
            let trap = trap.as_str().expect("a trap is a string");
            for (text, (kind, _)) in &got {
                if kind != "id" && text.contains(trap) {
                    tally
                        .traps
                        .push(format!("{line}\n      `{trap}` read as {kind} `{text}`"));
                }
            }
        }
        // A token is accounted for when any of its readings is.
        let used: Vec<usize> = (0..got.len())
            .filter(|&i| matched[i])
            .map(|i| owner_of[i])
            .collect();
        for (i, m) in matched.iter_mut().enumerate() {
            *m |= used.contains(&owner_of[i]);
        }
        for (i, (text, (kind, f))) in got.iter().enumerate() {
            if !matched[i]
                && kind != "id"
                && !ambiguous
                    .iter()
                    .any(|a| a.contains(text.as_str()) || text.contains(a))
            {
                tally
                    .extras
                    .push(format!("{line}\n      extra {kind} `{text}` {f:?}"));
            }
        }
    }
    let show = |title: &str, list: &[String]| {
        if !list.is_empty() {
            eprintln!("\n{title} ({}):", list.len());
            for l in list {
                eprintln!("  {l}");
            }
        }
    };
    show("wrong values", &tally.wrong);
    show("traps read", &tally.traps);
    show("missed", &tally.missed);
    show("extra tokens", &tally.extras);
    eprintln!(
        "\nlexer cases: {} of {} expected tokens read, {} wrong, {} traps read, {} extras",
        tally.found,
        tally.expected,
        tally.wrong.len(),
        tally.traps.len(),
        tally.extras.len()
    );
    assert!(tally.wrong.is_empty(), "{} wrong values", tally.wrong.len());
    assert!(tally.traps.is_empty(), "{} traps read", tally.traps.len());
    // What is missed is left out on purpose (`15分` may be a score, `00:42:10` a time of day)
    // or not yet read; it must stay rare.
    assert!(
        tally.found * 100 >= tally.expected * 97,
        "only {} of {} expected tokens read",
        tally.found,
        tally.expected
    );
}
