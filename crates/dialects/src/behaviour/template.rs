//! Templates: a header or field value the sandbox makes, as text with slots (`{event}`,
//! `{field:authorizationHeader}`, `{header:Idempotency-Key|uuid4}`: the first alternative that
//! has a value).

use std::fmt;

use serde::Deserialize;

/// A value made from what is at hand: literal text and `{slot}`s, a slot being one or more
/// alternatives separated by `|`, the first that has a value taken.
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
    /// The delivery's identifier, the same on every retry.
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
}

impl Slot {
    fn parse(text: &str) -> Result<Slot, String> {
        Ok(match text.split_once(':') {
            None => match text {
                "event" => Slot::Event,
                "delivery" => Slot::Delivery,
                "webhook" => Slot::Webhook,
                "timestamp" => Slot::Timestamp,
                "uuid4" => Slot::Uuid4,
                "base" => Slot::Base,
                other => {
                    return Err(format!(
                        "`{{{other}}}` is not a slot: the slots are {{event}}, {{delivery}}, {{webhook}}, \
                         {{timestamp}}, {{uuid4}}, {{base}}, {{field:NAME}}, {{header:NAME}} and {{param:NAME}}"
                    ));
                }
            },
            Some(("field", name)) if !name.is_empty() => Slot::Field(name.to_owned()),
            Some(("header", name)) if !name.is_empty() => Slot::Header(name.to_owned()),
            Some(("param", name)) if !name.is_empty() => Slot::Param(name.to_owned()),
            Some(_) => {
                return Err(format!(
                    "`{{{text}}}` is not a slot: write {{field:NAME}}, {{header:NAME}} or {{param:NAME}}"
                ));
            }
        })
    }
}

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Event => f.write_str("{event}"),
            Slot::Delivery => f.write_str("{delivery}"),
            Slot::Webhook => f.write_str("{webhook}"),
            Slot::Timestamp => f.write_str("{timestamp}"),
            Slot::Uuid4 => f.write_str("{uuid4}"),
            Slot::Field(name) => write!(f, "{{field:{name}}}"),
            Slot::Header(name) => write!(f, "{{header:{name}}}"),
            Slot::Base => f.write_str("{base}"),
            Slot::Param(name) => write!(f, "{{param:{name}}}"),
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
}
