"""Separable window reductions: one spatial axis at a time, over static bins
or gathered windows.

The engine of adaptive pooling, whose bins are static, and of fractional max
pooling, whose windows are gathered per plane. Each spatial axis has a
reader: :class:`ViewsAxis` (elementwise over per-offset views) or
:class:`BlocksAxis` (a reduction over blocks of slots); :func:`make_axis`
picks one for static bins, and a family may build its own blocks.
:func:`window_max`, :func:`max_and_index` and :func:`select_winners` reduce
the axes in turn, last axis first, which keeps PyTorch's row-major first
max: within each row the first max wins, then the first row holding the
overall max (or the last NaN). The max's tangents have readers whose
transposes gather (:func:`tangent_axis`, :class:`SpreadAxis`): no gradient
here scatters.

Both schedules use this engine; what differs is their ``store`` (the cpu
schedule's fusion barrier, or none), passed in by the family.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src.core import args as _args
from jaxpool._src.core import rules
from jaxpool._src.core.geometry import adaptive_bins
from jaxpool._src.core.geometry import bins_holding

# A schedule's ``store`` (:meth:`.contract.Schedule.store`).
Store = Callable[..., Any]


# ---- one spatial axis: how its bins are read ---------------------------------
#
# Three layouts read an axis's bins for values, chosen statically per
# (size, out); each keeps the graph bounded (no loop over output cells; at
# most _MAX_VIEW_SLICES slices or _MAX_PHASES reductions per axis).
#
# * "views": for each offset j < K (K the widest bin), the view of element
#   start_i + j of every bin i, built from static slices; reductions are
#   elementwise over the K views, which XLA fuses into one loop (as the
#   strided-view max pooling of the cpu schedule). With g = gcd(L, out),
#   the axis splits into g equal groups holding out / g "phases" (bins)
#   each at the same offsets, so a view is (out / g) slices of the grouped
#   axis. Used while (out / g) * K <= _MAX_VIEW_SLICES. Fastest forward.
# * "phases": each phase is one static slice of the grouped axis, reduced
#   over its width: out / g <= _MAX_PHASES reductions.
# * "gather": otherwise (many phases: out / gcd(L, out) > _MAX_PHASES), one
#   gather of every bin padded to K and one reduction.
#
# Values are never transposed. The max's tangents (hence its gradients)
# have readers of their own (:func:`tangent_axis`), each transposed into
# gathers, so that no gradient scatters: bins tiling the axis (one phase)
# as blocks of one reshape, overlapping bins in the gather form
# (:class:`SpreadAxis`).

_MAX_VIEW_SLICES = 128
_MAX_PHASES = 16


def _axis_broadcast(arr, axis: int, ndim: int):
  shape = [1] * ndim
  shape[axis] = arr.shape[0]
  return arr.reshape(shape)


def _runs(idx) -> list[tuple[int, int, int]]:
  """``idx`` as ``(start, limit, stride)`` slices: one strided slice when
  ``idx`` is an arithmetic progression, else runs of consecutive positions.

  Bin starts ``floor(i * L / out)`` are a progression when ``L / out`` is
  close to an integer: at 28 to 9 every start is ``3 * i``, one slice per
  view instead of nine (``benchmarks/adaptive.py`` measures the layouts).
  Concatenating several strided runs was slower still, so mixed sequences
  keep consecutive runs.
  """
  idx = [int(i) for i in idx]
  stride = idx[1] - idx[0] if len(idx) > 1 else 1
  if stride > 0 and all(b - a == stride for a, b in zip(idx, idx[1:])):
    return [(idx[0], idx[-1] + 1, stride)]
  runs = []
  for i in idx:
    if runs and runs[-1][1] == i:
      runs[-1] = (runs[-1][0], i + 1, 1)
    else:
      runs.append((i, i + 1, 1))
  return runs


def take_static(x, idx: np.ndarray, axis: int):
  """``x`` at the static positions ``idx`` along ``axis``: one strided slice
  when they are an arithmetic progression (bins of equal starts' spacing,
  one output), else a gather."""
  runs = _runs(idx)
  if len(runs) == 1:
    return jax.lax.slice_in_dim(x, *runs[0], axis=axis)
  return jnp.take(x, idx.astype(np.int32), axis=axis, mode="clip")


class ViewsAxis:
  """An axis reduced elementwise over its K per-offset views: values and
  winners; tangents use :func:`tangent_axis`."""

  def __init__(self, axis: int, size: int, out: int):
    self.axis, self.size, self.out = axis, size, out
    start, end = adaptive_bins(size, out)
    self.k = int((end - start).max())
    self.groups = math.gcd(size, out)
    self.period = size // self.groups
    self.phase_start = adaptive_bins(self.period, out // self.groups)[0]
    self.valid = [start + j < end for j in range(self.k)]
    self.start = start

  def views(self, x: jax.Array, fill) -> list[jax.Array]:
    a, head, tail = self.axis, x.shape[:self.axis], x.shape[self.axis + 1:]
    xg = x.reshape(head + (self.groups, self.period) + tail)
    views = []
    for j in range(self.k):
      # Slots past a bin's end are clipped here and masked below.
      idx = [min(int(s) + j, self.period - 1) for s in self.phase_start]
      parts = [jax.lax.slice_in_dim(xg, lo, hi, st, axis=a + 1)
               for lo, hi, st in _runs(idx)]
      v = parts[0] if len(parts) == 1 else jax.lax.concatenate(parts, a + 1)
      v = v.reshape(head + (self.out,) + tail)
      if not self.valid[j].all():
        v = jnp.where(_axis_broadcast(self.valid[j], a, x.ndim), v,
                      jnp.asarray(fill, x.dtype))
      views.append(v)
    return views

  def sum(self, x):
    return functools.reduce(jax.lax.add, self.views(x, 0))

  def max(self, x):
    return functools.reduce(jnp.maximum,
                            self.views(x, rules.lowest(x.dtype)))

  def winners(self, x, carry, store: Store):
    """(values, winner position, carry at the winner, winning offset).

    PyTorch's scan (``rules.running_winner``): a later offset replaces
    the running max when strictly greater or NaN. With one phase (each view
    a slice) that scan is one fused loop. With several, each view is a
    concatenation that the scan made XLA rebuild per use, so there the max
    of the views comes first and, stored apart (``store``, the schedule's),
    the first offset equal to it (or the last NaN).
    """
    lowest = rules.lowest(x.dtype)
    taps = np.arange(self.k, dtype=np.int32)
    if len(self.phase_start) == 1:
      best, code = rules.running_winner(self.views(x, lowest), taps)
    else:
      best = functools.reduce(jnp.maximum, self.views(x, lowest))

      def first_winner(x, best):
        # Slot 0 is in every bin: an all-lowest bin keeps it, as PyTorch.
        init = jnp.zeros(best.shape, jnp.int32)
        return rules.first_winning_tap(self.views(x, lowest), best, init,
                                       taps)
      code = store(first_winner, x, best)
    dtype = _args.index_dtype()
    pos = code.astype(dtype) + _axis_broadcast(self.start.astype(dtype),
                                               self.axis, x.ndim)
    carried = None
    if carry is not None:
      views = self.views(carry, 0)
      carried = views[0] if len(views) == 1 else jax.lax.select_n(code, *views)
    return best, pos, carried, code


class BlocksAxis:
  """An axis reduced over blocks of slots (a width axis after ``axis``).

  ``parts`` holds ``(blocks, pos)`` pairs: ``blocks(x, fill)`` replaces
  ``axis`` by ``(m, width)`` (padding slots hold ``fill``) and ``pos``,
  broadcastable to the blocks, is each slot's input position. ``combine``
  assembles the parts' reduced ``m`` outputs into the axis's outputs.
  """

  def __init__(self, axis: int, size: int, parts, combine, split=None):
    self.axis, self.size, self.parts, self.combine = axis, size, parts, combine
    self.split = split  # the inverse of combine

  def slots_from_code(self, code):
    """Winning slots from the winning offsets (slot t of a block is offset
    t of its bin), for :meth:`select`."""
    if self.split is None:
      raise NotImplementedError("a layout without a split has no slots")
    return [jnp.expand_dims(c, self.axis + 1) for c in self.split(code)]

  def sum(self, x):
    return self.combine([jnp.sum(b(x, 0), axis=self.axis + 1)
                         for b, _ in self.parts])

  def max(self, x):
    lowest = rules.lowest(x.dtype)
    return self.combine([rules.nan_max_along(b(x, lowest), self.axis + 1)
                         for b, _ in self.parts])

  def max_index(self, x, carry):
    lowest, a = rules.lowest(x.dtype), self.axis + 1
    vals, poss, carried, slots = [], [], [], []
    for blocks, pos in self.parts:
      w = blocks(x, lowest)
      slot = rules.first_max_along(w, a)
      hit = jax.lax.broadcasted_iota(slot.dtype, w.shape, a) == slot
      # The winner itself, NaN included (a sum of one non-zero term).
      vals.append(jnp.sum(jnp.where(hit, w, 0), axis=a))
      poss.append(jnp.sum(jnp.where(hit, pos, 0), axis=a))
      if carry is not None:
        carried.append(jnp.sum(jnp.where(hit, blocks(carry, 0), 0), axis=a))
      slots.append(slot)
    return (self.combine(vals), self.combine(poss),
            None if carry is None else self.combine(carried), slots)

  def select(self, t, slots):
    """``t`` at the winning slots (one per block, width axis kept)."""
    a = self.axis + 1
    out = []
    for (blocks, _), slot in zip(self.parts, slots):
      w = blocks(t, 0)
      hit = jax.lax.broadcasted_iota(slot.dtype, w.shape, a) == slot
      out.append(jnp.sum(jnp.where(hit, w, 0), axis=a))
    return self.combine(out)


class SpreadAxis:
  """An axis's max tangents in the gather form: the transpose of
  :meth:`spread`, so that reverse mode, which transposes it back, gathers
  (no scatter, no atomics: deterministic on every backend).

  Its selectors are the winners' positions along ``axis`` (from
  :func:`max_and_index`). ``count`` candidate windows may hold each input
  position: ``take(arr, r)`` reads ``arr`` (``out`` long on ``axis``) at
  candidate ``r`` of every position (``size`` long), and ``valid(r)`` (or
  None) says where that candidate is a window holding the position.
  """

  def __init__(self, axis: int, size: int, out: int, count: int, take,
               valid):
    self.axis, self.size, self.out, self.count = axis, size, out, count
    self.take, self.valid = take, valid

  def spread(self, g, pos):
    """Per input position, the sum of ``g`` over the windows whose winner
    ``pos`` is that position, in window order (PyTorch's backward)."""
    shape = [1] * g.ndim
    shape[self.axis] = self.size
    here = jax.lax.broadcasted_iota(pos.dtype, shape, self.axis)
    total = None
    for r in range(self.count):
      hit = self.take(pos, r) == here
      valid = self.valid(r)
      if valid is not None:
        hit = hit & valid
      # A select, not a product: a NaN or inf elsewhere stays there.
      term = jnp.where(hit, self.take(g, r), jnp.zeros((), g.dtype))
      total = term if total is None else total + term
    return total

  def select(self, t, pos):
    """``t`` at the winners ``pos``: linear in ``t``, the max's tangent."""
    shape = list(t.shape)
    shape[self.axis] = self.out
    spread = jax.linear_transpose(lambda g: self.spread(g, pos),
                                  jax.ShapeDtypeStruct(shape, t.dtype))
    return spread(t)[0]


def spread_axis(axis: int, size: int, out: int, ndim: int) -> SpreadAxis:
  """:class:`SpreadAxis` over static adaptive bins (at most a few hold each
  position: :func:`geometry.bins_holding`)."""
  holding = bins_holding(size, out)

  def valid(r):
    ok = holding[r][1]
    return None if ok.all() else _axis_broadcast(ok, axis, ndim)
  return SpreadAxis(axis, size, out, len(holding),
                    lambda arr, r: take_static(arr, holding[r][0], axis),
                    valid)


def _phases_axis(axis: int, size: int, out: int, ndim: int) -> BlocksAxis:
  groups = math.gcd(size, out)
  period, phases = size // groups, out // groups
  dtype = _args.index_dtype()
  parts = []
  for s, e in zip(*adaptive_bins(period, phases)):
    s, e = int(s), int(e)

    def blocks(x, fill, s=s, e=e):
      del fill  # every slot of a phase is inside its bin
      head, tail = x.shape[:axis], x.shape[axis + 1:]
      xg = x.reshape(head + (groups, period) + tail)
      return jax.lax.slice_in_dim(xg, s, e, axis=axis + 1)
    pos = (np.arange(groups)[:, None] * period + s + np.arange(e - s))
    shape = [1] * (ndim + 1)
    shape[axis], shape[axis + 1] = pos.shape
    parts.append((blocks, pos.astype(dtype).reshape(shape)))

  def combine(outs):
    if len(outs) == 1:
      return outs[0]
    y = jnp.stack(outs, axis=axis + 1)  # (groups, phases): bin-major
    return y.reshape(y.shape[:axis] + (out,) + y.shape[axis + 2:])

  def split(y):
    y = y.reshape(y.shape[:axis] + (groups, phases) + y.shape[axis + 1:])
    return [jax.lax.index_in_dim(y, r, axis + 1, keepdims=False)
            for r in range(phases)]
  return BlocksAxis(axis, size, parts, combine, split)


def _gather_axis(axis: int, size: int, out: int, ndim: int) -> BlocksAxis:
  start, end = adaptive_bins(size, out)
  pos = start[:, None] + np.arange(int((end - start).max()))
  pos = np.where(pos < end[:, None], pos, size)  # out of range: fill

  def blocks(x, fill):
    return jnp.take(x, pos.astype(np.int32), axis=axis, mode="fill",
                    fill_value=fill)
  shape = [1] * (ndim + 1)
  shape[axis], shape[axis + 1] = pos.shape
  pos_b = pos.astype(_args.index_dtype()).reshape(shape)
  return BlocksAxis(axis, size, [(blocks, pos_b)], lambda outs: outs[0],
                    lambda y: [y])


def axis_plan(size: int, out: int) -> str:
  """Which layout reads the bins of an axis for values (see above)."""
  start, end = adaptive_bins(size, out)
  phases = out // math.gcd(size, out)
  if phases * int((end - start).max()) <= _MAX_VIEW_SLICES:
    return "views"
  return "phases" if phases <= _MAX_PHASES else "gather"


def make_axis(axis: int, size: int, out: int, ndim: int):
  """The reader of one axis's values (see above)."""
  plan = axis_plan(size, out)
  if plan == "views":
    return ViewsAxis(axis, size, out)
  if plan == "phases":
    return _phases_axis(axis, size, out, ndim)
  return _gather_axis(axis, size, out, ndim)


def _tiles(size: int, out: int) -> bool:
  """Whether ``out`` bins tile an axis of ``size`` (one phase)."""
  return size % out == 0


def tangent_axis(axis: int, size: int, out: int, ndim: int):
  """The reader of one axis's max tangents, which both transpose into
  gathers: blocks of one reshape where the bins tile the axis (no pad,
  no gather), else :func:`spread_axis` (a few slices or gathers of the
  cotangent per position)."""
  if _tiles(size, out):
    return _phases_axis(axis, size, out, ndim)
  return spread_axis(axis, size, out, ndim)


# ---- separable max over several axes -----------------------------------------

def window_max(x: jax.Array, dims) -> jax.Array:
  """The max over each window, reducing one spatial axis (reader in
  ``dims``) at a time."""
  for d in reversed(dims):
    x = d.max(x)
  return x


def max_and_index(x: jax.Array, dims, store: Store, tangent_dims=None):
  """Max, its flat plane index (``h * W + w``...) and per-axis selectors.

  The last spatial axis is reduced first, then each earlier one, carrying the
  partial flat index of the winner, so row-major order is kept: within a row
  the first max wins, then the first row holding the overall max (or the
  last NaN). The selectors (last axis first) pick the winners in
  ``tangent_dims`` (default ``dims``), for :func:`select_winners`.
  ``store`` is the schedule's (results stored apart where that pays).
  """
  tangent_dims = dims if tangent_dims is None else tangent_dims
  val, flat, stride, sels = x, None, 1, []
  for d, td in zip(reversed(dims), reversed(tangent_dims)):
    if isinstance(d, ViewsAxis):
      val, pos, carried, code = d.winners(val, flat, store)
      # (Without tangent dims, the selectors are not used.)
      sel = td.slots_from_code(code) if isinstance(td, BlocksAxis) else code
    else:
      val, pos, carried, sel = d.max_index(val, flat)
    if isinstance(td, SpreadAxis):
      sel = pos
    flat = pos if carried is None else carried + pos * stride
    stride *= d.size
    sels.append(sel)
  return val, flat, sels


def stored_winners(x: jax.Array, dims, store: Store,
                   tangent_dims=None):
  """:func:`max_and_index`, stored on its own by ``store``.

  A gradient reads each window's winning slot once per slot: fused, XLA:CPU
  recomputed the whole max-with-index for every input element.
  """
  return store(
      lambda x: max_and_index(x, dims, store, tangent_dims), x)


def select_winners(t: jax.Array, dims, sels) -> jax.Array:
  """``t`` at the winners: linear in ``t`` (the max's tangent)."""
  for d, sel in zip(reversed(dims), sels):
    t = d.select(t, sel)
  return t

