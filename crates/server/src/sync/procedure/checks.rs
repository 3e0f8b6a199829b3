//! Whether a proposal as a device pushed it may be stored: its decisions are
//! appended, never rewritten; each new one is the step the domain's
//! `plan_transition` allows this officer now (consultation, readiness, dates,
//! comments, role), checked with the server's hierarchy and clock; every
//! unit it involves lies in the officer's jurisdiction; what it says (its
//! units, what they become, the consultation) changes only while it is a
//! draft or returned, by its drafter (`domain::proposal::check_content_change`);
//! the server's own mark (`carried_out`) is the server's alone.

use super::world::World;
use crate::accounts::Caller;
use crate::db::{DbError, SyncTransaction};
use crate::sync::rules::Refusal;
use domain::proposal::workflow::{Decision, Status, plan_transition};
use domain::proposal::{Action, MergeTarget, Proposal};
use domain::{Language, NaiveDate, Officer, OfficerId, Timestamp};

/// What a proposal write does to the procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalWrite {
    /// It records a decision in effect from this day: the server carries it
    /// out on that day (at once when it has begun).
    BecameEffective(NaiveDate),
    /// Anything else (a draft edited, a step that changes no unit).
    Recorded,
}

/// Checks a proposal write; `Ok(Err(refusal))` when it is refused.
pub async fn check_proposal_write(
    transaction: &mut SyncTransaction,
    caller: &Caller,
    before: Option<&Proposal>,
    proposal: &Proposal,
    now: Timestamp,
) -> Result<Result<ProposalWrite, Refusal>, DbError> {
    if proposal.carried_out != before.and_then(|before| before.carried_out.clone()) {
        return Ok(Err(Refusal::new(
            "server_field",
            "chỉ máy chủ ghi nhận việc thực hiện phương án (carried_out)",
        )));
    }
    // A proposal keeps the procedure it was drafted under; a new one takes
    // one that was in force by the server's today.
    match before {
        Some(before) if before.procedure != proposal.procedure => {
            return Ok(Err(Refusal::new(
                "procedure_changed",
                "phương án giữ quy trình đã áp dụng khi lập, không được đổi",
            )));
        }
        None if !proposal.procedure_in_force_when_drafted(now.vietnam_date()) => {
            return Ok(Err(Refusal::new(
                "procedure_not_in_force",
                format!(
                    "quy trình \"{}\" không áp dụng cho phương án lập ngày {}",
                    proposal.procedure().title().vi,
                    domain::format::date_vi(proposal.meta.updated_at.vietnam_date().min(now.vietnam_date()))
                ),
            )));
        }
        _ => {}
    }
    // What it says changes only while it is its drafter's (a draft, returned).
    if let Some(before) = before
        && let Err(why) = domain::proposal::check_content_change(before, proposal, caller.role)
    {
        return Ok(Err(Refusal::new("proposal_locked", why.vi)));
    }
    let recorded: &[Decision] = before.map_or(&[], |before| &before.history);
    if proposal.history.len() < recorded.len() || proposal.history[..recorded.len()] != *recorded {
        return Ok(Err(Refusal::new(
            "history_rewritten",
            "các bước của phương án chỉ được ghi thêm, không được sửa hay xóa",
        )));
    }
    let world = World::around(transaction, proposal).await?;
    let officer = Officer {
        id: OfficerId(caller.officer_id),
        role: caller.role,
        jurisdiction: caller.jurisdiction,
    };
    let checked = world.with_context(|context| {
        // Every unit the proposal involves, and the new unit's parent, in the officer's area.
        let mut concerned = proposal.involved_units();
        if let Action::Merge {
            into: MergeTarget::NewUnit { parent_id, .. },
        } = &proposal.action
        {
            concerned.push(*parent_id);
        }
        for unit in &concerned {
            if context.hierarchy.get(*unit).is_none() {
                return Err(Refusal::new(
                    "unknown_unit",
                    format!("không có đơn vị {unit} trên máy chủ"),
                ));
            }
            if !context.hierarchy.contains(officer.jurisdiction, *unit) {
                let name = context
                    .hierarchy
                    .get(*unit)
                    .map_or_else(String::new, |unit| unit.name.to_string());
                return Err(Refusal::new(
                    "outside_jurisdiction",
                    format!("{name} nằm ngoài địa bàn phụ trách của cán bộ"),
                ));
            }
        }
        // Each new step, from the status before it, as the domain plans it now.
        let mut status = before.map_or(Status::Draft, |before| before.status.clone());
        let mut history: Vec<Decision> = recorded.to_vec();
        for decision in &proposal.history[recorded.len()..] {
            let at_step = Proposal {
                status: status.clone(),
                history: history.clone(),
                ..proposal.clone()
            };
            let planned = plan_transition(
                &at_step,
                &officer,
                decision.transition.clone(),
                decision.comment.as_deref(),
                now,
                context,
            )
            .map_err(|error| Refusal::new("workflow", error.message(Language::Vi)))?;
            if planned.from != decision.from
                || planned.to != decision.to
                || decision.by != officer.id
                || decision.role != officer.role
            {
                return Err(Refusal::new(
                    "workflow",
                    format!(
                        "bước \"{}\" không khớp với trạng thái của phương án",
                        decision.transition.label().vi
                    ),
                ));
            }
            if decision
                .by_name
                .as_ref()
                .is_some_and(|name| *name != caller.display_name)
            {
                return Err(Refusal::new(
                    "workflow",
                    format!(
                        "bước \"{}\" ghi tên cán bộ khác với tên của tài khoản ({})",
                        decision.transition.label().vi,
                        caller.display_name
                    ),
                ));
            }
            status = decision.to.clone();
            history.push(decision.clone());
        }
        if proposal.status != status {
            return Err(Refusal::new(
                "workflow",
                "trạng thái của phương án phải theo các bước đã ghi",
            ));
        }
        let newly_effective = !matches!(before.map(|before| &before.status), Some(Status::Effective { .. }));
        Ok(match &proposal.status {
            Status::Effective { effective_date, .. } if newly_effective => {
                ProposalWrite::BecameEffective(*effective_date)
            }
            _ => ProposalWrite::Recorded,
        })
    });
    let Some(checked) = checked else {
        return Ok(Err(Refusal::new(
            "unknown_unit",
            "các đơn vị của phương án không có đủ trên máy chủ",
        )));
    };
    // A code the decision gives the new unit must be free among the units in force.
    if let Ok(ProposalWrite::BecameEffective(_)) = checked
        && let Some(code) = proposal.new_unit_code()
        && let Some(new_unit) = proposal.resulting_unit()
        && let Some((_, holder)) = transaction.unit_holding_code(code.as_str(), new_unit).await?
    {
        return Ok(Err(Refusal::new(
            "code_taken",
            format!("mã {code} đang là mã của {holder}"),
        )));
    }
    Ok(checked)
}
