"""Dropout with PyTorch's semantics: ``F.dropout`` (element-wise) and the N-d
core of ``F.dropout1d/2d/3d`` (whole channels).

In training, each element (or each channel of each sample) is zeroed with
probability ``p`` and the survivors are scaled by ``1 / (1 - p)``; ``p = 1``
zeroes everything, ``p = 0`` and eval mode return the input. PyTorch's random
stream cannot be reproduced: the masks come from the ``jax.random`` key given.
"""

from __future__ import annotations

import warnings
from typing import Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args


def check_p(fn: str, p) -> float:
  """PyTorch's check and message for the dropout probability."""
  if isinstance(p, bool) or not isinstance(p, (int, float)) and not (
      hasattr(p, "dtype") and jnp.ndim(p) == 0):
    raise TypeError(f"{fn}: p={p!r} must be a real number in [0, 1].")
  p = float(p)
  if not 0.0 <= p <= 1.0:
    raise ValueError(
        f"{fn}: dropout probability has to be between 0 and 1, but got {p}.")
  return p


def _apply(fn: str, x: jax.Array, p: float, training: bool,
           key: Optional[jax.Array], mask_shape: tuple[int, ...]) -> jax.Array:
  if not training or p == 0.0:
    return x
  if p == 1.0:
    return jnp.zeros_like(x)
  if key is None:
    raise ValueError(f"{fn}: training=True with 0 < p < 1 needs a key "
                     "(a jax.random key).")
  keep = jax.random.bernoulli(key, 1.0 - p, mask_shape)
  # PyTorch scales the mask (noise / (1 - p)), then multiplies: one rounding.
  scale = jnp.asarray(1.0 / (1.0 - p), x.dtype)
  return x * jnp.where(keep, scale, jnp.zeros((), x.dtype))


def dropout(x: ArrayLike, p: float = 0.5, training: bool = True, *,
            key: Optional[jax.Array] = None) -> jax.Array:
  """Zeroes elements with probability ``p``, as ``torch.nn.functional.dropout``.

  In training each element is kept with probability ``1 - p`` and scaled by
  ``1 / (1 - p)``, so the expectation is unchanged; otherwise the input is
  returned. As PyTorch's, ``training`` defaults to True. ``inplace`` is not
  accepted: JAX arrays are immutable.

  Args:
    x: a floating array of any shape.
    p: the probability of zeroing an element, in ``[0, 1]``.
    training: apply dropout (default True, as PyTorch's function).
    key: a ``jax.random`` key, required in training when ``0 < p < 1``.

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for ``p`` outside ``[0, 1]`` (PyTorch's message), or a
      missing key.
    TypeError: for a non-floating input or a non-numeric ``p``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> y = F.dropout(jnp.ones(1000), 0.2, key=jax.random.key(0))
    >>> sorted(set(y.tolist()))  # zeros and the survivors, scaled by 1/0.8
    [0.0, 1.25]
    >>> F.dropout(jnp.ones(3), 0.2, training=False)
    Array([1., 1., 1.], dtype=float32)
  """
  fn = "dropout"
  x = _args.check_float_array(fn, x)
  p = check_p(fn, p)
  training = _args.check_bool(fn, "training", training)
  return _apply(fn, x, p, training, key, x.shape)


def channel_dropout(fn: str, n: int, x: ArrayLike, p: float, training: bool,
                    key: Optional[jax.Array], channels_last: bool
                    ) -> jax.Array:
  """Zeroes whole channels of ``n``-d feature maps (``dropout{n}d``)."""
  x = _args.check_float_array(fn, x)
  p = check_p(fn, p)
  training = _args.check_bool(fn, "training", training)
  if n == 2 and x.ndim == 3:
    # PyTorch 2.x takes a 3-d input to dropout2d as a batched 1-d map, not
    # an unbatched 2-d one (and says it will change).
    warnings.warn(
        f"{fn}: received a 3-D input, taken as (N, C, L) (channel-wise 1-d "
        "dropout), as PyTorch does; use dropout1d for 1-d maps.",
        UserWarning, stacklevel=3)
    return channel_dropout(fn, 1, x, p, training, key, channels_last)
  if x.ndim not in (n + 1, n + 2):
    raise ValueError(
        f"{fn}: input has shape {tuple(x.shape)}; expected rank {n + 2} "
        f"(batched) or {n + 1} (unbatched): (N, C, *spatial) or, "
        "channels-last, (N, *spatial, C).")
  batched = x.ndim == n + 2
  channel = x.ndim - 1 if channels_last else (1 if batched else 0)
  mask = [1] * x.ndim
  mask[channel] = x.shape[channel]
  if batched:
    mask[0] = x.shape[0]
  return _apply(fn, x, p, training, key, tuple(mask))
