//! The print spool's section: its folder and the space left on its disk.

use super::model::{section, Row, Section};
use super::text::{Severity, Text};
use crate::disk::{human_bytes, DiskSpace};

/// Spool disk: amber under 500 MB, red under 100 MB. Absolute, not a share
/// of the disk: a certificate is ~30 kB, so 10 % of a large disk is still
/// years of paper.
const DISK_WARN_BYTES: u64 = 500_000_000;
const DISK_FAULT_BYTES: u64 = 100_000_000;

pub(super) fn disk_section(
    dir: &str,
    space: &Result<DiskSpace, String>,
    problems: &mut Vec<Text>,
) -> Section {
    let row = match space {
        Ok(s) => {
            let sev = if s.free < DISK_FAULT_BYTES {
                Severity::Fault
            } else if s.free < DISK_WARN_BYTES {
                Severity::Warning
            } else {
                Severity::Ok
            };
            if sev >= Severity::Warning {
                problems.push(Text::new("maint-problem-disk-low").arg("free", human_bytes(s.free)));
            }
            Row::new(
                "maint-free",
                Text::new("maint-free-value")
                    .arg("free", human_bytes(s.free))
                    .arg("total", human_bytes(s.total))
                    .arg("percent", (s.free_ratio() * 100.0).round() as i64),
                sev,
            )
        }
        Err(e) => {
            problems.push(Text::new("maint-problem-spool-unreadable"));
            Row::new("maint-free", Text::raw(e), Severity::Fault)
        }
    };
    section(
        "maint-section-disk",
        vec![
            Row::new("maint-spool-folder", Text::raw(dir), Severity::Ok),
            row,
        ],
    )
}
