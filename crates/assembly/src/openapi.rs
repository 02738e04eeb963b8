//! Renders a dialect's operation table into an OpenAPI 3.1 document: utoipa's builders make the
//! skeleton, which is read into hookspec's typed model ([`crate::document`]), where the component
//! schemas and hookspec's extensions are set as typed fields. Every name the table uses (a component
//! schema, a shared parameter or response, a security scheme, a tag) is checked, and a problem names
//! the data file and line.

use std::collections::BTreeMap;

use hookspec_dialects::events::Catalogue;
use hookspec_dialects::table::{
    Delivery, Named, Operation, ParamIn, Parameter, SecurityScheme, Signed, Table,
};
use hookspec_dialects::{Method, Provider};
use serde_json::Value;
use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, PathItem, PathItemBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ComponentsBuilder, ObjectBuilder, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityRequirement};
use utoipa::openapi::server::{ServerBuilder, ServerVariableBuilder};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{
    Content, InfoBuilder, OpenApiBuilder, PathsBuilder, Ref, Required, Response, ResponseBuilder,
};

use crate::Problem;
use crate::document::{OpenApi, OperationAt, RefOr, Section, Signature};
use crate::events::Widening;
use crate::renderer::Renderer;
use crate::schemas::Derived;
use hookspec_signature::Scheme;

/// The media type every dialect speaks.
pub const JSON: &str = "application/json";

/// The `webhooks` entries of a delivery: one, named as the delivery, with its payload; or, where
/// the payload is the catalogue's union and the body does not name its event, one per event, named
/// as the event, with that event's payload (a receiver then knows the payload from the
/// subscription, as the provider's subscriptions name the event).
pub fn entries(delivery: &Delivery, catalogue: &Catalogue) -> Vec<Entry> {
    let per_event = catalogue.union.as_ref().is_some_and(|union| {
        union.discriminator.is_none()
            && matches!((&union.name, &delivery.payload), (Some(union), Named::Name(payload)) if union == payload)
    });
    if !per_event {
        return vec![Entry {
            name: delivery.name.clone(),
            event: None,
            payload: delivery.payload.clone(),
            told: None,
        }];
    }
    catalogue
        .events
        .iter()
        .map(|event| Entry {
            name: event.name.clone(),
            event: Some(event.name.clone()),
            payload: event.payload_component().map_or_else(|| delivery.payload.clone(), Named::Name),
            told: Some(event.clone()),
        })
        .collect()
}

/// A `webhooks` entry of a delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its key under `webhooks`.
    pub name: String,
    /// The event it is for, when the delivery has an entry per event.
    pub event: Option<String>,
    /// The schema of its payload.
    pub payload: Named<Value>,
    /// The catalogue's event, for its own `operationId`, summary and description where it has them.
    pub told: Option<hookspec_dialects::events::Event>,
}

/// The OpenAPI 3.1 document of `provider`, whose wire types' schemas are `derived`, without the
/// documented examples (the conformance check embeds those), its descriptions unwrapped
/// ([`crate::render::unwrap_descriptions`]); and the types the event catalogue's samples added to
/// its objects' fields.
pub fn render(provider: &Provider, derived: &Derived) -> Result<(OpenApi, Vec<Widening>), Vec<Problem>> {
    let (table, scheme) = (&provider.table, &provider.scheme);
    let file = provider.folder.file("api.yaml");
    let mut renderer =
        Renderer { file, problems: Vec::new(), schemas: derived.components.keys().cloned().collect() };
    let mut schemas: BTreeMap<String, Value> = derived.components.clone();
    if let Some(rpc) = provider.protocol.jsonrpc() {
        renderer.schemas.extend(crate::jsonrpc::component_names(rpc));
        schemas.extend(crate::jsonrpc::components(rpc, &mut renderer));
    }
    let (catalogued, widenings) = crate::events::components(provider)?;
    for (name, schema) in catalogued {
        renderer.schemas.insert(name.clone());
        schemas.insert(name, schema);
    }
    let skeleton = renderer.render(table, scheme, &provider.catalogue);
    if !renderer.problems.is_empty() {
        return Err(renderer.problems);
    }
    let problem = |message: String| vec![Problem::new(provider.folder.path("api.yaml"), message)];
    let mut skeleton = serde_json::to_value(skeleton).map_err(|error| problem(error.to_string()))?;
    crate::render::unwrap_descriptions(&mut skeleton);
    let mut document: OpenApi = serde_json::from_value(skeleton).map_err(|error| {
        problem(format!("utoipa wrote what hookspec's model of OpenAPI does not hold: {error}"))
    })?;
    // The component schemas come from the wire types' one derivation, not from utoipa's model.
    for schema in schemas.values_mut() {
        crate::render::unwrap_descriptions(schema);
    }
    document.components.get_or_insert_with(Default::default).schemas = schemas;
    let signature = signature(scheme);
    let (signature_header, _) = scheme.signature_header();
    let entries = table.deliveries.iter().flat_map(|delivery| {
        entries(delivery, &provider.catalogue).into_iter().map(move |entry| (delivery, entry))
    });
    for (delivery, entry) in entries {
        let at = OperationAt { section: Section::Webhooks, path: entry.name.clone(), method: Method::Post };
        let Some(operation) = document.operation_at_mut(&at) else { continue };
        if entry.event.is_some() {
            operation.delivery = Some(delivery.name.clone());
        }
        operation.retries = Some(delivery.retries.clone());
        let header = operation.parameters.iter_mut().flatten().find_map(|parameter| match parameter {
            RefOr::Item(parameter) if parameter.is(ParamIn::Header, signature_header) => Some(parameter),
            _ => None,
        });
        if let Some(header) = header {
            header.signature = Some(signature.clone());
        }
    }
    Ok((document, widenings))
}

