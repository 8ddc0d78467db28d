"""Max unpooling on XLA:CPU: values placed in their windows by stride phase
where every index lies in its own window; scattered otherwise."""

from __future__ import annotations

import functools
import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from jaxpool._src.core import geometry
from jaxpool._src.core.geometry import Window
from jaxpool._src.schedules import scatter
from jaxpool._src.schedules.cpu import phases
from jaxpool._src.schedules.cpu.fusion import separately


def unpool(x, indices, lay, w):
  """Max unpooling: ``x`` placed at ``indices`` in a zero output.

  Where every index lies in its own window, as max pooling's do, the values
  are placed by stride phases (:func:`_place_in_windows`); otherwise they
  are scattered (the portable :func:`scatter.unpool`). A conditional chooses
  at run time. Windows of more than ``FUSED_PHASES_MAX_OFFSETS`` offsets
  (placing them is slower than the scatter) and inputs of fewer than
  ``PLACE_MIN_INPUTS`` values are always scattered. Differentiated as the
  scatter: forward mode scatters the tangent, reverse mode gathers the
  cotangent at every index.
  """
  if (math.prod(w.kernel) > phases.FUSED_PHASES_MAX_OFFSETS
      or x.size < PLACE_MIN_INPUTS):
    return scatter.unpool(x, indices, lay, w)
  return _unpool_value(x, indices, lay, w)


# Placing compiles both ways and the check, several times the scatter's
# compile time: only inputs this large, where placing runs faster than the
# scatter, are placed.
PLACE_MIN_INPUTS = 1 << 15


@functools.partial(jax.custom_jvp, nondiff_argnums=(2, 3))
def _unpool_value(x, indices, lay, w):
  if _tiles_channels_last(x, w):
    # Checked in one reduction over the indices, placed by comparing them
    # with each position's: no code is stored.
    return lax.cond(jnp.all(_index_codes(indices, w) >= 0),
                    lambda x, i: _place_in_tiles(x, i, w),
                    lambda x, i: scatter.unpool(x, i, lay, w),
                    x, indices)
  code = separately(lambda i: _index_codes(i, w), indices)
  return lax.cond(jnp.all(code >= 0),
                  lambda x, code, _: _place_in_windows(x, code, w),
                  lambda x, _, indices: scatter.unpool(x, indices, lay, w),
                  x, code, indices)


def _tiles_channels_last(x: jax.Array, w: Window) -> bool:
  """Whether the windows tile the output without padding (``k <= s``) and
  the channels are last: see :func:`_place_in_tiles`."""
  return w.axes[-1] != x.ndim - 1 and all(
      lo == 0 and k <= s for k, s, (lo, _) in zip(w.kernel, w.stride, w.pads))


@_unpool_value.defjvp
def _unpool_jvp(lay, w, primals, tangents):
  x, indices = primals
  return (_unpool_value(x, indices, lay, w),
          scatter.unpool(tangents[0], indices, lay, w))


def _index_codes(indices: jax.Array, w: Window) -> jax.Array:
  """Per window, the kernel offset (row-major number) of the in-bounds tap
  at its index, or -1 where the index is no tap of its window."""
  delta = indices - geometry.first_tap_index(w, indices.shape, indices.dtype)
  code = jnp.full(indices.shape, -1, np.int32)
  taps = geometry.tap_plane_offsets(w, indices.dtype)
  for t, (offset, tap) in enumerate(zip(w.offsets, taps)):
    hit = delta == tap
    for a, size, s, (lo, _), n, j in zip(w.axes, w.sizes, w.stride, w.pads,
                                         w.out, offset):
      # A tap in the padding aliases a position of another row: excluded.
      pos = np.arange(n) * s + j - lo
      inside = (pos >= 0) & (pos < size)
      if not inside.all():
        shape = [1] * indices.ndim
        shape[a] = n
        hit = hit & inside.reshape(shape)
    code = jnp.where(hit, np.int32(t), code)
  return code


