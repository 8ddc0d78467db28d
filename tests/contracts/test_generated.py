"""The files written by tools/generate_layers.py are up to date, and every
public name has a literal docstring with an example where readers look.

The per-rank functions and the linen and NNX Modules are generated from
one definition per layer (jaxpool/_src/layers/); editing a definition
without rerunning the tool, or editing a generated file by hand, fails
here.
"""

import ast
import importlib.util
import inspect
import sys
from pathlib import Path

import flax.linen as nn
import pytest
from flax import nnx

import jaxpool.functional as F
import jaxpool.nn as jnn
import jaxpool.nnx as jnnx
from jaxpool._src.layers import base

ROOT = Path(__file__).resolve().parents[2]


def _generator():
  spec = importlib.util.spec_from_file_location(
      "generate_layers", ROOT / "tools" / "generate_layers.py")
  module = importlib.util.module_from_spec(spec)
  sys.modules.setdefault("generate_layers", module)
  spec.loader.exec_module(module)
  return module


def test_generated_files_are_up_to_date():
  stale = [str(path.relative_to(ROOT))
           for path, text in _generator().outputs().items()
           if not path.exists() or path.read_text() != text]
  assert not stale, ("stale; run python tools/generate_layers.py: "
                     f"{stale}")


def _public():
  for module, alias in ((F, "F"), (jnn, "jnn"), (jnnx, "jnnx")):
    for name in module.__all__:
      yield f"{alias}.{name}", getattr(module, name)


def _literal_docstring(obj) -> str:
  """The docstring as written in the file that defines ``obj`` (the last
  ``def`` of that name: the others are ``typing.overload`` stubs)."""
  code = inspect.unwrap(vars(obj)["__call__"] if isinstance(obj, type)
                        else obj).__code__
  tree = ast.parse(Path(code.co_filename).read_text())
  found = [node for node in tree.body
           if isinstance(node, (ast.FunctionDef, ast.ClassDef))
           and node.name == obj.__name__]
  if not found:
    raise LookupError(obj)
  return ast.get_docstring(found[-1]) or ""


@pytest.mark.parametrize("label,obj", list(_public()))
def test_every_public_name_has_a_literal_docstring_with_an_example(label,
                                                                   obj):
  doc = _literal_docstring(obj)
  assert ">>> " in doc, label
  has_args = "Args:" in doc or "Attributes:" in doc  # linen: fields
  assert has_args or not _takes_arguments(obj), label


def _takes_arguments(obj) -> bool:
  if isinstance(obj, type):
    init = obj.__init__ if issubclass(obj, nnx.Module) else obj
    params = inspect.signature(init).parameters
    return any(p not in ("self", "parent", "name") for p in params)
  return True


@pytest.mark.parametrize("label,cls", [
    (label, obj) for label, obj in _public() if isinstance(obj, type)])
def test_module_call_has_a_real_signature_and_return_type(label, cls):
  sig = inspect.signature(cls.__call__)
  assert "args" not in sig.parameters and "kwargs" not in sig.parameters
  assert sig.return_annotation is not inspect.Signature.empty, label


def _definition_names(cls) -> set[str]:
  names = set()
  for klass in cls.__mro__:
    if issubclass(klass, base.Layer) and klass.__module__.startswith(
        "jaxpool._src.layers"):
      names |= {n for n in vars(klass) if not n.startswith("__")}
  return names


@pytest.mark.parametrize("framework,module", [(nn.Module, jnn),
                                              (nnx.Module, jnnx)])
def test_definitions_shadow_no_flax_attribute(framework, module):
  flax_names = {n for n in dir(framework) if not n.startswith("__")}
  for name in module.__all__:
    clash = _definition_names(getattr(module, name)) & flax_names
    assert not clash, (name, clash)
