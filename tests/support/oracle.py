"""A plain NumPy window-loop reference for pooling, written from PyTorch's
definitions (ATen's CPU kernels), independent of jaxpool's implementation.

Inputs are channels-first ``(N, C, *spatial)``; padding is a list of
``(lo, hi)`` pairs. Loops are per output position and per window tap.
"""

import itertools
import math

import numpy as np


def out_length(size, k, s, d, lo, hi, ceil_mode):
  eff = d * (k - 1) + 1
  span = size + lo + hi - eff
  out = (math.ceil(span / s) if ceil_mode else math.floor(span / s)) + 1
  if ceil_mode and (out - 1) * s >= size + lo:
    out -= 1
  return out


def _geometry(x, k, s, p, d, ceil_mode):
  spatial = x.shape[2:]
  n = len(spatial)
  d = d or (1,) * n
  outs = [out_length(L, k[i], s[i], d[i], p[i][0], p[i][1], ceil_mode)
          for i, L in enumerate(spatial)]
  return spatial, d, outs


def max_pool(x, k, s, p, d=None, ceil_mode=False):
  """Returns (values, indices), PyTorch's CPU rule: taps in row-major order,
  replace when strictly greater or NaN, start at the first tap >= 0."""
  spatial, d, outs = _geometry(x, k, s, p, d, ceil_mode)
  vals = np.empty(x.shape[:2] + tuple(outs), x.dtype)
  idxs = np.empty(x.shape[:2] + tuple(outs), np.int64)
  for nc in np.ndindex(*x.shape[:2]):
    plane = x[nc]
    for o in np.ndindex(*outs):
      starts = [o[i] * s[i] - p[i][0] for i in range(len(spatial))]
      first = []
      for i, st in enumerate(starts):
        while st < 0:
          st += d[i]
        first.append(st)
      best = -np.inf
      best_idx = _flat(first, spatial)
      for j in itertools.product(*(range(kk) for kk in k)):
        pos = [starts[i] + j[i] * d[i] for i in range(len(spatial))]
        if any(q < 0 or q >= L for q, L in zip(pos, spatial)):
          continue
        v = plane[tuple(pos)]
        if v > best or np.isnan(v):
          best, best_idx = v, _flat(pos, spatial)
      vals[nc + o] = best
      idxs[nc + o] = best_idx
  return vals, idxs


def _flat(pos, spatial):
  idx = 0
  for q, L in zip(pos, spatial):
    idx = idx * L + q
  return idx


def max_pool_grad(x, indices, cot):
  """Gradient of sum(out * cot): each output's cotangent goes to its index.

  PyTorch's index for a window with no in-bounds tap points past the plane
  (its backward then writes out of bounds); such gradients are dropped."""
  g = np.zeros(x.shape, np.float64)
  spatial = x.shape[2:]
  for nc in np.ndindex(*x.shape[:2]):
    flat = g[nc].reshape(-1)
    for o in np.ndindex(*indices.shape[2:]):
      if indices[nc + o] < flat.size:  # a window with no in-bounds tap
        flat[indices[nc + o]] += cot[nc + o]
    g[nc] = flat.reshape(spatial)
  return g


def avg_pool(x, k, s, p, ceil_mode=False, count_include_pad=True,
             divisor_override=None, running_dtype=None):
  """Float64 window means; with ``running_dtype`` (float32), PyTorch's own
  arithmetic instead: a running sum from +0 of the window's taps in
  row-major order, in that dtype, divided at the end (a zero mean is +0,
  whatever the divisor's sign)."""
  spatial, _, outs = _geometry(x, k, s, p, None, ceil_mode)
  dtype = running_dtype or np.float64
  out = np.empty(x.shape[:2] + tuple(outs), dtype)
  for o in np.ndindex(*outs):
    lo_, hi_, pool = [], [], 1
    for i, L in enumerate(spatial):
      start = o[i] * s[i] - p[i][0]
      end = min(start + k[i], L + p[i][1])
      pool *= end - start
      lo_.append(max(start, 0))
      hi_.append(min(end, L))
    window = x[(...,) + tuple(slice(a, b) for a, b in zip(lo_, hi_))]
    if divisor_override is not None:
      div = divisor_override
    elif count_include_pad:
      div = pool
    else:
      div = int(np.prod(window.shape[2:]))
    # PyTorch's result behaves as +0 + sum / div: never -0.
    out[(...,) + o] = dtype(0) + running_sum(window, dtype) / dtype(div)
  return out


def running_sum(window, dtype):
  """Sums ``window`` over its trailing (spatial) dims one element at a time
  in row-major order, from +0, in ``dtype``: (N, C) sums."""
  acc = np.zeros(window.shape[:2], dtype)
  with np.errstate(over="ignore", invalid="ignore"):
    for j in np.ndindex(*window.shape[2:]):
      acc = (acc + window[(...,) + j].astype(dtype)).astype(dtype)
  return acc


def sum_bound(window_abs_sum, taps, div):
  """The error bound of a float32 running sum of ``taps`` terms whose
  magnitudes add to ``window_abs_sum``, after dividing by ``div``."""
  eps = np.finfo(np.float32).eps
  return (taps + 1) * eps * window_abs_sum / abs(div)


