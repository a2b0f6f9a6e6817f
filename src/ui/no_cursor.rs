//! Hides the mouse pointer over the whole window: a kiosk is touch-only and a
//! pointer left in the middle of the screen only confuses. The same wrapper
//! hears the tactile keypad (a USB keyboard): each key pressed anywhere in
//! the citizen's window becomes a message naming the key. And, around one
//! control, it draws the keypad's focus ring ([`ring`]).

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{tree, Operation, Tree, Widget};
use iced::advanced::{overlay, renderer, Clipboard, Shell};
use iced::{mouse, Element, Event, Length, Rectangle, Size, Vector};

pub struct NoCursor<'a, Message, Theme, Renderer> {
    content: Element<'a, Message, Theme, Renderer>,
    on_key: Option<fn(String) -> Message>,
    /// Draw the focus ring over the content's edge.
    ring: bool,
}

/// Wrap `content` so that the pointer is hidden wherever it is.
pub fn no_cursor<'a, Message, Theme, Renderer>(
    content: impl Into<Element<'a, Message, Theme, Renderer>>,
) -> NoCursor<'a, Message, Theme, Renderer> {
    NoCursor {
        content: content.into(),
        on_key: None,
        ring: false,
    }
}

/// `content` with the keypad's focus ring drawn over its edge when
/// `focused` (thick, dark outside and yellow inside, so it shows on white,
/// on the accent and on black). It takes no room: nothing moves when the
/// focus does.
pub fn ring<'a, Message, Theme, Renderer>(
    focused: bool,
    content: impl Into<Element<'a, Message, Theme, Renderer>>,
) -> NoCursor<'a, Message, Theme, Renderer> {
    NoCursor {
        content: content.into(),
        on_key: None,
        ring: focused,
    }
}

impl<Message, Theme, Renderer> NoCursor<'_, Message, Theme, Renderer> {
    /// Each key pressed becomes `on_key(name)`: a named key by its iced
    /// name ("ArrowDown", "Enter", "F1"), a character key by its character.
    pub fn on_key(mut self, on_key: fn(String) -> Message) -> Self {
        self.on_key = Some(on_key);
        self
    }
}

/// The name of a key as kiosk.toml's `[accessibility.keypad]` writes it.
pub fn key_name(key: &iced::keyboard::Key) -> Option<String> {
    use iced::keyboard::Key;
    match key {
        Key::Named(named) => Some(format!("{named:?}")),
        Key::Character(c) => Some(c.to_string()),
        Key::Unidentified => None,
    }
}

impl<Message, Theme, Renderer> Widget<Message, Theme, Renderer>
    for NoCursor<'_, Message, Theme, Renderer>
where
    Renderer: renderer::Renderer,
{
    fn tag(&self) -> tree::Tag {
        tree::Tag::stateless()
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(&self.content)]
    }

    fn diff(&self, tree: &mut Tree) {
        tree.diff_children(std::slice::from_ref(&self.content));
    }

    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content
            .as_widget_mut()
            .layout(&mut tree.children[0], renderer, limits)
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content.as_widget().draw(
            &tree.children[0],
            renderer,
            theme,
            style,
            layout,
            cursor,
            viewport,
        );
        if self.ring {
            let edge = |bounds: Rectangle, color, width: f32| renderer::Quad {
                bounds,
                border: iced::Border {
                    color,
                    width,
                    radius: 20.0.into(),
                },
                ..renderer::Quad::default()
            };
            let bounds = layout.bounds();
            renderer.with_layer(bounds.expand(2.0), |renderer| {
                renderer.fill_quad(
                    edge(bounds, crate::ui::theme::FOCUS_RING_OUTER, 8.0),
                    iced::Color::TRANSPARENT,
                );
                renderer.fill_quad(
                    edge(bounds.shrink(8.0), crate::ui::theme::FOCUS_RING_INNER, 6.0),
                    iced::Color::TRANSPARENT,
                );
            });
        }
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        if let (
            Some(on_key),
            Event::Keyboard(iced::keyboard::Event::KeyPressed {
                key, repeat: false, ..
            }),
        ) = (self.on_key, event)
        {
            if let Some(name) = key_name(key) {
                shell.publish(on_key(name));
            }
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }

    fn mouse_interaction(
        &self,
        _tree: &Tree,
        _layout: Layout<'_>,
        _cursor: mouse::Cursor,
        _viewport: &Rectangle,
        _renderer: &Renderer,
    ) -> mouse::Interaction {
        mouse::Interaction::Hidden
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, Renderer>> {
        self.content.as_widget_mut().overlay(
            &mut tree.children[0],
            layout,
            renderer,
            viewport,
            translation,
        )
    }
}

impl<'a, Message, Theme, Renderer> From<NoCursor<'a, Message, Theme, Renderer>>
    for Element<'a, Message, Theme, Renderer>
where
    Message: 'a,
    Theme: 'a,
    Renderer: 'a + renderer::Renderer,
{
    fn from(widget: NoCursor<'a, Message, Theme, Renderer>) -> Self {
        Element::new(widget)
    }
}
