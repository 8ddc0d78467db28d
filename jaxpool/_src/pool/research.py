"""Research pooling layers that PyTorch, Flax, Equinox and Haiku lack as layers.

Stochastic pooling (Zeiler & Fergus 2013), generalised-mean pooling
(Radenovic, Tolias & Chum 2018), mixed max-average pooling (Lee, Gallagher &
Tu 2016), BlurPool and MaxBlurPool (Zhang 2019) and spatial pyramid pooling
(He, Zhang, Ren & Sun 2014). Each is one N-d implementation on the windows of
:mod:`jaxpool._src.core.geometry` (views of the input, one per kernel offset)
and the window reductions of :mod:`jaxpool._src.pool.max`,
:mod:`jaxpool._src.pool.avg_lp` and :mod:`jaxpool._src.pool.adaptive`,
channels-last by default; their public 1-d/2-d/3-d functions and Modules
are defined in ``jaxpool/_src/layers/`` (stochastic_pool, learned_pool,
blur_pool, pyramid_pool).
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from jaxpool._src.core import args as _args
from jaxpool._src import schedules
from jaxpool._src.core import geometry as _geometry
from jaxpool._src.core import rules
from jaxpool._src.pool import adaptive
from jaxpool._src.pool import avg_lp
from jaxpool._src.pool import max as _max

_acc_dtype = rules.accumulation_dtype


# ---------------------------------------------------------------------------
# Shared validation.


def _channel_param(fn: str, name: str, value, x_shape, lay: _args.Layout,
                   dtype) -> jax.Array:
  """A scalar or per-channel ``(C,)`` parameter, broadcastable against x."""
  try:
    v = jnp.asarray(value)
  except TypeError as e:
    raise TypeError(f"{fn}: {name}={value!r} is not a real number or array."
                    ) from e
  if not (jnp.issubdtype(v.dtype, jnp.floating)
          or jnp.issubdtype(v.dtype, jnp.integer)):
    raise TypeError(f"{fn}: {name} has dtype {v.dtype}; expected a real "
                    "number or a real array.")
  channels = x_shape[lay.channel_axis]
  if v.ndim == 0:
    return v.astype(dtype).reshape((1,) * len(x_shape))
  if v.ndim == 1 and v.shape[0] in (1, channels):
    shape = [1] * len(x_shape)
    shape[lay.channel_axis] = v.shape[0]
    return v.astype(dtype).reshape(shape)
  raise ValueError(f"{fn}: {name} has shape {tuple(v.shape)}; expected a "
                   f"scalar or shape ({channels},), one value per channel.")


def _window(fn, n, x, kernel_size, stride, channels_last):
  """Unpadded, undilated floor-mode window (the layers here take no padding)."""
  return _geometry.make_window(fn, x.shape, n, kernel_size, stride, 0, 1, False,
                             channels_last)


def _views(x, w, fill=0):
  return [_geometry.view(x, w, o, fill) for o in w.offsets]


# ---------------------------------------------------------------------------
# Stochastic pooling.


def _is_key(key) -> bool:
  dtype = getattr(key, "dtype", None)
  if dtype is None:
    return False
  if jnp.issubdtype(dtype, jax.dtypes.prng_key):
    return True
  return dtype == jnp.uint32 and key.ndim == 1  # a legacy raw key


def stochastic_pool(fn: str, n: int, x, kernel_size, stride, training, key,
                    channels_last):
  x = _args.check_array(fn, x)
  training = _args.check_bool(fn, "training", training)
  w, _ = _window(fn, n, x, kernel_size, stride, channels_last)
  rules.check_pool_dtype(fn, x, allow_int=False)
  if not training:
    return _stochastic_eval(x, w)
  if key is None:
    raise ValueError(f"{fn}: key=None with training=True; expected a "
                     "jax.random key to sample the pooled activations.")
  if not _is_key(key):
    raise TypeError(f"{fn}: key={key!r} is not a jax.random key; expected "
                    "jax.random.key(...) or jax.random.PRNGKey(...).")
  return _stochastic_train(x, w, key)


@functools.partial(jax.jit, static_argnums=(1,))
def _stochastic_eval(x, w):
  a = jax.nn.relu(x.astype(_acc_dtype(x.dtype)))
  views = _views(a, w)
  s1 = functools.reduce(lax.add, views)
  s2 = functools.reduce(lax.add, (v * v for v in views))
  # All-zero windows give 0 (and a zero gradient): divide by 1 there.
  zero = s1 == 0
  out = jnp.where(zero, 0, s2 / jnp.where(zero, 1, s1))
  return out.astype(x.dtype)


@functools.partial(jax.jit, static_argnums=(1,))
def _stochastic_train(x, w, key):
  a = jax.nn.relu(x.astype(_acc_dtype(x.dtype)))
  views = _views(a, w)
  total = functools.reduce(lax.add, views)
  # Inverse-CDF sampling: the first tap whose running sum exceeds u * total
  # is tap i with probability a_i / total; zero taps are never chosen.
  threshold = jax.random.uniform(key, total.shape, a.dtype) * total
  cum = jnp.zeros_like(total)
  out = jnp.zeros_like(total)
  last = jnp.zeros_like(total)
  found = jnp.zeros(total.shape, bool)
  for v in views:
    cum = cum + v
    take = ~found & (cum > threshold)
    out = jnp.where(take, v, out)
    found = found | take
    last = jnp.where(v > 0, v, last)
  # Only rounding (u * total == total) leaves a positive window unsampled:
  # take its last positive tap. NaN windows give NaN.
  out = jnp.where(found, out, last)
  out = jnp.where(jnp.isnan(total), total, out)
  return out.astype(x.dtype)


# ---------------------------------------------------------------------------
# Generalised-mean pooling.


def gem_pool(fn: str, n: int, x, p, kernel_size, stride, eps, channels_last):
  x = _args.check_array(fn, x)
  eps = _args.check_real(fn, "eps", eps, positive=True)
  if kernel_size is None:
    if stride is not None:
      raise ValueError(f"{fn}: stride={stride!r} is given without kernel_size;"
                       " expected kernel_size too, or neither for global "
                       "pooling.")
    lay = _args.layout(fn, x.shape, n, _args.check_bool(
        fn, "channels_last", channels_last))
    w = None
    axes = lay.spatial_axes
  else:
    w, lay = _window(fn, n, x, kernel_size, stride, channels_last)
    axes = None
  rules.check_pool_dtype(fn, x, allow_int=False)
  p = _channel_param(fn, "p", p, x.shape, lay, _acc_dtype(x.dtype))
  return _gem(x, p, w, axes, eps)


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _gem(x, p, w, axes, eps):
  xc = jnp.maximum(x.astype(_acc_dtype(x.dtype)), eps)
  if w is None:
    taps = [xc]
    big = jnp.max(xc, axes, keepdims=True)
    small = jnp.min(xc, axes, keepdims=True)
    def mean(ts):
      return jnp.mean(ts, axis=axes, keepdims=True)
  else:
    taps = _views(xc, w)
    big = functools.reduce(jnp.maximum, taps)
    small = functools.reduce(jnp.minimum, taps)
    def mean(ts):
      return functools.reduce(lax.add, ts) / len(taps)
  # Normalise by the window max (p > 0) or min (p < 0), so every term
  # exp(p * log(x / ref)) lies in (0, 1]: no overflow for large |p|. The
  # result does not depend on ref (the mean is homogeneous of degree 1), so
  # ref carries no gradient.
  ref = lax.stop_gradient(jnp.where(p >= 0, big, small))
  logs = [jnp.log(t) - jnp.log(ref) for t in taps]
  if w is None:
    lm = jnp.log(mean(jnp.exp(p * logs[0])))
    geo = mean(logs[0])
  else:
    lm = jnp.log(mean([jnp.exp(p * lr) for lr in logs]))
    geo = mean(logs)
  # p = 0 is the limit of the power mean: the geometric mean.
  is_zero = p == 0
  log_out = jnp.where(is_zero, geo, lm / jnp.where(is_zero, 1, p))
  return (ref * jnp.exp(log_out)).astype(x.dtype)


# ---------------------------------------------------------------------------
# Mixed max-average pooling.


def mixed_pool(fn: str, n: int, x, alpha, kernel_size, stride, padding,
               ceil_mode, count_include_pad, channels_last):
  x = _args.check_array(fn, x)
  count_include_pad = _args.check_bool(fn, "count_include_pad",
                                       count_include_pad)
  w, lay = _geometry.make_window(fn, x.shape, n, kernel_size, stride, padding, 1,
                               ceil_mode, channels_last)
  rules.check_pool_dtype(fn, x, allow_int=False)
  alpha = _channel_param(fn, "alpha", alpha, x.shape, lay, _acc_dtype(x.dtype))
  return schedules.run(_mixed, (x, alpha), (w, count_include_pad))


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _mixed(x, alpha, w, count_include_pad, schedule):
  acc = x.astype(_acc_dtype(x.dtype))
  big = _max.window_max(acc, w, schedule)
  mean = avg_lp.window_mean(acc, w, count_include_pad, None, schedule)
  return (alpha * big + (1 - alpha) * mean).astype(x.dtype)


# ---------------------------------------------------------------------------
# BlurPool and MaxBlurPool.

_PAD_MODES = {"reflect": "reflect", "refl": "reflect",
              "replicate": "edge", "repl": "edge", "zero": "constant"}


def binomial_filter(size: int) -> np.ndarray:
  """The normalised binomial row ``C(size - 1, j) / 2**(size - 1)``."""
  return np.array([math.comb(size - 1, j) for j in range(size)],
                  np.float64) / 2.0 ** (size - 1)


def _blur_geometry(fn, n, x_shape, lay, filt_size, stride, pad_type, pad_off):
  filt = _args.ntuple(fn, "filt_size", filt_size, n, minimum=1)
  strides = _args.ntuple(fn, "stride", stride, n, minimum=1)
  if not isinstance(pad_type, str) or pad_type not in _PAD_MODES:
    raise ValueError(f"{fn}: pad_type={pad_type!r} is not a padding type; "
                     f"expected one of {sorted(_PAD_MODES)}.")
  pad_off = _args.check_int(fn, "pad_off", pad_off)
  geometry = []
  for a, f, s in zip(lay.spatial_axes, filt, strides):
    size = x_shape[a]
    lo, hi = (f - 1) // 2 + pad_off, f // 2 + pad_off
    if _PAD_MODES[pad_type] == "reflect" and max(lo, hi) >= size:
      raise ValueError(
          f"{fn}: reflect padding ({lo}, {hi}) for filt_size={filt_size!r}, "
          f"pad_off={pad_off!r} must be smaller than the input size {size} "
          "(as torch.nn.ReflectionPad); expected a larger input or "
          "pad_type='replicate'/'zero'.")
    if size + lo + hi < f:
      raise ValueError(
          f"{fn}: output size is too small: input size {size} padded by "
          f"({lo}, {hi}) is shorter than filt_size={filt_size!r}.")
    geometry.append((a, f, s, lo, hi))
  return tuple(geometry), _PAD_MODES[pad_type]


def blur_pool(fn: str, n: int, x, filt_size, stride, pad_type, pad_off,
              channels_last):
  x = _args.check_array(fn, x)
  lay = _args.layout(fn, x.shape, n, _args.check_bool(
      fn, "channels_last", channels_last))
  geometry, mode = _blur_geometry(fn, n, x.shape, lay, filt_size, stride,
                                  pad_type, pad_off)
  rules.check_pool_dtype(fn, x, allow_int=False)
  return _blur(x, geometry, mode)


@functools.partial(jax.jit, static_argnums=(1, 2))
def _blur(x, geometry, mode):
  y = x.astype(_acc_dtype(x.dtype))
  # The binomial filter is separable: filter and subsample one axis at a
  # time (f taps per axis instead of f**n per output).
  for axis, f, s, lo, hi in geometry:
    pads = [(0, 0)] * y.ndim
    pads[axis] = (lo, hi)
    if lo or hi:
      y = jnp.pad(y, pads, mode=mode)
    out = (y.shape[axis] - f) // s + 1
    taps = (lax.slice_in_dim(y, j, j + (out - 1) * s + 1, s, axis)
            for j in range(f))
    y = functools.reduce(lax.add, (float(c) * t for c, t in zip(
        binomial_filter(f), taps)))
  return y.astype(x.dtype)


def max_blur_pool(fn: str, n: int, x, kernel_size, stride, filt_size,
                  pad_type, pad_off, channels_last):
  x = _args.check_array(fn, x)
  w, lay = _geometry.make_window(fn, x.shape, n, kernel_size, 1, 0, 1, False,
                               channels_last)
  geometry, mode = _blur_geometry(fn, n, w.out_shape(x.shape), lay, filt_size,
                                  stride, pad_type, pad_off)
  rules.check_pool_dtype(fn, x, allow_int=False)
  return schedules.run(_max_blur, (x,), (w, geometry, mode))


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4))
def _max_blur(x, w, geometry, mode, schedule):
  return _blur(_max.window_max(x, w, schedule), geometry, mode)


# ---------------------------------------------------------------------------
# Spatial pyramid pooling.


def _levels(fn: str, levels, n: int) -> tuple[tuple[int, ...], ...]:
  """Pyramid levels as per-dimension bin counts."""
  if not isinstance(levels, (tuple, list)):
    raise TypeError(f"{fn}: levels={levels!r} must be a sequence of levels, "
                    f"each an int or {n} ints (bins per spatial dimension), "
                    "e.g. (1, 2, 4).")
  if not levels:
    raise ValueError(f"{fn}: levels={levels!r} is empty; expected at least "
                     "one pyramid level, e.g. (1, 2, 4).")
  out = []
  for level in levels:
    if _args.is_int(level) and level < 1:
      raise ValueError(f"{fn}: levels={levels!r} must hold positive bin "
                       f"counts; got {level}.")
    out.append(_args.ntuple(fn, "levels", level, n, minimum=1))
  return tuple(out)


def spatial_pyramid_pool(fn: str, n: int, x, levels, mode, channels_last):
  x = _args.check_array(fn, x)
  channels_last = _args.check_bool(fn, "channels_last", channels_last)
  lay = _args.layout(fn, x.shape, n, channels_last)
  levels = _levels(fn, levels, n)
  if mode not in ("max", "avg"):
    raise ValueError(f"{fn}: mode={mode!r} is not a pooling mode; expected "
                     "'max' or 'avg'.")
  if min(x.shape[a] for a in lay.spatial_axes) < 1:
    raise ValueError(f"{fn}: input has shape {tuple(x.shape)} with an empty "
                     "spatial dimension; expected non-zero spatial sizes.")
  rules.check_pool_dtype(fn, x, allow_int=mode == "max")
  return schedules.run(_spp, (x,), (n, levels, mode, channels_last,
                                    lay.batched))


@functools.partial(jax.jit, static_argnums=(1, 2, 3, 4, 5, 6))
def _spp(x, n, levels, mode, channels_last, batched, schedule):
  # Each level runs in this branch's schedule.
  with schedules.schedule(schedule):
    feats = []
    for level in levels:  # level-major, each flattened in the input's layout
      if mode == "max":
        y = adaptive.adaptive_max_pool(f"adaptive_max_pool{n}d", n, x, level,
                                       False, channels_last)
      else:
        y = adaptive.adaptive_avg_pool(f"adaptive_avg_pool{n}d", n, x, level,
                                       channels_last)
      feats.append(y.reshape((x.shape[:1] if batched else ()) + (-1,)))
  return jnp.concatenate(feats, axis=-1)
