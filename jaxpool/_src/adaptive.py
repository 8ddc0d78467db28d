"""Adaptive and global pooling: PyTorch's bins from one N-d core.

Bin ``i`` of an axis of length ``L`` pooled to ``out`` bins covers
``[floor(i * L / out), ceil((i + 1) * L / out))``; bins may overlap, and
``out > L`` is allowed. The bins are static, so each spatial axis is reduced
on its own (separably, last axis first) by gathering every bin into a padded
``(out, K)`` block, ``K`` the widest bin, and reducing over ``K``: two ops per
axis whatever the input or output size, instead of a Python loop over output
cells or over window offsets. When ``out`` divides ``L`` the block is a
reshape.

Max pooling picks, per block, PyTorch's winner (the first max in row-major
order, or the last NaN). Reducing the last spatial axis first keeps the
row-major order: within each row the first max wins, then the first row
holding the overall max. Gradients go to the winner through a
``jax.custom_jvp`` whose tangent gathers the input tangent at the winning
index, which is linear, so forward and reverse mode both work.

The same separable max-with-index reduction serves fractional max pooling
(:mod:`jaxpool._src.fractional`), whose windows are gathered per plane.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from typing import Callable, Optional, Sequence, Union

import jax
import jax.numpy as jnp
import numpy as np
from jax.typing import ArrayLike

from jaxpool._src import _args
from jaxpool._src import pooling


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


def output_size(fn: str, value, sizes: Sequence[int]) -> tuple[int, ...]:
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


def _check_sizes(fn: str, x_shape, lay: _args.Layout) -> tuple[int, ...]:
  sizes = tuple(x_shape[a] for a in lay.spatial_axes)
  if min(sizes) < 1:
    raise ValueError(f"{fn}: input has shape {tuple(x_shape)} with an empty "
                     "spatial dimension; expected non-zero spatial sizes.")
  return sizes


def make_bins(fn: str, x_shape, n: int, out_size, channels_last) -> Bins:
  lay = _args.layout(fn, x_shape, n, _args.check_bool(
      fn, "channels_last", channels_last))
  sizes = _check_sizes(fn, x_shape, lay)
  return Bins(lay.spatial_axes, sizes, output_size(fn, out_size, sizes))


# ---- per-axis bin windows ---------------------------------------------------

# Above this many copies of each element, laying bins out from a repeated
# input costs more than gathering each bin's elements.
_MAX_REPEATS = 16


@functools.lru_cache(maxsize=None)
def axis_layout(size: int, out: int):
  """How the bins of one axis are laid out as ``(out, width)`` slots.

  Returns ``(reps, width, pos, first)``: ``pos[i, t]`` is the input position
  in slot ``t`` of bin ``i`` (``size`` for a padding slot) and ``first``
  marks the first slot of each distinct element of a bin (what a sum keeps).

  With ``g = gcd(size, out)``, repeating every element ``reps = out / g``
  times turns the bins into equal, disjoint windows of ``width = size / g``
  slots (bin ``i`` covers the exact interval ``[i * L / out, (i + 1) * L /
  out)``, scaled by ``reps``), so a broadcast and a reshape lay them out,
  which XLA fuses into the reduction. ``reps == 0`` means: gather each bin,
  padded to the widest (used when ``reps`` would be large).
  """
  g = math.gcd(size, out)
  reps, width = out // g, size // g
  if reps <= _MAX_REPEATS:
    slot = np.arange(out)[:, None] * width + np.arange(width)
    pos = slot // reps
    first = (slot % reps == 0) | (np.arange(width) == 0)
    return reps, width, pos, first
  start, end = adaptive_bins(size, out)
  width = int((end - start).max())
  pos = start[:, None] + np.arange(width)
  first = pos < end[:, None]
  return 0, width, np.where(first, pos, size), first


def bin_windows(x: jax.Array, axis: int, size: int, out: int,
                fill) -> jax.Array:
  """``x`` with ``axis`` replaced by ``(out, width)``: the bins' slots.

  Padding slots (gather layout only) hold ``fill``.
  """
  reps, width, pos, _ = axis_layout(size, out)
  if not reps:
    return jnp.take(x, pos.astype(np.int32), axis=axis, mode="fill",
                    fill_value=fill)
  tail = x.shape[axis + 1:]
  if reps > 1:
    x = jnp.broadcast_to(jnp.expand_dims(x, axis + 1),
                         x.shape[:axis + 1] + (reps,) + tail)
  return x.reshape(x.shape[:axis] + (out, width) + tail)


def _slots_broadcast(arr: np.ndarray, axis: int, ndim: int) -> np.ndarray:
  """An ``(out, width)`` array shaped to broadcast against windows."""
  shape = [1] * ndim
  shape[axis], shape[axis + 1] = arr.shape
  return arr.reshape(shape)


def _axis_broadcast(arr: np.ndarray, axis: int, ndim: int) -> np.ndarray:
  shape = [1] * ndim
  shape[axis] = arr.shape[0]
  return arr.reshape(shape)


# ---- max with PyTorch's winner ---------------------------------------------

def first_max(blocks: jax.Array, axis: int) -> jax.Array:
  """Per window, the slot along ``axis`` that PyTorch's scan keeps.

  The scan replaces its running max when a value is strictly greater or NaN:
  the first max wins, or, when the window holds NaN, the last NaN. Returns the
  slot with ``axis`` kept (size 1).
  """
  j = jnp.argmax(blocks, axis=axis, keepdims=True)
  if jnp.issubdtype(blocks.dtype, jnp.floating):
    nan = jnp.isnan(blocks)
    last_nan = (blocks.shape[axis] - 1) - jnp.argmax(
        jnp.flip(nan, axis), axis=axis, keepdims=True)
    j = jnp.where(jnp.any(nan, axis=axis, keepdims=True), last_nan, j)
  return j.astype(_args.index_dtype())


# One spatial dim of a separable max: ``(axis, size, windows, pos)``, where
# ``windows(arr, fill)`` replaces ``axis`` by ``(out, width)`` slots and
# ``pos`` (broadcastable to the windows) is each slot's input position.
# Repeated slots of one element are adjacent, so the first (last) slot of the
# winning value is the first (last) copy of the winning element.
Dim = tuple[int, int, Callable[[jax.Array, object], jax.Array], object]


def separable_max(x: jax.Array, dims: Sequence[Dim]) -> jax.Array:
  """The max over each window, reducing one spatial dim at a time."""
  lowest = pooling._lowest(x.dtype)
  for axis, _, windows, _ in reversed(dims):
    x = jnp.max(windows(x, lowest), axis=axis + 1)
  return x


def separable_max_index(x: jax.Array, dims: Sequence[Dim]):
  """Max, its flat plane index (``h * W + w``...) and the winning slots.

  The last spatial dim is reduced first, then each earlier one, carrying the
  partial flat index of the winner, so row-major order is kept: within a row
  the first max wins, then the first row holding the overall max. Returns
  ``(values, index, hits)``, ``hits`` the one-hot winning slots per dim (last
  dim first), for :func:`separable_select`.
  """
  lowest = pooling._lowest(x.dtype)
  val, flat, stride, hits = x, None, 1, []
  for axis, size, windows, pos in reversed(dims):
    w = windows(val, lowest)
    slot = first_max(w, axis + 1)
    hit = jax.lax.broadcasted_iota(slot.dtype, w.shape, axis + 1) == slot
    # The winner itself (exact, also for -0.0 and NaN).
    val = jnp.max(jnp.where(hit, w, lowest), axis=axis + 1)
    p = jnp.sum(jnp.where(hit, pos, 0), axis=axis + 1)
    if flat is None:
      flat = p
    else:
      carried = jnp.sum(jnp.where(hit, windows(flat, 0), 0), axis=axis + 1)
      flat = carried + p * stride
    stride *= size
    hits.append(hit)
  return val, flat, hits


def separable_select(t: jax.Array, dims: Sequence[Dim], hits) -> jax.Array:
  """``t`` at the winning slots: linear in ``t`` (the max's tangent)."""
  for (axis, _, windows, _), hit in zip(reversed(dims), hits):
    t = jnp.sum(jnp.where(hit, windows(t, 0), 0), axis=axis + 1)
  return t


# ---- adaptive cores ----------------------------------------------------------

def _dims(b: Bins, ndim: int) -> list:
  dims = []
  for axis, size, out in zip(b.axes, b.sizes, b.out):
    pos = axis_layout(size, out)[2].astype(_args.index_dtype())
    windows = lambda arr, fill, a=axis, s=size, o=out: bin_windows(
        arr, a, s, o, fill)
    dims.append((axis, size, windows, _slots_broadcast(pos, axis, ndim + 1)))
  return dims


@functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
def _adaptive_max_float(x, b):
  return separable_max(x, _dims(b, x.ndim))


@_adaptive_max_float.defjvp
def _adaptive_max_float_jvp(b, primals, tangents):
  (x,), (xd,) = primals, tangents
  dims = _dims(b, x.ndim)
  out, _, hits = separable_max_index(x, dims)
  return out, separable_select(xd, dims, hits)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
def _adaptive_max_index_float(x, b):
  return separable_max_index(x, _dims(b, x.ndim))[:2]


@_adaptive_max_index_float.defjvp
def _adaptive_max_index_float_jvp(b, primals, tangents):
  (x,), (xd,) = primals, tangents
  dims = _dims(b, x.ndim)
  out, index, hits = separable_max_index(x, dims)
  index_dot = np.zeros(index.shape, jax.dtypes.float0)
  return (out, index), (separable_select(xd, dims, hits), index_dot)


@functools.partial(jax.jit, static_argnums=(1, 2))
def _adaptive_max(x, b: Bins, return_indices: bool):
  is_float = jnp.issubdtype(x.dtype, jnp.floating)
  if not return_indices:
    return (_adaptive_max_float(x, b) if is_float
            else separable_max(x, _dims(b, x.ndim)))
  if is_float:
    return _adaptive_max_index_float(x, b)
  return separable_max_index(x, _dims(b, x.ndim))[:2]


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


@functools.partial(jax.jit, static_argnums=(1,))
def _adaptive_avg(x, b: Bins):
  acc = x.astype(pooling._accumulation_dtype(x.dtype))
  for axis, size, out in reversed(list(zip(b.axes, b.sizes, b.out))):
    w = bin_windows(acc, axis, size, out, 0)
    first = axis_layout(size, out)[3]
    if not first.all():  # each distinct element once
      w = jnp.where(_slots_broadcast(first, axis, w.ndim), w, 0)
    acc = jnp.sum(w, axis=axis + 1)
  count = _bin_counts(b, x.ndim)
  if isinstance(count, np.ndarray):
    count = count.astype(acc.dtype)
  return (acc / count).astype(x.dtype)


def adaptive_max_pool(fn: str, n: int, x, out_size, return_indices,
                      channels_last):
  x = _args.check_array(fn, x)
  return_indices = _args.check_bool(fn, "return_indices", return_indices)
  b = make_bins(fn, x.shape, n, out_size, channels_last)
  pooling._check_pool_dtype(fn, x, allow_int=True)
  return _adaptive_max(x, b, return_indices)


def adaptive_avg_pool(fn: str, n: int, x, out_size, channels_last):
  x = _args.check_array(fn, x)
  b = make_bins(fn, x.shape, n, out_size, channels_last)
  pooling._check_pool_dtype(fn, x, allow_int=False)
  return _adaptive_avg(x, b)


def global_pool(fn: str, n: int, x, keepdims, channels_last, kind: str):
  """Adaptive pooling to one cell per spatial dim, optionally squeezed."""
  x = _args.check_array(fn, x)
  keepdims = _args.check_bool(fn, "keepdims", keepdims)
  b = make_bins(fn, x.shape, n, 1, channels_last)
  if kind == "max":
    pooling._check_pool_dtype(fn, x, allow_int=True)
    y = _adaptive_max(x, b, False)
  else:
    pooling._check_pool_dtype(fn, x, allow_int=False)
    y = _adaptive_avg(x, b)
  return y if keepdims else y.squeeze(b.axes)



# ---- public functions (one factory per family, specialised per rank) -------

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}
_INDEX = {1: "``w``", 2: "``h * W + w``", 3: "``d * H * W + h * W + w``"}

