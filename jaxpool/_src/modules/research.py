"""flax.linen Modules for the research pooling layers (re-exported by jaxpool.nn)."""

from __future__ import annotations

import math
from typing import ClassVar, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src.api import research as R


def _channels(x: jax.Array, n: int, channels_last: bool) -> int:
  return x.shape[-1] if channels_last else x.shape[-n - 1]


class _StochasticPool(nn.Module):
  """{n}-d stochastic pooling: partial application of :func:`jaxpool.functional.{fn}`.

  As ``flax.linen.Dropout``: ``deterministic`` may be set as a field or per
  call; when it is ``False`` the samples use ``rng`` if given, else
  ``self.make_rng(rng_collection)``. The default collection is
  ``"dropout"``, so training loops that already pass
  ``rngs={{"dropout": key}}`` need no change; ``make_rng`` folds in the
  Module's path, so the samples are independent of any Dropout layer's mask.
  See the function for the definition (Zeiler & Fergus, 2013).
  """
  kernel_size: _args.IntOrSeq
  stride: Optional[_args.IntOrSeq] = None
  deterministic: Optional[bool] = None
  channels_last: bool = True
  rng_collection: str = "dropout"
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array, deterministic: Optional[bool] = None,
               rng: Optional[jax.Array] = None) -> jax.Array:
    deterministic = nn.merge_param("deterministic", self.deterministic,
                                   deterministic)
    if not deterministic and rng is None:
      rng = self.make_rng(self.rng_collection)
    fn = (R.stochastic_pool1d, R.stochastic_pool2d,
          R.stochastic_pool3d)[self._ndim - 1]
    return fn(x, self.kernel_size, self.stride, training=not deterministic,
              key=rng, channels_last=self.channels_last)


class _GeM(nn.Module):
  """{n}-d GeM pooling with a learnable exponent: :func:`jaxpool.functional.{fn}`.

  The parameter ``"p"`` (shape ``()``, or ``(C,)`` with ``per_channel``,
  ``param_dtype``) starts at ``init_p`` (3.0, the paper's initial value) and
  is used unconstrained, as the paper's code. With ``learnable=False``
  ``init_p`` is a constant and the Module has no parameters. Global pooling
  by default; set ``kernel_size`` (and ``stride``) for windowed pooling. See
  the function for the definition (Radenovic et al., 2018).
  """
  init_p: float = 3.0
  kernel_size: Optional[_args.IntOrSeq] = None
  stride: Optional[_args.IntOrSeq] = None
  eps: float = 1e-6
  learnable: bool = True
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: jnp.dtype = jnp.float32
  _ndim: ClassVar[int]

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    name = f"GeM{self._ndim}d"
    init_p = _args.check_real(name, "init_p", self.init_p,
                              finite=True)
    p = init_p
    if _args.check_bool(name, "learnable", self.learnable):
      shape = ((_channels(x, self._ndim, self.channels_last),)
               if _args.check_bool(name, "per_channel", self.per_channel)
               else ())
      p = self.param("p", nn.initializers.constant(init_p), shape,
                     self.param_dtype)
    fn = (R.gem_pool1d, R.gem_pool2d, R.gem_pool3d)[self._ndim - 1]
    return fn(x, p, self.kernel_size, self.stride, self.eps,
              channels_last=self.channels_last)


class _MixedPool(nn.Module):
  """{n}-d mixed max-average pooling, learned: :func:`jaxpool.functional.{fn}`.

  ``alpha = sigmoid(alpha_logit)`` with the parameter ``"alpha_logit"``
  (shape ``()``, the paper's per-layer mixing, or ``(C,)`` with
  ``per_channel``), initialised so that ``alpha = init_alpha`` (default 0.5).
  The sigmoid keeps ``alpha`` in ``(0, 1)`` without clipping, so its
  gradient never vanishes at a bound. See the function for the definition
  (Lee, Gallagher & Tu, 2016).
  """
  kernel_size: _args.IntOrSeq
  stride: Optional[_args.IntOrSeq] = None
  padding: _args.PaddingLike = 0
  ceil_mode: bool = False
  count_include_pad: bool = True
  init_alpha: float = 0.5
  per_channel: bool = False
  channels_last: bool = True
  param_dtype: jnp.dtype = jnp.float32
  _ndim: ClassVar[int]

  @nn.compact
  def __call__(self, x: jax.Array) -> jax.Array:
    name = f"MixedPool{self._ndim}d"
    a = _args.check_real(name, "init_alpha", self.init_alpha,
                         finite=True)
    if not 0 < a < 1:
      raise ValueError(f"{name}: init_alpha={self.init_alpha!r} must lie in "
                       "(0, 1) (alpha is the sigmoid of the parameter).")
    shape = ((_channels(x, self._ndim, self.channels_last),)
             if _args.check_bool(name, "per_channel", self.per_channel)
             else ())
    logit = self.param("alpha_logit",
                       nn.initializers.constant(math.log(a / (1 - a))), shape,
                       self.param_dtype)
    fn = (R.mixed_pool1d, R.mixed_pool2d, R.mixed_pool3d)[self._ndim - 1]
    return fn(x, jax.nn.sigmoid(logit), self.kernel_size, self.stride,
              self.padding, self.ceil_mode, self.count_include_pad,
              channels_last=self.channels_last)


