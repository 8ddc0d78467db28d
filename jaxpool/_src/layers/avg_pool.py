"""Average and power-average pooling, defined once: ``avg_pool{n}d``,
``lp_pool{n}d`` and the Modules ``AvgPool{n}d``, ``LPPool{n}d`` (see
:mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Layer
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.avg_lp import avg_pool as avg_pool_nd
from jaxpool._src.pool.avg_lp import lp_pool as lp_pool_nd

_X2 = "    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)\n"
_OVERRIDE_ARG = """
    divisor_override: if given, a non-zero int that replaces the divisor of
      every window."""


@per_rank(
    "avg_pool{n}d", (1, 2, 3), core=avg_pool_nd,
    rank_only={"divisor_override": (2, 3)},
    fields=dict(common=docs.KERNEL_STRIDE_ARGS, padding=docs.PADDING_ARG,
                fill="zeros", layout=docs.LAYOUT_ARG, shape=docs.WINDOW_SHAPE,
                dil=""),
    rank_fields={1: dict(override="", override_err=""),
                 2: dict(override=_OVERRIDE_ARG,
                         override_err=", or divisor_override=0"),
                 3: dict(override=_OVERRIDE_ARG,
                         override_err=", or divisor_override=0")},
    examples={1: """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])
    >>> F.avg_pool1d(x, 2, ceil_mode=True)[..., 0]  # last window holds 1 cell
    Array([[1.5, 3.5, 5. ]], dtype=float32)""", 2: """\
    >>> x = jnp.ones((1, 4, 4, 1))
    >>> F.avg_pool2d(x, 2, padding=1)[0, :, :, 0]  # padded cells count
    Array([[0.25, 0.5 , 0.25],
           [0.5 , 1.  , 0.5 ],
           [0.25, 0.5 , 0.25]], dtype=float32)
    >>> F.avg_pool2d(x, 2, padding=1, count_include_pad=False)[0, :, :, 0]
    Array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]], dtype=float32)""", 3: """\
    >>> x = jnp.ones((1, 4, 4, 4, 1))
    >>> F.avg_pool3d(x, 2, divisor_override=1).ravel()[:2]
    Array([8., 8.], dtype=float32)"""})
def avg_pool(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Optional[int] = None, *, channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d average pooling, as ``torch.nn.functional.avg_pool{n}d``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
{common}
{padding}
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.{override}
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a negative or too large
      padding, a tuple of the wrong length, the wrong input rank, an empty dim
      other than the batch dim, in 3-d a spatial size (padding not counted)
      below the kernel size (both as PyTorch), an output size below
      1{override_err}.
    TypeError: for non-int sizes or a non-floating input dtype (as PyTorch).

  The divisor is PyTorch's: each window is first clipped to the padded input
  (``end = min(start + kernel_size, L + pad_hi)``), its size is the divisor
  when ``count_include_pad``, else the number of cells inside the input.
  Under ``ceil_mode`` a window that runs past the padded border therefore
  divides by fewer cells even with ``count_include_pad=True``.

{shape}
"""
  ...


class AvgPool(Layer):
  """{n}-d average pooling, as ``torch.nn.AvgPool{n}d``.

  Partial application of :func:`jaxpool.functional.avg_pool{n}d`: the same
  arguments (PyTorch's ``AvgPool1d`` has no ``divisor_override``), the same
  divisor and output size.
  """
  public_name = "AvgPool{n}d"
  function = avg_pool
  ranks = (1, 2, 3)
  rank_only = {"divisor_override": (2, 3)}
  examples = {1: """\
    >>> x = jnp.arange(6.).reshape(1, 6, 1)
    >>> jnn.AvgPool1d(2).apply({}, x)[0, :, 0]
    Array([0.5, 2.5, 4.5], dtype=float32)""", 2: _X2 + """\
    >>> jnn.AvgPool2d(2).apply({}, x)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)""", 3: """\
    >>> x = jnp.ones((1, 3, 3, 3, 2))
    >>> jnn.AvgPool3d(2, ceil_mode=True).apply({}, x).shape
    (1, 2, 2, 2, 2)"""}

  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  ceil_mode: bool = False
  count_include_pad: bool = True
  divisor_override: Optional[int] = None
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return avg_pool_nd(avg_pool.public_name(self.ndim), self.ndim, x,
                       self.kernel_size, self.stride, self.padding,
                       self.ceil_mode, self.count_include_pad,
                       self.divisor_override, self.channels_last)