_OUTPUT_SIZE_ARG = """\
    output_size: the output's spatial size: an int, or {n} entries each an
      int or ``None`` (``None`` keeps that dimension's input size). Sizes
      larger than the input are allowed."""

_LAYOUT_ARG = """\
    channels_last: ``True`` (default) for ``(N, {sp}, C)`` input, ``False``
      for PyTorch's ``(N, C, {sp})``. The numbers are the same either way."""

_BINS_DOC = """\
  Output cell ``i`` of a spatial dimension of input length ``L`` and output
  length ``out`` pools the bin ``[floor(i * L / out), ceil((i + 1) * L /
  out))``, as PyTorch: bins overlap when ``out`` does not divide ``L``, and
  repeat input elements when ``out > L``. Under ``jit`` the computation is a
  fixed number of XLA ops per spatial dimension, whatever the sizes."""

_SHAPE_DOC = """\
  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: the same with the
    spatial sizes replaced by ``output_size``."""

_PREAMBLE = """
  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
"""

_ADAPTIVE_MAX_DOC = """Applies {n}-d adaptive max pooling, as ``torch.nn.functional.adaptive_max_pool{n}d``.

{bins}

  Args:
    x: the input (see Shape); a floating or integer dtype.
{output_size}
    return_indices: also return, for each output, the flat index of its max
      within its (sample, channel) plane ({index}), as int32 (int64 when jax
      x64 is enabled): the format of :func:`max_pool{n}d`, so they feed
      :func:`max_unpool{n}d`.
{layout}

  Returns:
    The pooled array, in the input's dtype; with ``return_indices``, the pair
    ``(values, indices)``.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-numeric input dtype.

  Ties go to the first max in row-major bin order; a NaN in a bin propagates
  to the output and its index is the bin's last NaN (PyTorch's CPU rule).
  Gradients go to the element at the index, in forward and reverse mode.

{shape}
"""

