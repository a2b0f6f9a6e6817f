//! The dashboard: what it is built from (the metrics, the drivers' watch,
//! the printer, the disk, the audit log; totem-maintenance's
//! `dashboard::build` decides what it says), and how it is laid out: the
//! heading, the reports of the actions under way, the sections, the recent
//! audit lines, and the action buttons, which stay in view.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};
use totem_maintenance::chrono::{DateTime, Local, Utc};
use totem_maintenance::dashboard::{
    self, BackendInput, Dashboard, DashboardInputs, DeviceInput, PrinterInput, Text,
};
use totem_maintenance::desk::{ActionKind, MaintenanceDesk};
use totem_maintenance::logging::LogTail;
use totem_maintenance::metrics::{Device, Metrics};
use totem_maintenance::reports::ActionReport;
use totem_print::{JobPhase, Printer};

use super::words::{colour, dot, RED};
use crate::ui::effects::device_watch::device_watch;
use crate::ui::theme;
use crate::ui::theme::Scale;
use crate::ui::widgets::hint;

/// What the dashboard is built from, besides the metrics.
#[derive(Debug, Clone)]
pub struct Site {
    pub kiosk_id: String,
    pub site: String,
    pub backend_url: String,
    pub client_cert: std::path::PathBuf,
    pub printer_queue: String,
    pub spool_dir: String,
    pub scanner: (String, u32),
    pub fingerprint: (String, u32),
}

/// The dashboard as it is now.
pub fn build(
    now: DateTime<Utc>,
    site: &Site,
    metrics: &Metrics,
    desk: &MaintenanceDesk,
    log_tail: Option<&LogTail>,
    printer: Option<&Arc<Mutex<Printer>>>,
    drivers_paused: bool,
) -> Dashboard {
    let health = metrics.health_summary(now, Local::now().date_naive());
    let watch = device_watch();
    let mut devices = Vec::new();
    for (device, (port, baud)) in [
        (Device::Scanner, &site.scanner),
        (Device::Fingerprint, &site.fingerprint),
    ] {
        let (since, error) = match device {
            Device::Scanner => (watch.scanner_since, watch.scanner_error.clone()),
            Device::Fingerprint => (watch.fingerprint_since, watch.fingerprint_error.clone()),
        };
        let mut params = Vec::new();
        let mut has_led = None;
        if let (Device::Fingerprint, Some(info)) = (device, &watch.module) {
            has_led = Some(info.has_led);
            params = vec![
                (
                    Text::new("maint-param-baud"),
                    Text::new("maint-param-baud-value").arg("baud", info.baud),
                ),
                (
                    Text::new("maint-param-packet-size"),
                    Text::new("maint-param-packet-size-value")
                        .arg("bytes", u32::try_from(info.packet_size).unwrap_or(u32::MAX)),
                ),
                (
                    Text::new("maint-param-library-size"),
                    Text::raw(info.library_size.to_string()),
                ),
                (
                    Text::new("maint-param-security-level"),
                    Text::raw(info.security_level.to_string()),
                ),
                (
                    Text::new("maint-param-led"),
                    dashboard::yes_no(info.has_led),
                ),
            ];
        }
        devices.push(DeviceInput {
            device,
            port: port.clone(),
            baud: *baud,
            params,
            connected_since: since,
            last_error: error,
            has_led,
            paused: drivers_paused,
        });
    }
    let jobs_waiting = printer
        .and_then(|p| p.try_lock().ok())
        .map(|p| {
            p.jobs()
                .iter()
                .filter(|j| matches!(j.phase, JobPhase::Queued | JobPhase::Submitted { .. }))
                .count()
        })
        .unwrap_or(0);
    let inputs = DashboardInputs {
        now,
        kiosk_id: site.kiosk_id.clone(),
        site: site.site.clone(),
        version: env!("CARGO_PKG_VERSION").into(),
        uptime: metrics.uptime(),
        sessions_today: health.sessions_today,
        devices,
        backend: BackendInput {
            url: site.backend_url.clone(),
            reachable: health.backend_reachable,
            last_latency: health.backend_last_latency_ms.map(Duration::from_millis),
            client_cert_not_after: totem_maintenance::tls::read_validity(&site.client_cert)
                .map(|v| v.not_after)
                .map_err(|e| e.to_string()),
            reports_waiting: health.delivery_reports_waiting,
        },
        printer: PrinterInput {
            queue: site.printer_queue.clone(),
            state: health.printer_state,
            reasons: health.printer_reasons.clone(),
            jobs_waiting: u32::try_from(jobs_waiting).unwrap_or(u32::MAX),
        },
        spool_dir: site.spool_dir.clone(),
        spool_space: totem_maintenance::disk::disk_space(Path::new(&site.spool_dir))
            .map_err(|e| e.to_string()),
        out_of_service: desk.out_of_service().map(str::to_owned),
        log_tail: log_tail.map(LogTail::lines).unwrap_or_default(),
        recent_audit: totem_maintenance::audit::tail(desk.audit_path(), 8).unwrap_or_default(),
    };
    dashboard::build(&inputs)
}

