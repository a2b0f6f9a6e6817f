//! IPP to cupsd: requests built and answers parsed by the `ipp` crate
//! (RFC 8010/8011), carried by hyper's HTTP/1.1 client over TCP or over
//! cupsd's Unix socket (which the `ipp` crate's own clients cannot reach).
//! Each call is blocking and runs a small runtime of its own: call it off
//! the async executor, as [`crate::Printer`] says.

use std::io::{self, Cursor};
use std::time::Duration;

use ::ipp::attribute::IppAttribute;
use ::ipp::model::{DelimiterTag, IppVersion};
use ::ipp::parser::{IppParseError, IppParser};
use ::ipp::reader::IppReader;
use ::ipp::request::IppRequestResponse;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{CONNECTION, CONTENT_TYPE, HOST, USER_AGENT};
use hyper_util::rt::TokioIo;

pub use ::ipp::model::{DelimiterTag as Group, Operation};
pub use ::ipp::value::IppValue;

/// The largest answer we accept; cupsd's answers to our requests are a few KB.
const MAX_RESPONSE: usize = 1 << 20;
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
    /// A value we were about to send does not fit IPP (e.g. too long).
    #[error("cannot build the IPP request: {0}")]
    Request(String),
}

impl From<IppParseError> for IppError {
    fn from(e: IppParseError) -> Self {
        Self::Request(e.to_string())
    }
}

/// Several keywords as one attribute value (e.g. requested-attributes).
pub fn keywords(names: &[&str]) -> Result<IppValue, IppError> {
    let values = names
        .iter()
        .map(|n| IppValue::new_keyword(*n))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(IppValue::Array(values))
}

/// An IPP request under construction (charset, language and printer-uri
/// already in its operation group).
pub struct Request(IppRequestResponse);

impl Request {
    pub fn new(operation: Operation, request_id: i32, printer_uri: &str) -> Result<Self, IppError> {
        let uri = printer_uri
            .parse()
            .map_err(|_| IppError::Request(format!("bad printer URI {printer_uri:?}")))?;
        let mut message = IppRequestResponse::new(IppVersion::v1_1(), operation, Some(uri))?;
        message.header_mut().request_id = request_id;
        Ok(Self(message))
    }

    /// Adds an attribute to a group (operation, job template, printer).
    pub fn attr(
        &mut self,
        group: Group,
        name: &str,
        value: IppValue,
    ) -> Result<&mut Self, IppError> {
        let attribute = IppAttribute::with_name(name, value)?;
        self.0.attributes_mut().add(group, attribute);
        Ok(self)
    }

    /// Adds an operation attribute.
    pub fn op(&mut self, name: &str, value: IppValue) -> Result<&mut Self, IppError> {
        self.attr(DelimiterTag::OperationAttributes, name, value)
    }

    /// The encoded request followed by the document, if any.
    pub fn encode(&self, document: &[u8]) -> Vec<u8> {
        let mut bytes = self.0.to_bytes().to_vec();
        bytes.extend_from_slice(document);
        bytes
    }
}

/// An answer from cupsd.
pub struct Response(IppRequestResponse);

impl Response {
    /// Parses an IPP message (an answer, or for tests a request).
    pub fn parse(body: Bytes) -> Result<Self, IppError> {
        IppParser::new(IppReader::new(Cursor::new(body)))
            .parse()
            .map(Self)
            .map_err(|_| IppError::Malformed("bad IPP message"))
    }

    /// The status code (for a request: its operation).
    pub fn status(&self) -> u16 {
        self.0.header().operation_or_status as u16
    }

    pub fn is_success(&self) -> bool {
        self.status() < 0x0100
    }

    /// Every value of the first attribute called `name`, in any group.
    fn values(&self, name: &str) -> Vec<&IppValue> {
        let found = self
            .0
            .attributes()
            .groups()
            .iter()
            .flat_map(|g| g.attributes())
            .find(|a| a.name().as_str() == name);
        match found.map(IppAttribute::value) {
            Some(IppValue::Array(values)) => values.iter().collect(),
            Some(value) => vec![value],
            None => Vec::new(),
        }
    }

    pub fn integer(&self, name: &str) -> Option<i32> {
        match self.values(name).first()? {
            IppValue::Integer(i) | IppValue::Enum(i) => Some(*i),
            _ => None,
        }
    }

    pub fn boolean(&self, name: &str) -> Option<bool> {
        match self.values(name).first()? {
            IppValue::Boolean(b) => Some(*b),
            _ => None,
        }
    }

