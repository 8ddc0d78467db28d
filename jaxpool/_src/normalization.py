"""Batch normalisation with PyTorch's arithmetic: ``F.batch_norm`` and the
running-statistics update that the ``BatchNorm{n}d`` Modules apply.

PyTorch's CPU kernel normalises as ``x * alpha + beta`` with ``alpha =
weight / sqrt(var + eps)`` and ``beta = bias - mean * alpha``, using the
biased batch variance in training; it then updates the running variance
with the unbiased one (``n / (n - 1)``), ``running = (1 - momentum) *
running + momentum * batch``, or a cumulative average when ``momentum`` is
None. Flax's ``BatchNorm`` differs on both counts (its ``momentum`` is the
weight of the old value, and it keeps the biased variance), so a training
step ported from PyTorch needs these.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args
from jaxpool._src.core import rules


@dataclasses.dataclass(frozen=True)
class Moments:
  """A batch's per-channel statistics, in the accumulation dtype."""
  mean: jax.Array
  var: jax.Array            # biased: what training normalises with
  unbiased_var: jax.Array   # what the running variance is updated with
  count: int                # values per channel


def channel_axis(fn: str, x: jax.Array, channels_last: bool) -> int:
  """The channel axis of a ``(N, C, *)`` / ``(N, *, C)`` input."""
  if x.ndim < 2:
    raise ValueError(
        f"{fn}: input has shape {tuple(x.shape)} (rank {x.ndim}); expected "
        "at least 2 dimensions, (N, C, *) or, channels-last, (N, *, C).")
  return x.ndim - 1 if channels_last else 1


def moments(fn: str, x: jax.Array, axis: int) -> Moments:
  """The batch's mean and variances per channel (PyTorch's error for a
  channel holding a single value)."""
  count = x.size // x.shape[axis]
  if count <= 1:
    raise ValueError(
        f"{fn}: expected more than 1 value per channel when training, got "
        f"input shape {tuple(x.shape)} (as PyTorch).")
  reduce = tuple(a for a in range(x.ndim) if a != axis)
  acc = x.astype(rules.accumulation_dtype(x.dtype))
  mean = jnp.mean(acc, axis=reduce)
  centred = acc - jnp.expand_dims(mean, reduce)
  squares = jnp.sum(centred * centred, axis=reduce)
  return Moments(mean, squares / count, squares / (count - 1), count)


def normalise(x: jax.Array, mean: jax.Array, var: jax.Array,
              weight: Optional[jax.Array], bias: Optional[jax.Array],
              eps: float, axis: int) -> jax.Array:
  """``x * alpha + beta`` per channel, as PyTorch's CPU kernel, computed in
  the accumulation dtype and rounded once to the input's."""
  dtype = rules.accumulation_dtype(x.dtype)
  alpha = jax.lax.rsqrt(var.astype(dtype) + jnp.asarray(eps, dtype))
  if weight is not None:
    alpha = alpha * weight.astype(dtype)
  beta = -mean.astype(dtype) * alpha
  if bias is not None:
    beta = beta + bias.astype(dtype)
  shape = [1] * x.ndim
  shape[axis] = x.shape[axis]
  y = x.astype(dtype) * alpha.reshape(shape) + beta.reshape(shape)
  return y.astype(x.dtype)


def running_update(running: jax.Array, batch: jax.Array,
                   factor: jax.Array) -> jax.Array:
  """``(1 - factor) * running + factor * batch``, in the running dtype."""
  factor = factor.astype(running.dtype)
  return (1 - factor) * running + factor * batch.astype(running.dtype)


def update_factor(momentum: Optional[float],
                  num_batches_tracked: jax.Array) -> jax.Array:
  """The new value's weight: ``momentum``, or ``1 / num_batches_tracked``
  (already counting this batch) when ``momentum`` is None."""
  if momentum is None:
    return 1.0 / num_batches_tracked.astype(jnp.float32)
  return jnp.asarray(momentum, jnp.float32)


