//! A screen's spoken description, resolved with the shipped Fluent files.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use totem_access::{Arg, Phrase, ScreenDescription, SpokenOption};

const ES: &str = include_str!("../../../assets/i18n/es.ftl");
const EN: &str = include_str!("../../../assets/i18n/en.ftl");

fn bundle(tag: &str, source: &str) -> FluentBundle<FluentResource> {
    let mut b = FluentBundle::new(vec![tag
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap()]);
    b.set_use_isolating(false);
    b.add_resource(FluentResource::try_new(source.to_string()).unwrap())
        .unwrap();
    b
}

fn text(b: &FluentBundle<FluentResource>, id: &str) -> String {
    let pattern = b
        .get_message(id)
        .and_then(|m| m.value())
        .unwrap_or_else(|| panic!("{id} missing"));
    let mut errors = vec![];
    b.format_pattern(pattern, None, &mut errors).into_owned()
}

/// What the ui will do: resolve each phrase in the session's language.
fn say(b: &FluentBundle<FluentResource>, phrase: &Phrase) -> String {
    let mut args = FluentArgs::new();
    for (name, arg) in &phrase.args {
        match arg {
            Arg::Message(id) => args.set(*name, FluentValue::from(text(b, id))),
            Arg::Number(n) => args.set(*name, FluentValue::from(*n)),
        }
    }
    let pattern = b
        .get_message(phrase.id)
        .and_then(|m| m.value())
        .unwrap_or_else(|| panic!("{} missing", phrase.id));
    let mut errors = vec![];
    let said = b
        .format_pattern(pattern, Some(&args), &mut errors)
        .into_owned();
    assert!(errors.is_empty(), "{}: {errors:?}", phrase.id);
    said
}

fn menu() -> ScreenDescription {
    ScreenDescription {
        heading: "menu-title",
        instruction: None,
        options: vec![
            SpokenOption {
                label: "menu-first-issue",
                enabled: true,
            },
            SpokenOption {
                label: "menu-recover",
                enabled: true,
            },
            SpokenOption {
                label: "menu-certificates",
                enabled: false,
            },
        ],
    }
}

#[test]
fn the_menu_is_spoken_heading_first_then_each_option_with_its_key() {
    let es = bundle("es", ES);
    let said: Vec<String> = menu().phrases().iter().map(|p| say(&es, p)).collect();
    assert_eq!(
        said,
        [
            "¿Qué desea hacer?",
            "Obtener ClaveÚnica (primera vez): tecla 1.",
            "Recuperar ClaveÚnica: tecla 2.",
            "Certificados gratuitos: no disponible.",
            "Use las flechas arriba y abajo para recorrer las opciones, y la tecla central para elegir.",
        ]
    );
    let en = bundle("en", EN);
    let said: Vec<String> = menu().phrases().iter().map(|p| say(&en, p)).collect();
    assert_eq!(said[1], "Get your ClaveÚnica (first time): key 1.");
}

#[test]
fn the_attract_screen_gives_its_instruction_after_its_heading() {
    let attract = ScreenDescription {
        heading: "attract-title",
        instruction: Some("attract-touch"),
        options: vec![],
    };
    let en = bundle("en", EN);
    let said: Vec<String> = attract.phrases().iter().map(|p| say(&en, p)).collect();
    assert_eq!(said, ["Civil Registry", "Touch the screen to start"]);
}

#[test]
fn options_past_the_tenth_have_no_key_and_the_focus_reads_the_same_phrase() {
    const LABELS: [&str; 11] = [
        "back", "cancel", "continue", "finish", "back", "cancel", "continue", "finish", "back",
        "cancel", "continue",
    ];
    let long = ScreenDescription {
        heading: "menu-title",
        instruction: Some("menu-recover-hint"),
        options: LABELS
            .iter()
            .map(|&label| SpokenOption {
                label,
                enabled: true,
            })
            .collect(),
    };
    let es = bundle("es", ES);
    let phrases = long.phrases();
    assert_eq!(say(&es, &phrases[2 + 9]), "Cancelar: tecla 0.");
    assert_eq!(
        say(&es, &phrases[2 + 10]),
        "Continuar: llegue con las flechas."
    );
    let mut focus = long.focus();
    focus.choose_digit(0);
    assert_eq!(
        long.focused_phrase(focus.index().unwrap()),
        Some(phrases[11].clone())
    );
    assert_eq!(long.focused_phrase(11), None);
}

#[test]
fn every_phrase_id_exists_in_both_languages() {
    let (es, en) = (bundle("es", ES), bundle("en", EN));
    for id in totem_access::describe::ids::ALL {
        assert!(es.has_message(id), "es.ftl lacks {id}");
        assert!(en.has_message(id), "en.ftl lacks {id}");
    }
    for phrase in menu().phrases() {
        for id in phrase.ids() {
            assert!(es.has_message(id) && en.has_message(id), "{id}");
        }
    }
}
