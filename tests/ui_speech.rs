//! A citizen who cannot see: the whole recover flow and a certificate for
//! another RUN with the tactile keypad only (keyboard events through the
//! window's view, no touch), against the reference registry (plain HTTP on
//! loopback, a real SQLite file) and the folder printer. Speech is real:
//! espeak-ng renders every utterance into WAV files (the headset and the
//! loudspeaker outputs), and the speaker's transcript says which text went
//! to which output, screen by screen.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use iced::keyboard::key::Named;
use iced::keyboard::Key as KeyboardKey;
use iced::{Settings, Task};
use iced_test::futures::futures;
use iced_test::runtime::{task::into_stream, Action};
use iced_test::Simulator;
use totem::ui::catalog::default_catalog;
use totem::ui::effects::printing::{Issued, PrintEffects};
use totem::ui::effects::registry::RegistryEffects;
use totem::ui::theme::{self, fonts, PORTRAIT};
use totem::ui::{App, Effects, Message};
use totem_config::{AccessibilitySettings, PaperSize};
use totem_flow::{
    CardRead, Command, Date, Event, FingerEvent, Screen, Secret, SecretBytes, Service,
};
use totem_print::{Backend, Folder, Printer};
use totem_sim_people::{finger_template, Population};
use totem_sim_registry::server::{Server, ServerConfig, ServerHandle, Transport};
use totem_speech::{OutputKind, Outputs, Speaker, Transcript, Voices, WavFiles};

/// The devices' events are sent by the test itself.
struct NoDevices;

impl Effects for NoDevices {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }
    fn present(&self) -> Vec<Service> {
        vec![Service::Scanner, Service::Fingerprint]
    }
}

struct Kiosk {
    rt: tokio::runtime::Runtime,
    app: App<RegistryEffects<PrintEffects<NoDevices>>>,
    _server: ServerHandle,
    dir: tempfile::TempDir,
    population: Population,
    transcript: Transcript,
    headset: WavFiles,
    loudspeaker: WavFiles,
    /// The emulated headphone switch (a file holding 1 or 0).
    switch: std::path::PathBuf,
    jack: totem_speech::Headset,
}

