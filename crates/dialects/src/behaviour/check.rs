//! The rules that tie `behaviour.yaml` to `api.yaml`, checked when a provider loads: whatever the
//! table declares that the sandbox must make (an operation's effect, a response header, a
//! delivery header) has its entry in the behaviour data, and every entry of the behaviour data
//! names something the table has. A problem names the file and line, and what is missing.

use crate::data::DataFile;
use crate::table::{JsonRpc, Named, Operation, ParamIn, Table};
use hookspec_problem::Problem;

use super::{Action, Behaviour, JsonRpcBehaviour, Owner, Refusals, Slot, Template};

/// How the provider is called, as the check needs it: a REST provider's refusals, or a JSON-RPC
/// provider's methods and what each does.
pub(crate) enum Served<'a> {
    /// Operations on paths, and the answer to each kind of refusal.
    Rest(&'a Refusals),
    /// JSON-RPC methods.
    JsonRpc(&'a JsonRpc, &'a JsonRpcBehaviour),
}

/// The slots a response header may use, those of a delivery header, those of a field the
/// provider sets and those of a delivery record.
const RESPONSE_SLOTS: &str = "{header:NAME}, {uuid4}, {webhook} and {field:NAME}";
const DELIVERY_SLOTS: &str = "{event}, {delivery}, {webhook}, {timestamp}, {uuid4} and {field:NAME}";
const FIELD_SLOTS: &str = "{base}, {collection}, {webhook} and {param:NAME}";
const RECORD_SLOTS: &str = "{attempt_id}, {delivery}, {event}, {webhook}, {timestamp}, {delivered_at}, \
                            {redelivery}, {duration}, {status_code}, {status}, {url}, {request_headers}, \
                            {payload}, {payload:/POINTER}, {response_headers}, {response_body} and {field:NAME}";

/// Whether a delivery header may use `slot`.
fn delivery_slot(slot: &Slot) -> bool {
    matches!(
        slot,
        Slot::Event | Slot::Delivery | Slot::Webhook | Slot::Timestamp | Slot::Uuid4 | Slot::Field(_)
    )
}

