//! Structured logs: JSON lines to stdout (journald keeps them), free of
//! personal data.
//!
//! Two guards. First, the layers never log personal values: they log
//! outcomes, counts and keywords, and wrap anything personal in
//! [`Redacted`]. Second, every formatted line passes through [`scrub`],
//! which masks what looks like a RUN or an e-mail address, in case an error
//! text from a backend or a device echoes one. Names, passwords and codes
//! have no shape to catch, so the first guard is the one that counts; the
//! test `no_personal_data_in_logs` checks both on a simulated session.
//!
//! The last lines are also kept in memory ([`LogTail`]) for the technician's
//! dashboard.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

/// What replaces a masked value.
pub const MASK: &str = "[redacted]";

/// Wraps a personal value so that `{}` and `{:?}` print `[redacted]`.
/// `tracing::info!(run = %Redacted(&run), ...)` is allowed; the value is not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted<T>(pub T);

impl<T> fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl<T> fmt::Display for Redacted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// Masks RUN-like numbers (`11.111.111-1`, `11111111-1`, `11.111.111`) and
/// e-mail-like words in `text`. Leaves timestamps, versions, addresses and
/// plain counts alone.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !is_word(bytes[i - 1])) {
            if let Some(end) = run_at(bytes, i) {
                spans.push((i, end));
                i = end;
                continue;
            }
        }
        if bytes[i] == b'@' {
            if let Some((s, e)) = email_around(bytes, i) {
                // Merge with a span already covering its start.
                spans.retain(|&(a, _)| a < s);
                spans.push((s, e));
                i = e;
                continue;
            }
        }
        i += 1;
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (s, e) in spans {
        if s < last {
            continue;
        }
        out.push_str(&text[last..s]);
        out.push_str(MASK);
        last = e;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_'
}

/// A RUN starting at `i`: 7–8 digits, or 1–2 digits + `.ddd.ddd`, then
/// optionally `-` and a check digit (0–9, K); the dotted and dashed forms are
/// masked, a bare digit run only with its check digit.
fn run_at(b: &[u8], i: usize) -> Option<usize> {
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let lead = digits(i);
    let mut j = i + lead;
    let mut dotted = false;
    if (1..=2).contains(&lead)
        && b.get(j) == Some(&b'.')
        && digits(j + 1) == 3
        && b.get(j + 4) == Some(&b'.')
        && digits(j + 5) == 3
    {
        j += 8;
        dotted = true;
    } else if !(7..=9).contains(&lead) {
        return None;
    }
    let mut dashed = false;
    if b.get(j) == Some(&b'-')
        && b.get(j + 1)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'k' || *c == b'K')
    {
        if b.get(j + 2).is_none_or(|c| !is_word(*c) || *c == b'.') {
            j += 2;
            dashed = true;
        }
    } else if lead == 9 {
        // Nine bare digits: a RUN with its check digit glued on.
        dashed = true;
    }
    // A dotted group followed by more dots/digits is an IP address or a version.
    let boundary = b.get(j).is_none_or(|c| {
        !(c.is_ascii_alphanumeric() || (*c == b'.' && b.get(j + 1).is_some_and(u8::is_ascii_digit)))
    });
    (boundary && (dotted || dashed)).then_some(j)
}

fn email_around(b: &[u8], at: usize) -> Option<(usize, usize)> {
    let local = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-');
    let domain = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-');
    let start = at - b[..at].iter().rev().take_while(|c| local(c)).count();
    let end = at + 1 + b[at + 1..].iter().take_while(|c| domain(c)).count();
    let dom = &b[at + 1..end];
    (start < at && dom.contains(&b'.') && dom.first().is_some_and(u8::is_ascii_alphanumeric))
        .then_some((start, end))
}

/// The last lines of the log, kept in memory for the dashboard.
#[derive(Debug, Clone)]
pub struct LogTail {
    lines: Arc<Mutex<VecDeque<String>>>,
    keep: usize,
}

impl LogTail {
    pub fn new(keep: usize) -> Self {
        Self {
            lines: Arc::new(Mutex::new(VecDeque::with_capacity(keep))),
            keep: keep.max(1),
        }
    }

    /// The kept lines, oldest first.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }

