//! Maintenance mode: the hidden gesture, the technician's PIN pad and the
//! dashboard. The rules (PIN lockout, audit entries, what the dashboard
//! says) live in totem-maintenance; this draws them and carries out the
//! few actions the window can do itself.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Color, Element, Length};
use totem_maintenance::chrono::{DateTime, Local, Utc};
use totem_maintenance::dashboard::{
    self, BackendInput, Dashboard, DashboardInputs, DeviceInput, PrinterInput, Severity,
};
use totem_maintenance::desk::{ActionKind, MaintenanceAction, MaintenanceDesk};
use totem_maintenance::gesture::{EntryGesture, Point};
use totem_maintenance::logging::LogTail;
use totem_maintenance::metrics::{Device, Metrics};
use totem_maintenance::pin::PinOutcome;
use zeroize::Zeroize;

use crate::ui::theme;
use crate::ui::widgets::{action, body, hint, title, Look};

/// The longest PIN the pad takes.
const MAX_PIN: usize = 12;
/// Maintenance closes itself after this long without a touch.
const IDLE_LIMIT: std::time::Duration = std::time::Duration::from_secs(180);
/// What citizens read while the kiosk is out of service.
const OUT_OF_SERVICE_MESSAGE: &str = "Tótem fuera de servicio. Disculpe las molestias.";

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Digit(char),
    Delete,
    Submit,
    /// Close the PIN pad without entering.
    Close,
    Act(ActionKind),
    /// Once a second while open: the countdown and the dashboard.
    Refresh,
    /// The pointer, for the hidden gesture.
    Pointer(Pointer),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pointer {
    Moved(f32, f32),
    Down,
    Up,
    TouchDown(f32, f32),
}

/// What the window shows of maintenance mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Closed,
    Pin,
    Dashboard,
}

/// What the dashboard is built from, besides the metrics.
#[derive(Debug, Clone)]
pub struct Site {
    pub kiosk_id: String,
    pub site: String,
    pub backend_url: String,
    pub client_cert: PathBuf,
    pub printer_queue: String,
    pub spool_dir: String,
    pub scanner: (String, u32),
    pub fingerprint: (String, u32),
}

/// Maintenance mode's state for the app's lifetime.
pub struct Maintenance {
    desk: MaintenanceDesk,
    metrics: Arc<Metrics>,
    log_tail: Option<LogTail>,
    site: Site,
    gesture: EntryGesture,
    cursor: Point,
    mode: Mode,
    pin: String,
    said: Option<String>,
    locked_until: Option<DateTime<Utc>>,
    dashboard: Option<Dashboard>,
    connected_since: [Option<DateTime<Utc>>; 2],
    /// The technician's last touch on the pad or the dashboard.
    last_touch: Instant,
}

