"""How the activations compute: the jitted core and the compute-dtype rule."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax import lax


def compute_dtype(dtype):
  """The dtype an activation computes in for inputs of ``dtype``."""
  # PyTorch computes float16/bfloat16 activations in float32 ("opmath") and
  # rounds once; jax.nn would round every intermediate step (e.g. the tanh
  # GELU's x**3 overflows float16 and its gradient turns NaN).
  return jnp.float32 if jnp.finfo(dtype).bits < 32 else dtype


def core(f, arrays: int = 1):
  """Jits ``f(x, *array_args, *hyper_parameters)`` (hyper-parameters static).

  16-bit float inputs are computed in float32 and rounded once, as PyTorch;
  the other array arguments (learnable slopes) are first rounded to the
  input's dtype, as PyTorch requires them in it. ``arrays`` counts ``x`` and
  the array arguments.
  """
  def g(x, *args):
    ct = compute_dtype(x.dtype)
    cast = tuple(a.astype(x.dtype).astype(ct) for a in args[:arrays - 1])
    return f(x.astype(ct), *cast, *args[arrays - 1:]).astype(x.dtype)
  g.__name__ = g.__qualname__ = f.__name__
  return jax.jit(g, static_argnums=tuple(
      range(arrays, f.__code__.co_argcount)))


def round_to(x, dtype):
  """``x`` rounded to ``dtype``'s precision and range (kept in its own
  dtype): a rounding XLA keeps, where a pair of converts may be elided."""
  info = jnp.finfo(dtype)
  return lax.reduce_precision(x, exponent_bits=info.nexp,
                              mantissa_bits=info.nmant)
