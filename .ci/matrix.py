"""The tool matrix: every published OpenAPI document through the tools client teams use.

Run by `.ci/run` with the tools it installed under `.ci/tools`; run it alone as
`.ci/tools/venv/bin/python .ci/matrix.py [DOCUMENT ...]` once they are there. For each document:

- Spectral (`spectral:oas`, `.ci/spectral.yaml`): no error.
- openapi-generator `python`, `typescript-fetch`, `rust`: generate, then install and import the
  Python package, `tsc --strict` the TypeScript, `cargo check` the crate.
- openapi-python-client: generate (warnings fail), install, import.
- openapi-typescript: generate the types, `tsc --strict` them.
- Prism (`prism mock`): every documented request example is accepted (a form body the provider
  shows no example of: the least one its schema accepts); the same JSON request with any one member
  retyped, and a malformed request to every operation (a string for a JSON body, a form without
  its required members, a missing required header, or no credentials), are refused with 4XX.
  Prism does not refuse a form that lacks one required member (see `prism`), so a form is not
  held to that.

A cell a dialect's `api.yaml` declares `unsupported` (the tool's own limit, with its version and
upstream issue) is not run; the table shows it as `unsupported` and the reason is printed.

For each OpenRPC document (`spec/*/openrpc.json`):

- `@open-rpc/generator` `typescript` client: its own dependencies installed (`npm install`), then
  `tsc --strict` (the pinned TypeScript: the one the generated package names, 4.2, cannot parse the
  current `@types/*` it pulls in, which are not pinned);
- `@open-rpc/generator` `rust` client: `cargo check` with its own dependencies;
- the OpenRPC meta-schema of the pinned tool: `validateOpenRPCDocument` of the
  `@open-rpc/schema-utils-js` the generated client installs.

Deliveries (`webhooks` in 3.1, `x-webhooks` in 3.0) are in every document handed to the
generators; what they make of them must compile like the rest. Prints a table of the results
(kept in `.ci/tools/matrix.md`) and exits 1 when any cell fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / ".ci" / "tools"
BIN = TOOLS / "npm" / "node_modules" / ".bin"
VENV = TOOLS / "venv" / "bin"
CARGO_TARGET = TOOLS / "cargo-target"  # shared by every generated crate, so reqwest builds once

TSC = [str(BIN / "tsc"), "--strict", "--noEmit", "--skipLibCheck", "--target", "ES2020",
       "--module", "ES2020", "--moduleResolution", "bundler", "--lib", "ES2020,DOM"]


class Failed(Exception):
    """A tool refused the document, or what it generated does not work."""


def run(command: list[str], cwd: Path | None = None, env: dict | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})},
                            capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-25:])
        raise Failed(f"`{' '.join(command[:3])} ...` exited {result.returncode}:\n{tail}")
    return output


def slug(document: Path) -> str:
    """`spec/<dialect>/openapi-3.0.yaml` -> `<dialect>_30`, with `_` for `-`."""
    version = "30" if "3.0" in document.name else "31"
    return f"{document.parent.name.replace('-', '_')}_{version}"


# The tools, one function each: each raises Failed with the reason, or returns a short remark.

def spectral(document: Path, work: Path) -> str:
    report = work / "spectral.json"
    out = subprocess.run([str(BIN / "spectral"), "lint", "--quiet", "--ruleset", str(ROOT / ".ci/spectral.yaml"),
                          "--format", "json", "--output", str(report), str(document)],
                         capture_output=True, text=True)
    if not report.exists():
        raise Failed(out.stdout + out.stderr)
    problems = json.loads(report.read_text() or "[]")
    described = [f"{SEVERITIES[p['severity']]} {p['code']} at /{'/'.join(map(str, p['path']))}: {p['message']}"
                 for p in problems]
    if any(p["severity"] == 0 for p in problems):
        raise Failed("\n".join(described))
    return f"{len(problems)} warnings: " + "; ".join(sorted({p["code"] for p in problems})) if problems else ""


SEVERITIES = ["error", "warning", "info", "hint"]


def generator(name: str, document: Path, out: Path, *properties: str) -> None:
    run([str(VENV / "openapi-generator-cli"), "generate", "-i", str(document), "-g", name,
         "-o", str(out), "--skip-validate-spec", *(f"--additional-properties={p}" for p in properties)])


def pip_install_and_import(package_dir: Path, module: str) -> None:
    run([str(VENV / "pip"), "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "--target", str(package_dir / "_installed"), str(package_dir)])
    run([str(VENV / "python"), "-c", f"import {module}, {module}.models"],
        env={"PYTHONPATH": str(package_dir / "_installed")})


def generator_python(document: Path, work: Path) -> str:
    module = f"{slug(document)}_og"
    generator("python", document, work / "og-python", f"packageName={module}")
    pip_install_and_import(work / "og-python", module)
    return ""


def generator_typescript(document: Path, work: Path) -> str:
    generator("typescript-fetch", document, work / "og-ts")
    run([*TSC, "index.ts"], cwd=work / "og-ts")
    return ""


def generator_rust(document: Path, work: Path) -> str:
    crate = work / "og-rust"
    # No TLS backend: `cargo check` needs the client's code, not OpenSSL or a C toolchain.
    generator("rust", document, crate, f"packageName={slug(document).replace('_', '-')}-client",
              "reqwestDefaultFeatures=")
    run(["cargo", "check", "--quiet"], cwd=crate, env={"CARGO_TARGET_DIR": str(CARGO_TARGET)})
    return ""


def python_client(document: Path, work: Path) -> str:
    out = work / "opc"
    # Its post-generation hooks run ruff, found on PATH.
    run([str(VENV / "openapi-python-client"), "generate", "--path", str(document), "--meta", "setup",
         "--output-path", str(out), "--fail-on-warning"], env={"PATH": f"{VENV}:{os.environ['PATH']}"})
    package = next(path.name for path in out.iterdir() if (path / "__init__.py").exists())
    pip_install_and_import(out, package)
    return ""


def openapi_typescript(document: Path, work: Path) -> str:
    types = work / "schema.d.ts"
    # Run outside the workspace: openapi-typescript would read the `apis` of its redocly.yaml.
    run([str(BIN / "openapi-typescript"), str(document), "--output", str(types)], cwd=work)
    run([*TSC, str(types)], cwd=work)
    return ""


# Prism: a mock that checks requests against the document.

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def resolve(spec: dict, node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def parameter_value(spec: dict, parameter: dict) -> str:
    schema = resolve(spec, parameter.get("schema", {}))
    if "example" in parameter:
        return str(parameter["example"])
    if schema.get("format") == "uuid":
        return "5b7b5f2e-7c1d-4d6b-9a3e-0c2f1a4b8e91"
    if "enum" in schema:
        return str(schema["enum"][0])
    if schema.get("type") == "integer":
        return "1"
    return "481272"


def credentials(spec: dict, operation: dict) -> dict[str, str]:
    """A well-formed credential for the operation's first security requirement."""
    requirements = operation.get("security", spec.get("security", []))
    if not requirements or not requirements[0]:
        return {}
    scheme = spec["components"]["securitySchemes"][next(iter(requirements[0]))]
    if scheme["type"] == "http" and scheme["scheme"] == "basic":
        return {"Authorization": "Basic dXNlcjprZXk="}
    if scheme["type"] == "http":
        return {"Authorization": "Bearer token"}
    if scheme["type"] == "apiKey" and scheme["in"] == "header":
        return {scheme["name"]: "Token 0123456789abcdef"}
    raise Failed(f"no credential for the security scheme {scheme}")


