"""Public 1-d/2-d/3-d adaptive and global pooling.

Each function is written out per rank over the N-d entry points of
:mod:`jaxpool._src.pool.adaptive`, with its docstring filled from one
template per family by :func:`jaxpool._src.core.docs.fill`.
"""

from __future__ import annotations

from typing import Literal, overload

import jax
from jax.typing import ArrayLike

from jaxpool._src.core import docs
from jaxpool._src.core.args import Indexed, MaybeIndexed
from jaxpool._src.pool import adaptive as _adaptive

OutputSize = _adaptive.OutputSize


_OUTPUT_SIZE_ARG = """\
    output_size: the output's spatial size: an int, or {n} entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed."""

_LAYOUT_ARG = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for PyTorch's ``(N, C, {sp})``. The numbers are the same either way."""

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

_ADAPTIVE_MAX_DOC = """Applies {n}-d adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool{n}d``.

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

_ADAPTIVE_AVG_DOC = """Applies {n}-d adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool{n}d``.

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

_GLOBAL_DOC = """Global {kind} pooling over the {n} spatial dimension(s): ``adaptive_{kind}_pool{n}d(x, 1)``.

  {what}

  Args:
    x: the input (see Shape); {dtypes}.
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.
"""

_FIELDS = dict(bins=_BINS_DOC, output_size=_OUTPUT_SIZE_ARG,
               layout=_LAYOUT_ARG, shape=_SHAPE_DOC)

_ADAPTIVE_MAX_WITH_INDICES_DOC = """Adaptive max pooling that returns ``(values, indices)``: ``adaptive_max_pool{n}d(..., return_indices=True)``.

  See :func:`adaptive_max_pool{n}d` for the arguments and semantics.
"""


# The overloads let type checkers tell values from (values, indices): a literal
# return_indices picks one, a plain bool gives the union.
@overload
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize, return_indices: Literal[True], *,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _ADAPTIVE_MAX_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.]]])  # (N, L, C)
    >>> F.adaptive_max_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[3., 5., 5.]], dtype=float32)""",
           **_FIELDS)
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  return _adaptive.adaptive_max_pool("adaptive_max_pool1d", 1, x, output_size,
                                     return_indices, channels_last)


@overload
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize, return_indices: Literal[True], *,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _ADAPTIVE_MAX_DOC, 2, """\
    >>> x = jnp.arange(25.).reshape(1, 5, 5, 1)  # (N, H, W, C)
    >>> values, indices = F.adaptive_max_pool2d(x, 2, return_indices=True)
    >>> indices[0, :, :, 0]  # h * W + w
    Array([[12, 14],
           [22, 24]], dtype=int32)
    >>> F.adaptive_max_pool2d(x, (None, 7)).shape  # None keeps H
    (1, 5, 7, 1)""",
           **_FIELDS)
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  return _adaptive.adaptive_max_pool("adaptive_max_pool2d", 2, x, output_size,
                                     return_indices, channels_last)


@overload
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize, return_indices: Literal[True], *,
    channels_last: bool = True,
) -> Indexed: ...
@overload
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed: ...
@docs.fill(
    _ADAPTIVE_MAX_DOC, 3, """\
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.adaptive_max_pool3d(x, (1, 2, 3)).shape
    (1, 1, 2, 3, 1)""",
           **_FIELDS)
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  return _adaptive.adaptive_max_pool("adaptive_max_pool3d", 3, x, output_size,
                                     return_indices, channels_last)


@docs.fill(
    _ADAPTIVE_MAX_WITH_INDICES_DOC, 1, """\
    >>> x = jnp.array([[[1.], [3.], [3.], [0.]]])
    >>> F.adaptive_max_pool1d_with_indices(x, 1)[1].ravel()  # first max
    Array([1], dtype=int32)""")
def adaptive_max_pool1d_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  return _adaptive.adaptive_max_pool("adaptive_max_pool1d_with_indices", 1, x,
                                     output_size, True, channels_last)


@docs.fill(
    _ADAPTIVE_MAX_WITH_INDICES_DOC, 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> F.adaptive_max_pool2d_with_indices(x, 2)[1][0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""")
def adaptive_max_pool2d_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  return _adaptive.adaptive_max_pool("adaptive_max_pool2d_with_indices", 2, x,
                                     output_size, True, channels_last)


@docs.fill(
    _ADAPTIVE_MAX_WITH_INDICES_DOC, 3, """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> F.adaptive_max_pool3d_with_indices(x, 1)[1].ravel()
    Array([7], dtype=int32)""")
def adaptive_max_pool3d_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  return _adaptive.adaptive_max_pool("adaptive_max_pool3d_with_indices", 3, x,
                                     output_size, True, channels_last)


@docs.fill(
    _ADAPTIVE_AVG_DOC, 1, """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])  # (N, L, C)
    >>> F.adaptive_avg_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[1.5, 3. , 4.5]], dtype=float32)""",
           **_FIELDS)
