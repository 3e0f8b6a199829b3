//! One random history: a few devices of commune officers editing offline and
//! syncing with the real server through a faulty network, the server killed,
//! backed up and restored, an officer moved to another commune, a device id
//! used by another officer; then every device synced until nothing moves,
//! and the checks (`checks`).

use crate::checks::{self, Failure, Made};
use crate::net::{DeviceNet, Faults, Net, RoundError};
use crate::server::{Installation, Server};
use crate::tally::Tally;
use domain::review::{ReviewRecord, VillageReview};
use domain::sync::RecordType;
use domain::{Area, Lifecycle, OfficerId, OfficialCode, SyncMeta, Timestamp, Unit, UnitAttributes, UnitKind, UnitName};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use sync_engine::{DeviceStore, MemoryStore, Saved};
use uuid::Uuid;

/// The two communes the officers work in (today's units, after the 2025 reform).
pub const COMMUNES: [&str; 2] = ["06187", "06172"];

/// The simulated accounts: (username, role, jurisdiction).
pub const ACCOUNTS: [(&str, &str, &str); 4] = [
    ("soak.a1", "commune_officer", COMMUNES[0]),
    ("soak.a2", "commune_officer", COMMUNES[0]),
    ("soak.b1", "commune_officer", COMMUNES[1]),
    ("soak.tinh", "province_officer", "20"),
];
/// The officer who is moved between the communes.
const MOVED: usize = 1;
/// The province officer, who only reads (the checks' view of the province).
pub const PROVINCE: usize = 3;

pub fn commune_id(code: &str) -> Uuid {
    domain::reform::reform_unit_id("lang_son_2025", &OfficialCode::parse(code).expect("a commune code"))
}

/// A device in the simulation.
pub struct Device {
    pub name: String,
    pub officer: usize,
    pub store: MemoryStore,
    pub net: DeviceNet,
}

/// The officers' ids, as the server gave them at sign-in.
#[derive(Default)]
pub struct Officers {
    pub ids: [Option<Uuid>; 4],
    /// Where each works now (index into `COMMUNES`).
    pub commune: [usize; 4],
}

/// How one history went.
pub struct Outcome {
    pub steps: Vec<String>,
    pub tally: Tally,
    pub failures: Vec<Failure>,
    pub made: Vec<Made>,
    pub kept_refused: u64,
}

pub struct History {
    rng: Rc<RefCell<ChaCha8Rng>>,
    server: Server,
    net: Rc<Net>,
    pub devices: Vec<Device>,
    pub officers: Officers,
    made: Vec<Made>,
    steps: Vec<String>,
    names: u64,
    /// The answers' mark when the backup was taken.
    backup_mark: Option<u64>,
    restored: bool,
    failures: Vec<Failure>,
}

fn now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default();
    Timestamp(millis)
}

