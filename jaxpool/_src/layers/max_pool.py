"""Max pooling, defined once: ``max_pool{n}d``, ``max_pool{n}d_with_indices``
and the Modules ``MaxPool{n}d`` (see :mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

from typing import Optional

from jax.typing import ArrayLike

from jaxpool._src.core.args import Indexed, IntOrSeq, MaybeIndexed
from jaxpool._src.core.args import ValuesOrIndexed
from jaxpool._src.core.args import PaddingLike
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import Overload, per_rank
from jaxpool._src.pool.max import max_pool as max_pool_nd

_X2 = "    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)\n"


@per_rank(
    "max_pool{n}d", (1, 2, 3), core=max_pool_nd,
    overload=Overload("return_indices", "jax.Array", "Indexed"),
    fields=dict(common=docs.KERNEL_STRIDE_ARGS, padding=docs.PADDING_ARG,
                fill="-inf", layout=docs.LAYOUT_ARG, shape=docs.WINDOW_SHAPE,
                dil="dilation * "),
    examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.], [0.]]])  # (N, L, C)
    >>> F.max_pool1d(x, 2)[..., 0]
    Array([[3., 5., 4.]], dtype=float32)""", 2: _X2 + """\
    >>> F.max_pool2d(x, 2)[..., 0]
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.max_pool2d(x, 3, stride=1, padding=1, dilation=2).shape
    (1, 2, 2, 1)""", 3: """\
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.max_pool3d(x, 2, ceil_mode=True).shape
    (1, 2, 2, 2, 1)"""})
def max_pool(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  """Applies {n}-d max pooling, as ``torch.nn.functional.max_pool{n}d``.

  Args:
    x: the input (see Shape).
{common}
{padding}
    dilation: spacing between window taps: an int or {n} ints.
    ceil_mode: use ceil instead of floor for the output size.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input
      ({index}), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool{n}d`.
{layout}

  Returns:
    The pooled array, in the input's dtype; with ``return_indices``, the pair
    ``(values, indices)``.

  Raises:
    ValueError: for a non-positive kernel_size/stride/dilation, a negative or
      too large padding, a tuple of the wrong length, the wrong input rank,
      an empty dim other than the batch dim (as PyTorch), or an output size
      below 1.
    TypeError: for non-int sizes or a non-numeric input dtype.

  Padding counts as -inf. Ties go to the first max in row-major window order;
  a NaN in a window propagates to the output and its index is the window's
  last NaN (PyTorch's CPU rule). Gradients go to the element at the index, so
  ``jax.grad`` works with dilation too, in forward and reverse mode.

{shape}
"""
  ...


@per_rank(
    "max_pool{n}d_with_indices", (1, 2, 3), core=max_pool_nd,
    fixed={"return_indices": "True"}, args_from=max_pool,
    examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [3.], [5.]]])
    >>> values, indices = F.max_pool1d_with_indices(x, 2, stride=1)
    >>> indices[..., 0]  # ties go to the first max
    Array([[1, 1, 3]], dtype=int32)""", 2: _X2 + """\
    >>> values, indices = F.max_pool2d_with_indices(x, 2)
    >>> indices[..., 0]  # h * W + w in the unpadded 4x4 plane
    Array([[[ 5,  7],
            [13, 15]]], dtype=int32)""", 3: """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = F.max_pool3d_with_indices(x, 2)
    >>> indices.ravel()
    Array([7], dtype=int32)"""})
def max_pool_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  """Max pooling that returns ``(values, indices)``: ``max_pool{n}d(..., return_indices=True)``.

  See :func:`max_pool{n}d` for the semantics.

  Returns:
    The pair ``(values, indices)``.
  """
  ...


class MaxPool(Layer):
  """{n}-d max pooling, as ``torch.nn.MaxPool{n}d``: partial application of :func:`jaxpool.functional.max_pool{n}d`.

  With ``return_indices=True`` the call returns ``(values, indices)``.
  """
  public_name = "MaxPool{n}d"
  function = max_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.arange(8.).reshape(1, 8, 1)
    >>> jnn.MaxPool1d(2).apply({}, x).shape
    (1, 4, 1)""", 2: _X2 + """\
    >>> values, indices = jnn.MaxPool2d(2, return_indices=True).apply({}, x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""", 3: """\
    >>> x = jnp.zeros((2, 8, 8, 8, 3))
    >>> jnn.MaxPool3d(3, stride=2, padding=1).apply({}, x).shape
    (2, 4, 4, 4, 3)"""}

  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  dilation: IntOrSeq = 1
  return_indices: bool = False
  ceil_mode: bool = False
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> ValuesOrIndexed:
    return max_pool_nd(max_pool.public_name(self.ndim), self.ndim, x,
                       self.kernel_size, self.stride, self.padding,
                       self.dilation, self.ceil_mode, self.return_indices,
                       self.channels_last)
