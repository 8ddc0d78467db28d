"""Public functions written once for several ranks.

A per-rank family (``max_pool1d``, ``max_pool2d``, ``max_pool3d``) is one
:func:`per_rank` template: a ``def`` that is never called, whose signature
is the functions' and whose docstring is their docstring's template (with
the fields of :func:`jaxpool._src.layers.docs.rank_fields` and the
template's own). ``tools/generate_layers.py`` writes one real function per
rank into ``jaxpool/_src/api/``: the signature, the rendered docstring with
its example, and a body that calls the N-d ``core`` as
``core(name, rank, *arguments)`` in the core's parameter order.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Mapping, Optional


@dataclasses.dataclass(frozen=True)
class Overload:
  """``typing.overload``s on a bool argument that switches the return type.

  ``flag`` must be the last positional argument; ``when_false`` and
  ``when_true`` are the return annotations (as source text).
  """
  flag: str
  when_false: str
  when_true: str


@dataclasses.dataclass(frozen=True)
class FunctionTemplate:
  """A per-rank public function family (see the module docstring)."""
  template: Callable[..., Any]
  name: str
  ranks: tuple[int, ...]
  core: Callable[..., Any]
  examples: Mapping[int, str]
  fields: Mapping[str, str]
  rank_fields: Mapping[int, Mapping[str, str]]
  fixed: Mapping[str, str]
  rank_only: Mapping[str, tuple[int, ...]]
  overload: Optional[Overload]
  doc: Optional[str]
  args_from: Optional[FunctionTemplate]

  def public_name(self, n: int) -> str:
    return self.name.format(n=n)


def per_rank(name: str, ranks: tuple[int, ...], *, core: Callable[..., Any],
             examples: Mapping[int, str],
             fields: Optional[Mapping[str, str]] = None,
             rank_fields: Optional[Mapping[int, Mapping[str, str]]] = None,
             fixed: Optional[Mapping[str, str]] = None,
             rank_only: Optional[Mapping[str, tuple[int, ...]]] = None,
             overload: Optional[Overload] = None,
             doc: Optional[str] = None,
             args_from: Optional[FunctionTemplate] = None,
             ) -> Callable[[Callable[..., Any]], FunctionTemplate]:
  """Declares a per-rank function family from the decorated template.

  Args:
    name: the public name with ``{n}`` for the rank, e.g. ``"max_pool{n}d"``.
    ranks: the ranks to write.
    core: the N-d implementation, called as ``core(public_name, rank, ...)``
      with the template's arguments by parameter name.
    examples: per rank, the doctest lines of the docstring's example.
    fields: the docstring template's own fields (shared snippets).
    rank_fields: fields that differ per rank.
    fixed: core arguments that are constants here (source text), e.g.
      ``{"return_indices": "True"}`` for ``max_pool{n}d_with_indices``.
    rank_only: arguments present only in some ranks; in the others the core
      gets the template's default.
    overload: the return-type overloads, if a flag switches the return type.
    doc: the docstring template, where several families share one (the
      template's own docstring is used otherwise).
    args_from: a family whose docstring documents the arguments this
      docstring does not (its ``Args`` entries and ``Shape`` are taken,
      e.g. ``max_pool{n}d_with_indices`` from ``max_pool{n}d``).
  """
  def register(template: Callable[..., Any]) -> FunctionTemplate:
    return FunctionTemplate(
        template, name, tuple(ranks), core, dict(examples),
        dict(fields or {}), dict(rank_fields or {}), dict(fixed or {}),
        dict(rank_only or {}), overload, doc, args_from)
  return register
