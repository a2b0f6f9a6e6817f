//! Screen texts through Fluent (assets/i18n/<lang>.ftl), compiled into the
//! binary so a kiosk never starts with a missing file.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use totem_flow::Language;

const ES: &str = include_str!("../../assets/i18n/es.ftl");
const EN: &str = include_str!("../../assets/i18n/en.ftl");

/// The bundles of every language the kiosk offers.
pub struct Translations {
    es: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Translations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Translations")
    }
}

fn bundle(tag: &str, source: &str) -> Result<FluentBundle<FluentResource>, String> {
    let locale: unic_langid::LanguageIdentifier = tag.parse().map_err(|e| format!("{tag}: {e}"))?;
    let resource = FluentResource::try_new(source.to_string())
        .map_err(|(_, errors)| format!("{tag}.ftl: {errors:?}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // The isolation marks Fluent puts around placeables would show as boxes.
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| format!("{tag}.ftl: {errors:?}"))?;
    Ok(bundle)
}

impl Translations {
    /// Parse the shipped files. A broken file is a build defect, caught by the tests.
    pub fn load() -> Result<Self, String> {
        Ok(Self {
            es: bundle("es", ES)?,
            en: bundle("en", EN)?,
        })
    }

    fn bundle(&self, language: Language) -> &FluentBundle<FluentResource> {
        match language {
            Language::Es => &self.es,
            Language::En => &self.en,
        }
    }

    /// The text of `id`; a missing id shows the id itself rather than nothing.
    pub fn text(&self, language: Language, id: &str) -> String {
        self.format(language, id, None)
    }

    /// The text of `id` with arguments.
    pub fn with(&self, language: Language, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(language, id, Some(&fluent_args))
    }

    fn format(&self, language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let bundle = self.bundle(language);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Every message id of a language (for the completeness test).
    pub fn ids(source_language: Language) -> Vec<String> {
        let source = match source_language {
            Language::Es => ES,
            Language::En => EN,
        };
        source
            .lines()
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
            .filter(|id| {
                !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .map(str::to_string)
            .collect()
    }
}

/// A number argument for [`Translations::with`].
pub fn num(n: impl Into<f64>) -> FluentValue<'static> {
    FluentValue::from(n.into())
}

/// A text argument for [`Translations::with`].
pub fn txt(s: &str) -> FluentValue<'static> {
    FluentValue::from(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_left_agree_in_number_in_both_languages() {
        let tr = Translations::load().expect("the shipped translations load");
        let es = |n: u32| tr.with(Language::Es, "finger-no-match", &[("remaining", num(n))]);
        assert_eq!(es(1), "La huella no coincide. Le queda 1 intento.");
        assert_eq!(es(2), "La huella no coincide. Le quedan 2 intentos.");
        let code = tr.with(Language::Es, "code-wrong", &[("remaining", num(1))]);
        assert_eq!(code, "Código incorrecto. Le queda 1 intento.");
        let en = tr.with(Language::En, "finger-no-match", &[("remaining", num(1))]);
        assert!(en.contains("1 try") || en.contains("1 attempt"), "{en}");
    }
}
