"""What a schedule is: the operations the families (``pool/``) ask of one.

A schedule is a module (:mod:`.cpu`, :mod:`.xla`) holding these functions;
a module satisfies a Protocol, so :func:`jaxpool._src.schedules.get` returns
it typed as :class:`Schedule`, and the type checker (basedpyright, in the
suite) fails a registered schedule that lacks one or differs in signature.
Every operation gives PyTorch's values, indices and gradients; schedules
differ only in the programs they build.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import jax
from jax.typing import DTypeLike

from jaxpool._src.core.args import Layout
from jaxpool._src.core.geometry import Window

T = TypeVar("T")

# A schedule's record of each window's winner, from ``max_and_codes``; only
# the same schedule's ``codes_to_index`` and ``select_winners`` read it.
Codes = tuple[jax.Array, ...]


class Schedule(Protocol):
  """How window reductions are computed: one module per kind of backend."""

  def window_max(self, x: jax.Array, w: Window) -> jax.Array:
    """Max over each window of ``w``; padding is the dtype's lowest value."""
    ...

  def max_and_codes(self, x: jax.Array, w: Window) -> tuple[jax.Array,
                                                            Codes]:
    """Max over each window and the codes of PyTorch's first-max winner."""
    ...

  def codes_to_index(self, w: Window, codes: Codes,
                     dtype: DTypeLike) -> jax.Array:
    """The winners named by ``codes`` as PyTorch's flat plane indices."""
    ...

  def max_and_index(self, x: jax.Array, w: Window,
                    dtype: DTypeLike) -> tuple[jax.Array, jax.Array]:
    """Max over each window and its winner's flat plane index (PyTorch's)."""
    ...

  def select_winners(self, xd: jax.Array, w: Window,
                     codes: Codes) -> jax.Array:
    """Per output, ``xd`` at its winner: linear in ``xd`` (max's tangent)."""
    ...

  def window_sum(self, x: jax.Array, w: Window) -> jax.Array:
    """Each window's sum as PyTorch's running sum; a zero sum is ``+0``."""
    ...

  def tangent_window_sum(self, xd: jax.Array, w: Window) -> jax.Array:
    """Window sums of a tangent, in any order (transposed: the gradient)."""
    ...

  def store(self, fn: Callable[..., T], *operands: Any) -> T:
    """``fn(*operands)``, stored apart from its users where that pays."""
    ...

  def unpool(self, x: jax.Array, indices: jax.Array, lay: Layout,
             w: Window) -> jax.Array:
    """Max unpooling: ``x`` at its flat plane ``indices`` in a zero output."""
    ...
