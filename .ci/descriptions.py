"""Each imported provider held to its own published description, both ways.

Run by `.ci/run` once the pinned npm packages are installed (`.ci/package.json`); alone:
`python3 .ci/descriptions.py`. For every provider folder with an `import.yaml`
(`crates/dialects/src/<folder>/`):

- `cargo xtask import <folder> --packages .ci/tools/npm/node_modules --check`: the folder is what the
  pinned packages give (the version of each is checked against import.yaml's pin);
- the same run writes the descriptions restricted to what import.yaml imports, and
  `cargo xtask diff` compares them with `spec/<name>/openapi.yaml`, both ways: every change that
  breaks clients or receivers must be one `description/differences.yaml` declares (a `covers`
  entry: the change's kind and a pointer pattern), and every declared difference must still
  account for some change (none stale).

Exits 1 on the first folder that fails, naming the changes.
"""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / ".ci" / "tools" / "npm" / "node_modules"


def xtask(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["cargo", "xtask", *args], cwd=ROOT, capture_output=True, text=True)


def breaking(old: str, new: str) -> list[dict]:
    """The changes from `old` to `new` that fail the gate (break clients or receivers)."""
    result = xtask("diff", old, new, "--format", "json")
    if result.returncode not in (0, 1):
        sys.exit(f"cargo xtask diff {old} {new} failed:\n{result.stderr}")
    report = json.loads(result.stdout)
    return [change for document in report["documents"] for change in document.get("changes", [])
            if change["severity"] == "breaking"]


def covered(change: dict, covers: list[dict]) -> bool:
    return any(fnmatch.fnmatchcase(change["kind"], cover["kind"])
               and fnmatch.fnmatchcase(change["pointer"], cover["pointer"]) for cover in covers)


def main() -> int:
    failed = False
    for selection in sorted((ROOT / "crates" / "dialects" / "src").glob("*/import.yaml")):
        folder = selection.parent
        name = folder.name.replace("_", "-")
        with tempfile.TemporaryDirectory() as work:
            restricted = Path(work) / f"{name}.json"
            imported = xtask("import", str(folder.relative_to(ROOT)), "--packages", str(PACKAGES), "--check",
                             "--restricted", str(restricted))
            print(imported.stdout.strip())
            if imported.returncode != 0:
                print(imported.stderr, file=sys.stderr)
                return 1
            differences = yaml.safe_load((folder / "description" / "differences.yaml").read_text()) or []
            published = str(ROOT / "spec" / name / "openapi.yaml")
            used = [False] * len(differences)
            for direction, (old, new) in {"the description → hookspec": (str(restricted), published),
                                          "hookspec → the description": (published, str(restricted))}.items():
                changes = breaking(old, new)
                undeclared = []
                for change in changes:
                    hits = [index for index, difference in enumerate(differences)
                            if covered(change, difference.get("covers", []))]
                    for index in hits:
                        used[index] = True
                    if not hits:
                        undeclared.append(change)
                print(f"{name}, {direction}: {len(changes)} breaking changes, "
                      f"{len(changes) - len(undeclared)} declared in description/differences.yaml")
                for change in undeclared:
                    failed = True
                    print(f"  undeclared: {change['kind']} at {change['pointer']}: {change['why']}")
            for difference, use in zip(differences, used):
                if difference.get("covers") and not use:
                    failed = True
                    print(f"  stale: the difference at {difference['at']} accounts for no change")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
