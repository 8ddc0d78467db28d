"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/stochastic_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

from flax import nnx
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import stochastic_pool as _definitions
from jaxpool._src.nnx import random
from jaxpool._src.nnx.base import Layer, Switchable


class StochasticPool1d(Switchable, _definitions.StochasticPool):
  """1-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool1d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.
    rng_collection: the stream of the samples (default ``"dropout"``).
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])
    >>> m = jnnx.StochasticPool1d(2, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(x)[..., 0]
    Array([[2.5, 0. ]], dtype=float32)
    >>> m.train()
    >>> m(x).shape
    (1, 2, 1)
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      deterministic: Optional[bool] = None, channels_last: bool = True,
      rng_collection: str = "dropout", *, rngs: random.RngsLike = None,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.deterministic = deterministic
    self.channels_last = channels_last
    self.rng_collection = rng_collection
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rngs))


class StochasticPool2d(Switchable, _definitions.StochasticPool):
  """2-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool2d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.
    rng_collection: the stream of the samples (default ``"dropout"``).
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((2, 4, 4, 3))
    >>> m = jnnx.StochasticPool2d(2, deterministic=False)
    >>> m(x, rngs=jax.random.key(0)).shape
    (2, 2, 2, 3)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      deterministic: Optional[bool] = None, channels_last: bool = True,
      rng_collection: str = "dropout", *, rngs: random.RngsLike = None,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.deterministic = deterministic
    self.channels_last = channels_last
    self.rng_collection = rng_collection
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rngs))


class StochasticPool3d(Switchable, _definitions.StochasticPool):
  """3-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool3d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets
  ``deterministic=False`` (PyTorch's training mode) and ``model.eval()`` sets
  it to ``True``; it may also be set in the constructor or passed to the call.
  The default ``None`` makes the mode an explicit choice.

  Randomness: each call draws from the stream ``rng_collection`` of the
  ``rngs`` given to the constructor, or from ``rngs`` given to the call (an
  ``nnx.Rngs``, ``nnx.RngStream`` or key).

  Args:
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.
    rng_collection: the stream of the samples (default ``"dropout"``).
    rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else ``default``, is
      forked and kept) or ``nnx.RngStream``; or None, and a key (or Rngs, or
      stream) passed to each call as ``rngs=``.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.StochasticPool3d(2, deterministic=True)(x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      deterministic: Optional[bool] = None, channels_last: bool = True,
      rng_collection: str = "dropout", *, rngs: random.RngsLike = None,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.deterministic = deterministic
    self.channels_last = channels_last
    self.rng_collection = rng_collection
    self.start(rngs)

  def __call__(
      self, x: ArrayLike, *, deterministic: Optional[bool] = None,
      rngs: random.CallRngs = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rngs))
