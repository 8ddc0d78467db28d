"""Average and power-average (LP) pooling: PyTorch's window sums, divisors
and chain rule. How windows are summed is the schedule's
(:mod:`jaxpool._src.schedules`).
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from jaxpool._src import schedules
from jaxpool._src.core import args as _args
from jaxpool._src.core import geometry
from jaxpool._src.core import rules
from jaxpool._src.pool import max as _max


def avg_pool(fn: str, n: int, x, kernel_size, stride, padding, ceil_mode,
             count_include_pad, divisor_override, channels_last):
  x = _args.check_array(fn, x)
  count_include_pad = _args.check_bool(fn, "count_include_pad",
                                       count_include_pad)
  if divisor_override is not None:
    if not _args.is_int(divisor_override):
      raise TypeError(f"{fn}: divisor_override={divisor_override!r} must be "
                      "an int or None.")
    if divisor_override == 0:
      raise ValueError(f"{fn}: divisor_override={divisor_override!r} must be "
                       "non-zero.")
  w, _ = geometry.make_window(fn, x.shape, n, kernel_size, stride, padding,
                              1, ceil_mode, channels_last,
                              check_input_size=n == 3)
  if _check_avg_dtype(fn, x) == np.int64:
    return schedules.run(_integer_window_mean, (x,),
                         (w, count_include_pad, divisor_override))
  return schedules.run(window_mean, (x,),
                       (w, count_include_pad, divisor_override))


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4))
def window_mean(x, w, count_include_pad, divisor_override, schedule):
  """PyTorch's average over each window (``avg_pool{n}d``)."""
  acc = x.astype(rules.accumulation_dtype(x.dtype))
  divisor = rules.avg_divisor(w, count_include_pad, divisor_override)
  # Multiply by the reciprocal: within an ulp of PyTorch's division (XLA
  # makes the same rewrite of a scalar divisor).
  if isinstance(divisor, np.ndarray):
    scale = w.spatial_broadcast((1.0 / divisor).astype(acc.dtype), x.ndim)
  else:
    scale = np.asarray(1.0 / divisor, acc.dtype)
  return rules.plus_zero(
      _scaled_window_sum(acc, w, scale, schedule).astype(x.dtype))


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2, 3))
def _scaled_window_sum(x, w, scale, schedule):
  return schedules.get(schedule).window_sum(x, w) * scale


@_scaled_window_sum.defjvp
def _scaled_window_sum_jvp(w, scale, schedule, primals, tangents):
  (x,), (xd,) = primals, tangents
  s = schedules.get(schedule)
  # The gradient reads the scaled cotangent once per kernel offset: stored,
  # the per-output divisor is not re-read per tap; the forward stays one
  # fused loop.
  tangent = s.store(lambda t: t * scale, s.tangent_window_sum(xd, w))
  return s.window_sum(x, w) * scale, tangent


def lp_pool(fn: str, n: int, x, norm_type, kernel_size, stride, ceil_mode,
            channels_last):
  x = _args.check_array(fn, x)
  # Validated only: an int norm_type stays an int (x ** 2 is integer_pow).
  _args.check_real(fn, "norm_type", norm_type)
  if norm_type == 0 or math.isnan(norm_type):
    raise ValueError(f"{fn}: norm_type={norm_type!r} must be non-zero and not "
                     "NaN (PyTorch divides by it).")
  # PyTorch's lp_pool{n}d is avg_pool{n}d of x ** p (lp_pool3d: with its
  # input size check), but for p = +-inf max_pool{n}d of +-|x|: no size
  # check, and integers accepted in 2-d and 3-d (max_pool1d has no integer
  # kernel).
  infinite = math.isinf(norm_type)
  w, _ = geometry.make_window(fn, x.shape, n, kernel_size, stride, 0, 1,
                              ceil_mode, channels_last,
                              check_input_size=n == 3 and not infinite)
  rules.check_pool_dtype(fn, x, allow_int=infinite and n > 1)
  return schedules.run(_lp_pool, (x,), (w, norm_type))


