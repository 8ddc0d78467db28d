"""Adaptive and global pooling: PyTorch's bins from one N-d core.

Bin ``i`` of an axis of length ``L`` pooled to ``out`` bins covers
``[floor(i * L / out), ceil((i + 1) * L / out))`` (PyTorch's rule,
:func:`jaxpool._src.core.geometry.adaptive_bins`); bins may overlap, and
``out > L`` is allowed. The bins are static, so each spatial axis is reduced
on its own (separably, last axis first) by the separable engine
(:mod:`jaxpool._src.schedules.separable`) with static slices: elementwise
over the per-offset views of the bins (narrow bins), or one reduction per
"phase" (wide bins), see its ``axis_plan``. Average pooling sums each bin as
PyTorch's running sum instead (row-major, so the same sums overflow), up to
``_MAX_RUNNING_TAPS`` taps per bin, and its gradient gathers, per input
element, the cotangents of the bins holding it. The graph never holds a
loop over output cells, and its size is capped whatever the input size.

Max pooling picks PyTorch's winner (the first max in row-major order, or the
last NaN). Gradients go to the winner through a ``jax.custom_jvp`` whose
tangent selects the input tangent at the winning slots, which is linear, so
forward and reverse mode both work; the max's tangents use readers whose
transposes gather (no scatter: the gradients are deterministic on every
backend). The average's tangent is the transpose of its gradient's
gathers: a scatter-add, run in forward mode only.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any, Optional, Sequence, Union

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src import schedules
from jaxpool._src.core import args as _args
from jaxpool._src.core import geometry
from jaxpool._src.core import rules
from jaxpool._src.core.geometry import Bins
from jaxpool._src.schedules import separable


OutputSize = Union[int, Sequence[Optional[int]]]


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
    if v < 0:
      raise ValueError(f"{fn}: output_size={value!r} must be non-negative "
                       f"(0 gives an empty result, as PyTorch); got {v}.")
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


# ---- adaptive cores ----------------------------------------------------------

def _dims(b: Bins, ndim: int) -> list:
  return [separable.make_axis(a, s, o, ndim)
          for a, s, o in zip(b.axes, b.sizes, b.out)]


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _adaptive_max_float(x, b, schedule):
  return separable.window_max(x, _dims(b, x.ndim))


def _max_index_and_tangent(x, xd, b: Bins, store):
  """The max, its flat index and the max's tangent (``xd`` at the winner),
  whose transpose gathers (:func:`separable.tangent_axis`). Where an axis's
  value and tangent readers are both blocks, they are one reader: the
  tangent reads the value's slots."""
  dims, tangent_dims = [], []
  for a, size, out in zip(b.axes, b.sizes, b.out):
    value = separable.make_axis(a, size, out, x.ndim)
    tangent = separable.tangent_axis(a, size, out, x.ndim)
    if isinstance(value, separable.BlocksAxis) and isinstance(
        tangent, separable.BlocksAxis):
      value = tangent
    dims.append(value)
    tangent_dims.append(tangent)
  out, index, sels = separable.stored_winners(x, dims, store, tangent_dims)
  return out, index, separable.select_winners(xd, tangent_dims, sels)


@_adaptive_max_float.defjvp
def _adaptive_max_float_jvp(b, schedule, primals, tangents):
  (x,), (xd,) = primals, tangents
  store = schedules.get(schedule).store
  out, _, out_dot = _max_index_and_tangent(x, xd, b, store)
  return out, out_dot


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _adaptive_max_index_float(x, b, schedule):
  store = schedules.get(schedule).store
  return separable.max_and_index(x, _dims(b, x.ndim), store)[:2]


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
            else separable.window_max(x, _dims(b, x.ndim)))
  if is_float:
    return _adaptive_max_index_float(x, b, schedule)
  store = schedules.get(schedule).store
  return separable.max_and_index(x, _dims(b, x.ndim), store)[:2]