/// A signature scheme as data: the scheme itself (what signs and verifies), and for a timestamped
/// scheme the tolerance hookspec's verifier applies, with where it comes from.
fn signature(scheme: &Scheme) -> Signature {
    let tolerance = scheme.timestamped().then(|| match scheme.tolerance_seconds {
        Some(seconds) => (seconds, "the provider's documented tolerance"),
        None => (
            hookspec_signature::DEFAULT_TOLERANCE.as_secs(),
            "hookspec-signature's default against replays; the provider documents no tolerance",
        ),
    });
    Signature {
        scheme: scheme.clone(),
        tolerance_seconds: tolerance.map(|(seconds, _)| seconds),
        tolerance_source: tolerance.map(|(_, source)| source.to_owned()),
    }
}

impl Renderer {
    fn render(&mut self, table: &Table, scheme: &Scheme, catalogue: &Catalogue) -> utoipa::openapi::OpenApi {
        if !is_release_version(&table.info.version) {
            self.fail(
                "info:",
                "version",
                format!(
                    "info.version `{}` is not MAJOR.MINOR.PATCH, which generated packages need (Cargo, PEP 440)",
                    table.info.version
                ),
            );
        }
        let info = InfoBuilder::new()
            .title(&table.info.title)
            .version(&table.info.version)
            .description(Some(&table.info.description))
            .build();
        let servers: Vec<utoipa::openapi::Server> = table
            .servers
            .iter()
            .map(|server| {
                let mut builder =
                    ServerBuilder::new().url(&server.url).description(Some(&server.description));
                for (name, variable) in &server.variables {
                    builder = builder.parameter(
                        name,
                        ServerVariableBuilder::new()
                            .default_value(&variable.default)
                            .description(Some(&variable.description)),
                    );
                }
                builder.build()
            })
            .collect();
        let mut paths = PathsBuilder::new();
        let mut seen: Vec<&str> = Vec::new();
        for operation in &table.operations {
            if seen.contains(&operation.path.as_str()) {
                continue;
            }
            seen.push(&operation.path);
            let mut item = PathItemBuilder::new();
            for same_path in table.operations.iter().filter(|other| other.path == operation.path) {
                let rendered = self.operation(table, same_path);
                item = item.operation(http_method(same_path.method), rendered);
            }
            paths = paths.path(&operation.path, item.build());
        }
        let mut webhooks = PathsBuilder::new();
        for delivery in &table.deliveries {
            for entry in entries(delivery, catalogue) {
                webhooks = webhooks.path(&entry.name, self.delivery(table, scheme, delivery, &entry));
            }
        }
        let mut components = ComponentsBuilder::new();
        for (name, parameter) in &table.parameters {
            components = components.parameter(name, self.parameter(parameter, &format!("{name}:")));
        }
        for (name, response) in &table.responses {
            let rendered = self.response(response, &format!("{name}:"));
            components = components.response(name, rendered);
        }
        for (name, scheme) in &table.security_schemes {
            let scheme = match scheme {
                SecurityScheme::ApiKey { header, description, .. } => {
                    utoipa::openapi::security::SecurityScheme::ApiKey(ApiKey::Header(
                        ApiKeyValue::with_description(header, description),
                    ))
                }
                SecurityScheme::HttpBasic { description } => utoipa::openapi::security::SecurityScheme::Http(
                    Http::builder().scheme(HttpAuthScheme::Basic).description(Some(description)).build(),
                ),
                SecurityScheme::HttpBearer { description } => {
                    utoipa::openapi::security::SecurityScheme::Http(
                        Http::builder().scheme(HttpAuthScheme::Bearer).description(Some(description)).build(),
                    )
                }
            };
            components = components.security_scheme(name, scheme);
        }
        let security = self.security(table, &table.security, "security:");
        let tags: Vec<utoipa::openapi::tag::Tag> = table
            .tags
            .iter()
            .map(|tag| TagBuilder::new().name(&tag.name).description(Some(&tag.description)).build())
            .collect();
        OpenApiBuilder::new()
            .info(info)
            .servers(Some(servers))
            .paths(paths)
            .components(Some(components.build()))
            .webhooks(Some(webhooks))
            .security(Some(security))
            .tags(Some(tags))
            .build()
    }

