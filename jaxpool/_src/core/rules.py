"""PyTorch's reduction rules, written once for every schedule and family.

The running first-max (NaN wins, ties keep the first tap, an all -inf
window keeps its first in-bounds tap), the accumulation dtype of sums, and
the average's divisor. Schedules supply the taps; the rules decide.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src.core import geometry
from jaxpool._src.core.geometry import Window


def lowest(dtype):
  if jnp.issubdtype(dtype, jnp.floating):
    return -jnp.inf
  return jnp.iinfo(dtype).min


def running_winner(views, tap_values):
  """PyTorch's running ``(max, tap_values[offset])`` over ``views``.

  PyTorch's CPU kernel scans a window in row-major order from its first
  in-bounds tap, replacing the running max when a tap is strictly greater
  or NaN: so the first of equal maxima wins (+0 and -0 being equal), and
  the last NaN. Here the scan starts at the first view, whatever its value;
  a window whose every tap is the dtype's lowest value (-inf, or padding
  filled with it) then keeps the first view, which callers that start
  elsewhere replace. One chain of selects, which XLA fuses into one loop
  (cheaper than comparing each view with a recomputed max).
  """
  best = views[0]
  tap = jnp.full(best.shape, tap_values[0], tap_values.dtype)
  is_float = jnp.issubdtype(best.dtype, jnp.floating)
  for v, value in zip(views[1:], tap_values[1:]):
    take = v > best
    if is_float:
      take = take | jnp.isnan(v)
    best = jnp.where(take, v, best)
    tap = jnp.where(take, value, tap)
  return best, tap


def winning_tap(x: jax.Array, w: Window, tap_values):
  """Per window, ``tap_values`` of the kernel offset PyTorch's CPU kernel
  picks (see :func:`running_winner`), scanning the plain views of ``x``."""
  low = lowest(x.dtype)
  views = [geometry.view(x, w, o, low) for o in w.offsets]
  best, tap = running_winner(views, tap_values)
  first_in_bounds = geometry.initial_code(w)
  if not first_in_bounds.any():
    return tap  # the scan started at each window's first in-bounds tap
  # A window whose max is the lowest value (all -inf, or padding only):
  # PyTorch keeps the first in-bounds tap it started from.
  init = w.spatial_broadcast(tap_values[first_in_bounds], x.ndim)
  return jnp.where(best == low, init, tap)


def accumulation_dtype(dtype):
  """Half-precision inputs are summed in float32 (as PyTorch's opmath)."""
  return jnp.float32 if jnp.finfo(dtype).bits < 32 else dtype


def avg_divisor(w: Window, count_include_pad: bool, divisor_override):
  """PyTorch's divisor per output position, as a NumPy array (or scalar)."""
  if divisor_override is not None:
    return divisor_override
  divisor = np.ones((), np.int64)
  for size, k, s, (lo, hi), o in zip(w.sizes, w.kernel, w.stride, w.pads,
                                     w.out):
    start = np.arange(o) * s - lo
    end = np.minimum(start + k, size + hi)
    if count_include_pad:
      count = end - start
    else:
      count = np.minimum(end, size) - np.maximum(start, 0)
    divisor = np.multiply.outer(divisor, count)
  if np.all(divisor == divisor.flat[0]):
    return int(divisor.flat[0])
  return divisor


def check_pool_dtype(fn: str, x, *, allow_int: bool) -> None:
  dtype = x.dtype
  if jnp.issubdtype(dtype, jnp.floating):
    return
  if allow_int and jnp.issubdtype(dtype, jnp.integer):
    return
  accepted = "floating or integer" if allow_int else "floating"
  raise TypeError(f"{fn}: input dtype {dtype} is not supported; expected a "
                  f"{accepted} dtype.")

