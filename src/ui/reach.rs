//! Where a page goes for the citizen's aids: pages that scroll when
//! enlarged text no longer fits, and the seated layout, which draws the
//! page inside the rows a seated citizen reaches (EN 301 549 8.3.2,
//! ADA 308: 380 mm to 1,220 mm above the floor).

use iced::widget::{column, container, scrollable, space, text};
use iced::{Element, Length, Padding};

use super::ctx::Ctx;
use super::theme;

/// The seated layout is on and the screen as mounted has rows in reach.
pub fn seated(ctx: &Ctx<'_>) -> Option<totem_access::ReachBand> {
    ctx.reach.filter(|_| ctx.aids.seated)
}

/// A page's content, scrolling when it may not fit: with enlarged text,
/// and in the seated layout (a shorter page). At 100 % standing, the
/// content as it is (its fill spaces push the controls low).
pub fn scrolling<'a, M: 'a>(ctx: &Ctx<'_>, content: Element<'a, M>) -> Element<'a, M> {
    if ctx.enlarged() || seated(ctx).is_some() {
        scrollable(content)
            .width(Length::Fill)
            .height(Length::Fill)
            .spacing(12)
            .into()
    } else {
        content
    }
}

/// The whole page (header, content, footer, the inactivity warning) in
/// the reach band when the seated layout is on: above the band a plain
/// strip says the controls are lower; nothing there can be touched.
pub fn within_reach<'a, M: 'a>(ctx: &Ctx<'_>, page: Element<'a, M>) -> Element<'a, M> {
    let Some(band) = seated(ctx) else {
        return page;
    };
    let above = container(
        text(ctx.t("seated-above"))
            .size(ctx.px(theme::HINT))
            .style(theme::muted_text),
    )
    .padding(Padding::from([0, 48]))
    .width(Length::Fill)
    .height(band.top as f32)
    .align_y(iced::alignment::Vertical::Center)
    .style(theme::page);
    column![
        above,
        container(page)
            .width(Length::Fill)
            .height(band.rows() as f32)
            .style(theme::page),
        space().height(Length::Fill),
    ]
    .into()
}
