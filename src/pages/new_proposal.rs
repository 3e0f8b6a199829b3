//! `/don-vi/:id/de-an-moi`: a new merger of the commune's villages, in the
//! wizard (`proposal_wizard`). Works offline.

use crate::i18n::Lang;
use crate::pages::proposal_wizard::ProposalWizard;
use crate::pages::unit_page::route_unit_id;
use crate::proposal_data::ProposalData;
use crate::state::device_store::DeviceStore;
use leptos::prelude::*;

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let store = DeviceStore::expect();
    let lang = Lang::expect();
    let commune_id = route_unit_id();
    let loaded = LocalResource::new(move || {
        let open = store.get();
        let id = commune_id.get();
        async move {
            let (Some(open), Some(id)) = (open, id) else {
                return None;
            };
            let data = ProposalData::load(&open).await.ok()?;
            let commune = data.unit(id)?.clone();
            Some((commune, data))
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{move || lang.t("app.reading")}</p> }>
            {move || loaded.get().map(|found| match found {
                Some((commune, data)) => view! { <ProposalWizard commune data/> }.into_any(),
                None => view! { <p class="error" role="alert">{move || lang.t("form.commune_missing")}</p> }.into_any(),
            })}
        </Suspense>
    }
}
