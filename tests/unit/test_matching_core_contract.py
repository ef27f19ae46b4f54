"""Issue 12, point 11: the pure matching core imports no database, web framework or HTTP
client, not even through another module, and the router/travel circle stays gone."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys

import placement.matching.core as core
from placement.settings import PROJECT_ROOT

FORBIDDEN = ("asyncpg", "litestar", "httpx", "sqlalchemy", "alembic", "uvicorn",
             "placement.db", "placement.core.database", "placement.audit", "placement.auth",
             "placement.matching.queries", "placement.matching.service",
             "placement.matching.router", "placement.matching.controllers")
# The stability factor's arithmetic lives with its model (stability/), in pure modules the
# core may use; the fresh-interpreter test below proves they load nothing forbidden either.
PURE_ELSEWHERE = ("placement.matching.core", "placement.geo.distance",
                  "placement.stability.features", "placement.stability.ranking",
                  "placement.stability.predictor")
MODULES = sorted(f"placement.matching.core.{m.name}" for m in pkgutil.iter_modules(core.__path__))


def test_importing_the_core_loads_nothing_forbidden() -> None:
    """In a fresh interpreter, so what other tests imported does not hide a leak."""
    script = (f"import importlib, json, sys\nfor m in {MODULES!r}: importlib.import_module(m)\n"
              "print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", script], check=True,
                                       capture_output=True, text=True).stdout)
    leaks = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert len(MODULES) >= 9 and leaks == []


def test_no_core_module_names_the_shell() -> None:
    for path in (PROJECT_ROOT / "src" / "placement" / "matching" / "core").glob("*.py"):
        tree = ast.parse(path.read_text())
        names = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        outside = [n for n in names if n.startswith("placement.")
                   and not n.startswith(PURE_ELSEWHERE)]
        assert outside == [], f"{path.name} imports {outside}"
