"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/global_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.layers import global_pool as _definitions
from jaxpool._src.linen.base import Layer


class GlobalAvgPool1d(Layer, _definitions.GlobalAvgPool):
  """1-d global average pooling: :func:`jaxpool.functional.global_avg_pool1d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveAvgPool1d(1)`` (then a flatten).

  Attributes:
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 10, 3))
    >>> jnn.GlobalAvgPool1d().apply({}, x).shape
    (2, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  keepdims: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GlobalAvgPool2d(Layer, _definitions.GlobalAvgPool):
  """2-d global average pooling: :func:`jaxpool.functional.global_avg_pool2d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveAvgPool2d(1)`` (then a flatten).

  Attributes:
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalAvgPool2d(keepdims=True).apply({}, x).shape
    (2, 1, 1, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  keepdims: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GlobalAvgPool3d(Layer, _definitions.GlobalAvgPool):
  """3-d global average pooling: :func:`jaxpool.functional.global_avg_pool3d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveAvgPool3d(1)`` (then a flatten).

  Attributes:
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> jnn.GlobalAvgPool3d().apply({}, x).shape
    (2, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  keepdims: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GlobalMaxPool1d(Layer, _definitions.GlobalMaxPool):
  """1-d global max pooling: :func:`jaxpool.functional.global_max_pool1d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveMaxPool1d(1)`` (then a flatten).

  Attributes:
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.arange(6.).reshape(1, 3, 2)
    >>> jnn.GlobalMaxPool1d().apply({}, x)
    Array([[4., 5.]], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  keepdims: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GlobalMaxPool2d(Layer, _definitions.GlobalMaxPool):
  """2-d global max pooling: :func:`jaxpool.functional.global_max_pool2d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveMaxPool2d(1)`` (then a flatten).

  Attributes:
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 7, 7, 3))
    >>> jnn.GlobalMaxPool2d().apply({}, x).shape
    (2, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  keepdims: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GlobalMaxPool3d(Layer, _definitions.GlobalMaxPool):
  """3-d global max pooling: :func:`jaxpool.functional.global_max_pool3d` as a Module.

  The output is ``(N, C)``, or keeps size-1 spatial dims with ``keepdims``.
  PyTorch spells it ``AdaptiveMaxPool3d(1)`` (then a flatten).

  Attributes:
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 3, 4, 4, 4))  # (N, C, D, H, W)
    >>> jnn.GlobalMaxPool3d(True, channels_last=False).apply({}, x).shape
    (2, 3, 1, 1, 1)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  keepdims: bool = False
  channels_last: bool = True

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
