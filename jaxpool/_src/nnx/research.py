"""flax.nnx Modules for the research pooling layers (re-exported by
jaxpool.nnx).

GeM's exponent and MixedPool's mixing logit are ``nnx.Param`` under the
linen twins' names. Flax linen infers their per-channel size from the first
input; NNX creates parameters in the constructor, so ``per_channel=True``
needs the keyword-only ``num_channels``.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, Optional

import jax
import jax.numpy as jnp
from flax import nnx

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src.api import research as R
from jaxpool._src.nnx import random as _random


def _param_shape(owner: str, per_channel: bool,
                 num_channels: Optional[int]) -> tuple[int, ...]:
  """``()``, or ``(num_channels,)`` with ``per_channel``."""
  if not _args.check_bool(owner, "per_channel", per_channel):
    if num_channels is not None:
      raise ValueError(f"{owner}: num_channels={num_channels!r} is only used "
                       "with per_channel=True.")
    return ()
  if num_channels is None:
    raise ValueError(
        f"{owner}: per_channel=True needs num_channels=C (NNX creates the "
        "parameter in the constructor, before any input is seen).")
  if not _args.is_int(num_channels) or num_channels < 1:
    raise ValueError(f"{owner}: num_channels={num_channels!r} must be a "
                     "positive int.")
  return (int(num_channels),)


class _StochasticPool(_random.Switchable):
  """{n}-d stochastic pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. As ``flax.nnx.Dropout``: ``model.train()`` sets
  ``deterministic=False`` (samples each window's value), ``model.eval()``
  sets ``deterministic=True`` (the probability-weighted average); it may
  also be set in the constructor or passed to the call. The default
  ``None``, as the linen twin's, makes the mode an explicit choice. The
  samples come from the stream ``rng_collection`` (default ``"dropout"``,
  else the ``default`` stream) of the constructor's ``rngs``, or from
  ``rngs`` given to the call (an ``nnx.Rngs``, ``nnx.RngStream`` or key).
  See the function for the definition (Zeiler & Fergus, 2013).
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               deterministic: Optional[bool] = None,
               channels_last: bool = True, rng_collection: str = "dropout",
               *, rngs: _random.RngsLike = None):
    self.kernel_size = kernel_size
    self.stride = stride
    self.deterministic = deterministic
    self.channels_last = channels_last
    self.rng_collection = rng_collection
    self.rngs = _random.stream(type(self).__name__, rngs, rng_collection)

  def __call__(self, x: jax.Array, *, deterministic: Optional[bool] = None,
               rngs: _random.CallRngs = None) -> jax.Array:
    name = type(self).__name__
    deterministic = _random.mode(name, self.deterministic, deterministic)
    key = (None if deterministic else
           _random.key(name, self.rngs, rngs, self.rng_collection))
    fn = (R.stochastic_pool1d, R.stochastic_pool2d,
          R.stochastic_pool3d)[self._ndim - 1]
    return fn(x, self.kernel_size, self.stride, training=not deterministic,
              key=key, channels_last=self.channels_last)


class _GeM(nnx.Module):
  """{n}-d GeM pooling with a learnable exponent (NNX): :func:`jaxpool.functional.{fn}`.

  The parameter ``p`` (an ``nnx.Param`` of shape ``()``, or ``(C,)`` with
  ``per_channel`` and ``num_channels=C``, ``param_dtype``) starts at
  ``init_p`` (3.0, the paper's initial value) and is used unconstrained, as
  the paper's code. With ``learnable=False`` ``init_p`` is a constant and
  the Module has no parameters. Global pooling by default; set
  ``kernel_size`` (and ``stride``) for windowed pooling. See the function
  for the definition (Radenovic et al., 2018).
  """
  _ndim: ClassVar[int]

  def __init__(self, init_p: float = 3.0,
               kernel_size: Optional[_args.IntOrSeq] = None,
               stride: Optional[_args.IntOrSeq] = None, eps: float = 1e-6,
               learnable: bool = True, per_channel: bool = False,
               channels_last: bool = True, param_dtype: Any = jnp.float32,
               *, num_channels: Optional[int] = None):
    name = type(self).__name__
    self.init_p = _args.check_real(name, "init_p", init_p,
                                   finite=True)
    self.kernel_size = kernel_size
    self.stride = stride
    self.eps = eps
    self.learnable = _args.check_bool(name, "learnable", learnable)
    self.per_channel = per_channel
    self.channels_last = channels_last
    shape = _param_shape(name, per_channel, num_channels)
    self.p: Optional[nnx.Param] = (
        nnx.Param(jnp.full(shape, self.init_p, param_dtype))
        if self.learnable else None)

  def __call__(self, x: jax.Array) -> jax.Array:
    p = self.init_p if self.p is None else self.p[...]
    fn = (R.gem_pool1d, R.gem_pool2d, R.gem_pool3d)[self._ndim - 1]
    return fn(x, p, self.kernel_size, self.stride, self.eps,
              channels_last=self.channels_last)


