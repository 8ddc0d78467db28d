"""flax.linen Modules for adaptive, global and fractional max pooling
(re-exported by jaxpool.nn)."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src import _args
from jaxpool._src import adaptive as A
from jaxpool._src import fractional as FR
from jaxpool._src._modules import specialise


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


AdaptiveMaxPool1d = specialise(
    _AdaptiveMaxPool, 1, "AdaptiveMaxPool1d", "adaptive_max_pool1d", """\
    >>> x = jnp.arange(10.).reshape(1, 10, 1)
    >>> jnn.AdaptiveMaxPool1d(4).apply({}, x)[0, :, 0]
    Array([2., 4., 7., 9.], dtype=float32)""")
AdaptiveMaxPool2d = specialise(
    _AdaptiveMaxPool, 2, "AdaptiveMaxPool2d", "adaptive_max_pool2d", """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = jnn.AdaptiveMaxPool2d(2, True).apply({}, x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""")
AdaptiveMaxPool3d = specialise(
    _AdaptiveMaxPool, 3, "AdaptiveMaxPool3d", "adaptive_max_pool3d", """\
    >>> x = jnp.zeros((2, 5, 6, 7, 3))
    >>> jnn.AdaptiveMaxPool3d((2, None, 3)).apply({}, x).shape
    (2, 2, 6, 3, 3)""")

AdaptiveAvgPool1d = specialise(
    _AdaptiveAvgPool, 1, "AdaptiveAvgPool1d", "adaptive_avg_pool1d", """\
    >>> x = jnp.arange(4.).reshape(1, 4, 1)
    >>> jnn.AdaptiveAvgPool1d(2).apply({}, x)[0, :, 0]
    Array([0.5, 2.5], dtype=float32)""")
AdaptiveAvgPool2d = specialise(
    _AdaptiveAvgPool, 2, "AdaptiveAvgPool2d", "adaptive_avg_pool2d", """\
    >>> x = jnp.ones((8, 13, 13, 64))
    >>> jnn.AdaptiveAvgPool2d(7).apply({}, x).shape
    (8, 7, 7, 64)""")
AdaptiveAvgPool3d = specialise(
    _AdaptiveAvgPool, 3, "AdaptiveAvgPool3d", "adaptive_avg_pool3d", """\
    >>> x = jnp.ones((2, 3, 4, 5, 6))  # (N, C, D, H, W)
    >>> jnn.AdaptiveAvgPool3d(2, channels_last=False).apply({}, x).shape
    (2, 3, 2, 2, 2)""")

GlobalAvgPool1d = specialise(
    _GlobalAvgPool, 1, "GlobalAvgPool1d", "global_avg_pool1d", """\
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.GlobalAvgPool1d().apply({}, x).shape
    (2, 3)""")
GlobalAvgPool2d = specialise(
    _GlobalAvgPool, 2, "GlobalAvgPool2d", "global_avg_pool2d", """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalAvgPool2d(keepdims=True).apply({}, x).shape
    (2, 1, 1, 3)""")
GlobalAvgPool3d = specialise(
    _GlobalAvgPool, 3, "GlobalAvgPool3d", "global_avg_pool3d", """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> jnn.GlobalAvgPool3d().apply({}, x).shape
    (2, 3)""")

GlobalMaxPool1d = specialise(
    _GlobalMaxPool, 1, "GlobalMaxPool1d", "global_max_pool1d", """\
    >>> x = jnp.arange(6.).reshape(1, 3, 2)
    >>> jnn.GlobalMaxPool1d().apply({}, x)
    Array([[4., 5.]], dtype=float32)""")
GlobalMaxPool2d = specialise(
    _GlobalMaxPool, 2, "GlobalMaxPool2d", "global_max_pool2d", """\
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalMaxPool2d().apply({}, x).shape
    (2, 3)""")
GlobalMaxPool3d = specialise(
    _GlobalMaxPool, 3, "GlobalMaxPool3d", "global_max_pool3d", """\
    >>> x = jnp.ones((2, 3, 4, 4, 4))  # (N, C, D, H, W)
    >>> jnn.GlobalMaxPool3d(True, channels_last=False).apply({}, x).shape
    (2, 3, 1, 1, 1)""")

FractionalMaxPool2d = specialise(
    _FractionalMaxPool, 2, "FractionalMaxPool2d", "fractional_max_pool2d",
    """\
    >>> x = jnp.ones((4, 32, 32, 16))
    >>> pool = jnn.FractionalMaxPool2d(3, output_ratio=0.7)
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (4, 22, 22, 16)""")
FractionalMaxPool3d = specialise(
    _FractionalMaxPool, 3, "FractionalMaxPool3d", "fractional_max_pool3d",
    """\
    >>> x = jnp.ones((2, 9, 9, 9, 3))
    >>> pool = jnn.FractionalMaxPool3d(2, output_size=(4, 5, 6))
    >>> pool.apply({}, x, rngs={"fractional": jax.random.key(0)}).shape
    (2, 4, 5, 6, 3)""")
