//! Typed navigation of a document: operations by section and id, their parameters and responses
//! (references to shared ones followed), bodies, security, and the JSON Schemas the document holds.

use hookspec_dialects::{Method, ParamIn};
use indexmap::IndexMap;
use serde_json::Value;

use super::place::{
    BodyAt, MediaAt, Node, OperationAt, ParameterAt, ResponseAt, SchemaAt, SchemaRoot, Section,
};
use super::{
    Header, MediaType, OpenApi, Operation, Parameter, PathItem, RefOr, Response, SecurityRequirement,
    SecurityScheme,
};
use hookspec_toolkit::lookup::COMPONENT_REF;

/// An operation or a delivery, with where it stands.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    /// Where.
    pub at: OperationAt,
    /// The operation.
    pub operation: &'a Operation,
}

/// A node of the document, to change: what an assumption is marked on.
pub enum NodeMut<'a> {
    /// An operation or a delivery.
    Operation(&'a mut Operation),
    /// A parameter.
    Parameter(&'a mut Parameter),
    /// A response.
    Response(&'a mut Response),
    /// A response's header.
    Header(&'a mut Header),
    /// A security scheme.
    SecurityScheme(&'a mut SecurityScheme),
    /// A JSON Schema node.
    Schema(&'a mut Value),
}

/// The methods a path item may hold, in the order they are written.
const METHODS: [Method; 5] = [Method::Get, Method::Put, Method::Post, Method::Delete, Method::Patch];

impl PathItem {
    /// The operation of `method`.
    pub fn get(&self, method: Method) -> Option<&Operation> {
        match method {
            Method::Get => self.get.as_ref(),
            Method::Put => self.put.as_ref(),
            Method::Post => self.post.as_ref(),
            Method::Delete => self.delete.as_ref(),
            Method::Patch => self.patch.as_ref(),
        }
    }

    /// [`PathItem::get`], to change it.
    pub fn get_mut(&mut self, method: Method) -> Option<&mut Operation> {
        match method {
            Method::Get => self.get.as_mut(),
            Method::Put => self.put.as_mut(),
            Method::Post => self.post.as_mut(),
            Method::Delete => self.delete.as_mut(),
            Method::Patch => self.patch.as_mut(),
        }
    }
}

impl Operation {
    /// The security requirements it states, or else the document's.
    pub fn security<'a>(&'a self, document: &'a OpenApi) -> &'a [SecurityRequirement] {
        self.security.as_deref().or(document.security.as_deref()).unwrap_or_default()
    }
}

impl OpenApi {
    fn section(&self, section: Section) -> Option<&IndexMap<String, PathItem>> {
        match section {
            Section::Paths => Some(&self.paths),
            Section::Webhooks => self.webhooks.as_ref(),
            Section::XWebhooks => self.x_webhooks.as_ref(),
        }
    }

    fn section_mut(&mut self, section: Section) -> Option<&mut IndexMap<String, PathItem>> {
        match section {
            Section::Paths => Some(&mut self.paths),
            Section::Webhooks => self.webhooks.as_mut(),
            Section::XWebhooks => self.x_webhooks.as_mut(),
        }
    }

    fn operations_in(&self, section: Section) -> Vec<Found<'_>> {
        let items = self.section(section).into_iter().flatten();
        items
            .flat_map(|(path, item)| {
                METHODS.into_iter().filter_map(move |method| {
                    let at = OperationAt { section, path: path.clone(), method };
                    item.get(method).map(|operation| Found { at, operation })
                })
            })
            .collect()
    }

    /// Every operation of the API (under `paths`), in document order.
    pub fn operations(&self) -> Vec<Found<'_>> {
        self.operations_in(Section::Paths)
    }

    /// Every delivery the provider makes (under `webhooks`, or `x-webhooks` in OpenAPI 3.0).
    pub fn deliveries(&self) -> Vec<Found<'_>> {
        let mut found = self.operations_in(Section::Webhooks);
        found.extend(self.operations_in(Section::XWebhooks));
        found
    }

    /// The operation whose `operationId` is `id`.
    pub fn operation(&self, id: &str) -> Option<Found<'_>> {
        self.operations().into_iter().find(|found| found.operation.operation_id.as_deref() == Some(id))
    }

    /// The operation at `at`.
    pub fn operation_at(&self, at: &OperationAt) -> Option<&Operation> {
        self.section(at.section)?.get(&at.path)?.get(at.method)
    }

    /// [`OpenApi::operation_at`], to change it.
    pub fn operation_at_mut(&mut self, at: &OperationAt) -> Option<&mut Operation> {
        self.section_mut(at.section)?.get_mut(&at.path)?.get_mut(at.method)
    }

    /// The parameters of an operation, each with where it is defined (a shared one's component,
    /// when the operation refers to one).
    pub fn parameters<'a>(&'a self, found: &Found<'a>) -> Vec<(ParameterAt, &'a Parameter)> {
        let list = found.operation.parameters.iter().flatten().enumerate();
        list.filter_map(|(index, parameter)| match parameter {
            RefOr::Item(parameter) => Some((ParameterAt::Operation(found.at.clone(), index), parameter)),
            RefOr::Ref(reference) => {
                let name = reference.component("parameters")?;
                let parameter = self.components.as_ref()?.parameters.get(name)?;
                Some((ParameterAt::Component(name.to_owned()), parameter))
            }
        })
        .collect()
    }

    /// The parameter of an operation in `location` named `name` (a header's name ignores case).
    pub fn parameter<'a>(
        &'a self,
        found: &Found<'a>,
        location: ParamIn,
        name: &str,
    ) -> Option<(ParameterAt, &'a Parameter)> {
        self.parameters(found).into_iter().find(|(_, parameter)| parameter.is(location, name))
    }

    /// The parameter at `at`, to change it.
    pub fn parameter_mut(&mut self, at: &ParameterAt) -> Option<&mut Parameter> {
        match at {
            ParameterAt::Operation(operation, index) => {
                match self.operation_at_mut(operation)?.parameters.as_mut()?.get_mut(*index)? {
                    RefOr::Item(parameter) => Some(parameter),
                    RefOr::Ref(_) => None,
                }
            }
            ParameterAt::Component(name) => self.components.as_mut()?.parameters.get_mut(name),
        }
    }

    /// The response at `at`, a reference followed: where it is defined, and the response.
    pub fn response(&self, at: &ResponseAt) -> Option<(ResponseAt, &Response)> {
        let name = match at {
            ResponseAt::Operation(operation, status) => {
                match self.operation_at(operation)?.responses.get(status)? {
                    RefOr::Item(response) => return Some((at.clone(), response)),
                    RefOr::Ref(reference) => reference.component("responses")?,
                }
            }
            ResponseAt::Component(name) => name,
        };
        let response = self.components.as_ref()?.responses.get(name)?;
        Some((ResponseAt::Component(name.to_owned()), response))
    }

    /// Whether there is a response at `at` (written out, or a reference).
    pub fn has_response(&self, at: &ResponseAt) -> bool {
        match at {
            ResponseAt::Operation(operation, status) => {
                self.operation_at(operation).is_some_and(|operation| operation.responses.contains_key(status))
            }
            ResponseAt::Component(name) => {
                self.components.as_ref().is_some_and(|components| components.responses.contains_key(name))
            }
        }
    }

    /// Whether the operation's response at `at` refers to a shared one.
    pub fn is_reference(&self, at: &ResponseAt) -> bool {
        match at {
            ResponseAt::Operation(operation, status) => self
                .operation_at(operation)
                .and_then(|operation| operation.responses.get(status))
                .is_some_and(|response| matches!(response, RefOr::Ref(_))),
            ResponseAt::Component(_) => false,
        }
    }

    /// The response written out at `at` (not a reference), to change it.
    pub fn response_mut(&mut self, at: &ResponseAt) -> Option<&mut Response> {
        match at {
            ResponseAt::Operation(operation, status) => {
                match self.operation_at_mut(operation)?.responses.get_mut(status)? {
                    RefOr::Item(response) => Some(response),
                    RefOr::Ref(_) => None,
                }
            }
            ResponseAt::Component(name) => self.components.as_mut()?.responses.get_mut(name),
        }
    }

    /// The forms of a body, by media type.
    pub fn content(&self, at: &BodyAt) -> Option<&IndexMap<String, MediaType>> {
        match at {
            BodyAt::Request(operation) => Some(&self.operation_at(operation)?.request_body.as_ref()?.content),
            BodyAt::Response(response) => Some(&self.response(response)?.1.content),
        }
    }

    /// The media type object at `at`.
    pub fn media(&self, at: &MediaAt) -> Option<&MediaType> {
        self.content(&at.body)?.get(&at.media)
    }

    /// [`OpenApi::media`], to change it (a response written out, not a reference).
    pub fn media_mut(&mut self, at: &MediaAt) -> Option<&mut MediaType> {
        let content = match &at.body {
            BodyAt::Request(operation) => {
                &mut self.operation_at_mut(operation)?.request_body.as_mut()?.content
            }
            BodyAt::Response(response) => &mut self.response_mut(response)?.content,
        };
        content.get_mut(&at.media)
    }

    /// The security scheme `name`.
    pub fn security_scheme(&self, name: &str) -> Option<&SecurityScheme> {
        self.components.as_ref()?.security_schemes.get(name)
    }

    /// Where a URL leads in the document: the first server and path template that match it, with
    /// the values of the template's variables.
    pub fn route(&self, url: &str) -> Option<(&str, Vec<(String, String)>)> {
        self.servers.iter().flatten().find_map(|server| {
            self.paths.keys().find_map(|path| {
                hookspec_toolkit::lookup::match_template(&format!("{}{path}", server.url), url)
                    .map(|variables| (path.as_str(), variables))
            })
        })
    }

    /// The component schemas as the JSON document the toolkit's validator reads references in:
    /// `{"components": {"schemas": ...}}`.
    pub fn schemas_document(&self) -> Value {
        let schemas = self.components.as_ref().map(|components| &components.schemas);
        serde_json::json!({"components": {"schemas": schemas.cloned().unwrap_or_default()}})
    }

    /// The component schema `name`.
    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.components.as_ref()?.schemas.get(name)
    }

    /// Follows references to component schemas, through a component that is itself a reference;
    /// anything else, or a reference that leads nowhere or round in circles, is returned as it is.
    pub fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..16 {
            match reference(schema).and_then(|name| self.schema(name)) {
                Some(target) => schema = target,
                None => return schema,
            }
        }
        schema
    }

    /// The alternatives of a `oneOf`/`anyOf` schema, references resolved; the schema itself
    /// otherwise.
    pub fn alternatives<'a>(&'a self, schema: &'a Value) -> Vec<&'a Value> {
        let schema = self.resolve(schema);
        match schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
            Some(list) => list.iter().map(|alternative| self.resolve(alternative)).collect(),
            None => vec![schema],
        }
    }

    /// The JSON Schema at `root`.
    pub fn schema_root(&self, root: &SchemaRoot) -> Option<&Value> {
        match root {
            SchemaRoot::Component(name) => self.schema(name),
            SchemaRoot::Parameter(at) => match at {
                ParameterAt::Operation(operation, index) => {
                    match self.operation_at(operation)?.parameters.as_ref()?.get(*index)? {
                        RefOr::Item(parameter) => parameter.schema.as_ref(),
                        RefOr::Ref(_) => None,
                    }
                }
                ParameterAt::Component(name) => {
                    self.components.as_ref()?.parameters.get(name)?.schema.as_ref()
                }
            },
            SchemaRoot::Media(at) => self.media(at)?.schema.as_ref(),
            SchemaRoot::Header(response, name) => {
                self.response(response)?.1.headers.get(name)?.schema.as_ref()
            }
        }
    }

    /// [`OpenApi::schema_root`], to change it.
    pub fn schema_root_mut(&mut self, root: &SchemaRoot) -> Option<&mut Value> {
        match root {
            SchemaRoot::Component(name) => self.components.as_mut()?.schemas.get_mut(name),
            SchemaRoot::Parameter(at) => self.parameter_mut(at)?.schema.as_mut(),
            SchemaRoot::Media(at) => self.media_mut(at)?.schema.as_mut(),
            SchemaRoot::Header(response, name) => {
                self.response_mut(response)?.headers.get_mut(name)?.schema.as_mut()
            }
        }
    }

    /// The JSON Schema node at `at`.
    pub fn schema_at(&self, at: &SchemaAt) -> Option<&Value> {
        at.steps.iter().try_fold(self.schema_root(&at.root)?, |schema, step| step.child(schema))
    }

    /// [`OpenApi::schema_at`], to change it.
    pub fn schema_at_mut(&mut self, at: &SchemaAt) -> Option<&mut Value> {
        at.steps.iter().try_fold(self.schema_root_mut(&at.root)?, |schema, step| step.child_mut(schema))
    }

    /// The node at `at`, following a reference to a component schema found there once: where it
    /// ends, and the node.
    pub fn resolve_at(&self, at: &SchemaAt) -> (SchemaAt, Option<&Value>) {
        match self.schema_at(at) {
            Some(node) => match reference(node) {
                Some(name) => (SchemaAt::component(name), self.schema(name)),
                None => (at.clone(), Some(node)),
            },
            None => (at.clone(), None),
        }
    }

    /// Every JSON Schema the document holds, where the specification puts one: the components'
    /// schemas, parameters and responses, then each operation's and delivery's parameters, bodies
    /// and response headers (example values are never mistaken for schemas).
    pub fn schema_roots(&self) -> Vec<SchemaRoot> {
        let mut roots = Vec::new();
        if let Some(components) = self.components.as_ref() {
            roots.extend(components.schemas.keys().cloned().map(SchemaRoot::Component));
            for name in components.parameters.keys() {
                roots.push(SchemaRoot::Parameter(ParameterAt::Component(name.clone())));
            }
            for (name, response) in &components.responses {
                roots.extend(response_schemas(&ResponseAt::Component(name.clone()), response));
            }
        }
        for found in self.operations().into_iter().chain(self.deliveries()) {
            for (index, parameter) in found.operation.parameters.iter().flatten().enumerate() {
                if let RefOr::Item(_) = parameter {
                    roots.push(SchemaRoot::Parameter(ParameterAt::Operation(found.at.clone(), index)));
                }
            }
            if let Some(body) = &found.operation.request_body {
                let media = body.content.keys().cloned();
                roots.extend(media.map(|media| {
                    SchemaRoot::Media(MediaAt { body: BodyAt::Request(found.at.clone()), media })
                }));
            }
            for (status, response) in &found.operation.responses {
                if let RefOr::Item(response) = response {
                    roots.extend(response_schemas(
                        &ResponseAt::Operation(found.at.clone(), status.clone()),
                        response,
                    ));
                }
            }
        }
        roots.retain(|root| self.schema_root(root).is_some());
        roots
    }

    /// The node at `node`, to change it; `None` for a parameter's presence, which no object holds.
    pub fn node_mut(&mut self, node: &Node) -> Option<NodeMut<'_>> {
        Some(match node {
            Node::Operation(at) => NodeMut::Operation(self.operation_at_mut(at)?),
            Node::Response(at) => NodeMut::Response(self.response_mut(at)?),
            Node::Header(at, name) => NodeMut::Header(self.response_mut(at)?.headers.get_mut(name)?),
            Node::Parameter(at) => NodeMut::Parameter(self.parameter_mut(at)?),
            Node::Presence(..) => return None,
            Node::SecurityScheme(name) => {
                NodeMut::SecurityScheme(self.components.as_mut()?.security_schemes.get_mut(name)?)
            }
            Node::Schema(at) => NodeMut::Schema(self.schema_at_mut(at)?),
        })
    }
}

/// The schemas of a response: its bodies', then its headers'.
fn response_schemas(at: &ResponseAt, response: &Response) -> Vec<SchemaRoot> {
    let bodies = response
        .content
        .keys()
        .map(|media| SchemaRoot::Media(MediaAt { body: BodyAt::Response(at.clone()), media: media.clone() }));
    let headers = response.headers.keys().map(|name| SchemaRoot::Header(at.clone(), name.clone()));
    bodies.chain(headers).collect()
}

/// The name of the component schema `schema` refers to, if it is a reference to one.
pub fn reference(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix(COMPONENT_REF)
}