fn random_id(rng: &RefCell<ChaCha8Rng>) -> Uuid {
    uuid::Builder::from_random_bytes(rng.borrow_mut().r#gen()).into_uuid()
}

impl History {
    /// The history `number`: its server started on its own database.
    pub async fn start(
        number: u64,
        seed: u64,
        installation: &Installation,
        template: &crate::server::Database,
    ) -> anyhow::Result<Self> {
        use rand::SeedableRng;
        let rng = Rc::new(RefCell::new(ChaCha8Rng::seed_from_u64(seed)));
        let database = installation.database_for(template, number)?;
        let server = Server::start(installation.clone(), database)?;
        let tally = Rc::new(RefCell::new(Tally::default()));
        let net = Net::new(server.url().unwrap_or_default().to_owned(), rng.clone(), tally);
        let mut history = History {
            rng,
            server,
            net,
            devices: Vec::new(),
            officers: Officers {
                ids: [None; 4],
                commune: [0, 0, 1, 0],
            },
            made: Vec::new(),
            steps: Vec::new(),
            names: 0,
            backup_mark: None,
            restored: false,
            failures: Vec::new(),
        };
        // Each commune officer's tablet; in some histories a second tablet
        // for the first officer.
        let mut tablets = vec![("a1", 0), ("a2", 1), ("b1", 2)];
        if history.rng.borrow_mut().gen_bool(0.5) {
            tablets.push(("a1-thứ-hai", 0));
        }
        for (name, officer) in tablets {
            let device = history.new_device(name, officer).await?;
            history.devices.push(device);
        }
        Ok(history)
    }

    /// A new device signed in as `officer`, with an empty store.
    pub async fn new_device(&mut self, name: &str, officer: usize) -> anyhow::Result<Device> {
        let device_id = random_id(&self.rng);
        let ids = self.rng.clone();
        let store = MemoryStore::new(device_id, move || random_id(&ids), now);
        let signed_in = self
            .net
            .sign_in(ACCOUNTS[officer].0, device_id)
            .await
            .map_err(|error| anyhow::anyhow!("sign-in of {}: {error:?}", ACCOUNTS[officer].0))?;
        self.officers.ids[officer] = Some(signed_in.officer.id);
        Ok(Device {
            name: name.to_owned(),
            officer,
            store,
            net: DeviceNet::new(self.net.clone(), signed_in.token),
        })
    }

    fn chance(&self, probability: f64) -> bool {
        self.rng.borrow_mut().gen_bool(probability)
    }

    fn pick(&self, below: usize) -> usize {
        self.rng.borrow_mut().gen_range(0..below)
    }

    fn note(&mut self, step: String) {
        if std::env::var("SOAK_TRACE").is_ok() {
            println!("STEP {step}");
        }
        self.steps.push(step);
    }

    /// Runs `steps` random steps with faults in force.
    pub async fn run(&mut self, steps: usize) -> anyhow::Result<()> {
        *self.net.faults.borrow_mut() = Faults {
            drop_answer: 0.08,
            duplicate: 0.05,
            replay_later: 0.05,
            delay: 0.1,
        };
        for _ in 0..steps {
            let roll = self.pick(100);
            match roll {
                0..=44 => self.edit().await?,
                45..=74 => self.sync_some(false).await?,
                75..=79 => self.sync_some(true).await?,
                80..=83 => {
                    self.note("the server is killed (SIGKILL) and started again".to_owned());
                    self.net.tally.borrow_mut().fault("server killed");
                    self.server.kill();
                    self.restart()?;
                }
                84..=86 if !self.server.has_backup() && !self.restored => {
                    self.note("a backup is taken".to_owned());
                    self.backup_mark = Some(self.net.tally.borrow().mark());
                    self.server.back_up()?;
                    self.net.tally.borrow_mut().fault("backup taken");
                    self.point_net_at_server();
                }
                87..=89 if self.server.has_backup() => {
                    self.note("the backup is restored and new-epoch run".to_owned());
                    if self.server.restore()? {
                        let mark = self.backup_mark.take().unwrap_or_default();
                        self.net.tally.borrow_mut().restored_from(mark);
                        self.net.tally.borrow_mut().fault("backup restored (new epoch)");
                        self.restored = true;
                    }
                    self.point_net_at_server();
                }
                90..=93 => self.reassign()?,
                94..=96 => self.hostile_push().await?,
                _ => self.sync_some(false).await?,
            }
        }
        Ok(())
    }

    fn point_net_at_server(&self) {
        if let Some(url) = self.server.url() {
            *self.net.url.borrow_mut() = url.to_owned();
        }
    }

    fn restart(&mut self) -> anyhow::Result<()> {
        self.server.ensure_running()?;
        self.point_net_at_server();
        Ok(())
    }

    /// The officer moved between the communes, through the server's CLI.
    fn reassign(&mut self) -> anyhow::Result<()> {
        let to = 1 - self.officers.commune[MOVED];
        self.server.assign(ACCOUNTS[MOVED].0, "commune_officer", COMMUNES[to])?;
        self.officers.commune[MOVED] = to;
        self.net.tally.borrow_mut().fault("officer reassigned");
        self.note(format!("{} is assigned to {}", ACCOUNTS[MOVED].0, COMMUNES[to]));
        Ok(())
    }

    /// One device's officer pushes under another device's id: refused 403,
    /// nothing taken.
    async fn hostile_push(&mut self) -> anyhow::Result<()> {
        if self.devices.len() < 2 || !self.server.is_running() {
            return Ok(());
        }
        let thief = self.pick(self.devices.len());
        let victim = (thief + 1 + self.pick(self.devices.len() - 1)) % self.devices.len();
        if self.devices[thief].officer == self.devices[victim].officer {
            return Ok(());
        }
        let victim_id = self.devices[victim].store.device_id();
        let expected = self.devices[victim]
            .store
            .sync_state()
            .await
            .map_err(|error| anyhow::anyhow!("{error}"))?
            .expected_seq
            .max(1);
        let officer = self.officers.ids[self.devices[thief].officer].unwrap_or_default();
        let commune = commune_id(COMMUNES[self.officers.commune[self.devices[thief].officer]]);
        let village = village_body(random_id(&self.rng), commune, "Thôn Mượn Máy", OfficerId(officer));
        let forged = domain::sync::Mutation {
            mutation_id: random_id(&self.rng),
            device_id: victim_id,
            seq: expected,
            record_type: RecordType::Unit,
            record_id: random_id(&self.rng),
            base_revision: 0,
            base_epoch: None,
            changes: domain::sync::diff(None, &village),
            officer_id: OfficerId(officer),
            at: now(),
            resolves: Vec::new(),
        };
        let queued = self.devices[thief].store.queued_as(&forged);
        let body = sync_engine::transport::push_body(victim_id, &[queued]);
        let token = self.devices[thief].net.token.borrow().clone();
        self.note(format!(
            "{} pushes under {}'s device id",
            self.devices[thief].name, self.devices[victim].name
        ));
        self.net.tally.borrow_mut().fault("push under another's device id");
        match self.net.push_body(&token, body).await {
            Err(RoundError::Status { status: 403, .. }) => {}
            Err(RoundError::Unreachable(_)) | Err(RoundError::Status { status: 401, .. }) => {}
            other => self.failures.push(Failure::wrong(format!(
                "a push under another device's id was answered {}",
                match &other {
                    Ok(answer) => format!("200 with {} results", answer.results.len()),
                    Err(error) => error.to_string(),
                }
            ))),
        }
        Ok(())
    }

    /// A random edit on a random device, saved in its store.
    async fn edit(&mut self) -> anyhow::Result<()> {
        let index = self.pick(self.devices.len());
        let planned = self.plan_edit(index).await;
        let device = &self.devices[index];
        let saved = device
            .store
            .save_body(planned.record_type, &planned.body, planned.by, now())
            .await
            .map_err(|error| anyhow::anyhow!("a save on {}: {error}", device.name))?;
        self.record_edit(&planned, saved, "").await
    }

    /// A random edit of what device `index` holds, not yet saved.
    async fn plan_edit(&mut self, index: usize) -> PlannedEdit {
        let officer = self.devices[index].officer;
        let by = OfficerId(self.officers.ids[officer].unwrap_or_default());
        let held = self.devices[index].store.records();
        let villages: Vec<(Uuid, Value)> = held
            .iter()
            .filter(|(_, (kind, body))| *kind == RecordType::Unit && body["kind"] == "village")
            .map(|(id, (_, body))| (*id, body.clone()))
            .collect();
        let reviews: Vec<(Uuid, Value)> = held
            .iter()
            .filter(|(_, (kind, _))| *kind == RecordType::VillageReview)
            .map(|(id, (_, body))| (*id, body.clone()))
            .collect();
        let own_commune = match self.devices[index].store.sync_state().await {
            Ok(state) => state
                .jurisdiction
                .unwrap_or_else(|| commune_id(COMMUNES[self.officers.commune[officer]])),
            Err(_) => commune_id(COMMUNES[self.officers.commune[officer]]),
        };
        let roll = self.pick(100);
        let (what, record_type, body, outside) = if roll < 30 || villages.is_empty() {
            let outside = self.chance(0.1);
            // Only an officer never moved is surely outside the other commune.
            let surely_outside = outside && officer != MOVED;
            let commune = if outside {
                COMMUNES
                    .iter()
                    .map(|code| commune_id(code))
                    .find(|id| *id != own_commune)
                    .unwrap_or(own_commune)
            } else {
                own_commune
            };
            let name = self.new_name();
            let what = format!("creates {name}{}", if outside { " in the other commune" } else { "" });
            (
                what,
                RecordType::Unit,
                village_body(random_id(&self.rng), commune, &name, by),
                surely_outside,
            )
        } else if roll < 55 {
            let (_, mut body) = villages[self.pick(villages.len())].clone();
            let name = self.new_name();
            let what = format!("renames {} to {name}", body["name"]);
            body["name"] = Value::from(name);
            (what, RecordType::Unit, body, false)
        } else if roll < 70 {
            let (_, mut body) = villages[self.pick(villages.len())].clone();
            let flag = !body["attributes"]["mountainous"].as_bool().unwrap_or(false);
            body["attributes"]["mountainous"] = Value::from(flag);
            (
                format!("marks {} mountainous {flag}", body["name"]),
                RecordType::Unit,
                body,
                false,
            )
        } else if roll < 85 || reviews.is_empty() {
            let (village, body) = villages[self.pick(villages.len())].clone();
            let households = self.rng.borrow_mut().gen_range(40..400);
            let review = ReviewRecord::Village(VillageReview {
                id: random_id(&self.rng),
                unit_id: village,
                households,
                population: households * 4,
                area: Area::from_square_metres(2_000_000),
                non_professional_workers: 3,
                ethnic_minority_percent: None,
                special_status: None,
                location: None,
                reviewed_on: now().vietnam_date(),
                reviewer: by,
                notes: String::new(),
                meta: SyncMeta::created(now(), by),
            });
            let body_of_review = serde_json::to_value(&review).expect("a review as JSON");
            (
                format!("reviews {} ({households} households)", body["name"]),
                RecordType::VillageReview,
                body_of_review,
                false,
            )
        } else {
            let (_, mut body) = reviews[self.pick(reviews.len())].clone();
            self.names += 1;
            let notes = format!("ghi chú {}", self.names);
            body["notes"] = Value::from(notes.clone());
            (
                format!("notes “{notes}” on a review"),
                RecordType::VillageReview,
                body,
                false,
            )
        };
        PlannedEdit {
            index,
            record_type,
            body,
            by,
            outside,
            what,
        }
    }

    /// Notes a saved edit: its mutation, for the checks.
    async fn record_edit(&mut self, planned: &PlannedEdit, saved: Saved, how: &str) -> anyhow::Result<()> {
        let (index, outside, what) = (planned.index, planned.outside, &planned.what);
        let device = &self.devices[index];
        if let Saved::Queued { mutation_id, .. } = saved {
            let entries = device
                .store
                .outbox_entries()
                .await
                .map_err(|error| anyhow::anyhow!("{error}"))?;
            if let Some(entry) = entries
                .into_iter()
                .find(|entry| entry.mutation.mutation_id == mutation_id)
            {
                self.made.push(Made {
                    device: index,
                    mutation: entry.mutation,
                    outside,
                });
            }
            let step = format!("{}{how} {what}", device.name);
            self.note(step);
        }
        Ok(())
    }

    fn new_name(&mut self) -> String {
        self.names += 1;
        format!("Thôn Thử Nghiệm {}", self.names)
    }

    /// A round on one to three devices at once; with `kill`, the server is
    /// killed while they are in flight (and started again after).
    async fn sync_some(&mut self, kill: bool) -> anyhow::Result<()> {
        let count = 1 + self.pick(3.min(self.devices.len()));
        let mut chosen: Vec<usize> = (0..self.devices.len()).collect();
        chosen.shuffle(&mut *self.rng.borrow_mut());
        chosen.truncate(count);
        let names: Vec<&str> = chosen.iter().map(|index| self.devices[*index].name.as_str()).collect();
        let step = format!(
            "{} sync{}",
            names.join(" + "),
            if kill { ", the server killed mid-round" } else { "" }
        );
        self.note(step);
        let wait = self.pick(60) as u64;
        // A second tab of one of the syncing devices saves while the round runs.
        let second_tab = if self.chance(0.25) {
            let index = chosen[self.pick(chosen.len())];
            Some(self.plan_edit(index).await)
        } else {
            None
        };
        let tab_wait = self.pick(40) as u64;
        let server = RefCell::new(&mut self.server);
        let rounds = futures::future::join_all(chosen.iter().map(|index| {
            let device = &self.devices[*index];
            async move {
                (
                    *index,
                    sync_engine::sync_round::<_, _, RoundError>(&device.store, &device.net).await,
                )
            }
        }));
        let killer = async {
            if kill {
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                server.borrow_mut().kill();
            }
        };
        let devices = &self.devices;
        let tab = async {
            let planned = second_tab.as_ref()?;
            tokio::time::sleep(std::time::Duration::from_millis(tab_wait)).await;
            let store = &devices[planned.index].store;
            Some(
                store
                    .save_body(planned.record_type, &planned.body, planned.by, now())
                    .await,
            )
        };
        let (results, (), saved_by_tab) = futures::join!(rounds, killer, tab);
        if kill {
            self.net.tally.borrow_mut().fault("server killed mid-round");
        }
        if let (Some(planned), Some(saved)) = (&second_tab, saved_by_tab) {
            self.net.tally.borrow_mut().fault("a second tab saved during a round");
            let saved = saved.map_err(|error| anyhow::anyhow!("a save in a second tab: {error}"))?;
            self.record_edit(planned, saved, " (second tab)").await?;
        }
        self.restart()?;
        for (index, result) in results {
            self.after_round(index, result).await?;
        }
        Ok(())
    }

    /// What a round's failure means: transient ones wait for the next round;
    /// an ended session signs in again; anything else is a finding.
    async fn after_round(
        &mut self,
        index: usize,
        result: Result<sync_engine::Round, RoundError>,
    ) -> anyhow::Result<bool> {
        match result {
            Ok(_) => Ok(true),
            Err(RoundError::Unreachable(_)) => Ok(false),
            Err(RoundError::Status { status: 401, .. }) => {
                // A session the restored backup does not know: sign in again.
                let device_id = self.devices[index].store.device_id();
                let officer = self.devices[index].officer;
                if let Ok(signed_in) = self.net.sign_in(ACCOUNTS[officer].0, device_id).await {
                    *self.devices[index].net.token.borrow_mut() = signed_in.token;
                }
                Ok(false)
            }
            Err(RoundError::Status { status, .. }) if status >= 500 => Ok(false),
            Err(RoundError::Store(sync_engine::MemoryStoreError::Stale(_))) => Ok(false),
            Err(other) => {
                let name = self.devices[index].name.clone();
                self.failures
                    .push(Failure::wrong(format!("{name}'s round stopped: {other}")));
                Ok(false)
            }
        }
    }

    /// Faults off, the server up, every device synced until a whole pass
    /// over them moves nothing; then the checks.
    pub async fn settle_and_check(mut self) -> anyhow::Result<Outcome> {
        *self.net.faults.borrow_mut() = Faults::NONE;
        self.restart()?;
        let mut quiet_passes = 0;
        for _ in 0..12 {
            let mut moved = false;
            for index in 0..self.devices.len() {
                let device = &self.devices[index];
                let result = sync_engine::sync_round::<_, _, RoundError>(&device.store, &device.net).await;
                if let Ok(round) = &result {
                    moved |= round.pushed > 0 || round.pulled > 0 || round.jurisdiction_change_waiting;
                } else {
                    moved = true;
                }
                self.after_round(index, result).await?;
            }
            quiet_passes = if moved { 0 } else { quiet_passes + 1 };
            if quiet_passes == 2 {
                break;
            }
        }
        if quiet_passes < 2 {
            self.failures.push(Failure::lost(
                "the devices did not come to rest in 12 passes".to_owned(),
            ));
        }
        let failures = checks::run(&mut self).await?;
        self.failures.extend(failures);
        let kept_refused = checks::kept_refused(&self).await;
        let tally = std::mem::take(&mut *self.net.tally.borrow_mut());
        let outcome = Outcome {
            steps: std::mem::take(&mut self.steps),
            tally,
            failures: std::mem::take(&mut self.failures),
            made: std::mem::take(&mut self.made),
            kept_refused,
        };
        self.server.finish()?;
        Ok(outcome)
    }

    pub fn made(&self) -> &[Made] {
        &self.made
    }

    pub fn tally(&self) -> std::cell::Ref<'_, Tally> {
        self.net.tally.borrow()
    }
}

/// An edit chosen, to be saved now or while a round runs (a second tab).
struct PlannedEdit {
    index: usize,
    record_type: RecordType,
    body: Value,
    by: OfficerId,
    outside: bool,
    what: String,
}

/// A new village's JSON, as a device writes it.
pub fn village_body(id: Uuid, commune: Uuid, name: &str, by: OfficerId) -> Value {
    let village = Unit {
        id,
        code: None,
        name: UnitName::parse(name).expect("a village's name"),
        kind: UnitKind::Village,
        parent_id: Some(commune),
        lifecycle: Lifecycle::Active { since: None },
        attributes: UnitAttributes::default(),
        meta: SyncMeta::created(now(), by),
    };
    serde_json::to_value(&village).expect("a unit as JSON")
}