def _channel_vector(fn: str, name: str, value: Optional[ArrayLike],
                    channels: int) -> Optional[jax.Array]:
  if value is None:
    return None
  value = _args.check_array(fn, value, name)
  if value.shape != (channels,):
    raise ValueError(
        f"{fn}: {name} has shape {tuple(value.shape)}; expected "
        f"({channels},), one value per channel of the input.")
  return value


def batch_norm(input: ArrayLike, running_mean: Optional[ArrayLike],
               running_var: Optional[ArrayLike],
               weight: Optional[ArrayLike] = None,
               bias: Optional[ArrayLike] = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5, *,
               channels_last: bool = True) -> jax.Array:
  """Batch normalisation, as ``torch.nn.functional.batch_norm``.

  ``y = (x - mean) / sqrt(var + eps) * weight + bias`` per channel, computed
  as PyTorch's CPU kernel does (``x * alpha + beta``; half precision in
  float32, rounded once; PyTorch sums float32 in float64, so results agree
  to float32 rounding, not bit for bit). In training the mean and the
  biased variance are
  the batch's (over every axis but the channels); otherwise the running
  statistics are used. JAX arrays are immutable, so unlike PyTorch this
  function does not update ``running_mean``/``running_var`` in training:
  the ``BatchNorm{n}d`` Modules of :mod:`jaxpool.nn` and :mod:`jaxpool.nnx`
  do, with PyTorch's rule (unbiased variance, ``momentum`` the new value's
  weight).

  Args:
    input: a floating array ``(N, *, C)`` (channels-last, default) or
      ``(N, C, *)``.
    running_mean: the per-channel means ``(C,)``; required unless
      ``training`` (as PyTorch).
    running_var: the per-channel variances ``(C,)``; likewise.
    weight: the per-channel scale ``(C,)``, or None (1).
    bias: the per-channel shift ``(C,)``, or None (0).
    training: normalise with the batch's statistics.
    momentum: accepted for PyTorch's signature; the update is the Modules'.
    eps: added to the variance (default 1e-5).
    channels_last: channels on the last axis (default) or on axis 1.

  Returns:
    An array of the input's shape and dtype.

  Raises:
    ValueError: for an input of rank < 2, a statistic or affine parameter of
      the wrong shape, missing running statistics in eval mode, or, in
      training, a channel holding a single value (as PyTorch).
    TypeError: for a non-floating input.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[1., 10.], [3., 30.]])  # (N, C)
    >>> F.batch_norm(x, None, None, training=True).round(4)  # the batch's
    Array([[-1., -1.],
           [ 1.,  1.]], dtype=float32)
    >>> F.batch_norm(x, jnp.zeros(2), jnp.ones(2)).round(4)  # running stats
    Array([[ 1.    , 10.    ],
           [ 3.    , 29.9998]], dtype=float32)
  """
  fn = "batch_norm"
  x = _args.check_float_array(fn, input)
  del momentum  # the running update is the Modules' (see the docstring)
  training = _args.check_bool(fn, "training", training)
  eps = _args.check_real(fn, "eps", eps, finite=True)
  axis = channel_axis(fn, x, channels_last)
  channels = x.shape[axis]
  weight = _channel_vector(fn, "weight", weight, channels)
  bias = _channel_vector(fn, "bias", bias, channels)
  if training:
    m = moments(fn, x, axis)
    return normalise(x, m.mean, m.var, weight, bias, eps, axis)
  mean = _channel_vector(fn, "running_mean", running_mean, channels)
  var = _channel_vector(fn, "running_var", running_var, channels)
  if mean is None or var is None:
    raise ValueError(f"{fn}: running_mean and running_var must be given in "
                     "evaluation mode (training=False), as PyTorch.")
  return normalise(x, mean, var, weight, bias, eps, axis)
