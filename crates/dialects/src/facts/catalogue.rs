//! The example claims of a provider's event catalogue: each documented sample is a fact.

use indexmap::IndexMap;

use super::context::RowContext;
use super::*;
use crate::data::Folder;
use hookspec_problem::Problem;

/// An example claim of every sample of the provider's event catalogue (`events.yaml`): each is an
/// instance of the payload component it documents.
pub(super) fn catalogue_claims(
    folder: &Folder,
    catalogue: &crate::events::Catalogue,
    pages: &IndexMap<String, ReadPage>,
) -> Result<Vec<Claim>, Problem> {
    let file = folder.required("events.yaml")?;
    let context = RowContext { file, folder, pages, line: None };
    let claim = |found: &crate::events::Sample, schema: String, anchor: &str| -> Result<Claim, Problem> {
        let (sample, from) = (found.file.as_str(), &found.from);
        let context = RowContext { line: file.error_at(anchor, sample, String::new()).line, ..context };
        let quote = found.quote.clone().map(super::context::QuoteRow::One);
        Ok(Claim {
            sources: vec![context.source(from)?],
            quotes: context.quotes(&[from], quote)?,
            fact: Fact::Example {
                // Named as its fixture: a payload may have several samples.
                name: sample.trim_end_matches(".json").rsplit('/').next().unwrap_or(sample).to_owned(),
                fixture: context.fixture(sample)?,
                at: Place::Schema { schema },
                schema: None,
                corrected: Vec::new(),
            },
            erratum: None,
            declared: context.declared(),
        })
    };
    let mut claims = Vec::new();
    let mut sample_claims =
        |sample: &crate::events::Sample, schema: String, anchor: &str| -> Result<(), Problem> {
            let example = claim(sample, schema, anchor)?;
            claims.extend(super::repaired(example, sample.repaired.as_ref())?);
            Ok(())
        };
    for (name, payload) in &catalogue.payloads {
        for sample in &payload.samples {
            sample_claims(sample, name.clone(), &format!("{name}:"))?;
        }
    }
    for event in &catalogue.events {
        if let Some(sample) = &event.sample {
            sample_claims(sample, event.component(), &event.name)?;
        }
    }
    Ok(claims)
}
