//! What the window shows: maintenance mode when it is open (or its
//! out-of-service page instead of the attract screen), else the screen of
//! the session's step inside the page frame (step header, notice, footer,
//! inactivity warning); the demo panel over it in a demo build.

use iced::widget::{column, container};
use iced::{Element, Length, Padding};
use totem_flow::Screen;

use super::{App, Message};
use crate::ui::ctx::Ctx;
use crate::ui::effects::Effects;
use crate::ui::no_cursor::no_cursor;
use crate::ui::reach::{scrolling, within_reach};
use crate::ui::screens::{
    attract, certificates, check, code, done, email, entity, goodbye, identify, language, menu,
    notice_text, password, stopped, validity, working,
};
use crate::ui::theme;
use crate::ui::widgets::{footer, notice, step_header, warning_overlay};

impl<E: Effects> App<E> {
    pub(super) fn ctx(&self) -> Ctx<'_> {
        Ctx {
            tr: &self.tr,
            language: self.session.language(),
            portrait: self.size.height >= self.size.width,
            session: &self.session,
            hint: self.hint,
            aids: self.session.aids(),
            reach: self.reach_band(),
            focus: self.ring_shown().then(|| self.assist.focused()).flatten(),
        }
    }

    /// The rows of the window within 380-1,220 mm of the floor, from the
    /// screen's mounting in kiosk.toml and the window's height.
    fn reach_band(&self) -> Option<totem_access::ReachBand> {
        let screen = &self.accessibility.screen;
        totem_access::reach_band(&totem_access::ScreenGeometry {
            height_px: self.size.height.max(0.0) as u32,
            height_mm: f64::from(screen.height_mm),
            bottom_edge_mm: f64::from(screen.bottom_edge_mm),
        })
    }

    /// The theme: the session's look (standard or high contrast); the
    /// technician's mode always in the standard one.
    pub fn theme(&self) -> iced::Theme {
        if self.maintenance.as_ref().is_some_and(|m| m.is_open()) {
            theme::theme()
        } else {
            theme::for_aids(self.session.aids())
        }
    }

    #[cfg(feature = "demo")]
    pub fn view(&self) -> Element<'_, Message> {
        crate::ui::demo_panel::overlay(self.screen_view(), self.demo.as_ref(), Message::Demo)
    }

    #[cfg(not(feature = "demo"))]
    pub fn view(&self) -> Element<'_, Message> {
        self.screen_view()
    }

    fn screen_view(&self) -> Element<'_, Message> {
        if let Some(m) = &self.maintenance {
            if m.is_open() {
                return m.view(&self.tr).map(Message::Maintenance);
            }
            // Out of service: the citizens' way in is closed.
            let out_of_service = m
                .out_of_service_view()
                .filter(|_| self.session.screen() == Screen::Attract);
            if let Some(page) = out_of_service {
                self.attract_shown();
                return no_cursor(page.map(Message::Maintenance)).into();
            }
        }
        let ctx = self.ctx();
        let s = &self.session;
        let screen = s.screen();
        let keys = self.keyboard;
        let content: Element<'_, Message> = match screen {
            Screen::Attract => {
                self.attract_shown();
                let page = container(attract::view(&ctx).map(Message::Attract)).style(theme::page);
                return no_cursor(within_reach(&ctx, page.into()))
                    .on_key(Message::Keypad)
                    .into();
            }
            Screen::Goodbye => {
                let page = container(goodbye::view(&ctx).map(Message::Goodbye)).style(theme::page);
                return no_cursor(within_reach(&ctx, page.into()))
                    .on_key(Message::Keypad)
                    .into();
            }
            Screen::Language => language::view(&ctx).map(Message::Language),
            Screen::Menu => menu::view(&ctx).map(Message::Menu),
            Screen::PresentCard | Screen::PlaceFinger(_) => {
                identify::view(&ctx).map(|m| match m {})
            }
            Screen::Working(job) => working::view(&ctx, job).map(|m| match m {}),
            Screen::Email => email::view(&ctx, keys).map(Message::Email),
            Screen::ShowCode | Screen::CodeEntry => code::view(&ctx, keys).map(Message::Code),
            Screen::NewPassword => password::view(&ctx, keys).map(Message::Password),
            Screen::Done => done::view(&ctx).map(Message::Done),
            Screen::Stopped(stop) if validity::shows(stop) => {
                validity::view(&ctx, stop).map(Message::Validity)
            }
            Screen::Stopped(stop) => stopped::view(&ctx, stop).map(Message::Stopped),
            Screen::Families
            | Screen::Purposes(_)
            | Screen::RunEntry
            | Screen::Confirm
            | Screen::Printing
            | Screen::PrintFailed(_)
            | Screen::TakeIt => certificates::view(&ctx).map(Message::Certificates),
            Screen::EntityEntry => entity::view(&ctx).map(Message::Entity),
            Screen::FolioEntry | Screen::VerificationEntry | Screen::CertificateChecked => {
                check::view(&ctx, keys).map(Message::Check)
            }
        };
        let mut body = column![].spacing(28).height(Length::Fill);
        if let Some(n) = s.notice().filter(|_| screen != Screen::Menu) {
            body = body.push(notice(&ctx, notice_text(&ctx, n)));
        }
        body = body.push(scrolling(&ctx, content));
        let back = s.can_go_back().then_some(Message::Back);
        let cancel = s.offers_cancel().then_some(Message::Cancel);
        let side = if ctx.portrait { 48.0 } else { 72.0 };
        let page: Element<'_, Message> = column![
            step_header(&ctx, s.step(), Message::Aid),
            container(body)
                .padding(Padding {
                    top: 40.0,
                    right: side,
                    bottom: 8.0,
                    left: side
                })
                .width(Length::Fill)
                .height(Length::Fill),
            footer(&ctx, back, cancel),
        ]
        .into();
        let page = match s.warning_seconds_left() {
            Some(seconds) => warning_overlay(&ctx, page, seconds, Message::MoreTime),
            None => page,
        };
        no_cursor(within_reach(
            &ctx,
            container(page).style(theme::page).into(),
        ))
        .on_key(Message::Keypad)
        .into()
    }

    /// The attract screen (or what stands in for it) is drawn: the first
    /// time, start-up is done.
    fn attract_shown(&self) {
        if let Some(ops) = &self.ops {
            ops.attract_shown();
        }
    }
}
