"""Fractional max pooling (Graham, 2014) with PyTorch's interval formula.

Each (sample, channel) plane draws one number ``u`` in ``[0, 1)`` per spatial
dimension; the windows of that dimension start at

    alpha = (L - k) / (out - 1)
    start_i = int((i + u) * alpha) - int(u * alpha),  i < out - 1
    start_{out-1} = L - k

computed, as in ATen, in the input's floating dtype. Every window has the
kernel size. The samples have PyTorch's ``_random_samples`` layout
``(N, C, dims)``: in 2-d, sample 0 drives the width and sample 1 the height;
in 3-d, samples 0, 1, 2 drive depth (T), height and width.

Windows differ per plane, so each spatial dimension is reduced by one gather
of its ``out * k`` window taps (``take_along_axis`` with the per-plane start
indices) and a reduction over ``k``, last dimension first, with the separable
max-with-index of :mod:`jaxpool._src.schedules.separable`: the graph does not
grow with the input or output size.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Optional, Sequence, Union

import jax
import jax.numpy as jnp
import numpy as np

from jaxpool._src import schedules
from jaxpool._src.core import args as _args
from jaxpool._src.schedules import separable

RatioLike = Union[float, Sequence[float]]


@dataclasses.dataclass(frozen=True)
class Fractional:
  """Static geometry: per spatial dim (in order) axis/size/kernel/out."""
  axes: tuple[int, ...]
  sizes: tuple[int, ...]
  kernel: tuple[int, ...]
  out: tuple[int, ...]
  batch_axis: Optional[int]
  channel_axis: int


def _ratios(fn: str, value, n: int) -> tuple[float, ...]:
  def is_real(v):
    return isinstance(v, (int, float, np.integer, np.floating)) and not (
        isinstance(v, (bool, np.bool_)))
  if is_real(value):
    values = (float(value),) * n
  elif (isinstance(value, (tuple, list)) and len(value) in (1, n)
        and all(is_real(v) for v in value)):
    values = tuple(float(v) for v in value) * (n if len(value) == 1 else 1)
  else:
    raise TypeError(
        f"{fn}: output_ratio={value!r} is not a number or a sequence of {n} "
        "numbers; expected ratios in (0, 1).")
  if not all(0 < v < 1 for v in values):
    raise ValueError(f"{fn}: output_ratio={value!r} must be between 0 and 1 "
                     "(exclusive) in every dimension.")
  return values


def make_geometry(fn: str, x_shape, n: int, kernel_size, output_size,
                  output_ratio, channels_last) -> Fractional:
  lay = _args.layout(fn, x_shape, n, _args.check_bool(
      fn, "channels_last", channels_last), empty="leading")
  sizes = tuple(x_shape[a] for a in lay.spatial_axes)
  kernel = _args.ntuple(fn, "kernel_size", kernel_size, n, minimum=1)
  if (output_size is None) == (output_ratio is None):
    raise ValueError(
        f"{fn}: output_size={output_size!r} and output_ratio="
        f"{output_ratio!r}; expected exactly one of them.")
  if output_size is not None:
    out = _args.ntuple(fn, "output_size", output_size, n, minimum=1)
  else:
    # As PyTorch: int(L * ratio), in Python floats.
    out = tuple(int(size * r) for size, r in zip(
        sizes, _ratios(fn, output_ratio, n)))
    if min(out) < 1:
      raise ValueError(
          f"{fn}: output_ratio={output_ratio!r} gives output size {out} for "
          f"input size {sizes}; expected every output size to be at least 1.")
  # As PyTorch: output + kernel - 1 <= input in 2-d, but < input in 3-d
  # (fractional_max_pool3d_out_cpu_template), in every dimension.
  strict = n == 3
  for name, size, k, o in zip(_args.spatial_names(n), sizes, kernel, out):
    if o + k - 1 > size - strict:
      most = size - o + 1 - strict
      if most >= 1:
        hint = f"a kernel of at most {most} there for output {o}"
      elif size - strict >= 1:
        hint = f"an output of at most {size - strict} there (with kernel 1)"
      else:
        hint = f"an input size of at least {1 + strict} there"
      raise ValueError(
          f"{fn}: kernel_size={kernel_size!r} is too large for output size "
          f"{out} and input size {sizes}: in dim {name}, kernel {k} and "
          f"output {o} need output + kernel - 1 {'<' if strict else '<='} "
          f"input (PyTorch's rule, in every dim); got {o} + {k} - 1 "
          f"{'>=' if strict else '>'} {size}. Expected {hint}.")
  batch = 0 if lay.batched else None
  return Fractional(lay.spatial_axes, sizes, kernel, out, batch,
                    lay.channel_axis)


def _plane_broadcast(arr: jax.Array, g: Fractional, axis: int,
                     ndim: int) -> jax.Array:
  """``(N, C, m)`` per-plane values laid out to broadcast against the input,
  with ``m`` on ``axis``."""
  if g.batch_axis is None:
    arr = arr[0]
    present = [g.channel_axis, axis]
  else:
    present = [g.batch_axis, g.channel_axis, axis]
  # Put the axes of ``arr`` (batch, channel, m) in the input's axis order.
  order = np.argsort(present)
  arr = jnp.transpose(arr, tuple(int(i) for i in order))
  shape = [1] * ndim
  for a, size in zip(sorted(present), arr.shape):
    shape[a] = size
  return arr.reshape(shape)


def interval_starts(u: jax.Array, size: int, k: int, out: int) -> jax.Array:
  """ATen's ``generate_intervals`` for samples ``u`` of shape ``(N, C)``.

  Returns int32 starts of shape ``(N, C, out)``, computed in ``u``'s dtype.
  """
  dtype = u.dtype
  last = jnp.full(u.shape + (1,), size - k, jnp.int32)
  if out == 1:
    return last
  alpha = np.asarray(size - k, dtype) / np.asarray(out - 1, dtype)
  i = np.arange(out - 1).astype(dtype).reshape((1,) * u.ndim + (-1,))
  # C++ static_cast<int> truncates toward zero: astype does the same.
  first = ((i + u[..., None]) * alpha).astype(jnp.int32)
  starts = first - (u * alpha).astype(jnp.int32)[..., None]
  # Samples outside [0, 1) are not PyTorch's contract; keep windows inside.
  starts = jnp.clip(starts, 0, size - k)
  return jnp.concatenate([starts, last], axis=-1)


def _dims(x_ndim: int, starts, g: Fractional) -> list:
  """Per spatial dim, its windows as one gathered block per plane."""
  dims = []
  for axis, size, k, out, s in zip(g.axes, g.sizes, g.kernel, g.out, starts):
    offsets = jnp.arange(k, dtype=s.dtype).reshape((1,) * s.ndim + (k,))
    taps = (s[..., None] + offsets).reshape(s.shape[:-1] + (out * k,))
    idx = _plane_broadcast(taps, g, axis, x_ndim)

    def blocks(arr, fill, idx=idx, axis=axis, out=out, k=k):
      del fill  # every tap is inside the input
      w = jnp.take_along_axis(arr, idx, axis=axis)
      return w.reshape(w.shape[:axis] + (out, k) + w.shape[axis + 1:])
    pos = idx.astype(_args.index_dtype()).reshape(
        idx.shape[:axis] + (out, k) + idx.shape[axis + 1:])
    dims.append(separable.BlocksAxis(axis, size, [(blocks, pos)],
                                     lambda outs: outs[0]))
  return dims


def _tangent_dims(x_ndim: int, starts, g: Fractional) -> list:
  """Per spatial dim, the max's tangent in the gather form
  (:class:`separable.SpreadAxis`): the starts increase by at least 1
  (``alpha >= 1``), so at most ``k`` windows hold a position, the last
  of them the last window starting at or before it."""
  dims = []
  for axis, size, k, out, s in zip(g.axes, g.sizes, g.kernel, g.out, starts):
    here = jnp.arange(size, dtype=s.dtype).reshape(
        (1,) * (s.ndim - 1) + (size, 1))
    # The last window starting at or before each position, per plane.
    last = jnp.sum(s[..., None, :] <= here, axis=-1, dtype=s.dtype) - 1
    cands = [_plane_broadcast(jnp.maximum(last - r, 0), g, axis, x_ndim)
             for r in range(k)]
    valids = [_plane_broadcast(last - r >= 0, g, axis, x_ndim)
              for r in range(k)]

    def take(arr, r, cands=cands, axis=axis):
      return jnp.take_along_axis(arr, cands[r], axis=axis,
                                 mode="promise_in_bounds")
    dims.append(separable.SpreadAxis(axis, size, out, k, take,
                                     valids.__getitem__))
  return dims


def _winners_and_tangent(x, xd, starts, g: Fractional, schedule: str):
  dims = _dims(x.ndim, starts, g)
  tangent_dims = _tangent_dims(x.ndim, starts, g)
  store = schedules.get(schedule).store
  out, index, sels = separable.stored_winners(x, dims, store, tangent_dims)
  return out, index, separable.select_winners(xd, tangent_dims, sels)


@functools.partial(jax.custom_jvp, nondiff_argnums=(2, 3))
def _frac_max_float(x, starts, g, schedule):
  return separable.window_max(x, _dims(x.ndim, starts, g))


@_frac_max_float.defjvp
def _frac_max_float_jvp(g, schedule, primals, tangents):
  (x, starts), (xd, _) = primals, tangents
  out, _, out_dot = _winners_and_tangent(x, xd, starts, g, schedule)
  return out, out_dot


@functools.partial(jax.custom_jvp, nondiff_argnums=(2, 3))
def _frac_max_index_float(x, starts, g, schedule):
  store = schedules.get(schedule).store
  return separable.max_and_index(x, _dims(x.ndim, starts, g), store)[:2]


@_frac_max_index_float.defjvp
def _frac_max_index_float_jvp(g, schedule, primals, tangents):
  (x, starts), (xd, _) = primals, tangents
  out, index, out_dot = _winners_and_tangent(x, xd, starts, g, schedule)
  index_dot = np.zeros(index.shape, jax.dtypes.float0)
  return (out, index), (out_dot, index_dot)


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _fractional(x, samples, g: Fractional, return_indices: bool,
                schedule: str):
  samples = jax.lax.stop_gradient(samples)
  starts = tuple(interval_starts(samples[..., d], size, k, out)
                 for d, (size, k, out) in enumerate(zip(g.sizes, g.kernel,
                                                        g.out)))
  if return_indices:
    return _frac_max_index_float(x, starts, g, schedule)
  return _frac_max_float(x, starts, g, schedule)


def _sample_order(n: int) -> tuple[int, ...]:
  """Which sample drives each spatial dim (PyTorch: W then H in 2-d)."""
  return (1, 0) if n == 2 else tuple(range(n))


def fractional_max_pool(fn: str, n: int, x, kernel_size, output_size,
                        output_ratio, return_indices, key, samples,
                        channels_last):
  x = _args.check_array(fn, x)
  return_indices = _args.check_bool(fn, "return_indices", return_indices)
  g = make_geometry(fn, x.shape, n, kernel_size, output_size, output_ratio,
                    channels_last)
  if not jnp.issubdtype(x.dtype, jnp.floating):
    raise TypeError(f"{fn}: input dtype {x.dtype} is not supported; expected "
                    "a floating dtype.")
  planes = (x.shape[0] if g.batch_axis is not None else 1,
            x.shape[g.channel_axis], n)
  if (key is None) == (samples is None):
    raise ValueError(f"{fn}: pass exactly one of key (a jax.random key) and "
                     "samples (an array of shape (N, C, "
                     f"{n})); got key={key!r} and samples of type "
                     f"{type(samples).__name__}.")
  if key is not None:
    samples = jax.random.uniform(key, planes, x.dtype)
  else:
    samples = _args.check_array(fn, samples, "samples")
    if tuple(samples.shape) != planes:
      raise ValueError(
          f"{fn}: samples has shape {tuple(samples.shape)}; expected "
          f"{planes} (N, C, {n}), with N = 1 for unbatched input.")
    if not jnp.issubdtype(samples.dtype, jnp.floating):
      raise TypeError(f"{fn}: samples dtype {samples.dtype} must be a "
                      "floating dtype.")
    samples = samples.astype(x.dtype)
  samples = samples[..., np.array(_sample_order(n))]
  return schedules.run(_fractional, (x, samples), (g, return_indices))
