"""Imports go one way (docs/architecture.md): families -> schedules -> core.

Read from the source (``ast``), so a lazy import inside a function counts
too: ``core/`` imports neither schedules nor families, ``schedules/`` no
family, and one schedule (``cpu/``, ``xla.py``) never another.
"""

import ast
import pathlib

import pytest

import jaxpool

SRC = pathlib.Path(jaxpool.__file__).parent / "_src"
SCHEDULES = {"cpu": "jaxpool._src.schedules.cpu",
             "xla": "jaxpool._src.schedules.xla"}


def _imports(path: pathlib.Path) -> set[str]:
  """The modules ``path`` imports, ``from a import b`` giving ``a.b``."""
  found = set()
  for node in ast.walk(ast.parse(path.read_text())):
    if isinstance(node, ast.Import):
      found.update(a.name for a in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module:
      found.add(node.module)
      found.update(f"{node.module}.{a.name}" for a in node.names)
  return found


def _module(path: pathlib.Path) -> str:
  parts = path.relative_to(SRC.parent.parent).with_suffix("").parts
  return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _under(name: str, package: str) -> bool:
  return name == package or name.startswith(package + ".")


def _files(folder: str) -> list[pathlib.Path]:
  return sorted((SRC / folder).rglob("*.py"))


def _forbidden(path: pathlib.Path) -> list[str]:
  module = _module(path)
  banned = []
  if _under(module, "jaxpool._src.core"):
    banned += ["jaxpool._src.schedules", "jaxpool._src.pool"]
  if _under(module, "jaxpool._src.schedules"):
    banned += ["jaxpool._src.pool"]
    for own in SCHEDULES.values():
      if _under(module, own):
        banned += [other for other in SCHEDULES.values() if other != own]
  return banned


@pytest.mark.parametrize(
    "path", _files("core") + _files("schedules"),
    ids=lambda p: str(p.relative_to(SRC)))
def test_imports_go_down(path):
  banned = _forbidden(path)
  bad = sorted(name for name in _imports(path)
               if any(_under(name, b) for b in banned))
  assert not bad, f"{_module(path)} imports {bad}"


def test_the_rule_catches_a_schedule_importing_another(tmp_path):
  """The check is real: cpu importing xla (as ``cpu/place.py`` once did),
  or core importing a family, is found."""
  assert "jaxpool._src.schedules.xla" in _forbidden(
      SRC / "schedules" / "cpu" / "place.py")
  assert "jaxpool._src.schedules.cpu" in _forbidden(
      SRC / "schedules" / "xla.py")
  probe = tmp_path / "probe.py"
  probe.write_text("from jaxpool._src.schedules import xla\n"
                   "def f():\n  from jaxpool._src.pool import max\n")
  assert {"jaxpool._src.schedules.xla",
          "jaxpool._src.pool.max"} <= _imports(probe)
  assert "jaxpool._src.pool" in _forbidden(SRC / "core" / "geometry.py")
