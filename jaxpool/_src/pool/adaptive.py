"""Adaptive and global pooling: PyTorch's bins from one N-d core.

Bin ``i`` of an axis of length ``L`` pooled to ``out`` bins covers
``[floor(i * L / out), ceil((i + 1) * L / out))``; bins may overlap, and
``out > L`` is allowed. The bins are static, so each spatial axis is reduced
on its own (separably, last axis first) with static slices: elementwise over
the per-offset views of the bins (narrow bins), or one reduction per "phase"
(wide bins), see ``axis_plan``. Average pooling sums each bin as PyTorch's
running sum instead (row-major, so the same sums overflow), up to
``_MAX_RUNNING_TAPS`` taps per bin, and its gradient gathers, per input
element, the cotangents of the bins holding it. The graph never holds a
loop over output cells, and its size is capped whatever the input size.

Max pooling picks PyTorch's winner (the first max in row-major order, or the
last NaN). Reducing the last spatial axis first keeps the row-major order:
within each row the first max wins, then the first row holding the overall
max. Gradients go to the winner through a ``jax.custom_jvp`` whose tangent
selects the input tangent at the winning slots, which is linear, so forward
and reverse mode both work; the max's tangents use the layouts whose
transposes are cheap (no scatter). The average's tangent is the transpose
of its gradient's gathers: a scatter-add, run in forward mode only.

The same separable max-with-index reduction serves fractional max pooling
(:mod:`jaxpool._src.pool.fractional`), whose windows are gathered per plane.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from typing import Optional, Sequence, Union

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src.core import args as _args
from jaxpool._src import schedules
from jaxpool._src.core import rules


OutputSize = Union[int, Sequence[Optional[int]]]


def adaptive_bins(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
  """PyTorch's bin starts and ends (``start_index``/``end_index`` in ATen)."""
  i = np.arange(out, dtype=np.int64)
  return (i * size) // out, -((-(i + 1) * size) // out)


@dataclasses.dataclass(frozen=True)
class Bins:
  """Static geometry of adaptive pooling: per spatial dim, axis/size/out."""
  axes: tuple[int, ...]
  sizes: tuple[int, ...]
  out: tuple[int, ...]


def normalise_output_size(fn: str, value, sizes: Sequence[int]) -> tuple[int, ...]:
  """Normalises ``output_size``: an int, or one int or ``None`` per dim."""
  n = len(sizes)
  if _args.is_int(value):
    values = (int(value),) * n
  elif isinstance(value, (tuple, list)) and all(
      v is None or _args.is_int(v) for v in value):
    if len(value) != n:
      raise ValueError(
          f"{fn}: output_size={value!r} has {len(value)} entries; expected an "
          f"int or {n} entries (ints, or None to keep that dimension).")
    values = tuple(s if v is None else int(v) for v, s in zip(value, sizes))
  else:
    raise TypeError(
        f"{fn}: output_size={value!r} is not an int or a sequence of ints and "
        f"None; expected an int or {n} entries.")
  for v in values:
    if v < 1:
      raise ValueError(f"{fn}: output_size={value!r} must be positive; got "
                       f"{v}.")
  return values


def make_bins(fn: str, x_shape, n: int, out_size, channels_last,
              kind: str = "max") -> Bins:
  """Validates adaptive pooling arguments; empty dims as PyTorch (see
  ``_args.EMPTY_RULES``): max, any dim but the leading one non-zero;
  average, non-zero spatial sizes, and in 3-d, unless every output size is
  1, a non-zero channel dim in a batched input too."""
  lay = _args.layout(fn, x_shape, n, _args.check_bool(
      fn, "channels_last", channels_last),
                     empty="leading" if kind == "max" else "channels")
  sizes = tuple(x_shape[a] for a in lay.spatial_axes)
  out = normalise_output_size(fn, out_size, sizes)
  if kind != "max" and n == 3 and out != (1,) * n:
    _args.check_nonempty(fn, x_shape, lay, "leading")
  return Bins(lay.spatial_axes, sizes, out)


