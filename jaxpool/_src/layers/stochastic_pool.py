"""Stochastic pooling (Zeiler & Fergus, 2013), defined once:
``stochastic_pool{n}d`` and ``StochasticPool{n}d`` (see
:mod:`jaxpool._src.layers.base`)."""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import docs
from jaxpool._src.layers.base import Randomness, Switchable
from jaxpool._src.layers.templates import per_rank
from jaxpool._src.pool.research import stochastic_pool as stochastic_nd

_WINDOW_SHAPE = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``."""


@per_rank(
    "stochastic_pool{n}d", (1, 2, 3), core=stochastic_nd,
    fields=dict(layout=docs.RESEARCH_LAYOUT_ARG, shape=_WINDOW_SHAPE),
    examples={1: """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])  # (N, L, C)
    >>> F.stochastic_pool1d(x, 2)[..., 0]  # (1 + 9) / 4 and 0
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = F.stochastic_pool1d(x, 2, training=True, key=jax.random.key(0))
    >>> bool(y[0, 0, 0] in (1., 3.)), float(y[0, 1, 0])
    (True, 0.0)""", 2: """\
    >>> x = jnp.array([[1., 2.], [3., 4.]]).reshape(1, 2, 2, 1)
    >>> F.stochastic_pool2d(x, 2).ravel()  # (1 + 4 + 9 + 16) / 10
    Array([3.], dtype=float32)
    >>> F.stochastic_pool2d(x, 2, training=True, key=jax.random.key(1)).shape
    (1, 1, 1, 1)""", 3: """\
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.stochastic_pool3d(x, 2, training=True, key=jax.random.key(0)).shape
    (2, 2, 2, 2, 3)"""})
def stochastic_pool(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
    *, training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  """Applies {n}-d stochastic pooling (Zeiler & Fergus, 2013).

  M. D. Zeiler and R. Fergus, "Stochastic Pooling for Regularization of Deep
  Convolutional Neural Networks", ICLR 2013. For the activations ``a_i`` of a
  window, clamped at 0 (the paper pools non-negative, post-ReLU activations),
  the probabilities are ``p_i = a_i / sum_k a_k``. In training, the output is
  ``a_j`` for one tap ``j`` drawn per window from the categorical
  distribution ``p`` (the draws are independent across windows, channels and
  samples); at evaluation, it is the probabilistic weighting ::

      out = sum_i p_i a_i = sum_i a_i**2 / sum_i a_i.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      computed in float32 and cast back.
    kernel_size: window size: an int or {n} ints.
    stride: window stride: an int or {n} ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    training: sample (``True``) or take the probability-weighted average
      (``False``, default).
    key: a ``jax.random`` key, required when ``training``. The same key gives
      the same samples; the samples are drawn for the whole output array, so
      under ``jax.vmap`` pass one key per example (``jax.random.split``).
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive kernel_size/stride, a tuple of the wrong
      length, the wrong input rank, an output size below 1, or
      ``training=True`` without a key.
    TypeError: for non-int sizes, a non-floating input or a key that is not a
      ``jax.random`` key.

  Negative inputs count as 0 (the clamp ``max(x, 0)`` is applied before
  pooling, so the output is never negative); a window with no positive value
  outputs 0, in training and at evaluation, with a zero gradient. A window
  holding NaN outputs NaN. In training the gradient goes to the sampled
  element (as max pooling's goes to the max); at evaluation the output is
  smooth where the window sum is positive.

{shape}
"""
  ...  # a template: tools/generate_layers.py writes the functions


class StochasticPool(Switchable):
  """{n}-d stochastic pooling: partial application of :func:`jaxpool.functional.stochastic_pool{n}d`.

  No parameters. In training mode each window outputs one of its values,
  sampled; in eval mode, the probability-weighted average. The samples come
  from the stream ``rng_collection``, ``"dropout"`` by default, so training
  loops that already give Dropout its keys need no change. See the function
  for the definition (Zeiler & Fergus, 2013).

  Args:
    deterministic: ``False`` samples (``training=True``), ``True`` takes the
      probability-weighted average; ``None`` (default) leaves the choice to
      the call (see Mode).
    rng_collection: the stream of the samples (default ``"dropout"``).
  """
  public_name = "StochasticPool{n}d"
  function = stochastic_pool
  ranks = (1, 2, 3)
  notes = {"nn": ("``make_rng`` folds in the Module's path, so the samples "
                  "are independent of any Dropout layer's mask.")}
  examples = {1: {"nn": """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])
    >>> m = jnn.StochasticPool1d(2)
    >>> m.apply({}, x, deterministic=True)[..., 0]
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = m.apply({}, x, deterministic=False,
    ...             rngs={"dropout": jax.random.key(0)})
    >>> y.shape
    (1, 2, 1)""", "nnx": """\
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])
    >>> m = jnnx.StochasticPool1d(2, rngs=nnx.Rngs(0))
    >>> m.eval()
    >>> m(x)[..., 0]
    Array([[2.5, 0. ]], dtype=float32)
    >>> m.train()
    >>> m(x).shape
    (1, 2, 1)"""}, 2: {"nn": """\
    >>> x = jnp.ones((2, 4, 4, 3))
    >>> m = jnn.StochasticPool2d(2, deterministic=False)
    >>> m.apply({}, x, rngs={"dropout": jax.random.key(0)}).shape
    (2, 2, 2, 3)""", "nnx": """\
    >>> x = jnp.ones((2, 4, 4, 3))
    >>> m = jnnx.StochasticPool2d(2, deterministic=False)
    >>> m(x, rngs=jax.random.key(0)).shape
    (2, 2, 2, 3)"""}, 3: {"nn": """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnn.StochasticPool3d(2, deterministic=True).apply({}, x).shape
    (1, 2, 2, 2, 2)""", "nnx": """\
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.StochasticPool3d(2, deterministic=True)(x).shape
    (1, 2, 2, 2, 2)"""}}

  kernel_size: IntOrSeq
  stride: Optional[IntOrSeq] = None
  deterministic: Optional[bool] = None
  channels_last: bool = True
  rng_collection: str = "dropout"

  def forward(self, x: ArrayLike, random: Randomness) -> jax.Array:
    key = random.key() if random.training else None
    return stochastic_nd(stochastic_pool.public_name(self.ndim), self.ndim,
                         x, self.kernel_size, self.stride, random.training,
                         key, self.channels_last)
