//! The alert rules, their unit tests, the Alertmanager route and the
//! Grafana dashboard shipped in packaging/prometheus/, checked with the
//! real tools from Debian (`promtool` from the package prometheus,
//! `amtool` from prometheus-alertmanager; scripts/install-deps installs
//! them), and against the metric names the kiosk really exports.
//!
//! `TOTEM_SKIP_PROMETHEUS_TESTS=1` skips them on a development machine
//! without the tools; anywhere else a missing tool is a failure.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use totem_maintenance::audit::AuditHead;
use totem_maintenance::metrics::{
    AbandonReason, Device, FingerprintOutcome, Flow, Metrics, PrinterState,
};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/prometheus")
}

fn read(name: &str) -> String {
    let path = folder().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The tool's path, or None when the tests are skipped on purpose.
fn tool(name: &str, package: &str) -> Option<PathBuf> {
    if std::env::var_os("TOTEM_SKIP_PROMETHEUS_TESTS").is_some() {
        eprintln!("skipped: TOTEM_SKIP_PROMETHEUS_TESTS is set");
        return None;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    match found {
        Some(path) => Some(path),
        None => panic!(
            "{name} not found: install the Debian package {package} (scripts/install-deps), \
             or set TOTEM_SKIP_PROMETHEUS_TESTS=1"
        ),
    }
}

/// Runs the tool in packaging/prometheus and returns its output; fails
/// the test with that output when it does not succeed.
fn run(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .current_dir(folder())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", tool.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{} {args:?} failed ({}):\n{text}",
        tool.display(),
        out.status
    );
    text
}

/// `- alert: Name` / `- record: name` entries of the rules file.
fn entries(rules: &str, key: &str) -> Vec<String> {
    let prefix = format!("- {key}: ");
    rules
        .lines()
        .filter_map(|l| l.trim().strip_prefix(&prefix))
        .map(|name| name.trim().to_owned())
        .collect()
}

/// Each alert with its `severity` and `component` labels.
fn alerts_with_labels(rules: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, Option<String>, Option<String>)> = None;
    let mut flush = |c: &mut Option<(String, Option<String>, Option<String>)>| {
        if let Some((name, severity, component)) = c.take() {
            out.push((
                name.clone(),
                severity.unwrap_or_else(|| panic!("{name}: no severity label")),
                component.unwrap_or_else(|| panic!("{name}: no component label")),
            ));
        }
    };
    for line in rules.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix("- alert: ") {
            flush(&mut current);
            current = Some((name.trim().to_owned(), None, None));
        } else if line.starts_with("- record: ") || line.starts_with("- name: ") {
            flush(&mut current);
        } else if let Some((_, severity, component)) = current.as_mut() {
            if let Some(v) = line.strip_prefix("severity: ") {
                *severity = Some(v.trim().to_owned());
            } else if let Some(v) = line.strip_prefix("component: ") {
                *component = Some(v.trim().to_owned());
            }
        }
    }
    flush(&mut current);
    out
}

#[test]
fn the_rules_pass_promtool_and_their_unit_tests() {
    let Some(promtool) = tool("promtool", "prometheus") else {
        return;
    };
    let checked = run(&promtool, &["check", "rules", "totem-rules.yml"]);
    assert!(checked.contains("SUCCESS"), "{checked}");
    let tested = run(
        &promtool,
        &[
            "test",
            "rules",
            "totem-rules.test.yml",
            "totem-rules-week.test.yml",
        ],
    );
    assert!(!tested.contains("FAILED"), "{tested}");
}

#[test]
fn promtool_catches_a_broken_rule() {
    // The unit tests must be able to fail: the same tests against rules
    // whose fingerprint-reader alert waits 10 minutes instead of 2.
    let Some(promtool) = tool("promtool", "prometheus") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = read("totem-rules.yml");
    let broken = rules.replacen("        for: 2m\n", "        for: 10m\n", 1);
    assert_ne!(broken, rules, "the device alert's `for: 2m` moved");
    std::fs::write(dir.path().join("totem-rules.yml"), broken).expect("write");
    std::fs::write(
        dir.path().join("totem-rules.test.yml"),
        read("totem-rules.test.yml"),
    )
    .expect("write");
    let out = Command::new(&promtool)
        .args(["test", "rules", "totem-rules.test.yml"])
        .current_dir(dir.path())
        .output()
        .expect("promtool");
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "a broken rule passed:\n{text}");
    assert!(
        text.contains("alertname: TotemDeviceDisconnected"),
        "{text}"
    );
}

