//! Stage timings for measurement: with `GONGKAI_TIMINGS=1` in the environment each stage's
//! wall time, the CPU time all threads spent in it, and the memory the process holds when it
//! ends, are printed to stderr (the scale benchmark reads them). A stage whose CPU time is
//! close to its wall time runs on one core.

use std::time::Instant;

/// Prints how long a stage took when timings are on.
pub struct StageTimer {
    started: Instant,
    /// CPU time of the process when the lap started, in milliseconds.
    cpu_started: u64,
    enabled: bool,
}

impl StageTimer {
    /// Starts timing (a no-op unless `GONGKAI_TIMINGS` is set).
    pub fn start() -> StageTimer {
        let enabled = std::env::var_os("GONGKAI_TIMINGS").is_some();
        StageTimer {
            started: Instant::now(),
            cpu_started: if enabled { cpu_ms().unwrap_or(0) } else { 0 },
            enabled,
        }
    }

    /// Prints the time since the last lap under `stage` and starts the next lap.
    pub fn lap(&mut self, stage: &str) {
        if self.enabled {
            let cpu = cpu_ms();
            eprintln!(
                "[timing] {stage}: {:.1} ms{}{}",
                self.started.elapsed().as_secs_f64() * 1000.0,
                cpu.map_or(String::new(), |c| format!(
                    " ({} ms CPU)",
                    c.saturating_sub(self.cpu_started)
                )),
                crate::memory::resident_mib()
                    .map_or(String::new(), |m| format!(", {m} MiB resident"))
            );
            self.cpu_started = cpu.unwrap_or(0);
        }
        self.started = Instant::now();
    }
}

/// User and system CPU time of every thread of the process so far, in milliseconds (Linux:
/// `/proc/self/stat`, counted in the kernel's 100 Hz ticks).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name, in parentheses, may hold spaces: fields are counted after it.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace();
    let user: u64 = fields.nth(11)?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    Some((user + system) * 10)
}
