//! `[accessibility]` of kiosk.toml: the shipped defaults, and each mistake a
//! technician can make reported with file, line, key and what is expected.

use std::path::{Path, PathBuf};

use totem_config::{
    load_kiosk, parse_kiosk, AccessibilitySettings, ConfigError, HeadsetSource, KeypadFunction,
    KioskConfig,
};

fn kiosk_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kiosk-config/kiosk.toml")
}

fn source() -> String {
    std::fs::read_to_string(kiosk_file()).unwrap()
}

fn line_of(source: &str, needle: &str) -> usize {
    let at = source
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in source"));
    source[..at].matches('\n').count() + 1
}

/// Replaces the first `from` after the header `section` and returns the
/// error, checking it points at the line where `to` now stands.
fn error(section: &str, from: &str, to: &str) -> ConfigError {
    let source = source();
    let start = source.find(section).unwrap_or_else(|| panic!("{section}"));
    let (head, tail) = source.split_at(start);
    assert!(tail.contains(from), "{from}");
    let changed = format!("{head}{}", tail.replacen(from, to, 1));
    let err = parse_kiosk(Path::new("kiosk.toml"), &changed).unwrap_err();
    let at = start + changed[start..].find(to).unwrap();
    assert_eq!(
        err.line,
        Some(changed[..at].matches('\n').count() + 1),
        "{err}"
    );
    err
}

#[test]
fn the_shipped_file_gives_the_defaults() {
    let config = load_kiosk(&kiosk_file()).unwrap();
    assert_eq!(config.accessibility, AccessibilitySettings::default());
    let a = &config.accessibility;
    assert_eq!(a.keypad.select, "Enter");
    assert_eq!(a.keypad.digits[7], "7");
    assert_eq!(a.headset.source, HeadsetSource::Evdev);
    assert_eq!(a.screen.bottom_edge_mm, 800);
    assert_eq!(a.speech.voice_es, "es-419");
}

#[test]
fn a_file_without_the_section_takes_the_defaults() {
    let source = source();
    let cut = source
        .find("# Accessibility (docs/accessibility.md)")
        .unwrap();
    let config = parse_kiosk(Path::new("kiosk.toml"), &source[..cut]).unwrap();
    assert_eq!(config.accessibility, KioskConfig::default().accessibility);
}

#[test]
fn a_key_name_that_is_not_a_key_is_refused_on_its_line() {
    let err = error(
        "[accessibility.keypad]",
        "select = \"Enter\"",
        "select = \"Return\"",
    );
    assert_eq!(err.key, "accessibility.keypad.select");
    assert!(
        err.problem.contains("\"Return\" is not a key name"),
        "{err}"
    );
    assert!(err.to_string().starts_with("kiosk.toml:"), "{err}");
}

#[test]
fn two_functions_on_one_key_are_refused_at_the_second() {
    let err = error(
        "[accessibility.keypad]",
        "help = \"F1\"",
        "help = \"Enter\"",
    );
    assert_eq!(err.key, "accessibility.keypad.help");
    assert!(err.problem.contains("already the key of select"), "{err}");
    let err = error("[accessibility.keypad]", "hash = \"#\"", "hash = \"3\"");
    assert!(
        err.problem.contains("already the key of digits[3]"),
        "{err}"
    );
}

#[test]
fn a_digit_key_is_checked_by_its_index() {
    let err = error(
        "[accessibility.keypad]",
        "digits = [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]",
        "digits = [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"Nine\"]",
    );
    assert_eq!(err.key, "accessibility.keypad.digits[9]");
    let err = error(
        "[accessibility.keypad]",
        "digits = [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]",
        "digits = [\"1\", \"2\", \"3\"]",
    );
    assert!(err.problem.contains("expected 10"), "{err}");
}

