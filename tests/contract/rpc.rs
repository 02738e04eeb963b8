//! The JSON-RPC scenario: login, then every method of the API in the order of what it does.

use hookspec_dialects::Protocol;
use hookspec_dialects::behaviour::Action;
use hookspec_dialects::table::JsonRpcMethod;
use hookspec_toolkit::{lookup, sample, validate};
use serde_json::{Value, json};

use super::{Answer, Run, named_schema, positional, rank, retarget};

impl Run {
    pub(super) fn jsonrpc(&mut self) {
        let Protocol::JsonRpc { api, behaviour } = &self.provider.protocol else { return };
        if let Some(login) = &behaviour.login {
            let method = api.methods.iter().find(|method| method.name == login.method).cloned();
            if let Some(method) = method {
                self.counts.operations += 1;
                let answer = self.rpc(&method, json!(["contract", "contract-key"]), true);
                if let Some(result) = self.check_rpc(&method, &answer, false) {
                    self.session = Some(result);
                }
            }
        }
        let mut methods: Vec<JsonRpcMethod> = api
            .methods
            .iter()
            .filter(|method| behaviour.login.as_ref().is_none_or(|login| login.method != method.name))
            .cloned()
            .collect();
        methods.sort_by_key(|method| rank(behaviour.methods.get(&method.name)));
        for method in methods {
            self.counts.operations += 1;
            let Some(action) = behaviour.methods.get(&method.name).cloned() else {
                self.fail(format!(
                    "`{}` (api.yaml) has no entry under behaviour.yaml's `jsonrpc.methods`",
                    method.name
                ));
                continue;
            };
            let arguments = self.arguments(&method, &action, None);
            let refused = self.rpc(&method, arguments.clone(), false);
            self.check_rpc(&method, &refused, true);
            let answer = self.rpc(&method, arguments, true);
            if self.check_rpc(&method, &answer, false).is_some() {
                match action {
                    Action::Create(_) => self.learn(),
                    Action::Delete(_) if !self.made.is_empty() => {
                        self.made.remove(0);
                    }
                    Action::SetEnabled { .. } => self.learn(),
                    _ => {}
                }
            }
        }
    }

    /// Makes a webhook subscribed to `event` with the create method's arguments.
    pub(super) fn subscribe_rpc(&mut self, event: &str) {
        let Protocol::JsonRpc { api, behaviour } = &self.provider.protocol else { return };
        let create = api
            .methods
            .iter()
            .find(|method| matches!(behaviour.methods.get(&method.name), Some(Action::Create(_))));
        let Some(method) = create.cloned() else { return };
        let action = behaviour.methods.get(&method.name).cloned().expect("a create");
        let arguments = self.arguments(&method, &action, Some(event));
        let answer = self.rpc(&method, arguments, true);
        if self.check_rpc(&method, &answer, false).is_some() {
            self.learn();
            self.enable(event);
        }
    }

    /// Turns on the webhooks subscribed to `event` where the create left them off (the document
    /// lets a create choose either): through the method that switches them, with each value its
    /// status parameter allows, until the listing reads them on through the wire's conversion.
    fn enable(&mut self, event: &str) {
        let Protocol::JsonRpc { api, behaviour } = &self.provider.protocol else { return };
        let off =
            |made: &super::Made| !made.enabled && made.events.iter().any(|subscribed| subscribed == event);
        if !self.made.iter().any(off) {
            return;
        }
        let switch = api.methods.iter().find_map(|method| match behaviour.methods.get(&method.name) {
            Some(Action::SetEnabled { event: at, status, .. }) => Some((method.clone(), *at, *status)),
            _ => None,
        });
        let Some((method, at, status)) = switch else { return };
        let Some(param) = positional(&method.params).get(status).cloned() else { return };
        let schema = lookup::resolve(&self.document, &named_schema(&param.schema)).clone();
        let values = schema.get("enum").and_then(Value::as_array).cloned().unwrap_or_default();
        for value in values {
            let mut arguments = vec![Value::Null; positional(&method.params).len()];
            arguments[at] = json!(event);
            arguments[status] = value;
            let answer = self.rpc(&method, Value::Array(arguments), true);
            if self.check_rpc(&method, &answer, false).is_some() {
                self.learn();
            }
            if !self.made.iter().any(off) {
                return;
            }
        }
    }

    /// Re-reads the webhooks through the listing method: each one's id, URL, secret and events.
    fn learn(&mut self) {
        let Protocol::JsonRpc { api, behaviour } = &self.provider.protocol else { return };
        let list = api
            .methods
            .iter()
            .find(|method| matches!(behaviour.methods.get(&method.name), Some(Action::List(_))));
        let Some(list) = list.cloned() else { return };
        let answer = self.rpc(&list, json!([]), true);
        let Some(Value::Array(items)) = self.check_rpc(&list, &answer, false) else { return };
        self.made.clear();
        for item in items {
            self.keep(&item, None);
        }
    }

