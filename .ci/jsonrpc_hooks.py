"""schemathesis hooks for a JSON-RPC mock (`.ci/fuzz.py` loads them with SCHEMATHESIS_HOOKS).

JSON-RPC reports every refusal in-band, with HTTP 200 and an `error` member, so the check that
matters is `json_rpc_answer`: every answer is HTTP 200 with one JSON-RPC 2.0 response, a request
the document refuses gets an error and never a result, and every error code is one the API
documents. Each answer is recorded (its error code, or `result`) in the file HOOKSPEC_SEEN, so the
run can say how many calls were made and which codes came back.

With HOOKSPEC_SESSION set, `map_body` puts that session (from the API's `login`) in the session
slot of every call through the wrapper method HOOKSPEC_CALL, so the session path is fuzzed too.
"""

from __future__ import annotations

import json
import os

import schemathesis

SESSION = os.environ.get("HOOKSPEC_SESSION")
CALL = os.environ.get("HOOKSPEC_CALL", "")
CODES = {int(code) for code in os.environ.get("HOOKSPEC_ERROR_CODES", "").split(",") if code}
SEEN = os.environ.get("HOOKSPEC_SEEN")


@schemathesis.hook
def map_body(ctx, body):
    if SESSION and isinstance(body, dict) and body.get("method") == CALL:
        params = body.get("params")
        if isinstance(params, list) and params:
            params[0] = SESSION
    return body


def record(outcome: str) -> None:
    if SEEN:
        with open(SEEN, "a") as seen:
            seen.write(outcome + "\n")


def well_formed(request) -> bool:
    """Whether the request is a JSON-RPC 2.0 request at all: an object with `jsonrpc` "2.0", a
    string `method` and `params` as an array."""
    return (isinstance(request, dict) and request.get("jsonrpc") == "2.0"
            and isinstance(request.get("method"), str) and isinstance(request.get("params"), list))


@schemathesis.check
def json_rpc_answer(ctx, response, case):
    if case.method.upper() != "POST":
        return None  # another method on the endpoint: a plain HTTP refusal, which other checks judge
    assert response.status_code == 200, f"a JSON-RPC answer is HTTP 200, not {response.status_code}"
    try:
        answer = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"the answer is not JSON: {error}") from None
    assert isinstance(answer, dict) and answer.get("jsonrpc") == "2.0", f"not a JSON-RPC 2.0 response: {answer}"
    error = answer.get("error")
    if error is None:
        assert "result" in answer, f"neither a result nor an error: {answer}"
        assert well_formed(case.body), f"a malformed request got a result: {case.body!r} -> {answer}"
        record("result")
        return None
    code = error.get("code") if isinstance(error, dict) else None
    assert isinstance(code, int), f"an error without an integer code: {answer}"
    assert not CODES or code in CODES, f"error code {code} is not one the API documents ({sorted(CODES)})"
    assert "result" not in answer or answer["result"] is None, f"an error beside a result: {answer}"
    record(str(code))
    return None
