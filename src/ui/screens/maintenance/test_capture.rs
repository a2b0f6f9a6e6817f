//! "Test fingerprint capture": one capture on the kiosk's reader whose
//! events go to this panel, never to the citizen's flow; its quality, and
//! the image for the technician's eyes only (wiped when it is dropped).

use std::sync::Arc;

use iced::futures::SinkExt;
use iced::widget::image;
use iced::{Element, Task};
use totem_device::{FingerprintEvent, PoorImageReason};
use totem_maintenance::dashboard::Text;
use totem_maintenance::reports::{self, ActionReport, CaptureQuality, CaptureTest};
use zeroize::Zeroize;

use crate::ui::effects::device_watch::{end_test_capture, failure_text, take_test_capture};
use crate::ui::effects::devices::reader;

/// The test capture moved on; the image comes with its end.
#[derive(Debug, Clone, PartialEq)]
pub struct Message(pub CaptureTest, pub Option<FingerImage>);

/// A test capture's image, for the technician's eyes only: its pixels are
/// wiped when the last copy is dropped (leaving the screen, a new test).
#[derive(Clone)]
pub struct FingerImage(Arc<image::Handle>);

impl std::fmt::Debug for FingerImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FingerImage(<redacted>)")
    }
}

impl PartialEq for FingerImage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// RGBA pixels that zeroize themselves when iced lets go of them.
struct WipedPixels(Vec<u8>);

impl AsRef<[u8]> for WipedPixels {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for WipedPixels {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl FingerImage {
    fn from_gray(width: u32, height: u32, gray: &[u8]) -> Self {
        let mut rgba = Vec::with_capacity(gray.len() * 4);
        for &g in gray {
            rgba.extend_from_slice(&[g, g, g, 255]);
        }
        let pixels = bytes::Bytes::from_owner(WipedPixels(rgba));
        Self(Arc::new(image::Handle::from_rgba(width, height, pixels)))
    }
}

/// The test capture, once started, and its image.
#[derive(Default)]
pub struct TestCapture(Option<(CaptureTest, Option<FingerImage>)>);

impl TestCapture {
    pub fn update(&mut self, Message(test, image): Message) {
        // The old image (if any) is dropped, and wiped, here.
        let image = image.or_else(|| self.0.take().and_then(|(_, i)| i));
        self.0 = Some((test, image));
    }

    /// A finger is awaited or being read.
    pub fn busy(&self) -> bool {
        matches!(
            self.0,
            Some((
                CaptureTest::Waiting | CaptureTest::Reading | CaptureTest::LiftAndPlaceAgain,
                _
            ))
        )
    }

    pub fn holds_image(&self) -> bool {
        matches!(self.0, Some((_, Some(_))))
    }

    pub fn report(&self) -> Option<ActionReport> {
        self.0.as_ref().map(|(test, _)| reports::capture(test))
    }

    /// The image under the report, while it is held.
    pub fn image<'a, M: 'a>(&self) -> Option<Element<'a, M>> {
        let (_, Some(FingerImage(handle))) = self.0.as_ref()? else {
            return None;
        };
        Some(
            image(handle.as_ref().clone())
                .width(256)
                .height(288)
                .content_fit(iced::ContentFit::Contain)
                .into(),
        )
    }

    pub fn start(&mut self) -> Task<Message> {
        let Some(reader) = reader() else {
            self.0 = Some((
                CaptureTest::Failed(Text::new("maint-error-not-connected")),
                None,
            ));
            return Task::none();
        };
        // The previous image goes (and is wiped) now.
        self.0 = Some((CaptureTest::Waiting, None));
        let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
        take_test_capture(tx);
        let follow = iced::stream::channel(4, async move |mut out| {
            if reader.capture(true).await.is_err() {
                end_test_capture();
                let failed = CaptureTest::Failed(Text::new("maint-error-not-connected"));
                let _ = out.send(Message(failed, None)).await;
                return;
            }
            while let Some(event) = events.recv().await {
                let (test, image) = capture_step(event);
                let end = !matches!(
                    test,
                    CaptureTest::Waiting | CaptureTest::Reading | CaptureTest::LiftAndPlaceAgain
                );
                if out.send(Message(test, image)).await.is_err() || end {
                    break;
                }
            }
        });
        Task::stream(follow)
    }

    /// The technician leaves: a capture under way is cancelled (its last
    /// events still go to the test, never to the citizen's flow), and the
    /// image is wiped as it drops.
    pub fn end(&mut self) {
        if self.busy() {
            if let Some(reader) = reader() {
                tokio_spawn(async move {
                    let _ = reader.cancel().await;
                });
            }
        }
        self.0 = None;
    }
}

/// Runs a future on the current tokio runtime, if there is one (there is
/// under iced and in the tests that drive the drivers).
fn tokio_spawn(future: impl std::future::Future<Output = ()> + Send + 'static) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(future);
    }
}

/// One event of a test capture, for the dashboard.
fn capture_step(event: FingerprintEvent) -> (CaptureTest, Option<FingerImage>) {
    let quality = |q: &totem_device::Quality| CaptureQuality {
        coverage: q.coverage,
        contrast: q.contrast,
        score: q.score,
        min_coverage: totem_device::Quality::MIN_COVERAGE,
        min_contrast: totem_device::Quality::MIN_CONTRAST,
    };
    match event {
        FingerprintEvent::WaitingForFinger => (CaptureTest::Waiting, None),
        FingerprintEvent::FingerDetected => (CaptureTest::Reading, None),
        FingerprintEvent::LiftAndPlaceAgain => (CaptureTest::LiftAndPlaceAgain, None),
        FingerprintEvent::Captured(capture) => {
            // The template is dropped (and wiped) here: only its size is shown.
            let (width, height, shown) = match &capture.image {
                Some(img) => (
                    img.width(),
                    img.height(),
                    Some(FingerImage::from_gray(
                        img.width(),
                        img.height(),
                        img.as_raw(),
                    )),
                ),
                None => (0, 0, None),
            };
            let test = CaptureTest::Captured {
                width,
                height,
                quality: capture.quality.as_ref().map(quality),
                template_bytes: capture.template.len(),
            };
            (test, shown)
        }
        FingerprintEvent::NoFinger => (CaptureTest::NoFinger, None),
        FingerprintEvent::PoorImage(PoorImageReason::LowQuality(q)) => {
            (CaptureTest::PoorImage(Some(quality(&q))), None)
        }
        FingerprintEvent::PoorImage(PoorImageReason::Module(_)) => {
            (CaptureTest::PoorImage(None), None)
        }
        FingerprintEvent::Failed(reason) => (CaptureTest::Failed(failure_text(&reason)), None),
        FingerprintEvent::Cancelled | FingerprintEvent::Disconnected => (
            CaptureTest::Failed(Text::new("maint-error-link-lost")),
            None,
        ),
        FingerprintEvent::Connected(_) => (CaptureTest::Waiting, None),
    }
}
