//! What a tap on "Lưu" writes: the records of a form, each with its outbox
//! entry (`Store::save`), then the unit's standing derived again. Failures
//! are the store's messages (in Vietnamese).

use crate::clock::now;
use crate::store::{Review, Store};
use domain::proposal::Proposal;
use domain::{OfficerId, Unit};

/// A new village and its first review.
pub async fn save_new_village(store: &Store, by: OfficerId, village: &Unit, review: Review) -> Result<(), String> {
    let at = now();
    store
        .save(village, by, at, None)
        .await
        .map_err(|error| error.message(crate::i18n::current()))?;
    save_review(store, by, review).await
}

/// A review, and the standing of its unit after it.
pub async fn save_review(store: &Store, by: OfficerId, review: Review) -> Result<(), String> {
    let unit = review.unit_id();
    store
        .save(&review, by, now(), None)
        .await
        .map_err(|error| error.message(crate::i18n::current()))?;
    store
        .derive_standing(unit)
        .await
        .map_err(|error| error.message(crate::i18n::current()))?;
    Ok(())
}

/// A proposal as drafted, submitted or decided.
pub async fn save_proposal(store: &Store, by: OfficerId, proposal: &Proposal) -> Result<(), String> {
    store
        .save(proposal, by, now(), None)
        .await
        .map(|_| ())
        .map_err(|error| error.message(crate::i18n::current()))
}
