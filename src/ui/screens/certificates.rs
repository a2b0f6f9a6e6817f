//! Certificates: families as big tiles → purpose → whose (RUN keypad with
//! live check digit) → confirmation → printing → "Retire su certificado".

use iced::widget::{column, container, row, space, text};
use iced::{Alignment, Element, Length};
use totem_flow::{EntityCheck, Event, Family, Language, PrintFailure, RunCheck, Screen, Subject};

use crate::ui::ctx::Ctx;
use crate::ui::i18n::txt;
use crate::ui::keyboard::{self, Keyboard};
use crate::ui::screens::menu::missing_text;
use crate::ui::theme;
use crate::ui::widgets::{action, big_button, body, hint, icon, problem_page, rule, title, Look};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Family(Family),
    Kind(String),
    Keypad(keyboard::Message),
    Continue,
    Reprint,
    Another,
    Finish,
}

pub fn update(message: Message, keys: &mut Keyboard) -> Option<Event> {
    Some(match message {
        Message::Family(family) => Event::ChooseFamily(family),
        Message::Kind(kind) => Event::ChooseKind(kind),
        Message::Keypad(m) => return keys.update(m).map(Event::Key),
        Message::Continue => Event::Submit,
        Message::Reprint => Event::Reprint,
        Message::Another => Event::AnotherCertificate,
        Message::Finish => Event::Finish,
    })
}

pub fn family_id(family: Family) -> &'static str {
    match family {
        Family::Nacimiento => "family-nacimiento",
        Family::Matrimonio => "family-matrimonio",
        Family::Defuncion => "family-defuncion",
        Family::Antecedentes => "family-antecedentes",
        Family::HojaDeVidaConductor => "family-hoja-de-vida-conductor",
        Family::UnionCivil => "family-union-civil",
        Family::PersonasJuridicas => "family-personas-juridicas",
        Family::Discapacidad => "family-discapacidad",
    }
}

fn purpose(ctx: &Ctx<'_>, entry: &totem_flow::CertificateEntry) -> String {
    match ctx.language {
        Language::Es => entry.purpose_es.clone(),
        Language::En => entry.purpose_en.clone(),
    }
}

