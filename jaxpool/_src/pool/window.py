"""The N-d pooling core: max (with indices), average, power-average, unpool.

One implementation serves 1-d, 2-d and 3-d and both layouts. A window
reduction is computed as an elementwise reduction over "views": for each
kernel offset, the strided slice of the input that the offset reads at every
output position, padded with the reduction's identity where the offset falls
in the padding. XLA fuses the views into one loop; no padded copy of the input
is made, and nothing is transposed for channels-first input. 3-d windows are
reduced in two stored stages, (H, W) then D (see ``_stages``); window sums
keep PyTorch's order instead, one running sum over the taps in row-major
order (see ``running_window_sum``). Where padding
makes the views pads, large outputs are computed by regions: the interior
from plain slices, the border outputs apart (see ``by_regions``).

Max pooling differentiates through a ``jax.custom_jvp`` whose tangent selects,
per output, the view of the kernel offset that won (PyTorch's first-max rule,
NaN wins). The tangent is linear in the input tangent, so forward mode,
reverse mode (by transposition) and dilation all work, which
``jax.grad(lax.reduce_window max)`` does not offer for dilated windows.
Where windows overlap in two or more strided dims, the tangent's views are
shifts of its stride phases, so the gradient has no interior padding (see
``tangent_views``), and 2-d window sums of tangents are taken one dim at a
time (``_tangent_window_sum``).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.experimental import checkify

from jaxpool._src.core import args as _args


@dataclasses.dataclass(frozen=True)
class Window:
  """Static geometry of a pooling window over the spatial axes of an input.

  All fields are per spatial dimension, in the order of ``axes``; ``pads``
  holds explicit ``(lo, hi)`` pairs and ``out`` the output lengths.
  """
  axes: tuple[int, ...]
  sizes: tuple[int, ...]
  kernel: tuple[int, ...]
  stride: tuple[int, ...]
  dilation: tuple[int, ...]
  pads: tuple[tuple[int, int], ...]
  out: tuple[int, ...]

  @property
  def offsets(self):
    """Kernel offsets in row-major window order (PyTorch's scan order)."""
    return itertools.product(*(range(k) for k in self.kernel))

  def out_shape(self, in_shape):
    shape = list(in_shape)
    for a, o in zip(self.axes, self.out):
      shape[a] = o
    return tuple(shape)

  def in_shape(self, out_shape):
    """The inverse of :meth:`out_shape`: ``sizes`` on the window axes."""
    shape = list(out_shape)
    for a, size in zip(self.axes, self.sizes):
      shape[a] = size
    return tuple(shape)

  def spatial_broadcast(self, arr: np.ndarray, ndim: int) -> np.ndarray:
    """Reshapes an array over the output positions to broadcast in ``ndim``."""
    shape = [1] * ndim
    for a, o in zip(self.axes, self.out):
      shape[a] = o
    return arr.reshape(shape)


def output_length(fn: str, size: int, kernel: int, stride: int, dilation: int,
                  lo: int, hi: int, ceil_mode: bool) -> int:
  """PyTorch's pooling output length (``pooling_output_shape`` in Pool.h)."""
  effective = dilation * (kernel - 1) + 1
  numerator = size + lo + hi - effective + (stride - 1 if ceil_mode else 0)
  out = numerator // stride + 1
  # The last window must start inside the input or the left padding.
  if ceil_mode and (out - 1) * stride >= size + lo:
    out -= 1
  if out < 1:
    raise ValueError(
        f"{fn}: output size is too small: input size {size} with kernel_size="
        f"{kernel}, stride={stride}, padding=({lo}, {hi}), dilation={dilation},"
        f" ceil_mode={ceil_mode} gives output size {out}; expected at least 1.")
  return out


def make_window(fn: str, x_shape, n: int, kernel_size, stride, padding,
                dilation, ceil_mode, channels_last, *,
                check_input_size: bool = False
                ) -> tuple[Window, _args.Layout]:
  """Validates pooling arguments and derives the window geometry.

  As PyTorch (``pool2d_shape_check``/``pool3d_shape_check`` in ATen's
  Pool.h), only the batch dim may be empty, and with ``check_input_size``
  (PyTorch's flag, set by ``avg_pool3d``, hence ``lp_pool3d``) every spatial
  size, padding not counted, must be at least the kernel size.
  """
  lay = _args.layout(fn, x_shape, n, _args.check_bool(
      fn, "channels_last", channels_last), empty="batch")
  ceil_mode = _args.check_bool(fn, "ceil_mode", ceil_mode)
  kernel = _args.ntuple(fn, "kernel_size", kernel_size, n, minimum=1)
  if stride is None or (isinstance(stride, (tuple, list)) and not stride):
    strides = kernel
  else:
    strides = _args.ntuple(fn, "stride", stride, n, minimum=1)
  dilations = _args.ntuple(fn, "dilation", dilation, n, minimum=1)
  sizes = tuple(x_shape[a] for a in lay.spatial_axes)
  pads = _args.padding_pairs(fn, padding, n)
  if check_input_size:
    for i, (size, k) in enumerate(zip(sizes, kernel)):
      if size < k:
        raise ValueError(
            f"{fn}: input spatial size {sizes} is smaller than kernel_size="
            f"{kernel_size!r} in spatial dim {i} ({size} < {k}); expected "
            f"every spatial size to be at least the kernel size, padding not "
            f"counted (as PyTorch's {fn}).")
  if pads == "VALID":
    pads = ((0, 0),) * n
  elif pads == "SAME":
    pairs = []
    for size, k, s, d in zip(sizes, kernel, strides, dilations):
      total = max((-(-size // s) - 1) * s + d * (k - 1) + 1 - size, 0)
      pairs.append((total // 2, total - total // 2))
    pads = tuple(pairs)
  else:
    for k, (lo, hi) in zip(kernel, pads):
      if max(lo, hi) > k // 2:
        raise ValueError(
            f"{fn}: padding={padding!r} must be at most half of kernel_size="
            f"{kernel_size!r} in every dimension (as PyTorch, the kernel size "
            f"before dilation); got padding {max(lo, hi)} for kernel {k}.")
  out = tuple(
      output_length(fn, size, k, s, d, lo, hi, ceil_mode)
      for size, k, s, d, (lo, hi) in zip(sizes, kernel, strides, dilations,
                                         pads))
  window = Window(lay.spatial_axes, sizes, kernel, strides, dilations, pads,
                  out)
  return window, lay


def _view(x: jax.Array, w: Window, offset, fill) -> jax.Array:
  """The input element each output position reads at one kernel offset.

  Positions that fall in the padding (or past the input under ceil_mode) get
  ``fill``. Built from one strided slice and one pad: no padded copy.
  """
  starts, limits, strides = [0] * x.ndim, list(x.shape), [1] * x.ndim
  pad_cfg = [(0, 0, 0)] * x.ndim
  for a, size, s, d, (lo, _), o, j in zip(w.axes, w.sizes, w.stride,
                                          w.dilation, w.pads, w.out, offset):
    first = j * d - lo  # input position read by output 0
    o_lo = max(0, -(first // s))  # first output whose tap is in the input
    o_hi = min(o, (size - 1 - first) // s + 1) if first < size else 0
    if o_hi <= o_lo:
      return jnp.full(w.out_shape(x.shape), fill, x.dtype)
    start = first + o_lo * s
    starts[a], limits[a], strides[a] = start, start + (o_hi - o_lo - 1) * s + 1, s
    pad_cfg[a] = (o_lo, o - o_hi, 0)
  v = lax.slice(x, starts, limits, strides)
  if any(p != (0, 0, 0) for p in pad_cfg):
    v = lax.pad(v, jnp.asarray(fill, x.dtype), pad_cfg)
  return v


def _overlaps_in_two_strided_dims(w: Window) -> bool:
  """Whether windows overlap along two or more strided dims (k3 s2 in 2-d).

  There the gradient of a window sum is costliest: the transpose of each
  strided view is a pad with interior padding, and one loop tests every
  kernel offset at every input element. So there, window sums of tangents
  are taken one dim at a time (:func:`_tangent_window_sum`): average
  pooling's backward at 16x112x112x64 k3 s2 p1 took 9-10 instead of 13-20
  ms. With overlap along one dim (1-d k3 s2) or none (k3 s3, k2 s2) the
  extra pass costs more than it saves (average, 8x224x224x64 k2 s2: 17-18.6
  against 11.7-12.9). (Max pooling's tangents: :func:`_tangent_phases_pay`.)
  """
  return sum(s > 1 and (k - 1) * d + 1 > s for k, s, d in
             zip(w.kernel, w.stride, w.dilation)) >= 2


def _stride_phases(x: jax.Array, w: Window) -> dict:
  """``x`` split per spatial dim into its stride phases: phase ``r`` holds
  positions ``m * s + r`` (zero past the end), keyed by the tuple of ``r``.

  A reshape and splits: transposed, a concatenation, which XLA fuses with
  the phases' own gradients into one loop writing the interleaved result.
  """
  pad_cfg, shape, phase_axes = [(0, 0, 0)] * x.ndim, [], []
  for a in range(x.ndim):
    if a not in w.axes:
      shape.append(x.shape[a])
      continue
    dim = w.axes.index(a)
    s, size = w.stride[dim], w.sizes[dim]
    m = -(-size // s)
    pad_cfg[a] = (0, m * s - size, 0)
    phase_axes.append(len(shape) + 1)
    shape += [m, s]
  if any(p != (0, 0, 0) for p in pad_cfg):
    x = lax.pad(x, jnp.zeros((), x.dtype), pad_cfg)
  phases = {(): x.reshape(shape)}
  for a in phase_axes:
    phases = {key + (r,): part for key, whole in phases.items()
              for r, part in enumerate(lax.split(whole, [1] * shape[a], a))}
  phase_shape = [n for a, n in enumerate(shape) if a not in phase_axes]
  return {key: part.reshape(phase_shape) for key, part in phases.items()}


def _tangent_phases_pay(w: Window, shape) -> bool:
  """Whether max pooling's tangent reads its views from stride phases
  (:func:`tangent_views`), for an input of ``shape``. Measured forward+
  backward on a 2-core x86-64 CPU (ms, plain views against phases):

  - Channels first (the minor dim spatial), wherever a dim is strided: the
    strided views' transposes interleave within the minor dim (16x64x112x
    112 k2 s2: 39 against 16, k3 s3: 111 against 23; 32x64x4096 k3 s2 p1:
    34-38 against 17; 64x32x28x28 k2 s2: 8.3-9 against 6.7-7.8).
  - Channels last, where the window spans two dims and overlaps along a
    strided one (16x112x112x64 k3 s2 p1: 33 against 15-16; k3 s(2, 1): 67
    against 31); or, without overlap, with 48 channels or more (8x224x224
    x64 k2 s2: 28-30 against 23-24, k3 s3: 38-40 against 23-25), not
    fewer (x32: 27-30 against 54-61; x16: 30-51 against 54).
  - Not for windows along one dim, channels last (32x4096x64 k3 s2 p1:
    11.1-11.5 against 11.8-12.5): three views, each cheap to transpose.
  """
  if all(s == 1 for s in w.stride):
    return False
  if w.axes[-1] == len(shape) - 1:
    return True
  extent = [(k - 1) * d + 1 for k, d in zip(w.kernel, w.dilation)]
  if sum(e > 1 for e in extent) < 2:
    return False
  overlap = any(s > 1 and e > s for s, e in zip(w.stride, extent))
  return overlap or shape[-1] >= 48


# Up to this many kernel offsets, max pooling's gradient computes the stride
# phases' gradients in the loop that interleaves them (16x112x112x64 k3 s2
# p1: 15-16 instead of 23-25 ms forward+backward); beyond, that loop is
# slower than storing each phase's gradient first (k4 s2 p1: 46-48 against
# 41-43 ms, k4 s3 p1: 46 against 38-40).
_FUSED_PHASES_MAX_OFFSETS = 9


def _phase_shifts(w: Window, offset, phase_grid):
  """Per window dim, for one kernel offset: the stride phase ``r`` it
  reads, the ``shift`` (output ``o`` reads phase position ``o + shift``),
  and the outputs ``[lo, hi)`` whose position lies on the phase grid of
  ``phase_grid`` positions (``hi <= lo`` if none)."""
  for s, d, (lo, _), n, m, j in zip(w.stride, w.dilation, w.pads, w.out,
                                    phase_grid, offset):
    shift, r = divmod(j * d - lo, s)
    o_lo = max(0, -shift)
    yield r, shift, o_lo, max(o_lo, min(n, m - shift))


def tangent_views(xd: jax.Array, w: Window) -> list[jax.Array]:
  """``[_view(xd, w, o, 0) for o in w.offsets]``, built for transposition.

  A strided view's transpose is a pad with interior padding: max pooling's
  gradient is one loop testing every kernel offset at every input element,
  3.5x the time of a copy at 16x112x112x64 k3 s2 p1. Where it pays
  (:func:`_tangent_phases_pay`), the tangent is first split into its
  stride phases (:func:`_stride_phases`), and each view is a unit-stride
  shift of one phase: the gradient of a phase sums only the offsets that
  land in it (1, 2, 2 and 4 of the 9 at k3 s2), without interior padding,
  and a concatenation interleaves the phases' gradients in the same loop
  (with more than ``_FUSED_PHASES_MAX_OFFSETS`` offsets, after each
  phase's is stored). Window sums are instead taken one dim at a time, see
  :func:`_tangent_window_sum`.
  """
  if not _tangent_phases_pay(w, xd.shape):
    return [_view(xd, w, o, 0) for o in w.offsets]
  if math.prod(w.kernel) <= _FUSED_PHASES_MAX_OFFSETS:
    phases = _stride_phases(xd, w)
  else:
    phases = separately(lambda xd: _stride_phases(xd, w), xd)
  phase_shape = next(iter(phases.values())).shape
  views = []
  for offset in w.offsets:
    phase, starts, limits = [], [0] * xd.ndim, list(w.out_shape(xd.shape))
    pad_cfg = [(0, 0, 0)] * xd.ndim
    for a, o, (r, shift, o_lo, o_hi) in zip(w.axes, w.out, _phase_shifts(
        w, offset, [phase_shape[a] for a in w.axes])):
      phase.append(r)
      starts[a], limits[a] = o_lo + shift, o_hi + shift
      pad_cfg[a] = (o_lo, o - o_hi, 0)
    if any(lim <= st for st, lim in zip(starts, limits)):
      views.append(jnp.zeros(w.out_shape(xd.shape), xd.dtype))
      continue
    v = lax.slice(phases[tuple(phase)], starts, limits)
    if any(p != (0, 0, 0) for p in pad_cfg):
      v = lax.pad(v, jnp.zeros((), xd.dtype), pad_cfg)
    views.append(v)
  return views


# Splitting costs compile time (the argmax at 16x112x112x64 k3 s2 p1: 0.94
# instead of 0.37 s, for 15 instead of 20 ms a call): only outputs this
# large are split.
_SPLIT_MIN_OUTPUTS = 1 << 20


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
  slice (the interior with no pad at all) and the results concatenated: the
  max over 16x112x112x64 k3 s2 p1 took 4.6 ms instead of 7.4, its argmax 15
  instead of 20, the gradient's forward 27 instead of 33-38. ``grids`` are
  arrays over the output positions, passed sliced to the region; ``origin``
  is the region's first output position per dim. Not for computations that
  are transposed (the slices' transposes would each pad a full-size
  buffer).
  """
  per_dim, interior = zip(*(
      _axis_regions(size, k, s, d, lo, o) for size, k, s, d, (lo, _), o
      in zip(w.sizes, w.kernel, w.stride, w.dilation, w.pads, w.out)))
  outputs = math.prod(w.out_shape(x.shape))
  if all(len(r) == 1 for r in per_dim) or outputs < _SPLIT_MIN_OUTPUTS:
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


def _lowest(dtype):
  if jnp.issubdtype(dtype, jnp.floating):
    return -jnp.inf
  return jnp.iinfo(dtype).min


def _initial_code(w: Window) -> np.ndarray:
  """PyTorch's starting argmax per output: its first tap at a position >= 0.

  PyTorch starts each window at that tap with value -inf and replaces it only
  with a strictly larger value (or NaN); an all -inf window keeps it.
  """
  code = np.zeros(w.out, np.int32)
  kstride = 1
  for dim in reversed(range(len(w.axes))):
    s, d, (lo, _) = w.stride[dim], w.dilation[dim], w.pads[dim]
    start = np.arange(w.out[dim]) * s - lo
    j0 = -(np.minimum(start, 0) // d)  # ceil(max(0, -start) / d)
    shape = [1] * len(w.axes)
    shape[dim] = -1
    code = code + (j0 * kstride).reshape(shape).astype(np.int32)
    kstride *= w.kernel[dim]
  return code


def _stages(w: Window) -> tuple[Window, ...]:
  """The windows a reduction over ``w`` is computed in, innermost first.

  Up to two spatial dims are reduced in one fused loop. Beyond that, the
  last two dims are reduced first and stored, then the leading one: at
  4x32x32x32x32 k3 s2 p1 the 27 views fused in one loop ran 2.7x slower
  than 9 then 3. Max is associative, and PyTorch's argmax rule composes:
  the row-major first max is the first outer offset whose inner max is the
  max, then the first inner offset within it (the last NaN likewise, and an
  all -inf window keeps each stage's first in-bounds tap).
  """
  if len(w.axes) < 3:
    return (w,)
  n = len(w.axes)
  return (_sub_window(w, range(n - 2, n)), _sub_window(w, range(n - 2)))


def _sub_window(w: Window, dims) -> Window:
  """The window over the spatial dims ``dims`` of ``w`` only."""
  return Window(*(tuple(getattr(w, f.name)[d] for d in dims)
                  for f in dataclasses.fields(Window)))


def _reduce_views(x: jax.Array, w: Window, combine, fill,
                  split: bool = False) -> jax.Array:
  """``combine`` over each window's views, stage by stage (each stored).

  ``split``: computed by regions (:func:`by_regions`); only where the
  result is not transposed.
  """
  def reduce(x, w, *_):
    return functools.reduce(combine, (_view(x, w, o, fill) for o in w.offsets))

  def stage_reduce(x, stage):
    return by_regions(x, stage, reduce) if split else reduce(x, stage)

  *inner, last = _stages(w)
  for stage in inner:
    x = separately(functools.partial(stage_reduce, stage=stage), x)
  return stage_reduce(x, last)


def window_max(x: jax.Array, w: Window) -> jax.Array:
  """Max over each window; padding is -inf (the lowest int for integers)."""
  return _reduce_views(x, w, jnp.maximum, _lowest(x.dtype), split=True)


def _inner_stages(x: jax.Array, w: Window):
  """Every stage but the last: returns the last stage's input and the codes.

  Each stage's max and its code are stored (``separately``): unfused, XLA
  recomputes the whole argmax once per kernel offset in the gradient (10x
  slower at 16x112x112x64 k3 s2), and shares the views of the two passes,
  which then materialise (61 MB).
  """
  codes = []
  for stage in _stages(w)[:-1]:
    best = separately(functools.partial(window_max, w=stage), x)
    codes.append(separately(functools.partial(argmax_code, w=stage), x))
    x = best
  return x, tuple(codes)


def max_and_codes(x: jax.Array, w: Window):
  """Max over each window, and per stage the kernel offset that holds it.

  Returns ``(max, codes)``: one code per window of ``_stages(w)``, each on
  that stage's output grid, in row-major offset order of its own kernel.
  """
  x, codes = _inner_stages(x, w)
  last = _stages(w)[-1]
  code = separately(functools.partial(argmax_code, w=last), x)
  return window_max(x, last), codes + (code,)


def max_and_index(x: jax.Array, w: Window, dtype) -> tuple[jax.Array,
                                                            jax.Array]:
  """Max over each window and PyTorch's flat index of it in the plane.

  The last stage's argmax yields the index in the same loop, as the
  window's first tap plus the winning tap's offset in the plane: no code is
  stored and converted in a pass of its own (1.4x faster at 16x112x112x64
  k3 s2 p1 and 32x4096x64 k3 s2 p1, 1.15x at 64x28x28x32 k2 s2). The max
  and the index are two loops, each reading the input: XLA:CPU fuses no
  loop with two outputs.
  """
  x, codes = _inner_stages(x, w)
  last = _stages(w)[-1]
  best = window_max(x, last)
  if not codes:
    return best, separately(lambda x: _window_index(x, w, dtype), x)
  return best, separately(
      lambda x, codes: code_to_index(
          flat_code(w, codes + (argmax_code(x, last),)), w, dtype),
      x, codes)


def _plane_strides(w: Window) -> list[int]:
  return [math.prod(w.sizes[d + 1:]) for d in range(len(w.axes))]


def _tap_plane_offsets(w: Window, dtype) -> np.ndarray:
  """Per kernel offset, its distance in the flat plane from the first tap."""
  return np.array(
      [sum(j * d * ps for j, d, ps in zip(o, w.dilation, _plane_strides(w)))
       for o in w.offsets], dtype)


def _first_tap_index(w: Window, shape, dtype, origin=None) -> jax.Array:
  """Per output position (of an output of ``shape``, its first position
  ``origin``), the flat plane index of its window's first tap (negative,
  or aliasing another row, where that tap is in the padding)."""
  first = jnp.zeros((), dtype)
  for a, s, (lo, _), ps, o0 in zip(w.axes, w.stride, w.pads, _plane_strides(w),
                                   origin or (0,) * len(w.axes)):
    o = lax.broadcasted_iota(dtype, shape, a) + np.array(o0, dtype)
    first = first + (o * s - lo) * np.array(ps, dtype)
  return first


def _window_index(x: jax.Array, w: Window, dtype):
  """The flat plane index of each window's max: first tap + tap offset."""
  tap_offsets = _tap_plane_offsets(w, dtype)

  def index(x, part, origin):
    first = _first_tap_index(w, part.out_shape(x.shape), dtype, origin)
    return first + _winning_tap(x, part, tap_offsets)

  return by_regions(x, w, index)


def flat_code(w: Window, codes) -> jax.Array:
  """Per-stage codes to one row-major kernel offset of the whole window."""
  stages = _stages(w)
  code, inner_volume = codes[0], math.prod(stages[0].kernel)
  for stage, outer in zip(stages[1:], codes[1:]):
    # The inner dims are the trailing ones: offset = outer * volume + inner.
    code = outer * np.int32(inner_volume) + _select_views(code, stage, outer)
    inner_volume *= math.prod(stage.kernel)
  if len(stages) == 1:
    return code
  empty = _windows_without_taps(w)
  if empty.any():
    # An outer offset in the padding has no inner code to select: such a
    # window (no tap in the input) gets PyTorch's starting offset instead.
    code = jnp.where(w.spatial_broadcast(empty, code.ndim),
                     w.spatial_broadcast(_initial_code(w), code.ndim), code)
  return code


def _windows_without_taps(w: Window) -> np.ndarray:
  """Per output position, whether its window misses the input entirely."""
  empty = np.zeros(w.out, bool)
  for dim, (size, k, s, d, (lo, _), o) in enumerate(zip(
      w.sizes, w.kernel, w.stride, w.dilation, w.pads, w.out)):
    pos = (np.arange(o) * s - lo)[:, None] + np.arange(k) * d
    shape = [1] * len(w.out)
    shape[dim] = o
    empty = empty | ~((pos >= 0) & (pos < size)).any(1).reshape(shape)
  return empty


def separately(fn, *operands):
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


def argmax_code(x: jax.Array, w: Window) -> jax.Array:
  """The kernel offset PyTorch's CPU kernel picks in each window.

  See :func:`running_winner`; computed by regions (:func:`by_regions`).
  """
  taps = np.arange(math.prod(w.kernel), dtype=np.int32)
  return by_regions(x, w, lambda x, part, _: _winning_tap(x, part, taps))


def _winning_tap(x: jax.Array, w: Window, tap_values):
  """:func:`argmax_code`, returning ``tap_values`` of the picked offset."""
  lowest = _lowest(x.dtype)
  views = [_view(x, w, o, lowest) for o in w.offsets]
  best, tap = running_winner(views, tap_values)
  first_in_bounds = _initial_code(w)
  if not first_in_bounds.any():
    return tap  # the scan started at each window's first in-bounds tap
  # A window whose max is the lowest value (all -inf, or padding only):
  # PyTorch keeps the first in-bounds tap it started from.
  init = w.spatial_broadcast(tap_values[first_in_bounds], x.ndim)
  return jnp.where(best == lowest, init, tap)


def running_winner(views, tap_values):
  """PyTorch's running ``(max, tap_values[offset])`` over ``views``.

  PyTorch's CPU kernel scans a window in row-major order from its first
  in-bounds tap, replacing the running max when a tap is strictly greater
  or NaN: so the first of equal maxima wins (+0 and -0 being equal), and
  the last NaN. Here the scan starts at the first view, whatever its value;
  a window whose every tap is the dtype's lowest value (-inf, or padding
  filled with it) then keeps the first view, which callers that start
  elsewhere replace. With only the offset used, XLA fuses the scan into one
  loop: 5.6-6.0 ms at 16x112x112x64 k3 s2 p1, against 7.1-8.3 for the
  first view equal to a recomputed max and the last NaN, as two chains
  (the max alone: 4.0-4.9).
  """
  best = views[0]
  tap = jnp.full(best.shape, tap_values[0], tap_values.dtype)
  is_float = jnp.issubdtype(best.dtype, jnp.floating)
  for v, value in zip(views[1:], tap_values[1:]):
    take = v > best
    if is_float:
      take = take | jnp.isnan(v)
    best = jnp.where(take, v, best)
    tap = jnp.where(take, value, tap)
  return best, tap


def code_to_index(code: jax.Array, w: Window, dtype) -> jax.Array:
  """Kernel-offset code to the flat index within the unpadded spatial plane."""
  index = jnp.zeros(code.shape, dtype)
  kstride, pstride = 1, 1
  for dim in reversed(range(len(w.axes))):
    a, k, s, d = w.axes[dim], w.kernel[dim], w.stride[dim], w.dilation[dim]
    j = ((code // kstride) % k).astype(dtype) if k > 1 else 0
    o = lax.broadcasted_iota(dtype, code.shape, a)
    pos = o * s - w.pads[dim][0] + j * d
    index = index + pos.astype(dtype) * pstride
    kstride *= k
    pstride *= w.sizes[dim]
  return index


def _select_views(x: jax.Array, w: Window, code: jax.Array,
                  views=None) -> jax.Array:
  """Per output, the element of ``x`` at the kernel offset ``code``
  (``views``: those of ``x``, by default its plain views)."""
  if views is None:
    views = [_view(x, w, offset, 0) for offset in w.offsets]
  if len(views) == 1:
    return views[0]
  return lax.select_n(code, *views)


def _select_winners(xd: jax.Array, w: Window, codes) -> jax.Array:
  """Per output, the tangent of the input element that won, stage by stage."""
  stages = _stages(w)

  def select(xd, code, stage):
    return _select_views(xd, stage, code, tangent_views(xd, stage))

  xd = select(xd, codes[0], stages[0])
  for stage, code in zip(stages[1:], codes[1:]):
    # Transposed, this stage's cotangent is read once per offset of the
    # stage before: stored, not recomputed (2.4x faster at 3-d k3 s2 p1).
    xd = separately(functools.partial(select, stage=stage), xd, code)
  return xd


@functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
def _max_pool_float(x: jax.Array, w: Window) -> jax.Array:
  return window_max(x, w)


@_max_pool_float.defjvp
def _max_pool_float_jvp(w, primals, tangents):
  (x,), (xd,) = primals, tangents
  out, codes = max_and_codes(x, w)
  return out, _select_winners(xd, w, codes)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _max_pool_index_float(x: jax.Array, w: Window, dtype):
  return max_and_index(x, w, dtype)


@_max_pool_index_float.defjvp
def _max_pool_index_float_jvp(w, dtype, primals, tangents):
  (x,), (xd,) = primals, tangents
  out, codes = max_and_codes(x, w)
  index = code_to_index(flat_code(w, codes), w, dtype)
  index_dot = np.zeros(out.shape, jax.dtypes.float0)
  return (out, index), (_select_winners(xd, w, codes), index_dot)


def _check_pool_dtype(fn: str, x, *, allow_int: bool) -> None:
  dtype = x.dtype
  if jnp.issubdtype(dtype, jnp.floating):
    return
  if allow_int and jnp.issubdtype(dtype, jnp.integer):
    return
  accepted = "floating or integer" if allow_int else "floating"
  raise TypeError(f"{fn}: input dtype {dtype} is not supported; expected a "
                  f"{accepted} dtype.")


def max_pool(fn: str, n: int, x, kernel_size, stride, padding, dilation,
             ceil_mode, return_indices, channels_last):
  x = _args.check_array(fn, x)
  return_indices = _args.check_bool(fn, "return_indices", return_indices)
  w, _ = make_window(fn, x.shape, n, kernel_size, stride, padding, dilation,
                     ceil_mode, channels_last)
  _check_pool_dtype(fn, x, allow_int=True)
  return _max_pool(x, w, return_indices)


# The cores are jitted with their static geometry: an eager call then compiles
# one fused computation per shape instead of dispatching every view op by op;
# under an outer jit they are inlined.
@functools.partial(jax.jit, static_argnums=(1, 2))
def _max_pool(x: jax.Array, w: Window, return_indices: bool):
  is_float = jnp.issubdtype(x.dtype, jnp.floating)
  if not return_indices:
    return _max_pool_float(x, w) if is_float else window_max(x, w)
  dtype = _args.index_dtype()
  if is_float:
    return _max_pool_index_float(x, w, dtype)
  return max_and_index(x, w, dtype)


def _accumulation_dtype(dtype):
  """Half-precision inputs are summed in float32 (as PyTorch's opmath)."""
  return jnp.float32 if jnp.finfo(dtype).bits < 32 else dtype


def _avg_divisor(w: Window, count_include_pad: bool, divisor_override):
  """PyTorch's divisor per output position, as a NumPy array (or scalar)."""
  if divisor_override is not None:
    return divisor_override
  divisor = np.ones((), np.int64)
  for size, k, s, (lo, hi), o in zip(w.sizes, w.kernel, w.stride, w.pads,
                                     w.out):
    start = np.arange(o) * s - lo
    end = np.minimum(start + k, size + hi)
    if count_include_pad:
      count = end - start
    else:
      count = np.minimum(end, size) - np.maximum(start, 0)
    divisor = np.multiply.outer(divisor, count)
  if np.all(divisor == divisor.flat[0]):
    return int(divisor.flat[0])
  return divisor


def avg_pool(fn: str, n: int, x, kernel_size, stride, padding, ceil_mode,
             count_include_pad, divisor_override, channels_last):
  x = _args.check_array(fn, x)
  count_include_pad = _args.check_bool(fn, "count_include_pad",
                                       count_include_pad)
  if divisor_override is not None:
    if not _args.is_int(divisor_override):
      raise TypeError(f"{fn}: divisor_override={divisor_override!r} must be "
                      "an int or None.")
    if divisor_override == 0:
      raise ValueError(f"{fn}: divisor_override={divisor_override!r} must be "
                       "non-zero.")
  w, _ = make_window(fn, x.shape, n, kernel_size, stride, padding, 1,
                     ceil_mode, channels_last, check_input_size=n == 3)
  _check_pool_dtype(fn, x, allow_int=False)
  return _window_mean(x, w, count_include_pad, divisor_override)


@functools.partial(jax.jit, static_argnums=(1, 2, 3))
def _window_mean(x, w, count_include_pad, divisor_override):
  acc = x.astype(_accumulation_dtype(x.dtype))
  divisor = _avg_divisor(w, count_include_pad, divisor_override)
  # Multiply by the reciprocal: within an ulp of PyTorch's division (XLA
  # makes the same rewrite of a scalar divisor).
  if isinstance(divisor, np.ndarray):
    scale = w.spatial_broadcast((1.0 / divisor).astype(acc.dtype), x.ndim)
  else:
    scale = np.asarray(1.0 / divisor, acc.dtype)
  return _scaled_window_sum(acc, w, scale).astype(x.dtype)


def _window_sum(x, w):
  """Window sums of a tangent (any order; see :func:`running_window_sum`
  for values)."""
  return _reduce_views(x, w, lax.add, 0)


def running_window_sum(x: jax.Array, w: Window, split: bool) -> jax.Array:
  """Each window's sum as PyTorch's kernels take it: one running sum from
  ``+0``, adding the in-bounds taps in row-major window order.

  The order decides which sums overflow (``3e38 + 3e38 - 3e38`` is ``inf``,
  ``3e38 - 3e38 + 3e38`` is not) and so where an average is finite. Padded
  taps add ``+0``, which changes nothing but a ``-0`` start. XLA keeps the
  order of a chain of float adds, but folds an explicit ``+0`` start away,
  so a zero sum is made ``+0`` at the end (PyTorch's is never ``-0``).
  Windows of three or more dims run the leading dim's offsets as stored
  stages, each continuing the previous stage's running sum with its
  (H, W) taps: the same order, in loops of at most one plane's taps.
  ``split``: by regions (:func:`by_regions`); only where not transposed.
  """
  if len(w.axes) < 3:
    groups = [list(w.offsets)]
  else:
    groups = [list(g) for _, g in itertools.groupby(w.offsets,
                                                    key=lambda o: o[0])]

  def taps(x, part, _origin, *carry, offsets, last):
    total = functools.reduce(
        lax.add, (*carry, *(_view(x, part, o, 0) for o in offsets)))
    # In each region's loop: after the regions' concatenation it would be
    # a pass of its own.
    return jnp.where(total == 0, jnp.zeros((), total.dtype),
                     total) if last else total

  total = None
  for i, offsets in enumerate(groups):
    last = i == len(groups) - 1
    fn = functools.partial(taps, offsets=offsets, last=last)

    def stage(x, *carry, fn=fn):
      if split:
        return by_regions(x, w, fn, *carry)
      return fn(x, w, None, *carry)
    carry = () if total is None else (total,)
    total = stage(x, *carry) if last else separately(stage, x, *carry)
  return total


def _tangent_window_sum(xd, w):
  """Window sums of a tangent. Where 2-d windows overlap in both dims, one
  dim at a time, the row sums stored: transposed, each input element then
  reads up to 2 + 2 pads instead of 9 (see
  :func:`_overlaps_in_two_strided_dims`). The same addends are summed in
  another order than PyTorch's, so the last bits may differ.

  3-d windows, channels first: the (H, W) stage sums the views of
  :func:`tangent_views`, stride phases where strided, whose transposes do
  not interleave within the minor dim (4x32x32x32x32 k3 s2 p1 forward+
  backward: average 8.5 instead of 19.5 ms, LP 16 instead of 28; in 2-d
  they took 0.8-1.1x the strided views' time for averages, 1.1x for LP).
  """
  if len(w.axes) == 3 and w.axes[-1] == xd.ndim - 1:
    inner, outer = _stages(w)
    plane_sums = separately(lambda t: functools.reduce(
        lax.add, tangent_views(t, inner)), xd)
    return _window_sum(plane_sums, outer)
  if len(w.axes) != 2 or not _overlaps_in_two_strided_dims(w):
    return _window_sum(xd, w)
  rows = separately(functools.partial(_window_sum, w=_sub_window(w, [0])),
                    xd)
  return _window_sum(rows, _sub_window(w, [1]))


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _scaled_window_sum(x, w, scale):
  return running_window_sum(x, w, split=True) * scale


@_scaled_window_sum.defjvp
def _scaled_window_sum_jvp(w, scale, primals, tangents):
  (x,), (xd,) = primals, tangents
  # The gradient reads the scaled cotangent once per kernel offset: stored,
  # the per-output divisor is not re-read per tap (1.6x faster backward at
  # 16x112x112x64 k3 s2 p1); the forward stays one fused loop.
  tangent = separately(lambda t: t * scale, _tangent_window_sum(xd, w))
  return running_window_sum(x, w, split=True) * scale, tangent


def lp_pool(fn: str, n: int, x, norm_type, kernel_size, stride, ceil_mode,
            channels_last):
  x = _args.check_array(fn, x)
  if isinstance(norm_type, (bool, np.bool_)) or not isinstance(
      norm_type, (int, float, np.integer, np.floating)):
    raise TypeError(f"{fn}: norm_type={norm_type!r} must be a real number.")
  if norm_type == 0 or math.isnan(norm_type):
    raise ValueError(f"{fn}: norm_type={norm_type!r} must be non-zero and not "
                     "NaN (PyTorch divides by it).")
  # PyTorch's lp_pool3d is avg_pool3d of x ** p: its input size check too.
  w, _ = make_window(fn, x.shape, n, kernel_size, stride, 0, 1, ceil_mode,
                     channels_last, check_input_size=n == 3)
  _check_pool_dtype(fn, x, allow_int=False)
  return _lp_pool(x, w, norm_type)


@functools.partial(jax.jit, static_argnums=(1, 2))
def _lp_pool(x, w, norm_type):
  if math.isinf(norm_type):
    # As PyTorch: p = inf is the max of |x|; p = -inf the min of |x|.
    sign = 1 if norm_type > 0 else -1
    return sign * _max_pool_float(sign * jnp.abs(x), w)
  acc = x.astype(_accumulation_dtype(x.dtype))
  p = int(norm_type) if float(norm_type).is_integer() else float(norm_type)
  return _power_pool(acc, w, p).astype(x.dtype)


def _power_mean(x, w, p):
  """PyTorch's definition: avg_pool of x**p (count_include_pad, so ceil_mode
  edge windows keep their clipped divisor); then (see ``_power_pool``)
  ``sign(mean) * relu(|mean|)`` times the full kernel volume, to 1/p."""
  return _window_mean(x ** p, w, True, None)


def _power_root(mean, w, p):
  m = jnp.sign(mean) * jax.nn.relu(jnp.abs(mean)) * math.prod(w.kernel)
  # As ATen's pow: exponent 0.5 is a sqrt (exact and much cheaper than pow).
  return jnp.sqrt(m) if p == 2 else m if p == 1 else m ** (1.0 / p), m


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _power_pool(x, w, p):
  return _power_root(_power_mean(x, w, p), w, p)[0]


@_power_pool.defjvp
def _power_pool_jvp(w, p, primals, tangents):
  """PyTorch's chain rule, factor by factor as its autograd applies them:
  the root's ``(1/p) m**(1/p - 1)``, the volume, relu's mask (zero where the
  mean is 0, NaN passing), the window mean's transpose, and the power's
  ``p x**(p - 1)``, the product taken first, as PyTorch's: where it
  overflows (``2 * 3e38``) the gradient is ``inf``, or NaN where the rest is
  zero, as PyTorch's.
  Written out, the backward reads the input once and the per-window factor
  once per tap (autodiff stored x**p and re-read it).
  """
  (x,), (xd,) = primals, tangents

  def mean_and_factor(x):
    mean = _power_mean(x, w, p)
    out, m = _power_root(mean, w, p)
    slope = (1.0 if p == 1 else 0.5 * lax.rsqrt(m) if p == 2 else
             (1.0 / p) * m ** (1.0 / p - 1.0))
    divisor = _avg_divisor(w, True, None)
    if isinstance(divisor, np.ndarray):
      divisor = w.spatial_broadcast(divisor, x.ndim)
    kernel_over_count = np.asarray(math.prod(w.kernel) / divisor, x.dtype)
    factor = jnp.where(mean == 0, 0, slope * kernel_over_count)
    return out, factor

  # Stored, not fused: the gradient reads each window's factor once per tap.
  out, factor = separately(mean_and_factor, x)
  power_slope = 1.0 if p == 1 else p * x ** (p - 1)
  tangent = separately(lambda u, f: u * f,
                       _tangent_window_sum(xd * power_slope, w), factor)
  return out, tangent


def default_unpool_size(w_in: int, kernel: int, stride: int, lo: int,
                        hi: int) -> int:
  return (w_in - 1) * stride + kernel - lo - hi


def max_unpool(fn: str, n: int, x, indices, kernel_size, stride, padding,
               output_size, channels_last, check_indices):
  x = _args.check_array(fn, x)
  indices = _args.check_array(fn, indices, "indices")
  lay = _args.layout(fn, x.shape, n, _args.check_bool(
      fn, "channels_last", channels_last), empty="leading")
  check_indices = _args.check_bool(fn, "check_indices", check_indices)
  if not jnp.issubdtype(indices.dtype, jnp.integer):
    raise TypeError(f"{fn}: indices dtype {indices.dtype} must be an integer "
                    "dtype (as returned by max pooling with "
                    "return_indices=True).")
  if indices.shape != x.shape:
    raise ValueError(f"{fn}: indices shape {tuple(indices.shape)} must equal "
                     f"input shape {tuple(x.shape)}.")
  if not (jnp.issubdtype(x.dtype, jnp.floating)
          or jnp.issubdtype(x.dtype, jnp.integer)):
    raise TypeError(f"{fn}: input dtype {x.dtype} is not supported; expected "
                    "a floating or integer dtype.")
  kernel = _args.ntuple(fn, "kernel_size", kernel_size, n, minimum=1)
  if stride is None or (isinstance(stride, (tuple, list)) and not stride):
    strides = kernel
  else:
    strides = _args.ntuple(fn, "stride", stride, n, minimum=1)
  pads = _args.padding_pairs(fn, padding, n)
  if isinstance(pads, str):
    raise ValueError(f"{fn}: padding={padding!r} must be an int, {n} ints or "
                     f"{n} (lo, hi) pairs; 'SAME'/'VALID' are not accepted for "
                     "unpooling.")
  in_sizes = tuple(x.shape[a] for a in lay.spatial_axes)
  defaults = tuple(default_unpool_size(i, k, s, lo, hi)
                   for i, k, s, (lo, hi) in zip(in_sizes, kernel, strides, pads))
  out_sizes = _unpool_output_size(fn, x.shape, lay, output_size, defaults,
                                  strides)
  plane = math.prod(out_sizes)
  if not isinstance(indices, jax.core.Tracer):
    bad = (np.asarray(indices) < 0) | (np.asarray(indices) >= plane)
    if bad.any():
      raise ValueError(
          f"{fn}: found an invalid max index {int(np.asarray(indices)[bad][0])}"
          f" (the output planes have {plane} elements, shape {out_sizes}). "
          "Under jax.jit such indices are dropped; pass check_indices=True "
          "and wrap the call in jax.experimental.checkify.checkify to raise "
          "there.")
  elif check_indices:
    checkify.check(
        jnp.all((indices >= 0) & (indices < plane)),
        f"{fn}: found an invalid max index (outside [0, {plane}))")
  # The windows the indices were taken in, over the output plane.
  w = Window(lay.spatial_axes, out_sizes, kernel, strides, (1,) * n, pads,
             in_sizes)
  if x.size == 0:
    # An empty leading dim (the one PyTorch allows): nothing to place.
    return jnp.zeros(w.in_shape(x.shape), x.dtype)
  return _unpool(x, indices.astype(_args.index_dtype()), lay, w)


def _unpool_output_size(fn, x_shape, lay, output_size, defaults, strides):
  n = len(defaults)
  for d in defaults:
    if d < 1:
      raise ValueError(f"{fn}: the default output size {defaults} is not "
                       "positive; check kernel_size, stride and padding.")
  if output_size is None:
    return defaults
  if not (isinstance(output_size, (tuple, list)) and all(
      _args.is_int(v) for v in output_size)):
    raise TypeError(f"{fn}: output_size={output_size!r} must be a sequence "
                    "of ints or None.")
  size = tuple(int(v) for v in output_size)
  if len(size) == lay.ndim:
    for a in lay.plane_axes:
      if size[a] != x_shape[a]:
        raise ValueError(
            f"{fn}: output_size={output_size!r} gives the full output shape, "
            f"but its non-spatial dims differ from the input shape "
            f"{tuple(x_shape)}.")
    size = tuple(size[a] for a in lay.spatial_axes)
  elif len(size) != n:
    raise ValueError(
        f"{fn}: output_size={output_size!r} must have {n} entries (spatial) "
        f"or {lay.ndim} (the full output shape); got {len(size)}.")
  # As PyTorch: default - stride < size < default + stride, and size >= 0.
  lows = tuple(max(d - s + 1, 0) for d, s in zip(defaults, strides))
  highs = tuple(d + s - 1 for d, s in zip(defaults, strides))
  for i, (v, lo, hi) in enumerate(zip(size, lows, highs)):
    if not lo <= v <= hi:
      ranges = ", ".join(f"{a}..{b}" for a, b in zip(lows, highs))
      example = tuple(min(max(u, a), b) for u, a, b in zip(size, lows, highs))
      raise ValueError(
          f"{fn}: output_size={output_size!r} is invalid: spatial dim {i} is "
          f"{v}, outside the sizes {lo} to {hi} that stride {strides[i]} "
          f"reaches from the default {defaults[i]} (as PyTorch: default - "
          f"stride < size < default + stride, size >= 0); expected spatial "
          f"sizes in ({ranges}) per dim, e.g. output_size={example} (the "
          f"default is {defaults}).")
  return size


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


@functools.partial(jax.jit, static_argnums=(2, 3))
def _unpool(x, indices, lay, w):
  """Max unpooling: ``x`` placed at ``indices`` in a zero output.

  Where every index lies in its own window, as max pooling's do, the values
  are placed by stride phases (:func:`_place_in_windows`); otherwise they
  are scattered (:func:`_scatter_unpool`). A conditional chooses at run
  time. Windows of more than ``_FUSED_PHASES_MAX_OFFSETS`` offsets and
  inputs of fewer than ``_PLACE_MIN_INPUTS`` values are always scattered.
  Differentiated as the scatter: forward mode scatters the tangent, reverse
  mode gathers the cotangent at every index.
  """
  if (math.prod(w.kernel) > _FUSED_PHASES_MAX_OFFSETS
      or x.size < _PLACE_MIN_INPUTS):
    # 4x32x32x32x32 k3 s2 p1 (27 offsets): placed in 12 ms, scattered in 5.
    return _scatter_unpool(x, indices, lay, w.sizes)
  return _unpool_value(x, indices, lay, w)


# Placing costs compile time (both ways and the check: 0.5-0.8 s instead of
# 0.2 at 16x112x112x64 k3 s2 p1): only inputs this large are placed
# (forward+backward at 2x14x14x16 k3 s2 p1: 0.1-0.2 ms scattered, 0.3
# placed; at 4x14x14x32 k2 s2: 0.45 and 0.3).
_PLACE_MIN_INPUTS = 1 << 15


@functools.partial(jax.custom_jvp, nondiff_argnums=(2, 3))
def _unpool_value(x, indices, lay, w):
  code = separately(lambda i: _index_codes(i, w), indices)
  return lax.cond(jnp.all(code >= 0),
                  lambda x, code, _: _place_in_windows(x, code, w),
                  lambda x, _, indices: _scatter_unpool(x, indices, lay,
                                                        w.sizes),
                  x, code, indices)


@_unpool_value.defjvp
def _unpool_jvp(lay, w, primals, tangents):
  x, indices = primals
  return (_unpool_value(x, indices, lay, w),
          _scatter_unpool(tangents[0], indices, lay, w.sizes))


def _index_codes(indices: jax.Array, w: Window) -> jax.Array:
  """Per window, the kernel offset (row-major number) of the in-bounds tap
  at its index, or -1 where the index is no tap of its window."""
  delta = indices - _first_tap_index(w, indices.shape, indices.dtype)
  code = jnp.full(indices.shape, -1, np.int32)
  for t, (offset, tap) in enumerate(zip(w.offsets,
                                        _tap_plane_offsets(w, indices.dtype))):
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

  Built per stride phase of the output, as :func:`tangent_views` reads
  them: phase ``r`` receives, from each kernel offset that lands in it, a
  unit-stride shift of the windows, so an output element is one select per
  offset landing in its phase (2.25 at k3 s2), and a concatenation fused
  into the same loop interleaves the phases (16x112x112x64 k3 s2 p1: 10 ms
  against a scatter's 25-28). Where windows overlap, an element named by
  several takes the value of the last in row-major order, as a serial
  scatter would (PyTorch leaves it unspecified; from max pooling, the
  values are equal). Windows that tile the output, channels last: see
  :func:`_place_in_tiles`.
  """
  if w.axes[-1] != x.ndim - 1 and all(
      lo == 0 and k <= s for k, s, (lo, _) in zip(w.kernel, w.stride, w.pads)):
    return _place_in_tiles(x, code, w)
  phase_grid = [-(-size // s) for size, s in zip(w.sizes, w.stride)]
  phase_shape = list(x.shape)
  for a, m in zip(w.axes, phase_grid):
    phase_shape[a] = m
  zero = jnp.zeros((), x.dtype)
  phases = {key: jnp.zeros(phase_shape, x.dtype)  # stride beyond the kernel
            for key in itertools.product(*(range(s) for s in w.stride))}
  written = set()
  # The smallest offset last: of two windows naming one element, the later
  # names it by the smaller offset.
  for t, offset in reversed(list(enumerate(w.offsets))):
    key, starts, limits = [], [0] * x.ndim, list(x.shape)
    pad_cfg = [(0, 0, 0)] * x.ndim
    # Window i writes phase r at i + shift: tangent_views' read, inverted.
    for a, m, (r, shift, i_lo, i_hi) in zip(
        w.axes, phase_grid, _phase_shifts(w, offset, phase_grid)):
      key.append(r)
      starts[a], limits[a] = i_lo, i_hi
      pad_cfg[a] = (i_lo + shift, m - i_hi - shift, 0)
    if any(lim <= st for st, lim in zip(starts, limits)):
      continue  # this offset lands outside the output from every window
    claim = lax.slice(code, starts, limits) == t
    # Masked before the pad: each offset pads an array of its own (shared
    # pads of x would be stored, 1.7x slower at 16x112x112x64 k3 s2 p1).
    value = lax.pad(jnp.where(claim, lax.slice(x, starts, limits), zero),
                    zero, pad_cfg)
    key = tuple(key)
    if key in written:
      value = jnp.where(lax.pad(claim, False, pad_cfg), value, phases[key])
    phases[key] = value
    written.add(key)
  # The inverse of the phase split, which is a permutation: its transpose.
  interleave = jax.linear_transpose(
      lambda y: _stride_phases(y, w),
      jax.ShapeDtypeStruct(w.in_shape(x.shape), x.dtype))
  return interleave(phases)[0]


def _place_in_tiles(x: jax.Array, code: jax.Array, w: Window) -> jax.Array:
  """:func:`_place_in_windows` for windows that tile the output without
  padding (``k <= s``), channels last: one select per output element, of
  its window's value where the code names its position in the window.

  XLA:CPU's concatenation of phases branches per element, and so does a
  chain of selects keyed on the phase; with fewer than 64 channels those
  branches mispredict on random codes (64x28x28x16 k2 s2: 4.7 ms, 32x4096
  x32 k2 s2: 14, against 0.6 and 2.4 here; the scatter 1.7 and 13.8).
  """
  tiled, stride_axes = [], []  # x's shape with a stride axis per spatial
  for a, n in enumerate(x.shape):
    tiled.append(n)
    if a in w.axes:
      tiled.append(w.stride[w.axes.index(a)])
      stride_axes.append(len(tiled) - 1)
  # The code naming each position of a tile (an iota: a constant array
  # made the loop 3x slower), -1 past the kernel.
  grid = [1] * len(tiled)
  for a, s in zip(stride_axes, w.stride):
    grid[a] = s
  taps, past_kernel = jnp.zeros(grid, np.int32), jnp.zeros(grid, bool)
  for a, k in zip(stride_axes, w.kernel):
    r = lax.broadcasted_iota(np.int32, grid, a)
    taps = taps * np.int32(k) + r
    past_kernel = past_kernel | (r >= k)
  taps = jnp.where(past_kernel, np.int32(-1), taps)
  out = jnp.where(lax.expand_dims(code, stride_axes) == taps,
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


@functools.partial(jax.jit, static_argnums=(2, 3))
def _scatter_unpool(x, indices, lay, out_sizes):
  """Scatters each plane's values to their indices in a zero output.

  The scatter is declared with unique indices. Indices from a max pool repeat
  only where overlapping windows share a max, and then carry the same value,
  so any write order gives the same output; the declaration makes the
  scatter linear and transposable by JAX's own rules: forward mode is a
  scatter of the tangent, reverse mode a gather of the cotangent at every
  index (each duplicate receives it, as in PyTorch's backward). Out-of-range
  indices are dropped in both directions.
  """
  a0 = lay.spatial_axes[0]
  x_flat, idx = _flat_planes(x, lay), _flat_planes(indices, lay)
  plane = math.prod(out_sizes)
  channels = x.shape[lay.channel_axis]
  channels_last = lay.channel_axis == x.ndim - 1
  if plane * channels >= np.iinfo(idx.dtype).max:
    out = _scatter_per_plane(x_flat, idx, a0, plane)
  else:
    # Per sample, one flat scatter over all of its channels: about 1.7x
    # faster on XLA:CPU than a scatter per (sample, channel) plane. vmap
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