class _BlurPool(nn.Module):
  """{n}-d BlurPool: partial application of :func:`jaxpool.functional.{fn}`.

  A fixed binomial filter: no parameters, and no ``channels`` argument (the
  filter is applied to every channel). See the function for the definition
  (Zhang, 2019).
  """
  filt_size: _args.IntOrSeq = 4
  stride: _args.IntOrSeq = 2
  pad_type: str = "reflect"
  pad_off: int = 0
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.blur_pool1d, R.blur_pool2d, R.blur_pool3d)[self._ndim - 1]
    return fn(x, self.filt_size, self.stride, self.pad_type, self.pad_off,
              channels_last=self.channels_last)


class _MaxBlurPool(nn.Module):
  """{n}-d MaxBlurPool: partial application of :func:`jaxpool.functional.{fn}`.

  Dense max pooling then BlurPool, the paper's anti-aliased max pooling. See
  the function for the definition (Zhang, 2019).
  """
  kernel_size: _args.IntOrSeq = 2
  stride: _args.IntOrSeq = 2
  filt_size: _args.IntOrSeq = 4
  pad_type: str = "reflect"
  pad_off: int = 0
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.max_blur_pool1d, R.max_blur_pool2d,
          R.max_blur_pool3d)[self._ndim - 1]
    return fn(x, self.kernel_size, self.stride, self.filt_size, self.pad_type,
              self.pad_off, channels_last=self.channels_last)


class _SpatialPyramidPool(nn.Module):
  """{n}-d spatial pyramid pooling: partial application of :func:`jaxpool.functional.{fn}`.

  No parameters. See the function for the levels, the order of the features
  and the output size (He et al., 2014).
  """
  levels: tuple = (1, 2, 4)
  mode: str = "max"
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (R.spatial_pyramid_pool1d, R.spatial_pyramid_pool2d,
          R.spatial_pyramid_pool3d)[self._ndim - 1]
    return fn(x, self.levels, self.mode, channels_last=self.channels_last)


