// Verifies a {{ provider }} delivery: {{ format }}
// Node.js 18+, no package. `headers` maps the delivery's header names to values, `body` is the
// raw request body (a Buffer), `secret` the webhook's secret.
const crypto = require("node:crypto");

const HEADERS = {{ headers }}; // each header the signature uses, and its format
const SEPARATOR = {{ separator }}; // what joins the parts of a header's value
const SIGNED = {{ signed }}; // what the HMAC-SHA256 covers
const ENCODING = {{ encoding }};
const KEY_PREFIX = {{ key_prefix }}; // null: the secret's bytes are the key; else base64 after it
const SEVERAL = {{ several }}; // whether several signatures may come (one must match)
const TOLERANCE = {{ tolerance }}; // seconds a signed timestamp may be from now

function verify(headers, body, secret, now = Date.now() / 1000) {
  const given = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const values = {};
  const signatures = [];
  for (const [name, template] of Object.entries(HEADERS)) {
    const value = given[name.toLowerCase()];
    if (value === undefined) return false;
    const formats = (SEPARATOR ? template.split(SEPARATOR) : [template])
      .sort((a, b) => b.split("{")[0].length - a.split("{")[0].length); // the longest prefix first
    for (const part of (SEPARATOR ? value.split(SEPARATOR) : [value]).map((part) => part.trim())) {
      const form = formats.find((form) => part.startsWith(form.split("{")[0]));
      if (form === undefined) continue;
      const prefix = form.split("{")[0];
      const field = form.slice(form.indexOf("{") + 1, -1);
      if (field === "signature") signatures.push(part.slice(prefix.length));
      else values[field] = part.slice(prefix.length);
    }
  }
  if (signatures.length === 0 || (signatures.length > 1 && !SEVERAL)) return false;
  if (SIGNED.includes("{timestamp}")) {
    const stamp = values.timestamp || "";
    if (!/^[0-9]+$/.test(stamp) || Math.abs(now - Number(stamp)) > TOLERANCE) return false;
  }
  let key = Buffer.from(secret, "utf8");
  if (KEY_PREFIX !== null) key = Buffer.from(secret.startsWith(KEY_PREFIX) ? secret.slice(KEY_PREFIX.length) : secret, "base64");
  const [before, after] = SIGNED.split("{body}");
  const fill = (text) => text.replace("{id}", values.id || "").replace("{timestamp}", values.timestamp || "");
  const digest = crypto.createHmac("sha256", key)
    .update(Buffer.concat([Buffer.from(fill(before)), body, Buffer.from(fill(after || ""))])).digest();
  const expected = ENCODING === "hex" ? digest.toString("hex") : digest.toString("base64");
  return signatures.some((signature) => {
    const theirs = Buffer.from(ENCODING === "hex" ? signature.toLowerCase() : signature);
    return theirs.length === expected.length && crypto.timingSafeEqual(theirs, Buffer.from(expected));
  });
}

module.exports = { verify };
