"""Public 1-d/2-d/3-d max, average and power-average pooling, and unpooling.

Each function is written out per rank over the N-d core in
:mod:`jaxpool._src.pool.window`; the rank-specific parts of the docstrings
(shapes, index formula, example) are filled from one template per family by
:func:`jaxpool._src.core.docs.fill`.
"""

from __future__ import annotations

from typing import Literal, Optional, Sequence, overload

import jax
from jax.typing import ArrayLike

from jaxpool._src.core import docs
from jaxpool._src.core.args import Indexed, IntOrSeq, MaybeIndexed, PaddingLike
from jaxpool._src.pool import avg_lp as _avg_lp
from jaxpool._src.pool import max as _max
from jaxpool._src.pool import unpool as _unpool


_SHAPE_DOC = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - {dil}(kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error."""

_COMMON_ARGS = """\
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size``."""

_PADDING_ARG = """\
    padding: implicit padding on both sides ({fill}): an int, {n} ints, {n}
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel)."""

_LAYOUT_ARG = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for PyTorch's ``(N, C, {sp})``. The numbers are the same either way."""

_MAX_DOC = """Applies {n}-d max pooling, as ``torch.nn.functional.max_pool{n}d``.

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


_MAX_FIELDS = dict(common=_COMMON_ARGS, padding=_PADDING_ARG, fill="-inf",
                   layout=_LAYOUT_ARG, shape=_SHAPE_DOC, dil="dilation * ")

_MAX_WITH_INDICES_DOC = """Max pooling that returns ``(values, indices)``: ``max_pool{n}d(..., return_indices=True)``.

  See :func:`max_pool{n}d` for the arguments and semantics.
"""

# The overloads let type checkers tell values from (values, indices): a literal
# return_indices picks one, a plain bool gives the union.
@overload
def max_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def max_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, return_indices: Literal[True], channels_last: bool = True,
) -> Indexed: ...
@overload
def max_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq],
    padding: PaddingLike, dilation: IntOrSeq, ceil_mode: bool,
    return_indices: Literal[True], *, channels_last: bool = True,
) -> Indexed: ...
@overload
def max_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _MAX_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.], [0.]]])  # (N, L, C)
    >>> F.max_pool1d(x, 2)[..., 0]
    Array([[3., 5., 4.]], dtype=float32)""", **_MAX_FIELDS)
def max_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  return _max.max_pool("max_pool1d", 1, x, kernel_size, stride, padding,
                          dilation, ceil_mode, return_indices, channels_last)


@overload
def max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, return_indices: Literal[True], channels_last: bool = True,
) -> Indexed: ...
@overload
def max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq],
    padding: PaddingLike, dilation: IntOrSeq, ceil_mode: bool,
    return_indices: Literal[True], *, channels_last: bool = True,
) -> Indexed: ...
@overload
def max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _MAX_DOC, 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> F.max_pool2d(x, 2)[..., 0]
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.max_pool2d(x, 3, stride=1, padding=1, dilation=2).shape
    (1, 2, 2, 1)""", **_MAX_FIELDS)
def max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  return _max.max_pool("max_pool2d", 2, x, kernel_size, stride, padding,
                          dilation, ceil_mode, return_indices, channels_last)


@overload
def max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, return_indices: Literal[True], channels_last: bool = True,
) -> Indexed: ...
@overload
def max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq],
    padding: PaddingLike, dilation: IntOrSeq, ceil_mode: bool,
    return_indices: Literal[True], *, channels_last: bool = True,
) -> Indexed: ...
@overload
def max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _MAX_DOC, 3, """\
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.max_pool3d(x, 2, ceil_mode=True).shape
    (1, 2, 2, 2, 1)""", **_MAX_FIELDS)
def max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  return _max.max_pool("max_pool3d", 3, x, kernel_size, stride, padding,
                          dilation, ceil_mode, return_indices, channels_last)


@docs.fill(
    _MAX_WITH_INDICES_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [3.], [5.]]])
    >>> values, indices = F.max_pool1d_with_indices(x, 2, stride=1)
    >>> indices[..., 0]  # ties go to the first max
    Array([[1, 1, 3]], dtype=int32)""")
def max_pool1d_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  return _max.max_pool("max_pool1d_with_indices", 1, x, kernel_size,
                          stride, padding, dilation, ceil_mode, True,
                          channels_last)


