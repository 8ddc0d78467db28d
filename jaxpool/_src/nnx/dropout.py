"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/dropout.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

from flax import nnx
import jax
from jax.typing import ArrayLike

from jaxpool._src.dropout import dropout
from jaxpool._src.layers import dropout as _definitions
from jaxpool._src.nnx import random
from jaxpool._src.nnx.base import Layer, Switchable


class Dropout(Switchable, _definitions.Dropout):
  """Zeroes elements with probability ``p``, as ``torch.nn.Dropout``.

  Applies :func:`jaxpool.functional.dropout` in training mode; the identity
  in eval mode. PyTorch's random stream cannot be reproduced: compare
  training steps with ``p=0`` or in eval mode, and check masks by their
  statistics.

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    p: the probability of zeroing an element, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.Dropout(0.2, rngs=nnx.Rngs(0))
    >>> m.train()
    >>> sorted(set(m(jnp.ones(1000)).tolist()))
    [0.0, 1.25]
    >>> m.eval()
    >>> m(jnp.ones(3))
    Array([1., 1., 1.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(
      self, p: float = 0.5, deterministic: Optional[bool] = None,
      rng_collection: str = "dropout", *, rngs: random.RngsLike = None,
  ) -> None:
    self.p = p
    self.deterministic = deterministic
    self.rng_collection = rng_collection
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rngs))


class Dropout1d(Switchable, _definitions.ChannelDropout):
  """Zeroes whole channels, as ``torch.nn.Dropout1d``.

  Applies :func:`jaxpool.functional.dropout1d` in training mode; the
  identity in eval mode.

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.Dropout1d(0.5, rngs=nnx.Rngs(0))
    >>> m.train()
    >>> y = m(jnp.ones((4, 10, 8)))
    >>> bool((y[:, 0] == y[:, 1]).all())  # whole channels
    True
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, p: float = 0.5, deterministic: Optional[bool] = None,
      rng_collection: str = "dropout", channels_last: bool = True, *,
      rngs: random.RngsLike = None,
  ) -> None:
    self.p = p
    self.deterministic = deterministic
    self.rng_collection = rng_collection
    self.channels_last = channels_last
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rngs))


class Dropout2d(Switchable, _definitions.ChannelDropout):
  """Zeroes whole channels, as ``torch.nn.Dropout2d``.

  Applies :func:`jaxpool.functional.dropout2d` in training mode; the
  identity in eval mode.

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.Dropout2d(0.5, deterministic=True)
    >>> m(jnp.ones((2, 4, 4, 3))).shape
    (2, 4, 4, 3)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, p: float = 0.5, deterministic: Optional[bool] = None,
      rng_collection: str = "dropout", channels_last: bool = True, *,
      rngs: random.RngsLike = None,
  ) -> None:
    self.p = p
    self.deterministic = deterministic
    self.rng_collection = rng_collection
    self.channels_last = channels_last
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rngs))


class Dropout3d(Switchable, _definitions.ChannelDropout):
  """Zeroes whole channels, as ``torch.nn.Dropout3d``.

  Applies :func:`jaxpool.functional.dropout3d` in training mode; the
  identity in eval mode.

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    p: the probability of zeroing a channel, in ``[0, 1]`` (default 0.5).
    deterministic: eval mode if True, training mode if False.
    rng_collection: the stream of the masks (default ``"dropout"``).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.Dropout3d(0.5, channels_last=False, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(jnp.ones((2, 3, 2, 2, 2))).shape  # (N, C, D, H, W)
    (2, 3, 2, 2, 2)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, p: float = 0.5, deterministic: Optional[bool] = None,
      rng_collection: str = "dropout", channels_last: bool = True, *,
      rngs: random.RngsLike = None,
  ) -> None:
    self.p = p
    self.deterministic = deterministic
    self.rng_collection = rng_collection
    self.channels_last = channels_last
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(deterministic, rngs))
