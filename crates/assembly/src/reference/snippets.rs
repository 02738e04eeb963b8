//! Receiver code that verifies a delivery, in Python and in JavaScript: the same generic reading
//! of a scheme as `hookspec-signature`'s, with the scheme's data as constants. CI runs both
//! against deliveries `cargo xtask sign` signs (`.ci/reference.py`).

use hookspec_signature::{Encoding, Key, Scheme};
use minijinja::{Environment, context};
use serde_json::Value;

const PYTHON: &str = include_str!("verify.py");
const JAVASCRIPT: &str = include_str!("verify.js");

/// The Python receiver for `scheme`.
pub fn python(provider: &str, scheme: &Scheme) -> String {
    code(PYTHON, provider, scheme, ("None", "True", "False"))
}

/// The JavaScript (Node.js) receiver for `scheme`.
pub fn javascript(provider: &str, scheme: &Scheme) -> String {
    code(JAVASCRIPT, provider, scheme, ("null", "true", "false"))
}

/// `template` with the scheme's data; `(null, true, false)` are how the language writes them.
fn code(template: &str, provider: &str, scheme: &Scheme, (null, yes, no): (&str, &str, &str)) -> String {
    let literal = |value: Value| serde_json::to_string(&value).unwrap_or_default();
    let text = |text: Option<&str>| text.map_or_else(|| null.to_owned(), |text| literal(Value::from(text)));
    let (header, template_of) = scheme.signature_header();
    let tolerance = scheme.tolerance_seconds.unwrap_or(hookspec_signature::DEFAULT_TOLERANCE.as_secs());
    let key_prefix = match &scheme.key {
        Key::Secret => None,
        Key::Base64 { prefix } => Some(prefix.as_str()),
    };
    let mut environment = Environment::new();
    // Code, not markup: nothing is escaped.
    environment.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    let rendered = environment.render_str(
        template,
        context! {
            provider => provider,
            format => format!("`{header}: {}`", scheme.shown(template_of)),
            headers => literal(serde_json::json!(scheme.headers)),
            separator => text(scheme.separator.as_deref()),
            signed => literal(Value::from(scheme.signed.as_str())),
            encoding => literal(Value::from(match scheme.encoding { Encoding::Hex => "hex", Encoding::Base64 => "base64" })),
            key_prefix => text(key_prefix),
            several => if scheme.several { yes } else { no },
            tolerance => tolerance,
        },
    );
    rendered.unwrap_or_else(|error| format!("# cannot render the receiver: {error}"))
}
