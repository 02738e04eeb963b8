//! The published document as a contract: which operation a request reaches, and whether its
//! parameters and body are what the document allows.
//!
//! The document is the committed `spec/<dialect>/openapi.yaml`, compiled in, so the mock checks
//! requests against exactly what hookspec publishes. The checks are generic; each provider says
//! how a refusal looks on its wire.

use std::collections::BTreeMap;

use hookspec_toolkit::lookup;
use serde_json::Value;

/// A request as the mock received it.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query's pairs, in order, percent-decoded.
    pub query: Vec<(String, String)>,
    /// The headers, names lower-case.
    pub headers: BTreeMap<String, String>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl Incoming {
    /// The value of a header, by its case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The origin the client addressed (`http://host:port`), for absolute links.
    pub fn origin(&self) -> String {
        format!("http://{}", self.header("host").unwrap_or("localhost"))
    }
}

/// A request the document does not allow, before any provider logic runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// No path of the document matches.
    NoSuchPath,
    /// The path exists, the method does not.
    MethodNotAllowed,
    /// The body is not JSON.
    Malformed(String),
    /// Parameters or body break the document's schemas.
    Invalid(Vec<FieldError>),
}

/// One thing wrong with a request, tied to the parameter or body field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The parameter's name or the top-level body field; `None` for the body as a whole.
    pub field: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

/// A request the document allows: which operation, and its inputs, typed as the document says.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The operation's `operationId`.
    pub operation: String,
    /// Path, query and header parameters by name, converted to the schema's JSON type.
    pub parameters: BTreeMap<String, Value>,
    /// The JSON body, when there is one.
    pub body: Option<Value>,
}

impl Checked {
    /// A string parameter.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.parameters.get(name).and_then(Value::as_str)
    }

    /// An integer parameter.
    pub fn integer(&self, name: &str) -> Option<u64> {
        self.parameters.get(name).and_then(Value::as_u64)
    }
}

/// A path's variables and their values.
type Variables = Vec<(String, String)>;

struct Parameter {
    name: String,
    location: String,
    required: bool,
    schema: Value,
    validator: jsonschema::Validator,
}

struct Operation {
    id: String,
    method: String,
    template: String,
    parameters: Vec<Parameter>,
    body: Option<(bool, jsonschema::Validator)>,
}

/// The operations of a published document, ready to check requests.
pub struct Contract {
    /// The document, as JSON.
    pub document: Value,
    operations: Vec<Operation>,
}

impl Contract {
    /// Reads a published OpenAPI 3.1 document (YAML) and compiles a validator for every
    /// parameter and body. `name` names the document in errors.
    pub fn new(name: &str, yaml: &str) -> Result<Contract, String> {
        let document: Value = yaml_serde::from_str(yaml).map_err(|error| format!("{name}: {error}"))?;
        let base = lookup::servers(&document)
            .first()
            .map(|server| server.split_once("://").map_or(*server, |(_, rest)| rest))
            .map(|rest| rest.find('/').map_or("", |slash| &rest[slash..]).to_owned())
            .unwrap_or_default();
        let mut operations = Vec::new();
        for found in lookup::operations(&document) {
            let compile = |schema: &Value, at: &str| {
                hookspec_toolkit::validate::validator(&document, schema)
                    .map_err(|error| format!("{name}: {at}: {error}"))
            };
            let pointer = found.pointer();
            let mut parameters = Vec::new();
            for parameter in lookup::parameters(&document, found) {
                let schema = parameter.get("schema").cloned().unwrap_or(Value::Bool(true));
                parameters.push(Parameter {
                    name: parameter["name"].as_str().unwrap_or_default().to_owned(),
                    location: parameter["in"].as_str().unwrap_or_default().to_owned(),
                    required: parameter["required"].as_bool().unwrap_or(false),
                    validator: compile(&schema, &pointer)?,
                    schema,
                });
            }
            let body = match found.object.get("requestBody") {
                Some(body) => {
                    let body = lookup::resolve(&document, body);
                    let schema = &body["content"]["application/json"]["schema"];
                    Some((body["required"].as_bool().unwrap_or(false), compile(schema, &pointer)?))
                }
                None => None,
            };
            operations.push(Operation {
                id: found.object["operationId"].as_str().unwrap_or_default().to_owned(),
                method: found.method.to_ascii_uppercase(),
                template: format!("{base}{}", found.path),
                parameters,
                body,
            });
        }
        Ok(Contract { document, operations })
    }

