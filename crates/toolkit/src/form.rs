//! Form data (`application/x-www-form-urlencoded` bodies, and query strings) read into the JSON
//! value a schema describes, the way form-encoding APIs and their SDKs write it: `a=1` is a
//! member; `a[]=x`, `a[0]=x` and a repeated `a=x` are items of an array `a`; `a[k]=v` is a member
//! of an object `a`, and brackets nest (`a[k][]=x`). Each scalar takes the type the schema gives
//! its place (a boolean from `true` or `false`, a number from its digits), else stays text, which
//! the schema then judges.

use serde_json::{Map, Value};

use crate::lookup;

/// Decodes the `pairs` of a form (names and values already percent-decoded) into an object, as
/// `schema` (of `document`) describes it. Fails, naming the key, for a key whose brackets are not
/// closed or that uses one place both as a value and as an array or object.
pub fn decode(document: &Value, schema: &Value, pairs: &[(String, String)]) -> Result<Value, String> {
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let path = segments(key).ok_or_else(|| format!("`{key}`: a bracket is not closed"))?;
        insert(document, schema, &mut root, &path, value).map_err(|problem| format!("`{key}`: {problem}"))?;
    }
    Ok(root)
}

/// `a[b][]` as `["a", "b", ""]`; `None` when a bracket is not closed.
fn segments(key: &str) -> Option<Vec<String>> {
    let (name, mut rest) = match key.find('[') {
        Some(open) => (&key[..open], &key[open..]),
        None => (key, ""),
    };
    let mut path = vec![name.to_owned()];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        path.push(inner[..close].to_owned());
        rest = &inner[close + 1..];
    }
    Some(path)
}

/// Puts `value` at `path` under `node`, whose schema is `schema`.
fn insert(
    document: &Value,
    schema: &Value,
    node: &mut Value,
    path: &[String],
    value: &str,
) -> Result<(), String> {
    let Some((segment, rest)) = path.split_first() else { return Ok(()) };
    let Value::Object(members) = node else { return Err("a value and an object at one place".into()) };
    let member = member_schema(document, schema, segment);
    let array = is_array(document, &member);
    let slot = members.entry(segment.clone()).or_insert_with(|| {
        if array {
            Value::Array(Vec::new())
        } else if rest.is_empty() {
            Value::Null
        } else {
            Value::Object(Map::new())
        }
    });
    if array {
        let Value::Array(items) = slot else { return Err("a value and an array at one place".into()) };
        let items_schema = items_schema(document, &member);
        match rest.split_first() {
            // `a=x` repeated, or `a[]=x`, or `a[0]=x`: the next item.
            None => items.push(scalar(document, &items_schema, value)),
            Some((index, deeper)) if index.is_empty() || index.bytes().all(|byte| byte.is_ascii_digit()) => {
                if deeper.is_empty() {
                    items.push(scalar(document, &items_schema, value));
                } else {
                    // `a[0][k]=v`: a member of the item at that position (a new item when it is one past the end).
                    let position = index.parse::<usize>().unwrap_or(items.len().saturating_sub(1));
                    if position >= items.len() {
                        items.push(Value::Object(Map::new()));
                    }
                    let last = items.len() - 1;
                    insert(document, &items_schema, &mut items[position.min(last)], deeper, value)?;
                }
            }
            Some(_) => return Err("an array takes `[]` or a position in brackets".into()),
        }
        return Ok(());
    }
    if rest.is_empty() {
        if !slot.is_null() {
            return Err("given twice".into());
        }
        *slot = scalar(document, &member, value);
        return Ok(());
    }
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    insert(document, &member, slot, rest, value)
}

/// The schema of the member `name` of an object schema: its property, else its additional
/// properties' schema, else any value.
fn member_schema(document: &Value, schema: &Value, name: &str) -> Value {
    for branch in branches(document, schema) {
        if let Some(property) = branch.get("properties").and_then(|properties| properties.get(name)) {
            return property.clone();
        }
        if let Some(additional) =
            branch.get("additionalProperties").filter(|additional| additional.is_object())
        {
            return additional.clone();
        }
    }
    Value::Bool(true)
}

