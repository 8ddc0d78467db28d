"""Research pooling layers that PyTorch, Flax, Equinox and Haiku lack as layers.

Stochastic pooling (Zeiler & Fergus 2013), generalised-mean pooling
(Radenovic, Tolias & Chum 2018), mixed max-average pooling (Lee, Gallagher &
Tu 2016), BlurPool and MaxBlurPool (Zhang 2019) and spatial pyramid pooling
(He, Zhang, Ren & Sun 2014). Each is one N-d implementation on the view-based
core of :mod:`jaxpool._src.pooling`, specialised to 1-d, 2-d and 3-d by a
factory, channels-last by default.
"""

from __future__ import annotations

import functools
import math
from typing import Optional, Sequence, Union

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args
from jaxpool._src import schedules
from jaxpool._src.core import geometry as _geometry
from jaxpool._src.core import rules
from jaxpool._src.pool import adaptive
from jaxpool._src.pool import avg_lp
from jaxpool._src.pool import max as _max
from jaxpool._src.api.pooling import _SPATIAL, _named

_acc_dtype = rules.accumulation_dtype


# ---------------------------------------------------------------------------
# Shared validation.


def _check_float(fn: str, x) -> None:
  if not jnp.issubdtype(x.dtype, jnp.floating):
    raise TypeError(f"{fn}: input dtype {x.dtype} is not supported; expected a "
                    "floating dtype.")


def _real(fn: str, name: str, value, *, positive: bool = False) -> float:
  """A static real number (optionally > 0)."""
  if isinstance(value, (bool, np.bool_)) or not isinstance(
      value, (int, float, np.integer, np.floating)):
    raise TypeError(f"{fn}: {name}={value!r} must be a real number.")
  value = float(value)
  if math.isnan(value) or math.isinf(value) or (positive and value <= 0):
    what = "a positive finite" if positive else "a finite"
    raise ValueError(f"{fn}: {name}={value!r} must be {what} number.")
  return value


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
  if jax.dtypes.issubdtype(dtype, jax.dtypes.prng_key):
    return True
  return dtype == jnp.uint32 and key.ndim == 1  # a legacy raw key


def stochastic_pool(fn: str, n: int, x, kernel_size, stride, training, key,
                    channels_last):
  x = _args.check_array(fn, x)
  training = _args.check_bool(fn, "training", training)
  w, _ = _window(fn, n, x, kernel_size, stride, channels_last)
  _check_float(fn, x)
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
  eps = _real(fn, "eps", eps, positive=True)
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
  _check_float(fn, x)
  p = _channel_param(fn, "p", p, x.shape, lay, _acc_dtype(x.dtype))
  return _gem(x, p, w, axes, eps)


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _gem(x, p, w, axes, eps):
  xc = jnp.maximum(x.astype(_acc_dtype(x.dtype)), eps)
  if w is None:
    taps = [xc]
    big = jnp.max(xc, axes, keepdims=True)
    small = jnp.min(xc, axes, keepdims=True)
    mean = functools.partial(jnp.mean, axis=axes, keepdims=True)
  else:
    taps = _views(xc, w)
    big = functools.reduce(jnp.maximum, taps)
    small = functools.reduce(jnp.minimum, taps)
    mean = lambda ts: functools.reduce(lax.add, ts) / len(taps)
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
  _check_float(fn, x)
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
  if not _args.is_int(pad_off):
    raise TypeError(f"{fn}: pad_off={pad_off!r} must be an int.")
  if pad_off < 0:
    raise ValueError(f"{fn}: pad_off={pad_off!r} must be non-negative.")
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
  _check_float(fn, x)
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
  _check_float(fn, x)
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
  pool = (adaptive.adaptive_max_pool1d, adaptive.adaptive_max_pool2d,
          adaptive.adaptive_max_pool3d) if mode == "max" else (
              adaptive.adaptive_avg_pool1d, adaptive.adaptive_avg_pool2d,
              adaptive.adaptive_avg_pool3d)
  lead = x.shape[:1] if batched else ()
  # Level-major; each level flattened in the input's own layout.
  # Each level is a public adaptive call: it takes this branch's schedule.
  with schedules.schedule(schedule):
    feats = [pool[n - 1](x, level, channels_last=channels_last).reshape(
        lead + (-1,)) for level in levels]
  return jnp.concatenate(feats, axis=-1)


