"""The NNX half of every layer: where a definition's weights, children and
random keys live in flax.nnx.

Each class in this package is written by ``tools/generate_layers.py`` as
``class Name(Layer, <definition>)`` with an ``__init__`` that stores the
definition's fields and calls :meth:`Layer.start`; see
:mod:`jaxpool._src.layers.base` for what a definition provides. NNX creates
weights in the constructor, so the sizes linen infers from the first input
are keyword-only constructor arguments here; randomness follows
:mod:`jaxpool._src.nnx.random`.
"""

from __future__ import annotations

import inspect
from typing import Any, Mapping, Optional

import jax
from flax import nnx

from jaxpool._src.layers import base
from jaxpool._src.nnx import random


class Layer(nnx.Module, base.Layer):
  """Base of jaxpool's NNX Modules (see the module docstring)."""

  def __init_subclass__(cls, **kwargs: Any) -> None:
    super().__init_subclass__(**kwargs)
    # nnx.Module's metaclass defines __call__, so inspect.signature (help(),
    # doc tools) would show (*args, **kwargs): give it the constructor's.
    sig = inspect.signature(cls.__init__)
    setattr(cls, "__signature__",
            sig.replace(parameters=list(sig.parameters.values())[1:]))

  def start(self, rngs: Any = None) -> None:
    """Ends the constructor: checks the fields, creates the weights and
    children (drawing from ``rngs.params`` where they are random) and, for a
    random layer, keeps a fork of its stream of ``rngs``."""
    self.validate()
    sizes = self._declared_sizes()
    declared = self.weights(**sizes)
    # A weight may take a field's name (Linear's ``bias``: a bool field, then
    # the Param or None, as in PyTorch), so the names are kept for the call.
    self._weight_names = tuple(declared)
    for name, w in declared.items():
      value = None
      if w is not None:
        key = _params_key(self.owner(), rngs) if w.random else None
        value = nnx.Param(w.init(key, w.shape, w.dtype))
      # Data even when None or when a static field had the name before.
      setattr(self, name, nnx.data(value))
    for name, d in self.children(**sizes).items():
      setattr(self, name, nnx.Linear(
          d.in_features, d.out_features, use_bias=d.use_bias, dtype=d.dtype,
          param_dtype=d.param_dtype, kernel_init=d.kernel_init,
          bias_init=d.bias_init, rngs=_rngs(self.owner(), rngs)))
    if isinstance(self, base.Random):
      self.rngs = random.stream(self.owner(), rngs,
                                getattr(self, "rng_collection"))

  def _declared_sizes(self) -> dict[str, Any]:
    return {name: getattr(self, name) for name in self.sizes}

  def weight_values(self, *inputs: Any) -> Mapping[str, Optional[jax.Array]]:
    declared = self._declared_sizes()
    for name, size in self.infer_sizes(*inputs).items():
      if declared[name] is not None and size != declared[name]:
        raise ValueError(
            f"{self.owner()}: {name}={declared[name]!r} but the input needs "
            f"{size} (input shape {tuple(inputs[0].shape)}); expected them "
            "to be equal.")
    values = {}
    for name in self._weight_names:
      param = getattr(self, name)
      values[name] = None if param is None else param[...]
    return values

  def child(self, name: str, *inputs: Any) -> jax.Array:
    return getattr(self, name)(*inputs)

  def randomness(self, deterministic: Optional[bool],
                 rngs: random.CallRngs) -> base.Randomness:
    """The call's mode and keys: the call's ``rngs`` if given, else the
    stream kept from the constructor's."""
    owner = self.owner()
    training = True
    if isinstance(self, base.Switchable):
      training = not random.mode(owner, getattr(self, "deterministic"),
                                 deterministic)
    collection: str = getattr(self, "rng_collection")

    def draw() -> jax.Array:
      return random.key(owner, self.rngs, rngs, collection)
    return base.Randomness(training, draw)


class Switchable(Layer):
  """Base of the NNX layers whose randomness ``.train()``/``.eval()`` switch
  (their ``deterministic`` attribute), as ``nnx.Dropout``."""

  def set_view(self, deterministic: Optional[bool] = None) -> None:
    """Sets ``deterministic`` (used by ``nnx.view``).

    Args:
      deterministic: True for eval mode, False for training mode; None
        leaves it unchanged.
    """
    if deterministic is not None:
      setattr(self, "deterministic", deterministic)


def _rngs(owner: str, rngs: Any) -> nnx.Rngs:
  if not isinstance(rngs, nnx.Rngs):
    raise TypeError(f"{owner}: rngs must be an nnx.Rngs (its 'params' "
                    f"stream draws the initial weights), not "
                    f"{type(rngs).__name__}.")
  return rngs


def _params_key(owner: str, rngs: Any) -> jax.Array:
  return _rngs(owner, rngs).params()