#[test]
fn every_alert_has_unit_tests_and_routing_labels() {
    let rules = read("totem-rules.yml");
    let tests = read("totem-rules.test.yml") + &read("totem-rules-week.test.yml");
    let alerts = alerts_with_labels(&rules);
    assert_eq!(alerts.len(), entries(&rules, "alert").len());
    // The alerts the operators asked for (issue: silent, degraded, out of
    // service, printer stopped, paper low, backend unreachable, client
    // certificate expiring, delivery reports piling up, abandon rate).
    for wanted in [
        "TotemKioskSilent",
        "TotemHeartbeatsFailing",
        "TotemKioskDegraded",
        "TotemOutOfService",
        "TotemDeviceDisconnected",
        "TotemPrinterStopped",
        "TotemPaperLow",
        "TotemBackendUnreachable",
        "TotemClientCertExpiring",
        "TotemDeliveryReportsPilingUp",
        "TotemAbandonRateUnusual",
    ] {
        assert!(
            alerts.iter().any(|(name, _, _)| name == wanted),
            "no alert {wanted}"
        );
    }
    for (name, severity, _) in &alerts {
        assert!(
            ["critical", "warning", "info"].contains(&severity.as_str()),
            "{name}: severity {severity}"
        );
        // A firing case: the alert named with a non-empty exp_alerts. The
        // quiet case sits in the same test (another kiosk, or an earlier
        // eval_time), which promtool checks as "exactly these alerts".
        let firing = tests
            .split(&format!("alertname: {name}\n"))
            .skip(1)
            .any(|after| {
                after
                    .lines()
                    .next()
                    .is_some_and(|l| l.trim() == "exp_alerts:")
            });
        assert!(firing, "{name}: no unit test where it fires");
    }
}

/// What the kiosk serves on /metrics with every gauge set, as Prometheus
/// stores it: the sample names.
fn exported_names() -> BTreeSet<String> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let m = Metrics::new("TOT-0001", "0.1.0");
    for flow in Flow::ALL {
        m.session_started(flow, today);
        m.session_completed(flow);
        m.session_abandoned(flow, AbandonReason::Timeout);
    }
    m.fingerprint_try(FingerprintOutcome::Match);
    m.certificate_printed("nacimiento-todo-tramite");
    m.certificate_print_failed("nacimiento-todo-tramite");
    m.device_connected(Device::Fingerprint, true);
    m.backend_call(Duration::from_millis(40));
    m.backend_unreachable();
    m.printer_state(PrinterState::Stopped, &["media-empty-error"]);
    m.spool_free_bytes(1 << 30);
    m.delivery_reports_waiting(2);
    m.client_cert_not_after(Utc.with_ymd_and_hms(2027, 6, 1, 0, 0, 0).unwrap());
    m.pin_lockout();
    m.heartbeat_failed();
    m.audit_head(AuditHead {
        entries: 3,
        hash: "00".repeat(32),
    });
    m.render()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split(['{', ' ']).next())
        .map(str::to_owned)
        .collect()
}

/// Every `totem_…` and `totem:…` name in `text`.
fn names_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find("totem") {
        let start = i + at;
        let before_ok = start == 0 || {
            let b = bytes[start - 1];
            !(b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'-' || b == b'/')
        };
        let mut end = start + "totem".len();
        while end < bytes.len()
            && (bytes[end].is_ascii_lowercase()
                || bytes[end].is_ascii_digit()
                || bytes[end] == b'_'
                || bytes[end] == b':')
        {
            end += 1;
        }
        let name = &text[start..end];
        if before_ok && (name.starts_with("totem_") || name.starts_with("totem:")) {
            out.insert(name.trim_end_matches(':').to_owned());
        }
        i = end;
    }
    out
}

fn dashboard() -> serde_json::Value {
    serde_json::from_str(&read("totem-fleet.json")).expect("totem-fleet.json is JSON")
}

