"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/adaptive.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import ValuesOrIndexed
from jaxpool._src.layers import adaptive as _definitions
from jaxpool._src.linen.base import Layer
from jaxpool._src.pool.adaptive import OutputSize


class AdaptiveMaxPool1d(Layer, _definitions.AdaptiveMaxPool):
  """1-d adaptive max pooling, as ``torch.nn.AdaptiveMaxPool1d``.

  Partial application of :func:`jaxpool.functional.adaptive_max_pool1d`:
  PyTorch's bins and output size. With ``return_indices=True`` the call
  returns ``(values, indices)``.

  Attributes:
    output_size: the output's spatial size: an int, or 1 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane (``w``), as int32 (int64 when jax
      x64 is enabled): the format of :func:`max_pool1d`, so they feed
      :func:`max_unpool1d`.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.arange(10.).reshape(1, 10, 1)
    >>> jnn.AdaptiveMaxPool1d(4).apply({}, x)[0, :, 0]
    Array([2., 4., 7., 9.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  output_size: OutputSize
  return_indices: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> ValuesOrIndexed:
    return self.forward(x)


class AdaptiveMaxPool2d(Layer, _definitions.AdaptiveMaxPool):
  """2-d adaptive max pooling, as ``torch.nn.AdaptiveMaxPool2d``.

  Partial application of :func:`jaxpool.functional.adaptive_max_pool2d`:
  PyTorch's bins and output size. With ``return_indices=True`` the call
  returns ``(values, indices)``.

  Attributes:
    output_size: the output's spatial size: an int, or 2 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane (``h * W + w``), as int32 (int64 when
      jax x64 is enabled): the format of :func:`max_pool2d`, so they feed
      :func:`max_unpool2d`.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> values, indices = jnn.AdaptiveMaxPool2d(2, True).apply({}, x)
    >>> indices[0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  output_size: OutputSize
  return_indices: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> ValuesOrIndexed:
    return self.forward(x)


class AdaptiveMaxPool3d(Layer, _definitions.AdaptiveMaxPool):
  """3-d adaptive max pooling, as ``torch.nn.AdaptiveMaxPool3d``.

  Partial application of :func:`jaxpool.functional.adaptive_max_pool3d`:
  PyTorch's bins and output size. With ``return_indices=True`` the call
  returns ``(values, indices)``.

  Attributes:
    output_size: the output's spatial size: an int, or 3 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane (``d * H * W + h * W + w``), as int32
      (int64 when jax x64 is enabled): the format of :func:`max_pool3d`, so
      they feed :func:`max_unpool3d`.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.zeros((2, 5, 6, 7, 3))
    >>> jnn.AdaptiveMaxPool3d((2, None, 3)).apply({}, x).shape
    (2, 2, 6, 3, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  output_size: OutputSize
  return_indices: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> ValuesOrIndexed:
    return self.forward(x)


class AdaptiveAvgPool1d(Layer, _definitions.AdaptiveAvgPool):
  """1-d adaptive average pooling, as ``torch.nn.AdaptiveAvgPool1d``.

  Partial application of :func:`jaxpool.functional.adaptive_avg_pool1d`:
  PyTorch's bins and output size.

  Attributes:
    output_size: the output's spatial size: an int, or 1 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.arange(4.).reshape(1, 4, 1)
    >>> jnn.AdaptiveAvgPool1d(2).apply({}, x)[0, :, 0]
    Array([0.5, 2.5], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  output_size: OutputSize
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class AdaptiveAvgPool2d(Layer, _definitions.AdaptiveAvgPool):
  """2-d adaptive average pooling, as ``torch.nn.AdaptiveAvgPool2d``.

  Partial application of :func:`jaxpool.functional.adaptive_avg_pool2d`:
  PyTorch's bins and output size.

  Attributes:
    output_size: the output's spatial size: an int, or 2 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((8, 13, 13, 64))
    >>> jnn.AdaptiveAvgPool2d(7).apply({}, x).shape
    (8, 7, 7, 64)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  output_size: OutputSize
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class AdaptiveAvgPool3d(Layer, _definitions.AdaptiveAvgPool):
  """3-d adaptive average pooling, as ``torch.nn.AdaptiveAvgPool3d``.

  Partial application of :func:`jaxpool.functional.adaptive_avg_pool3d`:
  PyTorch's bins and output size.

  Attributes:
    output_size: the output's spatial size: an int, or 3 entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 3, 4, 5, 6))  # (N, C, D, H, W)
    >>> jnn.AdaptiveAvgPool3d(2, channels_last=False).apply({}, x).shape
    (2, 3, 2, 2, 2)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  output_size: OutputSize
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