/// An action's report on the dashboard, with what its panel shows under
/// the lines (the test capture's image, the raw scan's Stop button).
pub struct Report<'a, M> {
    pub report: ActionReport,
    pub extra: Option<Element<'a, M>>,
}

/// What a button says and does: greyed, with its reason, when it cannot.
pub struct Button<M> {
    pub kind: ActionKind,
    pub label: String,
    pub on_press: Option<M>,
}

/// The dashboard laid out; `said` is the last word on an action (an error).
pub fn view<'a, M: Clone + 'a>(
    d: &'a Dashboard,
    said: Option<String>,
    reports: Vec<Report<'a, M>>,
    buttons: Vec<Button<M>>,
    toggle_language: M,
    say: &dyn Fn(&Text) -> String,
) -> Element<'a, M> {
    let language = button(text(say(&Text::new("maint-language"))).size(24))
        .on_press(toggle_language)
        .padding(12)
        .style(theme::secondary);
    let mut page = column![row![
        dot(d.overall, 28.0),
        text(d.heading.clone())
            .size(40)
            .font(theme::BOLD)
            .width(Length::Fill),
        language,
    ]
    .spacing(16)
    .align_y(Alignment::Center)]
    .spacing(20);
    if let Some(said) = said {
        page = page.push(text(said).size(theme::HINT).color(RED));
    }
    for problem in &d.problems {
        page = page.push(
            text(format!("• {}", say(problem)))
                .size(theme::HINT)
                .color(RED),
        );
    }
    for Report { report, extra } in reports {
        let mut lines = column![row![
            dot(report.severity, 20.0),
            // Not the button's bare label: a touch must find the button.
            text(format!("{}:", say(&dashboard::action_label(report.kind))))
                .size(28)
                .font(theme::BOLD)
        ]
        .spacing(12)
        .align_y(Alignment::Center)]
        .spacing(6);
        for line in &report.lines {
            let words = say(line);
            // The raw scan's text, in a face where every byte shows.
            let shown = if line.key == "maint-raw" && report.kind == ActionKind::ShowLastRawScan {
                // A URL has no spaces: it breaks anywhere rather than run off the screen.
                text(words)
                    .size(22)
                    .font(theme::ICONS)
                    .wrapping(text::Wrapping::WordOrGlyph)
            } else {
                text(words).size(24)
            };
            lines = lines.push(shown);
        }
        if let Some(extra) = extra {
            lines = lines.push(extra);
        }
        page = page.push(
            container(lines)
                .padding(12)
                .width(Length::Fill)
                .style(theme::panel),
        );
    }
    for section in &d.sections {
        let mut rows = column![row![
            dot(section.severity, 20.0),
            text(say(&section.title)).size(30).font(theme::BOLD)
        ]
        .spacing(12)
        .align_y(Alignment::Center)]
        .spacing(4);
        for r in &section.rows {
            rows = rows.push(
                row![
                    text(say(&r.label)).size(24).width(Length::FillPortion(2)),
                    text(say(&r.value))
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
        page = page.push(
            text(say(&Text::new("maint-audit")))
                .size(30)
                .font(theme::BOLD),
        );
        for line in &d.audit_lines {
            page = page.push(hint(Scale::NORMAL, line.clone()));
        }
    }
    let mut rows = column![].spacing(8);
    let mut buttons = buttons.into_iter().peekable();
    while buttons.peek().is_some() {
        let mut line = row![].spacing(8);
        for b in buttons.by_ref().take(2) {
            line = line.push(
                button(text(b.label).size(22))
                    .on_press_maybe(b.on_press)
                    .width(Length::Fill)
                    .padding(12)
                    .style(if b.kind == ActionKind::LeaveMaintenance {
                        theme::primary
                    } else {
                        theme::secondary
                    }),
            );
        }
        rows = rows.push(line);
    }
    // The actions stay in view; the sections scroll above them (clear of
    // the scrollbar).
    let page = page.padding(iced::Padding {
        right: 20.0,
        ..iced::Padding::ZERO
    });
    column![scrollable(page).height(Length::Fill), rows]
        .spacing(20)
        .into()
}