impl Maintenance {
    pub fn new(
        desk: MaintenanceDesk,
        metrics: Arc<Metrics>,
        log_tail: Option<LogTail>,
        site: Site,
    ) -> Self {
        Self {
            desk,
            metrics,
            log_tail,
            site,
            gesture: EntryGesture::new(crate::ui::app::PORTRAIT.width),
            cursor: Point { x: -1.0, y: -1.0 },
            mode: Mode::Closed,
            pin: String::new(),
            said: None,
            locked_until: None,
            dashboard: None,
            connected_since: [None, None],
            last_touch: Instant::now(),
        }
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn is_open(&self) -> bool {
        self.mode != Mode::Closed
    }

    /// The message citizens see instead of the attract screen, if any.
    pub fn out_of_service(&self) -> Option<&str> {
        self.desk.out_of_service()
    }

    pub fn resize(&mut self, width: f32) {
        self.gesture.resize(width);
    }

    /// Handles a message; true when the PIN pad has just opened (the app
    /// then ends whatever session had begun).
    pub fn update(&mut self, message: Message) -> bool {
        let now = Utc::now();
        if !matches!(message, Message::Refresh | Message::Pointer(_)) {
            self.last_touch = Instant::now();
        }
        match message {
            Message::Pointer(pointer) => return self.pointer(pointer),
            Message::Digit(c) if self.mode == Mode::Pin && self.pin.len() < MAX_PIN => {
                self.pin.push(c)
            }
            Message::Digit(_) => {}
            Message::Delete => {
                self.pin.pop();
            }
            Message::Close => self.close(),
            Message::Submit if self.mode == Mode::Pin => self.submit(now),
            Message::Submit => {}
            Message::Act(kind) => self.act(kind, now),
            Message::Refresh if self.last_touch.elapsed() >= IDLE_LIMIT => self.time_out(now),
            Message::Refresh => self.refresh(now),
        }
        false
    }

    /// Opens the PIN pad (what the gesture does).
    pub fn open_pad(&mut self) {
        if self.mode == Mode::Closed {
            self.last_touch = Instant::now();
            self.mode = Mode::Pin;
            self.said = None;
            self.refresh(Utc::now());
        }
    }

    fn pointer(&mut self, pointer: Pointer) -> bool {
        let now = Instant::now();
        let opened = match pointer {
            Pointer::Moved(x, y) => {
                self.cursor = Point { x, y };
                self.gesture.touch_moved(self.cursor);
                false
            }
            Pointer::TouchDown(x, y) => {
                self.cursor = Point { x, y };
                self.gesture.touch_down(self.cursor, now)
            }
            Pointer::Down => self.gesture.touch_down(self.cursor, now),
            Pointer::Up => {
                self.gesture.touch_up(now);
                false
            }
        };
        if opened && self.mode == Mode::Closed {
            self.open_pad();
            return true;
        }
        false
    }

    /// Nobody touched the pad or the dashboard for a while: a technician who
    /// walked away must not leave the kiosk open.
    fn time_out(&mut self, now: DateTime<Utc>) {
        if self.mode == Mode::Dashboard {
            if let Err(error) = self.desk.leave(now) {
                tracing::error!(%error, "leaving maintenance on timeout");
            }
        }
        self.close();
    }

    fn close(&mut self) {
        self.pin.zeroize();
        self.said = None;
        self.mode = Mode::Closed;
    }

    fn submit(&mut self, now: DateTime<Utc>) {
        let result = self.desk.enter(&self.pin, now);
        self.pin.zeroize();
        self.said = Some(match result {
            Ok(PinOutcome::Accepted) => {
                self.mode = Mode::Dashboard;
                self.refresh(now);
                return self.said = None;
            }
            Ok(PinOutcome::Rejected { attempts_left }) => {
                format!("PIN incorrecto. Quedan {attempts_left} intentos.")
            }
            Ok(PinOutcome::LockedNow { .. } | PinOutcome::Locked { .. }) => String::new(),
            Err(error) => error.to_string(),
        });
        self.locked_until = self.desk.locked_until(now);
    }

    fn act(&mut self, kind: ActionKind, now: DateTime<Utc>) {
        let action = match kind {
            ActionKind::LeaveMaintenance => MaintenanceAction::LeaveMaintenance,
            ActionKind::PutOutOfService => MaintenanceAction::PutOutOfService {
                message: OUT_OF_SERVICE_MESSAGE.into(),
            },
            ActionKind::BackInService => MaintenanceAction::BackInService,
            ActionKind::PaperRefilled => MaintenanceAction::PaperRefilled,
            ActionKind::RestartApplication => MaintenanceAction::RestartApplication,
            _ => return,
        };
        if self.mode != Mode::Dashboard {
            return;
        }
        // The desk writes the audit entry before anything is done.
        if let Err(error) = self.desk.act(&action, now) {
            tracing::error!(%error, action = kind.as_str(), "maintenance action");
            self.said = Some(error.to_string());
            return;
        }
        tracing::info!(action = kind.as_str(), "maintenance action");
        if kind == ActionKind::RestartApplication {
            // systemd (Restart=always) starts a fresh kiosk; the audit line is written.
            std::process::exit(0);
        }
        if kind == ActionKind::LeaveMaintenance {
            self.close();
        } else {
            self.refresh(now);
        }
    }

    fn refresh(&mut self, now: DateTime<Utc>) {
        self.locked_until = self.desk.locked_until(now);
        if self.mode != Mode::Dashboard {
            return;
        }
        let health = self.metrics.health_summary(now, Local::now().date_naive());
        let mut devices = Vec::new();
        for (i, (device, (port, baud))) in [
            (Device::Scanner, &self.site.scanner),
            (Device::Fingerprint, &self.site.fingerprint),
        ]
        .into_iter()
        .enumerate()
        {
            let connected = health
                .devices
                .iter()
                .any(|d| d.device == device && d.connected);
            // Since the dashboard first saw it connected (the device layer
            // does not say when it connected).
            self.connected_since[i] = match (connected, self.connected_since[i]) {
                (true, Some(since)) => Some(since),
                (true, None) => Some(now),
                (false, _) => None,
            };
            devices.push(DeviceInput {
                device,
                port: port.clone(),
                baud: *baud,
                params: Vec::new(),
                connected_since: self.connected_since[i],
                last_error: None,
            });
        }
        let inputs = DashboardInputs {
            now,
            kiosk_id: self.site.kiosk_id.clone(),
            site: self.site.site.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            uptime: self.metrics.uptime(),
            sessions_today: health.sessions_today,
            devices,
            backend: BackendInput {
                url: self.site.backend_url.clone(),
                reachable: health.backend_reachable,
                last_latency: health
                    .backend_last_latency_ms
                    .map(std::time::Duration::from_millis),
                client_cert_not_after: totem_maintenance::tls::read_validity(
                    &self.site.client_cert,
                )
                .map(|v| v.not_after)
                .map_err(|e| e.to_string()),
            },
            printer: PrinterInput {
                queue: self.site.printer_queue.clone(),
                state: health.printer_state,
                reasons: health.printer_reasons.clone(),
                jobs_waiting: 0,
            },
            spool_dir: self.site.spool_dir.clone(),
            spool_space: totem_maintenance::disk::disk_space(std::path::Path::new(
                &self.site.spool_dir,
            ))
            .map_err(|e| e.to_string()),
            out_of_service: self.desk.out_of_service().map(str::to_owned),
            log_tail: self
                .log_tail
                .as_ref()
                .map(LogTail::lines)
                .unwrap_or_default(),
            recent_audit: totem_maintenance::audit::tail(self.desk.audit_path(), 8)
                .unwrap_or_default(),
            has_test_scan: false,
        };
        self.dashboard = Some(dashboard::build(&inputs));
    }

    pub fn view(&self) -> Element<'_, Message> {
        let page = match self.mode {
            Mode::Dashboard => self.dashboard_view(),
            _ => container(self.pin_view()).center_x(Length::Fill).into(),
        };
        container(page)
            .padding(48)
            .width(Length::Fill)
            .height(Length::Fill)
            .style(|_t| container::Style {
                background: Some(iced::Background::Color(theme::WHITE)),
                text_color: Some(theme::INK),
                ..Default::default()
            })
            .into()
    }

