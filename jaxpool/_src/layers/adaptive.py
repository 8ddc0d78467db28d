"""Adaptive pooling, defined once: ``adaptive_max_pool{n}d`` (and
``_with_indices``), ``adaptive_avg_pool{n}d`` and their Modules (see
:mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import Indexed, MaybeIndexed
from jaxpool._src.core.args import ValuesOrIndexed
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import Overload, per_rank
from jaxpool._src.pool.adaptive import OutputSize
from jaxpool._src.pool.adaptive import adaptive_avg_pool as adaptive_avg_nd
from jaxpool._src.pool.adaptive import adaptive_max_pool as adaptive_max_nd

_OUTPUT_SIZE_ARG = """\
    output_size: the output's spatial size: an int, or {n} entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed."""

_BINS_DOC = """\
  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes."""

_SHAPE_DOC = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``."""

_FIELDS = dict(bins=_BINS_DOC, output_size=_OUTPUT_SIZE_ARG,
               layout=docs.LAYOUT_ARG, shape=_SHAPE_DOC)


@per_rank(
    "adaptive_max_pool{n}d", (1, 2, 3), core=adaptive_max_nd,
    overload=Overload("return_indices", "jax.Array", "Indexed"),
    fields=_FIELDS, examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.]]])  # (N, L, C)
    >>> F.adaptive_max_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[3., 5., 5.]], dtype=float32)""", 2: """\
    >>> x = jnp.arange(25.).reshape(1, 5, 5, 1)  # (N, H, W, C)
    >>> values, indices = F.adaptive_max_pool2d(x, 2, return_indices=True)
    >>> indices[0, :, :, 0]  # h * W + w
    Array([[12, 14],
           [22, 24]], dtype=int32)
    >>> F.adaptive_max_pool2d(x, (None, 7)).shape  # None keeps H
    (1, 5, 7, 1)""", 3: """\
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.adaptive_max_pool3d(x, (1, 2, 3)).shape
    (1, 1, 2, 3, 1)"""})
def adaptive_max_pool(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  """Applies {n}-d adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool{n}d``.

{bins}

  Args:
    x: the input (see Shape); a floating or integer dtype.
{output_size}
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane ({index}), as int32 (int64 when jax
      x64 is enabled): the format of :func:`max_pool{n}d`, so they feed
      :func:`max_unpool{n}d`.
{layout}

  Returns:
    The pooled array, in the input's dtype; with ``return_indices``, the pair
    ``(values, indices)``.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-numeric input dtype.

  Ties go to the first max in row-major bin order; a NaN in a bin propagates
  to the output and its index is the bin's last NaN (PyTorch's CPU rule).
  Gradients go to the element at the index, in forward and reverse mode.

{shape}
"""
  ...


@per_rank(
    "adaptive_max_pool{n}d_with_indices", (1, 2, 3), core=adaptive_max_nd,
    fixed={"return_indices": "True"}, args_from=adaptive_max_pool, examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [3.], [0.]]])
    >>> F.adaptive_max_pool1d_with_indices(x, 1)[1].ravel()  # first max
    Array([1], dtype=int32)""", 2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = F.adaptive_max_pool2d_with_indices(x, 2)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""", 3: """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> F.adaptive_max_pool3d_with_indices(x, 1)[1].ravel()
    Array([7], dtype=int32)"""})
def adaptive_max_pool_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  """Adaptive max pooling that returns ``(values, indices)``: ``adaptive_max_pool{n}d(..., return_indices=True)``.

  See :func:`adaptive_max_pool{n}d` for the semantics.

  Returns:
    The pair ``(values, indices)``.
  """
  ...


@per_rank(
    "adaptive_avg_pool{n}d", (1, 2, 3), core=adaptive_avg_nd,
    fields=_FIELDS, examples={1: """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])  # (N, L, C)
    >>> F.adaptive_avg_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[1.5, 3. , 4.5]], dtype=float32)""", 2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> F.adaptive_avg_pool2d(x, 2)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
    >>> F.adaptive_avg_pool2d(x, (6, None)).shape  # larger than the input
    (1, 6, 4, 1)""", 3: """\
    >>> x = jnp.ones((2, 3, 5, 7, 4))  # (N, D, H, W, C)
    >>> F.adaptive_avg_pool3d(x, 2).shape
    (2, 2, 2, 2, 4)"""})
def adaptive_avg_pool(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool{n}d``.

{bins} Each output is its bin's sum divided by the
  bin's number of elements.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
{output_size}
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-floating input dtype.

{shape}
"""
  ...


class AdaptiveMaxPool(Layer):
  """{n}-d adaptive max pooling, as ``torch.nn.AdaptiveMaxPool{n}d``.

  Partial application of :func:`jaxpool.functional.adaptive_max_pool{n}d`:
  PyTorch's bins and output size. With ``return_indices=True`` the call
  returns ``(values, indices)``.
  """
  public_name = "AdaptiveMaxPool{n}d"
  function = adaptive_max_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.arange(10.).reshape(1, 10, 1)
    >>> jnn.AdaptiveMaxPool1d(4).apply({}, x)[0, :, 0]
    Array([2., 4., 7., 9.], dtype=float32)""", 2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = jnn.AdaptiveMaxPool2d(2, True).apply({}, x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""", 3: """\
    >>> x = jnp.zeros((2, 5, 6, 7, 3))
    >>> jnn.AdaptiveMaxPool3d((2, None, 3)).apply({}, x).shape
    (2, 2, 6, 3, 3)"""}

  output_size: OutputSize
  return_indices: bool = False
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> ValuesOrIndexed:
    return adaptive_max_nd(adaptive_max_pool.public_name(self.ndim),
                           self.ndim, x, self.output_size,
                           self.return_indices, self.channels_last)


class AdaptiveAvgPool(Layer):
  """{n}-d adaptive average pooling, as ``torch.nn.AdaptiveAvgPool{n}d``.

  Partial application of :func:`jaxpool.functional.adaptive_avg_pool{n}d`:
  PyTorch's bins and output size.
  """
  public_name = "AdaptiveAvgPool{n}d"
  function = adaptive_avg_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.arange(4.).reshape(1, 4, 1)
    >>> jnn.AdaptiveAvgPool1d(2).apply({}, x)[0, :, 0]
    Array([0.5, 2.5], dtype=float32)""", 2: """\
    >>> x = jnp.ones((8, 13, 13, 64))
    >>> jnn.AdaptiveAvgPool2d(7).apply({}, x).shape
    (8, 7, 7, 64)""", 3: """\
    >>> x = jnp.ones((2, 3, 4, 5, 6))  # (N, C, D, H, W)
    >>> jnn.AdaptiveAvgPool3d(2, channels_last=False).apply({}, x).shape
    (2, 3, 2, 2, 2)"""}

  output_size: OutputSize
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return adaptive_avg_nd(adaptive_avg_pool.public_name(self.ndim),
                           self.ndim, x, self.output_size, self.channels_last)
