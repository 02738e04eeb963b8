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
    /// The query's pairs, in order, percent-decoded (see [`pairs`]); empty when the query cannot
    /// be read, and then `unreadable` says why.
    pub query: Vec<(String, String)>,
    /// Why the query cannot be read (a value that is not UTF-8), if it cannot.
    pub unreadable: Option<String>,
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
pub struct Accepted {
    /// The operation's `operationId`.
    pub operation: String,
    /// The operation's path template, under the server's path (`/v1/webhooks/{id}`).
    pub path: String,
    /// Path, query and header parameters by name, converted to the schema's JSON type; a
    /// parameter left out that has a default in the document has its default.
    pub parameters: BTreeMap<String, Value>,
    /// The names of the query parameters the request gave.
    pub query: Vec<String>,
    /// The JSON body, when there is one.
    pub body: Option<Value>,
}

impl Accepted {
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

/// One operation of the document, ready to match and check requests.
struct Route {
    id: String,
    method: String,
    template: String,
    parameters: Vec<Parameter>,
    body: Option<Body>,
    /// The success status, and the schema of its body if it has one.
    success: (u16, Option<Value>),
    /// The defaults of the request body's top-level properties.
    defaults: serde_json::Map<String, Value>,
}

/// What a request body must be: present or not, JSON or a form, and valid against its schema.
struct Body {
    required: bool,
    /// A form (`application/x-www-form-urlencoded`), read as its schema says; JSON otherwise.
    form: bool,
    schema: Value,
    validator: jsonschema::Validator,
}

/// The operations of a published document, ready to check requests.
pub struct Contract {
    /// The document, as JSON.
    pub document: Value,
    routes: Vec<Route>,
    /// The path templates, routed as axum routes them (matchit: `{param}` segments, a concrete
    /// path before a templated one), each to its template.
    paths: matchit::Router<String>,
    /// The provider's words for a missing required parameter or field.
    required: String,
}

impl Contract {
    /// Reads a published OpenAPI 3.1 document (YAML) and compiles a validator for every
    /// parameter and body. `name` names the document in errors; `required` is the provider's
    /// words for a missing required parameter or field.
    pub fn new(name: &str, yaml: &str, required: &str) -> Result<Contract, String> {
        let document: Value = yaml_serde::from_str(yaml).map_err(|error| format!("{name}: {error}"))?;
        let base = lookup::servers(&document)
            .first()
            .map(|server| server.split_once("://").map_or(*server, |(_, rest)| rest))
            .map(|rest| rest.find('/').map_or("", |slash| &rest[slash..]).to_owned())
            .unwrap_or_default();
        let mut routes = Vec::new();
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
                    let (media, entry) = lookup::media(body);
                    Some(Body {
                        required: body["required"].as_bool().unwrap_or(false),
                        form: media == "application/x-www-form-urlencoded",
                        schema: entry["schema"].clone(),
                        validator: compile(&entry["schema"], &pointer)?,
                    })
                }
                None => None,
            };
            routes.push(Route {
                id: found.object["operationId"].as_str().unwrap_or_default().to_owned(),
                method: found.method.to_ascii_uppercase(),
                template: format!("{base}{}", found.path),
                parameters,
                body,
                success: success(&document, found.object),
                defaults: defaults(&document, found.object),
            });
        }
        let mut paths = matchit::Router::new();
        for route in &routes {
            if paths.at(&route.template).is_ok_and(|found| *found.value == route.template) {
                continue;
            }
            paths.insert(route.template.clone(), route.template.clone()).map_err(|error| {
                format!("{name}: the path `{}` cannot be routed: {error}", route.template)
            })?;
        }
        Ok(Contract { document, routes, paths, required: required.to_owned() })
    }

    /// The operation `request` reaches, with its parameters and body checked against the document.
    pub fn check(&self, request: &Incoming) -> Result<Accepted, Refusal> {
        let (routes, variables) = self.resource(&request.path).ok_or(Refusal::NoSuchPath)?;
        let route = routes
            .into_iter()
            .find(|route| route.method == request.method)
            .ok_or(Refusal::MethodNotAllowed)?;
        if let Some(why) = &request.unreadable {
            return Err(Refusal::Malformed(why.clone()));
        }
        route.check(&self.document, request, variables, &self.required)
    }

    /// The success status of the operation `id`, and the schema of its body if it has one: the
    /// first 2xx status the document gives (`2XX` is 200 with a body, 204 without).
    pub fn success(&self, id: &str) -> (u16, Option<&Value>) {
        self.routes
            .iter()
            .find(|route| route.id == id)
            .map_or((200, None), |route| (route.success.0, route.success.1.as_ref()))
    }

    /// The defaults the request body's schema gives its top-level properties, for the operation `id`.
    pub fn body_defaults(&self, id: &str) -> serde_json::Map<String, Value> {
        self.routes
            .iter()
            .find(|route| route.id == id)
            .map(|route| route.defaults.clone())
            .unwrap_or_default()
    }

    /// The methods the document allows on `path`, upper case, for an `Allow` header.
    pub fn allowed(&self, path: &str) -> Vec<String> {
        self.resource(path)
            .map(|(routes, _)| routes.iter().map(|route| route.method.clone()).collect())
            .unwrap_or_default()
    }

    /// The operations of the path template `path` matches, and its variables, percent-decoded.
    /// A concrete path wins over a templated one (`/webhooks/event-types` over
    /// `/webhooks/{webhookId}`), as OpenAPI says.
    fn resource(&self, path: &str) -> Option<(Vec<&Route>, Variables)> {
        let found = self.paths.at(path).ok()?;
        let template = found.value;
        let operations = self.routes.iter().filter(|route| route.template == *template).collect();
        let decoded = found
            .params
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| {
                (
                    name.to_owned(),
                    percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned(),
                )
            })
            .collect();
        Some((operations, decoded))
    }
}