/// Whether a schema, or any of its branches, describes an array.
fn is_array(document: &Value, schema: &Value) -> bool {
    branches(document, schema).iter().any(|branch| types(branch).contains(&"array"))
}

/// The items' schema of an array schema (or of its array branch).
fn items_schema(document: &Value, schema: &Value) -> Value {
    branches(document, schema)
        .into_iter()
        .find_map(|branch| branch.get("items").cloned())
        .unwrap_or(Value::Bool(true))
}

/// `text` as the scalar the schema describes: a boolean or number where the schema allows one
/// and the text is one, the text otherwise.
fn scalar(document: &Value, schema: &Value, text: &str) -> Value {
    let allowed: Vec<&str> = branches(document, schema).iter().flat_map(|branch| types(branch)).collect();
    if allowed.contains(&"boolean") && (text == "true" || text == "false") {
        return Value::Bool(text == "true");
    }
    let digits = !text.is_empty() && text.trim_start_matches('-').bytes().all(|byte| byte.is_ascii_digit());
    if ((allowed.contains(&"integer") && digits) || allowed.contains(&"number"))
        && let Ok(number) = text.parse::<serde_json::Number>()
    {
        return Value::Number(number);
    }
    Value::String(text.to_owned())
}

/// The schema itself, resolved, and each branch of its `anyOf`/`oneOf`/`allOf`, resolved.
fn branches<'a>(document: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let schema = lookup::resolve(document, schema);
    let mut found = vec![schema];
    for keyword in ["anyOf", "oneOf", "allOf"] {
        for branch in schema.get(keyword).and_then(Value::as_array).into_iter().flatten() {
            found.extend(branches(document, branch));
        }
    }
    found
}

/// The JSON types a schema names.
fn types(schema: &Value) -> Vec<&str> {
    match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        text.split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(key, value)| (key.to_owned(), value.to_owned()))
            .collect()
    }

    #[test]
    fn each_way_sdks_write_an_array_and_an_object_reads_the_same() {
        let schema = json!({"type": "object", "properties": {
            "url": {"type": "string"},
            "enabled_events": {"type": "array", "items": {"type": "string"}},
            "disabled": {"type": "boolean"},
            "limit": {"type": "integer"},
            "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "string"}]}
        }});
        let expected = json!({"url": "https://e.x/h", "enabled_events": ["a", "b"], "disabled": true, "limit": 7,
                              "metadata": {"k": "v", "n": "1"}});
        for form in [
            "url=https://e.x/h&enabled_events[]=a&enabled_events[]=b&disabled=true&limit=7&metadata[k]=v&metadata[n]=1",
            "url=https://e.x/h&enabled_events[0]=a&enabled_events[1]=b&disabled=true&limit=7&metadata[k]=v&metadata[n]=1",
            "url=https://e.x/h&enabled_events=a&enabled_events=b&disabled=true&limit=7&metadata[k]=v&metadata[n]=1",
        ] {
            assert_eq!(decode(&Value::Null, &schema, &pairs(form)), Ok(expected.clone()), "{form}");
        }
        // Text the schema does not type stays text; the schema judges it.
        assert_eq!(
            decode(&Value::Null, &schema, &pairs("disabled=yes&limit=x")),
            Ok(json!({"disabled": "yes", "limit": "x"}))
        );
        assert!(decode(&Value::Null, &schema, &pairs("metadata[k=v")).is_err(), "an unclosed bracket");
        assert!(decode(&Value::Null, &schema, &pairs("url=a&url=b")).is_err(), "a value given twice");
        assert!(decode(&Value::Null, &schema, &pairs("url=a&url[k]=b")).is_err(), "a value and an object");
    }
}
