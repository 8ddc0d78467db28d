"""Public learned_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/learned_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.pool import research as _research


def gem_pool1d(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d generalised-mean (GeM) pooling (Radenovic et al., 2018).

  F. Radenovic, G. Tolias and O. Chum, "Fine-tuning CNN Image Retrieval with
  No Human Annotation", TPAMI 2018. With ``x`` clamped to ``[eps, inf)``, over
  the whole spatial extent (default, the paper's global descriptor) or over
  each window of ``kernel_size``/``stride`` ::

      out = (mean_i x_i**p) ** (1 / p).

  ``p = 1`` is average pooling and ``p -> inf`` tends to max pooling (the
  mean is at most ``K**(-1/p)`` below the max, for windows of ``K`` taps).
  The power mean is computed in log space relative to the window maximum
  (the minimum for ``p < 0``), so that no term overflows: ``p = 100`` on
  activations in the thousands is exact in float32. Any finite ``p`` is
  accepted: ``p < 0`` tends to the minimum and ``p = 0`` gives the geometric
  mean (the limit). Gradients flow to ``x`` and to ``p``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    p: the exponent: a real number, or an array of shape ``()`` or ``(C,)``
      (one per channel), e.g. a learnable parameter. Default 3, the paper's
      initial value.
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or 1 ints.
    stride: window stride (an int or 1 ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive eps, a stride without kernel_size, a ``p``
      that is neither scalar nor per-channel, and the size errors of
      :func:`avg_pool1d`.
    TypeError: for non-int sizes, a non-real ``p`` or ``eps``, or a
      non-floating input.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool1d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [2.], [3.], [4.]]])  # (N, L, C)
    >>> F.gem_pool1d(x, 1.0)[..., 0]  # p = 1: the mean
    Array([[2.5]], dtype=float32)
    >>> F.gem_pool1d(x, 2.0, kernel_size=2)[..., 0]  # sqrt((1 + 4) / 2), ...
    Array([[1.5811388, 3.535534 ]], dtype=float32)
  """
  return _research.gem_pool("gem_pool1d", 1, x, p, kernel_size, stride, eps,
                            channels_last)


