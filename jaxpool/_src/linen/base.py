"""The linen half of every layer: where a definition's weights, children and
random keys live in flax.linen.

Each class in this package is written by ``tools/generate_layers.py`` as
``class Name(Layer, <definition>)`` with the definition's fields as linen
dataclass fields; see :mod:`jaxpool._src.layers.base` for what a definition
provides. Weights are created at the first call (``init``), with shapes that
may depend on the input; random keys come from ``self.make_rng`` (or the
call's ``rng``); the mode comes from ``deterministic``, a field or a call
argument, as ``flax.linen.Dropout``.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

import flax.linen as nn
import jax

from jaxpool._src.layers import base


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

  def child(self, name: str, *inputs: Any) -> jax.Array:
    spec = self.children(**self.infer_sizes(*inputs))[name]
    dense = nn.Dense(spec.out_features, use_bias=spec.use_bias,
                     dtype=spec.dtype, param_dtype=spec.param_dtype,
                     kernel_init=spec.kernel_init, bias_init=spec.bias_init,
                     name=name)
    return dense(*inputs)

  def randomness(self, deterministic: Optional[bool],
                 rng: Optional[jax.Array]) -> base.Randomness:
    """The call's mode and keys: ``rng`` if given, else ``make_rng``."""
    training = True
    if isinstance(self, base.Switchable):
      training = not nn.merge_param("deterministic",
                                    getattr(self, "deterministic"),
                                    deterministic)
    collection: str = getattr(self, "rng_collection")

    def draw() -> jax.Array:
      return rng if rng is not None else self.make_rng(collection)
    return base.Randomness(training, draw)