@docs.fill(
    _MAX_WITH_INDICES_DOC, 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = F.max_pool2d_with_indices(x, 2)
    >>> indices[..., 0]  # h * W + w in the unpadded 4x4 plane
    Array([[[ 5,  7],
            [13, 15]]], dtype=int32)""")
def max_pool2d_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  return _max.max_pool("max_pool2d_with_indices", 2, x, kernel_size,
                          stride, padding, dilation, ceil_mode, True,
                          channels_last)


@docs.fill(
    _MAX_WITH_INDICES_DOC, 3, """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = F.max_pool3d_with_indices(x, 2)
    >>> indices.ravel()
    Array([7], dtype=int32)""")
def max_pool3d_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  return _max.max_pool("max_pool3d_with_indices", 3, x, kernel_size,
                          stride, padding, dilation, ceil_mode, True,
                          channels_last)


_AVG_DOC = """Applies {n}-d average pooling, as ``torch.nn.functional.avg_pool{n}d``.

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

_OVERRIDE_ARG = """
    divisor_override: if given, a non-zero int that replaces the divisor of
      every window."""


_AVG_FIELDS = dict(common=_COMMON_ARGS, padding=_PADDING_ARG, fill="zeros",
                   layout=_LAYOUT_ARG, shape=_SHAPE_DOC, dil="")


@docs.fill(
    _AVG_DOC, 1, """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])
    >>> F.avg_pool1d(x, 2, ceil_mode=True)[..., 0]  # last window holds 1 cell
    Array([[1.5, 3.5, 5. ]], dtype=float32)""",
           override="", override_err="", **_AVG_FIELDS)
def avg_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True, *, channels_last: bool = True,
) -> jax.Array:
  # PyTorch's avg_pool1d has no divisor_override.
  return _avg_lp.avg_pool("avg_pool1d", 1, x, kernel_size, stride, padding,
                          ceil_mode, count_include_pad, None, channels_last)


@docs.fill(
    _AVG_DOC, 2, """\
    >>> x = jnp.ones((1, 4, 4, 1))
    >>> F.avg_pool2d(x, 2, padding=1)[0, :, :, 0]  # padded cells count
    Array([[0.25, 0.5 , 0.25],
           [0.5 , 1.  , 0.5 ],
           [0.25, 0.5 , 0.25]], dtype=float32)
    >>> F.avg_pool2d(x, 2, padding=1, count_include_pad=False)[0, :, :, 0]
    Array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]], dtype=float32)""",
           override=_OVERRIDE_ARG, override_err=", or divisor_override=0",
           **_AVG_FIELDS)
def avg_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Optional[int] = None, *, channels_last: bool = True,
) -> jax.Array:
  return _avg_lp.avg_pool("avg_pool2d", 2, x, kernel_size, stride, padding,
                          ceil_mode, count_include_pad, divisor_override,
                          channels_last)


@docs.fill(
    _AVG_DOC, 3, """\
    >>> x = jnp.ones((1, 4, 4, 4, 1))
    >>> F.avg_pool3d(x, 2, divisor_override=1).ravel()[:2]
    Array([8., 8.], dtype=float32)""",
           override=_OVERRIDE_ARG, override_err=", or divisor_override=0",
           **_AVG_FIELDS)
def avg_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: Optional[int] = None, *, channels_last: bool = True,
) -> jax.Array:
  return _avg_lp.avg_pool("avg_pool3d", 3, x, kernel_size, stride, padding,
                          ceil_mode, count_include_pad, divisor_override,
                          channels_last)


_LP_DOC = """Applies {n}-d power-average pooling, as ``torch.nn.functional.lp_pool{n}d``.

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

{shape}
"""


