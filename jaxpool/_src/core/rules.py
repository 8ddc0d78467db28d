"""PyTorch's reduction rules, written once for every schedule and family.

The first max: PyTorch's CPU kernel scans a window in row-major order and
replaces its running max when a tap is strictly greater or NaN, so ties keep
the first tap (+0 and -0 being equal), a NaN window keeps its last NaN, and
an all -inf window its first in-bounds tap. That one rule has three forms,
one per way the taps arrive: as views scanned in order
(:func:`running_winner`, :func:`winning_tap`), as views whose max is already
known (:func:`first_winning_tap`), and as slots along an axis
(:func:`first_max_along`); ``tests/core/test_rules.py`` checks that they agree.
Also here: the accumulation dtype of sums, and the average's divisor.
Schedules and families supply the taps; the rules decide.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src.core import args as _args
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
  tap = jax.lax.full(best.shape, tap_values[0], tap_values.dtype)
  is_float = jnp.issubdtype(best.dtype, jnp.floating)
  # (lax, not jnp: jnp's functions are jitted, and a chain of them costs
  # tracing, and differentiating, a nested jit per select.)
  for v, value in zip(views[1:], tap_values[1:]):
    take = jax.lax.gt(v, best)
    if is_float:
      take = jax.lax.bitwise_or(take, jax.lax.ne(v, v))  # or v is NaN
    best = jax.lax.select(take, v, best)
    tap = jax.lax.select(take, jax.lax.full(tap.shape, value, tap.dtype),
                         tap)
  return best, tap


def window_winner(x: jax.Array, w: Window, tap_values, views=None):
  """Per window, PyTorch's max (the winner's value: NaN where the window
  holds one, the first of equal maxima, so also its zero's sign) and
  ``tap_values`` of the kernel offset PyTorch's CPU kernel picks (see
  :func:`running_winner`), scanning the views of ``x`` (by default its plain
  views; ``views``: the same filled with the dtype's lowest value, built
  another way).

  The value comes from the winner, never from a backend's max, which may
  drop NaN (XLA:CPU's vectorised ``reduce_window`` and ``reduce`` max do).
  """
  low = lowest(x.dtype)
  if views is None:
    views = [geometry.view(x, w, o, low) for o in w.offsets]
  best, tap = running_winner(views, tap_values)
  first_in_bounds = geometry.initial_code(w)
  if not first_in_bounds.any():
    return best, tap  # the scan started at each window's first in-bounds tap
  # A window whose max is the lowest value (all -inf, or padding only):
  # PyTorch keeps the first in-bounds tap it started from.
  init = w.spatial_broadcast(tap_values[first_in_bounds], x.ndim)
  return best, jnp.where(best == low, init, tap)


def winning_tap(x: jax.Array, w: Window, tap_values, views=None):
  """Per window, ``tap_values`` of the kernel offset PyTorch's CPU kernel
  picks: :func:`window_winner`'s tap."""
  return window_winner(x, w, tap_values, views)[1]


def first_max_along(w: jax.Array, axis: int) -> jax.Array:
  """Per window, the slot along ``axis`` that PyTorch's scan keeps.

  The scan replaces its running max when a value is strictly greater or NaN:
  the first max wins, or, when the window holds NaN, the last NaN. Returns the
  slot with ``axis`` kept (size 1). Built from plain max/min reductions,
  which XLA:CPU runs faster than argmax's variadic one.
  """
  dtype = _args.index_dtype()
  slot = jax.lax.broadcasted_iota(dtype, w.shape, axis)
  width = w.shape[axis]
  if jnp.issubdtype(w.dtype, jnp.floating):
    nan = jnp.isnan(w)
    last_nan = jnp.max(jnp.where(nan, slot, -1), axis=axis, keepdims=True)
    top = jnp.max(jnp.where(nan, -jnp.inf, w), axis=axis, keepdims=True)
    # (An all -inf window equals its top at slot 0.)
    first = jnp.min(jnp.where(w == top, slot, width), axis=axis,
                    keepdims=True)
    return jnp.where(last_nan >= 0, last_nan, first)
  top = jnp.max(w, axis=axis, keepdims=True)
  return jnp.min(jnp.where(w == top, slot, width), axis=axis, keepdims=True)


def nan_max_along(w: jax.Array, axis: int) -> jax.Array:
  """The max along ``axis``, NaN where a NaN is there (PyTorch's value)."""
  m = jnp.max(w, axis=axis)
  if jnp.issubdtype(w.dtype, jnp.floating):
    m = with_nan(m, jnp.any(jnp.isnan(w), axis=axis))
  return m


def with_nan(best: jax.Array, has_nan: jax.Array) -> jax.Array:
  """``best`` (a backend's max), NaN where ``has_nan``: the NaN is decided
  by an explicit ``isnan`` reduction, not by the max, since XLA:CPU's
  vectorised reduce and reduce_window max drop NaN (from 32 channels,
  channels last) and no backend documents that they keep it."""
  return jnp.where(has_nan, jnp.array(jnp.nan, best.dtype), best)


def first_winning_tap(views, best: jax.Array, init: jax.Array, tap_values):
  """``tap_values`` of the view PyTorch's scan keeps, given the max ``best``
  of ``views`` (filled with the dtype's lowest value where out of bounds):
  the last NaN, else ``init`` where the max is the lowest value, else the
  first view equal to the max (+0 and -0 equal, as PyTorch's strict ``>``
  keeps the first of them): the result of :func:`running_winner`,
  where views are concatenations that its scan would rebuild per use.

  Floats are compared through one bitcast per view, so that the equality
  and NaN tests share it (float compares of padded views made XLA:CPU
  build a slower loop, and compile it longer).
  """
  first_eq = init
  low = lowest(best.dtype)
  if not jnp.issubdtype(best.dtype, jnp.floating):
    for i in reversed(range(len(views))):
      first_eq = jnp.where(views[i] == best, tap_values[i], first_eq)
    return jnp.where(best == low, init, first_eq)
  dtype = best.dtype
  bits_dtype = {16: jnp.int16, 32: jnp.int32, 64: jnp.int64}[
      jnp.finfo(dtype).bits]
  abs_mask = (1 << (jnp.finfo(dtype).bits - 1)) - 1
  inf_bits = int(np.array(np.inf, dtype).view(bits_dtype))
  best_bits = jax.lax.bitcast_convert_type(best, bits_dtype)
  best_abs = best_bits & abs_mask
  bits = [jax.lax.bitcast_convert_type(v, bits_dtype) for v in views]
  for i in reversed(range(len(views))):
    # Equal bits, or both zeros of either sign (+0 == -0).
    equal = (bits[i] == best_bits) | (((bits[i] & abs_mask) | best_abs) == 0)
    first_eq = jnp.where(equal, tap_values[i], first_eq)
  last_nan = init
  for i in range(len(views)):
    last_nan = jnp.where((bits[i] & abs_mask) > inf_bits, tap_values[i],
                         last_nan)
  return jnp.where(best_abs > inf_bits, last_nan,
                   jnp.where(best == low, init, first_eq))


@jax.custom_jvp
def plus_zero(y: jax.Array) -> jax.Array:
  """``y`` with ``-0`` made ``+0``, its tangent passed through: PyTorch's
  averages behave as ``+0 + sum / divisor`` (in the output dtype), so a zero
  average is ``+0`` even with a negative ``divisor_override`` or a quotient
  that rounds to zero."""
  return jnp.where(y == 0, jnp.zeros((), y.dtype), y)


plus_zero.defjvps(lambda t, ans, y: t)


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