_ADAPTIVE_AVG_DOC = """Applies {n}-d adaptive average pooling, as ``torch.nn.functional.adaptive_avg_pool{n}d``.

{bins} Each output is its bin's sum divided by the
  bin's number of elements.

  Args:
    x: the input (see Shape); a floating dtype. Half-precision inputs are
      summed in float32 and the result cast back.
{output_size}
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for a non-positive output size, an ``output_size`` of the
      wrong length, the wrong input rank, or an empty spatial dimension.
    TypeError: for a non-int ``output_size`` or a non-floating input dtype.

{shape}
"""

_GLOBAL_DOC = """Global {kind} pooling over the {n} spatial dimension(s): ``adaptive_{kind}_pool{n}d(x, 1)``.

  {what}

  Args:
    x: the input (see Shape); {dtypes}.
    keepdims: keep the spatial dimensions (with size 1) instead of dropping
      them.
{layout}

  Returns:
    The pooled array, in the input's dtype.

  Raises:
    ValueError: for the wrong input rank or an empty spatial dimension.
    TypeError: for a non-bool ``keepdims`` or an unsupported input dtype.

  Shape:
    Input ``(N, {sp}, C)`` or ``({sp}, C)`` when ``channels_last`` (default);
    ``(N, C, {sp})`` or ``(C, {sp})`` otherwise. Output: ``(N, C)`` or
    ``(C,)``; with ``keepdims``, the input's shape with every spatial size 1.
"""

