"""flax.nnx Modules for adaptive, global and fractional max pooling
(re-exported by jaxpool.nnx)."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

import jax
from flax import nnx
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src.api import adaptive as A
from jaxpool._src.api import fractional as FR
from jaxpool._src.nnx import random as _random


class _AdaptiveMaxPool(nnx.Module):
  """{n}-d adaptive max pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. With ``return_indices=True`` the call returns ``(values,
  indices)``. See the function for PyTorch's bins and the output size.
  """
  _ndim: ClassVar[int]

  def __init__(self, output_size: A.OutputSize, return_indices: bool = False,
               channels_last: bool = True):
    self.output_size = output_size
    self.return_indices = return_indices
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> Any:
    fn = (A.adaptive_max_pool1d, A.adaptive_max_pool2d,
          A.adaptive_max_pool3d)[self._ndim - 1]
    return fn(x, self.output_size, self.return_indices,
              channels_last=self.channels_last)


class _AdaptiveAvgPool(nnx.Module):
  """{n}-d adaptive average pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. See the function for PyTorch's bins and the output size.
  """
  _ndim: ClassVar[int]

  def __init__(self, output_size: A.OutputSize, channels_last: bool = True):
    self.output_size = output_size
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (A.adaptive_avg_pool1d, A.adaptive_avg_pool2d,
          A.adaptive_avg_pool3d)[self._ndim - 1]
    return fn(x, self.output_size, channels_last=self.channels_last)


class _GlobalPool(nnx.Module):
  """The global poolings' shared constructor; ``_fns`` holds the 1/2/3-d
  functions."""
  _ndim: ClassVar[int]
  _fns: ClassVar[tuple[Any, Any, Any]]

  def __init__(self, keepdims: bool = False, channels_last: bool = True):
    self.keepdims = keepdims
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = self._fns[self._ndim - 1]
    return fn(x, keepdims=self.keepdims, channels_last=self.channels_last)


class _GlobalAvgPool(_GlobalPool):
  """{n}-d global average pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. The output is ``(N, C)``, or keeps size-1 spatial dims with
  ``keepdims``.
  """
  _fns = (A.global_avg_pool1d, A.global_avg_pool2d, A.global_avg_pool3d)


class _GlobalMaxPool(_GlobalPool):
  """{n}-d global max pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. The output is ``(N, C)``, or keeps size-1 spatial dims with
  ``keepdims``.
  """
  _fns = (A.global_max_pool1d, A.global_max_pool2d, A.global_max_pool3d)


class _FractionalMaxPool(nnx.Module):
  """{n}-d fractional max pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. Each call draws its samples from the stream
  ``rng_collection`` (default ``"fractional"``, else the ``default`` stream)
  of the ``rngs`` given to the constructor, or from ``rngs`` given to the
  call (an ``nnx.Rngs``, ``nnx.RngStream`` or key); or it uses ``samples``
  when given (PyTorch's ``_random_samples`` layout ``(N, C, {n})``). As in
  PyTorch, the pooling is random in training and in eval mode alike, so
  there is no ``deterministic``. Exactly one of ``output_size`` and
  ``output_ratio``. See the function for the interval formula.
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq,
               output_size: Optional[_args.IntOrSeq] = None,
               output_ratio: Optional[FR.RatioLike] = None,
               return_indices: bool = False,
               rng_collection: str = "fractional", channels_last: bool = True,
               *, rngs: _random.RngsLike = None):
    self.kernel_size = kernel_size
    self.output_size = output_size
    self.output_ratio = output_ratio
    self.return_indices = return_indices
    self.rng_collection = rng_collection
    self.channels_last = channels_last
    self.rngs = _random.stream(type(self).__name__, rngs, rng_collection)

  def __call__(self, x: jax.Array, samples: Optional[ArrayLike] = None, *,
               rngs: _random.CallRngs = None) -> Any:
    key = (None if samples is not None else
           _random.key(type(self).__name__, self.rngs, rngs,
                       self.rng_collection))
    fn = (FR.fractional_max_pool2d, FR.fractional_max_pool3d)[self._ndim - 2]
    return fn(x, self.kernel_size, self.output_size, self.output_ratio,
              self.return_indices, key=key, samples=samples,
              channels_last=self.channels_last)


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
  __doc__ = docs.module(
      _AdaptiveMaxPool.__doc__, "adaptive_max_pool1d", 1, """\
    >>> x = jnp.arange(10.).reshape(1, 10, 1)
    >>> jnnx.AdaptiveMaxPool1d(4)(x)[0, :, 0]
    Array([2., 4., 7., 9.], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class AdaptiveMaxPool2d(_AdaptiveMaxPool):
  __doc__ = docs.module(
      _AdaptiveMaxPool.__doc__, "adaptive_max_pool2d", 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = jnnx.AdaptiveMaxPool2d(2, True)(x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
  __doc__ = docs.module(
      _AdaptiveMaxPool.__doc__, "adaptive_max_pool3d", 3, """\
    >>> x = jnp.zeros((2, 5, 6, 7, 3))
    >>> jnnx.AdaptiveMaxPool3d((2, None, 3))(x).shape
    (2, 2, 6, 3, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class AdaptiveAvgPool1d(_AdaptiveAvgPool):
  __doc__ = docs.module(
      _AdaptiveAvgPool.__doc__, "adaptive_avg_pool1d", 1, """\
    >>> x = jnp.arange(4.).reshape(1, 4, 1)
    >>> jnnx.AdaptiveAvgPool1d(2)(x)[0, :, 0]
    Array([0.5, 2.5], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class AdaptiveAvgPool2d(_AdaptiveAvgPool):
  __doc__ = docs.module(
      _AdaptiveAvgPool.__doc__, "adaptive_avg_pool2d", 2, """\
    >>> x = jnp.ones((8, 13, 13, 64))
    >>> jnnx.AdaptiveAvgPool2d(7)(x).shape
    (8, 7, 7, 64)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class AdaptiveAvgPool3d(_AdaptiveAvgPool):
  __doc__ = docs.module(
      _AdaptiveAvgPool.__doc__, "adaptive_avg_pool3d", 3, """\
    >>> x = jnp.ones((2, 3, 4, 5, 6))  # (N, C, D, H, W)
    >>> jnnx.AdaptiveAvgPool3d(2, channels_last=False)(x).shape
    (2, 3, 2, 2, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class GlobalAvgPool1d(_GlobalAvgPool):
  __doc__ = docs.module(
      _GlobalAvgPool.__doc__, "global_avg_pool1d", 1, """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnnx.GlobalAvgPool1d()(x).shape
    (2, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class GlobalAvgPool2d(_GlobalAvgPool):
  __doc__ = docs.module(
      _GlobalAvgPool.__doc__, "global_avg_pool2d", 2, """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnnx.GlobalAvgPool2d(keepdims=True)(x).shape
    (2, 1, 1, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class GlobalAvgPool3d(_GlobalAvgPool):
  __doc__ = docs.module(
      _GlobalAvgPool.__doc__, "global_avg_pool3d", 3, """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> jnnx.GlobalAvgPool3d()(x).shape
    (2, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class GlobalMaxPool1d(_GlobalMaxPool):
  __doc__ = docs.module(
      _GlobalMaxPool.__doc__, "global_max_pool1d", 1, """\
    >>> x = jnp.arange(6.).reshape(1, 3, 2)
    >>> jnnx.GlobalMaxPool1d()(x)
    Array([[4., 5.]], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class GlobalMaxPool2d(_GlobalMaxPool):
  __doc__ = docs.module(
      _GlobalMaxPool.__doc__, "global_max_pool2d", 2, """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnnx.GlobalMaxPool2d()(x).shape
    (2, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class GlobalMaxPool3d(_GlobalMaxPool):
  __doc__ = docs.module(
      _GlobalMaxPool.__doc__, "global_max_pool3d", 3, """\
    >>> x = jnp.ones((2, 3, 4, 4, 4))  # (N, C, D, H, W)
    >>> jnnx.GlobalMaxPool3d(True, channels_last=False)(x).shape
    (2, 3, 1, 1, 1)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class FractionalMaxPool2d(_FractionalMaxPool):
  __doc__ = docs.module(
      _FractionalMaxPool.__doc__, "fractional_max_pool2d", 2, """\
    >>> x = jnp.ones((4, 32, 32, 16))
    >>> pool = jnnx.FractionalMaxPool2d(3, output_ratio=0.7, rngs=nnx.Rngs(0))
    >>> pool(x).shape
    (4, 22, 22, 16)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class FractionalMaxPool3d(_FractionalMaxPool):
  __doc__ = docs.module(
      _FractionalMaxPool.__doc__, "fractional_max_pool3d", 3, """\
    >>> x = jnp.ones((2, 9, 9, 9, 3))
    >>> pool = jnnx.FractionalMaxPool3d(2, output_size=(4, 5, 6))
    >>> pool(x, rngs=jax.random.key(0)).shape  # a key per call
    (2, 4, 5, 6, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3
