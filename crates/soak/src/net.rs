//! The network between the simulated devices and the server, with faults
//! drawn from the history's seed: an answer dropped after the server
//! committed, a request sent twice, an old push delivered again later
//! (reordered), a delay; every answer the server gave is written down (for
//! the checks), and every 5xx counted.

use crate::tally::{Answer, Tally};
use domain::sync::protocol::{PullResponse, PushResponse};
use domain::wire::{ApiErrorBody, SignInRequest, SignInResponse};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use sync_engine::{MemoryStoreError, QueuedMutation, Stuck, Transport};
use uuid::Uuid;

/// What a round stopped on.
#[derive(Debug)]
pub enum RoundError {
    /// No answer (server down, answer dropped).
    Unreachable(String),
    /// The server answered with an error status.
    Status {
        status: u16,
        code: String,
    },
    BadAnswer(String),
    Store(MemoryStoreError),
    Stuck(Stuck),
}

impl std::fmt::Display for RoundError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RoundError::Unreachable(why) => write!(formatter, "no answer: {why}"),
            RoundError::Status { status, code } => write!(formatter, "answered {status} {code}"),
            RoundError::BadAnswer(why) => write!(formatter, "an answer that cannot be read: {why}"),
            RoundError::Store(error) => write!(formatter, "the store refused: {error}"),
            RoundError::Stuck(Stuck::CannotResend { expected, oldest }) => {
                write!(
                    formatter,
                    "the server asks for {expected}, the device keeps from {oldest}"
                )
            }
            RoundError::Stuck(Stuck::BadAnswer(why)) => write!(formatter, "stuck: {why}"),
        }
    }
}

impl From<MemoryStoreError> for RoundError {
    fn from(error: MemoryStoreError) -> Self {
        RoundError::Store(error)
    }
}

impl From<Stuck> for RoundError {
    fn from(stuck: Stuck) -> Self {
        RoundError::Stuck(stuck)
    }
}

/// The faults in force (all off while the devices settle at the end).
#[derive(Clone, Copy, Debug)]
pub struct Faults {
    /// Each push or pull: its answer lost after the server answered.
    pub drop_answer: f64,
    /// Each push: sent twice.
    pub duplicate: f64,
    /// Each push: kept and delivered again before a later one.
    pub replay_later: f64,
    /// Each request: delayed by up to 150 ms.
    pub delay: f64,
}

impl Faults {
    pub const NONE: Faults = Faults {
        drop_answer: 0.0,
        duplicate: 0.0,
        replay_later: 0.0,
        delay: 0.0,
    };
}

/// What every device's connection shares: the server's address, the faults,
/// the seed's random source, the tally.
pub struct Net {
    pub url: RefCell<String>,
    pub faults: RefCell<Faults>,
    pub rng: Rc<RefCell<ChaCha8Rng>>,
    pub tally: Rc<RefCell<Tally>>,
    http: reqwest::Client,
}

impl Net {
    pub fn new(url: String, rng: Rc<RefCell<ChaCha8Rng>>, tally: Rc<RefCell<Tally>>) -> Rc<Self> {
        Rc::new(Self {
            url: RefCell::new(url),
            faults: RefCell::new(Faults::NONE),
            rng,
            tally,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("an HTTP client"),
        })
    }

    fn chance(&self, probability: f64) -> bool {
        probability > 0.0 && self.rng.borrow_mut().gen_bool(probability.min(1.0))
    }

    async fn maybe_delay(&self) {
        if self.chance(self.faults.borrow().delay) {
            let millis = self.rng.borrow_mut().gen_range(1..150);
            tokio::time::sleep(Duration::from_millis(millis)).await;
            self.tally.borrow_mut().fault("delayed request");
        }
    }

    /// Signs in `username` from `device`.
    pub async fn sign_in(&self, username: &str, device: Uuid) -> Result<SignInResponse, RoundError> {
        let url = format!("{}/api/v1/sessions", self.url.borrow());
        let response = self
            .http
            .post(url)
            .json(&SignInRequest {
                username: username.to_owned(),
                password: crate::server::PASSWORD.to_owned(),
                device_id: Some(device),
            })
            .send()
            .await
            .map_err(|error| RoundError::Unreachable(error.to_string()))?;
        self.read(response).await
    }

