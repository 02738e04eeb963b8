"""The official verifiers judge hookspec's signatures, both ways.

Run by `.ci/run` with the tools it installed under `.ci/tools`; alone:
`.ci/tools/venv/bin/python .ci/signatures.py`. For each scheme and many random bodies, secrets and
ids:

- Standard Webhooks (`--scheme standard-webhooks`) against the `standardwebhooks` package (PyPI):
  what `cargo xtask sign` prints verifies with `Webhook(secret).verify`, and what `Webhook.sign`
  makes verifies with `cargo xtask verify`;
- each provider's own verifier, where its folder has one (`crates/dialects/src/<provider>/verifier/
  verifier.py`, its pins beside it; it gives `SCHEME`, `secret`, `payload`, `sign` and `verify`):
  what `cargo xtask sign --scheme <its signature.yaml>` prints and what the sandbox delivers
  (`cargo xtask deliver`) verify with the provider's `verify`, and what its `sign` makes verifies
  with `cargo xtask verify`.

A tampered body must be refused by both sides. Exits 1 on the first disagreement.
"""

from __future__ import annotations

import base64
import http.server
import importlib.util
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

ROOT = Path(__file__).resolve().parent.parent
CASES = 25


class Disagreement(Exception):
    pass


def xtask(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["cargo", "xtask", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})


def headers_of(output: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in output.splitlines() if ": " in line)


def verify_args(headers: dict[str, str]) -> list[str]:
    return [argument for name, value in headers.items() for argument in ("--header", f"{name}: {value}")]


def body(rng: random.Random) -> str:
    return json.dumps({"id": rng.randrange(10**9), "note": "".join(rng.choice("abcé ✓\"\\") for _ in range(rng.randrange(40)))},
                      ensure_ascii=False)


def standard_webhooks(rng: random.Random, work: Path) -> None:
    for case in range(CASES):
        secret = "whsec_" + base64.b64encode(rng.randbytes(24)).decode()
        payload = body(rng)
        msg_id = f"msg_{rng.randrange(10**12)}"
        now = int(datetime.now(tz=timezone.utc).timestamp())
        file = work / f"sw-{case}.json"
        file.write_text(payload)
        # hookspec signs, the official library verifies.
        signed = xtask("sign", "--scheme", "standard-webhooks", "--secret-env", "S", "--body-file", str(file),
                       "--id", msg_id, "--timestamp", str(now), env={"S": secret})
        if signed.returncode != 0:
            raise Disagreement(f"cargo xtask sign failed: {signed.stderr}")
        headers = headers_of(signed.stdout)
        Webhook(secret).verify(payload, headers)
        try:
            Webhook(secret).verify(payload + " ", headers)
            raise Disagreement("standardwebhooks accepted a tampered body that hookspec signed")
        except WebhookVerificationError:
            pass
        # The official library signs, hookspec verifies.
        signature = Webhook(secret).sign(msg_id, datetime.fromtimestamp(now, tz=timezone.utc), payload)
        theirs = {"webhook-id": msg_id, "webhook-timestamp": str(now), "webhook-signature": signature}
        verified = xtask("verify", "--scheme", "standard-webhooks", "--secret-env", "S", "--body-file", str(file),
                         "--now", str(now), *verify_args(theirs), env={"S": secret})
        if verified.returncode != 0:
            raise Disagreement(f"hookspec refused standardwebhooks' signature {theirs}: {verified.stdout}{verified.stderr}")
        (work / f"sw-{case}-tampered.json").write_text(payload + " ")
        tampered = xtask("verify", "--scheme", "standard-webhooks", "--secret-env", "S", "--body-file",
                         str(work / f"sw-{case}-tampered.json"), "--now", str(now), *verify_args(theirs), env={"S": secret})
        if tampered.returncode != 1:
            raise Disagreement(f"hookspec accepted a tampered body: {tampered.stdout}")
    print(f"Standard Webhooks: {CASES} cases agree with standardwebhooks, both ways")