    /// The operation `request` reaches, with its parameters and body checked against the document.
    pub fn check(&self, request: &Incoming) -> Result<Checked, Refusal> {
        let (operations, variables) = self.resource(&request.path).ok_or(Refusal::NoSuchPath)?;
        let operation = operations
            .into_iter()
            .find(|operation| operation.method == request.method)
            .ok_or(Refusal::MethodNotAllowed)?;
        operation.check(request, variables)
    }

    /// The methods the document allows on `path`, upper case, for an `Allow` header.
    pub fn allowed(&self, path: &str) -> Vec<String> {
        self.resource(path)
            .map(|(operations, _)| operations.iter().map(|operation| operation.method.clone()).collect())
            .unwrap_or_default()
    }

    /// The operations of the path template `path` matches, and its variables, percent-decoded.
    /// A concrete path wins over a templated one (`/webhooks/event-types` over
    /// `/webhooks/{webhookId}`), as OpenAPI says.
    fn resource(&self, path: &str) -> Option<(Vec<&Operation>, Variables)> {
        let (template, variables) = self
            .operations
            .iter()
            .filter_map(|operation| {
                lookup::match_template(&operation.template, path)
                    .map(|variables| (&operation.template, variables))
            })
            .min_by_key(|(_, variables)| variables.len())?;
        let operations = self.operations.iter().filter(|operation| operation.template == *template).collect();
        let decoded = variables
            .into_iter()
            .map(|(name, value)| {
                (name, percent_encoding::percent_decode_str(&value).decode_utf8_lossy().into_owned())
            })
            .collect();
        Some((operations, decoded))
    }
}

impl Operation {
    fn check(&self, request: &Incoming, variables: Variables) -> Result<Checked, Refusal> {
        let mut problems = Vec::new();
        let mut parameters = BTreeMap::new();
        for parameter in &self.parameters {
            let raw = match parameter.location.as_str() {
                "path" => variables
                    .iter()
                    .find(|(name, _)| *name == parameter.name)
                    .map(|(_, value)| value.as_str()),
                "query" => request
                    .query
                    .iter()
                    .find(|(name, _)| *name == parameter.name)
                    .map(|(_, value)| value.as_str()),
                "header" => request.header(&parameter.name),
                _ => None,
            };
            let Some(raw) = raw else {
                if parameter.required {
                    problems.push(FieldError {
                        field: Some(parameter.name.clone()),
                        message: "This field is required.".into(),
                    });
                }
                continue;
            };
            let value = typed(&parameter.schema, raw);
            for error in errors(&parameter.validator, &value) {
                problems.push(FieldError { field: Some(parameter.name.clone()), message: error.message });
            }
            parameters.insert(parameter.name.clone(), value);
        }
        let body = match &self.body {
            Some((required, validator)) => {
                if request.body.iter().all(u8::is_ascii_whitespace) {
                    if *required {
                        problems.push(FieldError { field: None, message: "A JSON body is required.".into() });
                    }
                    None
                } else {
                    let value: Value = serde_json::from_slice(&request.body)
                        .map_err(|error| Refusal::Malformed(format!("JSON parse error - {error}")))?;
                    problems.extend(errors(validator, &value));
                    Some(value)
                }
            }
            None => None,
        };
        if problems.is_empty() {
            Ok(Checked { operation: self.id.clone(), parameters, body })
        } else {
            Err(Refusal::Invalid(problems))
        }
    }
}

/// A parameter's text as the JSON value its schema describes: a number or boolean where the
/// schema says so and the text is one, the text otherwise (which the schema then refuses).
fn typed(schema: &Value, raw: &str) -> Value {
    let kind = schema["type"].as_str().unwrap_or("string");
    let number = || serde_json::from_str::<serde_json::Number>(raw).ok().map(Value::Number);
    let parsed = match kind {
        // Digits only, so that `1e3` or ` 7` stay text; a number too large for 64 bits reads as
        // a float, which the schema still takes for an integer.
        "integer" if raw.trim_start_matches('-').bytes().all(|byte| byte.is_ascii_digit()) => number(),
        "number" => number(),
        "boolean" => match raw {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    parsed.unwrap_or_else(|| Value::String(raw.to_owned()))
}

/// The validator's complaints, each tied to the top-level field it is in (for a missing
/// required property, that property).
fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<FieldError> {
    validator
        .iter_errors(value)
        .map(|error| {
            let path = error.instance_path().to_string();
            let top = path.split('/').nth(1).map(str::to_owned);
            match error.kind() {
                jsonschema::error::ValidationErrorKind::Required { property } if top.is_none() => {
                    FieldError {
                        field: property.as_str().map(str::to_owned),
                        message: "This field is required.".into(),
                    }
                }
                _ => FieldError { field: top.filter(|field| !field.is_empty()), message: error.to_string() },
            }
        })
        .collect()
}