    fn pin_view(&self) -> Element<'_, Message> {
        let locked = self.locked_until.filter(|until| *until > Utc::now());
        let mut page = column![title("Mantenimiento".into())]
            .spacing(32)
            .align_x(Alignment::Center);
        if let Some(until) = locked {
            let left = (until - Utc::now()).num_seconds().max(0);
            page = page.push(body("Entrada bloqueada por PINs incorrectos.".into()));
            page = page.push(body(format!(
                "Vuelve a abrirse a las {} (en {}:{:02}).",
                until.with_timezone(&Local).format("%H:%M"),
                left / 60,
                left % 60
            )));
        } else {
            page = page.push(body("Ingrese el PIN de técnico".into()));
            let dots: String = "●".repeat(self.pin.chars().count());
            page = page.push(
                container(text(dots).font(theme::ICONS).size(56))
                    .height(80)
                    .align_y(Alignment::Center),
            );
            // The line is kept even when empty so the keys never move under a finger.
            let said = self.said.clone().unwrap_or_default();
            page = page.push(
                container(text(said).size(theme::BODY).color(RED))
                    .height(48)
                    .align_y(Alignment::Center),
            );
            let key = |label: &'static str, message: Message| {
                button(container(text(label).size(56).font(theme::BOLD)).center(Length::Fill))
                    .on_press(message)
                    .width(Length::Fill)
                    .height(120)
                    .padding(0)
                    .style(theme::key)
            };
            let digit = |c: &'static str| key(c, Message::Digit(c.chars().next().unwrap_or('0')));
            page = page.push(
                column![
                    row![digit("1"), digit("2"), digit("3")].spacing(14),
                    row![digit("4"), digit("5"), digit("6")].spacing(14),
                    row![digit("7"), digit("8"), digit("9")].spacing(14),
                    row![
                        key("⌫", Message::Delete),
                        digit("0"),
                        key("OK", Message::Submit)
                    ]
                    .spacing(14),
                ]
                .spacing(14)
                .max_width(640),
            );
        }
        page = page.push(action(
            "✕",
            "Cerrar".into(),
            Some(Message::Close),
            Look::Secondary,
        ));
        page.max_width(760).into()
    }

    fn dashboard_view(&self) -> Element<'_, Message> {
        let Some(d) = &self.dashboard else {
            return body("…".into()).into();
        };
        let mut page = column![row![
            dot(d.overall, 28.0),
            text(d.heading.clone()).size(40).font(theme::BOLD)
        ]
        .spacing(16)
        .align_y(Alignment::Center)]
        .spacing(20);
        for problem in &d.problems {
            page = page.push(text(format!("• {problem}")).size(theme::HINT).color(RED));
        }
        for section in &d.sections {
            let mut rows = column![row![
                dot(section.severity, 20.0),
                text(section.title.clone()).size(30).font(theme::BOLD)
            ]
            .spacing(12)
            .align_y(Alignment::Center)]
            .spacing(4);
            for r in &section.rows {
                rows = rows.push(
                    row![
                        text(r.label.clone()).size(24).width(Length::FillPortion(2)),
                        text(r.value.clone())
                            .size(24)
                            .width(Length::FillPortion(3))
                            .color(colour(r.severity)),
                    ]
                    .spacing(12),
                );
            }
            page = page.push(container(rows).padding(12).style(theme::panel));
        }
        if !d.audit_lines.is_empty() {
            page = page.push(text("Audit").size(30).font(theme::BOLD));
            for line in &d.audit_lines {
                page = page.push(hint(line.clone()));
            }
        }
        let mut buttons = column![].spacing(8);
        for b in &d.actions {
            let wired = matches!(
                b.kind,
                ActionKind::LeaveMaintenance
                    | ActionKind::PutOutOfService
                    | ActionKind::BackInService
                    | ActionKind::PaperRefilled
                    | ActionKind::RestartApplication
            );
            let reason = b
                .disabled_because
                .or_else(|| self.desk.allowed(b.kind).err())
                .or((!wired).then_some("not available from this screen yet"));
            let label = match reason {
                Some(why) => format!("{} ({why})", b.label),
                None => b.label.to_string(),
            };
            buttons = buttons.push(
                button(text(label).size(24))
                    .on_press_maybe(reason.is_none().then_some(Message::Act(b.kind)))
                    .width(Length::Fill)
                    .padding(12)
                    .style(if b.kind == ActionKind::LeaveMaintenance {
                        theme::primary
                    } else {
                        theme::secondary
                    }),
            );
        }
        // The actions stay in view; the sections scroll above them.
        column![scrollable(page).height(Length::Fill), buttons]
            .spacing(20)
            .into()
    }
}

