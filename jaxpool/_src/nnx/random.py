"""Randomness and train/eval mode for the NNX Modules, as ``flax.nnx.Dropout``.

A random layer keeps a fork of one stream of the ``nnx.Rngs`` it was built
with (the stream named by its ``rng_collection``, falling back to the Rngs'
``default`` stream as NNX does), or none; a call may pass ``rngs`` (an
``nnx.Rngs``, an ``nnx.RngStream`` or a key), which wins. Layers with a
train/eval difference hold a ``deterministic`` attribute that
``model.train()`` sets to False and ``model.eval()`` to True, and accept
``nnx.view(model, deterministic=...)`` through
:meth:`jaxpool._src.nnx.base.Switchable.set_view`.
"""

from __future__ import annotations

from typing import Any, Optional, Union

import jax
from flax import nnx

RngsLike = Union[nnx.Rngs, nnx.RngStream, None]
CallRngs = Union[nnx.Rngs, nnx.RngStream, jax.Array, None]


def stream(owner: str, rngs: Any, collection: str) -> Any:
  """What a random layer stores from its constructor's ``rngs``."""
  if isinstance(rngs, nnx.Rngs):
    return rngs[collection].fork()
  if isinstance(rngs, nnx.RngStream):
    return rngs.fork()
  if rngs is None:
    # Marked as data so that a stream assigned later is state, as Dropout does.
    return nnx.data(None)
  raise TypeError(f"{owner}: rngs must be an nnx.Rngs, an nnx.RngStream "
                  f"or None, not {type(rngs).__name__} (a key goes to the "
                  "call: m(x, rngs=key)).")


def key(owner: str, stored: Any, rngs: CallRngs, collection: str) -> jax.Array:
  """A fresh key: from the call's ``rngs`` if given, else the stored stream."""
  source = stored if rngs is None else rngs
  if source is None:
    raise ValueError(
        f"{owner}: needs random numbers but has no rngs: pass "
        f"rngs=nnx.Rngs(...) to the constructor (stream {collection!r} or "
        "'default'), or rngs=<key, RngStream or Rngs> to the call.")
  if isinstance(source, nnx.Rngs):
    return source[collection]()
  if isinstance(source, nnx.RngStream):
    return source()
  if isinstance(source, jax.Array):
    return source
  raise TypeError(f"{owner}: rngs must be an nnx.Rngs, an nnx.RngStream "
                  f"or a jax.random key, not {type(source).__name__}.")


def mode(owner: str, field: Optional[bool], call: Optional[bool]) -> bool:
  """The ``deterministic`` in effect: the call's, else the attribute's."""
  value = field if call is None else call
  if value is None:
    raise ValueError(
        f"{owner}: deterministic is None: call model.eval() (deterministic) "
        "or model.train() (random), set deterministic= in the constructor, "
        "or pass deterministic= to the call.")
  if not isinstance(value, bool):
    raise TypeError(f"{owner}: deterministic={value!r} must be a bool or "
                    "None.")
  return value
