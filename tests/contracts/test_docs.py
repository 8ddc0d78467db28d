"""The Python examples of the README and the docs pages run as written.

Every ```python block of README.md and docs/*.md runs, in order, one
namespace per file, unless the line before its fence is
``<!-- not run: reason -->`` (an API still to come); a block after
``<!-- needs: module -->`` runs where that module imports (PyTorch).
Blocks inside HTML comments are not examples. The docstring examples
are run separately, as doctests (``--doctest-modules`` in pyproject.toml).
"""

import importlib.util
import pathlib
import re

import jax
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
_FENCE = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks(text):
  text = re.sub(r"<!--(?! not run:| needs:).*?-->", "", text, flags=re.S)
  for match in _FENCE.finditer(text):
    before = text[:match.start()].rstrip().splitlines()
    if before and before[-1].startswith("<!-- not run:"):
      continue
    needs = re.match(r"<!-- needs: (\S+) -->", before[-1]) if before else None
    if needs and importlib.util.find_spec(needs.group(1)) is None:
      continue
    yield match.group(1)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_python_examples_run(page):
  code = list(blocks(page.read_text()))
  namespace = {"__name__": f"docs_{page.stem}"}
  with jax.numpy_dtype_promotion("standard"):  # as users run them
    for block in code:
      exec(compile(block, str(page), "exec"), namespace)


def test_readme_keeps_the_two_commands():
  """CI greps the test command; the two lines stay exactly as they are."""
  lines = (ROOT / "README.md").read_text().splitlines()
  assert 'pip install -e ".[examples]" && python examples/digits_cnn.py' in lines
  assert 'pip install -e ".[test]" && python -m pytest -q -n auto' in lines


def test_readme_links_resolve():
  text = (ROOT / "README.md").read_text()
  for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
    if not target.startswith("http"):
      assert (ROOT / target).exists(), target
