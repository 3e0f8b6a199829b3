//! The dashboard's card for the villages' monthly allowance fund (NĐ 185/2026)
//! before the arrangement and now, at the base salary in force.

use crate::i18n::Lang;
use domain::format::integer;
use domain::progress::AllowanceFund;
use leptos::prelude::*;

/// The fund, or why it is not counted.
#[component]
pub fn AllowanceFundCard(fund: Option<AllowanceFund>) -> impl IntoView {
    let lang = Lang::expect();
    view! {
        <div class="dashboard-card" data-testid="card-fund">
            <h2>{move || lang.t("dashboard.fund_title")}</h2>
            {match fund {
                Some(fund) => {
                    let money = move |value: u64| integer(value, lang.get());
                    let salary = fund.clone();
                    let saving = fund.monthly_saving();
                    view! {
                        <p class="muted">{move || lang.t_with("dashboard.fund_salary", &[("amount", &money(salary.base_salary)), ("source", &salary.base_salary_source)])}</p>
                        <p data-testid="fund-before">{move || lang.t_with("dashboard.fund_before", &[("count", &fund.villages_before.to_string()), ("amount", &money(fund.monthly_before))])}</p>
                        <p data-testid="fund-after">{move || lang.t_with("dashboard.fund_after", &[("count", &fund.villages_after.to_string()), ("amount", &money(fund.monthly_after))])}</p>
                        <p class="dashboard-figure" data-testid="fund-saving">{move || lang.t_with("dashboard.fund_saving", &[("amount", &money(saving.unsigned_abs()))])}</p>
                        {(fund.unreviewed_after > 0).then(|| view! {
                            <p class="muted">{move || lang.t_with("dashboard.fund_unreviewed", &[("count", &fund.unreviewed_after.to_string())])}</p>
                        })}
                    }.into_any()
                }
                None => view! { <p class="muted">{move || lang.t("dashboard.fund_none")}</p> }.into_any(),
            }}
        </div>
    }
}
