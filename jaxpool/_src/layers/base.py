"""What a layer definition is: the framework-free half of every Module.

Each public layer is defined once, in this package, as a subclass of
:class:`Layer`: its fields (annotated class attributes, with defaults, in
PyTorch's order), its checks, its weights and its call. The linen classes in
``jaxpool._src.linen`` and the NNX classes in ``jaxpool._src.nnx`` are written
from these definitions by ``tools/generate_layers.py`` (per rank, with
literal docstrings and signatures); each inherits its definition and one of
the two framework bases (``linen/base.py``, ``nnx/base.py``), which give the
definition what only a framework knows: where weights live and where random
keys come from.

A definition implements some of:

- :meth:`Layer.validate`: construction-time checks;
- :meth:`Layer.weights`: the learnable arrays (shape, initialiser, dtype),
  given the sizes in :attr:`Layer.sizes`;
- :meth:`Layer.infer_sizes`: those sizes read off the call's inputs (linen
  creates weights at the first call; NNX takes the sizes as keyword-only
  constructor arguments and creates weights in the constructor);
- :meth:`Layer.forward`: the call, usually one call of a
  :mod:`jaxpool.functional` function on the fields.

and uses the hooks :meth:`Layer.weight_values` and :meth:`Layer.randomness`,
which the framework bases implement. A random layer declares the fields
``rng_collection`` (and ``deterministic`` if it has a train/eval difference)
and takes a :class:`Randomness` as the last argument of ``forward``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, ClassVar, Mapping, Optional

import jax
import jax.numpy as jnp

# init(key, shape, dtype) -> array; the key is None for constant initialisers.
Initializer = Callable[..., Any]


@dataclasses.dataclass(frozen=True)
class Weight:
  """A learnable array: its shape, initialiser and dtype.

  ``random`` says whether ``init`` draws (it then needs a key: NNX layers
  with random weights take ``rngs``).
  """
  shape: tuple[int, ...]
  init: Initializer
  dtype: Any = jnp.float32
  random: bool = True

  @classmethod
  def full(cls, shape: tuple[int, ...], value: float, dtype: Any) -> Weight:
    """A weight that starts at a constant ``value`` (no key needed)."""
    def init(key, shape, dtype):
      del key
      return jnp.full(shape, value, dtype)
    return cls(tuple(shape), init, dtype, random=False)


@dataclasses.dataclass(frozen=True)
class Dense:
  """A child affine layer in Flax's layout (``nn.Dense`` / ``nnx.Linear``).

  Used where a layer keeps Flax's own dense layer as a child (Maxout), so
  that its parameters are Flax's ``kernel`` ``(in, out)`` and ``bias``.
  """
  in_features: int
  out_features: int
  use_bias: bool
  dtype: Any
  param_dtype: Any
  kernel_init: Initializer
  bias_init: Initializer


@dataclasses.dataclass(frozen=True)
class Randomness:
  """A call's randomness, as the framework provides it.

  ``training`` is False in eval mode (``deterministic=True``); :meth:`key`
  draws a fresh key from the layer's stream (only call it when needed: in
  eval mode there may be none).
  """
  training: bool
  draw: Callable[[], jax.Array]

  def key(self) -> jax.Array:
    return self.draw()


class Layer:
  """Base of every layer definition (see the module docstring)."""

  # -- What tools/generate_layers.py writes from (read at generation). -----
  # The public class name, with ``{n}`` for the rank: ``"MaxPool{n}d"``.
  public_name: ClassVar[str]
  # The ranks to write (empty for a rank-free layer, written once).
  ranks: ClassVar[tuple[int, ...]] = ()
  # The frameworks that get a class: "nn" (linen) and "nnx".
  frameworks: ClassVar[tuple[str, ...]] = ("nn", "nnx")
  # The function the Module applies: its docstring's Args entries and
  # Shape section document the fields the definition does not.
  function: ClassVar[Any] = None
  # Per rank (0 if rank-free): the doctest lines of the example, written
  # for linen (converted for NNX), or {"nn": ..., "nnx": ...}.
  examples: ClassVar[Mapping[int, Any]] = {}
  # Extra fields of the docstring template; framework-specific notes.
  doc_fields: ClassVar[Mapping[str, str]] = {}
  notes: ClassVar[Mapping[str, str]] = {}
  # Fields present only in some ranks (in the others, the class default).
  rank_only: ClassVar[Mapping[str, tuple[int, ...]]] = {}
  # Whether some weight or child draws its initial value (NNX: ``rngs``).
  random_init: ClassVar[bool] = False

  # -- What the layer is at run time. ---------------------------------------
  # The spatial rank, set by each per-rank class (0 for rank-free layers).
  ndim: ClassVar[int] = 0

  # NNX keyword-only constructor arguments: the sizes that linen infers from
  # the first input (:meth:`infer_sizes`) and NNX needs up front.
  sizes: ClassVar[tuple[str, ...]] = ()

  def owner(self) -> str:
    """The name errors start with: the public class's."""
    return type(self).__name__

  def validate(self) -> None:
    """Checks the fields at construction; raises ValueError/TypeError."""

  # The hooks below take ``*args: Any, **kwargs: Any`` so that definitions
  # may name the sizes they use (type checkers accept any override).
  def infer_sizes(self, *inputs: Any, **kwargs: Any) -> dict[str, Any]:
    """The :attr:`sizes` read off the call's inputs (linen's lazy shapes)."""
    del inputs, kwargs
    return {}

  def weights(self, *args: Any, **sizes: Any) -> dict[str, Optional[Weight]]:
    """The learnable arrays by name; ``None`` for an absent optional one."""
    del args, sizes
    return {}

  def children(self, *args: Any, **sizes: Any) -> dict[str, Dense]:
    """Child Flax layers by name (only Maxout has one)."""
    del args, sizes
    return {}

  # -- Hooks: implemented by the framework bases. ---------------------------

  def weight_values(self, *inputs: Any) -> Mapping[str, Optional[jax.Array]]:
    """The weights' current values (created at linen's first call)."""
    raise NotImplementedError

  def child(self, name: str, *inputs: Any) -> jax.Array:
    """Applies the child layer ``name`` of :meth:`children`."""
    raise NotImplementedError

  def required_weight(self, name: str, *inputs: Any) -> jax.Array:
    """The value of a weight that :meth:`weights` never leaves out."""
    value = self.weight_values(*inputs)[name]
    if value is None:
      raise RuntimeError(f"{self.owner()}: weight {name!r} is absent.")
    return value


class Random(Layer):
  """A layer that draws random numbers at every call.

  Its definition declares the field ``rng_collection`` (the stream), and its
  ``forward`` takes a :class:`Randomness` last.
  """


class Switchable(Random):
  """A random layer with an eval mode, switched as ``Dropout``.

  Its definition declares the field ``deterministic`` (``None``: given at
  the call or, in NNX, by ``.train()``/``.eval()``).
  """
