//! Every event of the catalogue, triggered, and every delivery checked: its payload against the
//! event's schema, the headers the delivery declares, and its signature.

use hookspec_dialects::table::Signed;
use hookspec_signature::{VerifyOptions, verify};
use hookspec_toolkit::{lookup, validate};
use serde_json::{Value, json};

use super::{Run, covered};
use crate::scene::Received;

impl Run {
    pub(super) fn events(&mut self) {
        let Some(delivery) = lookup::deliveries(&self.document).first().map(|found| found.object.clone())
        else {
            self.fail(
                "the document has no delivery under `webhooks`: api.yaml's `deliveries` is empty".into(),
            );
            return;
        };
        let events: Vec<(String, String)> = self
            .provider
            .catalogue
            .events
            .iter()
            .map(|event| (event.name.clone(), event.subscription().to_owned()))
            .collect();
        for (event, subscription) in events {
            self.counts.events += 1;
            if !self
                .made
                .iter()
                .any(|made| made.enabled && covered(self.provider, &made.events, &subscription))
            {
                self.subscribe(&subscription);
            }
            let expected = self
                .made
                .iter()
                .filter(|made| made.enabled && covered(self.provider, &made.events, &subscription))
                .count();
            let before = self.scene.receiver.received().len();
            let request = serde_json::to_vec(&json!({"event": event})).expect("JSON");
            let answer = self.send("POST", "/_hookspec/trigger", &[], Some(("application/json", request)));
            let triggered = answer.json();
            if answer.status != 200 {
                self.fail(format!(
                    "event `{event}` (events.yaml): the trigger was refused ({}): {triggered}",
                    answer.status
                ));
                continue;
            }
            if let Some(skipped) = triggered.get("skipped") {
                self.fail(format!("event `{event}`: webhooks were skipped: {skipped}"));
            }
            let sent = triggered["deliveries"].as_array().map_or(0, Vec::len);
            if sent != expected {
                self.fail(format!(
                    "event `{event}`: {sent} deliveries, where {expected} webhook(s) subscribe to it \
                     (behaviour.yaml's `webhooks` and the wire's conversion decide who is subscribed)"
                ));
            }
            let received: Vec<Received> = self.scene.receiver.received().split_off(before);
            for delivery_received in &received {
                self.delivery(&event, &delivery, delivery_received);
            }
        }
    }

    fn delivery(&mut self, event: &str, delivery: &Value, received: &Received) {
        self.counts.deliveries += 1;
        let document = self.document.clone();
        let name = delivery["operationId"].as_str().unwrap_or("delivery").to_owned();
        let at = format!("event `{event}` (delivery `{name}`)");
        let body = lookup::resolve(&document, &delivery["requestBody"]);
        let (media, content) = lookup::media(body);
        let given = received.header("content-type").unwrap_or_default();
        if !given.starts_with(media) {
            self.fail(format!("{at}: sent as `{given}`, where api.yaml's delivery gives {media}"));
        }
        let payload: Value = serde_json::from_slice(&received.body).unwrap_or(Value::Null);
        let component = self.provider.catalogue.named(event).and_then(|known| known.payload_component());
        let schema = match &component {
            Some(component) => json!({"$ref": format!("#/components/schemas/{component}")}),
            None => content["schema"].clone(),
        };
        if let Err(problems) = validate::validate(&document, &schema, &payload) {
            self.fail(format!(
                "{at}: the payload breaks {} (events.yaml's `{event}`, behaviour.yaml's `envelope`): {problems}",
                component.as_deref().unwrap_or("the delivery's schema")
            ));
        }
        for parameter in delivery["parameters"].as_array().into_iter().flatten() {
            let parameter = lookup::resolve(&document, parameter);
            if parameter["in"] != "header" {
                continue;
            }
            let header = parameter["name"].as_str().unwrap_or_default();
            match received.header(header) {
                None if parameter["required"] == true => self.fail(format!(
                    "{at}: the delivery lacks the header `{header}` that api.yaml's delivery declares required \
                     (signature.yaml or behaviour.yaml's `webhooks.delivery_headers` makes it)"
                )),
                None => {}
                Some(value) => {
                    if let Err(problems) = validate::validate(&document, &parameter["schema"], &json!(value)) {
                        self.fail(format!("{at}: the header `{header}: {value}` breaks api.yaml's delivery: {problems}"));
                    }
                }
            }
        }
        let made = self.made.iter().find(|made| made.url.ends_with(&received.uri));
        let Some(made) = made else {
            self.fail(format!("{at}: delivered to {}, which no webhook of the scenario has", received.uri));
            return;
        };
        let headers: Vec<(&str, &str)> =
            received.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        let signed_always =
            self.provider.table.deliveries.first().is_some_and(|known| known.signed == Signed::Always);
        match &made.secret {
            Some(secret) => {
                if let Err(error) = verify(
                    &self.provider.scheme,
                    secret.as_bytes(),
                    &headers,
                    &received.body,
                    &VerifyOptions::default(),
                ) {
                    self.fail(format!("{at}: the signature does not verify under signature.yaml: {error}"));
                }
            }
            None if signed_always => self.fail(format!(
                "{at}: every delivery is signed (api.yaml), but the webhook has no secret to sign with"
            )),
            None => {}
        }
    }
}