impl Kiosk {
    fn new() -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let config = ServerConfig::new(dir.path().join("registry.sqlite"), Transport::PlainHttp);
        let (seed, size) = (config.seed, config.population);
        let server = rt.block_on(Server::start(config)).expect("registry starts");
        let client = totem_registry::Client::from_pem(
            &server.url(),
            None,
            Duration::from_secs(5),
            "TOT-TEST",
            true,
        )
        .expect("client");
        let printer = Printer::with_backend(
            Backend::Folder(Folder::new(dir.path().join("printed"))),
            dir.path().join("spool"),
        )
        .expect("printer");
        let issued = Issued::default();
        let printing = PrintEffects::new(
            Arc::new(Mutex::new(printer)),
            issued.clone(),
            PaperSize::Letter,
            "TOT-TEST",
            NoDevices,
        );
        let effects = RegistryEffects::new(client)
            .keeping_certificates(issued)
            .with_others(printing);
        // Speech as kiosk.toml's defaults have it, into WAV files, with the
        // headphone jack emulated by a file.
        let mut access = AccessibilitySettings::default();
        let switch = dir.path().join("headset");
        std::fs::write(&switch, "0").expect("switch");
        access.headset.source = totem_config::HeadsetSource::File;
        access.headset.file = switch.display().to_string();
        let (jack, _changes) =
            totem_speech::watch(totem_speech::Signal::from_settings(&access.headset));
        let sound = dir.path().join("sound");
        std::fs::create_dir_all(&sound).expect("sound dir");
        let headset = WavFiles::new(&sound, "headset");
        let loudspeaker = WavFiles::new(&sound, "loudspeaker");
        let (speaker, transcript) = Speaker::start_transcribed(
            &access.speech,
            Voices::from_settings(&access.speech),
            Outputs {
                headset: Arc::new(headset.clone()),
                loudspeaker: Arc::new(loudspeaker.clone()),
            },
            jack.clone(),
        )
        .expect("speaker");
        let app = App::new(totem_flow::Settings::default(), default_catalog(), effects)
            .expect("texts")
            .with_accessibility(access)
            .with_speech(speaker, jack.clone());
        let population = Population::generate(seed, chrono::Utc::now().date_naive(), size);
        Kiosk {
            rt,
            app,
            _server: server,
            dir,
            population,
            transcript,
            headset,
            loudspeaker,
            switch,
            jack,
        }
    }

    /// Run a task to its end and feed what it produces back, as iced would.
    fn drive(&mut self, task: Task<Message>) {
        let Some(stream) = into_stream(task) else {
            return;
        };
        let actions: Vec<Action<Message>> = self.rt.block_on(stream.collect());
        for action in actions {
            if let Action::Output(message) = action {
                let next = self.app.update(message);
                self.drive(next);
            }
        }
    }

    fn update(&mut self, message: Message) {
        let task = self.app.update(message);
        self.drive(task);
    }

    /// One key of the tactile keypad, pressed on the window as it is drawn.
    fn press(&mut self, key: KeyboardKey) {
        let settings = Settings {
            fonts: fonts(),
            default_font: theme::REGULAR,
            ..Settings::default()
        };
        let mut ui = Simulator::with_size(settings, PORTRAIT, self.app.view());
        ui.tap_key(key);
        let messages: Vec<Message> = ui.into_messages().collect();
        assert!(
            messages.iter().all(|m| matches!(m, Message::Keypad(_))),
            "a key press is a keypad message, nothing else: {messages:?}"
        );
        let said = self.transcript.len();
        for message in messages {
            self.update(message);
        }
        // A citizen listens before the next key: wait until the speaker has
        // started what this key made it say (a volume key says nothing).
        if self.app.session().aids().speech {
            let until = Instant::now() + Duration::from_millis(1500);
            while self.transcript.len() == said && Instant::now() < until {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    fn named(&mut self, key: Named) {
        self.press(KeyboardKey::Named(key));
    }

    fn digit(&mut self, d: char) {
        self.press(KeyboardKey::Character(d.to_string().into()));
    }

    fn screen(&self) -> Screen {
        self.app.session().screen()
    }

    /// Moves the focus to the choice `key` with the arrows (the citizen
    /// hears each choice pass) and selects it.
    fn choose(&mut self, key: &str) {
        let spoken = self.app.spoken().expect("a citizen's screen");
        let target = spoken
            .choices
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_else(|| panic!("no choice {key:?} on {:?}", self.screen()));
        let enabled: Vec<usize> = (0..spoken.choices.len())
            .filter(|&i| spoken.choices[i].enabled())
            .collect();
        let at = self.focused_index().unwrap_or(0);
        let from = enabled.iter().position(|&i| i == at).unwrap_or(0);
        let to = enabled
            .iter()
            .position(|&i| i == target)
            .unwrap_or_else(|| panic!("{key:?} is not enabled on {:?}", self.screen()));
        let downs = (to + enabled.len() - from) % enabled.len();
        for _ in 0..downs {
            self.named(Named::ArrowDown);
        }
        assert_eq!(self.focused_index(), Some(target), "focus reached {key:?}");
        self.named(Named::Enter);
    }

    fn focused_index(&self) -> Option<usize> {
        let spoken = self.app.spoken()?;
        let key = self.app.focused_choice()?;
        spoken.choices.iter().position(|c| c.key == key)
    }

    /// Types `text` on the on-screen keyboard with the arrows and select,
    /// shift for capitals; digits straight from the keypad's digit keys
    /// where the field takes them.
    fn type_with_arrows(&mut self, text: &str, digits_direct: bool) {
        for c in text.chars() {
            if c.is_ascii_digit() && digits_direct {
                self.digit(c);
                continue;
            }
            if c.is_uppercase() && self.screen() == Screen::NewPassword {
                self.choose("key-shift");
            }
            let lower = c.to_lowercase().next().unwrap_or(c);
            self.choose(&format!("key-{lower}"));
        }
    }

    fn identify(&mut self, n: usize) {
        let citizen = self.population.demo(n).clone();
        let run = format!(
            "{}-{}",
            citizen.run_body,
            totem_flow::entry::check_digit(citizen.run_body)
        );
        self.update(Message::Device(Event::CardRead(CardRead {
            run: Secret::new(run),
            document: Secret::new(citizen.card.serial.clone()),
            birth_date: None,
            expiry: None,
            today: Date::new(2026, 1, 1),
        })));
        let template = finger_template(citizen.run_body, 1).to_vec();
        self.update(Message::Device(Event::Finger(FingerEvent::Captured(
            SecretBytes::new(template),
        ))));
    }

    /// Plugs headphones in (or out) and lets the kiosk notice.
    fn headset(&mut self, plugged: bool) {
        std::fs::write(&self.switch, if plugged { "1" } else { "0" }).expect("switch");
        let until = Instant::now() + Duration::from_secs(5);
        while self.jack.is_present() != plugged && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(20));
        }
        assert_eq!(self.jack.is_present(), plugged, "the jack watcher saw it");
        // What the jack's subscription sends on a change.
        self.update(Message::Headset(plugged));
    }

    /// What is said is what is shown: the screen's heading is a text of
    /// its view (EN 301 549 5.1.3.3).
    fn heading_is_shown(&self) {
        let spoken = self.app.spoken().expect("a citizen's screen");
        let settings = Settings {
            fonts: fonts(),
            default_font: theme::REGULAR,
            ..Settings::default()
        };
        let mut ui = Simulator::with_size(settings, PORTRAIT, self.app.view());
        assert!(
            ui.find(spoken.heading.as_str()).is_ok(),
            "{:?} says {:?}, which it does not show",
            self.screen(),
            spoken.heading
        );
    }

    /// Everything said so far.
    fn said(&self) -> Vec<(OutputKind, String)> {
        self.transcript.said()
    }

    /// Waits for the speaker to start saying utterance number `n` (1-based)
    /// and returns it.
    fn wait_said(&self, n: usize) -> (OutputKind, String) {
        let until = Instant::now() + Duration::from_secs(10);
        while self.transcript.len() < n && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.said()
            .into_iter()
            .nth(n - 1)
            .unwrap_or_else(|| panic!("nothing said as utterance {n}: {:?}", self.said()))
    }

    /// What the screen says now, once the speaker has taken it.
    fn heard(&self) -> String {
        self.wait_said(self.transcript.len().max(1)).1
    }
}

