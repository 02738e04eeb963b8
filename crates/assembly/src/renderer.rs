//! The state shared while a table is rendered (by [`crate::openapi`] and [`crate::jsonrpc`]): the
//! data file, the problems found so far, and the component schemas a name may refer to.

use std::collections::BTreeSet;

use hookspec_dialects::DataFile;
use hookspec_dialects::table::Named;
use serde_json::Value;
use utoipa::openapi::schema::Schema;
use utoipa::openapi::{Ref, RefOr};

use crate::Problem;

/// Turns table entries into utoipa objects, collecting a problem for every name that does not
/// resolve.
pub struct Renderer {
    pub(crate) file: Option<DataFile>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) schemas: BTreeSet<String>,
}

impl Renderer {
    /// Records a problem found while rendering the entry that contains `anchor`, located at the
    /// first line holding `needle` after it.
    pub fn fail(&mut self, anchor: &str, needle: &str, message: String) {
        let problem = match self.file {
            Some(file) => file.error_at(anchor, needle, message),
            None => Problem::new("api.yaml", message),
        };
        self.problems.push(problem);
    }

    /// Checks that `name`, used by the entry that contains `anchor`, is a component schema.
    pub fn check_schema_name(&mut self, name: &str, anchor: &str) {
        if !self.schemas.contains(name) {
            let known: Vec<&str> = self.schemas.iter().map(String::as_str).collect();
            self.fail(
                anchor,
                name,
                format!("`{name}` is not a component schema (they are: {})", known.join(", ")),
            );
        }
    }

    /// The schema a table entry names or writes out, for the entry that contains `anchor`.
    pub fn schema(&mut self, schema: &Named<Value>, anchor: &str) -> RefOr<Schema> {
        match schema {
            Named::Name(name) => {
                self.check_schema_name(name, anchor);
                RefOr::Ref(Ref::from_schema_name(name))
            }
            Named::Value(value) => match serde_json::from_value::<RefOr<Schema>>(value.clone()) {
                // utoipa's model drops what it does not know: refuse a schema it cannot carry.
                Ok(schema) if serde_json::to_value(&schema).ok().as_ref() == Some(value) => schema,
                Ok(schema) => {
                    let kept = serde_json::to_value(&schema).unwrap_or(Value::Null);
                    self.fail(
                        anchor,
                        "schema",
                        format!("the schema {value} cannot be written exactly (kept: {kept})"),
                    );
                    schema
                }
                Err(error) => {
                    self.fail(anchor, "schema", format!("not a schema: {error}"));
                    RefOr::T(Schema::default())
                }
            },
        }
    }
}