# ---- one spatial axis: how its bins are read ---------------------------------
#
# Three layouts, chosen statically per (size, out); each keeps the graph
# bounded (no loop over output cells; at most _MAX_VIEW_SLICES slices or
# _MAX_PHASES reductions per axis).
#
# * "views": for each offset j < K (K the widest bin), the view of element
#   start_i + j of every bin i, built from static slices; reductions are
#   elementwise over the K views, which XLA fuses into one loop (as the
#   strided-view max pooling of the cpu schedule). With g = gcd(L, out),
#   the axis splits into g equal groups holding out / g "phases" (bins) each at the
#   same offsets, so a view is (out / g) slices of the grouped axis. Used
#   for values and max winners while (out / g) * K <= _MAX_VIEW_SLICES.
#   Fastest forward, but its transpose is a padded input-sized copy per
#   slice, so tangents (hence gradients) use the next two.
# * "phases": each phase is one static slice of the grouped axis, reduced
#   over its width: out / g <= _MAX_PHASES reductions, transposed by one pad
#   each.
# * "gather": otherwise (many phases: out / gcd(L, out) > _MAX_PHASES), one
#   gather of every bin padded to K and one reduction; its gradient
#   scatters, the one slow path.

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


class ViewsAxis:
  """An axis reduced elementwise over its K per-offset views: values and
  winners; tangents use :class:`BlocksAxis` (see :func:`make_axis`)."""

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

  def winners(self, x, carry, store):
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


def make_axis(axis: int, size: int, out: int, ndim: int, values: bool):
  """The reader of one axis; ``values=False`` for tangents.

  Views are the fastest forward, but their transposes (a padded copy of the
  input per slice) are slow, so tangents use the block layouts, whose
  transposes are one pad per phase.
  """
  plan = axis_plan(size, out)
  if plan == "views" and values:
    return ViewsAxis(axis, size, out)
  if out // math.gcd(size, out) <= _MAX_PHASES:
    return _phases_axis(axis, size, out, ndim)
  return _gather_axis(axis, size, out, ndim)


# ---- separable max over several axes -----------------------------------------

def separable_max(x: jax.Array, dims) -> jax.Array:
  """The max over each window, reducing one spatial axis at a time."""
  for d in reversed(dims):
    x = d.max(x)
  return x


