"""jaxpool's annotations as users' type checkers see them (it ships py.typed).

basedpyright, in standard mode (``[tool.basedpyright]`` in pyproject.toml),
must find 0 errors in ``tests/contracts/typing/user_code.py``, which calls
every public function and Module as a user would, and in the package's public
layers; and it must still catch a wrong annotation, so that 0 means something.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
USER_CODE = ROOT / "tests" / "contracts" / "typing" / "user_code.py"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("basedpyright") is None,
    reason="basedpyright is not installed (pip install -e '.[test]')")


def _check(*args: str | Path, cwd: Path = ROOT) -> dict:
  """Runs basedpyright on ``args`` and returns its JSON report."""
  # --pythonpath: resolve jax/flax in this interpreter's environment. jaxpool
  # itself resolves from the project root first, so the tree under test is
  # checked even when another checkout is installed.
  proc = subprocess.run(
      [sys.executable, "-m", "basedpyright", "--outputjson",
       "--pythonpath", sys.executable, *map(str, args)],
      cwd=cwd, capture_output=True, text=True, timeout=600)
  try:
    return json.loads(proc.stdout)
  except json.JSONDecodeError:
    pytest.fail(f"basedpyright gave no report (exit {proc.returncode}):\n"
                f"{proc.stdout}\n{proc.stderr}")


def _errors(report: dict) -> list[str]:
  return [f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']}"
          for d in report["generalDiagnostics"] if d["severity"] == "error"]


def test_user_code_has_no_errors():
  errors = _errors(_check(USER_CODE))
  assert not errors, "\n".join(errors)


def test_public_layers_have_no_errors():
  files = sorted((ROOT / "jaxpool").rglob("*.py"))
  errors = _errors(_check(*files))
  assert not errors, "\n".join(errors)


def test_a_wrong_annotation_is_an_error(tmp_path):
  (tmp_path / "pyrightconfig.json").write_text(json.dumps({
      "typeCheckingMode": "standard", "extraPaths": [str(ROOT)]}))
  (tmp_path / "wrong.py").write_text(
      "import jax\n"
      "import jax.numpy as jnp\n"
      "import jaxpool.functional as F\n"
      "x = jnp.ones((1, 4, 4, 1))\n"
      "y: jax.Array = F.max_pool2d(x, 2, return_indices=True)\n"
      "z: tuple[jax.Array, jax.Array] = F.max_pool2d(x, 2)\n"
      "F.avg_pool1d(x, 2, divisor_override=1)\n"
      "from jaxpool.interop import load_torch_state_dict\n"
      "n: int = load_torch_state_dict({}, {'params': {}})\n")
  errors = _errors(_check("wrong.py", cwd=tmp_path))
  lines = sorted(int(e.split(":")[1]) for e in errors)
  assert lines == [5, 6, 7, 9], "\n".join(errors)


def test_examples_and_readme_quickstart_have_no_errors(tmp_path):
  """What a newcomer runs first type-checks clean: every example, and the
  README's Python blocks (each written to a file)."""
  import re
  blocks = re.findall(r"```python\n(.*?)```",
                      (ROOT / "README.md").read_text(), re.S)
  assert blocks, "the README has a Python quickstart"
  files = sorted((ROOT / "examples").glob("*.py"))
  for i, block in enumerate(blocks):
    path = tmp_path / f"readme_block_{i}.py"
    path.write_text(block)
    files.append(path)
  errors = _errors(_check(*files))
  assert not errors, "\n".join(errors)
  # The blocks were checked against this tree's jaxpool, not skipped.
  bad = tmp_path / "bad.py"
  bad.write_text("import jaxpool.nn as jnn\njnn.Linear(10)\n")
  assert _errors(_check(bad))