impl Route {
    fn check(
        &self,
        document: &Value,
        request: &Incoming,
        variables: Variables,
        required: &str,
    ) -> Result<Accepted, Refusal> {
        let mut problems = Vec::new();
        let mut parameters = BTreeMap::new();
        let mut query = Vec::new();
        for parameter in &self.parameters {
            let raw = match parameter.location.as_str() {
                "path" => variables
                    .iter()
                    .find(|(name, _)| *name == parameter.name)
                    .map(|(_, value)| value.as_str()),
                "query" if is_array(&parameter.schema) => {
                    // `expand[]=a`, `expand[0]=a` or a repeated `expand=a`: one array.
                    let items: Vec<Value> = request
                        .query
                        .iter()
                        .filter(|(name, _)| {
                            name.strip_prefix(parameter.name.as_str())
                                .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
                        })
                        .map(|(_, value)| typed(&parameter.schema["items"], value))
                        .collect();
                    if !items.is_empty() {
                        query.push(parameter.name.clone());
                        let value = Value::Array(items);
                        for error in errors(&parameter.validator, &value, required) {
                            problems.push(FieldError {
                                field: Some(parameter.name.clone()),
                                message: error.message,
                            });
                        }
                        parameters.insert(parameter.name.clone(), value);
                        continue;
                    }
                    None
                }
                "query" => request
                    .query
                    .iter()
                    .find(|(name, _)| *name == parameter.name)
                    .map(|(_, value)| value.as_str()),
                "header" => request.header(&parameter.name),
                _ => None,
            };
            if parameter.location == "query" && raw.is_some() {
                query.push(parameter.name.clone());
            }
            let Some(raw) = raw else {
                if let Some(default) = parameter.schema.get("default") {
                    parameters.insert(parameter.name.clone(), default.clone());
                }
                if parameter.required {
                    problems.push(FieldError {
                        field: Some(parameter.name.clone()),
                        message: required.to_owned(),
                    });
                }
                continue;
            };
            let value = typed(&parameter.schema, raw);
            let broken = errors(&parameter.validator, &value, required);
            // A path segment its parameter's schema refuses (`/hooks/abc` for an integer id) names
            // no resource: the path is not found, as a server that routes by it answers.
            if parameter.location == "path" && !broken.is_empty() {
                return Err(Refusal::NoSuchPath);
            }
            for error in broken {
                problems.push(FieldError { field: Some(parameter.name.clone()), message: error.message });
            }
            parameters.insert(parameter.name.clone(), value);
        }
        let body = match &self.body {
            Some(body) => {
                if request.body.iter().all(u8::is_ascii_whitespace) {
                    if body.required {
                        problems
                            .push(FieldError { field: None, message: "A request body is required.".into() });
                    }
                    None
                } else {
                    let value = if body.form {
                        let pairs = pairs(&request.body).map_err(Refusal::Malformed)?;
                        hookspec_toolkit::form::decode(document, &body.schema, &pairs)
                            .map_err(|error| Refusal::Malformed(format!("form parse error - {error}")))?
                    } else {
                        serde_json::from_slice(&request.body)
                            .map_err(|error| Refusal::Malformed(format!("JSON parse error - {error}")))?
                    };
                    problems.extend(errors(&body.validator, &value, required));
                    Some(value)
                }
            }
            None => None,
        };
        if problems.is_empty() {
            Ok(Accepted { operation: self.id.clone(), path: self.template.clone(), parameters, query, body })
        } else {
            Err(Refusal::Invalid(problems))
        }
    }
}