    /// Security requirements: alternatives, each naming the schemes it needs.
    fn security(
        &mut self,
        table: &Table,
        requirements: &[indexmap::IndexMap<String, Vec<String>>],
        anchor: &str,
    ) -> Vec<SecurityRequirement> {
        requirements
            .iter()
            .map(|requirement| {
                requirement.iter().fold(SecurityRequirement::default(), |all, (name, scopes)| {
                    if !table.security_schemes.contains_key(name) {
                        self.fail(anchor, name, format!("`{name}` is not a security scheme"));
                    }
                    all.add(name, scopes.clone())
                })
            })
            .collect()
    }

    fn operation(&mut self, table: &Table, operation: &Operation) -> utoipa::openapi::path::Operation {
        let anchor = format!("id: {}", operation.id);
        self.check_tag(table, &operation.tag, &anchor);
        let mut builder = OperationBuilder::new()
            .operation_id(Some(&operation.id))
            .tag(&operation.tag)
            .summary(Some(&operation.summary))
            .description(Some(&operation.description));
        for parameter in &operation.parameters {
            builder = match parameter {
                Named::Name(name) => {
                    if !table.parameters.contains_key(name) {
                        self.fail(&anchor, name, format!("`{name}` is not a shared parameter"));
                    }
                    builder.parameter_ref(Ref::new(format!("#/components/parameters/{name}")))
                }
                Named::Value(parameter) => builder.parameter(self.parameter(parameter, &anchor)),
            };
        }
        if let Some(body) = &operation.body {
            let schema = self.schema(&body.schema, &anchor);
            let mut content = Content::new(Some(schema));
            for property in &body.deep {
                content.encoding.insert(
                    property.clone(),
                    utoipa::openapi::encoding::EncodingBuilder::new()
                        .style(Some(utoipa::openapi::path::ParameterStyle::DeepObject))
                        .explode(Some(true))
                        .build(),
                );
            }
            builder = builder.request_body(Some(
                RequestBodyBuilder::new()
                    .description(Some(&body.description))
                    .required(Some(if body.required { Required::True } else { Required::False }))
                    .content(body.media.as_deref().unwrap_or(JSON), content)
                    .build(),
            ));
        }
        for (status, response) in &operation.responses {
            builder = match response {
                Named::Name(name) => {
                    if !table.responses.contains_key(name) {
                        self.fail(&anchor, name, format!("`{name}` is not a shared response"));
                    }
                    builder.response(status.to_string(), Ref::new(format!("#/components/responses/{name}")))
                }
                Named::Value(response) => {
                    builder.response(status.to_string(), self.response(response, &anchor))
                }
            };
        }
        builder.build()
    }

    fn check_tag(&mut self, table: &Table, tag: &str, anchor: &str) {
        if !table.tags.iter().any(|known| known.name == tag) {
            self.fail(anchor, tag, format!("`{tag}` is not one of the tags"));
        }
    }

    fn parameter(&mut self, parameter: &Parameter, anchor: &str) -> utoipa::openapi::path::Parameter {
        let schema = self.schema(&parameter.schema, anchor);
        let mut builder = ParameterBuilder::new()
            .name(&parameter.name)
            .parameter_in(match parameter.location {
                ParamIn::Header => utoipa::openapi::path::ParameterIn::Header,
                ParamIn::Query => utoipa::openapi::path::ParameterIn::Query,
                ParamIn::Path => utoipa::openapi::path::ParameterIn::Path,
            })
            .required(if parameter.required { Required::True } else { Required::False })
            .description(Some(&parameter.description))
            .schema(Some(schema));
        if parameter.deep {
            builder =
                builder.style(Some(utoipa::openapi::path::ParameterStyle::DeepObject)).explode(Some(true));
        }
        builder.build()
    }

    fn response(&mut self, response: &hookspec_dialects::table::Response, anchor: &str) -> Response {
        let mut builder = ResponseBuilder::new().description(&response.description);
        if let Some(body) = &response.body {
            builder = builder.content(JSON, Content::new(Some(self.schema(body, anchor))));
        }
        for (name, header) in &response.headers {
            let header = utoipa::openapi::HeaderBuilder::new()
                .description(Some(&header.description))
                .schema(Some(self.schema(&header.schema, anchor)))
                .build();
            builder = builder.header(name, header);
        }
        builder.build()
    }