/// The speaker picks up only the newest utterance; between two keypad
/// presses the test waits until it has started the last one, as a
/// citizen listening would.
fn settle(k: &Kiosk) {
    let until = Instant::now() + Duration::from_secs(10);
    let mut last = k.transcript.len();
    loop {
        std::thread::sleep(Duration::from_millis(60));
        let now = k.transcript.len();
        if now == last || Instant::now() > until {
            break;
        }
        last = now;
    }
}

fn recordings_on(wav: &WavFiles) -> usize {
    wav.recordings().len()
}

fn assert_wav_not_silent(path: &Path) {
    let (rate, samples) = totem_speech::wav::read_file(path).expect("a wav file");
    assert_eq!(rate, 22_050);
    assert!(
        samples.iter().any(|s| s.unsigned_abs() > 1000),
        "{} is silent",
        path.display()
    );
}

#[test]
fn a_blind_citizen_recovers_the_clave_unica_with_the_keypad_and_a_headset() {
    let mut k = Kiosk::new();
    let default_volume = k.app.speaker().expect("speaker").volume();
    // Plugging headphones in on the attract screen starts speech mode.
    k.headset(true);
    assert!(k.app.session().aids().speech);
    let (output, attract) = k.wait_said(1);
    assert_eq!(output, OutputKind::Headset);
    assert!(attract.starts_with("Tótem de autoatención") || !attract.is_empty());
    assert!(
        attract.contains("Toque la pantalla para comenzar: tecla 1."),
        "{attract}"
    );
    // The volume up key: heard at once, and back to the default at the end.
    k.named(Named::AudioVolumeUp);
    assert!(k.app.speaker().expect("speaker").volume() > default_volume);

    k.named(Named::Enter);
    assert_eq!(k.screen(), Screen::Language);
    settle(&k);
    k.heading_is_shown();
    let language = k.heard();
    assert!(language.starts_with("Elija su idioma"), "{language}");
    assert!(language.contains("Español: tecla 1."), "{language}");
    assert!(language.contains("English: tecla 2."), "{language}");

    k.digit('1');
    assert_eq!(k.screen(), Screen::Menu);
    settle(&k);
    k.heading_is_shown();
    let menu = k.heard();
    assert!(menu.contains("Recuperar ClaveÚnica"), "{menu}");
    assert!(menu.contains("tecla 2"), "{menu}");
    assert!(menu.contains("Volver"), "{menu}");

    k.digit('2');
    assert_eq!(k.screen(), Screen::PresentCard);
    settle(&k);
    k.heading_is_shown();
    assert!(k.heard().contains("cédula"), "{}", k.heard());

    // Demo citizen 1 holds a key: card and finger, as the devices send them.
    k.identify(1);
    assert_eq!(
        k.screen(),
        Screen::ShowCode,
        "{:?}",
        k.app.session().notice()
    );
    settle(&k);
    k.heading_is_shown();
    let code = k.app.session().code_shown().to_string();
    let spaced: String = code
        .chars()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let (output, shown) = k.wait_said(k.transcript.len());
    assert_eq!(output, OutputKind::Headset);
    assert!(shown.contains(&spaced), "the code is read out: {shown}");

    k.digit('1'); // Continuar
    assert_eq!(k.screen(), Screen::CodeEntry);
    k.type_with_arrows(&code, false);
    assert_eq!(k.app.session().code_typed(), code);
    k.digit('1'); // Continuar, the first choice
    assert_eq!(k.screen(), Screen::NewPassword);
    settle(&k);
    k.heading_is_shown();
    let before_password = k.transcript.len();
    let password = "claveSegura7";
    k.type_with_arrows(password, true);
    k.choose("next");
    k.type_with_arrows(password, true);
    settle(&k);
    k.heading_is_shown();
    let typed_echoes: Vec<String> = k.said()[before_password..]
        .iter()
        .map(|(_, t)| t.clone())
        .filter(|t| t == "carácter ingresado")
        .collect();
    assert_eq!(
        typed_echoes.len(),
        password.len() * 2,
        "each password character is echoed as 'carácter ingresado'"
    );
    k.choose("next"); // Activar mi Clave Única
    assert_eq!(k.screen(), Screen::Done, "{:?}", k.app.session().notice());
    settle(&k);
    k.heading_is_shown();
    assert!(
        k.heard().starts_with("Su ClaveÚnica está activa"),
        "{}",
        k.heard()
    );
    k.named(Named::Enter); // Terminar
    assert_eq!(k.screen(), Screen::Goodbye);
    settle(&k);
    k.heading_is_shown();
    assert!(k.heard().contains("Retire su cédula"), "{}", k.heard());

    // What was said: every screen on the headset, the password never.
    let said = k.said();
    assert!(said.iter().all(|(o, _)| *o == OutputKind::Headset));
    assert_eq!(
        recordings_on(&k.loudspeaker),
        0,
        "nothing on the loudspeaker"
    );
    for (_, text) in &said {
        assert!(
            !text.contains("Segura") && !text.contains("clave7"),
            "{text}"
        );
    }
    let first = k.headset.recordings()[0].path.clone();
    assert_wav_not_silent(&first);

    // The farewell's seconds pass; the session is over: volume back to the
    // site's default (EN 301 549 5.1.3.13).
    k.update(Message::Tick(Instant::now() + Duration::from_secs(7)));
    assert_eq!(k.screen(), Screen::Attract);
    assert_eq!(k.app.speaker().expect("speaker").volume(), default_volume);
    assert!(
        !k.app.session().aids().speech,
        "speech ends with the session"
    );
    assert!(!k.app.session().holds_personal_data());
    drop(k.dir);
}

