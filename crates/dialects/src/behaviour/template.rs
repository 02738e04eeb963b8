//! Templates: a header or field value the sandbox makes, as text with slots (`{event}`,
//! `{field:authorizationHeader}`, `{header:Idempotency-Key|uuid4}`: the first alternative that
//! has a value).

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

/// A value made from what is at hand: literal text and `{slot}`s, a slot being one or more
/// alternatives separated by `|`, the first that has a value taken. Each place a template is
/// written allows some of the slots ([`Slot`]); a slot it does not allow fails at load.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String")]
#[schemars(with = "String")]
pub struct Template {
    text: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Slot(Vec<Slot>),
}

/// What a slot stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The event delivered.
    Event,
    /// The delivery's identifier, the same on every retry and redelivery.
    Delivery,
    /// The webhook's identifier.
    Webhook,
    /// When the attempt is sent, in unix seconds.
    Timestamp,
    /// A fresh UUID, version 4.
    Uuid4,
    /// The value of this field of the webhook (text or a number).
    Field(String),
    /// The value of this header of the request.
    Header(String),
    /// The base URL the client addressed: its origin and the server's path.
    Base,
    /// The value of this path parameter of the request.
    Param(String),
    /// The path of the collection the webhook is in, under the server's path: the request's path
    /// up to the segment of the webhook's id (the create's whole path).
    Collection,
    /// A delivery record's own identifier: an integer, a new one for every attempt (a retry and a
    /// redelivery too).
    AttemptId,
    /// When the attempt was sent (RFC 3339, seconds, UTC).
    DeliveredAt,
    /// Whether the attempt repeats an earlier one of its delivery (a retry or a redelivery).
    Redelivery,
    /// How long the receiver took to answer, in seconds (a number).
    Duration,
    /// The receiver's HTTP status; 0 when it did not answer.
    StatusCode,
    /// The attempt's outcome in words: `OK` for a 2xx answer, else the status's reason phrase, or
    /// why no answer came.
    Status,
    /// The URL the attempt was posted to.
    Url,
    /// The headers sent, as an object.
    RequestHeaders,
    /// The JSON payload delivered (before any form encoding), or the member this JSON pointer
    /// names in it (`{payload:/action}`; null when it has none).
    Payload(String),
    /// The headers of the receiver's answer, as an object; null when it did not answer.
    ResponseHeaders,
    /// The body of the receiver's answer, as text; null when it did not answer.
    ResponseBody,
}

/// The slots written as a name alone, and what each stands for.
fn named() -> [(&'static str, Slot); 17] {
    [
        ("event", Slot::Event),
        ("delivery", Slot::Delivery),
        ("webhook", Slot::Webhook),
        ("timestamp", Slot::Timestamp),
        ("uuid4", Slot::Uuid4),
        ("base", Slot::Base),
        ("collection", Slot::Collection),
        ("attempt_id", Slot::AttemptId),
        ("delivered_at", Slot::DeliveredAt),
        ("redelivery", Slot::Redelivery),
        ("duration", Slot::Duration),
        ("status_code", Slot::StatusCode),
        ("status", Slot::Status),
        ("url", Slot::Url),
        ("request_headers", Slot::RequestHeaders),
        ("response_headers", Slot::ResponseHeaders),
        ("response_body", Slot::ResponseBody),
    ]
}

impl Slot {
    fn parse(text: &str) -> Result<Slot, String> {
        if let Some((_, slot)) = named().into_iter().find(|(name, _)| *name == text) {
            return Ok(slot);
        }
        Ok(match text.split_once(':') {
            None if text == "payload" => Slot::Payload(String::new()),
            Some(("payload", pointer)) if pointer.starts_with('/') => Slot::Payload(pointer.to_owned()),
            Some(("field", name)) if !name.is_empty() => Slot::Field(name.to_owned()),
            Some(("header", name)) if !name.is_empty() => Slot::Header(name.to_owned()),
            Some(("param", name)) if !name.is_empty() => Slot::Param(name.to_owned()),
            _ => {
                let names: Vec<String> = named().iter().map(|(name, _)| format!("{{{name}}}")).collect();
                return Err(format!(
                    "`{{{text}}}` is not a slot: the slots are {}, {{payload}}, {{payload:/POINTER}}, \
                     {{field:NAME}}, {{header:NAME}} and {{param:NAME}}",
                    names.join(", ")
                ));
            }
        })
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Field(name) => write!(f, "{{field:{name}}}"),
            Slot::Header(name) => write!(f, "{{header:{name}}}"),
            Slot::Param(name) => write!(f, "{{param:{name}}}"),
            Slot::Payload(pointer) if pointer.is_empty() => f.write_str("{payload}"),
            Slot::Payload(pointer) => write!(f, "{{payload:{pointer}}}"),
            simple => {
                let name = named().into_iter().find(|(_, slot)| slot == simple).map(|(name, _)| name);
                write!(f, "{{{}}}", name.unwrap_or_default())
            }
        }
    }
}

impl TryFrom<String> for Template {
    type Error = String;

    fn try_from(text: String) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').ok_or_else(|| format!("`{text}`: a `{{` is not closed"))?;
            let inside = &rest[open + 1..open + close];
            parts.push(Part::Slot(inside.split('|').map(Slot::parse).collect::<Result<_, _>>()?));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(Template { text, parts })
    }
}

