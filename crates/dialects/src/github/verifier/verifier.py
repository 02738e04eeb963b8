"""GitHub's own verifier, for .ci/signatures.py: `@octokit/webhooks-methods` (npm, pinned in
.ci/package.json), the methods GitHub's Octokit receivers call.

`sign` is the package's `sign(secret, payload)`, which makes the `X-Hub-Signature-256` value
(`sha256=<hex>`); `verify` is its `verify(secret, payload, signature)`. `SCHEME` is hookspec's
description of the same scheme.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

SCHEME = "signature.yaml"
NODE_MODULES = Path(__file__).resolve().parents[5] / ".ci" / "tools" / "npm" / "node_modules"
SCRIPT = """
import { sign, verify } from "@octokit/webhooks-methods";
const input = JSON.parse(await new Promise(r => { let s = ""; process.stdin.on("data", d => s += d); process.stdin.on("end", () => r(s)); }));
const out = input.action === "sign" ? await sign(input.secret, input.payload) : String(await verify(input.secret, input.payload, input.signature));
process.stdout.write(out);
"""


def octokit(action: str, secret: str, payload: str, signature: str = "") -> str:
    result = subprocess.run(["node", "--input-type=module", "-e", SCRIPT], cwd=NODE_MODULES.parent,
                            input=json.dumps({"action": action, "secret": secret, "payload": payload,
                                              "signature": signature}),
                            capture_output=True, text=True, env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
    if result.returncode != 0:
        raise RuntimeError(f"@octokit/webhooks-methods failed: {result.stderr}")
    return result.stdout


def sign(secret: str, payload: str, timestamp: int, message_id: str) -> dict[str, str]:
    return {"X-Hub-Signature-256": octokit("sign", secret, payload)}


def verify(secret: str, payload: str, headers: dict[str, str], now: int) -> bool:
    header = next((value for name, value in headers.items() if name.lower() == "x-hub-signature-256"), "")
    return bool(header) and octokit("verify", secret, payload, header) == "true"


def secret(rng) -> str:
    """A secret as a webhook's `config.secret` takes it: any string; here 24 random letters and digits."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "".join(rng.choice(alphabet) for _ in range(24))


def payload(note: str) -> str:
    """A delivery body: the `ping` event's shape, around `note`."""
    return json.dumps({"zen": note, "hook_id": 1}, ensure_ascii=False)
