"""A window's views of an input: per kernel offset, the element each output
reads, from one padded copy where the input is small."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax import lax

from jaxpool._src.core import geometry
from jaxpool._src.core.geometry import Window

# Up to this many input elements, padded windows read their views from one
# padded copy of the input: each view is then a plain strided slice, where
# it is otherwise a slice and a pad whose bounds XLA tests per element and
# view. A chain of selects over such views (the first max) compiled several
# times longer; the copy is one more pass over the input, which costs run
# time only where the input no longer stays in cache.
PAD_FIRST_MAX_INPUTS = 1 << 22


def _reads_padding(w: Window) -> bool:
  """Whether some view reads past an edge of the input."""
  for size, k, s, d, (lo, _), o in zip(w.sizes, w.kernel, w.stride,
                                       w.dilation, w.pads, w.out):
    if lo > 0 or (o - 1) * s + (k - 1) * d - lo >= size:
      return True
  return False


def views(x: jax.Array, w: Window, fill, offsets=None) -> list[jax.Array]:
  """``[geometry.view(x, w, o, fill) for o in offsets]`` (by default every
  kernel offset, in row-major order), from one padded copy of ``x`` where
  ``x`` has at most ``PAD_FIRST_MAX_INPUTS`` elements and some view reads
  padding."""
  offsets = list(w.offsets if offsets is None else offsets)
  if x.size > PAD_FIRST_MAX_INPUTS or not _reads_padding(w):
    return [geometry.view(x, w, o, fill) for o in offsets]
  pad_cfg = [(0, 0, 0)] * x.ndim
  for a, size, k, s, d, (lo, _), o in zip(w.axes, w.sizes, w.kernel,
                                          w.stride, w.dilation, w.pads,
                                          w.out):
    reach = (o - 1) * s + (k - 1) * d + 1  # positions the windows span
    # (Windows that stop short of the input's end leave its tail unread.)
    pad_cfg[a] = (lo, reach - lo - size, 0)
  padded = lax.pad(x, jnp.asarray(fill, x.dtype), pad_cfg)
  out = []
  for offset in offsets:
    starts, limits, strides = [0] * x.ndim, list(padded.shape), [1] * x.ndim
    for a, s, d, o, j in zip(w.axes, w.stride, w.dilation, w.out, offset):
      starts[a], limits[a], strides[a] = j * d, j * d + (o - 1) * s + 1, s
    out.append(lax.slice(padded, starts, limits, strides))
  return out