/// The pairs of a form or query string (`a=1&b=%20`), `+` read as a space and percent-escapes
/// decoded; refused when a name or value is not UTF-8 once decoded, naming the field.
pub fn pairs(text: &[u8]) -> Result<Vec<(String, String)>, String> {
    let decode = |part: &[u8]| -> Option<String> {
        let spaced: Vec<u8> = part.iter().map(|byte| if *byte == b'+' { b' ' } else { *byte }).collect();
        let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
        String::from_utf8(bytes).ok()
    };
    text.split(|byte| *byte == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|byte| *byte == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &[][..]),
            };
            let name = decode(name).ok_or_else(|| "A parameter's name is not valid UTF-8.".to_owned())?;
            let value = decode(value).ok_or_else(|| format!("The value of `{name}` is not valid UTF-8."))?;
            Ok((name, value))
        })
        .collect()
}

/// The problems the schema `schema` of `document` finds in `value`, each tied to the top-level
/// field it is in; `required` is the provider's words for a missing required field.
pub(crate) fn field_errors(
    document: &Value,
    schema: &Value,
    value: &Value,
    required: &str,
) -> Vec<FieldError> {
    match hookspec_toolkit::validate::validator(document, schema) {
        Ok(validator) => errors(&validator, value, required),
        Err(_) => Vec::new(),
    }
}

/// The defaults of the top-level properties of an operation's JSON request body.
fn defaults(document: &Value, operation: &Value) -> serde_json::Map<String, Value> {
    let body = lookup::resolve(document, &operation["requestBody"]);
    let schema = lookup::resolve(document, &lookup::media(body).1["schema"]);
    schema["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(name, property)| {
            Some((name.clone(), lookup::resolve(document, property).get("default")?.clone()))
        })
        .collect()
}

/// The success status of an operation, and the schema of its JSON body if it has one.
fn success(document: &Value, operation: &Value) -> (u16, Option<Value>) {
    let responses = operation["responses"].as_object().into_iter().flatten();
    for (status, response) in responses {
        let response = lookup::resolve(document, response);
        let schema = response.pointer("/content/application~1json/schema").cloned();
        match status.parse::<u16>() {
            Ok(code) if (200..300).contains(&code) => return (code, schema),
            _ if status == "2XX" => return (if schema.is_some() { 200 } else { 204 }, schema),
            _ => {}
        }
    }
    (200, None)
}

/// Whether a parameter's schema is an array (a query parameter that repeats, or is written `name[]`).
fn is_array(schema: &Value) -> bool {
    schema["type"] == "array"
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
fn errors(validator: &jsonschema::Validator, value: &Value, required: &str) -> Vec<FieldError> {
    validator
        .iter_errors(value)
        .map(|error| {
            let path = error.instance_path().to_string();
            let top = path.split('/').nth(1).map(str::to_owned);
            match error.kind() {
                jsonschema::error::ValidationErrorKind::Required { property } if top.is_none() => {
                    FieldError { field: property.as_str().map(str::to_owned), message: required.to_owned() }
                }
                _ => FieldError { field: top.filter(|field| !field.is_empty()), message: error.to_string() },
            }
        })
        .collect()
}
