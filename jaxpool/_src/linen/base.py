"""The linen half of every layer: where a definition's weights, statistics,
children and random keys live in flax.linen.

Each class in this package is written by ``tools/generate_layers.py`` as
``class Name(Layer, <definition>)`` with the definition's fields as linen
dataclass fields; see :mod:`jaxpool._src.layers.base` for what a definition
provides. Weights (``params``) and statistics (``batch_stats``) are created
at the first call (``init``), with shapes that may depend on the input;
random keys come from ``self.make_rng`` (or the call's ``rng``); the mode
comes from ``deterministic`` or ``use_running_average``, a field or a call
argument, as ``flax.linen.Dropout`` and ``BatchNorm``.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import flax.linen as nn
import jax

from jaxpool._src.layers import base

STATS = "batch_stats"  # Flax's collection for BatchNorm's running statistics


class Layer(nn.Module, base.Layer):
  """Base of jaxpool's linen Modules (see the module docstring)."""

  def __post_init__(self) -> None:
    super().__post_init__()
    self.validate()

  def owner(self) -> str:
    """The class name, and the Module's name inside a parent."""
    name = type(self).__name__
    return f"{name} {self.name!r}" if self.name else name

  def weight_values(self, *inputs: Any) -> Mapping[str, Optional[jax.Array]]:
    declared = self.weights(**self.infer_sizes(*inputs))
    return {name: None if w is None else
            self.param(name, w.init, w.shape, w.dtype)
            for name, w in declared.items()}

  def stat_values(self, *inputs: Any) -> Mapping[str, Optional[jax.Array]]:
    declared = self.stats(**self.infer_sizes(*inputs))
    return {name: None if s is None else self.variable(
        STATS, name, s.init, None, s.shape, s.dtype).value
            for name, s in declared.items()}

  def update_stats(self, values: Mapping[str, jax.Array]) -> None:
    if self.is_initializing():
      return  # as flax.linen.BatchNorm: init leaves the statistics as made
    for name, value in values.items():
      self.put_variable(STATS, name, value)

  def child(self, name: str, *inputs: Any) -> jax.Array:
    spec = self.children(**self.infer_sizes(*inputs))[name]
    dense = nn.Dense(spec.out_features, use_bias=spec.use_bias,
                     dtype=spec.dtype, param_dtype=spec.param_dtype,
                     kernel_init=spec.kernel_init, bias_init=spec.bias_init,
                     name=name)
    return dense(*inputs)

  def call_mode(self, value: Optional[bool],
                rng: Optional[jax.Array]) -> base.Mode:
    """The call's mode (the mode field, or the call's ``value``) and keys
    (``rng`` if given, else ``make_rng``)."""
    training = True
    if isinstance(self, base.Switchable):
      field = self.mode_field
      training = not nn.merge_param(field, getattr(self, field), value)
    if not isinstance(self, base.Random):
      return base.Mode(training)
    collection: str = getattr(self, "rng_collection")

    def draw() -> jax.Array:
      return rng if rng is not None else self.make_rng(collection)
    return base.Mode(training, draw)