# The window shape without padding or dilation, which lp_pool lacks.
_LP_SHAPE_DOC = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error."""

_LP_FIELDS = dict(common=_COMMON_ARGS, layout=_LAYOUT_ARG, shape=_LP_SHAPE_DOC)


@docs.fill(
    _LP_DOC, 1, """\
    >>> x = jnp.array([[[3.], [4.]]])
    >>> F.lp_pool1d(x, 2, 2)[..., 0]
    Array([[5.]], dtype=float32)""", **_LP_FIELDS)
def lp_pool1d(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  return _avg_lp.lp_pool("lp_pool1d", 1, x, norm_type, kernel_size, stride,
                         ceil_mode, channels_last)


@docs.fill(
    _LP_DOC, 2, """\
    >>> x = jnp.array([[[[-3.], [1.]], [[2.], [-5.]]]])  # (1, 2, 2, 1)
    >>> F.lp_pool2d(x, float("inf"), 2).ravel()  # max of |x|
    Array([5.], dtype=float32)""", **_LP_FIELDS)
def lp_pool2d(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  return _avg_lp.lp_pool("lp_pool2d", 2, x, norm_type, kernel_size, stride,
                         ceil_mode, channels_last)


@docs.fill(
    _LP_DOC, 3, """\
    >>> x = jnp.ones((1, 2, 2, 2, 1))
    >>> F.lp_pool3d(x, 1, 2).ravel()  # p = 1: the window sum
    Array([8.], dtype=float32)""", **_LP_FIELDS)
def lp_pool3d(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  return _avg_lp.lp_pool("lp_pool3d", 3, x, norm_type, kernel_size, stride,
                         ceil_mode, channels_last)


_UNPOOL_DOC = """Inverts :func:`max_pool{n}d`, as ``torch.nn.functional.max_unpool{n}d``.

  Scatters each value of ``x`` to position ``indices`` of its (sample,
  channel) plane of a zero output; everything else is 0. Gradients flow back
  by gathering at the same indices, under ``jit`` too.

  Args:
    x: the pooled values (see Shape).
    indices: integer array of ``x``'s shape: flat plane indices ({index}), as
      returned by ``max_pool{n}d(..., return_indices=True)``.
{common}
    padding: the padding the pooling used: an int, {n} ints or {n} ``(lo, hi)``
      pairs.
    output_size: the spatial output size ({n} ints), or the full output shape
      in the layout in use; default ``(in - 1) * stride + kernel_size -
      pad_lo - pad_hi`` per dimension. Each spatial entry must lie strictly
      between ``default - stride`` and ``default + stride``, so that the
      sizes a strided pooling loses can be restored.
{layout}
    check_indices: under tracing (``jit``), check that every index is inside
      the output plane with :func:`jax.experimental.checkify.check`; wrap the
      caller in ``checkify.checkify`` to get the error.

  Returns:
    The unpooled array, in ``x``'s dtype.

  Raises:
    ValueError: on a shape mismatch between ``x`` and ``indices``, an invalid
      ``output_size``, and, when ``indices`` is concrete (eager call), any
      index outside ``[0, prod(output spatial size))``, as PyTorch.
    TypeError: for non-integer ``indices`` or invalid argument types.

  Out-of-range indices under ``jit`` cannot raise: they are dropped (their
  values do not appear in the output and receive zero gradient), unless
  ``check_indices=True`` under ``checkify``. Duplicate indices (overlapping
  pooling windows) write the same input element's value, so which write wins
  does not matter for indices from :func:`max_pool{n}d`; for arbitrary
  duplicates the winner is unspecified, as in PyTorch.

  Shape:
    ``x``: ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last``, else
    ``(N, C, {sp})`` or ``(C, {sp})``. Output: the same with each spatial
    length replaced by ``output_size`` or its default.
"""


_UNPOOL_FIELDS = dict(common=_COMMON_ARGS, layout=_LAYOUT_ARG)


@docs.fill(
    _UNPOOL_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.]]])
    >>> values, indices = F.max_pool1d(x, 2, return_indices=True)
    >>> F.max_unpool1d(values, indices, 2)[..., 0]
    Array([[0., 3., 0., 5.]], dtype=float32)""",
           **_UNPOOL_FIELDS)
def max_unpool1d(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *,
    channels_last: bool = True, check_indices: bool = False,
) -> jax.Array:
  return _unpool.max_unpool("max_unpool1d", 1, x, indices, kernel_size, stride,
                            padding, output_size, channels_last,
                            check_indices)


@docs.fill(
    _UNPOOL_DOC, 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = F.max_pool2d(x, 2, return_indices=True)
    >>> F.max_unpool2d(values, indices, 2)[0, :, :, 0]
    Array([[ 0.,  0.,  0.,  0.],
           [ 0.,  5.,  0.,  7.],
           [ 0.,  0.,  0.,  0.],
           [ 0., 13.,  0., 15.]], dtype=float32)
    >>> F.max_unpool2d(values, indices, 2, output_size=(5, 5)).shape
    (1, 5, 5, 1)""",
           **_UNPOOL_FIELDS)
def max_unpool2d(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *,
    channels_last: bool = True, check_indices: bool = False,
) -> jax.Array:
  return _unpool.max_unpool("max_unpool2d", 2, x, indices, kernel_size, stride,
                            padding, output_size, channels_last,
                            check_indices)


@docs.fill(
    _UNPOOL_DOC, 3, """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = F.max_pool3d(x, 2, return_indices=True)
    >>> F.max_unpool3d(values, indices, 2).ravel()
    Array([0., 0., 0., 0., 0., 0., 0., 7.], dtype=float32)""",
           **_UNPOOL_FIELDS)
def max_unpool3d(
    x: ArrayLike, indices: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: IntOrSeq = 0,
    output_size: Optional[Sequence[int]] = None, *,
    channels_last: bool = True, check_indices: bool = False,
) -> jax.Array:
  return _unpool.max_unpool("max_unpool3d", 3, x, indices, kernel_size, stride,
                            padding, output_size, channels_last,
                            check_indices)