# ---------------------------------------------------------------------------
# Public 1-d/2-d/3-d functions.

_PREAMBLE = """
  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
"""

_LAYOUT = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for ``(N, C, {sp})``. The numbers are the same either way."""

_WINDOW_SHAPE = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``{extra}."""


def _doc(text: str, n: int, example: str, **extra) -> str:
  fields = dict(n=n, sp=_SPATIAL[n], **extra)
  fields["layout"] = _LAYOUT.format(**fields)
  return text.format(**fields) + _PREAMBLE + example + "\n"


_STOCHASTIC_DOC = """Applies {n}-d stochastic pooling (Zeiler & Fergus, 2013).

  M. D. Zeiler and R. Fergus, "Stochastic Pooling for Regularization of Deep
  Convolutional Neural Networks", ICLR 2013. For the activations ``a_i`` of a
  window, clamped at 0 (the paper pools non-negative, post-ReLU activations),
  the probabilities are ``p_i = a_i / sum_k a_k``. In training, the output is
  ``a_j`` for one tap ``j`` drawn per window from the categorical
  distribution ``p`` (the draws are independent across windows, channels and
  samples); at evaluation, it is the probabilistic weighting ::

      out = sum_i p_i a_i = sum_i a_i**2 / sum_i a_i.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    training: sample (``True``) or take the probability-weighted average
      (``False``, default).
    key: a ``jax.random`` key, required when ``training``. The same key gives
      the same samples; the samples are drawn for the whole output array, so
      under ``jax.vmap`` pass one key per example (``jax.random.split``).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a tuple of the wrong
      length, the wrong input rank, an output size below 1, or
      ``training=True`` without a key.
    TypeError: for non-int sizes, a non-floating input or a key that is not a
      ``jax.random`` key.

  Negative inputs count as 0 (the clamp ``max(x, 0)`` is applied before
  pooling, so the output is never negative); a window with no positive value
  outputs 0, in training and at evaluation, with a zero gradient. A window
  holding NaN outputs NaN. In training the gradient goes to the sampled
  element (as max pooling's goes to the max); at evaluation the output is
  smooth where the window sum is positive.

{shape}
"""

_STOCHASTIC_EXAMPLES = {
    1: """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])  # (N, L, C)
    >>> F.stochastic_pool1d(x, 2)[..., 0]  # (1 + 9) / 4 and 0
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = F.stochastic_pool1d(x, 2, training=True, key=jax.random.key(0))
    >>> bool(y[0, 0, 0] in (1., 3.)), float(y[0, 1, 0])
    (True, 0.0)""",
    2: """\
    >>> x = jnp.array([[1., 2.], [3., 4.]]).reshape(1, 2, 2, 1)
    >>> F.stochastic_pool2d(x, 2).ravel()  # (1 + 4 + 9 + 16) / 10
    Array([3.], dtype=float32)
    >>> F.stochastic_pool2d(x, 2, training=True, key=jax.random.key(1)).shape
    (1, 1, 1, 1)""",
    3: """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.stochastic_pool3d(x, 2, training=True, key=jax.random.key(0)).shape
    (2, 2, 2, 2, 3)""",
}


