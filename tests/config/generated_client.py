"""Generating a Python client from /api/schema/ with openapi-python-client (offline) and calling it strictly:
every answer is parsed into the generated models and validated against the schema, so a mismatch between
what the server sends and what the schema promises fails here as it would in an integrator's code."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from tests.contract_validation import SchemaMismatch, check_response

PACKAGE = "alx_client"
# No post hooks: the generator would otherwise run ruff over the output, which is not needed to import it.
CONFIG = {"post_hooks": [], "project_name_override": PACKAGE, "package_name_override": PACKAGE}


def schema_document() -> dict:
    """What /api/schema/ serves (the same generator, no request: the public schema)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def generate(directory: Path) -> ModuleType:
    """Generate the client package under `directory` from a local schema file (no network: `--path`, not
    `--url`) and import it."""
    schema, config = directory / "schema.json", directory / "config.json"
    schema.write_text(json.dumps(schema_document()), encoding="utf-8")
    config.write_text(json.dumps(CONFIG), encoding="utf-8")
    out = directory / PACKAGE
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(schema),
            "--config",
            str(config),
            "--output-path",
            str(out),
            "--meta",
            "none",
            "--overwrite",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    sys.path.insert(0, str(directory))
    importlib.invalidate_caches()
    return importlib.import_module(PACKAGE)


class _Answer:
    """An httpx response seen through the attributes tests/contract_validation.py reads."""

    streaming = False

    def __init__(self, response: httpx.Response):
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = response.content


def schema_checking_hook(problems: list[str]):
    """An httpx response hook: every answer must match the schema (status, content type, headers, body)."""

    def hook(response: httpx.Response) -> None:
        response.read()
        try:
            check_response(
                response.request.method, response.request.url.raw_path.decode().split("?")[0], _Answer(response)
            )
        except SchemaMismatch as mismatch:
            problems.append(str(mismatch))

    return hook


def operations(package: ModuleType) -> dict[str, ModuleType]:
    """Every generated operation module by its name without the `v1_` prefix."""
    folder = Path(package.__file__).parent / "api" / "v1"
    return {
        path.stem.removeprefix("v1_"): importlib.import_module(f"{PACKAGE}.api.v1.{path.stem}")
        for path in sorted(folder.glob("v1_*.py"))
    }


def required_arguments(module: ModuleType) -> set[str]:
    parameters = inspect.signature(module.sync_detailed).parameters
    return {
        name
        for name, parameter in parameters.items()
        if parameter.default is inspect.Parameter.empty and name != "client"
    }


def parent_list(name: str, names: set[str]) -> str | None:
    """The list operation whose rows give the `id` of operation `name`: the longest `<prefix>_list` whose
    prefix starts `name` (`compliance_assessments_answers_list` → `compliance_assessments_list`)."""
    words = name.split("_")
    for end in range(len(words) - 1, 0, -1):
        candidate = "_".join(words[:end]) + "_list"
        if candidate in names and candidate != name:
            return candidate
    return None


def first_id(parsed: Any) -> Any:
    rows = getattr(parsed, "results", parsed if isinstance(parsed, list) else None)
    if rows:
        return getattr(rows[0], "id", None) or getattr(rows[0], "code", None)
    return None


def sweep_reads(package: ModuleType, client: Any, *, skip: set[str], prefixes: tuple[str, ...] = ("",)) -> Counter:
    """Call every GET operation (lists first, then details and sub-lists with an id from their parent list);
    each answer parses into the generated models or the generated client raises."""
    ops = operations(package)
    figures: Counter = Counter()
    ids: dict[str, Any] = {}
    reads = [
        name for name in ops if name.endswith(("_list", "_retrieve")) and name not in skip and name.startswith(prefixes)
    ]
    for name in sorted(reads, key=lambda n: ("id" in required_arguments(ops[n]), n)):
        required = required_arguments(ops[name])
        arguments: dict[str, Any] = {}
        if required - {"id"}:
            figures["skipped (needs more than an id)"] += 1
            continue
        if "id" in required:
            parent = parent_list(name, set(ops))
            if parent is None or ids.get(parent) is None:
                figures["skipped (no row to read)"] += 1
                continue
            arguments["id"] = ids[parent]
        response = ops[name].sync_detailed(client=client, **arguments)
        figures["requests"] += 1
        figures["2xx" if response.status_code < 300 else f"{int(response.status_code)}"] += 1
        if name.endswith("_list") and response.status_code == 200:
            ids[name] = first_id(response.parsed)
    return figures
