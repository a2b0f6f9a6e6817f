//! Just enough IPP/1.1 (RFC 8010/8011) over HTTP to talk to cupsd: build a
//! request, POST it over TCP or cupsd's Unix socket, and read the attribute
//! groups of the answer. Everything read from the wire is bounds-checked.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::net::UnixStream;
use std::time::Duration;

pub const PRINT_JOB: u16 = 0x0002;
pub const CANCEL_JOB: u16 = 0x0008;
pub const GET_JOB_ATTRIBUTES: u16 = 0x0009;
pub const GET_PRINTER_ATTRIBUTES: u16 = 0x000B;
/// CUPS extension; used by tests to set printer-state-reasons on a queue.
pub const CUPS_ADD_MODIFY_PRINTER: u16 = 0x4003;

const TAG_OPERATION: u8 = 0x01;
const TAG_JOB: u8 = 0x02;
const TAG_END: u8 = 0x03;
const TAG_PRINTER: u8 = 0x04;

const VALUE_INTEGER: u8 = 0x21;
const VALUE_BOOLEAN: u8 = 0x22;
const VALUE_ENUM: u8 = 0x23;
pub const VALUE_NAME: u8 = 0x42;
pub const VALUE_KEYWORD: u8 = 0x44;
const VALUE_URI: u8 = 0x45;
const VALUE_CHARSET: u8 = 0x47;
const VALUE_LANGUAGE: u8 = 0x48;
pub const VALUE_MIME: u8 = 0x49;

