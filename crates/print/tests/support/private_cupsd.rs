//! A private cupsd with a cups-pdf queue for tests: its own config folder,
//! port and socket, so the machine's CUPS is never touched; run as root
//! because cups-pdf's backend must. Shared by crates/print/tests/cups.rs and
//! the dashboard's test-page walk in tests/ui_operations.rs (`#[path]`).
//!
//! If cupsd cannot be started a test FAILS with the reason; set
//! `TOTEM_SKIP_CUPS_TESTS=1` on a development machine without root to skip.
#![allow(dead_code)] // each includer uses its own part

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PPD_CANDIDATES: &[&str] = &[
    "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd",
    "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd",
    "/usr/share/cups/model/CUPS-PDF_noopt.ppd",
];

pub struct Cupsd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
    pub queue: String,
    /// Where cups-pdf writes the printed PDFs.
    pub out: PathBuf,
    cups_pdf_conf: PathBuf,
}

pub fn skip_allowed() -> bool {
    std::env::var_os("TOTEM_SKIP_CUPS_TESTS").is_some_and(|v| v == "1")
}

/// The private cupsd, or `None` (with the reason printed) where skipping is
/// allowed; otherwise a failure that says why it could not start.
pub fn start_or_skip() -> Option<Cupsd> {
    match Cupsd::start() {
        Ok(cupsd) => Some(cupsd),
        Err(why) if skip_allowed() => {
            eprintln!("SKIPPED (TOTEM_SKIP_CUPS_TESTS=1): {why}");
            None
        }
        Err(why) => panic!(
            "could not start the test cupsd: {why}\n(set TOTEM_SKIP_CUPS_TESTS=1 to skip on a dev machine)"
        ),
    }
}