def requests(spec: dict):
    """Per operation: (label, method, path, headers, valid bodies, malformed request or None)."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "patch", "delete"):
                continue
            parameters = [resolve(spec, p) for p in item.get("parameters", []) + operation.get("parameters", [])]
            url = path  # Prism serves the paths without the server's base path
            query, headers = [], credentials(spec, operation)
            for parameter in parameters:
                value = parameter_value(spec, parameter)
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", value)
                elif parameter.get("required") and parameter["in"] == "query":
                    query.append(f"{parameter['name']}={value}")
                elif parameter.get("required") and parameter["in"] == "header":
                    headers[parameter["name"]] = value
            if query:
                url += "?" + "&".join(query)
            body = resolve(spec, operation.get("requestBody", {}))
            media, content = next(iter(body.get("content", {}).items()), ("application/json", {}))
            examples = [resolve(spec, e)["value"] for e in content.get("examples", {}).values()]
            if "example" in content:
                examples.append(content["example"])
            label = operation.get("operationId", f"{method} {path}")
            if body:
                headers = {**headers, "Content-Type": media}
            if body and not examples and media == FORM:
                # No documented example (the provider shows its form requests as curl commands only):
                # the least body the schema accepts, its required members.
                examples.append(least(spec, content["schema"]))
            elif body and not examples:
                raise Failed(f"{label}: a request body with no example to send")
            required_headers = [p["name"] for p in parameters if p.get("required") and p["in"] == "header"]
            if body and media == FORM:
                # A form's values are all text: a form without its required members is what is malformed.
                malformed = ("a form without its required members", headers, {}) if any(
                    resolve(spec, content["schema"]).get("required", [])) else None
            elif body:
                # Every request body hookspec publishes is an object: a string is malformed.
                malformed = ("a string as the body", headers, "malformed")
            elif required_headers:
                malformed = (f"without {required_headers[0]}",
                             {k: v for k, v in headers.items() if k != required_headers[0]}, None)
            elif credentials(spec, operation) and {} not in operation.get("security", spec.get("security", [])):
                malformed = ("without credentials", {}, None)
            else:
                malformed = None
            yield label, method.upper(), url, headers, examples or [None], malformed


FORM = "application/x-www-form-urlencoded"


def least(spec: dict, schema: dict):
    """The least value `schema` accepts: an object of its required members, each the least of its own."""
    schema = resolve(spec, schema)
    kind = schema.get("type")
    if "anyOf" in schema or "oneOf" in schema:
        return least(spec, (schema.get("anyOf") or schema.get("oneOf"))[0])
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object" or "properties" in schema:
        return {name: least(spec, schema["properties"][name]) for name in schema.get("required", [])}
    if kind == "array":
        return [least(spec, schema.get("items", {}))]
    return {"integer": 1, "number": 1, "boolean": True}.get(kind, "x")


def form(value, prefix: str = "") -> list[tuple[str, str]]:
    """`value` form-encoded as the document's `deepObject` encoding writes it: `a[]=x`, `a[k]=v`."""
    if isinstance(value, dict):
        return [pair for key, item in value.items() for pair in form(item, f"{prefix}[{key}]" if prefix else key)]
    if isinstance(value, list):
        return [pair for item in value for pair in form(item, f"{prefix}[]")]
    return [(prefix, str(value).lower() if isinstance(value, bool) else str(value))]


