"""Fusion barriers: results computed and stored on their own (XLA:CPU)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import jax
import jax.numpy as jnp
from jax import lax

T = TypeVar("T")


def separately(fn: Callable[..., T], *operands: Any) -> T:
  """``fn(*operands)``, computed and stored on its own rather than fused
  into its users.

  XLA fuses cheap elementwise work into every consumer, recomputing it per
  use: fine for one use, ruinous when a gradient reads a window's result once
  per kernel offset. A conditional is a fusion barrier that every backend
  keeps (``lax.optimization_barrier`` is not one on XLA:CPU), so the result
  passes through one: its operands are stored, its users read them. Its
  predicate is a constant ``True`` hidden behind
  ``lax.optimization_barrier``, so that the compiler cannot fold the
  conditional away; being a constant, it is replicated under SPMD sharding
  and unbatched under ``vmap``. The branch taken returns its operands
  unchanged; the other returns zeros. Both branches are trivial: XLA
  compiles each, and JAX re-traces each when it differentiates (partial
  evaluation), so ``fn`` itself stays outside.
  """
  out = fn(*operands)
  leaves, tree = jax.tree.flatten(out)
  keep = lax.optimization_barrier(jnp.bool_(True))
  stored = lax.cond(
      keep, lambda *a: list(a),
      lambda *a: [jnp.zeros(v.shape, v.dtype) for v in a], *leaves)
  return jax.tree.unflatten(tree, stored)
