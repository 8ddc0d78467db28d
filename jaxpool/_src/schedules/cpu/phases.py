"""Stride phases: strided views rebuilt as unit-stride shifts of the input
split by stride phase, so that their transposes need no interior padding."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
from jax import lax

from jaxpool._src.core import geometry
from jaxpool._src.core.geometry import Window
from jaxpool._src.schedules.cpu.fusion import separately


def overlaps_in_two_strided_dims(w: Window) -> bool:
  """Whether windows overlap along two or more strided dims (k3 s2 in 2-d).

  There the gradient of a window sum is costliest: the transpose of each
  strided view is a pad with interior padding, and one loop tests every
  kernel offset at every input element. So there, window sums of tangents
  are taken one dim at a time (:func:`reduce.tangent_window_sum`). With
  overlap along one dim (1-d k3 s2) or none (k3 s3, k2 s2) the extra pass
  costs more than it saves. (Max pooling's tangents:
  :func:`tangent_phases_pay`.)
  """
  return sum(s > 1 and (k - 1) * d + 1 > s for k, s, d in
             zip(w.kernel, w.stride, w.dilation)) >= 2


def stride_phases(x: jax.Array, w: Window) -> dict:
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


def tangent_phases_pay(w: Window, shape) -> bool:
  """Whether max pooling's tangent reads its views from stride phases
  (:func:`tangent_views`), for an input of ``shape``; chosen by forward+
  backward timings on XLA:CPU (``benchmarks/run.py``):

  - Channels first (the minor dim spatial), wherever a dim is strided: the
    strided views' transposes interleave within the minor dim.
  - Channels last, where the window spans two dims and overlaps along a
    strided one; or, without overlap, with 48 channels or more (with fewer,
    the phases' interleaving costs more than it saves).
  - Not for windows along one dim, channels last: a few views, each cheap
    to transpose.
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
# phases' gradients in the loop that interleaves them; beyond, that loop
# does more work per element than storing each phase's gradient first.
FUSED_PHASES_MAX_OFFSETS = 9


def phase_shifts(w: Window, offset, phase_grid):
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
  """``[geometry.view(xd, w, o, 0) for o in w.offsets]``, built to be
  transposed.

  A strided view's transpose is a pad with interior padding: max pooling's
  gradient is one loop testing every kernel offset at every input element,
  each test a branch on XLA:CPU. Where it pays
  (:func:`tangent_phases_pay`), the tangent is first split into its
  stride phases (:func:`stride_phases`), and each view is a unit-stride
  shift of one phase: the gradient of a phase sums only the offsets that
  land in it (1, 2, 2 and 4 of the 9 at k3 s2), without interior padding,
  and a concatenation interleaves the phases' gradients in the same loop
  (with more than ``FUSED_PHASES_MAX_OFFSETS`` offsets, after each
  phase's is stored). Window sums are instead taken one dim at a time, see
  :func:`reduce.tangent_window_sum`.
  """
  if not tangent_phases_pay(w, xd.shape):
    return [geometry.view(xd, w, o, 0) for o in w.offsets]
  if math.prod(w.kernel) <= FUSED_PHASES_MAX_OFFSETS:
    phases = stride_phases(xd, w)
  else:
    phases = separately(lambda xd: stride_phases(xd, w), xd)
  phase_shape = next(iter(phases.values())).shape
  views = []
  for offset in w.offsets:
    phase, starts, limits = [], [0] * xd.ndim, list(w.out_shape(xd.shape))
    pad_cfg = [(0, 0, 0)] * xd.ndim
    for a, o, (r, shift, o_lo, o_hi) in zip(w.axes, w.out, phase_shifts(
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

