"""schemathesis against the mock of every dialect the registry lists (`cargo xtask dialects --json`).

Run by `.ci/run` once the sandbox's release build and schemathesis are installed; alone:
`.ci/tools/schemathesis/bin/python .ci/fuzz.py [DIALECT ...]`. For each dialect it starts
`hookspec-sandbox mock`, runs `st run` against the dialect's `spec/<dialect>/openapi.yaml` at the
mock's base path with the made-up credentials the registry gives, and stops the mock. Every phase
runs; the checks and the answers accepted are `.ci/schemathesis.toml`'s.

A JSON-RPC dialect answers every refusal in-band (HTTP 200 and an `error`), so it is judged by
`.ci/schemathesis-jsonrpc.toml` and the check in `.ci/jsonrpc_hooks.py`: every answer a JSON-RPC
response, an error for every request the document refuses, every error code a documented one. It
is fuzzed twice, once per way to authenticate: HTTP Basic (the session slot as generated, `null`
among others), and a session from `login` put in every call's session slot. The run says how
many calls were made and which codes came back.

Exits 1 when schemathesis finds a problem with any dialect.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".ci" / "tools"
SANDBOX = ROOT / "target" / "release" / "hookspec-sandbox"
ST = TOOLS / "schemathesis" / "bin" / "st"


def dialects() -> list[dict]:
    out = subprocess.run(["cargo", "xtask", "dialects", "--json"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def login(port: int, dialect: dict) -> str:
    """A session from the dialect's login method, with made-up credentials."""
    import urllib.request
    login = dialect["login"]
    request = {"jsonrpc": "2.0", "id": 1, "method": login["method"], "params": ["fuzz"] * (login["params"] or 0)}
    http = urllib.request.Request(f"http://127.0.0.1:{port}{dialect['path']}", data=json.dumps(request).encode(),
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(http, timeout=10) as answer:
        return json.load(answer)["result"]


def schemathesis(dialect: dict, port: int, config: str, headers: list[str], env: dict, label: str) -> int:
    name = dialect["name"]
    arguments = [argument for header in headers for argument in ("-H", header)]
    command = [str(ST), "--config-file", str(config), "run",
               str(ROOT / "spec" / name / "openapi.yaml"),
               "--url", f"http://127.0.0.1:{port}{dialect['base_path']}",
               "--phases", "examples,coverage,fuzzing,stateful",
               "--max-examples", "50", "--seed", "1",
               "--report", "junit", "--report-dir", str(TOOLS / "schemathesis-report" / f"{name}-{label}"), *arguments]
    print(f"\n== schemathesis: {name} ({dialect['protocol']}, {label}) on port {port}", flush=True)
    return subprocess.run(command, cwd=ROOT, env={**os.environ, **env}).returncode


def rest_config(dialect: dict) -> Path:
    """`.ci/schemathesis.toml`, with what one dialect needs beside it:

    - for operations whose parameters exclude each other (a list's two cursors: the registry lists
      them), 400 as an expected answer to valid data: no schema can say that two query parameters
      exclude each other;
    - for a dialect that answers a request without credentials with neither 401 nor 403 (a 404, as
      the provider documents it), no check that it does: schemathesis's `ignored_auth` expects one of
      those two, and the contract test already holds that answer to the document."""
    base = ROOT / ".ci" / "schemathesis.toml"
    exclusive = dialect.get("exclusive") or []
    unauthenticated = dialect.get("unauthenticated", 401)
    if not exclusive and unauthenticated in (401, 403):
        return base
    config = TOOLS / f"schemathesis-{dialect['name']}.toml"
    text = base.read_text()
    if unauthenticated not in (401, 403):
        print(f"{dialect['name']}: a request without credentials gets {unauthenticated}: `ignored_auth` not checked")
        text = text.replace("[phases.coverage.checks]", f"# Without credentials: {unauthenticated}.\n[checks]\n"
                            "ignored_auth.enabled = false\n\n[phases.coverage.checks]", 1)
    if exclusive:
        ids = ", ".join(json.dumps(operation) for operation in exclusive)
        text += ("\n# Parameters that exclude each other, which no schema can state: 400.\n"
                 f"[[operations]]\ninclude-operation-id = [{ids}]\n"
                 'checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]\n')
    config.write_text(text)
    return config


def fuzz(dialect: dict) -> int:
    name = dialect["name"]
    port = free_port()
    log = (TOOLS / f"mock-{name}.log").open("w")
    mock = subprocess.Popen([str(SANDBOX), "mock", "--dialect", name, "--addr", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            if "listening on" in (TOOLS / f"mock-{name}.log").read_text():
                break
            time.sleep(0.1)
        if dialect["protocol"] == "rest":
            return schemathesis(dialect, port, rest_config(dialect), dialect["headers"], {}, "rest")
        seen = TOOLS / f"jsonrpc-{name}.seen"
        seen.unlink(missing_ok=True)
        env = {"SCHEMATHESIS_HOOKS": "jsonrpc_hooks", "PYTHONPATH": str(ROOT / ".ci"), "HOOKSPEC_SEEN": str(seen),
               "HOOKSPEC_CALL": dialect.get("call") or "",
               "HOOKSPEC_ERROR_CODES": ",".join(str(code) for code in dialect["error_codes"])}
        config = ROOT / ".ci" / "schemathesis-jsonrpc.toml"
        failed = schemathesis(dialect, port, config, dialect["headers"], env, "basic")
        if dialect.get("login", {}).get("method"):
            session = {**env, "HOOKSPEC_SESSION": login(port, dialect)}
            failed |= schemathesis(dialect, port, config, [], session, "session")
        outcomes = seen.read_text().split() if seen.exists() else []
        codes = sorted({int(outcome) for outcome in outcomes if outcome != "result"}, reverse=True)
        print(f"{name}: {len(outcomes)} JSON-RPC calls answered, {outcomes.count('result')} with a result; "
              f"error codes seen: {', '.join(map(str, codes)) or 'none'}")
        return failed
    finally:
        mock.terminate()
        mock.wait(timeout=10)


def main(names: list[str]) -> int:
    selected = [dialect for dialect in dialects() if not names or dialect["name"] in names]
    failed = [dialect["name"] for dialect in selected if fuzz(dialect) != 0]
    if failed:
        print(f"schemathesis found problems with: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