_EXAMPLES = {
    "adaptive_max_pool": {
        1: """\
    >>> x = jnp.array([[[1.], [3.], [2.], [5.], [4.]]])  # (N, L, C)
    >>> F.adaptive_max_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[3., 5., 5.]], dtype=float32)""",
        2: """\
    >>> x = jnp.arange(25.).reshape(1, 5, 5, 1)  # (N, H, W, C)
    >>> values, indices = F.adaptive_max_pool2d(x, 2, return_indices=True)
    >>> indices[0, :, :, 0]  # h * W + w
    Array([[12, 14],
           [22, 24]], dtype=int32)
    >>> F.adaptive_max_pool2d(x, (None, 7)).shape  # None keeps H
    (1, 5, 7, 1)""",
        3: """\
    >>> x = jnp.arange(64.).reshape(1, 4, 4, 4, 1)  # (N, D, H, W, C)
    >>> F.adaptive_max_pool3d(x, (1, 2, 3)).shape
    (1, 1, 2, 3, 1)""",
    },
    "adaptive_max_pool_with_indices": {
        1: """\
    >>> x = jnp.array([[[1.], [3.], [3.], [0.]]])
    >>> F.adaptive_max_pool1d_with_indices(x, 1)[1].ravel()  # first max
    Array([1], dtype=int32)""",
        2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)
    >>> F.adaptive_max_pool2d_with_indices(x, 2)[1][0, :, :, 0]
    Array([[ 5,  7],
           [13, 15]], dtype=int32)""",
        3: """\
    >>> x = jnp.arange(8.).reshape(1, 2, 2, 2, 1)
    >>> F.adaptive_max_pool3d_with_indices(x, 1)[1].ravel()
    Array([7], dtype=int32)""",
    },
    "adaptive_avg_pool": {
        1: """\
    >>> x = jnp.array([[[1.], [2.], [3.], [4.], [5.]]])  # (N, L, C)
    >>> F.adaptive_avg_pool1d(x, 3)[..., 0]  # bins [0, 2), [1, 4), [3, 5)
    Array([[1.5, 3. , 4.5]], dtype=float32)""",
        2: """\
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> F.adaptive_avg_pool2d(x, 2)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
    >>> F.adaptive_avg_pool2d(x, (6, None)).shape  # larger than the input
    (1, 6, 4, 1)""",
        3: """\
    >>> x = jnp.ones((2, 3, 5, 7, 4))  # (N, D, H, W, C)
    >>> F.adaptive_avg_pool3d(x, 2).shape
    (2, 2, 2, 2, 4)""",
    },
    "global_avg_pool": {
        1: """\
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_avg_pool1d(x)
    Array([[ 2., 15.]], dtype=float32)""",
        2: """\
    >>> x = jnp.ones((8, 7, 7, 16))  # (N, H, W, C)
    >>> F.global_avg_pool2d(x).shape
    (8, 16)
    >>> F.global_avg_pool2d(x, keepdims=True).shape
    (8, 1, 1, 16)""",
        3: """\
    >>> x = jnp.ones((2, 4, 3, 5, 3))  # (N, C, D, H, W)
    >>> F.global_avg_pool3d(x, channels_last=False).shape
    (2, 4)""",
    },
    "global_max_pool": {
        1: """\
    >>> x = jnp.array([[[1., 10.], [3., 20.]]])  # (N, L, C)
    >>> F.global_max_pool1d(x)
    Array([[ 3., 20.]], dtype=float32)""",
        2: """\
    >>> x = jnp.arange(32.).reshape(2, 4, 4, 1)
    >>> F.global_max_pool2d(x)
    Array([[15.],
           [31.]], dtype=float32)""",
        3: """\
    >>> x = jnp.ones((2, 4, 3, 5, 3))
    >>> F.global_max_pool3d(x, keepdims=True).shape
    (2, 1, 1, 1, 3)""",
    },
}


def _doc(text: str, family: str, n: int, **extra) -> str:
  fields = dict(n=n, sp=_SPATIAL[n], index=_INDEX[n], **extra)
  body = text.format(
      bins=_BINS_DOC, output_size=_OUTPUT_SIZE_ARG.format(**fields),
      layout=_LAYOUT_ARG.format(**fields), shape=_SHAPE_DOC.format(**fields),
      **fields)
  return body + _PREAMBLE + _EXAMPLES[family][n] + "\n"


def _named(fn, name: str, doc: str):
  fn.__name__ = fn.__qualname__ = name
  fn.__doc__ = doc
  return fn


def _adaptive_max_fn(n: int, with_indices: bool):
  fn_name = f"adaptive_max_pool{n}d" + ("_with_indices" if with_indices
                                        else "")
  if with_indices:
    def adaptive_max_pool_with_indices(
        x: ArrayLike, output_size: OutputSize, *, channels_last: bool = True,
    ) -> tuple[jax.Array, jax.Array]:
      return adaptive_max_pool(fn_name, n, x, output_size, True,
                               channels_last)
    doc = (f"Adaptive max pooling that returns ``(values, indices)``: "
           f"``adaptive_max_pool{n}d(..., return_indices=True)``.\n\n  See "
           f":func:`adaptive_max_pool{n}d` for the arguments and semantics.\n"
           + _PREAMBLE + _EXAMPLES["adaptive_max_pool_with_indices"][n] + "\n")
    return _named(adaptive_max_pool_with_indices, fn_name, doc)

  def adaptive_max(
      x: ArrayLike, output_size: OutputSize, return_indices: bool = False, *,
      channels_last: bool = True,
  ):
    return adaptive_max_pool(fn_name, n, x, output_size, return_indices,
                             channels_last)
  return _named(adaptive_max, fn_name,
                _doc(_ADAPTIVE_MAX_DOC, "adaptive_max_pool", n))


def _adaptive_avg_fn(n: int):
  fn_name = f"adaptive_avg_pool{n}d"

  def adaptive_avg(x: ArrayLike, output_size: OutputSize, *,
                   channels_last: bool = True) -> jax.Array:
    return adaptive_avg_pool(fn_name, n, x, output_size, channels_last)
  return _named(adaptive_avg, fn_name,
                _doc(_ADAPTIVE_AVG_DOC, "adaptive_avg_pool", n))


def _global_fn(n: int, kind: str):
  fn_name = f"global_{kind}_pool{n}d"

  def global_pool_fn(x: ArrayLike, *, keepdims: bool = False,
                     channels_last: bool = True) -> jax.Array:
    return global_pool(fn_name, n, x, keepdims, channels_last, kind)
  what = ("The mean over all spatial positions of each (sample, channel) "
          "plane." if kind == "avg" else
          "The max over all spatial positions of each (sample, channel) "
          "plane, with PyTorch's rules: NaN propagates, and the gradient goes "
          "to the first max.")
  dtypes = ("a floating dtype (half precision is summed in float32)"
            if kind == "avg" else "a floating or integer dtype")
  return _named(global_pool_fn, fn_name,
                _doc(_GLOBAL_DOC, f"global_{kind}_pool", n, kind=kind,
                     what=what, dtypes=dtypes))


adaptive_max_pool1d, adaptive_max_pool2d, adaptive_max_pool3d = (
    _adaptive_max_fn(n, False) for n in (1, 2, 3))
(adaptive_max_pool1d_with_indices, adaptive_max_pool2d_with_indices,
 adaptive_max_pool3d_with_indices) = (
     _adaptive_max_fn(n, True) for n in (1, 2, 3))
adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d = (
    _adaptive_avg_fn(n) for n in (1, 2, 3))
global_avg_pool1d, global_avg_pool2d, global_avg_pool3d = (
    _global_fn(n, "avg") for n in (1, 2, 3))
global_max_pool1d, global_max_pool2d, global_max_pool3d = (
    _global_fn(n, "max") for n in (1, 2, 3))
