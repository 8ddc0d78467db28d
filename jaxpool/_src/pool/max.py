"""Max pooling: each window's max and PyTorch's index of it, with the
gradient routed to that element. How windows are reduced is the schedule's
(:mod:`jaxpool._src.schedules`); the winner is :mod:`rules`' first max.

The gradient is a ``jax.custom_jvp`` whose tangent selects, per output, the
tangent of the input element that won (PyTorch's first max, the last NaN).
It is linear in the input tangent, so forward mode, reverse mode (by
transposition) and dilated windows all work, which ``jax.grad`` of
``lax.reduce_window`` max does not offer for dilated windows.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src import schedules
from jaxpool._src.core import args as _args
from jaxpool._src.core import geometry
from jaxpool._src.core import rules
from jaxpool._src.core.geometry import Window


def max_pool(fn: str, n: int, x, kernel_size, stride, padding, dilation,
             ceil_mode, return_indices, channels_last):
  """Validates the arguments of ``fn`` (``max_pool{n}d``) and pools."""
  x = _args.check_array(fn, x)
  return_indices = _args.check_bool(fn, "return_indices", return_indices)
  w, _ = geometry.make_window(fn, x.shape, n, kernel_size, stride, padding,
                              dilation, ceil_mode, channels_last)
  rules.check_pool_dtype(fn, x, allow_int=True)
  return schedules.run(_max_pool, (x,), (w, return_indices))


# The cores are jitted with their static geometry: an eager call then compiles
# one fused computation per shape instead of dispatching every view op by op;
# under an outer jit they are inlined.
@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _max_pool(x: jax.Array, w: Window, return_indices: bool, schedule: str):
  is_float = jnp.issubdtype(x.dtype, jnp.floating)
  if not return_indices:
    if is_float:
      return window_max(x, w, schedule)
    return schedules.get(schedule).window_max(x, w)
  dtype = _args.index_dtype()
  if is_float:
    return _max_and_index(x, w, dtype, schedule)
  return schedules.get(schedule).max_and_index(x, w, dtype)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def window_max(x: jax.Array, w: Window, schedule: str) -> jax.Array:
  """Max over each window of a float ``x``, differentiable with PyTorch's
  gradient (to the first max, or the last NaN)."""
  return schedules.get(schedule).window_max(x, w)


@window_max.defjvp
def _window_max_jvp(w, schedule, primals, tangents):
  (x,), (xd,) = primals, tangents
  s = schedules.get(schedule)
  out, codes = s.max_and_codes(x, w)
  return out, s.select_winners(xd, w, codes)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2, 3))
def _max_and_index(x: jax.Array, w: Window, dtype, schedule: str):
  return schedules.get(schedule).max_and_index(x, w, dtype)


@_max_and_index.defjvp
def _max_and_index_jvp(w, dtype, schedule, primals, tangents):
  (x,), (xd,) = primals, tangents
  s = schedules.get(schedule)
  out, codes = s.max_and_codes(x, w)
  index = s.codes_to_index(w, codes, dtype)
  index_dot = np.zeros(out.shape, jax.dtypes.float0)
  return (out, index), (s.select_winners(xd, w, codes), index_dot)
