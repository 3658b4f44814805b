//! Password mode's defence against guessing: after [`MAX_FAILURES`] wrong passwords from one
//! client address within [`WINDOW`], that address is refused, even with the right password,
//! until [`LOCK`] has passed. Other addresses are not affected (a colleague can still log in).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords allowed from one address within [`WINDOW`].
pub const MAX_FAILURES: u32 = 5;
/// The time wrong passwords are counted over.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long an address is refused after too many wrong passwords.
pub const LOCK: Duration = Duration::from_secs(15 * 60);

/// Wrong passwords of one address.
#[derive(Clone, Copy)]
struct Failures {
    /// How many since `since`.
    count: u32,
    /// The first of them.
    since: Instant,
    /// Refused until then.
    locked_until: Option<Instant>,
}

/// The wrong passwords by client address.
#[derive(Default)]
pub struct Lockout {
    failures: Mutex<HashMap<IpAddr, Failures>>,
}

impl Lockout {
    /// When `ip` is locked out at `now`, how long it still is.
    pub fn locked(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let until = failures.get(&ip)?.locked_until?;
        (until > now).then(|| until - now)
    }

    /// Counts a wrong password from `ip` at `now`; returns how long it is now locked out, if it is.
    pub fn failed(&self, ip: IpAddr, now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        // Forget what is over, so the map does not grow with every address ever seen.
        failures.retain(|_, f| {
            now.duration_since(f.since) < WINDOW || f.locked_until.is_some_and(|u| u > now)
        });
        let f = failures.entry(ip).or_insert(Failures {
            count: 0,
            since: now,
            locked_until: None,
        });
        if now.duration_since(f.since) >= WINDOW || f.locked_until.is_some_and(|u| u <= now) {
            *f = Failures {
                count: 0,
                since: now,
                locked_until: None,
            };
        }
        f.count += 1;
        if f.count >= MAX_FAILURES {
            f.locked_until = Some(now + LOCK);
            return Some(LOCK);
        }
        None
    }

    /// Forgets the wrong passwords of `ip` (it logged in).
    pub fn succeeded(&self, ip: IpAddr) {
        (self.failures.lock().unwrap_or_else(|e| e.into_inner())).remove(&ip);
    }
}

/// “15 分钟” (rounded up to whole minutes).
pub fn minutes(d: Duration) -> String {
    format!("{} 分钟", d.as_secs().div_ceil(60).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_locked_after_repeated_wrong_passwords_for_a_time() {
        let lockout = Lockout::default();
        let a: IpAddr = "192.168.1.20".parse().unwrap();
        let b: IpAddr = "192.168.1.21".parse().unwrap();
        let t0 = Instant::now();
        for i in 1..MAX_FAILURES {
            assert_eq!(lockout.failed(a, t0 + Duration::from_secs(i.into())), None);
            assert_eq!(lockout.locked(a, t0), None);
        }
        assert_eq!(lockout.failed(a, t0 + Duration::from_secs(10)), Some(LOCK));
        let later = t0 + Duration::from_secs(70);
        assert_eq!(
            lockout.locked(a, later),
            Some(LOCK - Duration::from_secs(60))
        );
        assert_eq!(lockout.locked(b, later), None, "other addresses unaffected");
        // Over when the time has passed, and counting starts again.
        let after = t0 + Duration::from_secs(10) + LOCK;
        assert_eq!(lockout.locked(a, after), None);
        assert_eq!(lockout.failed(a, after), None);
        // Wrong passwords spread wider than the window never lock, nor do those of a clerk
        // who then logs in.
        for i in 0..(2 * MAX_FAILURES) {
            assert_eq!(lockout.failed(b, t0 + (WINDOW / 2) * i), None);
        }
        let c: IpAddr = "::1".parse().unwrap();
        for _ in 0..(2 * MAX_FAILURES) {
            assert_eq!(lockout.failed(c, t0), None);
            lockout.succeeded(c);
        }
        assert_eq!(minutes(Duration::from_secs(61)), "2 分钟");
    }
}
