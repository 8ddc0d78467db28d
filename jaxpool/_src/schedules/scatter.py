"""Max unpooling as one scatter: the ``xla`` schedule's unpooling, and the
``cpu`` schedule's where its indices are not placed by stride phase.

The forward keeps its scatter because the indices are data: PyTorch accepts
any index in the output plane, so a value may leave the window it was
pooled from, and no static placement covers that (the ``cpu`` schedule
checks at run time and places by stride phase where every index is in its
window). Its gradient is a gather, deterministic on every backend.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from jaxpool._src.core import args as _args
from jaxpool._src.core.geometry import Window


def _flat_planes(x: jax.Array, lay: _args.Layout) -> jax.Array:
  """Merges the (contiguous) spatial axes into one."""
  a0 = lay.spatial_axes[0]
  n = len(lay.spatial_axes)
  return x.reshape(x.shape[:a0] + (-1,) + x.shape[a0 + n:])


def _scatter_per_plane(x_flat, idx, a0, plane):
  """One scatter per (sample, channel) plane, as scatter batching dims (for
  outputs too large for flat int32 indices)."""
  idx = jnp.where(idx < 0, plane, idx)  # negative indices are dropped too

  def scatter_plane(values, plane_idx):
    return jnp.zeros((plane,), values.dtype).at[plane_idx].set(
        values, mode="drop", unique_indices=True)

  plane_axes = [a for a in range(x_flat.ndim) if a != a0]
  for k, a in reversed(list(enumerate(plane_axes))):
    scatter_plane = jax.vmap(scatter_plane, in_axes=a - k, out_axes=a - k)
  return scatter_plane(x_flat, idx)


def unpool(x: jax.Array, indices: jax.Array, lay: _args.Layout,
           w: Window) -> jax.Array:
  """Scatters each plane's values to their indices in a zero output (of
  the planes ``w.sizes``; ``w`` is the window the indices were taken in).

  The scatter is declared with unique indices. Indices from a max pool repeat
  only where overlapping windows share a max, and then carry the same value,
  so any write order gives the same output; the declaration makes the
  scatter linear and transposable by JAX's own rules: forward mode is a
  scatter of the tangent, reverse mode a gather of the cotangent at every
  index (each duplicate receives it, as in PyTorch's backward): the
  gradient holds no scatter. Out-of-range indices are dropped in both
  directions. On GPU the forward scatter is deterministic wherever
  duplicate indices carry equal values (those of a max pool do).
  """
  a0 = lay.spatial_axes[0]
  x_flat, idx = _flat_planes(x, lay), _flat_planes(indices, lay)
  out_sizes = w.sizes
  plane = math.prod(out_sizes)
  channels = x.shape[lay.channel_axis]
  channels_last = lay.channel_axis == x.ndim - 1
  if plane * channels >= np.iinfo(idx.dtype).max:
    out = _scatter_per_plane(x_flat, idx, a0, plane)
  else:
    # Per sample, one flat scatter over all of its channels (fewer, longer
    # scatters than one per (sample, channel) plane). vmap
    # over the batch makes it a scatter batching dimension, which the SPMD
    # partitioner keeps sharded (an index array naming the sample would make
    # it replicate the output).
    def scatter_sample(values, sample_idx):
      c = lax.broadcasted_iota(sample_idx.dtype, sample_idx.shape,
                               sample_idx.ndim - 1 if channels_last else 0)
      flat = (sample_idx * channels + c if channels_last
              else c * plane + sample_idx)
      # Out-of-range indices must not land in another channel: drop them.
      outside = (sample_idx < 0) | (sample_idx >= plane)
      flat = jnp.where(outside, plane * channels, flat)
      out = jnp.zeros((plane * channels,), values.dtype).at[
          flat.reshape(-1)].set(values.reshape(-1), mode="drop",
                                unique_indices=True)
      return out.reshape((plane, channels) if channels_last
                         else (channels, plane))
    out = (jax.vmap(scatter_sample)(x_flat, idx) if lay.batched
           else scatter_sample(x_flat, idx))
  n = len(lay.spatial_axes)
  return out.reshape(x.shape[:a0] + tuple(out_sizes) + x.shape[a0 + n:])