impl Behaviour {
    /// Every rule that ties the behaviour data (`file`) to the operation table (`table_file`).
    pub(crate) fn check(
        &self,
        table: &Table,
        served: Served<'_>,
        file: &DataFile,
        table_file: &DataFile,
    ) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Served::Rest(refusals) = served {
            for (kind, reply) in refusals.kinds() {
                if !(400..500).contains(&reply.status) {
                    problems.push(file.error_at(
                        "refusals:",
                        &format!("{kind}:"),
                        format!("`{kind}` answers {}: a refusal answers a 4xx status", reply.status),
                    ));
                }
            }
        }
        if let Served::Rest(_) = served {
            for operation in &table.operations {
                match self.operations.get(&operation.id) {
                    None => problems.push(table_file.error_at(
                        "operations:",
                        &format!("id: {}", operation.id),
                        format!(
                            "`{}` has no entry under behaviour.yaml's `operations`, so the sandbox cannot serve it: \
                             say what it does (list, create, retrieve, update, replace, delete, deliver, nested, \
                             list_deliveries, retrieve_delivery, redeliver, list_event_types or retrieve_event_type)",
                            operation.id
                        ),
                    )),
                    Some(action) => problems.extend(parameters(table, operation, action, file)),
                }
            }
        }
        if let Served::JsonRpc(api, behaviour) = served {
            let login = behaviour.login.as_ref().map(|login| login.method.as_str());
            for method in &api.methods {
                let wrapper = api.call.as_ref().is_some_and(|call| call.method == method.name);
                if !wrapper
                    && Some(method.name.as_str()) != login
                    && !behaviour.methods.contains_key(&method.name)
                {
                    problems.push(table_file.error_at(
                        "methods:",
                        &format!("name: {}", method.name),
                        format!(
                            "`{}` has no entry under behaviour.yaml's `jsonrpc.methods`, so the sandbox cannot serve \
                             it: say what it does",
                            method.name
                        ),
                    ));
                }
            }
        }
        problems.extend(self.response_headers(table, file, table_file));
        problems.extend(self.delivery_headers(table, file, table_file));
        problems.extend(self.owned_and_recorded(table, file));
        problems
    }

    /// The owner's path parameters are the table's; a nested resource is a merged field; the
    /// deliveries' actions have a record to show, made of the slots a record has.
    fn owned_and_recorded(&self, table: &Table, file: &DataFile) -> Vec<Problem> {
        let mut problems = Vec::new();
        let rules = &self.webhooks;
        if let Some(Owner::Parameters(names)) = &rules.owner {
            let in_path = |name: &String| {
                table.operations.iter().flat_map(|operation| &operation.parameters).any(|parameter| {
                    let parameter = match parameter {
                        Named::Name(shared) => table.parameters.get(shared),
                        Named::Value(parameter) => Some(parameter),
                    };
                    parameter.is_some_and(|parameter| {
                        parameter.location == ParamIn::Path && parameter.name == *name
                    })
                })
            };
            for name in names.iter().filter(|name| !in_path(name)) {
                problems.push(file.error_at(
                    "owner:",
                    name,
                    format!("`webhooks.owner` names the path parameter `{name}`, which no operation of api.yaml has"),
                ));
            }
        }
        for (id, action) in &self.operations {
            match action {
                Action::Nested(nested) if !rules.merged.contains(&nested.field) => problems.push(file.error_at(
                    &format!("{id}:"),
                    &nested.field,
                    format!(
                        "`{id}` serves `{}` as a resource of its own, which `webhooks.merged` does not list: a \
                         nested resource is written key by key, so add it there",
                        nested.field
                    ),
                )),
                Action::ListDeliveries(_) | Action::RetrieveDelivery(_) if rules.delivery_record.is_none() => {
                    problems.push(file.error_at(
                        &format!("{id}:"),
                        "",
                        format!(
                            "`{id}` answers records of deliveries, which behaviour.yaml does not say how to show: \
                             add `webhooks.delivery_record` (slots: {RECORD_SLOTS})"
                        ),
                    ));
                }
                _ => {}
            }
        }
        for (path, template) in rules.delivery_record.iter().flat_map(|record| record.templates()) {
            let member = path.last().copied().unwrap_or("delivery_record");
            let place = format!("delivery_record.{}", path.join("."));
            for slot in template.slots().filter(|slot| !record_slot(slot)) {
                problems.push(file.error_at(
                    "delivery_record:",
                    &format!("{member}:"),
                    format!("`{place}`: the slot {slot} cannot be filled in a delivery record; the slots are {RECORD_SLOTS}"),
                ));
            }
        }
        problems
    }

    fn response_headers(&self, table: &Table, file: &DataFile, table_file: &DataFile) -> Vec<Problem> {
        let mut problems = Vec::new();
        for operation in &table.operations {
            let given = self.headers.get(&operation.id);
            // A list that pages by `Link` makes that header itself.
            let linked = self
                .operations
                .get(&operation.id)
                .and_then(Action::listing)
                .is_some_and(|listing| listing.link);
            for (status, response) in &operation.responses {
                if !status.0.starts_with('2') {
                    continue;
                }
                let response = match response {
                    Named::Name(name) => table.responses.get(name),
                    Named::Value(response) => Some(response),
                };
                for header in response.into_iter().flat_map(|response| response.headers.keys()) {
                    let made = linked && header.eq_ignore_ascii_case("link");
                    if !made
                        && !given
                            .is_some_and(|given| given.keys().any(|known| known.eq_ignore_ascii_case(header)))
                    {
                        problems.push(table_file.error_at(
                            &format!("id: {}", operation.id),
                            &format!("{header}:"),
                            format!(
                                "`{}` answers {status} with the header `{header}`, which behaviour.yaml's `headers` \
                                 does not say how to make: add `headers: {{{}: {{{header}: TEMPLATE}}}}` (slots: \
                                 {RESPONSE_SLOTS})",
                                operation.id, operation.id
                            ),
                        ));
                    }
                }
            }
        }
        for (id, headers) in &self.headers {
            let Some(operation) = table.operations.iter().find(|operation| operation.id == *id) else {
                problems.push(file.error_at(
                    "headers:",
                    &format!("{id}:"),
                    format!("`{id}` is not an operation of api.yaml"),
                ));
                continue;
            };
            let declared: Vec<&String> = operation
                .responses
                .iter()
                .filter(|(status, _)| status.0.starts_with('2'))
                .filter_map(|(_, response)| match response {
                    Named::Name(name) => table.responses.get(name),
                    Named::Value(response) => Some(response),
                })
                .flat_map(|response| response.headers.keys())
                .collect();
            for header in headers
                .keys()
                .filter(|header| !declared.iter().any(|known| known.eq_ignore_ascii_case(header)))
            {
                problems.push(file.error_at(
                    "headers:",
                    &format!("{header}:"),
                    format!("behaviour.yaml makes the header `{header}` for `{id}`, whose success answers in api.yaml declare no such header"),
                ));
            }
            for (header, template) in headers {
                problems.extend(slots(file, header, template, RESPONSE_SLOTS, |slot| {
                    matches!(slot, Slot::Header(_) | Slot::Uuid4 | Slot::Webhook | Slot::Field(_))
                }));
            }
        }
        problems
    }

    fn delivery_headers(&self, table: &Table, file: &DataFile, table_file: &DataFile) -> Vec<Problem> {
        let mut problems = Vec::new();
        let given = &self.webhooks.delivery_headers;
        for delivery in &table.deliveries {
            for header in delivery.headers.iter().filter(|header| header.location == ParamIn::Header) {
                if !given.keys().any(|known| known.eq_ignore_ascii_case(&header.name)) {
                    problems.push(table_file.error_at(
                        "deliveries:",
                        &format!("name: {}", header.name),
                        format!(
                            "the delivery `{}` carries the header `{}`, which behaviour.yaml's \
                             `webhooks.delivery_headers` does not say how to make (slots: {DELIVERY_SLOTS})",
                            delivery.name, header.name
                        ),
                    ));
                }
            }
        }
        for (header, template) in given {
            problems.extend(slots(file, header, template, DELIVERY_SLOTS, delivery_slot));
        }
        for (field, value) in &self.webhooks.fields {
            if let super::ServerField::Template(template) = value {
                problems.extend(slots(file, field, template, FIELD_SLOTS, |slot| {
                    matches!(slot, Slot::Base | Slot::Collection | Slot::Webhook | Slot::Param(_))
                }));
            }
        }
        problems
    }
}

