"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/normalization.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

from flax import nnx
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import normalization as _definitions
from jaxpool._src.nnx.base import Layer, Switchable


class BatchNorm1d(Switchable, _definitions.BatchNorm):
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

  Mode: as ``flax.nnx.BatchNorm``, ``model.train()`` sets
  ``use_running_average=False`` (PyTorch's training mode: batch statistics,
  the running ones updated in place) and ``model.eval()`` sets it to ``True``;
  it may also be set in the constructor or passed to the call. The default
  ``None`` makes the mode an explicit choice.

  Args:
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
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.BatchNorm1d(2)
    >>> x = jnp.array([[1., 10.], [3., 30.]])  # (N, C)
    >>> m.train()  # batch statistics; the running ones updated
    >>> y = m(x)
    >>> m.running_mean[...], m.running_var[...]
    (Array([0.2, 2. ], dtype=float32), Array([ 1.1, 20.9], dtype=float32))
    >>> int(m.num_batches_tracked[...])
    1
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, num_features: int, eps: float = 1e-5,
      momentum: Optional[float] = 0.1, affine: bool = True,
      track_running_stats: bool = True,
      use_running_average: Optional[bool] = None, channels_last: bool = True,
      param_dtype: Any = jnp.float32,
  ) -> None:
    self.num_features = num_features
    self.eps = eps
    self.momentum = momentum
    self.affine = affine
    self.track_running_stats = track_running_stats
    self.use_running_average = use_running_average
    self.channels_last = channels_last
    self.param_dtype = param_dtype
    self.start()

  def __call__(
      self, x: ArrayLike, *, use_running_average: Optional[bool] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(use_running_average, None))


class BatchNorm2d(Switchable, _definitions.BatchNorm):
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

  Mode: as ``flax.nnx.BatchNorm``, ``model.train()`` sets
  ``use_running_average=False`` (PyTorch's training mode: batch statistics,
  the running ones updated in place) and ``model.eval()`` sets it to ``True``;
  it may also be set in the constructor or passed to the call. The default
  ``None`` makes the mode an explicit choice.

  Args:
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
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.BatchNorm2d(3)
    >>> m.eval()  # the running statistics
    >>> m(jnp.ones((2, 4, 4, 3))).shape
    (2, 4, 4, 3)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, num_features: int, eps: float = 1e-5,
      momentum: Optional[float] = 0.1, affine: bool = True,
      track_running_stats: bool = True,
      use_running_average: Optional[bool] = None, channels_last: bool = True,
      param_dtype: Any = jnp.float32,
  ) -> None:
    self.num_features = num_features
    self.eps = eps
    self.momentum = momentum
    self.affine = affine
    self.track_running_stats = track_running_stats
    self.use_running_average = use_running_average
    self.channels_last = channels_last
    self.param_dtype = param_dtype
    self.start()

  def __call__(
      self, x: ArrayLike, *, use_running_average: Optional[bool] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(use_running_average, None))


class BatchNorm3d(Switchable, _definitions.BatchNorm):
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

  Mode: as ``flax.nnx.BatchNorm``, ``model.train()`` sets
  ``use_running_average=False`` (PyTorch's training mode: batch statistics,
  the running ones updated in place) and ``model.eval()`` sets it to ``True``;
  it may also be set in the constructor or passed to the call. The default
  ``None`` makes the mode an explicit choice.

  Args:
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
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.BatchNorm3d(2, affine=False, channels_last=False)
    >>> m.eval()
    >>> m(jnp.ones((2, 2, 3, 3, 3))).shape  # (N, C, D, H, W)
    (2, 2, 3, 3, 3)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, num_features: int, eps: float = 1e-5,
      momentum: Optional[float] = 0.1, affine: bool = True,
      track_running_stats: bool = True,
      use_running_average: Optional[bool] = None, channels_last: bool = True,
      param_dtype: Any = jnp.float32,
  ) -> None:
    self.num_features = num_features
    self.eps = eps
    self.momentum = momentum
    self.affine = affine
    self.track_running_stats = track_running_stats
    self.use_running_average = use_running_average
    self.channels_last = channels_last
    self.param_dtype = param_dtype
    self.start()

  def __call__(
      self, x: ArrayLike, *, use_running_average: Optional[bool] = None,
  ) -> jax.Array:
    return self.forward(x, self.call_mode(use_running_average, None))