    fn push(&self, line: &str) {
        let mut lines = self.lines.lock().unwrap_or_else(|p| p.into_inner());
        if lines.len() == self.keep {
            lines.pop_front();
        }
        lines.push_back(line.trim_end().to_owned());
    }
}

/// A `MakeWriter` that scrubs every line, copies it to a [`LogTail`] and
/// writes it to the inner writer.
#[derive(Clone)]
pub struct ScrubbingWriter<M> {
    inner: M,
    tail: Option<LogTail>,
}

impl<M> ScrubbingWriter<M> {
    pub fn new(inner: M, tail: Option<LogTail>) -> Self {
        Self { inner, tail }
    }
}

/// One formatted event on its way out.
pub struct ScrubbingLine<W: Write> {
    inner: W,
    tail: Option<LogTail>,
    buf: Vec<u8>,
}

impl<W: Write> Write for ScrubbingLine<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return self.inner.flush();
        }
        let text = String::from_utf8_lossy(&self.buf);
        let clean = scrub(&text);
        if let Some(tail) = &self.tail {
            for line in clean.lines() {
                tail.push(line);
            }
        }
        let result = self
            .inner
            .write_all(clean.as_bytes())
            .and_then(|()| self.inner.flush());
        self.buf.clear();
        result
    }
}

impl<W: Write> Drop for ScrubbingLine<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for ScrubbingWriter<M> {
    type Writer = ScrubbingLine<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        ScrubbingLine {
            inner: self.inner.make_writer(),
            tail: self.tail.clone(),
            buf: Vec::new(),
        }
    }
}

/// The filter used when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info";

/// Builds the kiosk's subscriber: JSON lines (time, level, target, fields)
/// through the scrubbing writer. `filter` is an `EnvFilter` directive.
pub fn subscriber<M>(
    writer: M,
    tail: Option<LogTail>,
    filter: &str,
) -> impl tracing::Subscriber + Send + Sync
where
    M: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    tracing_subscriber::registry().with(filter).with(
        tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .with_writer(ScrubbingWriter::new(writer, tail)),
    )
}

/// Installs the kiosk's logging for the whole process: JSON to stdout,
/// filter from `RUST_LOG` or `info`. Call once, first thing in `main`/`run`.
/// Returns the tail the dashboard shows.
pub fn init(keep_lines: usize) -> Result<LogTail, tracing_subscriber::util::TryInitError> {
    let tail = LogTail::new(keep_lines);
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| DEFAULT_FILTER.to_owned());
    subscriber(io::stdout, Some(tail.clone()), &filter).try_init()?;
    Ok(tail)
}

/// One JSON log line as a technician reads it on the dashboard:
/// `10:02:03 WARN printer stopped reason=media-empty`. A line that is not
/// JSON is returned as it is.
pub fn humanize(line: &str) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(line) else {
        return line.to_owned();
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let time = map
        .get("timestamp")
        .and_then(|t| t.as_str())
        .and_then(|t| t.get(11..19))
        .unwrap_or("");
    let level = map.get("level").map(text).unwrap_or_default();
    let message = map.get("message").map(text).unwrap_or_default();
    let mut out = format!("{time} {level} {message}");
    // Sorted, whatever order serde_json's map keeps (a feature elsewhere in
    // the build may switch it to insertion order).
    let mut fields: Vec<_> = map
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "timestamp" | "level" | "message" | "target"))
        .collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    for (k, v) in fields {
        out.push_str(&format!(" {k}={}", text(v)));
    }
    out.trim().to_owned()
}

/// A `MakeWriter` into a shared buffer, to capture logs in tests (this
/// crate's and the integrator's full-session scan).
#[derive(Clone, Default)]
pub struct CaptureWriter(pub Arc<Mutex<Vec<u8>>>);