def _stochastic_pool_fn(n: int):
  fn_name = f"stochastic_pool{n}d"

  def stochastic_pool_nd(
      x: ArrayLike, kernel_size: _args.IntOrSeq,
      stride: Optional[_args.IntOrSeq] = None, *, training: bool = False,
      key: Optional[jax.Array] = None, channels_last: bool = True,
  ) -> jax.Array:
    return stochastic_pool(fn_name, n, x, kernel_size, stride, training, key,
                           channels_last)
  doc = _doc(_STOCHASTIC_DOC, n, _STOCHASTIC_EXAMPLES[n],
             shape=_WINDOW_SHAPE.format(sp=_SPATIAL[n], extra=""))
  return _named(stochastic_pool_nd, fn_name, doc)


_GEM_DOC = """Applies {n}-d generalised-mean (GeM) pooling (Radenovic et al., 2018).

  F. Radenovic, G. Tolias and O. Chum, "Fine-tuning CNN Image Retrieval with
  No Human Annotation", TPAMI 2018. With ``x`` clamped to ``[eps, inf)``, over
  the whole spatial extent (default, the paper's global descriptor) or over
  each window of ``kernel_size``/``stride`` ::

      out = (mean_i x_i**p) ** (1 / p).

  ``p = 1`` is average pooling and ``p -> inf`` tends to max pooling (the
  mean is at most ``K**(-1/p)`` below the max, for windows of ``K`` taps).
  The power mean is computed in log space relative to the window maximum
  (the minimum for ``p < 0``), so that no term overflows: ``p = 100`` on
  activations in the thousands is exact in float32. Any finite ``p`` is
  accepted: ``p < 0`` tends to the minimum and ``p = 0`` gives the geometric
  mean (the limit). Gradients flow to ``x`` and to ``p``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    p: the exponent: a real number, or an array of shape ``()`` or ``(C,)``
      (one per channel), e.g. a learnable parameter. Default 3, the paper's
      initial value.
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or {n} ints.
    stride: window stride (an int or {n} ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive eps, a stride without kernel_size, a ``p``
      that is neither scalar nor per-channel, and the size errors of
      :func:`avg_pool{n}d`.
    TypeError: for non-int sizes, a non-real ``p`` or ``eps``, or a
      non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool{n}d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.
"""

_GEM_EXAMPLES = {
    1: """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.]]])  # (N, L, C)
    >>> F.gem_pool1d(x, 1.0)[..., 0]  # p = 1: the mean
    Array([[2.5]], dtype=float32)
    >>> F.gem_pool1d(x, 2.0, kernel_size=2)[..., 0]  # sqrt((1 + 4) / 2), ...
    Array([[1.5811388, 3.535534 ]], dtype=float32)""",
    2: """\
    >>> x = jnp.array([[1., 2.], [3., 1000.]]).reshape(1, 2, 2, 1)
    >>> F.gem_pool2d(x, 100.0).ravel()  # no overflow; near the max
    Array([986.2327], dtype=float32)""",
    3: """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.gem_pool3d(x).shape
    (2, 1, 1, 1, 3)""",
}


def _gem_pool_fn(n: int):
  fn_name = f"gem_pool{n}d"

  def gem_pool_nd(
      x: ArrayLike, p: Union[float, ArrayLike] = 3.0,
      kernel_size: Optional[_args.IntOrSeq] = None,
      stride: Optional[_args.IntOrSeq] = None, eps: float = 1e-6, *,
      channels_last: bool = True,
  ) -> jax.Array:
    return gem_pool(fn_name, n, x, p, kernel_size, stride, eps, channels_last)
  return _named(gem_pool_nd, fn_name, _doc(_GEM_DOC, n, _GEM_EXAMPLES[n]))


