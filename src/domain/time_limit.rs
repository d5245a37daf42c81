//! Time limits a person can extend (WCAG 2.2.1): the token a verification gives runs out, and
//! before it does the app says so and offers more time (`refreshToken`), as long as the backend
//! can still give it.

use serde::{Deserialize, Serialize};

/// How long before a token runs out the person is told, and offered more time.
pub const WARN_BEFORE_SECONDS: u64 = 120;

/// When a token runs out, by this browser's clock, and whether it can be given more time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenTime {
    /// Milliseconds since the Unix epoch.
    pub expires_at: u64,
    /// False once the backend said the token has reached the longest a verification lasts.
    pub can_extend: bool,
}

impl TokenTime {
    /// A token good for `seconds` from `now`; None when the backend gave no time (0), so no
    /// warning is ever shown for it.
    pub fn from_now(now: u64, seconds: u32, can_extend: bool) -> Option<TokenTime> {
        (seconds > 0).then(|| TokenTime { expires_at: now + u64::from(seconds) * 1000, can_extend })
    }

    /// Where the token stands at `now`.
    pub fn left(self, now: u64) -> TimeLeft {
        let left_ms = self.expires_at.saturating_sub(now);
        match left_ms.div_ceil(1000) {
            0 => TimeLeft::Out,
            seconds if seconds <= WARN_BEFORE_SECONDS => TimeLeft::Running { seconds },
            _ => TimeLeft::Plenty,
        }
    }
}

/// Where a token stands: nothing to say, the last minutes (seconds left), or run out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLeft {
    Plenty,
    Running { seconds: u64 },
    Out,
}

/// Which of the person's tokens a screen acts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    /// The payment's, from choosing a tier until the payment has its result.
    Pay,
    /// The record's (read-only), on the record's and the family's screens.
    Read,
}

/// "1 分 05 秒" / "1:05": the time left, as the countdown shows it.
pub fn minutes_seconds(seconds: u64, zh: bool) -> String {
    if zh {
        format!("{} 分 {:02} 秒", seconds / 60, seconds % 60)
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn told_two_minutes_before_and_out_at_the_end() {
        let time = TokenTime::from_now(1_000_000, 1800, true).unwrap();
        assert_eq!(time.expires_at, 2_800_000);
        assert_eq!(time.left(1_000_000), TimeLeft::Plenty);
        assert_eq!(time.left(2_800_000 - 120_001), TimeLeft::Plenty);
        assert_eq!(time.left(2_800_000 - 120_000), TimeLeft::Running { seconds: 120 });
        assert_eq!(time.left(2_800_000 - 1), TimeLeft::Running { seconds: 1 });
        assert_eq!(time.left(2_800_000), TimeLeft::Out);
        assert_eq!(time.left(9_000_000), TimeLeft::Out);
        assert_eq!(TokenTime::from_now(5, 0, true), None, "no time given: nothing to warn of");
    }

    #[test]
    fn countdown_wording() {
        assert_eq!(minutes_seconds(65, true), "1 分 05 秒");
        assert_eq!(minutes_seconds(65, false), "1:05");
        assert_eq!(minutes_seconds(120, false), "2:00");
    }

    proptest! {
        /// Time only runs one way: once warned, later is never "plenty" again; once out, always out.
        #[test]
        fn time_left_never_goes_back(expires_at in 0u64..10_000_000, a in 0u64..10_000_000, b in 0u64..10_000_000) {
            let time = TokenTime { expires_at, can_extend: true };
            let (early, late) = (a.min(b), a.max(b));
            let rank = |t: TimeLeft| match t { TimeLeft::Plenty => 0, TimeLeft::Running { .. } => 1, TimeLeft::Out => 2 };
            prop_assert!(rank(time.left(early)) <= rank(time.left(late)));
            if let (TimeLeft::Running { seconds: s1 }, TimeLeft::Running { seconds: s2 }) = (time.left(early), time.left(late)) {
                prop_assert!(s2 <= s1 && s1 <= WARN_BEFORE_SECONDS);
            }
        }
    }
}