/// The parameters an action names must be the operation's.
fn parameters(table: &Table, operation: &Operation, action: &Action, file: &DataFile) -> Vec<Problem> {
    let mut named: Vec<&String> = match action {
        Action::Retrieve(target)
        | Action::Update(target)
        | Action::Replace(target)
        | Action::Delete(target) => target.parameter.iter().collect(),
        Action::Deliver(delivering) => vec![&delivering.parameter],
        Action::Nested(nested) => vec![&nested.parameter],
        Action::ListDeliveries(listing) => vec![&listing.parameter],
        Action::RetrieveDelivery(target) | Action::Redeliver(target) => {
            vec![&target.parameter, &target.delivery]
        }
        Action::RetrieveEventType { id, .. } => vec![id],
        _ => Vec::new(),
    };
    named.extend(
        action
            .listing()
            .and_then(|listing| listing.paging.as_ref())
            .into_iter()
            .flat_map(|paging| paging.parameters()),
    );
    let has = |name: &str| {
        operation.parameters.iter().any(|parameter| match parameter {
            Named::Name(shared) => {
                table.parameters.get(shared).is_some_and(|parameter| parameter.name == name)
            }
            Named::Value(parameter) => parameter.name == name,
        })
    };
    named
        .into_iter()
        .filter(|name| !has(name))
        .map(|name| {
            file.error_at(
                &format!("{}:", operation.id),
                name,
                format!("`{}` has no parameter `{name}` in api.yaml", operation.id),
            )
        })
        .collect()
}

/// Whether a delivery record may use `slot`: what a delivery header may, but a fresh UUID, and
/// what is known of the attempt once it is made.
fn record_slot(slot: &Slot) -> bool {
    !matches!(slot, Slot::Uuid4 | Slot::Header(_) | Slot::Base | Slot::Param(_) | Slot::Collection)
}

/// A template's slots must be of the kind its place allows.
fn slots(
    file: &DataFile,
    header: &str,
    template: &Template,
    allowed: &str,
    fits: impl Fn(&Slot) -> bool,
) -> Vec<Problem> {
    template
        .slots()
        .filter(|slot| !fits(slot))
        .map(|slot| {
            file.error_at(
                &format!("{header}:"),
                template.text(),
                format!("`{header}`: the slot {slot} cannot be filled here; the slots are {allowed}"),
            )
        })
        .collect()
}