# ---- adaptive average ---------------------------------------------------------
#
# Values: PyTorch's running sum per bin (see ``_bin_running_sum``) while a
# bin has at most _MAX_RUNNING_TAPS taps; wider bins are summed one axis at a
# time by the separable engine's layouts. Gradients: each input element
# gathers the scaled cotangents of the bins holding it (``_spread``),
# PyTorch's backward read from the input's side; the tangent is that map's
# transpose, so that reverse mode, which transposes it back, runs the
# gathers. No product with a membership matrix: ``0 * inf`` would make a
# whole plane NaN. The running sum's graph holds one read per tap, so its
# compile time grows with the taps; 256 covers 16x16 bins (global pooling of
# 16x16 planes).

_MAX_RUNNING_TAPS = 256


def _running_taps(b: Bins) -> int:
  return math.prod(int((e - s).max())
                   for s, e in map(geometry.adaptive_bins, b.sizes, b.out))


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
      cache[offset] = separable.take_static(
          read(offset[:-1]), per_tap[offset[-1]][0], axis)
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
    start, end = geometry.adaptive_bins(size, out)
    taps.append((a, [(np.minimum(start + j, size - 1), start + j < end)
                     for j in range(int((end - start).max()))]))
  total = _tap_sum(x, taps)
  return jnp.where(total == 0, jnp.zeros((), total.dtype), total)


def _spread(g, b: Bins):
  """The transpose of the bin sums: each input element's sum of ``g`` over
  the bins holding it, in row-major bin order (PyTorch's backward adds in
  output order). Per axis, the bins holding position ``i`` run from the
  first whose end passes ``i`` to the last starting at or before it."""
  taps = [(a, geometry.bins_holding(size, out))
          for a, size, out in zip(b.axes, b.sizes, b.out)]
  return _tap_sum(g, taps)


def _bin_counts(b: Bins, ndim: int):
  """Elements per output cell (outer product of bin widths), or an int."""
  count = np.ones((), np.int64)
  for size, out in zip(b.sizes, b.out):
    start, end = geometry.adaptive_bins(size, out)
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
    x = separable.make_axis(a, size, out, x.ndim).sum(x)
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
  out_spec = jax.ShapeDtypeStruct(b.out_shape(xd.shape), xd.dtype)
  bin_sums = jax.linear_transpose(lambda g: _spread(g, b), out_spec)
  return (_divide_by_counts(_bin_sum(x, b), b),
          _divide_by_counts(bin_sums(xd)[0], b))


@functools.partial(jax.jit, static_argnums=(1,))
def _adaptive_avg(x, b: Bins):
  acc = x.astype(rules.accumulation_dtype(x.dtype))
  return _adaptive_avg_core(acc, b).astype(x.dtype)


def adaptive_max_pool(fn: str, n: int, x, output_size, return_indices,
                      channels_last) -> Any:  # values, or (values, indices)
  x = _args.check_array(fn, x)
  return_indices = _args.check_bool(fn, "return_indices", return_indices)
  b = make_bins(fn, x.shape, n, output_size, channels_last)
  rules.check_pool_dtype(fn, x, allow_int=True)
  if 0 in b.out:
    empty = _empty(x, b)
    if return_indices:
      return empty, jnp.zeros(empty.shape, _args.index_dtype())
    return empty
  return schedules.run(_adaptive_max, (x,), (b, return_indices))


def adaptive_avg_pool(fn: str, n: int, x, output_size, channels_last):
  x = _args.check_array(fn, x)
  b = make_bins(fn, x.shape, n, output_size, channels_last, "avg")
  rules.check_pool_dtype(fn, x, allow_int=False)
  if 0 in b.out:
    return _empty(x, b)
  return _adaptive_avg(x, b)


def _empty(x, b: Bins):
  """PyTorch's result for an output size of 0: an empty array, after the
  same checks of the input. Its gradient is zero (PyTorch's backward raises
  for an empty output)."""
  return jnp.zeros(b.out_shape(x.shape), x.dtype)


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