def lp_pool(x, norm_type, k, s, ceil_mode=False, running_dtype=None):
  """PyTorch's definition; with ``running_dtype``, in that dtype throughout
  (the power, the running sum, the root), as PyTorch computes it."""
  zero = [(0, 0)] * len(k)
  if norm_type == np.inf:
    return max_pool(np.abs(x), k, s, zero, None, ceil_mode)[0]
  if norm_type == -np.inf:
    return -max_pool(-np.abs(x), k, s, zero, None, ceil_mode)[0]
  dtype = running_dtype or np.float64
  with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
    mean = avg_pool(x.astype(dtype) ** dtype(norm_type), k, s, zero,
                    ceil_mode, running_dtype=running_dtype)
    return (np.sign(mean) * np.maximum(np.abs(mean), 0) * dtype(np.prod(k))
            ) ** dtype(1.0 / norm_type)


def adaptive_bins(size, out):
  """PyTorch's bins: ``[floor(i*L/out), ceil((i+1)*L/out))``."""
  return [((i * size) // out, -((-(i + 1) * size) // out))
          for i in range(out)]


def adaptive_avg_pool(x, out, running_dtype=None):
  """Each bin's mean; with ``running_dtype``, PyTorch's running sum (as
  :func:`avg_pool`) divided by the bin's element count."""
  spatial = x.shape[2:]
  bins = [adaptive_bins(L, o) for L, o in zip(spatial, out)]
  dtype = running_dtype or np.float64
  y = np.empty(x.shape[:2] + tuple(out), dtype)
  for o in np.ndindex(*out):
    window = x[(...,) + tuple(slice(*bins[i][o[i]]) for i in range(len(o)))]
    y[(...,) + o] = running_sum(window, dtype) / dtype(
        np.prod(window.shape[2:]))
  return y


def adaptive_avg_grad(shape, out, cot):
  """PyTorch's backward: each bin's cotangent over its count, added to the
  bin's elements (float64; classes as float32's for cotangents far from
  overflow)."""
  bins = [adaptive_bins(L, o) for L, o in zip(shape[2:], out)]
  g = np.zeros(shape, np.float64)
  for o in np.ndindex(*out):
    region = tuple(slice(*bins[i][o[i]]) for i in range(len(o)))
    count = np.prod([b.stop - b.start for b in region])
    with np.errstate(invalid="ignore"):
      g[(...,) + region] += (cot[(...,) + o] / count)[
          (...,) + (None,) * len(out)]
  return g


def scan_max(plane, windows):
  """PyTorch's scan over a window (a list of per-dim ranges), row-major:
  replace when strictly greater or NaN; start at the first cell. Returns
  the value and its flat index in the plane."""
  spatial = plane.shape
  best = -np.inf
  first = tuple(r[0] for r in windows)
  best_idx = int(np.ravel_multi_index(first, spatial))
  for cell in itertools.product(*windows):
    v = plane[cell]
    if v > best or np.isnan(v):
      best, best_idx = v, int(np.ravel_multi_index(cell, spatial))
  return best, best_idx


def adaptive_max_pool(x, out):
  """Values and indices: PyTorch's scan over each bin."""
  bins = [adaptive_bins(L, o) for L, o in zip(x.shape[2:], out)]
  vals = np.empty(x.shape[:2] + tuple(out), x.dtype)
  idxs = np.empty(x.shape[:2] + tuple(out), np.int64)
  for nc in np.ndindex(*x.shape[:2]):
    for o in np.ndindex(*out):
      windows = [range(*bins[d][o[d]]) for d in range(len(out))]
      vals[nc + o], idxs[nc + o] = scan_max(x[nc], windows)
  return vals, idxs


def fractional_starts(u, size, k, out, dtype=np.float32):
  """PyTorch's generate_intervals, in the input's dtype."""
  if out == 1:
    return [size - k]
  alpha = np.asarray(size - k, dtype) / np.asarray(out - 1, dtype)
  u = np.asarray(u, dtype)
  starts = [int(np.asarray(np.asarray(i, dtype) + u, dtype) * alpha)
            - int(np.asarray(u * alpha, dtype)) for i in range(out - 1)]
  return starts + [size - k]


def fractional_max_pool(x, kernel, out, samples):
  """Fractional max pooling; samples (N, C, d) in PyTorch's order."""
  n = len(out)
  spatial = x.shape[2:]
  order = (1, 0) if n == 2 else (0, 1, 2)  # 2-d: sample 0 drives W
  vals = np.empty(x.shape[:2] + tuple(out), x.dtype)
  idxs = np.empty(x.shape[:2] + tuple(out), np.int64)
  for nc in np.ndindex(*x.shape[:2]):
    starts = [fractional_starts(samples[nc][order[d]], spatial[d],
                                kernel[d], out[d], x.dtype)
              for d in range(n)]
    for o in np.ndindex(*out):
      windows = [range(starts[d][o[d]], starts[d][o[d]] + kernel[d])
                 for d in range(n)]
      vals[nc + o], idxs[nc + o] = scan_max(x[nc], windows)
  return vals, idxs


def max_unpool(x, indices, out_spatial):
  out = np.zeros(x.shape[:2] + tuple(out_spatial), x.dtype)
  for nc in np.ndindex(*x.shape[:2]):
    flat = out[nc].reshape(-1)
    for o in np.ndindex(*x.shape[2:]):
      i = indices[nc + o]
      if 0 <= i < flat.size:
        flat[i] = x[nc + o]
    out[nc] = flat.reshape(out_spatial)
  return out
