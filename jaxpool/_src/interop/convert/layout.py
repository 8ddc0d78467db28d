"""What the converter knows about each value of the generated code.

A PyTorch tensor becomes a JAX array in some *stored* layout: ``perm``
lists, for each stored axis, the PyTorch dim it holds (channels-last
``(N, H, W, C)`` is ``(0, 2, 3, 1)``; PyTorch's own layout is the identity).
The converter follows each value's ``perm`` through the graph, so every dim
argument is translated where it is used, and layouts change only where an
operation needs another one (a convolution needs channels last; a reshape of
a permuted map needs PyTorch's order), with a transpose written there.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Optional, Union

Perm = tuple[int, ...]


def identity(rank: int) -> Perm:
  return tuple(range(rank))


def channels_last(rank: int) -> Perm:
  """``(N, *spatial, C)`` for a map of rank >= 3; vectors keep their order."""
  if rank <= 2:
    return identity(rank)
  return (0, *range(2, rank), 1)


def torch_dim(dim: int, rank: int) -> int:
  """A PyTorch dim, negative or not, as a non-negative one."""
  if not -max(rank, 1) <= dim < max(rank, 1):
    raise IndexError(f"dim {dim} is out of range for rank {rank}")
  return dim % max(rank, 1)


def stored_axis(perm: Perm, dim: int) -> int:
  """The stored axis that holds PyTorch dim ``dim``."""
  return perm.index(torch_dim(dim, len(perm)))


def axis_text(perm: Perm, dim: int) -> str:
  """``stored_axis`` as written in code: ``-1`` for the last axis."""
  axis = stored_axis(perm, dim)
  return "-1" if axis == len(perm) - 1 and axis > 0 else str(axis)


def transpose_axes(src: Perm, dst: Perm) -> tuple[int, ...]:
  """The ``jnp.transpose`` axes that take layout ``src`` to ``dst``."""
  return tuple(src.index(d) for d in dst)


def in_torch_order(perm: Perm, shape: tuple[int, ...],
                   dims: Optional[range] = None) -> bool:
  """Whether the stored array lists the values of ``dims`` (default: all)
  in PyTorch's order: their stored axes ascend, size-1 dims aside (the
  batch dim is never taken as size 1: only the example has one)."""
  dims = range(len(perm)) if dims is None else dims
  kept = [d for d in perm if d in dims and (d == 0 or shape[d] != 1)]
  return kept == sorted(kept)


def drop_dims(perm: Perm, dropped: set[int]) -> Perm:
  """The layout after PyTorch dims ``dropped`` are removed (reduced or
  indexed away): the others renumbered, in their stored order."""
  kept = [d for d in perm if d not in dropped]
  return tuple(sorted(kept).index(d) for d in kept)


def insert_dim(perm: Perm, dim: int) -> tuple[Perm, int]:
  """The layout after a new PyTorch dim ``dim`` is inserted, and the stored
  axis it gets: just after the stored axis of dim ``dim - 1``."""
  shifted = [d + 1 if d >= dim else d for d in perm]
  axis = 0 if dim == 0 else shifted.index(dim - 1) + 1
  shifted.insert(axis, dim)
  return tuple(shifted), axis


@dataclasses.dataclass(frozen=True)
class FlatOrder:
  """The last dim of a vector flattened from a map in stored order: the
  PyTorch shape of the flattened dims (``(C, H, W)``) and the order in
  which they lie (``(1, 2, 0)``: H, W, then C). The ``Linear`` that takes it
  gets its weight's columns permuted instead of the vector."""
  block: tuple[int, ...]
  order: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class Tensor:
  """An array of the generated code: its expression, PyTorch's shape for
  the example input, and its stored layout."""
  expr: str
  shape: tuple[int, ...]
  perm: Perm
  flat: Optional[FlatOrder] = None
  fixed: bool = False  # its shape is the model's (a Parameter), not the input's

  @property
  def rank(self) -> int:
    return len(self.shape)


@dataclasses.dataclass(frozen=True)
class Py:
  """A Python value (a number, a size, a constant): its expression and its
  value for the example input."""
  expr: str
  value: Any


@dataclasses.dataclass(frozen=True)
class Seq:
  """A tuple or list of values; ``expr`` when a variable holds it."""
  items: tuple[Val, ...]
  expr: Optional[str] = None
  is_list: bool = False
  keys: Optional[tuple[str, ...]] = None  # a dict's, in order


Val = Union[Tensor, Py, Seq]


def text(v: Val) -> str:
  """A value as written in the generated code."""
  if isinstance(v, (Tensor, Py)):
    return v.expr
  if v.expr is not None:
    return v.expr
  if v.keys is not None:
    return "{" + ", ".join(f"{k!r}: {text(i)}" for k, i in zip(
        v.keys, v.items)) + "}"
  inner = ", ".join(text(i) for i in v.items)
  if v.is_list:
    return f"[{inner}]"
  return f"({inner},)" if len(v.items) == 1 else f"({inner})"


def const(value: Any) -> Py:
  return Py(repr(value), value)


def python_value(v: Val) -> Any:
  """The example value of a Python value or a tuple of them."""
  if isinstance(v, Py):
    return v.value
  if isinstance(v, Seq) and v.keys is not None:
    return {k: python_value(i) for k, i in zip(v.keys, v.items)}
  if isinstance(v, Seq):
    return tuple(python_value(i) for i in v.items)
  raise TypeError("a tensor where a Python value is expected")