impl CaptureWriter {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

impl Write for CaptureWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for CaptureWriter {
    type Writer = CaptureWriter;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Where a personal value turned up in captured logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub line: usize,
    /// Which secret it was, by its description (never the value).
    pub what: String,
}

/// Looks for each `(description, value)` in `log`, case-insensitively, and
/// also for a RUN's digits without dots or dash. Used by the no-personal-data
/// tests.
pub fn find_leaks(log: &str, secrets: &[(&str, &str)]) -> Vec<Leak> {
    let lower = log.to_lowercase();
    let mut leaks = Vec::new();
    for (what, value) in secrets {
        let mut needles = vec![value.to_lowercase()];
        let digits: String = value
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        if digits.len() >= 7 && digits != needles[0] {
            needles.push(digits);
        }
        for needle in needles.iter().filter(|n| !n.is_empty()) {
            for (n, line) in lower.lines().enumerate() {
                if line.contains(needle.as_str()) {
                    leaks.push(Leak {
                        line: n + 1,
                        what: (*what).to_owned(),
                    });
                }
            }
        }
    }
    leaks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_masks_runs_in_every_usual_form() {
        for run in [
            "11.111.111-1",
            "11111111-1",
            "11.111.111-K",
            "9.999.999-k",
            "11.111.111",
            "111111111",
            "5126663-3",
        ] {
            let line = format!("backend said: citizen {run} is blocked");
            assert_eq!(
                scrub(&line),
                format!("backend said: citizen {MASK} is blocked"),
                "{run}"
            );
        }
        assert_eq!(scrub("run=11111111-1,"), format!("run={MASK},"));
    }

    #[test]
    fn scrub_masks_email_addresses() {
        assert_eq!(
            scrub("sent to juana.perez+x@correo.example.cl ok"),
            format!("sent to {MASK} ok")
        );
        assert_eq!(
            scrub("\"email\":\"a@b.cl\""),
            format!("\"email\":\"{MASK}\"")
        );
    }

    #[test]
    fn scrub_leaves_ordinary_log_content_alone() {
        for text in [
            "{\"timestamp\":\"2026-11-25T01:24:00.123456Z\",\"level\":\"INFO\"}",
            "listening on 127.0.0.1:9898",
            "connected 10.111.222.33",
            "version 0.1.0 uptime 12345 s latency_ms=250",
            "folio 1234567 printed",
            "port /dev/ttyUSB0 at 57600 baud",
            "user@host",
        ] {
            assert_eq!(scrub(text), text);
        }
    }

    #[test]
    fn redacted_prints_nothing_of_the_value() {
        let v = Redacted("11.111.111-1");
        assert_eq!(format!("{v} {v:?}"), format!("{MASK} {MASK}"));
    }

    #[test]
    fn humanized_lines_read_like_a_sentence() {
        let line = r#"{"timestamp":"2026-11-25T10:02:03.123Z","level":"WARN","message":"printer stopped","reason":"media-empty","jobs":2,"target":"totem::print"}"#;
        assert_eq!(
            humanize(line),
            "10:02:03 WARN printer stopped jobs=2 reason=media-empty"
        );
        assert_eq!(humanize("not json"), "not json");
    }

    #[test]
    fn tail_keeps_the_last_lines() {
        let t = LogTail::new(2);
        t.push("a\n");
        t.push("b\n");
        t.push("c\n");
        assert_eq!(t.lines(), vec!["b".to_string(), "c".to_string()]);
    }

    fn dotted(body: u32) -> String {
        let s = body.to_string();
        let (head, tail) = s.split_at(s.len() - 6);
        format!("{head}.{}.{}", &tail[..3], &tail[3..])
    }

    proptest::proptest! {
        #[test]
        fn scrub_never_panics(text in "\\PC{0,200}") {
            let _ = scrub(&text);
        }

        #[test]
        fn scrub_masks_any_run_in_any_form(
            body in 1_000_000u32..99_999_999,
            dv in proptest::sample::select(vec!['0', '5', '9', 'K', 'k']),
            before in "[a-z :=\"(]{0,10}",
            after in "[a-z :,\")]{0,10}",
        ) {
            for form in [format!("{}-{dv}", dotted(body)), format!("{body}-{dv}"), dotted(body)] {
                let line = format!("{before} {form} {after}");
                let out = scrub(&line);
                proptest::prop_assert!(!out.contains(&body.to_string()), "{line} -> {out}");
                proptest::prop_assert!(!out.contains(&dotted(body)), "{line} -> {out}");
            }
        }
    }

    #[test]
    fn find_leaks_finds_a_run_without_its_punctuation() {
        let leaks = find_leaks("x\nrun 111111111 y", &[("RUN", "11.111.111-1")]);
        assert_eq!(
            leaks,
            vec![Leak {
                line: 2,
                what: "RUN".into()
            }]
        );
    }
}
