"""Writes extract.txt: the structure of Stripe's webhook endpoints API as Stripe's own SDK states it.

stripe-python is generated from Stripe's OpenAPI description (its files say "File generated from
our OpenAPI spec"); its typed classes keep, for every operation, the method and path, each
parameter and request field with whether it may be left out (`NotRequired[...]`) and its type, and
for every object each field's type and whether it may be null (`Optional[...]`). This reads them
from a checkout of stripe/stripe-python and writes one line per fact, in the form
tests/stripe.rs writes hookspec's document, so that the test compares the two both ways.

Run: python3 make.py /path/to/stripe-python 6c6e3736d16dde7a2f0155379ea3cd99b976460b > extract.txt
"""

from __future__ import annotations

import re
import subprocess
import sys

REPO = sys.argv[1]
COMMIT = sys.argv[2] if len(sys.argv) > 2 else "HEAD"


def show(path: str) -> str:
    return subprocess.run(["git", "-C", REPO, "show", f"{COMMIT}:{path}"], capture_output=True, text=True,
                          check=True).stdout


def fields(path: str, cls: str) -> dict[str, str]:
    """The annotated fields of class `cls` in `path` (its own body), with their type text."""
    lines = show(path).split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s*class {cls}\b", line))
    indent = len(lines[start]) - len(lines[start].lstrip()) + 4
    found: dict[str, str] = {}
    i = start
    while not lines[i].rstrip().endswith(":"):  # the class line may run over several
        i += 1
    i += 1
    while i < len(lines):
        line = lines[i]
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        match = re.match(rf"^ {{{indent}}}([a-z_][a-z0-9_]*): (.*)$", line)
        if match:
            name, text = match.groups()
            while text.count("[") > text.count("]"):
                i += 1
                text += lines[i].strip()
            found[name] = text
        i += 1
    return found


def kind(text: str) -> tuple[str, bool]:
    """The JSON types a type text allows (`string`, `object|string`), and whether it may be left out."""
    text = text.replace(" ", "")
    optional = False
    if match := re.fullmatch(r"NotRequired\[(.*)\]", text):
        optional, text = True, match.group(1)
    text = text.strip('"')
    nullable = False
    if match := re.fullmatch(r"Optional\[(.*)\]", text):
        nullable, text = True, match.group(1).strip('"')
    types = set()
    for alternative in split(text):
        if alternative in ("str", "Literal['']") or re.fullmatch(r'Literal\[("[^"]*",?)+\]', alternative):
            types.add("string")
        elif alternative == "int":
            types.add("integer")
        elif alternative in ("bool", "Literal[True]"):
            types.add("boolean")
        elif alternative.startswith("List["):
            types.add("array")
        else:  # Dict[...], UntypedStripeObject[...], a class of its own
            types.add("object")
    shown = "|".join(sorted(types))
    return (shown + " or null" if nullable else shown), optional


def split(text: str) -> list[str]:
    """`A|B[C|D]` -> [`A`, `B[C|D]`]: the alternatives of a union, brackets respected."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "["
        depth -= char == "]"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def request(operation: str, path: str, where: str) -> list[str]:
    lines = []
    for name, text in fields(path, path_class(path)).items():
        shown, optional = kind(text)
        lines.append(f"{operation} {where} {name}: {'optional' if optional else 'required'} {shown}")
    return lines


def path_class(path: str) -> str:
    """`stripe/params/_webhook_endpoint_list_params.py` -> `WebhookEndpointListParams`."""
    stem = path.rsplit("/", 1)[1].removeprefix("_").removesuffix(".py")
    return "".join(word.capitalize() for word in stem.split("_"))


def response(prefix: str, path: str, cls: str, nested: dict[str, tuple[str, str]] | None = None) -> list[str]:
    """A line per field of the object class `cls`, and of the classes of the fields in `nested`."""
    lines = []
    for name, text in fields(path, cls).items():
        lines.append(f"{prefix} {name}: {kind(text)[0]}")
        if name in (nested or {}):
            lines += [f"{prefix} {name}.{line.strip()}" for line in response("", *nested[name])]
    return lines


PARAMS = "stripe/params/_webhook_endpoint_{}_params.py"
ENDPOINT = ("stripe/_webhook_endpoint.py", "WebhookEndpoint")
ONE = "/v1/webhook_endpoints/{webhook_endpoint}"
ALL = "/v1/webhook_endpoints"

lines = [
    f"GET {ALL}", f"POST {ALL}", f"GET {ONE}", f"POST {ONE}", f"DELETE {ONE}",
    *request(f"GET {ALL}", PARAMS.format("list"), "query"),
    *request(f"POST {ALL}", PARAMS.format("create"), "body"),
    *request(f"GET {ONE}", PARAMS.format("retrieve"), "query"),
    *request(f"POST {ONE}", PARAMS.format("update"), "body"),
    *[f"{method} {ONE} path webhook_endpoint: required string" for method in ("GET", "POST", "DELETE")],
    *[line for line in response("WebhookEndpoint", *ENDPOINT) if not line.startswith("WebhookEndpoint deleted:")],
    # A deleted object is the same class: only its `id` and `object` are sent, with `deleted`, which is
    # `Optional` there because a live object has none and "always true for a deleted object".
    *[line for line in response("DeletedWebhookEndpoint", *ENDPOINT)
      if line.split(" ")[1].rstrip(":") in ("id", "object")],
    "DeletedWebhookEndpoint deleted: boolean",
    *response("WebhookEndpointList", "stripe/_list_object.py", "ListObject"),
    *response("Event", "stripe/_event.py", "Event",
              {"data": ("stripe/_event.py", "Data"), "request": ("stripe/_event.py", "Request")}),
    "ErrorBody error: object",
    *[f"ErrorBody error.{line.strip()}" for line in response("", "stripe/_error_object.py", "ErrorObject")],
    *[f"EnabledEvent {value}" for value in
      re.findall(r'"([^"]+)"', fields(PARAMS.format("create"), "WebhookEndpointCreateParams")["enabled_events"])],
]
commit = subprocess.run(["git", "-C", REPO, "rev-parse", COMMIT], capture_output=True, text=True,
                        check=True).stdout.strip()
print(f"# stripe/stripe-python at {commit}")
print("# Written by make.py: a line per operation, parameter, request field and object field, and per value")
print("# `enabled_events` takes, as tests/stripe.rs writes hookspec's document.")
for line in sorted(set(lines)):
    print(line)