def send(port: int, method: str, url: str, headers: dict, body) -> int:
    if body is None:
        data = None
    elif headers.get("Content-Type") == FORM and isinstance(body, dict):
        data = urllib.parse.urlencode(form(body)).encode()
    else:
        data = json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def prism(document: Path, work: Path) -> str:
    spec = yaml.safe_load(document.read_text())
    port = free_port()
    log = open(work / "prism.log", "w")
    server = subprocess.Popen([str(BIN / "prism"), "mock", "--port", str(port), "--host", "127.0.0.1",
                               str(document)], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise Failed("prism exited: " + (work / "prism.log").read_text()[-2000:])
                time.sleep(0.1)
        else:
            raise Failed("prism did not start listening")
        accepted = refused = 0
        problems = []
        for label, method, url, headers, bodies, malformed in requests(spec):
            for body in bodies:
                status = send(port, method, url, headers, body)
                if status >= 400:
                    problems.append(f"{label}: a documented request got {status}")
                accepted += 1
                # The documented request with one member retyped: each must be refused. Not for a form:
                # its members are all text, and Prism 5.16.0 does not refuse a form that lacks a required
                # member (measured: `url=x` without `enabled_events[]` answers 200 with 3.1 and 3.0, and
                # with 3.0 `enabled_events[]=x` without `url` too). The empty form below is refused; the
                # sandbox's contract refuses each (tests/sandbox.rs).
                members = body.items() if isinstance(body, dict) and headers.get("Content-Type") != FORM else []
                for key, value in members:
                    retyped = {**body, key: "x" if isinstance(value, bool) else True}
                    status = send(port, method, url, headers, retyped)
                    if not 400 <= status < 500:
                        problems.append(f"{label}: a request with `{key}` retyped got {status}")
                    refused += 1
            if malformed:
                what, bad_headers, bad_body = malformed
                status = send(port, method, url, bad_headers, bad_body if bodies[0] is not None else None)
                if not 400 <= status < 500:
                    problems.append(f"{label}: a malformed request ({what}) got {status}")
                refused += 1
        if problems:
            raise Failed("\n".join(problems))
        return f"{accepted} accepted, {refused} refused"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


TOOLS_IN_ORDER = [
    ("Spectral", spectral),
    ("openapi-generator python", generator_python),
    ("openapi-generator typescript-fetch", generator_typescript),
    ("openapi-generator rust", generator_rust),
    ("openapi-python-client", python_client),
    ("openapi-typescript", openapi_typescript),
    ("Prism mock", prism),
]


def openrpc_generate(document: Path, work: Path, language: str) -> Path:
    name = slug(document).replace("_", "-")
    run([str(BIN / "open-rpc-generator"), "generate", "-d", str(document), "-o", str(work),
         "-t", "client", "-l", language, "-n", name])
    return work / "client" / language


def openrpc_typescript(document: Path, work: Path) -> str:
    client = openrpc_generate(document, work, "typescript")
    run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=client)
    run([str(BIN / "tsc"), "--strict", "--noEmit", "--skipLibCheck", "-p", "."], cwd=client)
    return ""


