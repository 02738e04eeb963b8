//! What a provider posts to a subscriber: the delivery, which deliveries are signed, how long the
//! provider waits, and when it retries.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::{Named, Parameter, Status};

/// What a provider posts to a subscriber when an event happens.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivery {
    /// Its key under `webhooks`, and its `operationId`.
    pub name: String,
    /// The tag it is listed under.
    pub tag: String,
    /// A one-line summary.
    pub summary: String,
    /// What is delivered, and when.
    pub description: String,
    /// The schema of the body.
    pub payload: Named<serde_json::Value>,
    /// Whether every delivery is signed, or only those of a webhook with a secret.
    pub signed: Signed,
    /// Further headers the delivery carries.
    #[serde(default)]
    pub headers: Vec<Parameter>,
    /// How the delivery authenticates to the subscriber besides its signature, in the form of the
    /// table's `security`; none by default.
    #[serde(default)]
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// What the subscriber's answers mean, by status; the retry schedule is added to `default`'s.
    pub responses: IndexMap<Status, String>,
    /// When a failed delivery is retried.
    pub retries: Retries,
    /// How long the provider waits for the subscriber, where it documents it.
    #[serde(default)]
    pub timeouts: Option<Timeouts>,
}

/// How long a provider waits for a subscriber before it counts the delivery failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Timeouts {
    /// Seconds to accept the connection.
    pub connect: u64,
    /// Seconds in all.
    pub total: u64,
}

impl Timeouts {
    /// The timeouts in words, for the document.
    pub fn describe(&self) -> String {
        format!(
            "A delivery fails when the subscriber takes more than {} seconds to accept the connection or {} seconds in all.",
            self.connect, self.total
        )
    }
}

/// When a provider retries a failed delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Retries {
    /// After each of these delays, in seconds, one retry.
    Listed(Vec<u64>),
    /// `count` retries, `seconds` apart.
    Every {
        /// Seconds between attempts.
        seconds: u64,
        /// How many retries.
        count: u32,
    },
    /// `count` retries with exponential backoff: the first after `first` seconds, each delay
    /// twice the one before.
    Doubling {
        /// Seconds before the first retry.
        first: u64,
        /// How many retries.
        count: u32,
    },
    /// `count` retries with exponential backoff whose delays the provider does not state: the
    /// document says only that. (The sandbox, which must wait some time before a retry, waits as
    /// `doubling` from a minute would; that is its own choice, not the provider's.)
    Exponential {
        /// How many retries.
        count: u32,
    },
}

impl Retries {
    /// The delay before retry `retry` (counting from 1), in seconds, or `None` when there is none.
    pub fn delay(&self, retry: u32) -> Option<u64> {
        let index = retry.checked_sub(1)?;
        match self {
            Retries::Listed(delays) => delays.get(usize::try_from(index).ok()?).copied(),
            Retries::Every { seconds, count } => (retry <= *count).then_some(*seconds),
            Retries::Doubling { first, count } => {
                (retry <= *count).then(|| first.saturating_mul(1u64.checked_shl(index).unwrap_or(u64::MAX)))
            }
            Retries::Exponential { count } => Retries::Doubling { first: 60, count: *count }.delay(retry),
        }
    }

    /// How many retries there are.
    pub fn count(&self) -> usize {
        match self {
            Retries::Listed(delays) => delays.len(),
            Retries::Every { count, .. }
            | Retries::Doubling { count, .. }
            | Retries::Exponential { count } => *count as usize,
        }
    }

    /// The schedule in words, for the document.
    pub fn describe(&self) -> String {
        match self {
            Retries::Listed(delays) if delays.is_empty() => "A failed delivery is not retried.".into(),
            Retries::Listed(delays) => {
                let delays: Vec<String> = delays.iter().map(|delay| duration(*delay)).collect();
                format!(
                    "A failed delivery is retried up to {} times, after {}; then it is marked failed.",
                    delays.len(),
                    delays.join(", ")
                )
            }
            Retries::Every { seconds, count } => format!(
                "A failed delivery is retried every {} ({count} times, {} in all).",
                duration(*seconds),
                duration(seconds.saturating_mul(u64::from(*count)))
            ),
            Retries::Doubling { first, count } => format!(
                "A failed delivery is retried up to {count} times, with exponential backoff: the first retry after {}, \
                 each delay twice the one before.",
                duration(*first)
            ),
            Retries::Exponential { count } => format!(
                "A failed delivery is retried up to {count} times, with exponential backoff; the delays are not \
                 documented."
            ),
        }
    }
}

/// A number of seconds as the providers write it: `90s`, `15m`, `2h`, `14d`.
fn duration(seconds: u64) -> String {
    match seconds {
        0 => "0s".into(),
        s if s % 86_400 == 0 && s >= 86_400 * 2 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// Which deliveries carry the signature header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Signed {
    /// Every delivery.
    Always,
    /// Only deliveries of a webhook that has a secret.
    WhenSecret,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_give_each_retry_its_delay_and_end() {
        let listed = Retries::Listed(vec![60, 120]);
        assert_eq!(
            (listed.delay(1), listed.delay(2), listed.delay(3), listed.delay(0)),
            (Some(60), Some(120), None, None)
        );
        let every = Retries::Every { seconds: 300, count: 2 };
        assert_eq!((every.delay(2), every.delay(3)), (Some(300), None));
        let doubling = Retries::Doubling { first: 60, count: 3 };
        assert_eq!((doubling.delay(3), doubling.delay(4)), (Some(240), None));
        let exponential = Retries::Exponential { count: 2 };
        assert_eq!((exponential.count(), exponential.delay(2), exponential.delay(3)), (2, Some(120), None));
        assert_eq!(every.describe(), "A failed delivery is retried every 5m (2 times, 10m in all).");
        assert_eq!(
            Retries::Every { seconds: 300, count: 4032 }.describe(),
            "A failed delivery is retried every 5m (4032 times, 14d in all)."
        );
    }
}
