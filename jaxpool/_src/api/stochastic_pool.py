"""Public stochastic_pool functions, written by tools/generate_layers.py from
jaxpool/_src/layers/stochastic_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.pool import research as _research


def stochastic_pool1d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None, *,
    training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 1-d stochastic pooling (Zeiler & Fergus, 2013).

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
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    training: sample (``True``) or take the probability-weighted average
      (``False``, default).
    key: a ``jax.random`` key, required when ``training``. The same key gives
      the same samples; the samples are drawn for the whole output array, so
      under ``jax.vmap`` pass one key per example (``jax.random.split``).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[[1.], [3.], [0.], [-2.]]])  # (N, L, C)
    >>> F.stochastic_pool1d(x, 2)[..., 0]  # (1 + 9) / 4 and 0
    Array([[2.5, 0. ]], dtype=float32)
    >>> y = F.stochastic_pool1d(x, 2, training=True, key=jax.random.key(0))
    >>> bool(y[0, 0, 0] in (1., 3.)), float(y[0, 1, 0])
    (True, 0.0)
  """
  return _research.stochastic_pool("stochastic_pool1d", 1, x, kernel_size,
                                   stride, training, key, channels_last)


def stochastic_pool2d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None, *,
    training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 2-d stochastic pooling (Zeiler & Fergus, 2013).

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
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    training: sample (``True``) or take the probability-weighted average
      (``False``, default).
    key: a ``jax.random`` key, required when ``training``. The same key gives
      the same samples; the samples are drawn for the whole output array, so
      under ``jax.vmap`` pass one key per example (``jax.random.split``).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[1., 2.], [3., 4.]]).reshape(1, 2, 2, 1)
    >>> F.stochastic_pool2d(x, 2).ravel()  # (1 + 4 + 9 + 16) / 10
    Array([3.], dtype=float32)
    >>> F.stochastic_pool2d(x, 2, training=True, key=jax.random.key(1)).shape
    (1, 1, 1, 1)
  """
  return _research.stochastic_pool("stochastic_pool2d", 2, x, kernel_size,
                                   stride, training, key, channels_last)


def stochastic_pool3d(
    x: ArrayLike, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None, *,
    training: bool = False, key: Optional[jax.Array] = None,
    channels_last: bool = True,
) -> jax.Array:
  """Applies 3-d stochastic pooling (Zeiler & Fergus, 2013).

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
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size`` (the paper's non-overlapping windows).
    training: sample (``True``) or take the probability-weighted average
      (``False``, default).
    key: a ``jax.random`` key, required when ``training``. The same key gives
      the same samples; the samples are drawn for the whole output array, so
      under ``jax.vmap`` pass one key per example (``jax.random.split``).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

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

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ``out = floor((L - kernel_size) /
    stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.ones((2, 4, 4, 4, 3))
    >>> F.stochastic_pool3d(x, 2, training=True, key=jax.random.key(0)).shape
    (2, 2, 2, 2, 3)
  """
  return _research.stochastic_pool("stochastic_pool3d", 3, x, kernel_size,
                                   stride, training, key, channels_last)
