#!/usr/bin/env python3
"""Extracts python-keycloak's public surface into test/fixtures/python-keycloak-surface.json.

Usage: python3 scripts/extract-python-surface.py [VERSION] [--tests CHECKOUT]

It downloads the wheel from PyPI with `pip download --no-deps`, unpacks it in a temporary
directory and reads every module with `ast` (nothing is imported or executed). The fixture holds
names, kinds, parameters and default values as data; the surface test compares it with
realmform's client.

The wheel has no tests. With `--tests CHECKOUT` (a clone of marcospereirampj/python-keycloak at
the release tag, e.g. `git clone --branch v7.1.1 https://github.com/marcospereirampj/python-keycloak`)
the names of the test scenarios of its four behavioural test files are written to
test/fixtures/python-keycloak-scenarios.json, for the scenario-coverage test.
"""

from __future__ import annotations

import ast
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DEFAULT_VERSION = "7.1.1"
REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE = REPO_ROOT / "test" / "fixtures" / "python-keycloak-surface.json"
SCENARIOS = REPO_ROOT / "test" / "fixtures" / "python-keycloak-scenarios.json"
SCENARIO_FILES = ["test_keycloak_admin.py", "test_keycloak_openid.py", "test_keycloak_uma.py", "test_authorization.py"]

# Modules whose top level holds only constants (URL templates, the version string): not API.
SKIPPED_MODULES = {"keycloak._version", "keycloak.urls_patterns"}
# Dunder methods that carry meaning a TypeScript counterpart can have (the rest are python-only).
KEPT_DUNDERS = {"__init__", "__str__", "__eq__", "__call__", "__bool__"}


def download(version: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
         "--dest", str(into), f"python-keycloak=={version}"],
        check=True,
    )
    wheels = sorted(into.glob("python_keycloak-*.whl"))
    if not wheels:
        raise SystemExit(f"pip did not download a wheel of python-keycloak {version}")
    return wheels[0]


def text(node: ast.AST | None) -> str | None:
    return None if node is None else ast.unparse(node)


def parameters(fn: ast.FunctionDef | ast.AsyncFunctionDef, is_static: bool) -> list[dict]:
    args = fn.args
    positional = [*args.posonlyargs, *args.args]
    if not is_static and positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    # Defaults belong to the last positional parameters (never to self).
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    out = []
    for arg, default in zip(positional, defaults):
        out.append(param(arg, "positional", default))
    if args.vararg:
        out.append(param(args.vararg, "var_positional", None))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        out.append(param(arg, "keyword_only", default))
    if args.kwarg:
        out.append(param(args.kwarg, "var_keyword", None))
    return out


def param(arg: ast.arg, kind: str, default: ast.expr | None) -> dict:
    entry: dict = {"name": arg.arg, "kind": kind, "required": default is None and kind in ("positional", "keyword_only")}
    if default is not None:
        entry["default"] = text(default)
    if arg.annotation is not None:
        entry["annotation"] = text(arg.annotation)
    return entry


def decorator_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [text(d) or "" for d in fn.decorator_list]


def class_members(node: ast.ClassDef) -> list[dict]:
    members: dict[str, dict] = {}
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = item.name
            if name.startswith("_") and name not in KEPT_DUNDERS:
                continue
            decorators = decorator_names(item)
            if any(d.endswith(".setter") for d in decorators):
                if name in members:
                    members[name]["settable"] = True
                continue
            is_static = "staticmethod" in decorators
            if "property" in decorators:
                members[name] = {"name": name, "kind": "property", "async": isinstance(item, ast.AsyncFunctionDef),
                                 "settable": False, "returns": text(item.returns)}
                continue
            members[name] = {
                "name": name,
                "kind": "constructor" if name == "__init__" else ("staticmethod" if is_static else "method"),
                "async": isinstance(item, ast.AsyncFunctionDef),
                "params": parameters(item, is_static),
                "returns": text(item.returns),
            }
        elif isinstance(item, (ast.Assign, ast.AnnAssign)):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            for target in targets:
                if isinstance(target, ast.Name) and not target.id.startswith("_"):
                    members[target.id] = {"name": target.id, "kind": "attribute", "value": text(item.value)}
    return list(members.values())


