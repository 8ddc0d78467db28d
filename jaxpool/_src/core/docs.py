"""The docstring kit: rank-specific docstrings from one template per family.

Public functions and Modules are written out per rank (``max_pool1d``,
``max_pool2d``, ...) so readers and type checkers see real signatures; their
docstrings differ only in rank-specific words (the spatial dims, the flat
index formula) and in the doctest example, so they are filled from one
template with :func:`fill` (functions) or :func:`module` (Modules).
"""

from __future__ import annotations

from typing import Any, Callable, Optional, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])

# The spatial dims, and the flat index of a cell within its (sample, channel)
# plane, as docstrings spell them per rank.
SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}
INDEX = {1: "``w``", 2: "``h * W + w``", 3: "``d * H * W + h * W + w``"}

_EXAMPLE = """
  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.{module} as {alias}
"""
_ALIAS = {"functional": "F", "nn": "jnn", "nnx": "jnnx"}
# NNX examples build Modules with ``rngs=nnx.Rngs(...)``.
_NNX_IMPORT = "    >>> from flax import nnx\n"


def example(body: str, module: str = "functional") -> str:
  """An ``Example:`` section: the imports, then ``body`` (indented doctest).

  ``body`` calls ``jaxpool.functional`` as ``F``, ``jaxpool.nn`` as ``jnn``
  (``module="nn"``) or ``jaxpool.nnx`` as ``jnnx`` (``module="nnx"``, which
  also imports ``flax.nnx as nnx``).
  """
  head = _EXAMPLE.format(module=module, alias=_ALIAS[module])
  if module == "nnx":
    head += _NNX_IMPORT
  return head + body + "\n"


def render(template: str, n: int, **fields: Any) -> str:
  """Formats ``template`` for rank ``n``.

  The fields ``n``, ``sp`` (:data:`SPATIAL`) and ``index`` (:data:`INDEX`)
  are always available. A string field may itself be a template over the
  same fields (e.g. a shared ``Args`` entry), filled before the outer one.
  """
  base: dict[str, Any] = dict(n=n, sp=SPATIAL[n], index=INDEX[n])
  base.update(fields)
  filled = {k: v.format_map(base) if isinstance(v, str) else v
            for k, v in base.items()}
  return template.format_map(filled)


def fill(template: str, n: int, body: str,
         **fields: Any) -> Callable[[_F], _F]:
  """Decorator: sets a public function's docstring for rank ``n``.

  Args:
    template: the family's docstring, without the example (see
      :func:`render` for the fields).
    n: the spatial rank.
    body: the doctest lines of the example, called through
      ``jaxpool.functional as F``.
    **fields: the template's other fields.

  Returns:
    A decorator that sets ``__doc__`` and returns the function unchanged.
  """
  doc = render(template, n, **fields) + example(body)

  def decorate(fn: _F) -> _F:
    fn.__doc__ = doc
    return fn
  return decorate


def module(template: Optional[str], fn_name: str, n: int, body: str,
           api: str = "nn", **fields: Any) -> Optional[str]:
  """A Module's docstring for rank ``n``, with ``{fn}`` its function's name.

  Used in the class statement as ``__doc__ = docs.module(...)``, usually with
  the N-d base class's docstring as ``template``; ``body`` is the doctest,
  called through ``jaxpool.nn as jnn`` (or ``jaxpool.nnx as jnnx`` with
  ``api="nnx"``).
  """
  if template is None:  # python -OO strips docstrings
    return None
  return render(template, n, fn=fn_name, **fields) + example(body, api)
