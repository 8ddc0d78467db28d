"""A griffe extension for the docs build: jaxpool's docstrings as rendered.

jaxpool writes its rank-specific docstrings from one template per family
(``jaxpool/_src/core/docs.py``): decorators and ``__doc__ = docs.module(...)``
that static analysis cannot evaluate. Everything else (signatures, fields,
annotations) is read statically; this extension takes each function's and
class's docstring from the imported object instead.

The docstrings are written for ``help()`` and doctest, in Google style with
reST inline markup; they are adapted for Markdown here, not in the source:
``Example:`` becomes griffe's ``Examples:`` section (doctests rendered as
code), roles such as ``:func:`schedule``` become inline code, and a ``::``
literal block becomes a fenced code block.
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any

import griffe


_ROLE = re.compile(r":(?:func|class|mod|meth|attr|data|obj|exc):`~?([^`]+)`")


def markdown(doc: str) -> str:
  """The Markdown form of a docstring (see the module docstring)."""
  doc = _ROLE.sub(r"``\1``", doc)
  lines = doc.splitlines()
  out: list[str] = []
  i = 0
  while i < len(lines):
    line = lines[i]
    if re.fullmatch(r"(\s*)Example:\s*", line):
      line = line.replace("Example:", "Examples:")
    stripped = line.rstrip()
    if stripped.endswith("::"):
      indent = len(line) - len(line.lstrip())
      text = stripped[:-2].rstrip()
      if text.strip():
        out.append(text + ":")
      j = i + 1
      while j < len(lines) and not lines[j].strip():
        j += 1
      block = []
      while j < len(lines) and (not lines[j].strip() or
                                len(lines[j]) - len(lines[j].lstrip()) > indent):
        block.append(lines[j])
        j += 1
      while block and not block[-1].strip():
        block.pop()
      if block:
        pad = " " * indent
        inner = min(len(b) - len(b.lstrip()) for b in block if b.strip())
        out += ["", pad + "```"]
        out += [pad + b[inner:] if b.strip() else "" for b in block]
        out += [pad + "```", ""]
        i = j
        continue
    out.append(line)
    i += 1
  return "\n".join(out)


def _runtime(path: str) -> Any:
  parts = path.split(".")
  for i in range(len(parts), 0, -1):
    try:
      obj = importlib.import_module(".".join(parts[:i]))
    except ImportError:
      continue
    for name in parts[i:]:
      obj = getattr(obj, name)
    return obj
  raise ImportError(path)


class RuntimeDocstrings(griffe.Extension):
  """Replaces static docstrings of jaxpool objects by their runtime ones."""

  def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader,
                 **kwargs: Any) -> None:
    # The parser mkdocstrings configured (google, warn_missing_types off).
    self._parser = loader.docstring_parser
    self._options = loader.docstring_options
    if pkg.docstring is not None:
      self._set(pkg, pkg.docstring.value)
    self._walk(pkg)

  def _set(self, obj: griffe.Object, doc: str) -> None:
    obj.docstring = griffe.Docstring(
        markdown(inspect.cleandoc(doc)), parent=obj, parser=self._parser,
        parser_options=self._options)

  def _walk(self, obj: griffe.Object) -> None:
    for member in obj.members.values():
      if member.is_alias:
        continue
      if member.is_module or member.is_class:
        self._walk(member)
      if not (member.is_function or member.is_class or member.is_module):
        continue
      try:
        live = _runtime(member.path)
      except (ImportError, AttributeError):
        continue
      doc = getattr(live, "__doc__", None)
      if doc:
        self._set(member, doc)
