//! Names for new records that never collide with an earlier call's record.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// `DIR/<scenario>-<seed>-<UTC date>-<time>.jsonl`, with `-2`, `-3`, … when a record of the same
/// second is already there (a replay of the same seed must not replace the first call).
pub fn new_record_path(dir: &Path, scenario_id: &str, seed: u64, now: SystemTime) -> PathBuf {
    let stamp = utc_stamp(now);
    let base = format!("{scenario_id}-{seed}-{stamp}");
    let mut path = dir.join(format!("{base}.jsonl"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{base}-{n}.jsonl"));
        n += 1;
    }
    path
}

/// `YYYYMMDD-HHMMSS` in UTC (sorts in time order, the same on every lab machine).
pub fn utc_stamp(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!("{y:04}{m:02}{d:02}-{:02}{:02}{:02}", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn stamps_are_utc_calendar_times() {
        assert_eq!(utc_stamp(UNIX_EPOCH), "19700101-000000");
        // 2026-12-02 01:15:30 UTC
        assert_eq!(utc_stamp(UNIX_EPOCH + Duration::from_secs(1_796_174_130)), "20261202-011530");
        // 2024-02-29, a leap day
        assert_eq!(utc_stamp(UNIX_EPOCH + Duration::from_secs(1_709_164_800)), "20240229-000000");
    }

    #[test]
    fn a_second_record_in_the_same_second_gets_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let now = UNIX_EPOCH + Duration::from_secs(1_796_174_130);
        let first = new_record_path(dir.path(), "irate", 7, now);
        assert_eq!(first.file_name().unwrap(), "irate-7-20261202-011530.jsonl");
        std::fs::write(&first, "x").unwrap();
        let second = new_record_path(dir.path(), "irate", 7, now);
        assert_eq!(second.file_name().unwrap(), "irate-7-20261202-011530-2.jsonl");
    }
}
