//! The example claims of a provider's event catalogue: each documented sample is a fact.

use indexmap::IndexMap;

use super::context::{RowContext, SourceRow};
use super::*;
use crate::data::{DataError, Folder};

/// An example claim of every sample of the provider's event catalogue (`events.yaml`): each is an
/// instance of the payload component it documents.
pub(super) fn catalogue_claims(
    folder: &Folder,
    catalogue: &crate::events::Catalogue,
    pages: &IndexMap<String, ReadPage>,
) -> Result<Vec<Claim>, DataError> {
    let file = folder.required("events.yaml")?;
    let context = RowContext { file, folder, pages, line: None };
    let claim = |sample: &str, from: &SourceRow, schema: String, anchor: &str| -> Result<Claim, DataError> {
        let context = RowContext { line: file.error_at(anchor, sample, String::new()).line, ..context };
        Ok(Claim {
            sources: vec![context.source(from)?],
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
        |sample: &crate::events::Sample, schema: String, anchor: &str| -> Result<(), DataError> {
            let example = claim(&sample.file, &sample.from, schema, anchor)?;
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