class _MixedPool(nnx.Module):
  """{n}-d mixed max-average pooling, learned (NNX): :func:`jaxpool.functional.{fn}`.

  ``alpha = sigmoid(alpha_logit)`` with the ``nnx.Param`` ``alpha_logit``
  (shape ``()``, the paper's per-layer mixing, or ``(C,)`` with
  ``per_channel`` and ``num_channels=C``), initialised so that ``alpha =
  init_alpha`` (default 0.5). The sigmoid keeps ``alpha`` in ``(0, 1)``
  without clipping, so its gradient never vanishes at a bound. See the
  function for the definition (Lee, Gallagher & Tu, 2016).
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               padding: _args.PaddingLike = 0, ceil_mode: bool = False,
               count_include_pad: bool = True, init_alpha: float = 0.5,
               per_channel: bool = False, channels_last: bool = True,
               param_dtype: Any = jnp.float32, *,
               num_channels: Optional[int] = None):
    name = type(self).__name__
    a = _args.check_real(name, "init_alpha", init_alpha, finite=True)
    if not 0 < a < 1:
      raise ValueError(f"{name}: init_alpha={init_alpha!r} must lie in "
                       "(0, 1) (alpha is the sigmoid of the parameter).")
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.ceil_mode = ceil_mode
    self.count_include_pad = count_include_pad
    self.init_alpha = a
    self.per_channel = per_channel
    self.channels_last = channels_last
    shape = _param_shape(name, per_channel, num_channels)
    self.alpha_logit = nnx.Param(
        jnp.full(shape, math.log(a / (1 - a)), param_dtype))

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.mixed_pool1d, R.mixed_pool2d, R.mixed_pool3d)[self._ndim - 1]
    return fn(x, jax.nn.sigmoid(self.alpha_logit[...]), self.kernel_size,
              self.stride, self.padding, self.ceil_mode,
              self.count_include_pad, channels_last=self.channels_last)


class _BlurPool(nnx.Module):
  """{n}-d BlurPool (NNX): calls :func:`jaxpool.functional.{fn}`.

  A fixed binomial filter: no parameters, and no ``channels`` argument (the
  filter is applied to every channel). See the function for the definition
  (Zhang, 2019).
  """
  _ndim: ClassVar[int]

  def __init__(self, filt_size: _args.IntOrSeq = 4,
               stride: _args.IntOrSeq = 2, pad_type: str = "reflect",
               pad_off: int = 0, channels_last: bool = True):
    self.filt_size = filt_size
    self.stride = stride
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.blur_pool1d, R.blur_pool2d, R.blur_pool3d)[self._ndim - 1]
    return fn(x, self.filt_size, self.stride, self.pad_type, self.pad_off,
              channels_last=self.channels_last)


class _MaxBlurPool(nnx.Module):
  """{n}-d MaxBlurPool (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. Dense max pooling then BlurPool, the paper's anti-aliased
  max pooling. See the function for the definition (Zhang, 2019).
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq = 2,
               stride: _args.IntOrSeq = 2, filt_size: _args.IntOrSeq = 4,
               pad_type: str = "reflect", pad_off: int = 0,
               channels_last: bool = True):
    self.kernel_size = kernel_size
    self.stride = stride
    self.filt_size = filt_size
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.max_blur_pool1d, R.max_blur_pool2d,
          R.max_blur_pool3d)[self._ndim - 1]
    return fn(x, self.kernel_size, self.stride, self.filt_size, self.pad_type,
              self.pad_off, channels_last=self.channels_last)


class _SpatialPyramidPool(nnx.Module):
  """{n}-d spatial pyramid pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. See the function for the levels, the order of the features
  and the output size (He et al., 2014).
  """
  _ndim: ClassVar[int]

  def __init__(self, levels: tuple = (1, 2, 4), mode: str = "max",
               channels_last: bool = True):
    self.levels = levels
    self.mode = mode
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.spatial_pyramid_pool1d, R.spatial_pyramid_pool2d,
          R.spatial_pyramid_pool3d)[self._ndim - 1]
    return fn(x, self.levels, self.mode, channels_last=self.channels_last)


