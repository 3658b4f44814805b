//! Stage timings for measurement: with `GONGKAI_TIMINGS=1` in the environment each stage's
//! wall time, and the memory the process holds when it ends, is printed to stderr (the scale
//! benchmark reads them).

use std::time::Instant;

/// Prints how long a stage took when timings are on.
pub struct StageTimer {
    started: Instant,
    enabled: bool,
}

impl StageTimer {
    /// Starts timing (a no-op unless `GONGKAI_TIMINGS` is set).
    pub fn start() -> StageTimer {
        StageTimer {
            started: Instant::now(),
            enabled: std::env::var_os("GONGKAI_TIMINGS").is_some(),
        }
    }

    /// Prints the time since the last lap under `stage` and starts the next lap.
    pub fn lap(&mut self, stage: &str) {
        if self.enabled {
            eprintln!(
                "[timing] {stage}: {:.1} ms{}",
                self.started.elapsed().as_secs_f64() * 1000.0,
                crate::memory::resident_mib()
                    .map_or(String::new(), |m| format!(", {m} MiB resident"))
            );
        }
        self.started = Instant::now();
    }
}
