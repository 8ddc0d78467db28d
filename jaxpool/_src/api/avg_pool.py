"""Public avg_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/avg_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.pool import avg_lp as _avg_lp


def avg_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d average pooling, as ``torch.nn.functional.avg_pool1d``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (zeros): an int, 1 ints, 1
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a negative or too large
      padding, a tuple of the wrong length, the wrong input rank, an empty dim
      other than the batch dim, in 3-d a spatial size (padding not counted)
      below the kernel size (both as PyTorch), an output size below
      1.
    TypeError: for non-int sizes or a non-floating input dtype (as PyTorch).

  The divisor is PyTorch's: each window is first clipped to the padded input
  (``end = min(start + kernel_size, L + pad_hi)``), its size is the divisor
  when ``count_include_pad``, else the number of cells inside the input.
  Under ``ceil_mode`` a window that runs past the padded border therefore
  divides by fewer cells even with ``count_include_pad=True``.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])
    >>> F.avg_pool1d(x, 2, ceil_mode=True)[..., 0]  # last window holds 1 cell
    Array([[1.5, 3.5, 5. ]], dtype=float32)
  """
  return _avg_lp.avg_pool("avg_pool1d", 1, x, kernel_size, stride, padding,
                          ceil_mode, count_include_pad, None, channels_last)


def avg_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d average pooling, as ``torch.nn.functional.avg_pool2d``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (zeros): an int, 2 ints, 2
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.
    divisor_override: if given, a non-zero int that replaces the divisor of
      every window.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a negative or too large
      padding, a tuple of the wrong length, the wrong input rank, an empty dim
      other than the batch dim, in 3-d a spatial size (padding not counted)
      below the kernel size (both as PyTorch), an output size below
      1, or divisor_override=0.
    TypeError: for non-int sizes or a non-floating input dtype (as PyTorch).

  The divisor is PyTorch's: each window is first clipped to the padded input
  (``end = min(start + kernel_size, L + pad_hi)``), its size is the divisor
  when ``count_include_pad``, else the number of cells inside the input.
  Under ``ceil_mode`` a window that runs past the padded border therefore
  divides by fewer cells even with ``count_include_pad=True``.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 4, 4, 1))
    >>> F.avg_pool2d(x, 2, padding=1)[0, :, :, 0]  # padded cells count
    Array([[0.25, 0.5 , 0.25],
           [0.5 , 1.  , 0.5 ],
           [0.25, 0.5 , 0.25]], dtype=float32)
    >>> F.avg_pool2d(x, 2, padding=1, count_include_pad=False)[0, :, :, 0]
    Array([[1., 1., 1.],
           [1., 1., 1.],
           [1., 1., 1.]], dtype=float32)
  """
  return _avg_lp.avg_pool("avg_pool2d", 2, x, kernel_size, stride, padding,
                          ceil_mode, count_include_pad, divisor_override,
                          channels_last)


def avg_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    padding: PaddingLike = 0, ceil_mode: bool = False,
    count_include_pad: bool = True, divisor_override: Optional[int] = None, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d average pooling, as ``torch.nn.functional.avg_pool3d``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (zeros): an int, 3 ints, 3
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.
    divisor_override: if given, a non-zero int that replaces the divisor of
      every window.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a negative or too large
      padding, a tuple of the wrong length, the wrong input rank, an empty dim
      other than the batch dim, in 3-d a spatial size (padding not counted)
      below the kernel size (both as PyTorch), an output size below
      1, or divisor_override=0.
    TypeError: for non-int sizes or a non-floating input dtype (as PyTorch).

  The divisor is PyTorch's: each window is first clipped to the padded input
  (``end = min(start + kernel_size, L + pad_hi)``), its size is the divisor
  when ``count_include_pad``, else the number of cells inside the input.
  Under ``ceil_mode`` a window that runs past the padded border therefore
  divides by fewer cells even with ``count_include_pad=True``.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 4, 4, 4, 1))
    >>> F.avg_pool3d(x, 2, divisor_override=1).ravel()[:2]
    Array([8., 8.], dtype=float32)
  """
  return _avg_lp.avg_pool("avg_pool3d", 3, x, kernel_size, stride, padding,
                          ceil_mode, count_include_pad, divisor_override,
                          channels_last)


def lp_pool1d(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d power-average pooling, as ``torch.nn.functional.lp_pool1d``.

  Computes ``(sum over the window of x**p) ** (1/p)`` with PyTorch's exact
  definition: ``out = avg_pool1d(x**p, kernel_size, stride, 0, ceil_mode)``,
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
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for ``norm_type`` 0 or NaN, and the size errors of
      :func:`avg_pool1d`.
    TypeError: for a non-numeric ``norm_type`` or a non-floating input.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[3.], [4.]]])
    >>> F.lp_pool1d(x, 2, 2)[..., 0]
    Array([[5.]], dtype=float32)
  """
  return _avg_lp.lp_pool("lp_pool1d", 1, x, norm_type, kernel_size, stride,
                         ceil_mode, channels_last)


def lp_pool2d(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d power-average pooling, as ``torch.nn.functional.lp_pool2d``.

  Computes ``(sum over the window of x**p) ** (1/p)`` with PyTorch's exact
  definition: ``out = avg_pool2d(x**p, kernel_size, stride, 0, ceil_mode)``,
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
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for ``norm_type`` 0 or NaN, and the size errors of
      :func:`avg_pool2d`.
    TypeError: for a non-numeric ``norm_type`` or a non-floating input.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[[-3.], [1.]], [[2.], [-5.]]]])  # (1, 2, 2, 1)
    >>> F.lp_pool2d(x, float("inf"), 2).ravel()  # max of |x|
    Array([5.], dtype=float32)
  """
  return _avg_lp.lp_pool("lp_pool2d", 2, x, norm_type, kernel_size, stride,
                         ceil_mode, channels_last)


def lp_pool3d(
    x: ArrayLike, norm_type: float, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, ceil_mode: bool = False, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d power-average pooling, as ``torch.nn.functional.lp_pool3d``.

  Computes ``(sum over the window of x**p) ** (1/p)`` with PyTorch's exact
  definition: ``out = avg_pool3d(x**p, kernel_size, stride, 0, ceil_mode)``,
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
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for ``norm_type`` 0 or NaN, and the size errors of
      :func:`avg_pool3d`.
    TypeError: for a non-numeric ``norm_type`` or a non-floating input.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 2, 2, 2, 1))
    >>> F.lp_pool3d(x, 1, 2).ravel()  # p = 1: the window sum
    Array([8.], dtype=float32)
  """
  return _avg_lp.lp_pool("lp_pool3d", 3, x, norm_type, kernel_size, stride,
                         ceil_mode, channels_last)