    /// The string values (keywords, names, texts) of an attribute.
    pub fn texts(&self, name: &str) -> Vec<String> {
        self.values(name)
            .into_iter()
            .filter_map(|v| match v {
                IppValue::Keyword(_)
                | IppValue::NameWithoutLanguage(_)
                | IppValue::TextWithoutLanguage(_)
                | IppValue::MimeMediaType(_)
                | IppValue::Uri(_) => Some(v.to_string()),
                IppValue::TextWithLanguage { text, .. } => Some(text.to_string()),
                IppValue::NameWithLanguage { name, .. } => Some(name.to_string()),
                _ => None,
            })
            .collect()
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

    fn unreachable(&self, source: io::Error) -> IppError {
        IppError::Unreachable {
            server: self.0.clone(),
            source,
        }
    }

    /// POSTs `request` (then `document`) to `path`, e.g. `/printers/totem`,
    /// and parses the answer.
    pub fn send(
        &self,
        path: &str,
        request: &Request,
        document: &[u8],
    ) -> Result<Response, IppError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| self.unreachable(e))?;
        let body = request.encode(document);
        let answer = runtime.block_on(async {
            tokio::time::timeout(IO_TIMEOUT, self.post(path, body))
                .await
                .unwrap_or_else(|_| {
                    Err(self.unreachable(io::Error::new(io::ErrorKind::TimedOut, "no answer")))
                })
        })?;
        Response::parse(answer)
    }

    async fn post(&self, path: &str, body: Vec<u8>) -> Result<Bytes, IppError> {
        if self.0.starts_with('/') {
            let stream = tokio::net::UnixStream::connect(&self.0)
                .await
                .map_err(|e| self.unreachable(e))?;
            return self.http_post(TokioIo::new(stream), path, body).await;
        }
        let stream = tokio::time::timeout(CONNECT_TIMEOUT, tokio::net::TcpStream::connect(&self.0))
            .await
            .unwrap_or_else(|_| Err(io::Error::new(io::ErrorKind::TimedOut, "connect timed out")))
            .map_err(|e| self.unreachable(e))?;
        self.http_post(TokioIo::new(stream), path, body).await
    }

    async fn http_post<T>(&self, io: T, path: &str, body: Vec<u8>) -> Result<Bytes, IppError>
    where
        T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    {
        let failed = |e: hyper::Error| {
            if e.is_parse() {
                IppError::Malformed("bad HTTP answer")
            } else {
                self.unreachable(io::Error::other(e))
            }
        };
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(failed)?;
        // The connection is driven alongside; it ends with the answer.
        tokio::spawn(connection);
        let request = hyper::Request::post(path)
            .header(HOST, "localhost")
            .header(CONTENT_TYPE, "application/ipp")
            .header(USER_AGENT, "totem")
            .header(CONNECTION, "close")
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| IppError::Request(e.to_string()))?;
        let response = sender.send_request(request).await.map_err(failed)?;
        if response.status() != hyper::StatusCode::OK {
            return Err(IppError::Http(response.status().as_u16()));
        }
        Limited::new(response.into_body(), MAX_RESPONSE)
            .collect()
            .await
            .map(|body| body.to_bytes())
            .map_err(|_| IppError::Malformed("HTTP body too large or cut short"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn get_printer_attributes() -> Request {
        let mut req = Request::new(
            Operation::GetPrinterAttributes,
            7,
            "ipp://localhost/printers/q",
        )
        .unwrap();
        req.op(
            "requested-attributes",
            keywords(&["printer-state", "printer-state-reasons"]).unwrap(),
        )
        .unwrap()
        .op("job-id", IppValue::Integer(42))
        .unwrap();
        req
    }

    #[test]
    fn request_round_trips_through_the_parser() {
        let bytes = get_printer_attributes().encode(b"");
        let parsed = Response::parse(Bytes::from(bytes)).unwrap();
        assert_eq!(parsed.status(), Operation::GetPrinterAttributes as u16);
        assert_eq!(
            parsed.texts("requested-attributes"),
            vec!["printer-state", "printer-state-reasons"]
        );
        assert_eq!(parsed.integer("job-id"), Some(42));
    }

    /// A one-shot HTTP server on loopback that answers `answer` to whatever
    /// comes; returns its address.
    fn answering(answer: Vec<u8>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(&answer);
            }
        });
        addr
    }

    #[test]
    fn truncated_or_garbage_answers_are_errors_not_panics() {
        let bytes = get_printer_attributes().encode(b"");
        for cut in 0..bytes.len() - 1 {
            assert!(
                Response::parse(Bytes::copy_from_slice(&bytes[..cut])).is_err(),
                "cut at {cut}"
            );
        }
        let req = get_printer_attributes();
        let send = |answer: &[u8]| Server(answering(answer.to_vec())).send("/", &req, b"");
        assert!(send(b"garbage").is_err());
        assert!(matches!(
            send(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n"),
            Err(IppError::Http(401))
        ));
        // A chunked answer is put back together before it is parsed.
        let (head, tail) = bytes.split_at(5);
        let mut chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        for part in [head, tail] {
            chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            chunked.extend_from_slice(part);
            chunked.extend_from_slice(b"\r\n");
        }
        chunked.extend_from_slice(b"0\r\n\r\n");
        assert_eq!(send(&chunked).unwrap().integer("job-id"), Some(42));
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = Response::parse(Bytes::from(bytes));
        }
    }
}
