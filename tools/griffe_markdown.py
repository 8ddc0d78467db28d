"""A griffe extension for the docs build: jaxpool's docstrings in Markdown.

The docstrings are written for ``help()``, editors and doctest, in Google
style with reST inline markup, and read statically from the source (the
generated files hold them literally). Here, at build time, they are adapted
for Markdown, not in the source: ``Example:`` becomes griffe's ``Examples:``
section (doctests rendered as code), roles such as ``:func:`schedule``` become
inline code, and a ``::`` literal block becomes a fenced code block. Nothing
is imported.
"""

from __future__ import annotations

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


class MarkdownDocstrings(griffe.Extension):
  """Rewrites each object's static docstring into Markdown (see above)."""

  def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
    del kwargs
    if obj.docstring is not None:
      obj.docstring.value = markdown(obj.docstring.value)
