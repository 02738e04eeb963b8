"""Stripe's own verifier, for .ci/signatures.py: stripe-python's `WebhookSignature`.

`sign` makes the `Stripe-Signature` header the way Stripe's SDK does in its own tests
(`WebhookSignature._compute_signature` over `"%d.%s" % (timestamp, payload)`, written
`t=<timestamp>,v1=<signature>`); `verify` is `Webhook.construct_event`, which a receiver calls: it
verifies the header with Stripe's default tolerance, then reads the body as an Event. `SCHEME` is
hookspec's description of the same scheme.
"""

from __future__ import annotations

import json

from stripe import SignatureVerificationError, Webhook, WebhookSignature

SCHEME = "signature.yaml"


def sign(secret: str, payload: str, timestamp: int, message_id: str) -> dict[str, str]:
    signature = WebhookSignature._compute_signature(f"{timestamp}.{payload}", secret)
    return {"Stripe-Signature": f"t={timestamp},{WebhookSignature.EXPECTED_SCHEME}={signature}"}


def verify(secret: str, payload: str, headers: dict[str, str], now: int) -> bool:
    header = next((value for name, value in headers.items() if name.lower() == "stripe-signature"), "")
    try:
        Webhook.construct_event(payload, header, secret)
        return True
    except SignatureVerificationError:
        return False


def secret(rng) -> str:
    """A secret as Stripe shows one: `whsec_` and 32 letters and digits."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "whsec_" + "".join(rng.choice(alphabet) for _ in range(32))


def payload(note: str) -> str:
    """A delivery body `construct_event` reads: an event around a charge that carries `note`."""
    charge = {"id": "ch_1", "object": "charge", "description": note}
    return json.dumps({"id": "evt_1", "object": "event", "type": "charge.succeeded", "data": {"object": charge}},
                      ensure_ascii=False)