/// The largest answer we accept; cupsd's answers to our requests are a few KB.
const MAX_RESPONSE: u64 = 1 << 20;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const IO_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum IppError {
    /// cupsd is not there (refused, no socket, timeout).
    #[error("cannot reach the CUPS server at {server}: {source}")]
    Unreachable {
        server: String,
        source: std::io::Error,
    },
    #[error("the CUPS server answered HTTP {0}")]
    Http(u16),
    #[error("malformed answer from the CUPS server: {0}")]
    Malformed(&'static str),
}

/// A value as read from an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Integer(i32),
    Boolean(bool),
    Text(String),
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub group: u8,
    pub name: String,
    pub values: Vec<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub attributes: Vec<Attribute>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status < 0x0100
    }

    pub fn get(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn integer(&self, name: &str) -> Option<i32> {
        match self.get(name)?.values.first()? {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.get(name)?.values.first()? {
            Value::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    pub fn texts(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|a| {
                a.values
                    .iter()
                    .filter_map(|v| match v {
                        Value::Text(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// An IPP request under construction.
pub struct Request {
    bytes: Vec<u8>,
    group: u8,
}

impl Request {
    /// Starts a request with the mandatory charset and language attributes.
    pub fn new(operation: u16, request_id: u32, printer_uri: &str) -> Self {
        let mut bytes = Vec::with_capacity(256);
        bytes.extend_from_slice(&[1, 1]);
        bytes.extend_from_slice(&operation.to_be_bytes());
        bytes.extend_from_slice(&request_id.to_be_bytes());
        bytes.push(TAG_OPERATION);
        let mut request = Self {
            bytes,
            group: TAG_OPERATION,
        };
        request.attr(VALUE_CHARSET, "attributes-charset", &["utf-8"]);
        request.attr(VALUE_LANGUAGE, "attributes-natural-language", &["en"]);
        request.attr(VALUE_URI, "printer-uri", &[printer_uri]);
        request
    }

    /// Adds a string-valued attribute (several values: one per entry).
    pub fn attr(&mut self, tag: u8, name: &str, values: &[&str]) -> &mut Self {
        for (i, value) in values.iter().enumerate() {
            self.bytes.push(tag);
            let name = if i == 0 { name } else { "" };
            self.push_str(name);
            self.push_str(value);
        }
        self
    }

    pub fn integer(&mut self, name: &str, value: i32) -> &mut Self {
        self.bytes.push(VALUE_INTEGER);
        self.push_str(name);
        self.bytes.extend_from_slice(&4u16.to_be_bytes());
        self.bytes.extend_from_slice(&value.to_be_bytes());
        self
    }

    /// Switches to the job-template group (for `media` and the like).
    pub fn job_group(&mut self) -> &mut Self {
        if self.group != TAG_JOB {
            self.bytes.push(TAG_JOB);
            self.group = TAG_JOB;
        }
        self
    }

    /// Switches to the printer-attributes group.
    pub fn printer_group(&mut self) -> &mut Self {
        if self.group != TAG_PRINTER {
            self.bytes.push(TAG_PRINTER);
            self.group = TAG_PRINTER;
        }
        self
    }

    fn push_str(&mut self, s: &str) {
        // Names and values we send are short constants, folios and URIs;
        // IPP caps each at 32 KB, so truncate rather than overflow the length.
        let bytes = &s.as_bytes()[..s.len().min(0x7fff)];
        self.bytes
            .extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        self.bytes.extend_from_slice(bytes);
    }

    /// The encoded request followed by the document, if any.
    pub fn finish(mut self, document: &[u8]) -> Vec<u8> {
        self.bytes.push(TAG_END);
        self.bytes.extend_from_slice(document);
        self.bytes
    }
}

/// Parses an IPP answer body.
pub fn parse_response(body: &[u8]) -> Result<Response, IppError> {
    let mut r = Reader { buf: body, pos: 0 };
    let _version = r.take(2)?;
    let status = r.u16()?;
    let _request_id = r.take(4)?;
    let mut group = 0u8;
    let mut attributes: Vec<Attribute> = Vec::new();
    loop {
        let tag = r.u8()?;
        if tag == TAG_END {
            break;
        }
        if tag < 0x10 {
            group = tag;
            continue;
        }
        let name_len = r.u16()? as usize;
        let name = r.take(name_len)?;
        let value_len = r.u16()? as usize;
        let raw = r.take(value_len)?;
        let value = match tag {
            VALUE_INTEGER | VALUE_ENUM if raw.len() == 4 => {
                Value::Integer(i32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]))
            }
            VALUE_BOOLEAN if raw.len() == 1 => Value::Boolean(raw[0] != 0),
            0x41..=0x49 => Value::Text(String::from_utf8_lossy(raw).into_owned()),
            _ => Value::Other,
        };
        if name.is_empty() {
            // An additional value of the previous attribute (a "1setOf").
            match attributes.last_mut() {
                Some(last) => last.values.push(value),
                None => return Err(IppError::Malformed("additional value before any attribute")),
            }
        } else {
            attributes.push(Attribute {
                group,
                name: String::from_utf8_lossy(name).into_owned(),
                values: vec![value],
            });
        }
    }
    Ok(Response { status, attributes })
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IppError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|end| *end <= self.buf.len())
            .ok_or(IppError::Malformed("truncated IPP message"))?;
        let slice = &self.buf[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u8(&mut self) -> Result<u8, IppError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, IppError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
}

/// Where cupsd listens: `host:port`, or the path of its Unix socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server(pub String);

impl Server {
    /// The `ipp://` URI of a queue on this server, as cupsd expects it.
    pub fn printer_uri(&self, queue: &str) -> String {
        format!("ipp://localhost/printers/{queue}")
    }

    fn connect(&self) -> Result<Box<dyn ReadWrite>, IppError> {
        let unreachable = |source| IppError::Unreachable {
            server: self.0.clone(),
            source,
        };
        if self.0.starts_with('/') {
            let stream = UnixStream::connect(&self.0).map_err(unreachable)?;
            stream
                .set_read_timeout(Some(IO_TIMEOUT))
                .map_err(unreachable)?;
            stream
                .set_write_timeout(Some(IO_TIMEOUT))
                .map_err(unreachable)?;
            return Ok(Box::new(stream));
        }
        let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address");
        for addr in self.0.to_socket_addrs().map_err(unreachable)? {
            match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
                Ok(stream) => {
                    stream
                        .set_read_timeout(Some(IO_TIMEOUT))
                        .map_err(unreachable)?;
                    stream
                        .set_write_timeout(Some(IO_TIMEOUT))
                        .map_err(unreachable)?;
                    return Ok(Box::new(stream));
                }
                Err(e) => last = e,
            }
        }
        Err(unreachable(last))
    }

    /// POSTs an encoded request to `path` (e.g. `/printers/totem`) and
    /// parses the answer.
    pub fn post(&self, path: &str, body: &[u8]) -> Result<Response, IppError> {
        let mut stream = self.connect()?;
        let unreachable = |source| IppError::Unreachable {
            server: self.0.clone(),
            source,
        };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/ipp\r\n\
             Content-Length: {}\r\nConnection: close\r\nUser-Agent: totem\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).map_err(unreachable)?;
        stream.write_all(body).map_err(unreachable)?;
        stream.flush().map_err(unreachable)?;
        let mut answer = Vec::new();
        stream
            .take(MAX_RESPONSE)
            .read_to_end(&mut answer)
            .map_err(unreachable)?;
        let body = http_body(&answer)?;
        parse_response(&body)
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// The body of an HTTP/1.1 answer read to the end of the connection
/// (Content-Length or chunked; a leading `100 Continue` is skipped).
fn http_body(answer: &[u8]) -> Result<Vec<u8>, IppError> {
    let mut rest = answer;
    loop {
        let end = find(rest, b"\r\n\r\n").ok_or(IppError::Malformed("no HTTP header end"))?;
        let head = String::from_utf8_lossy(&rest[..end]).into_owned();
        let body = &rest[end + 4..];
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or(IppError::Malformed("no HTTP status"))?;
        if status == 100 {
            rest = body;
            continue;
        }
        if status != 200 {
            return Err(IppError::Http(status));
        }
        let header = |name: &str| {
            head.lines().skip(1).find_map(|line| {
                let (k, v) = line.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_owned())
            })
        };
        if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
            return dechunk(body);
        }
        return Ok(
            match header("content-length").and_then(|v| v.parse::<usize>().ok()) {
                Some(len) if len <= body.len() => body[..len].to_vec(),
                Some(_) => return Err(IppError::Malformed("HTTP body shorter than its length")),
                None => body.to_vec(),
            },
        );
    }
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, IppError> {
    let mut out = Vec::new();
    loop {
        let line_end = find(body, b"\r\n").ok_or(IppError::Malformed("bad chunk"))?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| IppError::Malformed("bad chunk size"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if body.len() < size + 2 {
            return Err(IppError::Malformed("truncated chunk"));
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_round_trips_through_the_parser() {
        let mut req = Request::new(GET_PRINTER_ATTRIBUTES, 7, "ipp://localhost/printers/q");
        req.attr(
            VALUE_KEYWORD,
            "requested-attributes",
            &["printer-state", "printer-state-reasons"],
        );
        req.integer("job-id", 42);
        let bytes = req.finish(b"");
        let parsed = parse_response(&bytes).unwrap();
        assert_eq!(parsed.status, GET_PRINTER_ATTRIBUTES);
        assert_eq!(
            parsed.texts("requested-attributes"),
            vec!["printer-state", "printer-state-reasons"]
        );
        assert_eq!(parsed.integer("job-id"), Some(42));
    }

    #[test]
    fn truncated_or_garbage_answers_are_errors_not_panics() {
        let mut req = Request::new(PRINT_JOB, 1, "ipp://localhost/printers/q");
        req.integer("job-id", 1);
        let bytes = req.finish(b"");
        for cut in 0..bytes.len() - 1 {
            assert!(parse_response(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(http_body(b"garbage").is_err());
        assert!(matches!(
            http_body(b"HTTP/1.1 401 Unauthorized\r\n\r\n"),
            Err(IppError::Http(401))
        ));
        assert_eq!(
            http_body(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .unwrap(),
            b"abcde"
        );
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = parse_response(&bytes);
            let _ = http_body(&bytes);
        }
    }
}