@per_rank(
    "lp_pool{n}d", (1, 2, 3), core=lp_pool_nd,
    fields=dict(common=docs.KERNEL_STRIDE_ARGS, layout=docs.LAYOUT_ARG),
    examples={1: """\
    >>> x = jnp.array([[[3.], [4.]]])
    >>> F.lp_pool1d(x, 2, 2)[..., 0]
    Array([[5.]], dtype=float32)""", 2: """\
    >>> x = jnp.array([[[[-3.], [1.]], [[2.], [-5.]]]])  # (1, 2, 2, 1)
    >>> F.lp_pool2d(x, float("inf"), 2).ravel()  # max of |x|
    Array([5.], dtype=float32)""", 3: """\
    >>> x = jnp.ones((1, 2, 2, 2, 1))
    >>> F.lp_pool3d(x, 1, 2).ravel()  # p = 1: the window sum
    Array([8.], dtype=float32)"""})
def lp_pool(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d power-average pooling, as ``torch.nn.functional.lp_pool{n}d``.

  Computes ``(sum over the window of x**p) ** (1/p)`` with PyTorch's exact
  definition: ``out = avg_pool{n}d(x**p, kernel_size, stride, 0, ceil_mode)``,
  then ``(sign(out) * relu(|out|) * prod(kernel_size)) ** (1/p)``. So there is
  no abs before the power (an odd ``p`` keeps the sign, a negative sum under
  an even root gives NaN), and under ``ceil_mode`` an edge window's clipped
  mean is scaled by the full kernel volume. ``p = inf`` gives the max of
  ``|x|`` over the window and ``p = -inf`` the min. When a window's sum is 0
  the gradient is 0, as PyTorch.

  Args:
    x: the input (see Shape); a floating dtype (half precision is computed in
      float32 and cast back).
    norm_type: the exponent ``p``: a non-zero real number or +-inf.
{common}
    ceil_mode: use ceil instead of floor for the output size.
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for ``norm_type`` 0 or NaN, and the size errors of
      :func:`avg_pool{n}d`.
    TypeError: for a non-numeric ``norm_type`` or a non-floating input.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.
"""
  ...


class LPPool(Layer):
  """{n}-d power-average pooling, as ``torch.nn.LPPool{n}d``.

  Partial application of :func:`jaxpool.functional.lp_pool{n}d`, PyTorch's
  exact definition.
  """
  public_name = "LPPool{n}d"
  function = lp_pool
  ranks = (1, 2, 3)
  examples = {1: """\
    >>> x = jnp.array([[[3.], [4.]]])
    >>> jnn.LPPool1d(2, 2).apply({}, x).ravel()
    Array([5.], dtype=float32)""", 2: _X2 + """\
    >>> jnn.LPPool2d(1, 2).apply({}, x)[0, :, :, 0]  # p = 1: window sums
    Array([[10., 18.],
           [42., 50.]], dtype=float32)""", 3: """\
    >>> x = jnp.ones((1, 4, 4, 4, 1))
    >>> jnn.LPPool3d(2, 2).apply({}, x).shape
    (1, 2, 2, 2, 1)"""}

  norm_type: float
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  ceil_mode: bool = False
  channels_last: bool = True

  def forward(self, x: ArrayLike) -> jax.Array:
    return lp_pool_nd(lp_pool.public_name(self.ndim), self.ndim, x,
                      self.norm_type, self.kernel_size, self.stride,
                      self.ceil_mode, self.channels_last)
