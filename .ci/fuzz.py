"""schemathesis against the mock of every dialect the registry lists (`cargo xtask dialects --json`).

Run by `.ci/run` once the sandbox's release build and schemathesis are installed; alone:
`.ci/tools/schemathesis/bin/python .ci/fuzz.py [DIALECT ...]`. For each dialect it starts
`hookspec-sandbox mock`, runs `st run` against the dialect's `spec/<dialect>/openapi.yaml` at the
mock's base path with the made-up credentials the registry gives, and stops the mock. A REST
dialect is fuzzed in every phase; the checks and the answers accepted are `.ci/schemathesis.toml`'s.
Exits 1 when schemathesis finds a problem with any dialect.
"""

from __future__ import annotations

import json
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
        headers = [argument for header in dialect["headers"] for argument in ("-H", header)]
        command = [str(ST), "--config-file", str(ROOT / ".ci" / "schemathesis.toml"), "run",
                   str(ROOT / "spec" / name / "openapi.yaml"),
                   "--url", f"http://127.0.0.1:{port}{dialect['base_path']}",
                   "--phases", "examples,coverage,fuzzing,stateful",
                   "--max-examples", "50", "--seed", "1",
                   "--report", "junit", "--report-dir", str(TOOLS / "schemathesis-report" / name), *headers]
        print(f"\n== schemathesis: {name} ({dialect['protocol']}) on port {port}", flush=True)
        return subprocess.run(command, cwd=ROOT).returncode
    finally:
        mock.terminate()
        mock.wait(timeout=10)


def main(names: list[str]) -> int:
    selected = [dialect for dialect in dialects() if not names or dialect["name"] in names]
    failed = [dialect["name"] for dialect in selected if dialect["protocol"] == "rest" and fuzz(dialect) != 0]
    if failed:
        print(f"schemathesis found problems with: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
