"""flax.linen Modules for adaptive, global and fractional max pooling
(re-exported by jaxpool.nn)."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src.api import adaptive as A
from jaxpool._src.api import fractional as FR


class _AdaptiveMaxPool(nn.Module):
  """{n}-d adaptive max pooling: partial application of :func:`jaxpool.functional.{fn}`.

  With ``return_indices=True`` the call returns ``(values, indices)``.
  See the function for PyTorch's bins and the output size.
  """
  output_size: A.OutputSize
  return_indices: bool = False
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> Any:
    fn = (A.adaptive_max_pool1d, A.adaptive_max_pool2d,
          A.adaptive_max_pool3d)[self._ndim - 1]
    return fn(x, self.output_size, self.return_indices,
              channels_last=self.channels_last)


class _AdaptiveAvgPool(nn.Module):
  """{n}-d adaptive average pooling: partial application of :func:`jaxpool.functional.{fn}`.

  See the function for PyTorch's bins and the output size.
  """
  output_size: A.OutputSize
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (A.adaptive_avg_pool1d, A.adaptive_avg_pool2d,
          A.adaptive_avg_pool3d)[self._ndim - 1]
    return fn(x, self.output_size, channels_last=self.channels_last)


class _GlobalAvgPool(nn.Module):
  """{n}-d global average pooling: partial application of :func:`jaxpool.functional.{fn}`.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  """
  keepdims: bool = False
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (A.global_avg_pool1d, A.global_avg_pool2d,
          A.global_avg_pool3d)[self._ndim - 1]
    return fn(x, keepdims=self.keepdims, channels_last=self.channels_last)


class _GlobalMaxPool(nn.Module):
  """{n}-d global max pooling: partial application of :func:`jaxpool.functional.{fn}`.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  """
  keepdims: bool = False
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (A.global_max_pool1d, A.global_max_pool2d,
          A.global_max_pool3d)[self._ndim - 1]
    return fn(x, keepdims=self.keepdims, channels_last=self.channels_last)


class _FractionalMaxPool(nn.Module):
  """{n}-d fractional max pooling: partial application of :func:`jaxpool.functional.{fn}`.

  Each call draws its samples with ``self.make_rng(rng_collection)`` (default
  collection ``"fractional"``: pass ``rngs={{"fractional": key}}`` to
  ``apply``), or uses ``samples`` when given (PyTorch's ``_random_samples``
  layout ``(N, C, {n})``). Exactly one of ``output_size`` and
  ``output_ratio``. See the function for the interval formula.
  """
  kernel_size: _args.IntOrSeq
  output_size: Optional[_args.IntOrSeq] = None
  output_ratio: Optional[FR.RatioLike] = None
  return_indices: bool = False
  rng_collection: str = "fractional"
  channels_last: bool = True
  _ndim: ClassVar[int]

  def __call__(self, x: jax.Array, samples: Optional[ArrayLike] = None) -> Any:
    key = self.make_rng(self.rng_collection) if samples is None else None
    fn = (FR.fractional_max_pool2d, FR.fractional_max_pool3d)[self._ndim - 2]
    return fn(x, self.kernel_size, self.output_size, self.output_ratio,
              self.return_indices, key=key, samples=samples,
              channels_last=self.channels_last)


class AdaptiveMaxPool1d(_AdaptiveMaxPool):
  __doc__ = docs.module(
      _AdaptiveMaxPool.__doc__, "adaptive_max_pool1d", 1, """\
    >>> x = jnp.arange(10.).reshape(1, 10, 1)
    >>> jnn.AdaptiveMaxPool1d(4).apply({}, x)[0, :, 0]
    Array([2., 4., 7., 9.], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class AdaptiveMaxPool2d(_AdaptiveMaxPool):
  __doc__ = docs.module(
      _AdaptiveMaxPool.__doc__, "adaptive_max_pool2d", 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = jnn.AdaptiveMaxPool2d(2, True).apply({}, x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class AdaptiveMaxPool3d(_AdaptiveMaxPool):
  __doc__ = docs.module(
      _AdaptiveMaxPool.__doc__, "adaptive_max_pool3d", 3, """\
    >>> x = jnp.zeros((2, 5, 6, 7, 3))
    >>> jnn.AdaptiveMaxPool3d((2, None, 3)).apply({}, x).shape
    (2, 2, 6, 3, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class AdaptiveAvgPool1d(_AdaptiveAvgPool):
  __doc__ = docs.module(
      _AdaptiveAvgPool.__doc__, "adaptive_avg_pool1d", 1, """\
    >>> x = jnp.arange(4.).reshape(1, 4, 1)
    >>> jnn.AdaptiveAvgPool1d(2).apply({}, x)[0, :, 0]
    Array([0.5, 2.5], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class AdaptiveAvgPool2d(_AdaptiveAvgPool):
  __doc__ = docs.module(
      _AdaptiveAvgPool.__doc__, "adaptive_avg_pool2d", 2, """\
    >>> x = jnp.ones((8, 13, 13, 64))
    >>> jnn.AdaptiveAvgPool2d(7).apply({}, x).shape
    (8, 7, 7, 64)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class AdaptiveAvgPool3d(_AdaptiveAvgPool):
  __doc__ = docs.module(
      _AdaptiveAvgPool.__doc__, "adaptive_avg_pool3d", 3, """\
    >>> x = jnp.ones((2, 3, 4, 5, 6))  # (N, C, D, H, W)
    >>> jnn.AdaptiveAvgPool3d(2, channels_last=False).apply({}, x).shape
    (2, 3, 2, 2, 2)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class GlobalAvgPool1d(_GlobalAvgPool):
  __doc__ = docs.module(
      _GlobalAvgPool.__doc__, "global_avg_pool1d", 1, """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.GlobalAvgPool1d().apply({}, x).shape
    (2, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class GlobalAvgPool2d(_GlobalAvgPool):
  __doc__ = docs.module(
      _GlobalAvgPool.__doc__, "global_avg_pool2d", 2, """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalAvgPool2d(keepdims=True).apply({}, x).shape
    (2, 1, 1, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class GlobalAvgPool3d(_GlobalAvgPool):
  __doc__ = docs.module(
      _GlobalAvgPool.__doc__, "global_avg_pool3d", 3, """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> jnn.GlobalAvgPool3d().apply({}, x).shape
    (2, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class GlobalMaxPool1d(_GlobalMaxPool):
  __doc__ = docs.module(
      _GlobalMaxPool.__doc__, "global_max_pool1d", 1, """\
    >>> x = jnp.arange(6.).reshape(1, 3, 2)
    >>> jnn.GlobalMaxPool1d().apply({}, x)
    Array([[4., 5.]], dtype=float32)""")
  __module__ = "jaxpool.nn"
  _ndim = 1


class GlobalMaxPool2d(_GlobalMaxPool):
  __doc__ = docs.module(
      _GlobalMaxPool.__doc__, "global_max_pool2d", 2, """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalMaxPool2d().apply({}, x).shape
    (2, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class GlobalMaxPool3d(_GlobalMaxPool):
  __doc__ = docs.module(
      _GlobalMaxPool.__doc__, "global_max_pool3d", 3, """\
    >>> x = jnp.ones((2, 3, 4, 4, 4))  # (N, C, D, H, W)
    >>> jnn.GlobalMaxPool3d(True, channels_last=False).apply({}, x).shape
    (2, 3, 1, 1, 1)""")
  __module__ = "jaxpool.nn"
  _ndim = 3


class FractionalMaxPool2d(_FractionalMaxPool):
  __doc__ = docs.module(
      _FractionalMaxPool.__doc__, "fractional_max_pool2d", 2, """\
    >>> x = jnp.ones((4, 32, 32, 16))
    >>> pool = jnn.FractionalMaxPool2d(3, output_ratio=0.7)
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (4, 22, 22, 16)""")
  __module__ = "jaxpool.nn"
  _ndim = 2


class FractionalMaxPool3d(_FractionalMaxPool):
  __doc__ = docs.module(
      _FractionalMaxPool.__doc__, "fractional_max_pool3d", 3, """\
    >>> x = jnp.ones((2, 9, 9, 9, 3))
    >>> pool = jnn.FractionalMaxPool3d(2, output_size=(4, 5, 6))
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (2, 4, 5, 6, 3)""")
  __module__ = "jaxpool.nn"
  _ndim = 3