    /// Arguments for `method`, made from its parameters' schemas: the webhook to create at the
    /// receiver (subscribed to `event`), the current webhook's id or first event where the method
    /// takes one.
    fn arguments(&self, method: &JsonRpcMethod, action: &Action, event: Option<&str>) -> Value {
        let mut arguments: Vec<Value> = positional(&method.params)
            .iter()
            .map(|param| sample::value(&self.document, &named_schema(&param.schema), sample::Fill::All))
            .collect();
        let current = self.current();
        match action {
            Action::Create(argument) => {
                let at = argument.argument.unwrap_or(0);
                if let Some(slot) = arguments.get_mut(at) {
                    *slot = retarget(self.provider, slot, &self.hook_url(), event);
                }
            }
            Action::Delete(target) => {
                if let (Some(slot), Some(made)) = (arguments.get_mut(target.argument.unwrap_or(0)), current) {
                    *slot = made.id.clone();
                }
            }
            Action::SetEnabled { event: at, .. } => {
                if let (Some(slot), Some(first)) =
                    (arguments.get_mut(*at), current.and_then(|made| made.events.first()))
                {
                    *slot = json!(first);
                }
            }
            _ => {}
        }
        Value::Array(arguments)
    }

    /// Calls `method` with `arguments`, with a session (or the credentials) when `authenticated`.
    fn rpc(&self, method: &JsonRpcMethod, arguments: Value, authenticated: bool) -> Answer {
        let Protocol::JsonRpc { api, .. } = &self.provider.protocol else {
            unreachable!("a JSON-RPC provider")
        };
        let path =
            lookup::operations(&self.document).first().map(|found| found.path.to_owned()).unwrap_or_default();
        let request = match &api.call {
            Some(call) if api.wraps(method) => {
                let session =
                    if authenticated { self.session.clone().unwrap_or(Value::Null) } else { Value::Null };
                json!({"jsonrpc": "2.0", "id": 1, "method": call.method, "params": [session, method.name, arguments]})
            }
            _ => json!({"jsonrpc": "2.0", "id": 1, "method": method.name, "params": arguments}),
        };
        let headers = if authenticated && self.session.is_none() { self.credentials() } else { Vec::new() };
        let body = serde_json::to_vec(&request).expect("JSON");
        self.send("POST", &path, &headers, Some(("application/json", body)))
    }

    /// Checks a JSON-RPC answer: HTTP 200, the document's response schema, and either an error
    /// with a documented code (`refused`) or a result of the method's result schema, which it
    /// returns.
    fn check_rpc(&mut self, method: &JsonRpcMethod, answer: &Answer, refused: bool) -> Option<Value> {
        self.counts.responses += 1;
        let name = &method.name;
        let body = answer.json();
        if answer.status != 200 {
            self.fail(format!(
                "`{name}` answered HTTP {}, where JSON-RPC answers 200: {body}",
                answer.status
            ));
            return None;
        }
        let envelope = json!({"$ref": "#/components/schemas/JsonRpcResponse"});
        if self.document.pointer("/components/schemas/JsonRpcResponse").is_some()
            && let Err(problems) = validate::validate(&self.document, &envelope, &body)
        {
            self.fail(format!(
                "`{name}`: the answer breaks the document's JsonRpcResponse: {problems}: {body}"
            ));
            return None;
        }
        let Protocol::JsonRpc { api, .. } = &self.provider.protocol else { return None };
        let error = body.get("error").filter(|error| !error.is_null());
        match (refused, error) {
            (true, Some(error)) => {
                let code = error["code"].as_i64().unwrap_or_default();
                if !api.errors.iter().any(|known| known.code == code) {
                    self.fail(format!(
                        "`{name}`: the error code {code} is not one api.yaml documents: {body}"
                    ));
                }
                None
            }
            (true, None) => {
                self.fail(format!("`{name}` without credentials answered a result: {body}"));
                None
            }
            (false, Some(error)) => {
                self.fail(format!(
                    "`{name}` refused the scenario's call (behaviour.yaml's `jsonrpc.methods.{name}`): {error}"
                ));
                None
            }
            (false, None) => {
                let result = body.get("result").cloned().unwrap_or(Value::Null);
                let schema = named_schema(&method.result.schema);
                if let Err(problems) = validate::validate(&self.document, &schema, &result) {
                    self.fail(format!(
                        "`{name}`: the result breaks its schema in api.yaml (behaviour.yaml's \
                         `jsonrpc.methods.{name}`): {problems}: {result}"
                    ));
                    return None;
                }
                Some(result)
            }
        }
    }
}
