//! What the screen the session is on says, and what the keypad can reach
//! on it: the screen's own description ([`Spoken`], declared beside its
//! view), with the page frame's parts added — a notice first (an error is
//! spoken when it appears, EN 301 549 5.1.3.15), Volver and Cancelar last,
//! and, while the inactivity warning shows, only the warning.
//!
//! The match over [`Screen`] has no catch-all: a new screen does not build
//! until it says what it says.

use totem_flow::Screen;

use super::{App, Message};
use crate::ui::effects::Effects;
use crate::ui::i18n::num;
use crate::ui::screens::{
    attract, certificates, check, code, done, email, entity, goodbye, identify, language, menu,
    notice_text, password, stopped, validity, working,
};
use crate::ui::spoken::Spoken;

impl<E: Effects> App<E> {
    /// The screen as speech and the keypad know it; `None` while
    /// maintenance mode (or its out-of-service page) is showing.
    pub fn spoken(&self) -> Option<Spoken<Message>> {
        if let Some(m) = &self.maintenance {
            let attract = self.session.screen() == Screen::Attract;
            if m.is_open() || (attract && m.out_of_service().is_some()) {
                return None;
            }
        }
        let ctx = self.ctx();
        let s = &self.session;
        let keys = self.keyboard;
        if let Some(seconds) = s.warning_seconds_left() {
            return Some(
                Spoken::new(ctx.t("warning-title"))
                    .say(ctx.tr.with(
                        ctx.language,
                        "speech-warning",
                        &[("seconds", num(seconds as f64))],
                    ))
                    .choice("more-time", ctx.t("more-time"), Some(Message::MoreTime)),
            );
        }
        let screen: Spoken<Message> = match s.screen() {
            Screen::Attract => attract::describe(&ctx).map(Message::Attract),
            Screen::Language => language::describe(&ctx).map(Message::Language),
            Screen::Menu => menu::describe(&ctx).map(Message::Menu),
            Screen::PresentCard | Screen::PlaceFinger(_) => {
                identify::describe(&ctx).map(|m| match m {})
            }
            Screen::Working(job) => working::describe(&ctx, job).map(|m| match m {}),
            Screen::Email => email::describe(&ctx, keys).map(Message::Email),
            Screen::ShowCode | Screen::CodeEntry => code::describe(&ctx, keys).map(Message::Code),
            Screen::NewPassword => password::describe(&ctx, keys).map(Message::Password),
            Screen::Done => done::describe(&ctx).map(Message::Done),
            Screen::Stopped(stop) if validity::shows(stop) => {
                validity::describe(&ctx, stop).map(Message::Validity)
            }
            Screen::Stopped(stop) => stopped::describe(&ctx, stop).map(Message::Stopped),
            Screen::Goodbye => goodbye::describe(&ctx).map(Message::Goodbye),
            Screen::EntityEntry => entity::describe(&ctx).map(Message::Entity),
            Screen::FolioEntry | Screen::VerificationEntry | Screen::CertificateChecked => {
                check::describe(&ctx, keys).map(Message::Check)
            }
            Screen::Families
            | Screen::Purposes(_)
            | Screen::RunEntry
            | Screen::Confirm
            | Screen::Printing
            | Screen::PrintFailed(_)
            | Screen::TakeIt => certificates::describe(&ctx).map(Message::Certificates),
        };
        let mut spoken = screen;
        if let Some(n) = s.notice().filter(|_| s.screen() != Screen::Menu) {
            spoken
                .details
                .insert(0, crate::ui::spoken::Said::Public(notice_text(&ctx, n)));
        }
        if s.can_go_back() {
            spoken = spoken.choice("back", ctx.t("back"), Some(Message::Back));
        }
        if s.offers_cancel() {
            spoken = spoken.choice("cancel", ctx.t("cancel"), Some(Message::Cancel));
        }
        Some(spoken)
    }
}
