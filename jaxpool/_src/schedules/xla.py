"""The ``xla`` schedule: window pooling as programs every XLA backend runs
well (GPU, TPU; CPU too, for comparison).

- Forward max and sums are ``lax.reduce_window``.
- PyTorch's first-max winner (:func:`rules.winning_tap`) is a chain of
  selects over the window's strided views, one fused loop.
- Max pooling's tangent gathers, per output, the winner's tangent from its
  plane; transposed, the gradient is one scatter-add (JAX's own rule for
  ``reduce_window`` max differentiates neither dilated windows nor
  PyTorch's ties and NaNs). Window sums of tangents are ``reduce_window``
  sums, which JAX transposes into ``pad`` + ``reduce_window``.
- Unpooling is one scatter (:func:`scatter.unpool`, which the ``cpu``
  schedule falls back to).

No conditional, loop or host callback: every choice here is static.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from jaxpool._src.core import args as _args
from jaxpool._src.core import geometry
from jaxpool._src.core import rules
from jaxpool._src.core.geometry import Window
from jaxpool._src.schedules.scatter import unpool

__all__ = ["codes_to_index", "max_and_codes", "max_and_index",
           "select_winners", "store", "tangent_window_sum", "unpool",
           "window_max", "window_sum"]

T = TypeVar("T")


def store(fn: Callable[..., T], *operands: Any) -> T:
  """``fn(*operands)``: no barrier, XLA fuses as it sees fit."""
  return fn(*operands)


def _reduce_window(x: jax.Array, w: Window, init, op) -> jax.Array:
  """``op`` over each window of ``w``: exactly ``w.out`` outputs per dim.

  The high padding is what the last window needs, past PyTorch's (under
  ceil_mode) or short of it (inputs the last window does not reach are
  sliced off: reduce_window pads only).
  """
  dims, strides, dilation = [1] * x.ndim, [1] * x.ndim, [1] * x.ndim
  pads, limits = [(0, 0)] * x.ndim, list(x.shape)
  for a, size, k, s, d, (lo, _), o in zip(w.axes, w.sizes, w.kernel,
                                          w.stride, w.dilation, w.pads, w.out):
    hi = (o - 1) * s + (k - 1) * d + 1 - size - lo
    dims[a], strides[a], dilation[a] = k, s, d
    pads[a] = (lo, max(hi, 0))
    limits[a] = size + min(hi, 0)
  if limits != list(x.shape):
    x = lax.slice(x, [0] * x.ndim, limits)
  return lax.reduce_window(x, np.array(init, x.dtype), op, dims, strides,
                           pads, window_dilation=dilation)


def window_max(x: jax.Array, w: Window) -> jax.Array:
  """Max over each window; padding is -inf (the lowest int for integers)."""
  return _reduce_window(x, w, rules.lowest(x.dtype), lax.max)


def max_and_codes(x: jax.Array, w: Window):
  """Max over each window and, as a one-element tuple, the kernel offset
  (row-major) that PyTorch's scan picks."""
  taps = np.arange(math.prod(w.kernel), dtype=np.int32)
  return window_max(x, w), (rules.winning_tap(x, w, taps),)


def codes_to_index(w: Window, codes, dtype) -> jax.Array:
  """The codes of :func:`max_and_codes` to PyTorch's flat plane index."""
  return geometry.code_to_index(codes[0], w, dtype)


def max_and_index(x: jax.Array, w: Window, dtype):
  """Max over each window and PyTorch's flat index of it in the plane: the
  window's first tap plus the winning tap's offset, in the winner's loop."""
  first = geometry.first_tap_index(w, w.out_shape(x.shape), dtype)
  tap = rules.winning_tap(x, w, geometry.tap_plane_offsets(w, dtype))
  return window_max(x, w), first + tap


def select_winners(xd: jax.Array, w: Window, codes) -> jax.Array:
  """Per output, the tangent of the input element that won: a gather from
  each (sample, channel) plane, whose transpose (the gradient) is one
  scatter-add. A window with no tap in the input has no winner: 0."""
  index = geometry.code_to_index(codes[0], w, _args.index_dtype())
  plane = math.prod(w.sizes)
  empty = geometry.windows_without_taps(w)
  if empty.any():
    index = jnp.where(w.spatial_broadcast(empty, index.ndim),
                      np.array(plane, index.dtype), index)
  a0, n = w.axes[0], len(w.axes)
  flat = xd.reshape(xd.shape[:a0] + (-1,) + xd.shape[a0 + n:])
  idx = index.reshape(index.shape[:a0] + (-1,) + index.shape[a0 + n:])
  picked = jnp.take_along_axis(flat, idx, axis=a0, mode="fill",
                               fill_value=0)
  return picked.reshape(index.shape)


def window_sum(x: jax.Array, w: Window) -> jax.Array:
  """Each window's sum, padding adding ``+0``; a zero sum is ``+0`` (as
  PyTorch's, which starts from ``+0``), whatever XLA makes of the start.

  XLA:CPU adds the taps in row-major window order from the start value,
  as PyTorch, so the same sums overflow; other backends fix no order.
  """
  total = _reduce_window(x, w, 0, lax.add)
  return jnp.where(total == 0, jnp.zeros((), total.dtype), total)


def tangent_window_sum(xd: jax.Array, w: Window) -> jax.Array:
  """Window sums of a tangent; transposed by JAX into pad + reduce_window."""
  return _reduce_window(xd, w, 0, lax.add)
