//! The procedure, carried out where its data lands: every step a device
//! records on a proposal is checked by the domain's `plan_transition` with
//! the server's hierarchy and today's date, every unit a proposal involves
//! must lie in the officer's jurisdiction, and an effective decision is
//! carried out by the server (`plan_application`) in the transaction that
//! records it — or, dated ahead, when its day begins in Vietnam. A reform
//! decided above the province is carried out by the same executor, once.

mod checks;
mod due;
mod executor;
mod reform;
mod world;

pub use checks::{ProposalWrite, check_proposal_write};
pub use due::{carry_out_due, run_schedule};
pub use executor::{CarryOut, carry_out};
pub(crate) use executor::{move_anchored, store};
pub use reform::{ReformOutcome, carry_out_reform, place_waiting_unit};
pub use world::{World, review_of};