/// What the confirmation calls its subject: a RUN, or the entity's
/// registration number or RUT.
fn for_label(s: &totem_flow::Session) -> &'static str {
    match s.chosen_kind().map(|k| k.subject()) {
        Some(Subject::Entity) => match s.entity_check() {
            EntityCheck::Rut => "confirm-entity-rut",
            _ => "confirm-entity-registration",
        },
        _ => "confirm-for",
    }
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    let s = ctx.session;
    match s.screen() {
        Screen::Families => {
            let families = s.families();
            let per_row = if ctx.portrait { 2 } else { 3 };
            let mut grid = column![].spacing(20);
            for chunk in families.chunks(per_row) {
                let mut r = row![].spacing(20);
                for family in chunk {
                    r = r.push(big_button(
                        "✍",
                        ctx.t(family_id(*family)),
                        None,
                        Some(Message::Family(*family)),
                        Look::Secondary,
                    ));
                }
                for _ in chunk.len()..per_row {
                    r = r.push(space().width(Length::Fill));
                }
                grid = grid.push(r);
            }
            column![title(ctx.t("families-title")), grid]
                .spacing(30)
                .into()
        }
        Screen::Purposes(family) => {
            let mut c = column![
                title(ctx.t(family_id(family))),
                hint(ctx.t("purposes-title")).size(36)
            ]
            .spacing(26);
            for entry in s.kinds(family) {
                let (detail, press) = match s.kind_unavailable(entry) {
                    Some(service) => (Some(missing_text(ctx, service)), None),
                    None => (
                        entry.holder_only.then(|| ctx.t("holder-only")),
                        Some(Message::Kind(entry.kind.clone())),
                    ),
                };
                c = c.push(big_button(
                    "›",
                    purpose(ctx, entry),
                    detail,
                    press,
                    Look::Primary,
                ));
            }
            c.into()
        }
        Screen::RunEntry => {
            let check = s.run_check();
            let typed = s.run_typed();
            let shown = container(
                text(format!("{typed}_"))
                    .font(theme::BOLD)
                    .size(theme::HUGE)
                    .color(theme::INK),
            )
            .padding([10, 30])
            .width(Length::Fill)
            .style(theme::field(true));
            let verdict = match check {
                RunCheck::Incomplete => rule(false, ctx.t("run-incomplete")),
                RunCheck::Valid => rule(true, ctx.t("run-valid")),
                RunCheck::WrongCheckDigit => row![
                    icon("✘", 40.0).color(theme::INK),
                    text(ctx.t("run-wrong"))
                        .font(theme::BOLD)
                        .size(theme::HINT)
                        .color(theme::INK)
                ]
                .spacing(14)
                .align_y(Alignment::Center)
                .into(),
            };
            let next = action(
                "→",
                ctx.t("continue"),
                (check == RunCheck::Valid).then_some(Message::Continue),
                Look::Primary,
            );
            let keypad =
                container(keyboard::run_keypad(ctx).map(Message::Keypad)).center_x(Length::Fill);
            if ctx.portrait {
                column![
                    title(ctx.t("run-title")),
                    hint(ctx.t("run-hint")),
                    shown,
                    verdict,
                    keypad,
                    next
                ]
                .spacing(24)
                .into()
            } else {
                row![
                    column![
                        title(ctx.t("run-title")),
                        hint(ctx.t("run-hint")),
                        shown,
                        verdict,
                        next
                    ]
                    .spacing(24)
                    .width(Length::Fill),
                    keypad,
                ]
                .spacing(48)
                .into()
            }
        }
        Screen::Confirm => {
            let Some(entry) = s.chosen_kind() else {
                return column![].into();
            };
            let line = |label: &str, value: String| {
                column![
                    hint(ctx.t(label)),
                    text(value).font(theme::BOLD).size(44).color(theme::INK)
                ]
                .spacing(4)
            };
            column![
                title(ctx.t("confirm-title")),
                container(
                    column![
                        line("confirm-certificate", ctx.t(family_id(entry.family))),
                        line("confirm-purpose", purpose(ctx, entry)),
                        line(for_label(s), s.certificate_for()),
                    ]
                    .spacing(28),
                )
                .padding(40)
                .width(Length::Fill)
                .style(theme::panel),
                space().height(Length::Fill),
                action(
                    "→",
                    ctx.t("confirm-print"),
                    Some(Message::Continue),
                    Look::Primary
                ),
            ]
            .spacing(32)
            .into()
        }
        Screen::Printing => container(
            column![
                icon("↻", 160.0).color(theme::ACCENT),
                title(ctx.t("printing-title")),
                hint(ctx.t("printing-hint"))
            ]
            .spacing(36)
            .align_x(Alignment::Center),
        )
        .center(Length::Fill)
        .into(),
        Screen::TakeIt => column![
            container(icon("↓", 200.0).color(theme::ACCENT)).center_x(Length::Fill),
            title(ctx.t("take-title")),
            text(
                ctx.tr
                    .with(ctx.language, "take-folio", &[("folio", txt(s.folio()))])
            )
            .font(theme::BOLD)
            .size(64)
            .color(theme::ACCENT),
            body(ctx.t("take-hint")),
            space().height(Length::Fill),
            row![
                action(
                    "✍",
                    ctx.t("another"),
                    Some(Message::Another),
                    Look::Secondary
                ),
                action("✔", ctx.t("finish"), Some(Message::Finish), Look::Primary),
            ]
            .spacing(24),
        ]
        .spacing(32)
        .align_x(Alignment::Center)
        .into(),
        Screen::PrintFailed(failure) => {
            let what = match failure {
                PrintFailure::OutOfPaper => "print-failed-out-of-paper",
                PrintFailure::PaperJam => "print-failed-paper-jam",
                PrintFailure::Offline => "print-failed-offline",
                PrintFailure::Other => "print-failed-other",
            };
            let details = column![
                body(ctx.t(what)).size(40),
                container(
                    column![
                        body(ctx.tr.with(
                            ctx.language,
                            "print-failed-kept",
                            &[("folio", txt(s.folio()))]
                        )),
                        hint(ctx.t("print-failed-office")),
                    ]
                    .spacing(16)
                )
                .padding(32)
                .width(Length::Fill)
                .style(theme::panel),
            ]
            .spacing(30);
            let way_on = s
                .can_reprint()
                .then(|| ("↻", ctx.t("reprint"), Message::Reprint));
            problem_page(
                ctx,
                ctx.t("print-failed-title"),
                details.into(),
                way_on,
                Message::Finish,
            )
        }
        _ => column![].into(),
    }
}
