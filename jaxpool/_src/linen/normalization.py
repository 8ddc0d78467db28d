"""flax.linen Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/normalization.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import normalization as _definitions
from jaxpool._src.linen.base import Layer


class BatchNorm1d(Layer, _definitions.BatchNorm):
  """1-d batch normalisation, as ``torch.nn.BatchNorm1d``.

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

  Mode: as ``flax.linen.BatchNorm``, ``use_running_average`` is a field or a
  call argument (exactly one of them set): ``False`` is PyTorch's training
  mode (batch statistics; the running ones are updated: pass
  ``mutable=['batch_stats']`` to ``apply``), ``True`` its eval mode.

  Attributes:
    num_features: ``C``, the number of channels.
    eps: added to the variance (default 1e-5).
    momentum: the new value's weight in the running statistics (default
      0.1, PyTorch's; ``1 - momentum`` is Flax's ``momentum``), or None for
      a cumulative average over ``num_batches_tracked``.
    affine: learn a per-channel ``weight`` (ones) and ``bias`` (zeros).
    track_running_stats: keep running statistics for eval mode.
    use_running_average: eval mode (running statistics) if True, training
      mode (batch statistics) if False.
    channels_last: channels on the last axis (default) or on axis 1.
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

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.BatchNorm1d(2)
    >>> x = jnp.array([[1., 10.], [3., 30.]])  # (N, C)
    >>> variables = m.init(jax.random.key(0), x, use_running_average=False)
    >>> y, updates = m.apply(variables, x, use_running_average=False,
    ...                      mutable=["batch_stats"])
    >>> updates["batch_stats"]["running_mean"]  # 0.9 * 0 + 0.1 * mean
    Array([0.2, 2. ], dtype=float32)
    >>> updates["batch_stats"]["running_var"]  # 0.9 * 1 + 0.1 * unbiased
    Array([ 1.1, 20.9], dtype=float32)
  """
  __module__ = "jaxpool.nn"
  ndim = 1
  num_features: int
  eps: float = 1e-5
  momentum: Optional[float] = 0.1
  affine: bool = True
  track_running_stats: bool = True
  use_running_average: Optional[bool] = None
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(
      self, x: ArrayLike, use_running_average: Optional[bool] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(use_running_average, None))


class BatchNorm2d(Layer, _definitions.BatchNorm):
  """2-d batch normalisation, as ``torch.nn.BatchNorm2d``.

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

  Mode: as ``flax.linen.BatchNorm``, ``use_running_average`` is a field or a
  call argument (exactly one of them set): ``False`` is PyTorch's training
  mode (batch statistics; the running ones are updated: pass
  ``mutable=['batch_stats']`` to ``apply``), ``True`` its eval mode.

  Attributes:
    num_features: ``C``, the number of channels.
    eps: added to the variance (default 1e-5).
    momentum: the new value's weight in the running statistics (default
      0.1, PyTorch's; ``1 - momentum`` is Flax's ``momentum``), or None for
      a cumulative average over ``num_batches_tracked``.
    affine: learn a per-channel ``weight`` (ones) and ``bias`` (zeros).
    track_running_stats: keep running statistics for eval mode.
    use_running_average: eval mode (running statistics) if True, training
      mode (batch statistics) if False.
    channels_last: channels on the last axis (default) or on axis 1.
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

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.BatchNorm2d(3)
    >>> x = jnp.ones((2, 4, 4, 3))  # (N, H, W, C)
    >>> variables = m.init(jax.random.key(0), x, use_running_average=True)
    >>> jax.tree.map(jnp.shape, variables["batch_stats"])
    {'num_batches_tracked': (), 'running_mean': (3,), 'running_var': (3,)}
    >>> m.apply(variables, x, use_running_average=True).shape
    (2, 4, 4, 3)
  """
  __module__ = "jaxpool.nn"
  ndim = 2
  num_features: int
  eps: float = 1e-5
  momentum: Optional[float] = 0.1
  affine: bool = True
  track_running_stats: bool = True
  use_running_average: Optional[bool] = None
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(
      self, x: ArrayLike, use_running_average: Optional[bool] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(use_running_average, None))


class BatchNorm3d(Layer, _definitions.BatchNorm):
  """3-d batch normalisation, as ``torch.nn.BatchNorm3d``.

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

  Mode: as ``flax.linen.BatchNorm``, ``use_running_average`` is a field or a
  call argument (exactly one of them set): ``False`` is PyTorch's training
  mode (batch statistics; the running ones are updated: pass
  ``mutable=['batch_stats']`` to ``apply``), ``True`` its eval mode.

  Attributes:
    num_features: ``C``, the number of channels.
    eps: added to the variance (default 1e-5).
    momentum: the new value's weight in the running statistics (default
      0.1, PyTorch's; ``1 - momentum`` is Flax's ``momentum``), or None for
      a cumulative average over ``num_batches_tracked``.
    affine: learn a per-channel ``weight`` (ones) and ``bias`` (zeros).
    track_running_stats: keep running statistics for eval mode.
    use_running_average: eval mode (running statistics) if True, training
      mode (batch statistics) if False.
    channels_last: channels on the last axis (default) or on axis 1.
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

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> m = jnn.BatchNorm3d(2, affine=False, channels_last=False)
    >>> x = jnp.ones((2, 2, 3, 3, 3))  # (N, C, D, H, W)
    >>> variables = m.init(jax.random.key(0), x, use_running_average=True)
    >>> "params" in variables
    False
  """
  __module__ = "jaxpool.nn"
  ndim = 3
  num_features: int
  eps: float = 1e-5
  momentum: Optional[float] = 0.1
  affine: bool = True
  track_running_stats: bool = True
  use_running_average: Optional[bool] = None
  channels_last: bool = True
  param_dtype: Any = jnp.float32

  @nn.compact
  def __call__(
      self, x: ArrayLike, use_running_average: Optional[bool] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(use_running_average, None))
