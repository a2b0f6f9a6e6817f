//! What every panel of maintenance mode shares: the dashboard's texts in
//! the technician's language, the printer's states in words, the colours of
//! a severity.

use iced::widget::text;
use iced::{Color, Element};
use totem_flow::Language;
use totem_maintenance::dashboard::{Arg, Severity, Text};

use crate::ui::i18n::{txt, Translations};
use crate::ui::theme;

/// Translates a dashboard text (nested texts first).
pub fn say(tr: &Translations, language: Language, t: &Text) -> String {
    let args: Vec<(&str, fluent_bundle::FluentValue<'static>)> = t
        .args
        .iter()
        .map(|(name, arg)| {
            let value = match arg {
                Arg::Str(s) => txt(s),
                Arg::Num(n) => fluent_bundle::FluentValue::from(*n),
                Arg::Text(inner) => txt(&say(tr, language, inner)),
            };
            (*name, value)
        })
        .collect();
    tr.with(language, t.key, &args)
}

/// A printer state in the technician's words (`maint-print-*`).
pub fn print_state_text(state: &totem_print::PrinterState) -> Text {
    use totem_print::PrinterState as P;
    Text::new(match state {
        P::Ready => "maint-print-ready",
        P::Printing => "maint-print-printing",
        P::MediaLow => "maint-print-media-low",
        P::SuppliesLow => "maint-print-supplies-low",
        P::MediaEmpty => "maint-print-media-empty",
        P::MediaJam => "maint-print-media-jam",
        P::DoorOpen => "maint-print-door-open",
        P::SuppliesEmpty => "maint-print-supplies-empty",
        P::Offline => "maint-print-offline",
        P::QueueDisabled => "maint-print-queue-disabled",
        P::NotAcceptingJobs => "maint-print-not-accepting-jobs",
        P::QueueMissing => "maint-print-queue-missing",
        P::ServiceUnreachable => "maint-print-cups-unreachable",
        P::FolderUnavailable => "maint-print-folder-unavailable",
        P::OtherError(keyword) => {
            return Text::new("maint-print-other").arg("keyword", keyword.as_str())
        }
    })
}

pub const RED: Color = Color::from_rgb(0.72, 0.11, 0.11);
const AMBER: Color = Color::from_rgb(0.70, 0.42, 0.0);
const GREEN: Color = Color::from_rgb(0.10, 0.50, 0.20);

/// The colour of a value of that severity.
pub fn colour(severity: Severity) -> Color {
    match severity {
        Severity::Ok => theme::INK,
        Severity::Unknown => theme::MUTED,
        Severity::Warning => AMBER,
        Severity::Fault => RED,
    }
}

/// A round light of that severity (green when all is well).
pub fn dot<'a, M: 'a>(severity: Severity, size: f32) -> Element<'a, M> {
    let c = match severity {
        Severity::Ok => GREEN,
        other => colour(other),
    };
    text("●").font(theme::ICONS).size(size).color(c).into()
}