def openrpc_rust(document: Path, work: Path) -> str:
    client = openrpc_generate(document, work, "rust")
    run(["cargo", "check", "--quiet"], cwd=client, env={"CARGO_TARGET_DIR": str(CARGO_TARGET / "openrpc")})
    return ""


def openrpc_meta_schema(document: Path, work: Path) -> str:
    # The meta-schema of the pinned tool: the schema-utils the generated client installs.
    client = openrpc_generate(document, work, "typescript")
    run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=client)
    script = ("const { validateOpenRPCDocument } = require('@open-rpc/schema-utils-js');"
              "const result = validateOpenRPCDocument(require(process.argv[1]));"
              "if (result !== true) { console.error(JSON.stringify(result, null, 2)); process.exit(1); }")
    run(["node", "-e", script, str(document)], cwd=client)
    return ""


OPENRPC_TOOLS = [
    ("open-rpc-generator typescript (tsc --strict)", openrpc_typescript),
    ("open-rpc-generator rust (cargo check)", openrpc_rust),
    ("OpenRPC meta-schema (schema-utils-js)", openrpc_meta_schema),
]


def unsupported() -> dict[str, dict[str, str]]:
    """Per dialect, the tools its `api.yaml` declares unsupported, with the reason."""
    lines = subprocess.run(["cargo", "xtask", "dialects", "--json"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    return {entry["name"]: entry.get("unsupported", {}) for entry in map(json.loads, lines)}


def check_all(documents: list[Path], tools: list, scratch: Path) -> tuple[list[str], list[str]]:
    """Every tool on every document: the rows of a results table, and the failures."""
    names = [str(document.relative_to(ROOT)) for document in documents]
    results: dict[tuple[str, str], str] = {}
    failures = []
    declared = unsupported()
    for document, name in zip(documents, names):
        for tool, check in tools:
            work = scratch / slug(document) / re.sub(r"\W+", "-", tool)
            work.mkdir(parents=True)
            started = time.monotonic()
            reason = declared.get(document.parent.name, {}).get(tool)
            if reason:
                results[(tool, name)] = "unsupported"
                print(f"{tool:36} {name:40} unsupported: {reason}", flush=True)
                continue
            try:
                remark = check(document, work)
                results[(tool, name)] = "pass" + (f" ({remark})" if remark else "")
            except Failed as failure:
                results[(tool, name)] = "FAIL"
                failures.append(f"--- {tool} on {name}:\n{failure}")
            print(f"{tool:36} {name:40} {results[(tool, name)]}  {time.monotonic() - started:.1f}s", flush=True)
    table = ["| tool | " + " | ".join(f"`{n.removeprefix('spec/')}`" for n in names) + " |",
             "| --- |" + " --- |" * len(names)]
    table += [f"| {tool} | " + " | ".join(results[(tool, n)] for n in names) + " |" for tool, _ in tools]
    return table, failures


def main() -> int:
    documents = [Path(arg).resolve() for arg in sys.argv[1:]] or sorted((ROOT / "spec").glob("*/openapi*.yaml"))
    # With no arguments, every document under spec/; otherwise the OpenAPI and OpenRPC documents named.
    openrpc = [document for document in documents if document.suffix == ".json"] if len(sys.argv) > 1 else sorted(
        (ROOT / "spec").glob("*/openrpc.json"))
    documents = [document for document in documents if document.suffix != ".json"]
    scratch = Path(tempfile.mkdtemp(prefix="hookspec-matrix-"))
    try:
        table, failures = check_all(documents, TOOLS_IN_ORDER, scratch) if documents else ([], [])
        if openrpc:
            more, more_failures = check_all(openrpc, OPENRPC_TOOLS, scratch)
            table += ["", *more] if table else more
            failures += more_failures
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("\n" + "\n".join(table))
    # The tables of the last run, kept with CI's other artefacts (the README links to them).
    (TOOLS / "matrix.md").write_text("\n".join(table) + "\n")
    for failure in failures:
        print("\n" + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