#[test]
fn a_certificate_for_another_run_by_keypad_with_the_loudspeaker_keeps_the_run_private() {
    let mut k = Kiosk::new();
    // No headset: the audio key starts speech on the loudspeaker.
    k.named(Named::F2);
    assert!(k.app.session().aids().speech);
    settle(&k);
    k.heading_is_shown();
    k.named(Named::Enter);
    k.digit('1'); // Español
    assert_eq!(k.screen(), Screen::Menu);
    settle(&k);
    k.heading_is_shown();
    k.digit('3'); // Certificados gratuitos
    assert_eq!(k.screen(), Screen::Families);
    settle(&k);
    k.heading_is_shown();
    let families = k.heard();
    assert!(families.contains("Nacimiento: tecla 1."), "{families}");
    k.digit('1'); // Nacimiento
    assert!(matches!(k.screen(), Screen::Purposes(_)));
    settle(&k);
    k.heading_is_shown();
    let purposes = k.heard();
    let spoken = k.app.spoken().expect("spoken");
    let first = spoken.choices[0].label.clone();
    assert!(
        purposes.contains(&format!("{first}: tecla 1.")),
        "{purposes}"
    );
    k.digit('1'); // the first purpose, for anyone's RUN
    assert_eq!(k.screen(), Screen::RunEntry);
    settle(&k);
    k.heading_is_shown();
    // The RUN typed with the digit keys, `*` for K and `#` to erase.
    let run_body = k.population.demo(0).run_body;
    let run = format!("{run_body}{}", totem_flow::entry::check_digit(run_body));
    k.digit('9');
    k.digit('#');
    for c in run.chars() {
        if c == 'K' {
            k.digit('*');
        } else {
            k.digit(c);
        }
    }
    assert_eq!(k.app.session().run_check(), totem_flow::RunCheck::Valid);
    settle(&k);
    k.heading_is_shown();
    // On the RUN screen digits type: Continuar is reached with the arrows.
    k.choose("continue");
    assert_eq!(k.screen(), Screen::Confirm);
    settle(&k);
    k.heading_is_shown();
    let confirm = k.heard();
    assert!(
        confirm.contains("dato personal"),
        "the RUN is withheld: {confirm}"
    );
    k.digit('1'); // Imprimir certificado
    assert_eq!(k.screen(), Screen::TakeIt, "{:?}", k.app.session().notice());
    settle(&k);
    k.heading_is_shown();
    let take = k.heard();
    let folio = k.app.session().folio().to_string();
    assert!(
        take.contains(&folio),
        "the folio is said (5.1.3.16): {take}"
    );
    assert!(
        k.dir
            .path()
            .join("printed")
            .join(format!("{folio}.pdf"))
            .exists(),
        "the certificate was printed"
    );
    k.digit('2'); // Terminar
    assert_eq!(k.screen(), Screen::Goodbye);

    // Nothing personal reached the loudspeaker: not the RUN, not a digit of it.
    let said = k.said();
    assert!(said.iter().all(|(o, _)| *o == OutputKind::Loudspeaker));
    let dotted = totem_document::Run::parse(&run)
        .map(|r| r.to_string())
        .unwrap_or_default();
    for (_, text) in &said {
        assert!(!text.contains(&run_body.to_string()), "{text}");
        assert!(dotted.is_empty() || !text.contains(&dotted), "{text}");
    }
    assert!(said
        .iter()
        .any(|(_, t)| t == "dato personal: conecte audífonos para escucharlo"));
    assert_eq!(recordings_on(&k.headset), 0);
}