def providers(rng: random.Random, work: Path) -> None:
    sys.dont_write_bytecode = True  # leave no __pycache__ in a provider's folder
    for path in sorted((ROOT / "crates" / "dialects" / "src").glob("*/verifier/verifier.py")):
        spec = importlib.util.spec_from_file_location(f"verifier_{path.parent.parent.name}", path)
        official = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(official)
        scheme = str(path.parent.parent / official.SCHEME)
        name = path.parent.parent.name
        for case in range(CASES):
            secret = official.secret(rng)
            payload = official.payload(body(rng))
            now = int(datetime.now(tz=timezone.utc).timestamp())
            msg_id = f"msg_{rng.randrange(10**12)}"
            file = work / f"{name}-{case}.json"
            file.write_text(payload)
            signed = xtask("sign", "--scheme", scheme, "--secret-env", "S", "--body-file", str(file),
                           "--id", msg_id, "--timestamp", str(now), env={"S": secret})
            if signed.returncode != 0:
                raise Disagreement(f"cargo xtask sign failed: {signed.stderr}")
            ours = headers_of(signed.stdout)
            if not official.verify(secret, payload, ours, now):
                raise Disagreement(f"{name}'s verifier refused hookspec's {ours}")
            if official.verify(secret, payload + " ", ours, now):
                raise Disagreement(f"{name}'s verifier accepted a tampered body that hookspec signed")
            theirs = official.sign(secret, payload, now, msg_id)
            verified = xtask("verify", "--scheme", scheme, "--secret-env", "S", "--body-file", str(file),
                             "--now", str(now), *verify_args(theirs), env={"S": secret})
            if verified.returncode != 0:
                raise Disagreement(f"hookspec refused {name}'s {theirs}: {verified.stdout}{verified.stderr}")
            (work / f"{name}-{case}-tampered.json").write_text(payload + " ")
            tampered = xtask("verify", "--scheme", scheme, "--secret-env", "S", "--body-file",
                             str(work / f"{name}-{case}-tampered.json"), "--now", str(now), *verify_args(theirs),
                             env={"S": secret})
            if tampered.returncode != 1:
                raise Disagreement(f"hookspec accepted a tampered body under {name}'s scheme: {tampered.stdout}")
        # What the sandbox delivers (`cargo xtask deliver`, the mock's signing and posting) verifies too.
        for case in range(3):
            secret = official.secret(rng)
            payload = official.payload(body(rng))
            file = work / f"{name}-delivered-{case}.json"
            file.write_text(payload)
            received = receive_one(lambda url: xtask("deliver", "--dialect", name.replace("_", "-"), "--to", url,
                                                     "--secret-env", "S", "--body-file", str(file), env={"S": secret}))
            now = int(datetime.now(tz=timezone.utc).timestamp())
            if received["body"] != payload or not official.verify(secret, payload, received["headers"], now):
                raise Disagreement(f"{name}'s verifier refused the sandbox's delivery {received}")
        print(f"{name}: {CASES} cases agree with the provider's own verifier, both ways, and so do 3 sandbox deliveries")


def receive_one(send) -> dict:
    """Runs `send(url)` against a local receiver; the one request it got: headers and body."""
    got: dict = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            got["headers"] = dict(self.headers.items())
            got["body"] = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    with http.server.HTTPServer(("127.0.0.1", 0), Handler) as server:
        thread = threading.Thread(target=server.handle_request)
        thread.start()
        result = send(f"http://127.0.0.1:{server.server_address[1]}/hooks")
        thread.join(timeout=60)
    if result.returncode != 0 or "body" not in got:
        raise Disagreement(f"cargo xtask deliver failed: {result.stdout}{result.stderr}")
    return got


def main() -> int:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory(prefix="hookspec-signatures-") as work:
        try:
            standard_webhooks(rng, Path(work))
            providers(rng, Path(work))
        except (Disagreement, WebhookVerificationError) as problem:
            print(f"signatures disagree: {problem!r}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
