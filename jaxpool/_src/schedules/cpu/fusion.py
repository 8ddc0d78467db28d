"""Fusion barriers: results computed and stored on their own (XLA:CPU)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import jax.numpy as jnp
from jax import lax

T = TypeVar("T")


def separately(fn: Callable[..., T], *operands: Any) -> T:
  """``fn(*operands)``, computed and stored on its own rather than fused.

  XLA fuses cheap elementwise work into every consumer, recomputing it per
  use: fine for one use, ruinous when a gradient reads a window's result once
  per kernel offset. A conditional is a fusion barrier that every backend
  keeps, so ``fn`` runs in one, both branches being ``fn`` itself. Its
  predicate is a constant hidden behind ``lax.optimization_barrier``, so
  that the compiler cannot fold the conditional away. Being a constant, it is
  replicated under SPMD sharding and unbatched under ``vmap`` (the
  conditional stays a conditional, costing nothing extra).
  """
  keep = lax.optimization_barrier(jnp.bool_(True))
  return lax.cond(keep, fn, fn, *operands)