_MIXED_DOC = """Applies {n}-d mixed max-average pooling (Lee et al., 2016).

  C.-Y. Lee, P. W. Gallagher and Z. Tu, "Generalizing Pooling Functions in
  Convolutional Neural Networks: Mixed, Gated, and Tree", AISTATS 2016 ::

      out = alpha * max_pool{n}d(x) + (1 - alpha) * avg_pool{n}d(x)

  with the same window arguments for both (PyTorch's semantics for each:
  padding is -inf for the max and counts as zeros, per
  ``count_include_pad``, for the average). ``alpha`` is used as given (the
  paper keeps it in ``[0, 1]``; :class:`jaxpool.nn.MixedPool{n}d` learns it
  through a sigmoid).

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    alpha: the mixing proportion: a real number or an array of shape ``()``
      (the paper's per-layer mixing) or ``(C,)`` (per channel).
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, {n} ints, {n} ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for an ``alpha`` that is neither scalar nor per-channel, and
      the size errors of :func:`avg_pool{n}d`.
    TypeError: for non-int sizes, a non-real ``alpha`` or a non-floating
      input.

  Shape:
    As :func:`avg_pool{n}d`.
"""

_MIXED_EXAMPLES = {
    1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])  # (N, L, C)
    >>> F.mixed_pool1d(x, 0.5, 2)[..., 0]  # (3 + 2) / 2, (6 + 4) / 2
    Array([[2.5, 5. ]], dtype=float32)""",
    2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> F.mixed_pool2d(x, 1.0, 2)[..., 0]  # alpha = 1: max pooling
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.mixed_pool2d(x, 0.0, 2)[..., 0]  # alpha = 0: average pooling
    Array([[[ 2.5,  4.5],
            [10.5, 12.5]]], dtype=float32)""",
    3: """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> F.mixed_pool3d(x, jnp.array([0.2, 0.8]), 2).shape  # per channel
    (1, 2, 2, 2, 2)""",
}


def _mixed_pool_fn(n: int):
  fn_name = f"mixed_pool{n}d"

  def mixed_pool_nd(
      x: ArrayLike, alpha: Union[float, ArrayLike],
      kernel_size: _args.IntOrSeq, stride: Optional[_args.IntOrSeq] = None,
      padding: _args.PaddingLike = 0, ceil_mode: bool = False,
      count_include_pad: bool = True, *, channels_last: bool = True,
  ) -> jax.Array:
    return mixed_pool(fn_name, n, x, alpha, kernel_size, stride, padding,
                      ceil_mode, count_include_pad, channels_last)
  return _named(mixed_pool_nd, fn_name,
                _doc(_MIXED_DOC, n, _MIXED_EXAMPLES[n]))


_BLUR_DOC = """Applies {n}-d BlurPool: anti-aliased downsampling (Zhang, 2019).

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019
  (and its code, adobe/antialiased-cnns). Each channel is low-pass filtered
  with the normalised binomial kernel of ``filt_size`` taps per axis (the
  outer product over axes of ``C(f - 1, j) / 2**(f - 1)``: ``[1, 2, 1] / 4``
  for ``f = 3``, ``[1, 3, 3, 1] / 8`` for ``f = 4``), after padding each
  spatial axis by ``((f - 1) // 2 + pad_off, f // 2 + pad_off)``, then
  subsampled with ``stride`` ::

      out[o] = sum_j w[j] * x_pad[o * stride + j].

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    filt_size: taps of the binomial filter: an int or {n} ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or {n} ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
{layout}

  Returns:
    The filtered, subsampled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive filt_size/stride, a negative pad_off, an
      unknown pad_type, reflect padding not smaller than the input (as
      PyTorch's ReflectionPad), the wrong input rank, or an output size
      below 1.
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.
"""

_BLUR_EXAMPLES = {
    1: """\
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])  # (N, L, C)
    >>> F.blur_pool1d(x, 3)[..., 0]  # [1, 2, 1] / 4, stride 2
    Array([[0., 2., 0.]], dtype=float32)""",
    2: """\
    >>> x = jnp.ones((1, 6, 6, 3))
    >>> F.blur_pool2d(x).shape
    (1, 3, 3, 3)
    >>> F.blur_pool2d(x, 1, stride=3)[0, :, :, 0]  # filt_size=1: subsample
    Array([[1., 1.],
           [1., 1.]], dtype=float32)""",
    3: """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.blur_pool3d(x, 3, pad_type="zero").shape
    (1, 3, 3, 3, 2)""",
}


