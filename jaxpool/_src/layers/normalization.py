"""Batch normalisation as Modules, defined once: ``BatchNorm{n}d`` (see
:mod:`jaxpool._src.layers.base` and :mod:`jaxpool._src.normalization`)."""

from __future__ import annotations

from typing import Any, Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args
from jaxpool._src.layers.base import Mode, Switchable, Weight
from jaxpool._src.normalization import (batch_norm, channel_axis, moments,
                                        normalise, running_update,
                                        update_factor)

# The input ranks PyTorch accepts per BatchNorm{n}d: (N, C) or (N, C, L);
# (N, C, H, W); (N, C, D, H, W).
_RANKS = {1: (2, 3), 2: (4,), 3: (5,)}


class BatchNorm(Switchable):
  """{n}-d batch normalisation, as ``torch.nn.BatchNorm{n}d``.

  PyTorch's arithmetic, in training too: the batch's mean and biased
  variance normalise; the running statistics are updated with the unbiased
  variance, weighting the new value by ``momentum`` (a cumulative average
  when ``momentum`` is None), as :func:`jaxpool.functional.batch_norm`
  describes; Flax's ``BatchNorm`` does neither. PyTorch's names: the
  weights ``weight`` and ``bias`` (``params``, when ``affine``), the
  statistics ``running_mean``, ``running_var`` and ``num_batches_tracked``
  (``batch_stats``, when ``track_running_stats``), so a PyTorch
  ``state_dict`` maps one to one. Without running statistics, eval mode
  normalises with the batch's too, as PyTorch.

  Args:
    num_features: ``C``, the number of channels.
    momentum: the new value's weight in the running statistics (default
      0.1, PyTorch's; ``1 - momentum`` is Flax's ``momentum``), or None for
      a cumulative average over ``num_batches_tracked``.
    affine: learn a per-channel ``weight`` (ones) and ``bias`` (zeros).
    track_running_stats: keep running statistics for eval mode.
    use_running_average: eval mode (running statistics) if True, training
      mode (batch statistics) if False.
    param_dtype: the dtype of the weights and the running statistics
      (default float32; half-precision inputs are normalised in float32).

  Raises:
    ValueError: for a non-positive ``num_features``, a negative ``eps``; at
      the call, for an input of the wrong rank (as PyTorch) or channel
      count, or a single value per channel in training.
    TypeError: for non-int ``num_features``, non-real ``eps``/``momentum``
      or non-bool flags.

  Shape:
    ``BatchNorm1d``: ``(N, C)`` or ``(N, L, C)``; ``BatchNorm2d``: ``(N, H, W,
    C)``; ``BatchNorm3d``: ``(N, D, H, W, C)`` (channels-last; with
    ``channels_last=False`` PyTorch's ``(N, C, *)``). Output: the same.
  """
  public_name = "BatchNorm{n}d"
  function = batch_norm
  ranks = (1, 2, 3)
  mode_field = "use_running_average"
  examples = {1: {"nn": """\
    >>> m = jnn.BatchNorm1d(2)
    >>> x = jnp.array([[1., 10.], [3., 30.]])  # (N, C)
    >>> variables = m.init(jax.random.key(0), x, use_running_average=False)
    >>> y, updates = m.apply(variables, x, use_running_average=False,
    ...                      mutable=["batch_stats"])
    >>> updates["batch_stats"]["running_mean"]  # 0.9 * 0 + 0.1 * mean
    Array([0.2, 2. ], dtype=float32)
    >>> updates["batch_stats"]["running_var"]  # 0.9 * 1 + 0.1 * unbiased
    Array([ 1.1, 20.9], dtype=float32)""", "nnx": """\
    >>> m = jnnx.BatchNorm1d(2)
    >>> x = jnp.array([[1., 10.], [3., 30.]])  # (N, C)
    >>> m.train()  # batch statistics; the running ones updated
    >>> y = m(x)
    >>> m.running_mean[...], m.running_var[...]
    (Array([0.2, 2. ], dtype=float32), Array([ 1.1, 20.9], dtype=float32))
    >>> int(m.num_batches_tracked[...])
    1"""}, 2: {"nn": """\
    >>> m = jnn.BatchNorm2d(3)
    >>> x = jnp.ones((2, 4, 4, 3))  # (N, H, W, C)
    >>> variables = m.init(jax.random.key(0), x, use_running_average=True)
    >>> jax.tree.map(jnp.shape, variables["batch_stats"])
    {'num_batches_tracked': (), 'running_mean': (3,), 'running_var': (3,)}
    >>> m.apply(variables, x, use_running_average=True).shape
    (2, 4, 4, 3)""", "nnx": """\
    >>> m = jnnx.BatchNorm2d(3)
    >>> m.eval()  # the running statistics
    >>> m(jnp.ones((2, 4, 4, 3))).shape
    (2, 4, 4, 3)"""}, 3: {"nn": """\
    >>> m = jnn.BatchNorm3d(2, affine=False, channels_last=False)
    >>> x = jnp.ones((2, 2, 3, 3, 3))  # (N, C, D, H, W)
    >>> variables = m.init(jax.random.key(0), x, use_running_average=True)
    >>> "params" in variables
    False""", "nnx": """\
    >>> m = jnnx.BatchNorm3d(2, affine=False, channels_last=False)
    >>> m.eval()
    >>> m(jnp.ones((2, 2, 3, 3, 3))).shape  # (N, C, D, H, W)
    (2, 2, 3, 3, 3)"""}}

  num_features: int
  eps: float = 1e-5
  momentum: Optional[float] = 0.1
  affine: bool = True
  track_running_stats: bool = True
  use_running_average: Optional[bool] = None
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  def validate(self) -> None:
    owner = self.owner()
    args.check_int(owner, "num_features", self.num_features, minimum=1)
    if args.check_real(owner, "eps", self.eps, finite=True) < 0:
      raise ValueError(f"{owner}: eps={self.eps!r} must be non-negative.")
    if self.momentum is not None:
      args.check_real(owner, "momentum", self.momentum, finite=True)
    args.check_bool(owner, "affine", self.affine)
    args.check_bool(owner, "track_running_stats", self.track_running_stats)

  def weights(self) -> dict[str, Optional[Weight]]:
    c, dtype = (self.num_features,), self.param_dtype
    if not self.affine:
      return {"weight": None, "bias": None}
    return {"weight": Weight.full(c, 1.0, dtype),
            "bias": Weight.full(c, 0.0, dtype)}

  def stats(self) -> dict[str, Optional[Weight]]:
    c, dtype = (self.num_features,), self.param_dtype
    if not self.track_running_stats:
      return {"running_mean": None, "running_var": None,
              "num_batches_tracked": None}
    return {"running_mean": Weight.full(c, 0.0, dtype),
            "running_var": Weight.full(c, 1.0, dtype),
            "num_batches_tracked": Weight.full((), 0, args.index_dtype())}

  def forward(self, x: ArrayLike, mode: Mode) -> jax.Array:
    owner = self.owner()
    x = args.check_float_array(owner, x)
    if x.ndim not in _RANKS[self.ndim]:
      ranks = " or ".join(f"{r}D" for r in _RANKS[self.ndim])
      raise ValueError(f"{owner}: expected {ranks} input (got {x.ndim}D "
                       f"input of shape {tuple(x.shape)}), as PyTorch.")
    axis = channel_axis(owner, x, self.channels_last)
    if x.shape[axis] != self.num_features:
      raise ValueError(
          f"{owner}: num_features={self.num_features} but the input has "
          f"{x.shape[axis]} channels (input shape {tuple(x.shape)}); "
          "expected them to be equal.")
    w = self.weight_values(x)
    if not mode.training and self.track_running_stats:
      s = self.present_stats(x)
      return normalise(x, s["running_mean"], s["running_var"], w["weight"],
                       w["bias"], self.eps, axis)
    batch = moments(owner, x, axis)
    if mode.training and self.track_running_stats:
      s = self.present_stats(x)
      count = s["num_batches_tracked"] + 1
      factor = update_factor(self.momentum, count)
      self.update_stats({
          "running_mean": running_update(s["running_mean"], batch.mean,
                                         factor),
          "running_var": running_update(s["running_var"],
                                        batch.unbiased_var, factor),
          "num_batches_tracked": count})
    return normalise(x, batch.mean, batch.var, w["weight"], w["bias"],
                     self.eps, axis)
