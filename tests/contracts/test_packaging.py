"""The package's metadata: one version, the license, the sdist's contents.

The metadata checks read pyproject.toml and need nothing installed; building
the sdist and wheel (and ``twine check``) is slow and runs with ``-m slow``.
"""

import pathlib
import re
import subprocess
import sys
import tarfile
import zipfile

import pytest

try:
  import tomllib
except ImportError:  # Python 3.10
  from pip._vendor import tomli as tomllib

import jaxpool

ROOT = pathlib.Path(__file__).resolve().parents[2]


def pyproject():
  return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_version_is_written_once_in_jaxpool():
  project = pyproject()["project"]
  assert "version" not in project and "version" in project["dynamic"]
  attr = pyproject()["tool"]["setuptools"]["dynamic"]["version"]["attr"]
  assert attr == "jaxpool.__version__"
  assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+|rc\d+)?", jaxpool.__version__)
  # Written as a literal, so that setuptools reads it without importing jax.
  init = (ROOT / "jaxpool" / "__init__.py").read_text()
  assert f'__version__ = "{jaxpool.__version__}"' in init


def test_changelog_has_the_version_and_an_unreleased_section():
  text = (ROOT / "CHANGELOG.md").read_text()
  headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
  assert headings[0] == "Unreleased"
  assert jaxpool.__version__ in headings
  for name in headings:  # Keep a Changelog's link references
    assert re.search(rf"^\[{re.escape(name)}\]: https://", text, re.M), name


def test_license_is_spdx_with_its_file():
  data = pyproject()
  project = data["project"]
  assert project["license"] == "Apache-2.0"
  assert project["license-files"] == ["LICENSE"]
  text = (ROOT / "LICENSE").read_text()
  assert "Apache License" in text and "Version 2.0, January 2004" in text
  assert "END OF TERMS AND CONDITIONS" in text
  # PEP 639: no license classifier beside the SPDX expression.
  assert not [c for c in project["classifiers"] if c.startswith("License ::")]
  requires = " ".join(data["build-system"]["requires"])
  assert re.search(r"setuptools>=(\d+)", requires)
  assert int(re.search(r"setuptools>=(\d+)", requires).group(1)) >= 77


def test_classifiers_urls_and_extras():
  project = pyproject()["project"]
  assert "Typing :: Typed" in project["classifiers"]
  low, = re.findall(r">=3\.(\d+)", project["requires-python"])
  versions = [c.rsplit(" ", 1)[-1] for c in project["classifiers"]
              if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
  assert versions and min(int(v.split(".")[1]) for v in versions) == int(low)
  urls = project["urls"]
  assert {"Homepage", "Documentation", "Source", "Changelog"} <= set(urls)
  assert all(u.startswith("https://") for u in urls.values())
  extras = project["optional-dependencies"]
  assert {"test", "examples", "docs"} <= set(extras)
  assert any(d.startswith("mkdocstrings[python]") for d in extras["docs"])
  assert (ROOT / "jaxpool" / "py.typed").exists()


def test_sdist_leaves_out_the_tests():
  """The sdist does not ship tests it could not run (they need examples/,
  benchmarks/ and the CI set-up): MANIFEST.in prunes them."""
  manifest = (ROOT / "MANIFEST.in").read_text().splitlines()
  for folder in ("tests", "examples", "benchmarks", "docs"):
    assert f"prune {folder}" in manifest
  assert "include LICENSE README.md CHANGELOG.md" in manifest


@pytest.mark.slow
def test_build_sdist_and_wheel(tmp_path):
  pytest.importorskip("build")
  subprocess.run([sys.executable, "-m", "build", "--no-isolation",
                  "--outdir", str(tmp_path), str(ROOT)], check=True,
                 capture_output=True)
  version = jaxpool.__version__
  sdist = tmp_path / f"jaxpool-{version}.tar.gz"
  wheel = tmp_path / f"jaxpool-{version}-py3-none-any.whl"
  with tarfile.open(sdist) as tar:
    names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
  assert not [n for n in names if n.startswith(("tests/", "examples/",
                                                "benchmarks/", "docs/"))]
  for name in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml",
               "jaxpool/py.typed", "jaxpool/_src/__init__.py"):
    assert name in names, name
  package = {p.relative_to(ROOT).as_posix()
             for p in (ROOT / "jaxpool").rglob("*.py")}
  with zipfile.ZipFile(wheel) as whl:
    in_wheel = set(whl.namelist())
    metadata = whl.read(f"jaxpool-{version}.dist-info/METADATA").decode()
  assert package <= in_wheel and "jaxpool/py.typed" in in_wheel
  assert f"jaxpool-{version}.dist-info/licenses/LICENSE" in in_wheel
  assert "License-Expression: Apache-2.0" in metadata
  assert f"Version: {version}" in metadata
  twine = pytest.importorskip("twine")
  del twine
  subprocess.run([sys.executable, "-m", "twine", "check", "--strict",
                  str(sdist), str(wheel)], check=True, capture_output=True)
