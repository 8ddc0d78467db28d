"""Outputs computed region by region: the interior from plain slices, the
borders, where windows reach into the padding, apart."""

from __future__ import annotations

import math

import jax
from jax import lax

from jaxpool._src.core.geometry import Window


# Splitting multiplies the code to compile (one loop per region): only
# outputs this large are split, where the run time saved outweighs it.
SPLIT_MIN_OUTPUTS = 1 << 20


def _axis_regions(size, k, s, d, lo, out):
  """Output ranges along one dim (low border, interior, high border), and
  the interior's: outputs that read only in-bounds taps at every offset.
  """
  a = min(out, -(-lo // s))  # first output whose first tap is >= 0
  reach = size - 1 - (k - 1) * d + lo  # o * s <= reach: last tap in bounds
  b = max(a, min(out, reach // s + 1)) if reach >= 0 else a
  if a == b:
    return ((0, out),), None
  return tuple((r0, r1) for r0, r1 in ((0, a), (a, b), (b, out))
               if r1 > r0), (a, b)


def _part(w: Window, ranges):
  """The input slice and window computing the outputs in ``ranges``."""
  starts, limits, sizes, pads = [], [], [], []
  for size, k, s, d, (lo, _), (r0, r1) in zip(
      w.sizes, w.kernel, w.stride, w.dilation, w.pads, ranges):
    first = r0 * s - lo  # first tap of output r0
    last = (r1 - 1) * s - lo + (k - 1) * d  # last tap of output r1 - 1
    start, limit = max(0, first), min(size, last + 1)
    starts.append(start)
    limits.append(limit)
    sizes.append(limit - start)
    pads.append((start - first, max(0, last + 1 - limit)))
  part = Window(w.axes, tuple(sizes), w.kernel, w.stride, w.dilation,
                tuple(pads), tuple(r1 - r0 for r0, r1 in ranges))
  return starts, limits, part


def by_regions(x: jax.Array, w: Window, fn, *grids):
  """``fn(x, w, origin, *grids)``, computed region by region.

  Padding makes every view a slice and a pad, and the pad a branch per
  element and view; only the border outputs need it. The outputs are split
  per dim into borders and interior, each region computed from its own input
  slice (the interior with no pad at all) and the results concatenated.
  ``grids`` are
  arrays over the output positions, passed sliced to the region; ``origin``
  is the region's first output position per dim. Not for computations that
  are transposed (the slices' transposes would each pad a full-size
  buffer).
  """
  per_dim, interior = zip(*(
      _axis_regions(size, k, s, d, lo, o) for size, k, s, d, (lo, _), o
      in zip(w.sizes, w.kernel, w.stride, w.dilation, w.pads, w.out)))
  outputs = math.prod(w.out_shape(x.shape))
  if all(len(r) == 1 for r in per_dim) or outputs < SPLIT_MIN_OUTPUTS:
    return fn(x, w, (0,) * len(w.axes), *grids)

  def region(ranges):
    starts, limits, part = _part(w, ranges)
    lo, hi = [0] * x.ndim, list(x.shape)
    for a, start, limit in zip(w.axes, starts, limits):
      lo[a], hi[a] = start, limit
    parts = []
    for g in grids:
      glo, ghi = [0] * g.ndim, list(g.shape)
      for a, (r0, r1) in zip(w.axes, ranges):
        glo[a], ghi[a] = r0, r1
      parts.append(lax.slice(g, glo, ghi))
    return fn(lax.slice(x, lo, hi), part, tuple(r0 for r0, _ in ranges),
              *parts)

  def build(dim, ranges):
    if dim == len(w.axes):
      return region(ranges)
    # Only the interior is split further: a border is one strip across the
    # later dims (fewer pieces to compile: 3 instead of 4 in 2-d).
    pieces = [build(dim + 1, ranges + (r,)) if r == interior[dim] else
              region(ranges + (r,) + tuple((0, o) for o in w.out[dim + 1:]))
              for r in per_dim[dim]]
    if len(pieces) == 1:
      return pieces[0]
    return jax.tree.map(lambda *p: lax.concatenate(p, w.axes[dim]), *pieces)

  return build(0, ())