    /// The `webhooks` entry of a delivery: a POST with the payload, the signature header (its
    /// format and pattern taken from the signature scheme), and the subscriber's answers.
    fn delivery(&mut self, table: &Table, scheme: &Scheme, delivery: &Delivery, entry: &Entry) -> PathItem {
        let anchor = format!("name: {}", delivery.name);
        self.check_tag(table, &delivery.tag, &anchor);
        let required = if delivery.signed == Signed::Always { Required::True } else { Required::False };
        let (signature_header, _) = scheme.signature_header();
        let mut signing = Vec::new();
        // The signature header first, then the other headers the signature covers.
        let order = scheme
            .headers
            .iter()
            .filter(|(name, _)| *name == signature_header)
            .chain(scheme.headers.iter().filter(|(name, _)| *name != signature_header));
        for (name, template) in order {
            let mut description = if name == signature_header {
                scheme.describe()
            } else if template.contains("{timestamp}") {
                format!(
                    "`{}`: when the delivery was signed, in unix seconds; signed with the body.",
                    scheme.shown(template)
                )
            } else {
                format!(
                    "`{}`: the delivery's identifier, the same on every retry; signed with the body.",
                    scheme.shown(template)
                )
            };
            if delivery.signed == Signed::WhenSecret {
                description.push_str(" Sent only when the webhook has a secret.");
            }
            signing.push(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(utoipa::openapi::path::ParameterIn::Header)
                    .required(required.clone())
                    .description(Some(description))
                    .schema(Some(
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .pattern(Some(scheme.pattern(template))),
                    ))
                    .build(),
            );
        }
        let headers: Vec<_> = delivery.headers.iter().map(|header| self.parameter(header, &anchor)).collect();
        let payload = self.schema(&entry.payload, &anchor);
        let told = entry.told.as_ref();
        let summary = match (told.and_then(|event| event.summary.clone()), &entry.event) {
            (Some(summary), _) => summary,
            (None, Some(event)) => format!("{}: {event}", delivery.summary),
            (None, None) => delivery.summary.clone(),
        };
        let description = match told.and_then(|event| event.description.as_deref()) {
            Some(own) => format!("{own}\n\n{}", delivery.description),
            None => delivery.description.clone(),
        };
        let operation_id =
            told.and_then(|event| event.operation_id.clone()).unwrap_or_else(|| entry.name.clone());
        let mut operation = OperationBuilder::new()
            .operation_id(Some(operation_id))
            .tag(&delivery.tag)
            .summary(Some(summary))
            .description(Some(description))
            .parameters(Some(signing))
            .parameters(Some(headers))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .description(Some(
                        "The notification, as raw JSON: verify the signature over these exact bytes.",
                    ))
                    .required(Some(Required::True))
                    .content(JSON, Content::new(Some(payload)))
                    .build(),
            ))
            .securities(Some(self.security(table, &delivery.security, &anchor)));
        for (status, description) in &delivery.responses {
            let mut description = description.clone();
            // What fails a delivery is what is retried: the default answer says when.
            if status.0 == "default" {
                if let Some(timeouts) = &delivery.timeouts {
                    description.push(' ');
                    description.push_str(&timeouts.describe());
                }
                description.push(' ');
                description.push_str(&delivery.retries.describe());
            }
            operation = operation
                .response(status.to_string(), ResponseBuilder::new().description(description).build());
        }
        PathItemBuilder::new().operation(HttpMethod::Post, operation.build()).build()
    }
}

fn http_method(method: hookspec_dialects::Method) -> HttpMethod {
    match method {
        hookspec_dialects::Method::Get => HttpMethod::Get,
        hookspec_dialects::Method::Post => HttpMethod::Post,
        hookspec_dialects::Method::Put => HttpMethod::Put,
        hookspec_dialects::Method::Patch => HttpMethod::Patch,
        hookspec_dialects::Method::Delete => HttpMethod::Delete,
    }
}

/// Whether `version` is `MAJOR.MINOR.PATCH` with no leading zeros: valid semver and PEP 440 alike.
fn is_release_version(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.bytes().all(|byte| byte.is_ascii_digit())
                && (part.len() == 1 || !part.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::is_release_version;

    #[test]
    fn only_major_minor_patch_is_a_release_version() {
        for good in ["1.0.0", "0.1.0", "10.20.30"] {
            assert!(is_release_version(good), "{good}");
        }
        for bad in ["2", "2014-07-25", "1.0", "1.0.0-rc1", "01.0.0", "1..0", "v1.0.0"] {
            assert!(!is_release_version(bad), "{bad}");
        }
    }
}
