"""The ``xla`` schedule: window pooling as programs every XLA backend runs
well (GPU, TPU; CPU too, for comparison).

- Forward max (values only) and sums are ``lax.reduce_window``; a max's NaN
  is decided by an ``isnan`` reduction beside it, never by the backend's
  max (XLA:CPU's vectorised one drops NaN; see :func:`window_max`).
- PyTorch's first-max winner (:func:`rules.window_winner`) is a chain of
  selects over the window's strided views, one fused loop; where it is
  computed (indices, gradients), the max is the winner's value.
- Max pooling's tangent selects, per output, the winner's view of the
  tangent (:func:`geometry.select_views`); transposed, the gradient is in
  the gather form, one pad, select and add per kernel offset: no scatter,
  no ``select_and_scatter``, no atomics, so it is deterministic on every
  backend and runs under ``--xla_gpu_deterministic_ops`` (JAX's own rule
  for ``reduce_window`` max is ``select_and_scatter``, and differentiates
  neither dilated windows nor PyTorch's ties and NaNs). Window sums of
  tangents are ``reduce_window`` sums, which JAX transposes into ``pad`` +
  ``reduce_window``, a gather form too.
- Unpooling is one scatter (:func:`scatter.unpool`, which the ``cpu``
  schedule falls back to): its indices are data and may leave their
  windows. Its gradient is a gather.

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
  """Max over each window; padding is -inf (the lowest int for integers).

  A window holding NaN gives NaN (PyTorch's rule) on every backend: an
  int8 ``reduce_window`` max of ``isnan(x)`` says where, since XLA:CPU's
  vectorised float ``reduce_window`` max drops NaN (from 32 channels,
  channels last) and no backend documents that its max keeps it.
  """
  best = _reduce_window(x, w, rules.lowest(x.dtype), lax.max)
  if not jnp.issubdtype(x.dtype, jnp.floating):
    return best
  has_nan = _reduce_window(jnp.isnan(x).astype(jnp.int8), w, 0, lax.max)
  return rules.with_nan(best, has_nan > 0)


def max_and_codes(x: jax.Array, w: Window):
  """Max over each window and, as a one-element tuple, the kernel offset
  (row-major) that PyTorch's scan picks; the max is the winner's value."""
  taps = np.arange(math.prod(w.kernel), dtype=np.int32)
  best, tap = rules.window_winner(x, w, taps)
  if any((k - 1) * d + 1 > s for k, s, d in zip(w.kernel, w.stride,
                                                 w.dilation)):
    tap = _kept(tap)
  return best, (tap,)


def _kept(code: jax.Array) -> jax.Array:
  """``code`` (non-negative), computed in a loop of its own and stored.

  Where windows overlap, the gradient reads each window's code once per
  kernel offset that reaches an input element; XLA fused the winner's chain
  into that loop and recomputed it per read (8x slower at k3 s2 on
  XLA:CPU). A ``reduce_window`` over a new unit axis, padded with one slot
  of -1, is the identity on such codes and stays a loop of its own: a store
  without a conditional (``lax.optimization_barrier`` is removed before
  fusion).
  """
  e = code[..., None]
  ones = (1,) * code.ndim
  kept = lax.reduce_window(e, np.array(-1, code.dtype), lax.max, ones + (2,),
                           ones + (1,), [(0, 0)] * code.ndim + [(0, 1)])
  return kept[..., 0]


def codes_to_index(w: Window, codes, dtype) -> jax.Array:
  """The codes of :func:`max_and_codes` to PyTorch's flat plane index."""
  return geometry.code_to_index(codes[0], w, dtype)


def max_and_index(x: jax.Array, w: Window, dtype):
  """Max over each window (the winner's value) and PyTorch's flat index of
  it in the plane: the window's first tap plus the winning tap's offset, in
  the winner's loop."""
  first = geometry.first_tap_index(w, w.out_shape(x.shape), dtype)
  best, tap = rules.window_winner(x, w, geometry.tap_plane_offsets(w, dtype))
  return best, first + tap


def select_winners(xd: jax.Array, w: Window, codes) -> jax.Array:
  """Per output, the tangent of the input element that won: the winner's
  view of ``xd``, whose transpose (the gradient) gathers, per input
  element, the cotangents of the windows it won (no scatter). A window with
  no tap in the input reads 0."""
  return geometry.select_views(xd, w, codes[0])


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
