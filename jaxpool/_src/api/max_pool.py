"""Public max_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/max_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Literal, Optional, overload

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import Indexed, IntOrSeq, MaybeIndexed, PaddingLike
from jaxpool._src.pool import max as _max


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
def max_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 1-d max pooling, as ``torch.nn.functional.max_pool1d``.

  Args:
    x: the input (see Shape).
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 1 ints, 1
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 1 ints.
    ceil_mode: use ceil instead of floor for the output size.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input
      (``w``), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool1d`.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - dilation * (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.], [0.]]])  # (N, L, C)
    >>> F.max_pool1d(x, 2)[..., 0]
    Array([[3., 5., 4.]], dtype=float32)
  """
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
def max_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 2-d max pooling, as ``torch.nn.functional.max_pool2d``.

  Args:
    x: the input (see Shape).
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 2 ints, 2
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 2 ints.
    ceil_mode: use ceil instead of floor for the output size.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input
      (``h * W + w``), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool2d`.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - dilation * (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> F.max_pool2d(x, 2)[..., 0]
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.max_pool2d(x, 3, stride=1, padding=1, dilation=2).shape
    (1, 2, 2, 1)
  """
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
def max_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    return_indices: bool = False, *, channels_last: bool = True,
) -> MaybeIndexed:
  """Applies 3-d max pooling, as ``torch.nn.functional.max_pool3d``.

  Args:
    x: the input (see Shape).
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 3 ints, 3
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 3 ints.
    ceil_mode: use ceil instead of floor for the output size.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input (``d * H * W +
      h * W + w``), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool3d`.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - dilation * (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.max_pool3d(x, 2, ceil_mode=True).shape
    (1, 2, 2, 2, 1)
  """
  return _max.max_pool("max_pool3d", 3, x, kernel_size, stride, padding,
                       dilation, ceil_mode, return_indices, channels_last)


def max_pool1d_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  """Max pooling that returns ``(values, indices)``: ``max_pool1d(..., return_indices=True)``.

  See :func:`max_pool1d` for the semantics.

  Args:
    x: the input (see Shape).
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 1 ints, 1
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 1 ints.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pair ``(values, indices)``.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - dilation * (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [3.], [5.]]])
    >>> values, indices = F.max_pool1d_with_indices(x, 2, stride=1)
    >>> indices[..., 0]  # ties go to the first max
    Array([[1, 1, 3]], dtype=int32)
  """
  return _max.max_pool("max_pool1d_with_indices", 1, x, kernel_size, stride,
                       padding, dilation, ceil_mode, True, channels_last)


def max_pool2d_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  """Max pooling that returns ``(values, indices)``: ``max_pool2d(..., return_indices=True)``.

  See :func:`max_pool2d` for the semantics.

  Args:
    x: the input (see Shape).
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 2 ints, 2
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 2 ints.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pair ``(values, indices)``.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - dilation * (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> values, indices = F.max_pool2d_with_indices(x, 2)
    >>> indices[..., 0]  # h * W + w in the unpadded 4x4 plane
    Array([[[ 5,  7],
            [13, 15]]], dtype=int32)
  """
  return _max.max_pool("max_pool2d_with_indices", 2, x, kernel_size, stride,
                       padding, dilation, ceil_mode, True, channels_last)


def max_pool3d_with_indices(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, dilation: IntOrSeq = 1, ceil_mode: bool = False,
    *, channels_last: bool = True,
) -> Indexed:
  """Max pooling that returns ``(values, indices)``: ``max_pool3d(..., return_indices=True)``.

  See :func:`max_pool3d` for the semantics.

  Args:
    x: the input (see Shape).
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 3 ints, 3
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 3 ints.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pair ``(values, indices)``.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - dilation * (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> values, indices = F.max_pool3d_with_indices(x, 2)
    >>> indices.ravel()
    Array([7], dtype=int32)
  """
  return _max.max_pool("max_pool3d_with_indices", 3, x, kernel_size, stride,
                       padding, dilation, ceil_mode, True, channels_last)
