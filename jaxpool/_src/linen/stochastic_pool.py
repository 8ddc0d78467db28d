"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/stochastic_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import flax.linen as nn
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import stochastic_pool as _definitions
from jaxpool._src.linen.base import Layer


class StochasticPool1d(Layer, _definitions.StochasticPool):
  """1-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool1d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  ``make_rng`` folds in the Module's path, so the samples are independent of
  any Dropout layer's mask.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.
    rng_collection: the stream of the samples (default ``"dropout"``).

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])
    >>> m = jnn.StochasticPool1d(2)
    >>> m.apply({}, x, deterministic=True)[..., 0]
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = m.apply({}, x, deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> y.shape
    (1, 2, 1)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  deterministic: Optional[bool] = None
  channels_last: bool = True
  rng_collection: str = "dropout"

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rng))


class StochasticPool2d(Layer, _definitions.StochasticPool):
  """2-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool2d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  ``make_rng`` folds in the Module's path, so the samples are independent of
  any Dropout layer's mask.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.
    rng_collection: the stream of the samples (default ``"dropout"``).

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((2, 4, 4, 3))
    >>> m = jnn.StochasticPool2d(2, deterministic=False)
    >>> m.apply({}, x, rngs={"dropout": jax.random.key(0)}).shape
    (2, 2, 2, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  deterministic: Optional[bool] = None
  channels_last: bool = True
  rng_collection: str = "dropout"

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rng))


class StochasticPool3d(Layer, _definitions.StochasticPool):
  """3-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool3d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  ``make_rng`` folds in the Module's path, so the samples are independent of
  any Dropout layer's mask.

  Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a call
  argument (exactly one of them set): ``False`` is PyTorch's training mode,
  ``True`` its eval mode.

  Randomness: each call draws from ``self.make_rng(rng_collection)`` (pass
  ``rngs={'dropout': key}`` to ``apply``), or uses the key given to the call
  as ``rng``.

  Attributes:
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.
    rng_collection: the stream of the samples (default ``"dropout"``).

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.StochasticPool3d(2, deterministic=True).apply({}, x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  deterministic: Optional[bool] = None
  channels_last: bool = True
  rng_collection: str = "dropout"

  @nn.compact
  def __call__(
      self, x: ArrayLike, deterministic: Optional[bool] = None,
      rng: Optional[jax.Array] = None,
  ) -> jax.Array:
    return self.forward(x, self.randomness(deterministic, rng))
