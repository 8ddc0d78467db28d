"""Max unpooling: each value placed at its index in a zero output, as
PyTorch's ``max_unpool{n}d``. How it is placed is the schedule's."""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import checkify

from jaxpool._src import schedules
from jaxpool._src.core import args as _args
from jaxpool._src.core import geometry
from jaxpool._src.core.geometry import Window


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
  defaults = tuple(geometry.default_unpool_size(i, k, s, lo, hi)
                   for i, k, s, (lo, hi) in zip(in_sizes, kernel, strides, pads))
  out_sizes = _unpool_output_size(fn, x.shape, lay, output_size, defaults,
                                  strides)
  plane = math.prod(out_sizes)
  try:
    concrete = np.asarray(indices)
  except jax.errors.TracerArrayConversionError:
    concrete = None  # traced: checked (if asked) by checkify
  if concrete is not None:
    bad = (concrete < 0) | (concrete >= plane)
    if bad.any():
      raise ValueError(
          f"{fn}: found an invalid max index {int(concrete[bad][0])}"
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
  return schedules.run(_unpool, (x, indices.astype(_args.index_dtype())),
                       (lay, w))


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



@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _unpool(x, indices, lay, w, schedule):
  return schedules.get(schedule).unpool(x, indices, lay, w)
