# Verifies a {{ provider }} delivery: {{ format }}
# Python 3.8+, standard library only. `headers` maps the delivery's header names to values, `body`
# is the raw request body (bytes), `secret` the webhook's secret.
import base64
import hashlib
import hmac
import time

HEADERS = {{ headers }}  # each header the signature uses, and its format
SEPARATOR = {{ separator }}  # what joins the parts of a header's value
SIGNED = {{ signed }}  # what the HMAC-SHA256 covers
ENCODING = {{ encoding }}
KEY_PREFIX = {{ key_prefix }}  # None: the secret's bytes are the key; else base64 after it
SEVERAL = {{ several }}  # whether several signatures may come (one must match)
TOLERANCE = {{ tolerance }}  # seconds a signed timestamp may be from now


def verify(headers, body, secret, now=None):
    given = {name.lower(): value for name, value in headers.items()}
    values, signatures = {}, []
    for name, template in HEADERS.items():
        if name.lower() not in given:
            return False
        formats = template.split(SEPARATOR) if SEPARATOR else [template]
        formats.sort(key=lambda form: -len(form.split("{")[0]))  # the longest prefix first
        parts = given[name.lower()].split(SEPARATOR) if SEPARATOR else [given[name.lower()]]
        for part in (part.strip() for part in parts):
            for form in formats:
                prefix, field = form.split("{")[0], form[form.find("{") + 1:-1]
                if part.startswith(prefix):
                    if field == "signature":
                        signatures.append(part[len(prefix):])
                    else:
                        values[field] = part[len(prefix):]
                    break
    if not signatures or (len(signatures) > 1 and not SEVERAL):
        return False
    if "{timestamp}" in SIGNED:
        stamp = values.get("timestamp", "")
        if not stamp.isdigit() or abs((now or time.time()) - int(stamp)) > TOLERANCE:
            return False
    key = secret.encode()
    if KEY_PREFIX is not None:
        key = base64.b64decode(secret[len(KEY_PREFIX):] if secret.startswith(KEY_PREFIX) else secret + "==")
    before, _, after = SIGNED.partition("{body}")
    fill = lambda text: text.replace("{id}", values.get("id", "")).replace("{timestamp}", values.get("timestamp", ""))
    digest = hmac.new(key, fill(before).encode() + body + fill(after).encode(), hashlib.sha256).digest()
    expected = digest.hex() if ENCODING == "hex" else base64.b64encode(digest).decode()
    return any(hmac.compare_digest(expected.lower() if ENCODING == "hex" else expected,
                                   signature.lower() if ENCODING == "hex" else signature)
               for signature in signatures)
