//! The words `draft` and `new` write: headings, labels and phrases, in each language the
//! tool writes (the language of the team's notes), from the vocabulary's `writing:` lists.
//!
//! Each phrase may hold placeholders, replaced when it is written: `{week}`, `{date}`,
//! `{grade}`, `{grades}`, `{blank}`, `{minutes}`, `{month}`, `{day}`, `{weekday}`. A team's
//! configuration may change any phrase; the ones it does not name stay built in.

use serde::Deserialize;

/// A language the tool writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Chinese when `text` holds a CJK ideograph, else English.
    pub fn of(text: &str) -> Lang {
        if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

macro_rules! phrases {
    ($($(#[doc = $doc:literal])* $name:ident),* $(,)?) => {
        /// One language's phrases as written in the configuration (each optional).
        #[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct PhrasesFile {
            $($(#[doc = $doc])* #[serde(default)] pub $name: Option<String>,)*
            /// Weekday names, Monday first, as file names and titles write them.
            #[serde(default)]
            pub weekdays: Option<Vec<String>>,
        }

        /// One language's phrases, resolved: the user's, else the built-in ones.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Phrases {
            $($(#[doc = $doc])* pub $name: String,)*
            /// Weekday names, Monday first.
            pub weekdays: Vec<String>,
        }

        impl Phrases {
            /// The first layer's phrase for each, layers in order (the user's first).
            pub fn resolve<'a>(layers: impl Iterator<Item = &'a PhrasesFile> + Clone) -> Phrases {
                Phrases {
                    $($name: layers.clone().find_map(|l| l.$name.clone()).unwrap_or_default(),)*
                    weekdays: layers.clone().find_map(|l| l.weekdays.clone()).unwrap_or_default(),
                }
            }

            /// The name of each phrase that is empty (for the test that the built-in
            /// vocabulary has them all).
            pub fn missing(&self) -> Vec<&'static str> {
                let mut out = Vec::new();
                $(if self.$name.is_empty() { out.push(stringify!($name)); })*
                if self.weekdays.len() != 7 { out.push("weekdays"); }
                out
            }
        }
    };
}

phrases! {
    /// A first weekly note's title (`第{week}周 {date}`).
    title,
    /// A first draft's metrics heading, with its `#`s (so are the other headings).
    metrics_heading,
    /// A first draft's projects heading.
    projects_heading,
    /// A first draft's events heading.
    events_heading,
    /// A first draft's risks heading.
    risks_heading,
    /// A first draft's next-week heading.
    next_week_heading,
    /// A first draft's daily-links heading.
    daily_links_heading,
    /// The section the dailies' new projects go to (without `#`).
    new_projects,
    /// The section of last week's plans followed up (without `#`).
    plans_followed,
    /// The risks section added when last week's note had none (without `#`).
    risks_section,
    /// Before the events of a section that lists them in a line (`生产稳定性事件：`).
    events_label,
    /// After that label when there were none.
    events_none,
    /// Between a label and its blank (`：`).
    colon,
    /// One grade's incident count to fill in (`{grade}级{blank}次`).
    incident_grade,
    /// Between grades.
    grade_separator,
    /// The incident count line (`- 事故数{grades}`).
    incidents,
    /// Before an event's cause.
    cause,
    /// Before what was done.
    action,
    /// Between an event's clauses.
    clause_separator,
    /// An event's impact (`，影响{minutes}分钟`).
    impact,
    /// After a done project the dailies report without a date: the daily's date.
    done_on,
    /// Before what the dailies say of last week's plan.
    plan_said,
    /// When the dailies say nothing of it.
    plan_not_said,
    /// A first daily note's title, a `strftime` format (`%Y/%m/%d {weekday}`).
    daily_title,
    /// A first daily note's progress heading, with its `#`s.
    daily_progress_heading,
    /// A first daily note's risks heading.
    daily_risks_heading,
    /// A first daily note's tomorrow heading.
    daily_tomorrow_heading,
    /// In hints: a word that says a project is done (`已上线`).
    done_example,
    /// In hints: a word that moves a due date (`延期至`).
    moved_example,
    /// In hints: an event's grade (`C级`).
    grade_example,
    /// In hints: the words for morning and afternoon (`上午 or 下午`).
    half_day_example,
}

/// The `writing:` lists of the vocabulary, as written.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WritingWords {
    /// What is written in Chinese.
    #[serde(default)]
    pub zh: PhrasesFile,
    /// What is written in English.
    #[serde(default)]
    pub en: PhrasesFile,
    /// Date formats (`strftime`) a title may write its date in; a retitled note keeps its own.
    #[serde(default)]
    pub title_date_formats: Vec<String>,
    /// What a risk or a plan says when there is nothing (`无`, `none`): not copied.
    #[serde(default)]
    pub nothing: Vec<String>,
    /// Words of an event's action that say its impact already, so the draft does not add it.
    #[serde(default)]
    pub impact_said: Vec<String>,
}

impl Phrases {
    /// `template` with each `{key}` replaced by its value.
    pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
        let mut out = template.to_string();
        for (key, value) in values {
            out = out.replace(&format!("{{{key}}}"), value);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn the_built_in_vocabulary_has_every_phrase_in_both_languages() {
        let config = Config::builtin();
        for lang in [Lang::Zh, Lang::En] {
            let missing = config.vocabulary.phrases(lang).missing();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    #[test]
    fn a_team_changes_one_phrase_and_keeps_the_others() {
        let config = Config::from_yaml(
            "vocabulary:\n  writing:\n    zh:\n      metrics_heading: \"## 核心指标\"\n",
            "t.yaml",
        )
        .unwrap();
        let zh = config.vocabulary.phrases(Lang::Zh);
        assert_eq!(zh.metrics_heading, "## 核心指标");
        assert_eq!(zh.projects_heading, "## 项目进展");
        assert!(Config::from_yaml(
            "vocabulary:\n  writing:\n    zh:\n      titel: x\n",
            "t.yaml"
        )
        .is_err());
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Phrases::fill("{grade}级{blank}次", &[("grade", "P1"), ("blank", "__")]),
            "P1级__次"
        );
    }
}