fn dashboard_queries(dashboard: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for panel in dashboard["panels"].as_array().expect("panels") {
        let title = panel["title"].as_str().unwrap_or_default();
        for target in panel["targets"].as_array().into_iter().flatten() {
            if let Some(expr) = target["expr"].as_str() {
                out.push((title.to_owned(), expr.to_owned()));
            }
        }
    }
    out
}

#[test]
fn rules_and_dashboard_use_only_what_the_kiosk_exports() {
    let exported = exported_names();
    // The names the rules and the dashboard rely on are really there.
    for must in [
        "totem_build_info",
        "totem_sessions_started_total",
        "totem_device_connected",
        "totem_backend_request_duration_seconds_bucket",
        "totem_client_cert_not_after_timestamp_seconds",
    ] {
        assert!(exported.contains(must), "{must} not in {exported:?}");
    }
    let rules = read("totem-rules.yml");
    let recorded: BTreeSet<String> = entries(&rules, "record").into_iter().collect();
    let known = |name: &str| exported.contains(name) || recorded.contains(name);
    let dashboard = read("totem-fleet.json");
    for (file, text) in [
        ("totem-rules.yml", &rules),
        ("totem-fleet.json", &dashboard),
    ] {
        let named = names_in(text);
        assert!(
            named.contains("totem_build_info") && named.contains("totem:kiosk_status:code"),
            "{file}: the name scan found only {named:?}"
        );
        let unknown: Vec<String> = names_in(text).into_iter().filter(|n| !known(n)).collect();
        assert!(
            unknown.is_empty(),
            "{file} names series the kiosk does not export: {unknown:?}\nexported: {exported:?}"
        );
    }
}

#[test]
fn the_dashboard_has_the_fleet_panels_and_every_query_parses() {
    let dashboard = dashboard();
    let queries = dashboard_queries(&dashboard);
    for title in [
        "Fleet map by status",
        "Kiosks by status",
        "Sessions per hour, by flow",
        "Certificates printed per hour, by kind",
        "Abandon reasons",
        "Printer states",
    ] {
        assert!(
            queries.iter().any(|(t, _)| t == title),
            "no panel {title:?} with a query"
        );
    }
    let Some(promtool) = tool("promtool", "prometheus") else {
        return;
    };
    // promtool parses PromQL in rule files: each query becomes a recording
    // rule, with Grafana's variables replaced by what Grafana sends.
    let mut file = String::from("groups:\n  - name: dashboard\n    rules:\n");
    for (i, (title, expr)) in queries.iter().enumerate() {
        let expr = expr
            .replace("$__rate_interval", "5m")
            .replace("$__range", "1d")
            .replace("$__interval", "1m");
        assert!(!expr.contains('$'), "{title}: unknown variable in {expr}");
        file.push_str(&format!(
            "      - record: dashboard_query_{i}\n        expr: {}\n",
            serde_json::to_string(&expr).expect("quote")
        ));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dashboard-queries.yml");
    std::fs::write(&path, file).expect("write");
    let checked = run(&promtool, &["check", "rules", path.to_str().expect("path")]);
    assert!(
        checked.contains(&format!("SUCCESS: {} rules found", queries.len())),
        "{checked}"
    );
}

#[test]
fn the_alertmanager_example_is_valid_and_routes_every_alert() {
    let Some(amtool) = tool("amtool", "prometheus-alertmanager") else {
        return;
    };
    let checked = run(&amtool, &["check-config", "alertmanager.yml"]);
    assert!(checked.contains("SUCCESS"), "{checked}");
    for (name, severity, component) in alerts_with_labels(&read("totem-rules.yml")) {
        // Hardware goes to the site's technicians, the PIN to security,
        // critical kiosk and backend alerts page the on-call operator first.
        let expected = match component.as_str() {
            "printer" | "device" => "site-technicians",
            "security" => "security",
            "kiosk" if severity == "critical" => "on-call",
            "backend" if severity == "critical" => "on-call,operations",
            _ => "operations",
        };
        let out = run(
            &amtool,
            &[
                "config",
                "routes",
                "test",
                "--config.file=alertmanager.yml",
                &format!("--verify.receivers={expected}"),
                &format!("alertname={name}"),
                &format!("severity={severity}"),
                &format!("component={component}"),
                "kiosk=TOT-0001",
            ],
        );
        assert!(out.contains(expected), "{name}: {out}");
    }
}