impl Template {
    /// The template as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every slot it uses, alternatives included.
    pub fn slots(&self) -> impl Iterator<Item = &Slot> {
        self.parts.iter().flat_map(|part| match part {
            Part::Slot(choices) => choices.as_slice(),
            Part::Text(_) => &[],
        })
    }

    /// The text with each slot filled by `value`; `None` when a slot has no alternative with a value.
    pub fn fill(&self, value: impl Fn(&Slot) -> Option<String>) -> Option<String> {
        let mut filled = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => filled.push_str(text),
                Part::Slot(choices) => filled.push_str(&choices.iter().find_map(&value)?),
            }
        }
        Some(filled)
    }

    /// The template as a JSON value, each slot's value given by `value`: a template that is
    /// exactly one slot is that slot's value with its type (a number, a boolean, an object, null);
    /// any other is text, each slot's value written in it (a string as it is, anything else as
    /// JSON), and null when a slot has no alternative with a value.
    pub fn value(&self, value: impl Fn(&Slot) -> Option<Value>) -> Value {
        if let [Part::Slot(choices)] = self.parts.as_slice() {
            return choices.iter().find_map(&value).unwrap_or(Value::Null);
        }
        let text = |slot: &Slot| match value(slot)? {
            Value::Null => None,
            Value::String(text) => Some(text),
            other => Some(other.to_string()),
        };
        self.fill(text).map_or(Value::Null, Value::String)
    }
}

/// A JSON value made from what is at hand: its strings are [`Template`]s, filled as
/// [`Template::value`] says (a string that is exactly one slot takes the slot's value with its
/// type); every other value is itself.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "Value")]
#[schemars(with = "Value")]
pub struct Shape(Node);

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Template(Template),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
    Literal(Value),
}

impl TryFrom<Value> for Shape {
    type Error = String;

    fn try_from(value: Value) -> Result<Shape, String> {
        fn node(value: Value) -> Result<Node, String> {
            Ok(match value {
                Value::String(text) => Node::Template(Template::try_from(text)?),
                Value::Array(items) => Node::Array(items.into_iter().map(node).collect::<Result<_, _>>()?),
                Value::Object(members) => Node::Object(
                    members
                        .into_iter()
                        .map(|(key, value)| Ok((key, node(value)?)))
                        .collect::<Result<_, String>>()?,
                ),
                other => Node::Literal(other),
            })
        }
        node(value).map(Shape)
    }
}

impl Shape {
    /// Every template in it, with the names of the members on the way to it (for messages).
    pub fn templates(&self) -> Vec<(Vec<&str>, &Template)> {
        fn visit<'a>(node: &'a Node, path: &mut Vec<&'a str>, found: &mut Vec<(Vec<&'a str>, &'a Template)>) {
            match node {
                Node::Template(template) => found.push((path.clone(), template)),
                Node::Array(items) => items.iter().for_each(|item| visit(item, path, found)),
                Node::Object(members) => {
                    for (key, member) in members {
                        path.push(key);
                        visit(member, path, found);
                        path.pop();
                    }
                }
                Node::Literal(_) => {}
            }
        }
        let mut found = Vec::new();
        visit(&self.0, &mut Vec::new(), &mut found);
        found
    }

    /// The value, each slot's value given by `value`.
    pub fn fill(&self, value: &impl Fn(&Slot) -> Option<Value>) -> Value {
        fn fill(node: &Node, value: &impl Fn(&Slot) -> Option<Value>) -> Value {
            match node {
                Node::Template(template) => template.value(value),
                Node::Array(items) => Value::Array(items.iter().map(|item| fill(item, value)).collect()),
                Node::Object(members) => Value::Object(
                    members.iter().map(|(key, member)| (key.clone(), fill(member, value))).collect(),
                ),
                Node::Literal(literal) => literal.clone(),
            }
        }
        fill(&self.0, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_by_the_first_alternative_with_a_value() {
        let template = Template::try_from("t={timestamp},id={header:Idempotency-Key|uuid4}".to_owned())
            .expect("a template");
        let filled = template.fill(|slot| match slot {
            Slot::Timestamp => Some("1".into()),
            Slot::Uuid4 => Some("u".into()),
            _ => None,
        });
        assert_eq!(filled.as_deref(), Some("t=1,id=u"));
        assert_eq!(template.fill(|_| None), None);
        let unknown = Template::try_from("{evnt}".to_owned()).expect_err("no such slot");
        assert!(unknown.contains("`{evnt}` is not a slot"), "{unknown}");
    }

    #[test]
    fn a_template_of_one_slot_keeps_its_value_s_type() {
        let value = |slot: &Slot| match slot {
            Slot::StatusCode => Some(Value::from(200)),
            Slot::Payload(pointer) if pointer == "/action" => Some(Value::Null),
            _ => None,
        };
        let parse = |text: &str| Template::try_from(text.to_owned()).expect("a template");
        assert_eq!(parse("{status_code}").value(value), Value::from(200));
        assert_eq!(parse("HTTP {status_code}").value(value), Value::from("HTTP 200"));
        assert_eq!(parse("{payload:/action}").value(value), Value::Null);
        assert_eq!(parse("a {payload:/action}").value(value), Value::Null);
        for slot in ["{payload}", "{payload:/a/b}", "{attempt_id}", "{collection}", "{response_body}"] {
            assert_eq!(parse(slot).slots().map(ToString::to_string).collect::<Vec<_>>(), [slot]);
        }
        let wrong = Template::try_from("{payload:action}".to_owned()).expect_err("not a pointer");
        assert!(wrong.contains("{payload:/POINTER}"), "{wrong}");
    }
}
