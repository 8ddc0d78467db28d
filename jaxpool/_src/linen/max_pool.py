"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/max_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, PaddingLike, ValuesOrIndexed
from jaxpool._src.layers import max_pool as _definitions
from jaxpool._src.linen.base import Layer


class MaxPool1d(Layer, _definitions.MaxPool):
  """1-d max pooling, as ``torch.nn.MaxPool1d``: partial application of :func:`jaxpool.functional.max_pool1d`.

  With ``return_indices=True`` the call returns ``(values, indices)``.

  Attributes:
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 1 ints, 1
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 1 ints.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input
      (``w``), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool1d`.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

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
    >>> import jaxpool.nn as jnn
    >>> x = jnp.arange(8.).reshape(1, 8, 1)
    >>> jnn.MaxPool1d(2).apply({}, x).shape
    (1, 4, 1)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  dilation: IntOrSeq = 1
  return_indices: bool = False
  ceil_mode: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> ValuesOrIndexed:
    return self.forward(x)


class MaxPool2d(Layer, _definitions.MaxPool):
  """2-d max pooling, as ``torch.nn.MaxPool2d``: partial application of :func:`jaxpool.functional.max_pool2d`.

  With ``return_indices=True`` the call returns ``(values, indices)``.

  Attributes:
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 2 ints, 2
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 2 ints.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input
      (``h * W + w``), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool2d`.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

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
    >>> import jaxpool.nn as jnn
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> values, indices = jnn.MaxPool2d(2, return_indices=True).apply({}, x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  dilation: IntOrSeq = 1
  return_indices: bool = False
  ceil_mode: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> ValuesOrIndexed:
    return self.forward(x)


class MaxPool3d(Layer, _definitions.MaxPool):
  """3-d max pooling, as ``torch.nn.MaxPool3d``: partial application of :func:`jaxpool.functional.max_pool3d`.

  With ``return_indices=True`` the call returns ``(values, indices)``.

  Attributes:
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (-inf): an int, 3 ints, 3
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    dilation: spacing between window taps: an int or 3 ints.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane of the *unpadded* input (``d * H * W +
      h * W + w``), as int32 (int64 when jax x64 is enabled). These feed
      :func:`max_unpool3d`.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

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
    >>> import jaxpool.nn as jnn
    >>> x = jnp.zeros((2, 8, 8, 8, 3))
    >>> jnn.MaxPool3d(3, stride=2, padding=1).apply({}, x).shape
    (2, 4, 4, 4, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  padding: PaddingLike = 0
  dilation: IntOrSeq = 1
  return_indices: bool = False
  ceil_mode: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> ValuesOrIndexed:
    return self.forward(x)