class StochasticPool1d(_StochasticPool):
  __doc__ = docs.module(
      _StochasticPool.__doc__, "stochastic_pool1d", 1, """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])
    >>> m = jnnx.StochasticPool1d(2, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(x)[..., 0]
    Array([[2.5, 0. ]], dtype=float32)
    >>> m.train()
    >>> m(x).shape
    (1, 2, 1)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class StochasticPool2d(_StochasticPool):
  __doc__ = docs.module(
      _StochasticPool.__doc__, "stochastic_pool2d", 2, """\
    >>> x = jnp.ones((2, 4, 4, 3))
    >>> m = jnnx.StochasticPool2d(2, deterministic=False)
    >>> m(x, rngs=jax.random.key(0)).shape
    (2, 2, 2, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class StochasticPool3d(_StochasticPool):
  __doc__ = docs.module(
      _StochasticPool.__doc__, "stochastic_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.StochasticPool3d(2, deterministic=True)(x).shape
    (1, 2, 2, 2, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class GeM1d(_GeM):
  __doc__ = docs.module(
      _GeM.__doc__, "gem_pool1d", 1, """\
    >>> m = jnnx.GeM1d()
    >>> m.p
    Param( # 1 (4 B)
      value=Array(3., dtype=float32)
    )
    >>> m(jnp.ones((2, 8, 3))).shape
    (2, 1, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class GeM2d(_GeM):
  __doc__ = docs.module(
      _GeM.__doc__, "gem_pool2d", 2, """\
    >>> x = jnp.ones((2, 7, 7, 4))
    >>> m = jnnx.GeM2d(per_channel=True, num_channels=4)
    >>> m.p.shape, m(x).shape
    ((4,), (2, 1, 1, 4))""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class GeM3d(_GeM):
  __doc__ = docs.module(
      _GeM.__doc__, "gem_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> m = jnnx.GeM3d(kernel_size=2, learnable=False)
    >>> m(x).shape, nnx.state(m, nnx.Param)
    ((1, 2, 2, 2, 2), State({}))""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class MixedPool1d(_MixedPool):
  __doc__ = docs.module(
      _MixedPool.__doc__, "mixed_pool1d", 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])
    >>> jnnx.MixedPool1d(2)(x)[..., 0]  # alpha = 0.5 at init
    Array([[2.5, 5. ]], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class MixedPool2d(_MixedPool):
  __doc__ = docs.module(
      _MixedPool.__doc__, "mixed_pool2d", 2, """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> m = jnnx.MixedPool2d(3, stride=2, padding=1, per_channel=True,
    ...                      num_channels=3)
    >>> m.alpha_logit.shape, m(x).shape
    ((3,), (2, 4, 4, 3))""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class MixedPool3d(_MixedPool):
  __doc__ = docs.module(
      _MixedPool.__doc__, "mixed_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.MixedPool3d(2, init_alpha=0.9)(x).shape
    (1, 2, 2, 2, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class BlurPool1d(_BlurPool):
  __doc__ = docs.module(
      _BlurPool.__doc__, "blur_pool1d", 1, """\
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])
    >>> jnnx.BlurPool1d(3)(x)[..., 0]
    Array([[0., 2., 0.]], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class BlurPool2d(_BlurPool):
  __doc__ = docs.module(
      _BlurPool.__doc__, "blur_pool2d", 2, """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> jnnx.BlurPool2d()(x).shape
    (2, 4, 4, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class BlurPool3d(_BlurPool):
  __doc__ = docs.module(
      _BlurPool.__doc__, "blur_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.BlurPool3d(3, pad_type="replicate")(x).shape
    (1, 2, 2, 2, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class MaxBlurPool1d(_MaxBlurPool):
  __doc__ = docs.module(
      _MaxBlurPool.__doc__, "max_blur_pool1d", 1, """\
    >>> x = jnp.ones((1, 9, 2))
    >>> jnnx.MaxBlurPool1d()(x).shape
    (1, 4, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class MaxBlurPool2d(_MaxBlurPool):
  __doc__ = docs.module(
      _MaxBlurPool.__doc__, "max_blur_pool2d", 2, """\
    >>> x = jnp.ones((2, 9, 9, 3))
    >>> jnnx.MaxBlurPool2d(filt_size=3)(x).shape
    (2, 4, 4, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class MaxBlurPool3d(_MaxBlurPool):
  __doc__ = docs.module(
      _MaxBlurPool.__doc__, "max_blur_pool3d", 3, """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> jnnx.MaxBlurPool3d(filt_size=3)(x).shape
    (1, 2, 2, 2, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class SpatialPyramidPool1d(_SpatialPyramidPool):
  __doc__ = docs.module(
      _SpatialPyramidPool.__doc__, "spatial_pyramid_pool1d", 1, """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnnx.SpatialPyramidPool1d((1, 2, 4))(x).shape
    (2, 21)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class SpatialPyramidPool2d(_SpatialPyramidPool):
  __doc__ = docs.module(
      _SpatialPyramidPool.__doc__, "spatial_pyramid_pool2d", 2, """\
    >>> m = jnnx.SpatialPyramidPool2d((1, 2, 4))
    >>> m(jnp.ones((2, 13, 13, 8))).shape  # any input size
    (2, 168)
    >>> m(jnp.ones((2, 7, 30, 8))).shape
    (2, 168)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class SpatialPyramidPool3d(_SpatialPyramidPool):
  __doc__ = docs.module(
      _SpatialPyramidPool.__doc__, "spatial_pyramid_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.SpatialPyramidPool3d((1, 2), mode="avg")(x).shape
    (1, 18)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3
