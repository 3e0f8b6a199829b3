//! `GET /api/v1/rule-sets`: the legal standards, and those in force today.

use super::{ApiError, AppState};
use axum::Json;
use domain::wire::RuleSetsResponse;
use domain::{UnitLevel, rules::RuleSelection};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(rule_sets))
}

/// Every rule set known (built in, and the province's own as stored), and
/// the ones in force today in Vietnam.
#[utoipa::path(get, path = "/api/v1/rule-sets", tag = "rules", responses(
    (status = 200, description = "The rule sets", body = RuleSetsResponse),
))]
async fn rule_sets(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<Json<RuleSetsResponse>, ApiError> {
    let book = crate::unit_views::rule_book(&state.database).await?;
    let today = state.now().vietnam_date();
    let selection = RuleSelection::default();
    let in_force = |level| book.select(level, today, &selection).map(|set| set.id.clone());
    Ok(Json(RuleSetsResponse {
        village_in_force: in_force(UnitLevel::Village),
        commune_in_force: in_force(UnitLevel::Commune),
        rule_sets: book.all().to_vec(),
    }))
}