def adaptive_avg_pool1d(x: ArrayLike, output_size: OutputSize, *,
                        channels_last: bool = True) -> jax.Array:
  return _adaptive.adaptive_avg_pool("adaptive_avg_pool1d", 1, x, output_size,
                                     channels_last)


@docs.fill(
    _ADAPTIVE_AVG_DOC, 2, """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> F.adaptive_avg_pool2d(x, 2)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
    >>> F.adaptive_avg_pool2d(x, (6, None)).shape  # larger than the input
    (1, 6, 4, 1)""",
           **_FIELDS)
def adaptive_avg_pool2d(x: ArrayLike, output_size: OutputSize, *,
                        channels_last: bool = True) -> jax.Array:
  return _adaptive.adaptive_avg_pool("adaptive_avg_pool2d", 2, x, output_size,
                                     channels_last)


@docs.fill(
    _ADAPTIVE_AVG_DOC, 3, """\
    >>> x = jnp.ones((2, 3, 5, 7, 4))  # (N, D, H, W, C)
    >>> F.adaptive_avg_pool3d(x, 2).shape
    (2, 2, 2, 2, 4)""",
           **_FIELDS)
def adaptive_avg_pool3d(x: ArrayLike, output_size: OutputSize, *,
                        channels_last: bool = True) -> jax.Array:
  return _adaptive.adaptive_avg_pool("adaptive_avg_pool3d", 3, x, output_size,
                                     channels_last)


_GLOBAL_AVG = dict(
    kind="avg", layout=_LAYOUT_ARG,
    what=("The mean over all spatial positions of each (sample, channel) "
          "plane."),
    dtypes="a floating dtype (half precision is summed in float32)")
_GLOBAL_MAX = dict(
    kind="max", layout=_LAYOUT_ARG,
    what=("The max over all spatial positions of each (sample, channel) "
          "plane, with PyTorch's rules: NaN propagates, and the gradient goes "
          "to the first max."),
    dtypes="a floating or integer dtype")


@docs.fill(
    _GLOBAL_DOC, 1, """\
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_avg_pool1d(x)
    Array([[ 2., 15.]], dtype=float32)""",
           **_GLOBAL_AVG)
def global_avg_pool1d(x: ArrayLike, *, keepdims: bool = False,
                      channels_last: bool = True) -> jax.Array:
  return _adaptive.global_pool("global_avg_pool1d", 1, x, keepdims,
                               channels_last, "avg")


@docs.fill(
    _GLOBAL_DOC, 2, """\
    >>> x = jnp.ones((8, 7, 7, 16))  # (N, H, W, C)
    >>> F.global_avg_pool2d(x).shape
    (8, 16)
    >>> F.global_avg_pool2d(x, keepdims=True).shape
    (8, 1, 1, 16)""",
           **_GLOBAL_AVG)
def global_avg_pool2d(x: ArrayLike, *, keepdims: bool = False,
                      channels_last: bool = True) -> jax.Array:
  return _adaptive.global_pool("global_avg_pool2d", 2, x, keepdims,
                               channels_last, "avg")


@docs.fill(
    _GLOBAL_DOC, 3, """\
    >>> x = jnp.ones((2, 4, 3, 5, 3))  # (N, C, D, H, W)
    >>> F.global_avg_pool3d(x, channels_last=False).shape
    (2, 4)""",
           **_GLOBAL_AVG)
def global_avg_pool3d(x: ArrayLike, *, keepdims: bool = False,
                      channels_last: bool = True) -> jax.Array:
  return _adaptive.global_pool("global_avg_pool3d", 3, x, keepdims,
                               channels_last, "avg")


@docs.fill(
    _GLOBAL_DOC, 1, """\
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_max_pool1d(x)
    Array([[ 3., 20.]], dtype=float32)""",
           **_GLOBAL_MAX)
def global_max_pool1d(x: ArrayLike, *, keepdims: bool = False,
                      channels_last: bool = True) -> jax.Array:
  return _adaptive.global_pool("global_max_pool1d", 1, x, keepdims,
                               channels_last, "max")


@docs.fill(
    _GLOBAL_DOC, 2, """\
    >>> x = jnp.arange(32.).reshape(2, 4, 4, 1)
    >>> F.global_max_pool2d(x)
    Array([[15.],
           [31.]], dtype=float32)""",
           **_GLOBAL_MAX)
def global_max_pool2d(x: ArrayLike, *, keepdims: bool = False,
                      channels_last: bool = True) -> jax.Array:
  return _adaptive.global_pool("global_max_pool2d", 2, x, keepdims,
                               channels_last, "max")


@docs.fill(
    _GLOBAL_DOC, 3, """\
    >>> x = jnp.ones((2, 4, 3, 5, 3))
    >>> F.global_max_pool3d(x, keepdims=True).shape
    (2, 1, 1, 1, 3)""",
           **_GLOBAL_MAX)
def global_max_pool3d(x: ArrayLike, *, keepdims: bool = False,
                      channels_last: bool = True) -> jax.Array:
  return _adaptive.global_pool("global_max_pool3d", 3, x, keepdims,
                               channels_last, "max")