class StochasticPool1d(_StochasticPool):
  __doc__ = docs.module(
      _StochasticPool.__doc__, "stochastic_pool1d", 1, """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])
    >>> m = jnn.StochasticPool1d(2)
    >>> m.apply({}, x, deterministic=True)[..., 0]
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = m.apply({}, x, deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> y.shape
    (1, 2, 1)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class StochasticPool2d(_StochasticPool):
  __doc__ = docs.module(
      _StochasticPool.__doc__, "stochastic_pool2d", 2, """\
    >>> x = jnp.ones((2, 4, 4, 3))
    >>> m = jnn.StochasticPool2d(2, deterministic=False)
    >>> m.apply({}, x, rngs={"dropout": jax.random.key(0)}).shape
    (2, 2, 2, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class StochasticPool3d(_StochasticPool):
  __doc__ = docs.module(
      _StochasticPool.__doc__, "stochastic_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.StochasticPool3d(2, deterministic=True).apply({}, x).shape
    (1, 2, 2, 2, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class GeM1d(_GeM):
  __doc__ = docs.module(
      _GeM.__doc__, "gem_pool1d", 1, """\
    >>> x = jnp.ones((2, 8, 3))
    >>> params = jnn.GeM1d().init(jax.random.key(0), x)
    >>> params["params"]["p"]
    Array(3., dtype=float32)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class GeM2d(_GeM):
  __doc__ = docs.module(
      _GeM.__doc__, "gem_pool2d", 2, """\
    >>> x = jnp.ones((2, 7, 7, 4))
    >>> m = jnn.GeM2d(per_channel=True)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["p"].shape, m.apply(params, x).shape
    ((4,), (2, 1, 1, 4))""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class GeM3d(_GeM):
  __doc__ = docs.module(
      _GeM.__doc__, "gem_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.GeM3d(kernel_size=2, learnable=False).apply({}, x).shape
    (1, 2, 2, 2, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class MixedPool1d(_MixedPool):
  __doc__ = docs.module(
      _MixedPool.__doc__, "mixed_pool1d", 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])
    >>> m = jnn.MixedPool1d(2)
    >>> params = m.init(jax.random.key(0), x)
    >>> m.apply(params, x)[..., 0]  # alpha = 0.5 at init
    Array([[2.5, 5. ]], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class MixedPool2d(_MixedPool):
  __doc__ = docs.module(
      _MixedPool.__doc__, "mixed_pool2d", 2, """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> m = jnn.MixedPool2d(3, stride=2, padding=1, per_channel=True)
    >>> params = m.init(jax.random.key(0), x)
    >>> params["params"]["alpha_logit"].shape, m.apply(params, x).shape
    ((3,), (2, 4, 4, 3))""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class MixedPool3d(_MixedPool):
  __doc__ = docs.module(
      _MixedPool.__doc__, "mixed_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> m = jnn.MixedPool3d(2, init_alpha=0.9)
    >>> m.apply(m.init(jax.random.key(0), x), x).shape
    (1, 2, 2, 2, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class BlurPool1d(_BlurPool):
  __doc__ = docs.module(
      _BlurPool.__doc__, "blur_pool1d", 1, """\
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])
    >>> jnn.BlurPool1d(3).apply({}, x)[..., 0]
    Array([[0., 2., 0.]], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class BlurPool2d(_BlurPool):
  __doc__ = docs.module(
      _BlurPool.__doc__, "blur_pool2d", 2, """\
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> jnn.BlurPool2d().apply({}, x).shape
    (2, 4, 4, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class BlurPool3d(_BlurPool):
  __doc__ = docs.module(
      _BlurPool.__doc__, "blur_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.BlurPool3d(3, pad_type="replicate").apply({}, x).shape
    (1, 2, 2, 2, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class MaxBlurPool1d(_MaxBlurPool):
  __doc__ = docs.module(
      _MaxBlurPool.__doc__, "max_blur_pool1d", 1, """\
    >>> x = jnp.ones((1, 9, 2))
    >>> jnn.MaxBlurPool1d().apply({}, x).shape
    (1, 4, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class MaxBlurPool2d(_MaxBlurPool):
  __doc__ = docs.module(
      _MaxBlurPool.__doc__, "max_blur_pool2d", 2, """\
    >>> x = jnp.ones((2, 9, 9, 3))
    >>> jnn.MaxBlurPool2d(filt_size=3).apply({}, x).shape
    (2, 4, 4, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class MaxBlurPool3d(_MaxBlurPool):
  __doc__ = docs.module(
      _MaxBlurPool.__doc__, "max_blur_pool3d", 3, """\
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> jnn.MaxBlurPool3d(filt_size=3).apply({}, x).shape
    (1, 2, 2, 2, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class SpatialPyramidPool1d(_SpatialPyramidPool):
  __doc__ = docs.module(
      _SpatialPyramidPool.__doc__, "spatial_pyramid_pool1d", 1, """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.SpatialPyramidPool1d((1, 2, 4)).apply({}, x).shape
    (2, 21)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class SpatialPyramidPool2d(_SpatialPyramidPool):
  __doc__ = docs.module(
      _SpatialPyramidPool.__doc__, "spatial_pyramid_pool2d", 2, """\
    >>> m = jnn.SpatialPyramidPool2d((1, 2, 4))
    >>> m.apply({}, jnp.ones((2, 13, 13, 8))).shape  # any input size
    (2, 168)
    >>> m.apply({}, jnp.ones((2, 7, 30, 8))).shape
    (2, 168)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class SpatialPyramidPool3d(_SpatialPyramidPool):
  __doc__ = docs.module(
      _SpatialPyramidPool.__doc__, "spatial_pyramid_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.SpatialPyramidPool3d((1, 2), mode="avg").apply({}, x).shape
    (1, 18)""")
  __module__ = "jaxpool.nn"
  _ndim = 3