def _blur_pool_fn(n: int):
  fn_name = f"blur_pool{n}d"

  def blur_pool_nd(
      x: ArrayLike, filt_size: _args.IntOrSeq = 4, stride: _args.IntOrSeq = 2,
      pad_type: str = "reflect", pad_off: int = 0, *,
      channels_last: bool = True,
  ) -> jax.Array:
    return blur_pool(fn_name, n, x, filt_size, stride, pad_type, pad_off,
                     channels_last)
  return _named(blur_pool_nd, fn_name, _doc(_BLUR_DOC, n, _BLUR_EXAMPLES[n]))


_MAX_BLUR_DOC = """Applies {n}-d MaxBlurPool (Zhang, 2019): dense max, then BlurPool.

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019:
  the anti-aliased replacement of strided max pooling evaluates the max
  densely (stride 1) and lets the blur do the subsampling ::

      out = blur_pool{n}d(max_pool{n}d(x, kernel_size, stride=1), filt_size,
                         stride, pad_type, pad_off)

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: the max-pool window (stride 1, no padding): an int or {n}
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or {n} ints
      (default 2).
    filt_size: taps of the binomial filter: an int or {n} ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool{n}d`.
    pad_off: extra blur padding on both sides (default 0).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the size errors of :func:`max_pool{n}d` and
      :func:`blur_pool{n}d` (the latter on the max-pooled size).
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.
"""

_MAX_BLUR_EXAMPLES = {
    1: """\
    >>> x = jnp.array([[[0.], [4.], [0.], [0.], [0.], [0.], [0.]]])
    >>> F.max_blur_pool1d(x, filt_size=3)[..., 0]  # max [4,4,0,0,0,0], blur
    Array([[4., 1., 0.]], dtype=float32)""",
    2: """\
    >>> x = jnp.ones((1, 9, 9, 3))
    >>> F.max_blur_pool2d(x).shape
    (1, 4, 4, 3)""",
    3: """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.max_blur_pool3d(x, 2, filt_size=3).shape
    (1, 2, 2, 2, 2)""",
}


def _max_blur_pool_fn(n: int):
  fn_name = f"max_blur_pool{n}d"

  def max_blur_pool_nd(
      x: ArrayLike, kernel_size: _args.IntOrSeq = 2,
      stride: _args.IntOrSeq = 2, filt_size: _args.IntOrSeq = 4,
      pad_type: str = "reflect", pad_off: int = 0, *,
      channels_last: bool = True,
  ) -> jax.Array:
    return max_blur_pool(fn_name, n, x, kernel_size, stride, filt_size,
                         pad_type, pad_off, channels_last)
  return _named(max_blur_pool_nd, fn_name,
                _doc(_MAX_BLUR_DOC, n, _MAX_BLUR_EXAMPLES[n]))