impl Cupsd {
    /// Starts the private cupsd and a cups-pdf queue; `Err` says why not.
    pub fn start() -> Result<Self, String> {
        if effective_uid() != 0 {
            return Err(
                "cupsd with a cups-pdf queue needs root (cups-pdf's backend runs as root)".into(),
            );
        }
        for tool in ["cupsd", "lpadmin", "cupsenable", "cupsdisable", "cancel"] {
            which(tool).ok_or_else(|| format!("{tool} not found: run scripts/install-deps"))?;
        }
        let ppd = PPD_CANDIDATES
            .iter()
            .find(|p| Path::new(p).exists())
            .ok_or("the cups-pdf PPD is missing: install printer-driver-cups-pdf")?;
        let dir = tempfile::Builder::new()
            .prefix("totem-cupsd-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let root = dir.path();
        // Everything cupsd writes stays in this folder (logs, state, printcap,
        // keychain): the machine's own CUPS is never touched.
        // cupsd's filters run as user lp: they must reach these folders.
        set_mode(root, 0o755)?;
        for sub in ["spool", "cache", "state", "log", "out"] {
            std::fs::create_dir(root.join(sub)).map_err(|e| e.to_string())?;
            set_mode(&root.join(sub), 0o755)?;
        }
        // TempDir for the filters; out for cups-pdf, which writes jobs of
        // users unknown to the system (ours is "totem") as nobody.
        std::fs::create_dir(root.join("tmp")).map_err(|e| e.to_string())?;
        set_mode(&root.join("tmp"), 0o1777)?;
        set_mode(&root.join("out"), 0o1777)?;
        // Spool: group lp must enter it (cupsd fixes the rest itself).
        let _ = Command::new("chgrp")
            .arg("lp")
            .arg(root.join("spool"))
            .status();
        set_mode(&root.join("spool"), 0o770)?;

        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let r = root.display();
        std::fs::write(
            root.join("cups-files.conf"),
            format!(
                "SystemGroup root\nServerRoot {r}\nRequestRoot {r}/spool\nCacheDir {r}/cache\n\
                 StateDir {r}/state\nTempDir {r}/tmp\nAccessLog {r}/log/access_log\n\
                 ErrorLog {r}/log/error_log\nPageLog {r}/log/page_log\n\
                 Printcap {r}/printcap\nServerKeychain {r}/ssl\nCreateSelfSignedCerts no\n"
            ),
        )
        .map_err(|e| e.to_string())?;
        std::fs::write(
            root.join("cupsd.conf"),
            format!(
                "LogLevel info\nListen 127.0.0.1:{port}\nListen {r}/cups.sock\nBrowsing No\n\
                 WebInterface No\nDefaultAuthType None\nErrorPolicy retry-job\n\
                 <Location />\n  Order allow,deny\n  Allow localhost\n</Location>\n\
                 <Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
            ),
        )
        .map_err(|e| e.to_string())?;

        // cups-pdf reads /etc/cups/cups-pdf-<name>.conf for a queue whose
        // device is cups-pdf:/<name>; the name is unique to this run.
        let queue = format!("totem-test-{}", std::process::id());
        let out = root.join("out");
        let cups_pdf_conf = PathBuf::from(format!("/etc/cups/cups-pdf-{queue}.conf"));
        std::fs::write(
            &cups_pdf_conf,
            format!("Out {0}\nAnonDirName {0}\n", out.display()),
        )
        .map_err(|e| format!("cannot write {}: {e}", cups_pdf_conf.display()))?;

        let mut cupsd = Self {
            dir,
            port,
            child: None,
            queue,
            out,
            cups_pdf_conf,
        };
        cupsd.run()?;
        cupsd.admin(
            "lpadmin",
            &[
                "-p",
                &cupsd.queue.clone(),
                "-E",
                "-v",
                &format!("cups-pdf:/{}", cupsd.queue),
                "-P",
                ppd,
            ],
        )?;
        Ok(cupsd)
    }

    /// Starts (or restarts) cupsd and waits until it answers.
    pub fn run(&mut self) -> Result<(), String> {
        let root = self.dir.path();
        let child = Command::new(which("cupsd").unwrap_or_else(|| "cupsd".into()))
            .arg("-f")
            .arg("-c")
            .arg(root.join("cupsd.conf"))
            .arg("-s")
            .arg(root.join("cups-files.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start cupsd: {e}"))?;
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                let log = std::fs::read_to_string(root.join("log/error_log")).unwrap_or_default();
                return Err(format!("cupsd exited with {status}; its log:\n{log}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("cupsd did not listen within 15 s".into())
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM lets cupsd save its job state, as a service stop would.
            // (`kill` is procps; without it, SIGKILL at once.)
            let termed = Command::new("kill")
                .arg(child.id().to_string())
                .status()
                .is_ok_and(|s| s.success());
            if !termed {
                let _ = child.kill();
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Runs a CUPS admin tool against this cupsd (through its socket).
    pub fn admin(&self, tool: &str, args: &[&str]) -> Result<(), String> {
        let out = Command::new(tool)
            .args(args)
            .env("CUPS_SERVER", self.dir.path().join("cups.sock"))
            .env("LANG", "C")
            .output()
            .map_err(|e| format!("{tool}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{tool} {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// The end of cupsd's and cups-pdf's logs, for failure messages.
    pub fn logs(&self) -> String {
        let mut text = format!(
            "== output folder: {:?}\n",
            std::fs::read_dir(&self.out)
                .map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
        );
        let cups_pdf_log = PathBuf::from(format!("/var/log/cups/cups-pdf-{}_log", self.queue));
        let logs = std::fs::read_dir(self.dir.path().join("log"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .chain([cups_pdf_log]);
        for path in logs {
            let body = std::fs::read_to_string(&path).unwrap_or_default();
            let tail: Vec<&str> = body.lines().rev().take(30).collect();
            text.push_str(&format!("== {}\n", path.display()));
            for line in tail.into_iter().rev() {
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }

    /// The end of cupsd's error log, for failure messages.
    pub fn logs_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.dir.path().join("log/error_log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }
}

impl Drop for Cupsd {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.cups_pdf_conf);
        let _ = std::fs::remove_file(format!("/var/log/cups/cups-pdf-{}_log", self.queue));
    }
}

pub fn which(tool: &str) -> Option<PathBuf> {
    [
        "/usr/sbin",
        "/usr/bin",
        "/sbin",
        "/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
    ]
    .iter()
    .map(|d| Path::new(d).join(tool))
    .find(|p| p.exists())
}

fn set_mode(path: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(|e| e.to_string())
}

fn effective_uid() -> u32 {
    // `id -u` rather than libc: no unsafe code and no extra dependency.
    Command::new("id")
        .arg("-u")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(u32::MAX)
}
