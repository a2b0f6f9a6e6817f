//! Certificates: families as big tiles → purpose → whose (RUN keypad with
//! live check digit) → confirmation → printing → "Retire su certificado".

use iced::widget::{column, container, row, space, text};
use iced::{Alignment, Element, Length};
use totem_flow::{EntityCheck, Event, Family, Language, PrintFailure, RunCheck, Screen, Subject};

use crate::ui::ctx::Ctx;
use crate::ui::i18n::txt;
use crate::ui::keyboard::{self, Keyboard};
use crate::ui::no_cursor::ring;
use crate::ui::screens::menu::missing_text;
use crate::ui::spoken::Spoken;
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

fn print_failure_id(failure: PrintFailure) -> &'static str {
    match failure {
        PrintFailure::OutOfPaper => "print-failed-out-of-paper",
        PrintFailure::PaperJam => "print-failed-paper-jam",
        PrintFailure::Offline => "print-failed-offline",
        PrintFailure::Other => "print-failed-other",
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
                    r = r.push(ring(
                        ctx.focused(family_id(*family)),
                        big_button(
                            ctx,
                            "✍",
                            ctx.t(family_id(*family)),
                            None,
                            Some(Message::Family(*family)),
                            Look::Secondary,
                        ),
                    ));
                }
                for _ in chunk.len()..per_row {
                    r = r.push(space().width(Length::Fill));
                }
                grid = grid.push(r);
            }
            column![title(ctx, ctx.t("families-title")), grid]
                .spacing(30)
                .into()
        }
        Screen::Purposes(family) => {
            let mut c = column![
                title(ctx, ctx.t(family_id(family))),
                hint(ctx, ctx.t("purposes-title")).size(ctx.px(36.0))
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
                c = c.push(ring(
                    ctx.focused(&entry.kind),
                    big_button(ctx, "›", purpose(ctx, entry), detail, press, Look::Primary),
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
                    .size(theme::HUGE * ctx.scale().0.min(1.25))
                    .style(theme::ink_text),
            )
            .padding([10, 30])
            .width(Length::Fill)
            .style(theme::field(true));
            let verdict = match check {
                RunCheck::Incomplete => rule(ctx, false, ctx.t("run-incomplete")),
                RunCheck::Valid => rule(ctx, true, ctx.t("run-valid")),
                RunCheck::WrongCheckDigit => row![
                    icon("✘", 40.0).style(theme::ink_text),
                    text(ctx.t("run-wrong"))
                        .font(theme::BOLD)
                        .size(ctx.px(theme::HINT))
                        .style(theme::ink_text)
                ]
                .spacing(14)
                .align_y(Alignment::Center)
                .into(),
            };
            let next = ring(
                ctx.focused("continue"),
                action(
                    ctx,
                    "→",
                    ctx.t("continue"),
                    (check == RunCheck::Valid).then_some(Message::Continue),
                    Look::Primary,
                ),
            );
            let keypad =
                container(keyboard::run_keypad(ctx).map(Message::Keypad)).center_x(Length::Fill);
            if ctx.portrait {
                column![
                    title(ctx, ctx.t("run-title")),
                    hint(ctx, ctx.t("run-hint")),
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
                        title(ctx, ctx.t("run-title")),
                        hint(ctx, ctx.t("run-hint")),
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
                    hint(ctx, ctx.t(label)),
                    text(value)
                        .font(theme::BOLD)
                        .size(ctx.px(44.0))
                        .style(theme::ink_text)
                ]
                .spacing(4)
            };
            column![
                title(ctx, ctx.t("confirm-title")),
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
                ring(
                    ctx.focused("confirm-print"),
                    action(
                        ctx,
                        "→",
                        ctx.t("confirm-print"),
                        Some(Message::Continue),
                        Look::Primary
                    )
                ),
            ]
            .spacing(32)
            .into()
        }
        Screen::Printing => container(
            column![
                icon("↻", 160.0).style(theme::accent_text),
                title(ctx, ctx.t("printing-title")),
                hint(ctx, ctx.t("printing-hint"))
            ]
            .spacing(36)
            .align_x(Alignment::Center),
        )
        .center(Length::Fill)
        .into(),
        Screen::TakeIt => column![
            container(icon("↓", 200.0).style(theme::accent_text)).center_x(Length::Fill),
            title(ctx, ctx.t("take-title")),
            text(
                ctx.tr
                    .with(ctx.language, "take-folio", &[("folio", txt(s.folio()))])
            )
            .font(theme::BOLD)
            .size(ctx.px(64.0))
            .style(theme::accent_text),
            body(ctx, ctx.t("take-hint")),
            space().height(Length::Fill),
            row![
                ring(
                    ctx.focused("another"),
                    action(
                        ctx,
                        "✍",
                        ctx.t("another"),
                        Some(Message::Another),
                        Look::Secondary
                    )
                ),
                ring(
                    ctx.focused("finish"),
                    action(
                        ctx,
                        "✔",
                        ctx.t("finish"),
                        Some(Message::Finish),
                        Look::Primary
                    )
                ),
            ]
            .spacing(24),
        ]
        .spacing(32)
        .align_x(Alignment::Center)
        .into(),
        Screen::PrintFailed(failure) => {
            let what = print_failure_id(failure);
            let details = column![
                body(ctx, ctx.t(what)).size(ctx.px(40.0)),
                container(
                    column![
                        body(
                            ctx,
                            ctx.tr.with(
                                ctx.language,
                                "print-failed-kept",
                                &[("folio", txt(s.folio()))]
                            )
                        ),
                        hint(ctx, ctx.t("print-failed-office")),
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
                .then(|| ("↻", "reprint", ctx.t("reprint"), Message::Reprint));
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

/// Spoken, step by step: the families, the purposes (each with why it is
/// unavailable), the RUN typed so far (personal) and its verdict, what is
/// about to print, the printer's progress, the folio to take away (EN 301
/// 549 5.1.3.16) or what went wrong.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    let s = ctx.session;
    match s.screen() {
        Screen::Families => {
            s.families()
                .into_iter()
                .fold(Spoken::new(ctx.t("families-title")), |spoken, family| {
                    spoken.choice(
                        family_id(family),
                        ctx.t(family_id(family)),
                        Some(Message::Family(family)),
                    )
                })
        }
        Screen::Purposes(family) => s.kinds(family).into_iter().fold(
            Spoken::new(ctx.t(family_id(family))).say(ctx.t("purposes-title")),
            |spoken, entry| {
                let (label, action) = match s.kind_unavailable(entry) {
                    Some(service) => (
                        format!("{}. {}", purpose(ctx, entry), missing_text(ctx, service)),
                        None,
                    ),
                    None => (
                        match entry.holder_only {
                            true => format!("{}. {}", purpose(ctx, entry), ctx.t("holder-only")),
                            false => purpose(ctx, entry),
                        },
                        Some(Message::Kind(entry.kind.clone())),
                    ),
                };
                spoken.choice(entry.kind.clone(), label, action)
            },
        ),
        Screen::RunEntry => {
            let check = s.run_check();
            let mut spoken = Spoken::new(ctx.t("run-title")).say(ctx.t("run-hint"));
            let typed = zeroize::Zeroizing::new(s.run_typed());
            if !typed.is_empty() {
                spoken = spoken.personal(&typed);
            }
            spoken
                .say(ctx.t(match check {
                    RunCheck::Incomplete => "run-incomplete",
                    RunCheck::Valid => "run-valid",
                    RunCheck::WrongCheckDigit => "run-wrong",
                }))
                .choice(
                    "continue",
                    ctx.t("continue"),
                    (check == RunCheck::Valid).then_some(Message::Continue),
                )
                .typing(totem_flow::Field::Run)
        }
        Screen::Confirm => {
            let Some(entry) = s.chosen_kind() else {
                return Spoken::new(ctx.t("confirm-title"));
            };
            Spoken::new(ctx.t("confirm-title"))
                .say(format!(
                    "{} {}",
                    ctx.t("confirm-certificate"),
                    ctx.t(family_id(entry.family))
                ))
                .say(format!(
                    "{} {}",
                    ctx.t("confirm-purpose"),
                    purpose(ctx, entry)
                ))
                .say(ctx.t("confirm-for"))
                .personal(&s.certificate_for())
                .choice(
                    "confirm-print",
                    ctx.t("confirm-print"),
                    Some(Message::Continue),
                )
        }
        Screen::Printing => Spoken::new(ctx.t("printing-title")).say(ctx.t("printing-hint")),
        Screen::TakeIt => Spoken::new(ctx.t("take-title"))
            .say(
                ctx.tr
                    .with(ctx.language, "take-folio", &[("folio", txt(s.folio()))]),
            )
            .say(ctx.t("take-hint"))
            .choice("another", ctx.t("another"), Some(Message::Another))
            .choice("finish", ctx.t("finish"), Some(Message::Finish)),
        Screen::PrintFailed(failure) => {
            let mut spoken = Spoken::new(ctx.t("print-failed-title"))
                .say(ctx.t(print_failure_id(failure)))
                .say(ctx.tr.with(
                    ctx.language,
                    "print-failed-kept",
                    &[("folio", txt(s.folio()))],
                ))
                .say(ctx.t("print-failed-office"));
            if s.can_reprint() {
                spoken = spoken.choice("reprint", ctx.t("reprint"), Some(Message::Reprint));
            }
            spoken.choice("finish", ctx.t("finish"), Some(Message::Finish))
        }
        _ => Spoken::new(String::new()),
    }
}