def module_surface(module: str, source: str) -> tuple[list[dict], list[dict]]:
    tree = ast.parse(source)
    classes, functions = [], []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            classes.append({
                "module": module,
                "name": node.name,
                "bases": [text(b) for b in node.bases],
                "members": class_members(node),
            })
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
            functions.append({
                "module": module,
                "name": node.name,
                "async": isinstance(node, ast.AsyncFunctionDef),
                "params": parameters(node, True),
                "returns": text(node.returns),
            })
    return classes, functions


def package_exports(init_source: str) -> list[str]:
    for node in ast.parse(init_source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return sorted(ast.literal_eval(node.value))
    return []


def extract(version: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="python-keycloak-") as tmp:
        wheel = download(version, Path(tmp))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        classes, functions, exports = [], [], []
        with zipfile.ZipFile(wheel) as archive:
            for name in sorted(archive.namelist()):
                if not name.startswith("keycloak/") or not name.endswith(".py"):
                    continue
                module = name[:-3].replace("/", ".").removesuffix(".__init__")
                source = archive.read(name).decode("utf-8")
                if module == "keycloak":
                    exports = package_exports(source)
                    continue
                if module in SKIPPED_MODULES:
                    continue
                found_classes, found_functions = module_surface(module, source)
                classes += found_classes
                functions += found_functions
    return {
        "package": "python-keycloak",
        "version": version,
        "wheel": wheel.name,
        "sha256": digest,
        "extractedBy": "scripts/extract-python-surface.py",
        "skippedModules": sorted(SKIPPED_MODULES),
        "exports": [name for name in exports if not name.startswith("_")],
        "classes": classes,
        "functions": functions,
    }


def scenarios(checkout: Path, version: str) -> dict:
    """Test functions of the behavioural test files; `a_` twins of a sync test are marked as such."""
    files = []
    for name in SCENARIO_FILES:
        tree = ast.parse((checkout / "tests" / name).read_text(encoding="utf-8"))
        tests = [node.name for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_")]
        present = set(tests)
        entries = []
        for test in tests:
            twin = "test_" + test[len("test_a_"):] if test.startswith("test_a_") else None
            entries.append({"name": test, "asyncTwinOf": twin} if twin in present else {"name": test})
        files.append({"file": f"tests/{name}", "tests": entries})
    return {"package": "python-keycloak", "version": version, "extractedBy": "scripts/extract-python-surface.py",
            "files": files}


def main() -> None:
    args = sys.argv[1:]
    checkout = None
    if "--tests" in args:
        index = args.index("--tests")
        checkout = Path(args[index + 1])
        del args[index:index + 2]
    version = args[0] if args else DEFAULT_VERSION
    if checkout is not None:
        data = scenarios(checkout, version)
        SCENARIOS.parent.mkdir(parents=True, exist_ok=True)
        SCENARIOS.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        count = sum(1 for f in data["files"] for t in f["tests"] if "asyncTwinOf" not in t)
        print(f"{SCENARIOS.relative_to(REPO_ROOT)}: {count} scenarios (async twins apart)")
    surface = extract(version)
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(surface, indent=2) + "\n", encoding="utf-8")
    written = [str(FIXTURE)] + ([str(SCENARIOS)] if checkout is not None else [])
    # The repository's formatter owns the layout of JSON files; without node the files stay valid JSON.
    subprocess.run(["npx", "--no-install", "biome", "format", "--write", *written], cwd=REPO_ROOT, check=False,
                   stdout=subprocess.DEVNULL)
    members = sum(len(c["members"]) for c in surface["classes"])
    params = sum(len(m.get("params", [])) for c in surface["classes"] for m in c["members"])
    print(f"{FIXTURE.relative_to(REPO_ROOT)}: python-keycloak {version}, {len(surface['classes'])} classes, "
          f"{members} members, {params} parameters, {len(surface['functions'])} functions")


if __name__ == "__main__":
    main()