def gem_pool2d(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d generalised-mean (GeM) pooling (Radenovic et al., 2018).

  F. Radenovic, G. Tolias and O. Chum, "Fine-tuning CNN Image Retrieval with
  No Human Annotation", TPAMI 2018. With ``x`` clamped to ``[eps, inf)``, over
  the whole spatial extent (default, the paper's global descriptor) or over
  each window of ``kernel_size``/``stride`` ::

      out = (mean_i x_i**p) ** (1 / p).

  ``p = 1`` is average pooling and ``p -> inf`` tends to max pooling (the
  mean is at most ``K**(-1/p)`` below the max, for windows of ``K`` taps).
  The power mean is computed in log space relative to the window maximum
  (the minimum for ``p < 0``), so that no term overflows: ``p = 100`` on
  activations in the thousands is exact in float32. Any finite ``p`` is
  accepted: ``p < 0`` tends to the minimum and ``p = 0`` gives the geometric
  mean (the limit). Gradients flow to ``x`` and to ``p``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    p: the exponent: a real number, or an array of shape ``()`` or ``(C,)``
      (one per channel), e.g. a learnable parameter. Default 3, the paper's
      initial value.
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or 2 ints.
    stride: window stride (an int or 2 ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive eps, a stride without kernel_size, a ``p``
      that is neither scalar nor per-channel, and the size errors of
      :func:`avg_pool2d`.
    TypeError: for non-int sizes, a non-real ``p`` or ``eps``, or a
      non-floating input.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool2d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[1., 2.], [3., 1000.]]).reshape(1, 2, 2, 1)
    >>> F.gem_pool2d(x, 100.0).ravel()  # no overflow; near the max
    Array([986.2327], dtype=float32)
  """
  return _research.gem_pool("gem_pool2d", 2, x, p, kernel_size, stride, eps,
                            channels_last)


def gem_pool3d(
    x: ArrayLike, p: ArrayLike = 3.0, kernel_size: Optional[IntOrSeq] = None,
    stride: Optional[IntOrSeq] = None, eps: float = 1e-6, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d generalised-mean (GeM) pooling (Radenovic et al., 2018).

  F. Radenovic, G. Tolias and O. Chum, "Fine-tuning CNN Image Retrieval with
  No Human Annotation", TPAMI 2018. With ``x`` clamped to ``[eps, inf)``, over
  the whole spatial extent (default, the paper's global descriptor) or over
  each window of ``kernel_size``/``stride`` ::

      out = (mean_i x_i**p) ** (1 / p).

  ``p = 1`` is average pooling and ``p -> inf`` tends to max pooling (the
  mean is at most ``K**(-1/p)`` below the max, for windows of ``K`` taps).
  The power mean is computed in log space relative to the window maximum
  (the minimum for ``p < 0``), so that no term overflows: ``p = 100`` on
  activations in the thousands is exact in float32. Any finite ``p`` is
  accepted: ``p < 0`` tends to the minimum and ``p = 0`` gives the geometric
  mean (the limit). Gradients flow to ``x`` and to ``p``.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    p: the exponent: a real number, or an array of shape ``()`` or ``(C,)``
      (one per channel), e.g. a learnable parameter. Default 3, the paper's
      initial value.
    kernel_size: ``None`` (default) for global pooling, else the window size:
      an int or 3 ints.
    stride: window stride (an int or 3 ints); ``None`` means
      ``kernel_size``. Only with ``kernel_size``.
    eps: the clamp ``x = max(x, eps)``: a positive number (default 1e-6, as
      the paper's code).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive eps, a stride without kernel_size, a ``p``
      that is neither scalar nor per-channel, and the size errors of
      :func:`avg_pool3d`.
    TypeError: for non-int sizes, a non-real ``p`` or ``eps``, or a
      non-floating input.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: global pooling keeps
    every spatial axis with length 1 (as ``adaptive_avg_pool3d(x, 1)``);
    windowed pooling has ``out = floor((L - kernel_size) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.gem_pool3d(x).shape
    (2, 1, 1, 1, 3)
  """
  return _research.gem_pool("gem_pool3d", 3, x, p, kernel_size, stride, eps,
                            channels_last)


def mixed_pool1d(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d mixed max-average pooling (Lee et al., 2016).

  C.-Y. Lee, P. W. Gallagher and Z. Tu, "Generalizing Pooling Functions in
  Convolutional Neural Networks: Mixed, Gated, and Tree", AISTATS 2016 ::

      out = alpha * max_pool1d(x) + (1 - alpha) * avg_pool1d(x)

  with the same window arguments for both (PyTorch's semantics for each:
  padding is -inf for the max and counts as zeros, per
  ``count_include_pad``, for the average). ``alpha`` is used as given (the
  paper keeps it in ``[0, 1]``; :class:`jaxpool.nn.MixedPool1d` learns it
  through a sigmoid).

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    alpha: the mixing proportion: a real number or an array of shape ``()``
      (the paper's per-layer mixing) or ``(C,)`` (per channel).
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, 1 ints, 1 ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for an ``alpha`` that is neither scalar nor per-channel, and
      the size errors of :func:`avg_pool1d`.
    TypeError: for non-int sizes, a non-real ``alpha`` or a non-floating
      input.

  Shape:
    As :func:`avg_pool1d`.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [2.], [6.]]])  # (N, L, C)
    >>> F.mixed_pool1d(x, 0.5, 2)[..., 0]  # (3 + 2) / 2, (6 + 4) / 2
    Array([[2.5, 5. ]], dtype=float32)
  """
  return _research.mixed_pool("mixed_pool1d", 1, x, alpha, kernel_size, stride,
                              padding, ceil_mode, count_include_pad,
                              channels_last)


def mixed_pool2d(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d mixed max-average pooling (Lee et al., 2016).

  C.-Y. Lee, P. W. Gallagher and Z. Tu, "Generalizing Pooling Functions in
  Convolutional Neural Networks: Mixed, Gated, and Tree", AISTATS 2016 ::

      out = alpha * max_pool2d(x) + (1 - alpha) * avg_pool2d(x)

  with the same window arguments for both (PyTorch's semantics for each:
  padding is -inf for the max and counts as zeros, per
  ``count_include_pad``, for the average). ``alpha`` is used as given (the
  paper keeps it in ``[0, 1]``; :class:`jaxpool.nn.MixedPool2d` learns it
  through a sigmoid).

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    alpha: the mixing proportion: a real number or an array of shape ``()``
      (the paper's per-layer mixing) or ``(C,)`` (per channel).
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, 2 ints, 2 ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for an ``alpha`` that is neither scalar nor per-channel, and
      the size errors of :func:`avg_pool2d`.
    TypeError: for non-int sizes, a non-real ``alpha`` or a non-floating
      input.

  Shape:
    As :func:`avg_pool2d`.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> F.mixed_pool2d(x, 1.0, 2)[..., 0]  # alpha = 1: max pooling
    Array([[[ 5.,  7.],
            [13., 15.]]], dtype=float32)
    >>> F.mixed_pool2d(x, 0.0, 2)[..., 0]  # alpha = 0: average pooling
    Array([[[ 2.5,  4.5],
            [10.5, 12.5]]], dtype=float32)
  """
  return _research.mixed_pool("mixed_pool2d", 2, x, alpha, kernel_size, stride,
                              padding, ceil_mode, count_include_pad,
                              channels_last)


def mixed_pool3d(
    x: ArrayLike, alpha: ArrayLike, kernel_size: IntOrSeq,
    stride: Optional[IntOrSeq] = None, padding: PaddingLike = 0,
    ceil_mode: bool = False, count_include_pad: bool = True, *,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d mixed max-average pooling (Lee et al., 2016).

  C.-Y. Lee, P. W. Gallagher and Z. Tu, "Generalizing Pooling Functions in
  Convolutional Neural Networks: Mixed, Gated, and Tree", AISTATS 2016 ::

      out = alpha * max_pool3d(x) + (1 - alpha) * avg_pool3d(x)

  with the same window arguments for both (PyTorch's semantics for each:
  padding is -inf for the max and counts as zeros, per
  ``count_include_pad``, for the average). ``alpha`` is used as given (the
  paper keeps it in ``[0, 1]``; :class:`jaxpool.nn.MixedPool3d` learns it
  through a sigmoid).

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    alpha: the mixing proportion: a real number or an array of shape ``()``
      (the paper's per-layer mixing) or ``(C,)`` (per channel).
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides: an int, 3 ints, 3 ``(lo,
      hi)`` pairs, or ``"SAME"``/``"VALID"``; explicit values may not exceed
      ``kernel_size // 2``.
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the average's divisor.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for an ``alpha`` that is neither scalar nor per-channel, and
      the size errors of :func:`avg_pool3d`.
    TypeError: for non-int sizes, a non-real ``alpha`` or a non-floating
      input.

  Shape:
    As :func:`avg_pool3d`.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> F.mixed_pool3d(x, jnp.array([0.2, 0.8]), 2).shape  # per channel
    (1, 2, 2, 2, 2)
  """
  return _research.mixed_pool("mixed_pool3d", 3, x, alpha, kernel_size, stride,
                              padding, ceil_mode, count_include_pad,
                              channels_last)
