"""flax.nnx Modules for the pooling family (re-exported by jaxpool.nnx).

Each Module stores its constructor's arguments and calls its function in
:mod:`jaxpool.functional`; the rank is a class attribute of the N-d base.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional

import jax
from flax import nnx

from jaxpool._src.core import args as _args
from jaxpool._src.core import docs
from jaxpool._src.api import pooling as F


class _MaxPool(nnx.Module):
  """{n}-d max pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. With ``return_indices=True`` the call returns ``(values,
  indices)``. See the function for the arguments, semantics and output size.
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               padding: _args.PaddingLike = 0, dilation: _args.IntOrSeq = 1,
               return_indices: bool = False, ceil_mode: bool = False,
               channels_last: bool = True):
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.dilation = dilation
    self.return_indices = return_indices
    self.ceil_mode = ceil_mode
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> Any:
    fn = (F.max_pool1d, F.max_pool2d, F.max_pool3d)[self._ndim - 1]
    return fn(x, self.kernel_size, self.stride, self.padding, self.dilation,
              self.ceil_mode, self.return_indices,
              channels_last=self.channels_last)


class _AvgPool(nnx.Module):
  """{n}-d average pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. See the function for the arguments, the divisor and output
  size.
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               padding: _args.PaddingLike = 0, ceil_mode: bool = False,
               count_include_pad: bool = True,
               divisor_override: Optional[int] = None,
               channels_last: bool = True):
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.ceil_mode = ceil_mode
    self.count_include_pad = count_include_pad
    self.divisor_override = divisor_override
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (F.avg_pool2d, F.avg_pool3d)[self._ndim - 2]
    return fn(x, self.kernel_size, self.stride, self.padding, self.ceil_mode,
              self.count_include_pad, self.divisor_override,
              channels_last=self.channels_last)


class _LPPool(nnx.Module):
  """{n}-d power-average pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. See the function for PyTorch's exact definition and the
  output size.
  """
  _ndim: ClassVar[int]

  def __init__(self, norm_type: float, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               ceil_mode: bool = False, channels_last: bool = True):
    self.norm_type = norm_type
    self.kernel_size = kernel_size
    self.stride = stride
    self.ceil_mode = ceil_mode
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    fn = (F.lp_pool1d, F.lp_pool2d, F.lp_pool3d)[self._ndim - 1]
    return fn(x, self.norm_type, self.kernel_size, self.stride, self.ceil_mode,
              channels_last=self.channels_last)


class _MaxUnpool(nnx.Module):
  """{n}-d max unpooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. Called as ``m(x, indices, output_size=None)``, as PyTorch's
  Module. See the function for the arguments, output size and index checks.
  """
  _ndim: ClassVar[int]

  def __init__(self, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               padding: _args.IntOrSeq = 0, channels_last: bool = True,
               check_indices: bool = False):
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.channels_last = channels_last
    self.check_indices = check_indices

  def __call__(self, x: jax.Array, indices: jax.Array,
               output_size=None) -> jax.Array:
    fn = (F.max_unpool1d, F.max_unpool2d, F.max_unpool3d)[self._ndim - 1]
    return fn(x, indices, self.kernel_size, self.stride, self.padding,
              output_size, channels_last=self.channels_last,
              check_indices=self.check_indices)


_X2 = "    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)\n"


class MaxPool1d(_MaxPool):
  __doc__ = docs.module(
      _MaxPool.__doc__, "max_pool1d", 1, """\
    >>> x = jnp.arange(8.).reshape(1, 8, 1)
    >>> jnnx.MaxPool1d(2)(x).shape
    (1, 4, 1)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class MaxPool2d(_MaxPool):
  __doc__ = docs.module(
      _MaxPool.__doc__, "max_pool2d", 2, _X2 + """\
    >>> values, indices = jnnx.MaxPool2d(2, return_indices=True)(x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class MaxPool3d(_MaxPool):
  __doc__ = docs.module(
      _MaxPool.__doc__, "max_pool3d", 3, """\
    >>> x = jnp.zeros((2, 8, 8, 8, 3))
    >>> jnnx.MaxPool3d(3, stride=2, padding=1)(x).shape
    (2, 4, 4, 4, 3)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class AvgPool1d(nnx.Module):
  __doc__ = docs.module("""{n}-d average pooling (NNX): calls :func:`jaxpool.functional.{fn}`.

  No parameters. As PyTorch's ``AvgPool1d``, there is no ``divisor_override``
  in 1-d. See the function for the arguments, the divisor and output size.
""", "avg_pool1d", 1, """\
    >>> x = jnp.arange(6.).reshape(1, 6, 1)
    >>> jnnx.AvgPool1d(2)(x)[0, :, 0]
    Array([0.5, 2.5, 4.5], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"

  def __init__(self, kernel_size: _args.IntOrSeq,
               stride: Optional[_args.IntOrSeq] = None,
               padding: _args.PaddingLike = 0, ceil_mode: bool = False,
               count_include_pad: bool = True, channels_last: bool = True):
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.ceil_mode = ceil_mode
    self.count_include_pad = count_include_pad
    self.channels_last = channels_last

  def __call__(self, x: jax.Array) -> jax.Array:
    return F.avg_pool1d(x, self.kernel_size, self.stride, self.padding,
                        self.ceil_mode, self.count_include_pad,
                        channels_last=self.channels_last)


class AvgPool2d(_AvgPool):
  __doc__ = docs.module(
      _AvgPool.__doc__, "avg_pool2d", 2, _X2 + """\
    >>> jnnx.AvgPool2d(2)(x)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class AvgPool3d(_AvgPool):
  __doc__ = docs.module(
      _AvgPool.__doc__, "avg_pool3d", 3, """\
    >>> x = jnp.ones((1, 3, 3, 3, 2))
    >>> jnnx.AvgPool3d(2, ceil_mode=True)(x).shape
    (1, 2, 2, 2, 2)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class LPPool1d(_LPPool):
  __doc__ = docs.module(
      _LPPool.__doc__, "lp_pool1d", 1, """\
    >>> x = jnp.array([[[3.], [4.]]])
    >>> jnnx.LPPool1d(2, 2)(x).ravel()
    Array([5.], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class LPPool2d(_LPPool):
  __doc__ = docs.module(
      _LPPool.__doc__, "lp_pool2d", 2, _X2 + """\
    >>> jnnx.LPPool2d(1, 2)(x)[0, :, :, 0]  # p = 1: window sums
    Array([[10., 18.],
           [42., 50.]], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class LPPool3d(_LPPool):
  __doc__ = docs.module(
      _LPPool.__doc__, "lp_pool3d", 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 1))
    >>> jnnx.LPPool3d(2, 2)(x).shape
    (1, 2, 2, 2, 1)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3


class MaxUnpool1d(_MaxUnpool):
  __doc__ = docs.module(
      _MaxUnpool.__doc__, "max_unpool1d", 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.]]])
    >>> values, indices = jnnx.MaxPool1d(2, return_indices=True)(x)
    >>> jnnx.MaxUnpool1d(2)(values, indices)[..., 0]
    Array([[0., 3., 0., 5.]], dtype=float32)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 1


class MaxUnpool2d(_MaxUnpool):
  __doc__ = docs.module(
      _MaxUnpool.__doc__, "max_unpool2d", 2, _X2 + """\
    >>> values, indices = jnnx.MaxPool2d(2, return_indices=True)(x)
    >>> jnnx.MaxUnpool2d(2)(values, indices, output_size=(5, 5)).shape
    (1, 5, 5, 1)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 2


class MaxUnpool3d(_MaxUnpool):
  __doc__ = docs.module(
      _MaxUnpool.__doc__, "max_unpool3d", 3, """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = jnnx.MaxPool3d(2, return_indices=True)(x)
    >>> jnnx.MaxUnpool3d(2)(values, indices).shape
    (1, 2, 2, 2, 1)""", api="nnx")
  __module__ = "jaxpool.nnx"
  _ndim = 3
