//! The metric families of a scrape, encoded by prometheus-client's
//! OpenMetrics text encoder from a copy of the numbers. A collector rather
//! than live metric objects: a few families appear only once their value is
//! known (spool space, certificate expiry...), and the health summary reads
//! the same numbers.
//!
//! Counters are declared without their `_total` suffix: the encoder adds it
//! to the samples, so the series keep their documented names.

use std::fmt;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeGaugeValue, EncodeLabelSet, EncodeMetric,
};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;

use super::{Inner, PrinterState};

/// What one scrape shows: the kiosk's labels, its uptime and its numbers.
#[derive(Debug)]
pub(super) struct Exposition {
    pub kiosk: String,
    pub version: String,
    pub uptime: f64,
    pub state: Inner,
}

/// The OpenMetrics text of `exposition` (ending with `# EOF`).
pub(super) fn encode(exposition: Exposition) -> String {
    let mut registry = Registry::default();
    registry.register_collector(Box::new(exposition));
    let mut out = String::with_capacity(4096);
    // Writing to a String cannot fail, and the collector only fails when
    // its writer does.
    let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
    out
}

impl Collector for Exposition {
    fn encode(&self, mut e: DescriptorEncoder) -> fmt::Result {
        let m = &self.state;
        let build = [
            ("version", self.version.as_str()),
            ("kiosk", self.kiosk.as_str()),
        ];
        gauges(
            &mut e,
            "totem_build_info",
            "Version and kiosk id; always 1.",
            [(build, 1)],
        )?;
        gauge(
            &mut e,
            "totem_uptime_seconds",
            "Seconds since the app started.",
            self.uptime,
        )?;
        counters(
            &mut e,
            "totem_sessions_started",
            "Sessions started, by flow.",
            m.started.iter().map(|(f, n)| ([("flow", f.as_str())], *n)),
        )?;
        counters(
            &mut e,
            "totem_sessions_completed",
            "Sessions that reached their end, by flow.",
            m.completed
                .iter()
                .map(|(f, n)| ([("flow", f.as_str())], *n)),
        )?;
        counters(
            &mut e,
            "totem_sessions_abandoned",
            "Sessions ended early, by flow and reason.",
            m.abandoned
                .iter()
                .map(|((f, r), n)| ([("flow", f.as_str()), ("reason", r.as_str())], *n)),
        )?;
        counters(
            &mut e,
            "totem_fingerprint_tries",
            "Fingerprint tries, by outcome.",
            m.fingerprint
                .iter()
                .map(|(o, n)| ([("outcome", o.as_str())], *n)),
        )?;
        counters(
            &mut e,
            "totem_certificates_printed",
            "Certificates printed, by catalog kind.",
            m.printed.iter().map(|(k, n)| ([("kind", k.as_str())], *n)),
        )?;
        counters(
            &mut e,
            "totem_certificate_print_failures",
            "Certificates that failed to print, by kind.",
            m.print_failed
                .iter()
                .map(|(k, n)| ([("kind", k.as_str())], *n)),
        )?;
        gauges(
            &mut e,
            "totem_device_connected",
            "1 when the serial device answers.",
            m.connected
                .iter()
                .map(|(d, c)| ([("device", d.as_str())], i64::from(*c))),
        )?;
        gauge(
            &mut e,
            "totem_backend_up",
            "1 when the last backend call got an answer.",
            i64::from(m.backend_up.unwrap_or(false)),
        )?;
        counter(
            &mut e,
            "totem_backend_unreachable",
            "Backend calls that got no answer.",
            m.backend_errors,
        )?;
        m.latency.encode(e.encode_descriptor(
            "totem_backend_request_duration_seconds",
            "Backend call latency.",
            None,
            MetricType::Histogram,
        )?)?;
        gauges(
            &mut e,
            "totem_printer_state",
            "1 for the printer's current state.",
            PrinterState::ALL
                .iter()
                .map(|s| ([("state", s.as_str())], i64::from(*s == m.printer))),
        )?;
        gauges(
            &mut e,
            "totem_printer_reason",
            "1 for each printer-state-reason now present.",
            m.printer_reasons
                .iter()
                .map(|r| ([("reason", r.as_str())], 1)),
        )?;
        if let Some(free) = m.spool_free_bytes {
            gauge(
                &mut e,
                "totem_spool_free_bytes",
                "Free bytes on the print spool's filesystem.",
                free,
            )?;
        }
        if let Some(waiting) = m.delivery_reports_waiting {
            gauge(
                &mut e,
                "totem_delivery_reports_waiting",
                "Certificate delivery reports kept on disk until the registry takes them.",
                waiting,
            )?;
        }
        if let Some(t) = m.cert_not_after {
            gauge(
                &mut e,
                "totem_client_cert_not_after_timestamp_seconds",
                "When the kiosk's TLS client certificate expires.",
                t.timestamp(),
            )?;
        }
        gauge(
            &mut e,
            "totem_out_of_service",
            "1 while a technician has put the kiosk out of service.",
            i64::from(m.out_of_service),
        )?;
        gauge(
            &mut e,
            "totem_maintenance_mode",
            "1 while maintenance mode is open.",
            i64::from(m.maintenance),
        )?;
        counter(
            &mut e,
            "totem_pin_lockouts",
            "Technician PIN lockouts.",
            m.pin_lockouts,
        )?;
        counter(
            &mut e,
            "totem_heartbeat_failures",
            "Heartbeats the backend did not take.",
            m.heartbeats_failed,
        )?;
        if let Some(head) = &m.audit_head {
            gauge(
                &mut e,
                "totem_audit_entries",
                "Entries in the audit log.",
                head.entries,
            )?;
        }
        Ok(())
    }
}

fn counter(e: &mut DescriptorEncoder, name: &str, help: &str, value: u64) -> fmt::Result {
    ConstCounter::new(value).encode(e.encode_descriptor(name, help, None, MetricType::Counter)?)
}

fn gauge<V: EncodeGaugeValue>(
    e: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: V,
) -> fmt::Result {
    ConstGauge::new(value).encode(e.encode_descriptor(name, help, None, MetricType::Gauge)?)
}

fn counters<L: EncodeLabelSet>(
    e: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    rows: impl IntoIterator<Item = (L, u64)>,
) -> fmt::Result {
    let mut family = e.encode_descriptor(name, help, None, MetricType::Counter)?;
    for (labels, value) in rows {
        ConstCounter::new(value).encode(family.encode_family(&labels)?)?;
    }
    Ok(())
}

fn gauges<L: EncodeLabelSet>(
    e: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    rows: impl IntoIterator<Item = (L, i64)>,
) -> fmt::Result {
    let mut family = e.encode_descriptor(name, help, None, MetricType::Gauge)?;
    for (labels, value) in rows {
        ConstGauge::new(value).encode(family.encode_family(&labels)?)?;
    }
    Ok(())
}