def separable_max_index(x: jax.Array, dims, store, tangent_dims=None):
  """Max, its flat plane index (``h * W + w``...) and per-axis selectors.

  The last spatial axis is reduced first, then each earlier one, carrying the
  partial flat index of the winner, so row-major order is kept: within a row
  the first max wins, then the first row holding the overall max (or the
  last NaN). The selectors (last axis first) pick the winners in
  ``tangent_dims`` (default ``dims``), for :func:`separable_select`.
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
    flat = pos if carried is None else carried + pos * stride
    stride *= d.size
    sels.append(sel)
  return val, flat, sels


def stored_winners(x: jax.Array, dims, store, tangent_dims=None):
  """:func:`separable_max_index`, stored on its own by ``store``.

  A gradient reads each window's winning slot once per slot: fused, XLA:CPU
  recomputed the whole max-with-index for every input element.
  """
  return store(
      lambda x: separable_max_index(x, dims, store, tangent_dims), x)


def separable_select(t: jax.Array, dims, sels) -> jax.Array:
  """``t`` at the winners: linear in ``t`` (the max's tangent)."""
  for d, sel in zip(reversed(dims), sels):
    t = d.select(t, sel)
  return t


# ---- adaptive cores ----------------------------------------------------------

def _dims(b: Bins, ndim: int, values: bool) -> list:
  return [make_axis(a, s, o, ndim, values)
          for a, s, o in zip(b.axes, b.sizes, b.out)]


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _adaptive_max_float(x, b, schedule):
  return separable_max(x, _dims(b, x.ndim, True))


def _disjoint_bins(b: Bins) -> bool:
  """Whether every axis has one phase (``out`` divides ``size``)."""
  return all(s % o == 0 for s, o in zip(b.sizes, b.out))


def _gather_winners(xd, b: Bins, index):
  """``xd`` at the flat plane ``index`` of each output (spatial axes are
  contiguous): a gather, whose transpose is PyTorch's scatter-add."""
  a0, n = b.axes[0], len(b.axes)
  flat = xd.reshape(xd.shape[:a0] + (-1,) + xd.shape[a0 + n:])
  idx = index.reshape(index.shape[:a0] + (-1,) + index.shape[a0 + n:])
  return jnp.take_along_axis(flat, idx, axis=a0,
                             mode="promise_in_bounds").reshape(index.shape)


def _max_index_and_tangent(x, xd, b: Bins, store):
  """The max, its flat index and the max's tangent (``xd`` at the winner).

  With several phases, the block layouts' transposes pad an input-sized
  buffer per phase; a gather's is one scatter-add of the (small) output.
  Disjoint bins keep the selection, faster there than the gather.
  """
  if _disjoint_bins(b):
    dims = _dims(b, x.ndim, False)
    out, index, sels = stored_winners(x, _dims(b, x.ndim, True), store,
                                      dims)
    return out, index, separable_select(xd, dims, sels)
  out, index, _ = stored_winners(x, _dims(b, x.ndim, True), store)
  return out, index, _gather_winners(xd, b, index)


@_adaptive_max_float.defjvp
def _adaptive_max_float_jvp(b, schedule, primals, tangents):
  (x,), (xd,) = primals, tangents
  store = schedules.get(schedule).store
  out, _, out_dot = _max_index_and_tangent(x, xd, b, store)
  return out, out_dot


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _adaptive_max_index_float(x, b, schedule):
  store = schedules.get(schedule).store
  return separable_max_index(x, _dims(b, x.ndim, True), store)[:2]


@_adaptive_max_index_float.defjvp
def _adaptive_max_index_float_jvp(b, schedule, primals, tangents):
  (x,), (xd,) = primals, tangents
  store = schedules.get(schedule).store
  out, index, out_dot = _max_index_and_tangent(x, xd, b, store)
  index_dot = np.zeros(index.shape, jax.dtypes.float0)
  return (out, index), (out_dot, index_dot)


@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _adaptive_max(x, b: Bins, return_indices: bool, schedule: str):
  is_float = jnp.issubdtype(x.dtype, jnp.floating)
  if not return_indices:
    return (_adaptive_max_float(x, b, schedule) if is_float
            else separable_max(x, _dims(b, x.ndim, True)))
  if is_float:
    return _adaptive_max_index_float(x, b, schedule)
  store = schedules.get(schedule).store
  return separable_max_index(x, _dims(b, x.ndim, True), store)[:2]


# ---- adaptive average ---------------------------------------------------------
#
# Values: PyTorch's running sum per bin (see ``_bin_running_sum``) while a
# bin has at most _MAX_RUNNING_TAPS taps; wider bins are summed one axis at a
# time by the layouts above. Gradients: each input element gathers the
# scaled cotangents of the bins holding it (``_spread``), PyTorch's backward
# read from the input's side; the tangent is that map's transpose, so that
# reverse mode, which transposes it back, runs the gathers. No product with
# a membership matrix: ``0 * inf`` would make a whole plane NaN.
# The running sum's graph holds one read per tap, so its compile time grows
# with the taps; 256 covers 16x16 bins (global pooling of 16x16 planes).

_MAX_RUNNING_TAPS = 256


def _take_static(x, idx: np.ndarray, axis: int):
  """``x`` at the static positions ``idx`` along ``axis``: one strided slice
  when they are an arithmetic progression (bins of equal starts' spacing,
  one output), else a gather."""
  runs = _runs(idx)
  if len(runs) == 1:
    return jax.lax.slice_in_dim(x, *runs[0], axis=axis)
  return jnp.take(x, idx.astype(np.int32), axis=axis, mode="clip")


def _running_taps(b: Bins) -> int:
  return math.prod(int((e - s).max())
                   for s, e in map(adaptive_bins, b.sizes, b.out))


def _tap_sum(x, taps):
  """A running sum over the row-major product of per-axis taps.

  ``taps`` holds, per axis, ``(axis, [(positions, valid), ...])``: tap ``j``
  along ``axis`` reads the static ``positions`` (one per output) and adds
  ``+0`` where not ``valid``. Reads of a common prefix of offsets are shared.
  """
  cache = {(): x}

  def read(offset):
    if offset not in cache:
      axis, per_tap = taps[len(offset) - 1]
      cache[offset] = _take_static(read(offset[:-1]), per_tap[offset[-1]][0],
                                   axis)
    return cache[offset]

  shape = [1] * x.ndim
  for axis, per_tap in taps:
    shape[axis] = len(per_tap[0][0])
  def addend(offset):
    v = read(offset)
    valid = functools.reduce(np.logical_and.outer,
                             [t[j][1] for (_, t), j in zip(taps, offset)])
    if not valid.all():
      v = jnp.where(valid.reshape(shape), v, jnp.zeros((), v.dtype))
    return v

  # Row-major over the offsets, one running sum: a chain of adds in order.
  return functools.reduce(jax.lax.add, map(addend, itertools.product(
      *(range(len(t)) for _, t in taps))))


def _bin_running_sum(x, b: Bins):
  """Each bin's sum as PyTorch's kernel takes it: one running sum from
  ``+0`` over the bin's taps in row-major order (the order decides which
  sums overflow). Tap ``j`` of every bin along an axis is read at
  ``start + j`` (clipped); taps past a bin's end add ``+0``. A zero sum is
  made ``+0`` at the end, as PyTorch's (XLA folds a ``+0`` start away)."""
  taps = []
  for a, size, out in zip(b.axes, b.sizes, b.out):
    start, end = adaptive_bins(size, out)
    taps.append((a, [(np.minimum(start + j, size - 1), start + j < end)
                     for j in range(int((end - start).max()))]))
  total = _tap_sum(x, taps)
  return jnp.where(total == 0, jnp.zeros((), total.dtype), total)


def _spread(g, b: Bins):
  """The transpose of the bin sums: each input element's sum of ``g`` over
  the bins holding it, in row-major bin order (PyTorch's backward adds in
  output order). Per axis, the bins holding position ``i`` run from the
  first whose end passes ``i`` to the last starting at or before it."""
  taps = []
  for a, size, out in zip(b.axes, b.sizes, b.out):
    start, end = adaptive_bins(size, out)
    pos = np.arange(size)
    first = np.searchsorted(end, pos, side="right")
    last = np.searchsorted(start, pos, side="right") - 1
    taps.append((a, [(np.minimum(first + r, out - 1), first + r <= last)
                     for r in range(int((last - first).max()) + 1)]))
  return _tap_sum(g, taps)


def _bin_counts(b: Bins, ndim: int):
  """Elements per output cell (outer product of bin widths), or an int."""
  count = np.ones((), np.int64)
  for size, out in zip(b.sizes, b.out):
    start, end = adaptive_bins(size, out)
    count = np.multiply.outer(count, end - start)
  if np.all(count == count.flat[0]):
    return int(count.flat[0])
  shape = [1] * ndim
  for a, o in zip(b.axes, b.out):
    shape[a] = o
  return count.reshape(shape)


def _bin_sum(x, b: Bins):
  if _running_taps(b) <= _MAX_RUNNING_TAPS:
    return _bin_running_sum(x, b)
  for a, size, out in reversed(list(zip(b.axes, b.sizes, b.out))):
    x = make_axis(a, size, out, x.ndim, True).sum(x)
  return x


def _divide_by_counts(s, b: Bins):
  count = _bin_counts(b, s.ndim)
  if isinstance(count, np.ndarray):
    count = count.astype(s.dtype)
  # True division by the bin's element count, as PyTorch's channels-last
  # kernel (its channels-first one divides by each bin width in turn).
  return s / count


@functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
def _adaptive_avg_core(x, b: Bins):
  return _divide_by_counts(_bin_sum(x, b), b)


@_adaptive_avg_core.defjvp
def _adaptive_avg_core_jvp(b, primals, tangents):
  (x,), (xd,) = primals, tangents
  out_spec = jax.ShapeDtypeStruct(_out_shape(xd.shape, b), xd.dtype)
  bin_sums = jax.linear_transpose(lambda g: _spread(g, b), out_spec)
  return (_divide_by_counts(_bin_sum(x, b), b),
          _divide_by_counts(bin_sums(xd)[0], b))


def _out_shape(shape, b: Bins):
  shape = list(shape)
  for a, o in zip(b.axes, b.out):
    shape[a] = o
  return tuple(shape)


@functools.partial(jax.jit, static_argnums=(1,))
def _adaptive_avg(x, b: Bins):
  acc = x.astype(rules.accumulation_dtype(x.dtype))
  return _adaptive_avg_core(acc, b).astype(x.dtype)


def adaptive_max_pool(fn: str, n: int, x, output_size, return_indices,
                      channels_last):
  x = _args.check_array(fn, x)
  return_indices = _args.check_bool(fn, "return_indices", return_indices)
  b = make_bins(fn, x.shape, n, output_size, channels_last)
  rules.check_pool_dtype(fn, x, allow_int=True)
  return schedules.run(_adaptive_max, (x,), (b, return_indices))


def adaptive_avg_pool(fn: str, n: int, x, output_size, channels_last):
  x = _args.check_array(fn, x)
  b = make_bins(fn, x.shape, n, output_size, channels_last, "avg")
  rules.check_pool_dtype(fn, x, allow_int=False)
  return _adaptive_avg(x, b)


def global_pool(fn: str, n: int, x, keepdims, channels_last, kind: str):
  """Adaptive pooling to one cell per spatial dim, optionally squeezed."""
  x = _args.check_array(fn, x)
  keepdims = _args.check_bool(fn, "keepdims", keepdims)
  b = make_bins(fn, x.shape, n, 1, channels_last, kind)
  if kind == "max":
    rules.check_pool_dtype(fn, x, allow_int=True)
    y = schedules.run(_adaptive_max, (x,), (b, False))
  else:
    rules.check_pool_dtype(fn, x, allow_int=False)
    y = _adaptive_avg(x, b)
  return y if keepdims else y.squeeze(b.axes)