_SPP_DOC = """Applies {n}-d spatial pyramid pooling (He et al., 2014).

  K. He, X. Zhang, S. Ren and J. Sun, "Spatial Pyramid Pooling in Deep
  Convolutional Networks for Visual Recognition", ECCV 2014 / TPAMI 2015.
  Each level ``l`` pools the input into ``l`` bins per spatial dimension
  (``adaptive_max_pool{n}d(x, l)`` or ``adaptive_avg_pool{n}d(x, l)``: bin
  ``i`` of a length-``L`` axis spans ``[floor(i * L / l), ceil((i + 1) * L /
  l))``, PyTorch's adaptive bins); the levels are flattened and concatenated
  into one fixed-length vector per sample, whatever the input size ::

      out = concat([flatten(adaptive_pool(x, l)) for l in levels])

  Order of the features: level-major, in the order of ``levels``; within a
  level, the pooled array flattened in the input's own layout, i.e.
  ``(bins..., C)`` row-major (channel fastest) when ``channels_last``, and
  ``(C, bins...)`` (as ``torch.cat([F.adaptive_max_pool{n}d(x, l).view(N, -1)
  ...], 1)``, the usual PyTorch implementation) otherwise. The paper's Caffe
  code instead pools with window ``ceil(L / l)`` and stride ``floor(L / l)``,
  which can leave cells out or run past the input; adaptive bins always cover
  the input exactly.

  Args:
    x: the input (see Shape); a floating dtype (or integer with ``"max"``).
    levels: a non-empty sequence of levels (default ``(1, 2, 4)``), each a
      positive int (bins in every spatial dimension) or {n} positive ints.
      Levels larger than the input are allowed (bins then repeat elements).
    mode: ``"max"`` (default, as the paper) or ``"avg"``.
{layout}

  Returns:
    The features, in the input's dtype. Gradients are those of the adaptive
    pools (max: to the first max of each bin).

  Raises:
    ValueError: for empty levels, a non-positive level, a level with the
      wrong number of entries, an unknown mode, the wrong input rank, or an
      empty spatial dimension.
    TypeError: for non-int levels or an unsupported input dtype.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: ``(N, C * sum(prod(l)
    for l in levels))``, or ``(C * sum(...),)`` for unbatched input.
"""

_SPP_EXAMPLES = {
    1: """\
    >>> x = jnp.array([[[1.], [5.], [2.], [4.]]])  # (N, L, C)
    >>> F.spatial_pyramid_pool1d(x, (1, 2))  # [max], [max(1, 5), max(2, 4)]
    Array([[5., 5., 4.]], dtype=float32)""",
    2: """\
    >>> x = jnp.ones((2, 13, 9, 8))  # any H, W gives 8 * (1 + 4 + 16)
    >>> F.spatial_pyramid_pool2d(x).shape
    (2, 168)
    >>> F.spatial_pyramid_pool2d(jnp.ones((2, 8, 5, 6)), [1, (2, 3)],
    ...                          "avg", channels_last=False).shape
    (2, 56)""",
    3: """\
    >>> x = jnp.ones((1, 5, 6, 7, 2))
    >>> F.spatial_pyramid_pool3d(x, (1, 2)).shape  # 2 * (1 + 8)
    (1, 18)""",
}


def _spatial_pyramid_pool_fn(n: int):
  fn_name = f"spatial_pyramid_pool{n}d"

  def spatial_pyramid_pool_nd(
      x: ArrayLike,
      levels: Sequence[_args.IntOrSeq] = (1, 2, 4), mode: str = "max", *,
      channels_last: bool = True,
  ) -> jax.Array:
    return spatial_pyramid_pool(fn_name, n, x, levels, mode, channels_last)
  return _named(spatial_pyramid_pool_nd, fn_name,
                _doc(_SPP_DOC, n, _SPP_EXAMPLES[n]))


stochastic_pool1d, stochastic_pool2d, stochastic_pool3d = (
    _stochastic_pool_fn(n) for n in (1, 2, 3))
gem_pool1d, gem_pool2d, gem_pool3d = (_gem_pool_fn(n) for n in (1, 2, 3))
mixed_pool1d, mixed_pool2d, mixed_pool3d = (
    _mixed_pool_fn(n) for n in (1, 2, 3))
blur_pool1d, blur_pool2d, blur_pool3d = (_blur_pool_fn(n) for n in (1, 2, 3))
max_blur_pool1d, max_blur_pool2d, max_blur_pool3d = (
    _max_blur_pool_fn(n) for n in (1, 2, 3))
spatial_pyramid_pool1d, spatial_pyramid_pool2d, spatial_pyramid_pool3d = (
    _spatial_pyramid_pool_fn(n) for n in (1, 2, 3))