    async fn read<T: serde::de::DeserializeOwned>(&self, response: reqwest::Response) -> Result<T, RoundError> {
        let status = response.status().as_u16();
        if status >= 500 {
            self.tally.borrow_mut().server_errors += 1;
        }
        if !(200..300).contains(&status) {
            let code = response
                .json::<ApiErrorBody>()
                .await
                .map(|body| body.error.code)
                .unwrap_or_else(|_| format!("http_{status}"));
            return Err(RoundError::Status { status, code });
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|error| RoundError::Unreachable(error.to_string()))?;
        serde_json::from_slice(&bytes).map_err(|error| RoundError::BadAnswer(error.to_string()))
    }

    /// One push with a raw body and a token; the answer is written down.
    pub async fn push_body(&self, token: &str, body: String) -> Result<PushResponse, RoundError> {
        let sent = body.clone();
        let url = format!("{}/api/v1/sync/push", self.url.borrow());
        let response = self
            .http
            .post(url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|error| RoundError::Unreachable(error.to_string()))?;
        let answer: PushResponse = self.read(response).await?;
        if std::env::var("SOAK_TRACE").is_ok() {
            let device = sent.get(14..50).unwrap_or("");
            let seqs: Vec<u64> = answer.results.iter().map(|result| result.seq).collect();
            println!(
                "push from {device}: results {seqs:?}, expects {} epoch {}",
                answer.expected_seq, answer.epoch
            );
        }
        let device: Uuid = sent.get(14..50).and_then(|id| id.parse().ok()).unwrap_or_default();
        let mut tally = self.tally.borrow_mut();
        tally.push_answered(
            device,
            &answer.epoch,
            answer.results.first().map(|result| result.seq),
            answer.expected_seq,
        );
        for result in &answer.results {
            tally.answered(
                result.mutation_id,
                Answer {
                    outcome: result.outcome.clone(),
                    epoch: answer.epoch.clone(),
                    serial: 0,
                    device,
                    seq: result.seq,
                },
            );
        }
        Ok(answer)
    }

    async fn pull(&self, token: &str, since: u64, limit: u32) -> Result<PullResponse, RoundError> {
        if std::env::var("SOAK_TRACE").is_ok() {
            println!("pull since {since} token {}", token.get(..6).unwrap_or(""));
        }
        let url = format!("{}/api/v1/sync/pull?since={since}&limit={limit}", self.url.borrow());
        let response = self
            .http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|error| RoundError::Unreachable(error.to_string()))?;
        self.read(response).await
    }
}

/// One device's connection: its session, and a push kept back to be
/// delivered again later.
pub struct DeviceNet {
    pub net: Rc<Net>,
    pub token: RefCell<String>,
    kept_back: RefCell<Option<String>>,
}

impl DeviceNet {
    pub fn new(net: Rc<Net>, token: String) -> Self {
        Self {
            net,
            token: RefCell::new(token),
            kept_back: RefCell::new(None),
        }
    }
}

impl Transport for DeviceNet {
    type Error = RoundError;

    async fn push_queued(&self, device_id: Uuid, mutations: &[QueuedMutation]) -> Result<PushResponse, RoundError> {
        let net = &self.net;
        let faults = *net.faults.borrow();
        let body = sync_engine::transport::push_body(device_id, mutations);
        let token = self.token.borrow().clone();
        net.maybe_delay().await;
        let kept_back = self.kept_back.borrow_mut().take();
        if let Some(old) = kept_back {
            // An old push, delayed in the network, arrives before this one.
            net.tally.borrow_mut().fault("old push delivered late");
            let _ = net.push_body(&token, old).await;
        }
        if !mutations.is_empty() && net.chance(faults.replay_later) {
            *self.kept_back.borrow_mut() = Some(body.clone());
        }
        if net.chance(faults.duplicate) {
            net.tally.borrow_mut().fault("push sent twice");
            let (first, second) = futures::join!(net.push_body(&token, body.clone()), net.push_body(&token, body));
            return second.or(first);
        }
        let answer = net.push_body(&token, body).await?;
        if net.chance(faults.drop_answer) {
            net.tally.borrow_mut().fault("push answer lost after commit");
            return Err(RoundError::Unreachable("the answer was lost".to_owned()));
        }
        Ok(answer)
    }

    async fn pull(&self, since: u64, limit: u32) -> Result<PullResponse, RoundError> {
        let net = &self.net;
        let faults = *net.faults.borrow();
        net.maybe_delay().await;
        let token = self.token.borrow().clone();
        let answer = net.pull(&token, since, limit).await?;
        if net.chance(faults.drop_answer) {
            net.tally.borrow_mut().fault("pull answer lost");
            return Err(RoundError::Unreachable("the answer was lost".to_owned()));
        }
        Ok(answer)
    }
}
