"""The receiver code on the reference pages, run against real signatures.

Run by `.ci/run`; alone: `.ci/tools/venv/bin/python .ci/snippets.py`. For every dialect page
(`spec/<dialect>/index.html`), the Python and the JavaScript receiver of each delivery are taken
from the page as a reader would copy them, and run on deliveries `cargo xtask sign` signs: a
genuine one must verify, and the same with its body changed, with another secret, or with its
signature cut short must not. Exits 1 on the first disagreement.
"""

from __future__ import annotations

import html.parser
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # base64 after the prefix, so every kind of key reads it
BODY = '{"id": "38a93e19-886a-4246-9cfe-471214ff6739", "note": "caf\u00e9 \u2713"}'.encode()


class Snippets(html.parser.HTMLParser):
    """The text of every `<code data-snippet=LANGUAGE>` of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.language: str | None = None

    def handle_starttag(self, tag, attrs):
        language = dict(attrs).get("data-snippet")
        if tag == "code" and language:
            self.language = language
            self.found.append((language, ""))

    def handle_endtag(self, tag):
        if tag == "code":
            self.language = None

    def handle_data(self, data):
        if self.language:
            language, text = self.found[-1]
            self.found[-1] = (language, text + data)


def sign(dialect: str, body: Path, now: int) -> dict[str, str]:
    out = subprocess.run(["cargo", "xtask", "sign", "--dialect", dialect, "--secret", SECRET, "--body-file", str(body),
                          "--timestamp", str(now), "--id", "msg_snippets"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return dict(line.split(": ", 1) for line in out.splitlines())


def python_verifier(code: str, work: Path):
    file = work / "verify_snippet.py"
    file.write_text(code)
    spec = importlib.util.spec_from_file_location(f"snippet_{abs(hash(code))}", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return lambda headers, body, secret: module.verify(headers, body, secret)


def javascript_verifier(code: str, work: Path):
    file = work / "verify_snippet.js"
    file.write_text(code)

    def verify(headers, body, secret):
        script = ("const { verify } = require(process.argv[1]);"
                  "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
                  "process.stdout.write(String(verify(input.headers, Buffer.from(input.body, 'base64'), input.secret)));")
        import base64
        result = subprocess.run(["node", "-e", script, str(file)], capture_output=True, text=True,
                                input=json.dumps({"headers": headers, "body": base64.b64encode(body).decode(),
                                                  "secret": secret}))
        if result.returncode != 0:
            raise AssertionError(f"the JavaScript receiver failed: {result.stderr}")
        return result.stdout == "true"

    return verify


def main() -> int:
    pages = sorted(ROOT.glob("spec/*/index.html"))
    checked = 0
    with tempfile.TemporaryDirectory(prefix="hookspec-snippets-") as scratch:
        work = Path(scratch)
        body_file = work / "body.json"
        body_file.write_bytes(BODY)
        for page in pages:
            dialect = page.parent.name
            parser = Snippets()
            parser.feed(page.read_text())
            if not parser.found:
                print(f"{dialect}: the page has no receiver code")
                return 1
            now = int(time.time())
            headers = sign(dialect, body_file, now)
            signature = max(headers, key=lambda name: len(headers[name]))
            for language, code in parser.found:
                verifier = (python_verifier if language == "python" else javascript_verifier)(code, work)
                cases = [
                    ("a genuine delivery", headers, BODY, SECRET, True),
                    ("a changed body", headers, BODY + b" ", SECRET, False),
                    ("another secret", headers, BODY, "whsec_" + "A" * 32, False),
                    ("a cut signature", {**headers, signature: headers[signature][:-4]}, BODY, SECRET, False),
                    ("lower-case header names", {name.lower(): value for name, value in headers.items()}, BODY, SECRET, True),
                ]
                for what, given, body, secret, expected in cases:
                    if verifier(given, body, secret) != expected:
                        print(f"{dialect}: the {language} receiver gets {what} wrong (expected {expected})")
                        return 1
                    checked += 1
            print(f"{dialect}: the page's {', '.join(language for language, _ in parser.found)} receivers agree "
                  f"with `cargo xtask sign`")
    print(f"{checked} cases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