def _place_in_windows(x: jax.Array, code: jax.Array, w: Window) -> jax.Array:
  """Each window's value at the tap ``code`` names, in a zero output.

  Built per stride phase of the output, as :func:`phases.tangent_views` reads
  them: phase ``r`` receives, from each kernel offset that lands in it, a
  unit-stride shift of the windows, so an output element is one select per
  offset landing in its phase (2.25 at k3 s2), and a concatenation fused
  into the same loop interleaves the phases (no scatter: XLA:CPU runs
  scatters serially). Where windows overlap, an element named by
  several takes the value of the last in row-major order, as a serial
  scatter would (PyTorch leaves it unspecified; from max pooling, the
  values are equal).
  """
  phase_grid = [-(-size // s) for size, s in zip(w.sizes, w.stride)]
  phase_shape = list(x.shape)
  for a, m in zip(w.axes, phase_grid):
    phase_shape[a] = m
  zero = jnp.zeros((), x.dtype)
  parts = {key: jnp.zeros(phase_shape, x.dtype)  # stride beyond the kernel
            for key in itertools.product(*(range(s) for s in w.stride))}
  written = set()
  # The smallest offset last: of two windows naming one element, the later
  # names it by the smaller offset.
  for t, offset in reversed(list(enumerate(w.offsets))):
    key, starts, limits = [], [0] * x.ndim, list(x.shape)
    pad_cfg = [(0, 0, 0)] * x.ndim
    # Window i writes phase r at i + shift: tangent_views' read, inverted.
    for a, m, (r, shift, i_lo, i_hi) in zip(
        w.axes, phase_grid, phases.phase_shifts(w, offset, phase_grid)):
      key.append(r)
      starts[a], limits[a] = i_lo, i_hi
      pad_cfg[a] = (i_lo + shift, m - i_hi - shift, 0)
    if any(lim <= st for st, lim in zip(starts, limits)):
      continue  # this offset lands outside the output from every window
    claim = lax.slice(code, starts, limits) == t
    # Masked before the pad: each offset pads an array of its own (shared
    # pads of x would be stored and re-read).
    value = lax.pad(jnp.where(claim, lax.slice(x, starts, limits), zero),
                    zero, pad_cfg)
    key = tuple(key)
    if key in written:
      value = jnp.where(lax.pad(claim, False, pad_cfg), value, parts[key])
    parts[key] = value
    written.add(key)
  # The inverse of the phase split, which is a permutation: its transpose.
  interleave = jax.linear_transpose(
      lambda y: phases.stride_phases(y, w),
      jax.ShapeDtypeStruct(w.in_shape(x.shape), x.dtype))
  return interleave(parts)[0]


def _place_in_tiles(x: jax.Array, indices: jax.Array,
                    w: Window) -> jax.Array:
  """:func:`_place_in_windows` for windows that tile the output without
  padding (``k <= s``), channels last, every index in its own window: one
  select per output element, of its tile's value where the tile's index is
  the element's own flat plane index.

  XLA:CPU's concatenation of phases branches per element, and so does a
  chain of selects keyed on the phase; with fewer than 64 channels those
  branches mispredict on random indices; one select per element has no
  branch.
  """
  tiled, stride_axes = [], []  # x's shape with a stride axis per spatial
  for a, n in enumerate(x.shape):
    tiled.append(n)
    if a in w.axes:
      tiled.append(w.stride[w.axes.index(a)])
      stride_axes.append(len(tiled) - 1)
  # Each position's flat plane index, from iotas (XLA:CPU would read a
  # constant array from memory per element). Positions past the output's
  # edge alias others' indices; they are cropped below.
  position = jnp.zeros((), indices.dtype)
  for a, st, s, ps in zip(w.axes, stride_axes, w.stride,
                          geometry.plane_strides(w)):
    tile = lax.broadcasted_iota(indices.dtype, tiled, st - 1)
    slot = lax.broadcasted_iota(indices.dtype, tiled, st)
    position = position + (tile * np.array(s, indices.dtype) + slot) * (
        np.array(ps, indices.dtype))
  out = jnp.where(lax.expand_dims(indices, stride_axes) == position,
                  lax.expand_dims(x, stride_axes), jnp.zeros((), x.dtype))
  merged = list(x.shape)
  for a, s in zip(w.axes, w.stride):
    merged[a] *= s
  out = out.reshape(merged)
  out_shape = w.in_shape(x.shape)
  if tuple(merged) != out_shape:  # output_size short of the tiles, or past
    out = lax.pad(out, jnp.zeros((), x.dtype),
                  [(0, o - m, 0) for o, m in zip(out_shape, merged)])
  return out
