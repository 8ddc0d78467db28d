"""Public dropout functions, written by tools/generate_layers.py from
jaxpool/_src/layers/dropout.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike
from jaxpool._src import dropout as _dropout


def dropout1d(
    x: ArrayLike, p: float = 0.5, training: bool = True, *,
    key: Optional[jax.Array] = None, channels_last: bool = True,
) -> jax.Array:
  """Zeroes whole channels, as ``torch.nn.functional.dropout1d``.

  In training each channel of each sample (of an ``1``-d feature map) is
  zeroed with probability ``p``, the others scaled by ``1 / (1 - p)``
  (Tompson et al., 2015: neighbouring activations are correlated, so
  element-wise dropout would barely regularise); otherwise the input is
  returned. As PyTorch's, ``training`` defaults to True.

  Args:
    x: a floating array (see Shape).
    p: the probability of zeroing a channel, in ``[0, 1]``.
    training: apply dropout (default True, as PyTorch's function).
    key: a ``jax.random`` key, required in training when ``0 < p < 1``.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for ``p`` outside ``[0, 1]`` (PyTorch's message), the wrong
      input rank, or a missing key.
    TypeError: for a non-floating input or a non-numeric ``p``.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((4, 10, 8))  # (N, L, C)
    >>> y = F.dropout1d(x, 0.5, key=jax.random.key(0))
    >>> bool(((y == 0) | (y == 2)).all())  # whole channels zeroed or kept
    True
    >>> bool((y[:, 0] == y[:, 1]).all())
    True
  """
  return _dropout.channel_dropout("dropout1d", 1, x, p, training, key,
                                  channels_last)


def dropout2d(
    x: ArrayLike, p: float = 0.5, training: bool = True, *,
    key: Optional[jax.Array] = None, channels_last: bool = True,
) -> jax.Array:
  """Zeroes whole channels, as ``torch.nn.functional.dropout2d``.

  In training each channel of each sample (of an ``2``-d feature map) is
  zeroed with probability ``p``, the others scaled by ``1 / (1 - p)``
  (Tompson et al., 2015: neighbouring activations are correlated, so
  element-wise dropout would barely regularise); otherwise the input is
  returned. As PyTorch's, ``training`` defaults to True.

  As PyTorch 2.x's, a 3-d input is taken as a batched 1-d map ``(N, C, L)``
  (channels-last ``(N, L, C)``), not an unbatched 2-d one, with a
  warning.

  Args:
    x: a floating array (see Shape).
    p: the probability of zeroing a channel, in ``[0, 1]``.
    training: apply dropout (default True, as PyTorch's function).
    key: a ``jax.random`` key, required in training when ``0 < p < 1``.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for ``p`` outside ``[0, 1]`` (PyTorch's message), the wrong
      input rank, or a missing key.
    TypeError: for a non-floating input or a non-numeric ``p``.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 5, 5, 16))  # (N, H, W, C)
    >>> y = F.dropout2d(x, 0.25, key=jax.random.key(0))
    >>> bool((y.min(axis=(1, 2)) == y.max(axis=(1, 2))).all())  # per channel
    True
  """
  return _dropout.channel_dropout("dropout2d", 2, x, p, training, key,
                                  channels_last)


def dropout3d(
    x: ArrayLike, p: float = 0.5, training: bool = True, *,
    key: Optional[jax.Array] = None, channels_last: bool = True,
) -> jax.Array:
  """Zeroes whole channels, as ``torch.nn.functional.dropout3d``.

  In training each channel of each sample (of an ``3``-d feature map) is
  zeroed with probability ``p``, the others scaled by ``1 / (1 - p)``
  (Tompson et al., 2015: neighbouring activations are correlated, so
  element-wise dropout would barely regularise); otherwise the input is
  returned. As PyTorch's, ``training`` defaults to True.

  Args:
    x: a floating array (see Shape).
    p: the probability of zeroing a channel, in ``[0, 1]``.
    training: apply dropout (default True, as PyTorch's function).
    key: a ``jax.random`` key, required in training when ``0 < p < 1``.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for ``p`` outside ``[0, 1]`` (PyTorch's message), the wrong
      input rank, or a missing key.
    TypeError: for a non-floating input or a non-numeric ``p``.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 3, 3, 3, 4))  # (N, D, H, W, C)
    >>> F.dropout3d(x, 0.5, training=False).shape
    (2, 3, 3, 3, 4)
  """
  return _dropout.channel_dropout("dropout3d", 3, x, p, training, key,
                                  channels_last)