#[test]
fn a_required_key_cannot_be_empty_but_a_speech_key_can() {
    let err = error("[accessibility.keypad]", "back = \"Escape\"", "back = \"\"");
    assert!(err.problem.contains("must not be empty"), "{err}");
    let source = source().replacen("repeat = \"F3\"", "repeat = \"\"", 1);
    let config = parse_kiosk(Path::new("kiosk.toml"), &source).unwrap();
    assert_eq!(config.accessibility.keypad.repeat, "");
}

#[test]
fn headset_source_settings_are_checked_for_the_source_chosen() {
    let err = error(
        "[accessibility.headset]",
        "source = \"evdev\"",
        "source = \"usb\"",
    );
    assert_eq!(err.key, "accessibility.headset.source");
    assert!(err.problem.contains("evdev"), "{err}");
    let err = error(
        "[accessibility.headset]",
        "evdev_device = \"auto\"",
        "evdev_device = \"/dev/snd/controlC0\"",
    );
    assert!(err.problem.contains("/dev/input/"), "{err}");
    // The file path is only checked when the file is the source.
    let source = source()
        .replacen("source = \"evdev\"", "source = \"file\"", 1)
        .replacen("file = \"/run/totem/headset\"", "file = \"headset\"", 1);
    let err = parse_kiosk(Path::new("kiosk.toml"), &source).unwrap_err();
    assert_eq!(err.key, "accessibility.headset.file");
    assert_eq!(err.line, Some(line_of(&source, "file = \"headset\"")));
}

#[test]
fn screen_and_speech_ranges_are_checked() {
    let err = error("[accessibility.screen]", "height_mm = 476", "height_mm = 0");
    assert!(err.problem.contains("50 to 3000 mm"), "{err}");
    let err = error("[accessibility.speech]", "rate_wpm = 175", "rate_wpm = 600");
    assert!(err.problem.contains("100 to 300 words per minute"), "{err}");
    let err = error(
        "[accessibility.speech]",
        "volume_percent = 70",
        "volume_percent = 0",
    );
    assert!(err.problem.contains("10 to 100 percent"), "{err}");
    let err = error(
        "[accessibility.speech]",
        "voice_es = \"es-419\"",
        "voice_es = \"es 419\"",
    );
    assert_eq!(err.key, "accessibility.speech.voice_es");
    let err = error(
        "[accessibility.speech]",
        "headset_device = \"default\"",
        "headset_device = \"\"",
    );
    assert!(err.problem.contains("ALSA device"), "{err}");
}

#[test]
fn an_unknown_key_in_the_section_is_refused() {
    let err = error("[accessibility.speech]", "rate_wpm = 175", "rate = 175");
    assert!(err.problem.contains("unknown field"), "{err}");
}

#[test]
fn a_key_pressed_on_the_keypad_is_found_by_its_name() {
    let source = source()
        .replacen("select = \"Enter\"", "select = \"5\"", 1)
        .replacen(
            "digits = [\"0\", \"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"]",
            "digits = [\"0\", \"1\", \"2\", \"3\", \"4\", \"F9\", \"6\", \"7\", \"8\", \"9\"]",
            1,
        );
    let keypad = parse_kiosk(Path::new("kiosk.toml"), &source)
        .unwrap()
        .accessibility
        .keypad;
    assert_eq!(keypad.function_of("5"), Some(KeypadFunction::Select));
    assert_eq!(keypad.function_of("F9"), Some(KeypadFunction::Digit(5)));
    assert_eq!(keypad.function_of("0"), Some(KeypadFunction::Digit(0)));
    assert_eq!(keypad.function_of("ArrowUp"), Some(KeypadFunction::Up));
    assert_eq!(
        keypad.function_of("AudioVolumeUp"),
        Some(KeypadFunction::Louder)
    );
    assert_eq!(keypad.function_of("*"), Some(KeypadFunction::Star));
    assert_eq!(keypad.function_of("Enter"), None, "no longer mapped");
    assert_eq!(keypad.function_of("x"), None);
    let mut no_repeat = keypad.clone();
    no_repeat.repeat.clear();
    assert_eq!(
        no_repeat.function_of(""),
        None,
        "an empty name maps nothing"
    );
}
