"""Public global_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/global_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

import jax
from jax.typing import ArrayLike
from jaxpool._src.pool import adaptive as _adaptive


def global_avg_pool1d(
    x: ArrayLike, *, keepdims: bool = False, channels_last: bool = True,
) -> jax.Array:
  """Global avg pooling over the 1 spatial dimension(s): ``adaptive_avg_pool1d(x, 1)``.

  The mean over all spatial positions of each (sample, channel) plane.

  Args:
    x: the input (see Shape); a floating dtype (half precision is summed in
      float32).
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_avg_pool1d(x)
    Array([[ 2., 15.]], dtype=float32)
  """
  return _adaptive.global_pool("global_avg_pool1d", 1, x, keepdims,
                               channels_last, "avg")


def global_avg_pool2d(
    x: ArrayLike, *, keepdims: bool = False, channels_last: bool = True,
) -> jax.Array:
  """Global avg pooling over the 2 spatial dimension(s): ``adaptive_avg_pool2d(x, 1)``.

  The mean over all spatial positions of each (sample, channel) plane.

  Args:
    x: the input (see Shape); a floating dtype (half precision is summed in
      float32).
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((8, 7, 7, 16))  # (N, H, W, C)
    >>> F.global_avg_pool2d(x).shape
    (8, 16)
    >>> F.global_avg_pool2d(x, keepdims=True).shape
    (8, 1, 1, 16)
  """
  return _adaptive.global_pool("global_avg_pool2d", 2, x, keepdims,
                               channels_last, "avg")


def global_avg_pool3d(
    x: ArrayLike, *, keepdims: bool = False, channels_last: bool = True,
) -> jax.Array:
  """Global avg pooling over the 3 spatial dimension(s): ``adaptive_avg_pool3d(x, 1)``.

  The mean over all spatial positions of each (sample, channel) plane.

  Args:
    x: the input (see Shape); a floating dtype (half precision is summed in
      float32).
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 4, 3, 5, 3))  # (N, C, D, H, W)
    >>> F.global_avg_pool3d(x, channels_last=False).shape
    (2, 4)
  """
  return _adaptive.global_pool("global_avg_pool3d", 3, x, keepdims,
                               channels_last, "avg")


def global_max_pool1d(
    x: ArrayLike, *, keepdims: bool = False, channels_last: bool = True,
) -> jax.Array:
  """Global max pooling over the 1 spatial dimension(s): ``adaptive_max_pool1d(x, 1)``.

  The max over all spatial positions of each (sample, channel) plane, with PyTorch's rules: NaN propagates, and the gradient goes to the first max.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_max_pool1d(x)
    Array([[ 3., 20.]], dtype=float32)
  """
  return _adaptive.global_pool("global_max_pool1d", 1, x, keepdims,
                               channels_last, "max")


def global_max_pool2d(
    x: ArrayLike, *, keepdims: bool = False, channels_last: bool = True,
) -> jax.Array:
  """Global max pooling over the 2 spatial dimension(s): ``adaptive_max_pool2d(x, 1)``.

  The max over all spatial positions of each (sample, channel) plane, with PyTorch's rules: NaN propagates, and the gradient goes to the first max.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.arange(32.).reshape(2, 4, 4, 1)
    >>> F.global_max_pool2d(x)
    Array([[15.],
           [31.]], dtype=float32)
  """
  return _adaptive.global_pool("global_max_pool2d", 2, x, keepdims,
                               channels_last, "max")


def global_max_pool3d(
    x: ArrayLike, *, keepdims: bool = False, channels_last: bool = True,
) -> jax.Array:
  """Global max pooling over the 3 spatial dimension(s): ``adaptive_max_pool3d(x, 1)``.

  The max over all spatial positions of each (sample, channel) plane, with PyTorch's rules: NaN propagates, and the gradient goes to the first max.

  Args:
    x: the input (see Shape); a floating or integer dtype.
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 4, 3, 5, 3))
    >>> F.global_max_pool3d(x, keepdims=True).shape
    (2, 1, 1, 1, 3)
  """
  return _adaptive.global_pool("global_max_pool3d", 3, x, keepdims,
                               channels_last, "max")
