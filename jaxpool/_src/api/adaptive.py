"""Public adaptive functions, written by tools/generate_layers.py from
jaxpool/_src/layers/adaptive.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Literal, overload

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import Indexed, MaybeIndexed
from jaxpool._src.pool.adaptive import OutputSize
from jaxpool._src.pool import adaptive as _adaptive


@overload
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize, *, return_indices: Literal[True],
    channels_last: bool = True,
) -> Indexed: ...
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
def adaptive_max_pool1d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 1-d adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool1d``.

  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    output_size: the output's spatial size: an int, or 1 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane (``w``), as int32 (int64 when jax
      x64 is enabled): the format of :func:`max_pool1d`, so they feed
      :func:`max_unpool1d`.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.]]])  # (N, L, C)
    >>> F.adaptive_max_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[3., 5., 5.]], dtype=float32)
  """
  return _adaptive.adaptive_max_pool("adaptive_max_pool1d", 1, x, output_size,
                                     return_indices, channels_last)


@overload
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize, *, return_indices: Literal[True],
    channels_last: bool = True,
) -> Indexed: ...
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
def adaptive_max_pool2d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 2-d adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool2d``.

  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    output_size: the output's spatial size: an int, or 2 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane (``h * W + w``), as int32 (int64 when
      jax x64 is enabled): the format of :func:`max_pool2d`, so they feed
      :func:`max_unpool2d`.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(25.).reshape(1, 5, 5, 1)  # (N, H, W, C)
    >>> values, indices = F.adaptive_max_pool2d(x, 2, return_indices=True)
    >>> indices[0, :, :, 0]  # h * W + w
    Array([[12, 14],
           [22, 24]], dtype=int32)
    >>> F.adaptive_max_pool2d(x, (None, 7)).shape  # None keeps H
    (1, 5, 7, 1)
  """
  return _adaptive.adaptive_max_pool("adaptive_max_pool2d", 2, x, output_size,
                                     return_indices, channels_last)


@overload
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize,
    return_indices: Literal[False] = False, *, channels_last: bool = True,
) -> jax.Array: ...
@overload
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize, *, return_indices: Literal[True],
    channels_last: bool = True,
) -> Indexed: ...
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
def adaptive_max_pool3d(
    x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
    channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 3-d adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool3d``.

  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    output_size: the output's spatial size: an int, or 3 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane (``d * H * W + h * W + w``), as int32
      (int64 when jax x64 is enabled): the format of :func:`max_pool3d`, so
      they feed :func:`max_unpool3d`.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.adaptive_max_pool3d(x, (1, 2, 3)).shape
    (1, 1, 2, 3, 1)
  """
  return _adaptive.adaptive_max_pool("adaptive_max_pool3d", 3, x, output_size,
                                     return_indices, channels_last)


def adaptive_max_pool1d_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  """Adaptive max pooling that returns ``(values, indices)``: ``adaptive_max_pool1d(..., return_indices=True)``.

  See :func:`adaptive_max_pool1d` for the semantics.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    output_size: the output's spatial size: an int, or 1 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pair ``(values, indices)``.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [3.], [0.]]])
    >>> F.adaptive_max_pool1d_with_indices(x, 1)[1].ravel()  # first max
    Array([1], dtype=int32)
  """
  return _adaptive.adaptive_max_pool("adaptive_max_pool1d_with_indices", 1, x,
                                     output_size, True, channels_last)


def adaptive_max_pool2d_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  """Adaptive max pooling that returns ``(values, indices)``: ``adaptive_max_pool2d(..., return_indices=True)``.

  See :func:`adaptive_max_pool2d` for the semantics.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    output_size: the output's spatial size: an int, or 2 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pair ``(values, indices)``.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = F.adaptive_max_pool2d_with_indices(x, 2)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)
  """
  return _adaptive.adaptive_max_pool("adaptive_max_pool2d_with_indices", 2, x,
                                     output_size, True, channels_last)


def adaptive_max_pool3d_with_indices(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> Indexed:
  """Adaptive max pooling that returns ``(values, indices)``: ``adaptive_max_pool3d(..., return_indices=True)``.

  See :func:`adaptive_max_pool3d` for the semantics.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    output_size: the output's spatial size: an int, or 3 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pair ``(values, indices)``.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> F.adaptive_max_pool3d_with_indices(x, 1)[1].ravel()
    Array([7], dtype=int32)
  """
  return _adaptive.adaptive_max_pool("adaptive_max_pool3d_with_indices", 3, x,
                                     output_size, True, channels_last)


def adaptive_avg_pool1d(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool1d``.

  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes. Each output is its bin's sum divided by the
  bin's number of elements.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
    output_size: the output's spatial size: an int, or 1 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-floating input dtype.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])  # (N, L, C)
    >>> F.adaptive_avg_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[1.5, 3. , 4.5]], dtype=float32)
  """
  return _adaptive.adaptive_avg_pool("adaptive_avg_pool1d", 1, x, output_size,
                                     channels_last)


def adaptive_avg_pool2d(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool2d``.

  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes. Each output is its bin's sum divided by the
  bin's number of elements.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
    output_size: the output's spatial size: an int, or 2 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-floating input dtype.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> F.adaptive_avg_pool2d(x, 2)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
    >>> F.adaptive_avg_pool2d(x, (6, None)).shape  # larger than the input
    (1, 6, 4, 1)
  """
  return _adaptive.adaptive_avg_pool("adaptive_avg_pool2d", 2, x, output_size,
                                     channels_last)


def adaptive_avg_pool3d(
    x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool3d``.

  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes. Each output is its bin's sum divided by the
  bin's number of elements.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
    output_size: the output's spatial size: an int, or 3 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-floating input dtype.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 3, 5, 7, 4))  # (N, D, H, W, C)
    >>> F.adaptive_avg_pool3d(x, 2).shape
    (2, 2, 2, 2, 4)
  """
  return _adaptive.adaptive_avg_pool("adaptive_avg_pool3d", 3, x, output_size,
                                     channels_last)
