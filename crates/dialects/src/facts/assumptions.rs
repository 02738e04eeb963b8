//! The rows of `assumptions:` in `facts.yaml`: what is assumed, why, and where it stands.

use serde::Deserialize;

use super::context::{Operations, RowContext};
use super::*;
use hookspec_problem::Problem;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct AssumptionRow {
    pub(super) at: TargetRow,
    pub(super) assumed: String,
    pub(super) because: String,
}

/// `at:` of an assumption: `{operation|delivery, status}`, `{operation|delivery, in, parameter,
/// keyword?}`, `{schema, property?, keyword}` or `{security_scheme}`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct TargetRow {
    #[serde(default)]
    operation: Option<Operations>,
    #[serde(default)]
    delivery: Option<String>,
    #[serde(default)]
    status: Option<crate::table::Status>,
    #[serde(default, rename = "in")]
    location: Option<ParamIn>,
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    property: Option<Operations>,
    #[serde(default)]
    keyword: Option<String>,
    #[serde(default)]
    retries: Option<String>,
    #[serde(default)]
    security_scheme: Option<String>,
}

impl TargetRow {
    pub(super) fn targets(self, context: &RowContext<'_>) -> Result<Vec<Target>, Problem> {
        let responders: Vec<Option<Responder>> = match (&self.operation, &self.delivery) {
            (Some(operations), None) => {
                operations.names().into_iter().map(|id| Some(Responder::Operation(id))).collect()
            }
            (None, Some(delivery)) => vec![Some(Responder::Delivery(delivery.clone()))],
            (None, None) => vec![None],
            (Some(_), Some(_)) => {
                return Err(context.error("an assumption is about an operation or a delivery".into()));
            }
        };
        let properties: Vec<Option<String>> = match &self.property {
            None => vec![None],
            Some(names) => names.names().into_iter().map(Some).collect(),
        };
        let mut targets = Vec::new();
        for responder in responders {
            for property in &properties {
                targets.push(self.target(responder.clone(), property.clone(), context)?);
            }
        }
        Ok(targets)
    }

    fn target(
        &self,
        responder: Option<Responder>,
        property: Option<String>,
        context: &RowContext<'_>,
    ) -> Result<Target, Problem> {
        if let Some(name) = &self.security_scheme {
            return match (responder, &self.status, &self.parameter, &self.schema, &self.keyword) {
                (None, None, None, None, None) => Ok(Target::SecurityScheme(name.clone())),
                _ => Err(context
                    .error("an assumption about a security scheme is `{security_scheme: <name>}`".into())),
            };
        }
        if let Some(keyword) = &self.retries {
            return match responder {
                Some(Responder::Delivery(delivery)) if self.keyword.is_none() => {
                    Ok(Target::Retries { delivery, keyword: keyword.clone() })
                }
                _ => {
                    Err(context.error("an assumption about retries is `{delivery, retries: <part>}`".into()))
                }
            };
        }
        match (responder, &self.status, &self.parameter, self.location, &self.schema) {
            (Some(of), Some(status), None, None, None) if self.keyword.is_none() && property.is_none() => {
                Ok(Target::Status(of, status.0.clone()))
            }
            (Some(of), None, Some(name), Some(location), None) if property.is_none() => {
                Ok(Target::Parameter { of, location, name: name.clone(), keyword: self.keyword.clone() })
            }
            (None, None, None, None, Some(schema)) => match &self.keyword {
                Some(keyword) => {
                    Ok(Target::Schema { schema: schema.clone(), property, keyword: keyword.clone() })
                }
                None => Err(context.error("an assumption about a schema names its `keyword`".into())),
            },
            _ => Err(context.error(
                "`at` is `{operation|delivery, status}`, `{operation|delivery, in, parameter, keyword?}` or \
                 `{schema, property?, keyword}`"
                    .into(),
            )),
        }
    }
}
