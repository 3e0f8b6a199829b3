//! The legal standards as versioned data, and the classifier that measures a
//! unit against them.
//!
//! A rule set names its legal documents, when it is in force, and its
//! thresholds. The ones of `domain.md` are built in (`builtin`); a province may
//! override any of them with its own corrected copy (`RuleBook`). Thresholds
//! marked unconfirmed (`confirmed: false`) are figures not yet checked against
//! the official text, kept as data so that a province officer can correct them
//! without a release.

pub mod base_salary;
pub mod builtin;
pub mod classification;
pub mod classify_commune;
pub mod classify_village;
pub mod reviewed_unit;
pub mod rule_book;
pub mod rule_set;

pub use classification::{Classification, Comparison, Measure, Standing};
pub use classify_commune::{CommuneFacts, classify_commune};
pub use classify_village::{VillageFacts, classify_village, village_standard_in_words};
pub use reviewed_unit::{ReviewedStanding, ReviewedUnitError, classify_reviewed_commune, classify_reviewed_village};
pub use rule_book::{RuleBook, RuleSelection};
pub use rule_set::{
    CommuneGroup, CommuneRules, CommuneStandard, EthnicMinorityFactor, HouseholdStandard, LegalBasis, MergeCriterion,
    MergedUnitRule, RuleSet, RuleSetId, Rules, VillageGroup, VillageRegion, VillageRules, WorkerAllowance,
    WorkerLimits,
};