@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _lp_pool(x, w, norm_type, schedule):
  if math.isinf(norm_type):
    # As PyTorch: p = inf is the max of |x|; p = -inf the min of |x|.
    sign = 1 if norm_type > 0 else -1
    if not jnp.issubdtype(x.dtype, jnp.floating):
      return sign * schedules.get(schedule).window_max(sign * jnp.abs(x), w)
    return sign * _max.window_max(sign * jnp.abs(x), w, schedule)
  acc = x.astype(rules.accumulation_dtype(x.dtype))
  p = int(norm_type) if float(norm_type).is_integer() else float(norm_type)
  return _power_pool(acc, w, p, schedule).astype(x.dtype)


def _power_mean(x, w, p, schedule):
  """PyTorch's definition: avg_pool of x**p (count_include_pad, so ceil_mode
  edge windows keep their clipped divisor); then (see ``_power_pool``)
  ``sign(mean) * relu(|mean|)`` times the full kernel volume, to 1/p."""
  return window_mean(x ** p, w, True, None, schedule)


def _power_root(mean, w, p):
  m = jnp.sign(mean) * jax.nn.relu(jnp.abs(mean)) * math.prod(w.kernel)
  # As ATen's pow: exponent 0.5 is a sqrt (exact and much cheaper than pow).
  return jnp.sqrt(m) if p == 2 else m if p == 1 else m ** (1.0 / p), m


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2, 3))
def _power_pool(x, w, p, schedule):
  return _power_root(_power_mean(x, w, p, schedule), w, p)[0]


@_power_pool.defjvp
def _power_pool_jvp(w, p, schedule, primals, tangents):
  """PyTorch's chain rule, factor by factor as its autograd applies them:
  the root's ``(1/p) m**(1/p - 1)``, the volume, relu's mask (zero where the
  mean is 0, NaN passing), the window mean's transpose, and the power's
  ``p x**(p - 1)``, the product taken first, as PyTorch's: where it
  overflows (``2 * 3e38``) the gradient is ``inf``, or NaN where the rest is
  zero, as PyTorch's.
  Written out, the backward reads the input once and the per-window factor
  once per tap (autodiff stored x**p and re-read it).
  """
  (x,), (xd,) = primals, tangents
  s = schedules.get(schedule)

  def mean_and_factor(x):
    mean = _power_mean(x, w, p, schedule)
    out, m = _power_root(mean, w, p)
    slope = (1.0 if p == 1 else 0.5 * lax.rsqrt(m) if p == 2 else
             (1.0 / p) * m ** (1.0 / p - 1.0))
    divisor = rules.avg_divisor(w, True, None)
    if isinstance(divisor, np.ndarray):
      divisor = w.spatial_broadcast(divisor, x.ndim)
    kernel_over_count = np.asarray(math.prod(w.kernel) / divisor, x.dtype)
    factor = jnp.where(mean == 0, 0, slope * kernel_over_count)
    return out, factor

  # Stored, not fused: the gradient reads each window's factor once per tap.
  out, factor = s.store(mean_and_factor, x)
  power_slope = 1.0 if p == 1 else p * x ** (p - 1)
  tangent = s.store(lambda u, f: u * f,
                    s.tangent_window_sum(xd * power_slope, w), factor)
  return out, tangent


def _check_avg_dtype(fn: str, x) -> np.dtype:
  """The input's dtype in JAX (NumPy's int64 is int32 without x64): a
  floating one, or int64 as PyTorch's CPU kernel (its only integer dtype;
  CUDA has none)."""
  dtype = jax.dtypes.canonicalize_dtype(x.dtype)
  if jnp.issubdtype(dtype, jnp.floating) or dtype == np.int64:
    return dtype
  raise TypeError(f"{fn}: input dtype {dtype} is not supported; expected a "
                  "floating dtype or int64 (PyTorch's CPU kernel takes int64 "
                  "and no other integer dtype; int64 needs jax_enable_x64).")


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4))
def _integer_window_mean(x, w, count_include_pad, divisor_override,
                         schedule):
  """PyTorch's int64 average (CPU): the window sum, wrapping on overflow as
  int64 does, divided by the divisor truncating toward zero, as C's integer
  division (``-9 / 2 = -4``)."""
  divisor = rules.avg_divisor(w, count_include_pad, divisor_override)
  if isinstance(divisor, np.ndarray):
    divisor = w.spatial_broadcast(divisor.astype(x.dtype), x.ndim)
  total = schedules.get(schedule).window_sum(x, w)
  return lax.div(total, jnp.broadcast_to(jnp.asarray(divisor, x.dtype),
                                         total.shape))