/// The attract screen while a technician has put the kiosk out of service.
pub fn out_of_service_view(message: &str) -> Element<'_, Message> {
    container(
        column![title("Fuera de servicio".into()), body(message.to_owned())]
            .spacing(32)
            .align_x(Alignment::Center),
    )
    .center(Length::Fill)
    .padding(48)
    .style(|_t| container::Style {
        background: Some(iced::Background::Color(theme::WHITE)),
        text_color: Some(theme::INK),
        ..Default::default()
    })
    .into()
}

/// The pointer events the hidden gesture needs, from the window's events.
pub fn pointer(event: iced::Event) -> Option<Pointer> {
    use iced::{mouse, touch};
    match event {
        iced::Event::Mouse(mouse::Event::CursorMoved { position }) => {
            Some(Pointer::Moved(position.x, position.y))
        }
        iced::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => Some(Pointer::Down),
        iced::Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)) => Some(Pointer::Up),
        iced::Event::Touch(touch::Event::FingerPressed { position, .. }) => {
            Some(Pointer::TouchDown(position.x, position.y))
        }
        iced::Event::Touch(touch::Event::FingerMoved { position, .. }) => {
            Some(Pointer::Moved(position.x, position.y))
        }
        iced::Event::Touch(touch::Event::FingerLifted { .. } | touch::Event::FingerLost { .. }) => {
            Some(Pointer::Up)
        }
        _ => None,
    }
}

const RED: Color = Color::from_rgb(0.72, 0.11, 0.11);
const AMBER: Color = Color::from_rgb(0.70, 0.42, 0.0);
const GREEN: Color = Color::from_rgb(0.10, 0.50, 0.20);

fn colour(severity: Severity) -> Color {
    match severity {
        Severity::Ok => theme::INK,
        Severity::Unknown => theme::MUTED,
        Severity::Warning => AMBER,
        Severity::Fault => RED,
    }
}

fn dot<'a>(severity: Severity, size: f32) -> Element<'a, Message> {
    let c = match severity {
        Severity::Ok => GREEN,
        other => colour(other),
    };
    text("●").font(theme::ICONS).size(size).color(c).into()
}
