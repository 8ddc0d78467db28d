"""Window geometry: where each output's window lies in the input.

PyTorch's output sizes and ceil rule, padding, and the kernel offsets and
flat plane positions that every schedule and rule is written in terms of;
and PyTorch's adaptive bins (:class:`Bins`). Nothing here computes on data
beyond index arithmetic.
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

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


def adaptive_bins(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
  """PyTorch's adaptive bins of an axis of length ``size`` pooled to ``out``.

  Bin ``i`` covers ``[floor(i * size / out), ceil((i + 1) * size / out))``
  (``start_index``/``end_index`` in ATen): bins may overlap, and ``out >
  size`` is allowed. Returns the starts and the (exclusive) ends.
  """
  i = np.arange(out, dtype=np.int64)
  return (i * size) // out, -((-(i + 1) * size) // out)


def bins_holding(size: int, out: int) -> list[tuple[np.ndarray, np.ndarray]]:
  """The adaptive bins holding each position of an axis: per ``r``, for
  every position ``i < size``, the bin ``first(i) + r`` (clipped to a bin)
  and whether it holds ``i``; ``first(i)`` is the first bin whose end
  passes ``i``, and the bins holding ``i`` run to the last one starting at
  or before it (consecutive, in bin order)."""
  start, end = adaptive_bins(size, out)
  pos = np.arange(size)
  first = np.searchsorted(end, pos, side="right")
  last = np.searchsorted(start, pos, side="right") - 1
  return [(np.minimum(first + r, out - 1), first + r <= last)
          for r in range(int((last - first).max()) + 1)]


@dataclasses.dataclass(frozen=True)
class Bins:
  """Static geometry of adaptive pooling: per spatial dimension, in the
  order of ``axes``, the input ``sizes`` and the numbers of bins ``out``
  (each axis binned by :func:`adaptive_bins`)."""
  axes: tuple[int, ...]
  sizes: tuple[int, ...]
  out: tuple[int, ...]

  def out_shape(self, in_shape):
    shape = list(in_shape)
    for a, o in zip(self.axes, self.out):
      shape[a] = o
    return tuple(shape)


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
  spec = _args.padding_pairs(fn, padding, n)
  if check_input_size:
    for i, (size, k) in enumerate(zip(sizes, kernel)):
      if size < k:
        raise ValueError(
            f"{fn}: input spatial size {sizes} is smaller than kernel_size="
            f"{kernel_size!r} in spatial dim {i} ({size} < {k}); expected "
            f"every spatial size to be at least the kernel size, padding not "
            f"counted (as PyTorch's {fn}).")
  if spec == "VALID":
    pads = ((0, 0),) * n
  elif isinstance(spec, str):  # "SAME"
    pairs = []
    for size, k, s, d in zip(sizes, kernel, strides, dilations):
      total = max((-(-size // s) - 1) * s + d * (k - 1) + 1 - size, 0)
      pairs.append((total // 2, total - total // 2))
    pads = tuple(pairs)
  else:
    pads = spec
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


def view(x: jax.Array, w: Window, offset, fill) -> jax.Array:
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


def select_views(x: jax.Array, w: Window, code: jax.Array,
                 views=None) -> jax.Array:
  """Per output, the element of ``x`` at the kernel offset ``code`` (its
  row-major number), from ``views`` (those of ``x``; by default its plain
  views, 0 in the padding).

  Linear in ``x``, and its transpose is the gradient in the gather form:
  per input element, the cotangents of the windows whose code names it,
  one pad, select and add per kernel offset (no scatter, no atomics: the
  same sums in the same order on every backend and run).
  """
  if views is None:
    views = [view(x, w, offset, 0) for offset in w.offsets]
  if len(views) == 1:
    return views[0]
  return lax.select_n(code, *views)


def initial_code(w: Window) -> np.ndarray:
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


def sub_window(w: Window, dims) -> Window:
  """The window over the spatial dims ``dims`` of ``w`` only."""
  return Window(*(tuple(getattr(w, f.name)[d] for d in dims)
                  for f in dataclasses.fields(Window)))


def plane_strides(w: Window) -> list[int]:
  return [math.prod(w.sizes[d + 1:]) for d in range(len(w.axes))]


def tap_plane_offsets(w: Window, dtype) -> np.ndarray:
  """Per kernel offset, its distance in the flat plane from the first tap."""
  return np.array(
      [sum(j * d * ps for j, d, ps in zip(o, w.dilation, plane_strides(w)))
       for o in w.offsets], dtype)


def first_tap_index(w: Window, shape, dtype, origin=None) -> jax.Array:
  """Per output position (of an output of ``shape``, its first position
  ``origin``), the flat plane index of its window's first tap (negative,
  or aliasing another row, where that tap is in the padding)."""
  first = jnp.zeros((), dtype)
  for a, s, (lo, _), ps, o0 in zip(w.axes, w.stride, w.pads, plane_strides(w),
                                   origin or (0,) * len(w.axes)):
    o = lax.broadcasted_iota(dtype, shape, a) + np.array(o0, dtype)
    first = first + (o * s - lo) * np.array(ps, dtype)
  return first


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


def windows_without_taps(w: Window) -> np.ndarray:
  """Per output position, whether its window misses the input entirely."""
  empty = np.zeros(w.out, bool)
  for dim, (size, k, s, d, (lo, _), o) in enumerate(zip(
      w.sizes, w.kernel, w.stride, w.dilation, w.pads, w.out)):
    pos = (np.arange(o) * s - lo)[:, None] + np.arange(k) * d
    shape = [1] * len(w.out)
    shape[dim] = o
    empty = empty | ~((pos >= 0) & (pos < size)).any(1).reshape(shape)
  return empty



def default_unpool_size(w_in: int, kernel: int, stride: int, lo: int,
                        hi: int) -> int:
  return (w_in - 1) * stride + kernel - lo - hi


