"""Public blur_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/blur_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.pool import research as _research


def blur_pool1d(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d BlurPool: anti-aliased downsampling (Zhang, 2019).

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019
  (and its code, adobe/antialiased-cnns). Each channel is low-pass filtered
  with the normalised binomial kernel of ``filt_size`` taps per axis (the
  outer product over axes of ``C(f - 1, j) / 2**(f - 1)``: ``[1, 2, 1] / 4``
  for ``f = 3``, ``[1, 3, 3, 1] / 8`` for ``f = 4``), after padding each
  spatial axis by ``((f - 1) // 2 + pad_off, f // 2 + pad_off)``, then
  subsampled with ``stride`` ::

      out[o] = sum_j w[j] * x_pad[o * stride + j].

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    filt_size: taps of the binomial filter: an int or 1 ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or 1 ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The filtered, subsampled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive filt_size/stride, a negative pad_off, an
      unknown pad_type, reflect padding not smaller than the input (as
      PyTorch's ReflectionPad), the wrong input rank, or an output size
      below 1.
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])  # (N, L, C)
    >>> F.blur_pool1d(x, 3)[..., 0]  # [1, 2, 1] / 4, stride 2
    Array([[0., 2., 0.]], dtype=float32)
  """
  return _research.blur_pool("blur_pool1d", 1, x, filt_size, stride, pad_type,
                             pad_off, channels_last)


def blur_pool2d(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d BlurPool: anti-aliased downsampling (Zhang, 2019).

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019
  (and its code, adobe/antialiased-cnns). Each channel is low-pass filtered
  with the normalised binomial kernel of ``filt_size`` taps per axis (the
  outer product over axes of ``C(f - 1, j) / 2**(f - 1)``: ``[1, 2, 1] / 4``
  for ``f = 3``, ``[1, 3, 3, 1] / 8`` for ``f = 4``), after padding each
  spatial axis by ``((f - 1) // 2 + pad_off, f // 2 + pad_off)``, then
  subsampled with ``stride`` ::

      out[o] = sum_j w[j] * x_pad[o * stride + j].

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    filt_size: taps of the binomial filter: an int or 2 ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or 2 ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The filtered, subsampled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive filt_size/stride, a negative pad_off, an
      unknown pad_type, reflect padding not smaller than the input (as
      PyTorch's ReflectionPad), the wrong input rank, or an output size
      below 1.
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 6, 6, 3))
    >>> F.blur_pool2d(x).shape
    (1, 3, 3, 3)
    >>> F.blur_pool2d(x, 1, stride=3)[0, :, :, 0]  # filt_size=1: subsample
    Array([[1., 1.],
           [1., 1.]], dtype=float32)
  """
  return _research.blur_pool("blur_pool2d", 2, x, filt_size, stride, pad_type,
                             pad_off, channels_last)


def blur_pool3d(
    x: ArrayLike, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
    pad_type: str = "reflect", pad_off: int = 0, *, channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d BlurPool: anti-aliased downsampling (Zhang, 2019).

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019
  (and its code, adobe/antialiased-cnns). Each channel is low-pass filtered
  with the normalised binomial kernel of ``filt_size`` taps per axis (the
  outer product over axes of ``C(f - 1, j) / 2**(f - 1)``: ``[1, 2, 1] / 4``
  for ``f = 3``, ``[1, 3, 3, 1] / 8`` for ``f = 4``), after padding each
  spatial axis by ``((f - 1) // 2 + pad_off, f // 2 + pad_off)``, then
  subsampled with ``stride`` ::

      out[o] = sum_j w[j] * x_pad[o * stride + j].

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    filt_size: taps of the binomial filter: an int or 3 ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or 3 ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The filtered, subsampled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive filt_size/stride, a negative pad_off, an
      unknown pad_type, reflect padding not smaller than the input (as
      PyTorch's ReflectionPad), the wrong input rank, or an output size
      below 1.
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.blur_pool3d(x, 3, pad_type="zero").shape
    (1, 3, 3, 3, 2)
  """
  return _research.blur_pool("blur_pool3d", 3, x, filt_size, stride, pad_type,
                             pad_off, channels_last)


def max_blur_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d MaxBlurPool (Zhang, 2019): dense max, then BlurPool.

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019:
  the anti-aliased replacement of strided max pooling evaluates the max
  densely (stride 1) and lets the blur do the subsampling ::

      out = blur_pool1d(max_pool1d(x, kernel_size, stride=1), filt_size,
                         stride, pad_type, pad_off)

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: the max-pool window (stride 1, no padding): an int or 1
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or 1 ints
      (default 2).
    filt_size: taps of the binomial filter: an int or 1 ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool1d`.
    pad_off: extra blur padding on both sides (default 0).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the size errors of :func:`max_pool1d` and
      :func:`blur_pool1d` (the latter on the max-pooled size).
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[0.], [4.], [0.], [0.], [0.], [0.], [0.]]])
    >>> F.max_blur_pool1d(x, filt_size=3)[..., 0]  # max [4,4,0,0,0,0], blur
    Array([[4., 1., 0.]], dtype=float32)
  """
  return _research.max_blur_pool("max_blur_pool1d", 1, x, kernel_size, stride,
                                 filt_size, pad_type, pad_off, channels_last)


def max_blur_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d MaxBlurPool (Zhang, 2019): dense max, then BlurPool.

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019:
  the anti-aliased replacement of strided max pooling evaluates the max
  densely (stride 1) and lets the blur do the subsampling ::

      out = blur_pool2d(max_pool2d(x, kernel_size, stride=1), filt_size,
                         stride, pad_type, pad_off)

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: the max-pool window (stride 1, no padding): an int or 2
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or 2 ints
      (default 2).
    filt_size: taps of the binomial filter: an int or 2 ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool2d`.
    pad_off: extra blur padding on both sides (default 0).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the size errors of :func:`max_pool2d` and
      :func:`blur_pool2d` (the latter on the max-pooled size).
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 9, 9, 3))
    >>> F.max_blur_pool2d(x).shape
    (1, 4, 4, 3)
  """
  return _research.max_blur_pool("max_blur_pool2d", 2, x, kernel_size, stride,
                                 filt_size, pad_type, pad_off, channels_last)


def max_blur_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
    filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d MaxBlurPool (Zhang, 2019): dense max, then BlurPool.

  R. Zhang, "Making Convolutional Networks Shift-Invariant Again", ICML 2019:
  the anti-aliased replacement of strided max pooling evaluates the max
  densely (stride 1) and lets the blur do the subsampling ::

      out = blur_pool3d(max_pool3d(x, kernel_size, stride=1), filt_size,
                         stride, pad_type, pad_off)

  Args:
    x: the input (see Shape); a floating dtype.
    kernel_size: the max-pool window (stride 1, no padding): an int or 3
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or 3 ints
      (default 2).
    filt_size: taps of the binomial filter: an int or 3 ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool3d`.
    pad_off: extra blur padding on both sides (default 0).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the size errors of :func:`max_pool3d` and
      :func:`blur_pool3d` (the latter on the max-pooled size).
    TypeError: for non-int sizes or a non-floating input.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> F.max_blur_pool3d(x, 2, filt_size=3).shape
    (1, 2, 2, 2, 2)
  """
  return _research.max_blur_pool("max_blur_pool3d", 3, x, kernel_size, stride,
                                 filt_size, pad_type, pad_off, channels_last)
