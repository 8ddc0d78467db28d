"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/dropout.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.dropout import dropout
from jaxpool._src.layers import dropout as _definitions
from jaxpool._src.linen.base import Layer


class Dropout(Layer, _definitions.Dropout):
  """Zeroes elements with probability ``p``, as ``torch.nn.Dropout``.

  Applies :func:`jaxpool.functional.dropout` in training mode; the identity
  in eval mode. PyTorch's random stream cannot be reproduced: compare
  training steps with ``p=0`` or in eval mode, and check masks by their
  statistics.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    p: the probability of zeroing an element, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.Dropout(0.2)
    >>> y = m.apply({}, jnp.ones(1000), deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> sorted(set(y.tolist()))
    [0.0, 1.25]
    >>> m.apply({}, jnp.ones(3), deterministic=True)
    Array([1., 1., 1.], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  p: float = 0.5
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rng))


class Dropout1d(Layer, _definitions.ChannelDropout):
  """Zeroes whole channels, as ``torch.nn.Dropout1d``.

  Applies :func:`jaxpool.functional.dropout1d` in training mode; the
  identity in eval mode.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.Dropout1d(0.5)
    >>> y = m.apply({}, jnp.ones((4, 10, 8)), deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> bool((y[:, 0] == y[:, 1]).all())  # whole channels
    True
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  p: float = 0.5
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"
  channels_last: bool = True

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rng))


class Dropout2d(Layer, _definitions.ChannelDropout):
  """Zeroes whole channels, as ``torch.nn.Dropout2d``.

  Applies :func:`jaxpool.functional.dropout2d` in training mode; the
  identity in eval mode.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.Dropout2d(0.5, deterministic=True)
    >>> m.apply({}, jnp.ones((2, 4, 4, 3))).shape
    (2, 4, 4, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  p: float = 0.5
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"
  channels_last: bool = True

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rng))


class Dropout3d(Layer, _definitions.ChannelDropout):
  """Zeroes whole channels, as ``torch.nn.Dropout3d``.

  Applies :func:`jaxpool.functional.dropout3d` in training mode; the
  identity in eval mode.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.Dropout3d(0.5, deterministic=True, channels_last=False)
    >>> m.apply({}, jnp.ones((2, 3, 2, 2, 2))).shape  # (N, C, D, H, W)
    (2, 3, 2, 2, 2)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  p: float = 0.5
  deterministic: Optional[bool] = None
  rng_collection: str = "dropout"
  channels_last: bool = True

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rng))
