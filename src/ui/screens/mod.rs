//! One module per screen: each has its own `Message`, an `update` that turns
//! it into a flow [`Event`](totem_flow::Event) for the parent, and a `view`.

pub mod attract;
pub mod certificates;
pub mod check;
pub mod code;
pub mod done;
pub mod email;
pub mod entity;
pub mod goodbye;
pub mod identify;
pub mod language;
pub mod maintenance;
pub mod menu;
pub mod password;
pub mod stopped;
pub mod validity;
pub mod working;

use totem_flow::{Function, Notice, Subject};

use crate::ui::ctx::Ctx;
use crate::ui::i18n::num;

/// The sentence for a notice on the current step.
pub fn notice_text(ctx: &Ctx<'_>, notice: Notice) -> String {
    match notice {
        Notice::CardUnreadable => ctx.t("card-unreadable"),
        Notice::FingerNoMatch { remaining } => ctx.tr.with(
            ctx.language,
            "finger-no-match",
            &[("remaining", num(remaining))],
        ),
        Notice::WrongCode { remaining } => {
            ctx.tr
                .with(ctx.language, "code-wrong", &[("remaining", num(remaining))])
        }
        Notice::PasswordRejected => ctx.t("password-rejected"),
        // A holder's RUN came from the card: nothing to check on the keypad.
        Notice::CertificateNotFound
            if ctx.session.function() == Some(Function::CheckCertificate) =>
        {
            ctx.t("check-not-found")
        }
        Notice::CertificateNotFound => match ctx.session.chosen_kind().map(|k| k.subject()) {
            Some(Subject::Holder) => ctx.t("certificate-not-found-holder"),
            Some(Subject::Entity) => ctx.t("certificate-not-found-entity"),
            _ => ctx.t("certificate-not-found"),
        },
        Notice::ServiceFailed => ctx.t("service-failed"),
        Notice::Missing(service) => menu::missing_text(ctx, service),
        Notice::SlipPrinting => ctx.t("code-slip-printing"),
    }
}
