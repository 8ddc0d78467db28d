"""Window reductions on XLA:CPU: fused strided views, 3-d windows in stored
stages, large outputs by regions."""

from __future__ import annotations

import functools
import itertools
import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from jaxpool._src.core import geometry
from jaxpool._src.core import rules
from jaxpool._src.core.geometry import Window
from jaxpool._src.schedules.cpu import phases
from jaxpool._src.schedules.cpu import views as _views
from jaxpool._src.schedules.cpu.fusion import separately
from jaxpool._src.schedules.cpu.regions import by_regions


def _stages(w: Window) -> tuple[Window, ...]:
  """The windows a reduction over ``w`` is computed in, innermost first.

  Up to two spatial dims are reduced in one fused loop. Beyond that, the
  last two dims are reduced first and stored, then the leading one: one
  loop over all 27 views of a 3-d k3 window is slower on XLA:CPU than
  9 then 3. Max is associative, and PyTorch's argmax rule composes:
  the row-major first max is the first outer offset whose inner max is the
  max, then the first inner offset within it (the last NaN likewise, and an
  all -inf window keeps each stage's first in-bounds tap).
  """
  if len(w.axes) < 3:
    return (w,)
  n = len(w.axes)
  return (geometry.sub_window(w, range(n - 2, n)), geometry.sub_window(w, range(n - 2)))


def _reduce_views(x: jax.Array, w: Window, combine, fill,
                  split: bool = False, pad_first: bool = False) -> jax.Array:
  """``combine`` over each window's views, stage by stage (each stored).

  ``split``: computed by regions (:func:`by_regions`); only where the
  result is not transposed. ``pad_first``: the views of small inputs read
  from a padded copy (:func:`views.views`).
  """
  def reduce(x, w, *_):
    if pad_first:
      return functools.reduce(combine, _views.views(x, w, fill))
    return functools.reduce(combine, (geometry.view(x, w, o, fill)
                                      for o in w.offsets))

  def stage_reduce(x, stage):
    return by_regions(x, stage, reduce) if split else reduce(x, stage)

  *inner, last = _stages(w)
  for stage in inner:
    x = separately(functools.partial(stage_reduce, stage=stage), x)
  return stage_reduce(x, last)


def window_max(x: jax.Array, w: Window) -> jax.Array:
  """Max over each window; padding is -inf (the lowest int for integers)."""
  return _reduce_views(x, w, jnp.maximum, rules.lowest(x.dtype), split=True)


def _scanned_max(x: jax.Array, w: Window) -> jax.Array:
  """:func:`window_max` beside a first-max scan (:func:`argmax_code`): the
  views of small inputs from a padded copy, as the scan's. In a gradient,
  XLA fuses the max into several users and stores its plain views apart,
  a loop each to compile; a forward alone runs faster on plain views."""
  return _reduce_views(x, w, jnp.maximum, rules.lowest(x.dtype), split=True,
                       pad_first=True)


def _inner_stages(x: jax.Array, w: Window):
  """Every stage but the last: returns the last stage's input and the codes.

  Each stage's max and its code are stored (``separately``): unfused, XLA
  recomputes the whole argmax once per kernel offset in the gradient, and
  shares the views of the two passes, which then materialise.
  """
  codes = []
  for stage in _stages(w)[:-1]:
    best = separately(functools.partial(_scanned_max, w=stage), x)
    codes.append(separately(functools.partial(argmax_code, w=stage), x))
    x = best
  return x, tuple(codes)


def max_and_codes(x: jax.Array, w: Window):
  """Max over each window, and per stage the kernel offset that holds it.

  Returns ``(max, codes)``: one code per window of ``_stages(w)``, each on
  that stage's output grid, in row-major offset order of its own kernel
  (:func:`codes_to_index` and :func:`select_winners` read them).
  """
  x, codes = _inner_stages(x, w)
  last = _stages(w)[-1]
  code = separately(functools.partial(argmax_code, w=last), x)
  return _scanned_max(x, last), codes + (code,)


def max_and_index(x: jax.Array, w: Window, dtype) -> tuple[jax.Array,
                                                            jax.Array]:
  """Max over each window and PyTorch's flat index of it in the plane.

  The last stage's argmax yields the index in the same loop, as the
  window's first tap plus the winning tap's offset in the plane: no code is
  stored and converted in a pass of its own. The max and the index are two
  loops, each reading the input: XLA:CPU fuses no loop with two outputs.
  One stage's index is not passed through a fusion barrier: it is a result
  (the users that read it per offset store what they derive from it), and
  the barrier's conditional would copy it.
  """
  x, codes = _inner_stages(x, w)
  last = _stages(w)[-1]
  best = window_max(x, last)
  if not codes:
    return best, _window_index(x, w, dtype)
  return best, separately(
      lambda x, codes: codes_to_index(
          w, codes + (argmax_code(x, last),), dtype),
      x, codes)


def _window_index(x: jax.Array, w: Window, dtype):
  """The flat plane index of each window's max: first tap + tap offset."""
  tap_offsets = geometry.tap_plane_offsets(w, dtype)

  def index(x, part, origin):
    first = geometry.first_tap_index(w, part.out_shape(x.shape), dtype,
                                     origin)
    return first + rules.winning_tap(
        x, part, tap_offsets, _views.views(x, part, rules.lowest(x.dtype)))

  return by_regions(x, w, index)


def codes_to_index(w: Window, codes, dtype) -> jax.Array:
  """Per-stage codes (of :func:`max_and_codes`) to PyTorch's flat index."""
  return geometry.code_to_index(flat_code(w, codes), w, dtype)


def flat_code(w: Window, codes) -> jax.Array:
  """Per-stage codes to one row-major kernel offset of the whole window."""
  stages = _stages(w)
  code, inner_volume = codes[0], math.prod(stages[0].kernel)
  for stage, outer in zip(stages[1:], codes[1:]):
    # The inner dims are the trailing ones: offset = outer * volume + inner.
    code = (outer * np.int32(inner_volume)
            + geometry.select_views(code, stage, outer))
    inner_volume *= math.prod(stage.kernel)
  if len(stages) == 1:
    return code
  empty = geometry.windows_without_taps(w)
  if empty.any():
    # An outer offset in the padding has no inner code to select: such a
    # window (no tap in the input) gets PyTorch's starting offset instead.
    code = jnp.where(w.spatial_broadcast(empty, code.ndim),
                     w.spatial_broadcast(geometry.initial_code(w), code.ndim), code)
  return code


def argmax_code(x: jax.Array, w: Window) -> jax.Array:
  """The kernel offset PyTorch's CPU kernel picks in each window.

  See :func:`rules.running_winner`; computed by regions (:func:`by_regions`).
  """
  taps = np.arange(math.prod(w.kernel), dtype=np.int32)
  return by_regions(x, w, lambda x, part, _: rules.winning_tap(
      x, part, taps, _views.views(x, part, rules.lowest(x.dtype))))


# Up to this many input elements, max pooling's gradient stores the input's
# cotangent where windows overlap (:func:`select_winners`).
STORE_COTANGENT_MAX_INPUTS = 1 << 18


def _stores_cotangent(w: Window, shape) -> bool:
  """Whether :func:`select_winners` passes its tangent through a fusion
  barrier, so that the input's cotangent, its transpose, is stored.

  Where windows overlap, each input element's cotangent sums the winners
  of several windows (a pad and a select per kernel offset). Unstored,
  XLA fuses that sum into every consumer of the cotangent (a concatenation
  of branches has one per branch) and stores each padded view apart: the
  code to compile multiplies. Stored, the sum is one loop. On small inputs
  the store costs no run time; on large ones its pass and copy cost more
  than the fusion saves. Without overlap the cotangent is one select per
  element, cheap to recompute.
  """
  overlap = any((k - 1) * d + 1 > s for k, s, d in zip(w.kernel, w.stride,
                                                      w.dilation))
  return overlap and math.prod(shape) <= STORE_COTANGENT_MAX_INPUTS


def select_winners(xd: jax.Array, w: Window, codes) -> jax.Array:
  """Per output, the tangent of the input element that won, stage by stage
  (the input's cotangent stored where :func:`_stores_cotangent`)."""
  stages = _stages(w)
  if _stores_cotangent(w, xd.shape):
    xd = separately(lambda t: t, xd)

  def select(xd, code, stage):
    return geometry.select_views(xd, stage, code,
                                 phases.tangent_views(xd, stage))

  xd = select(xd, codes[0], stages[0])
  for stage, code in zip(stages[1:], codes[1:]):
    # Transposed, this stage's cotangent is read once per offset of the
    # stage before: stored, not recomputed.
    xd = separately(functools.partial(select, stage=stage), xd, code)
  return xd


def _window_sum(x, w):
  """Window sums of a tangent (any order; see :func:`window_sum` for
  values)."""
  return _reduce_views(x, w, lax.add, 0)


def window_sum(x: jax.Array, w: Window) -> jax.Array:
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
  Computed by regions (:func:`by_regions`): never transposed, as the
  gradients' sums are :func:`tangent_window_sum`.
  """
  if len(w.axes) < 3:
    groups = [list(w.offsets)]
  else:
    groups = [list(g) for _, g in itertools.groupby(w.offsets,
                                                    key=lambda o: o[0])]

  def taps(x, part, _origin, *carry, offsets, last):
    total = functools.reduce(
        lax.add, (*carry, *(geometry.view(x, part, o, 0) for o in offsets)))
    # In each region's loop: after the regions' concatenation it would be
    # a pass of its own.
    return jnp.where(total == 0, jnp.zeros((), total.dtype),
                     total) if last else total

  *leading, final = groups
  carry = ()
  for offsets in leading:
    fn = functools.partial(taps, offsets=offsets, last=False)
    carry = (separately(lambda x, *c, fn=fn: by_regions(x, w, fn, *c), x,
                        *carry),)
  return by_regions(x, w, functools.partial(taps, offsets=final, last=True),
                    *carry)


def tangent_window_sum(xd, w):
  """Window sums of a tangent. Where 2-d windows overlap in both dims, one
  dim at a time, the row sums stored: transposed, each input element then
  reads up to 2 + 2 pads instead of 9 (see
  :func:`phases.overlaps_in_two_strided_dims`). The same addends are summed in
  another order than PyTorch's, so the last bits may differ.

  3-d windows, channels first: the (H, W) stage sums the views of
  :func:`phases.tangent_views`, stride phases where strided, whose
  transposes do not interleave within the minor dim (in 2-d that gains
  nothing).
  """
  if len(w.axes) == 3 and w.axes[-1] == xd.ndim - 1:
    inner, outer = _stages(w)
    plane_sums = separately(lambda t: functools.reduce(
        lax.add, phases.tangent_views(t, inner)), xd)
    return _window_sum(plane_sums, outer)
  if len(w.axes) != 2 or not phases.overlaps_in_two_strided_dims(w):
    return _window_sum(xd, w)
  rows = separately(functools.partial(_window_sum, w=geometry.sub_window(w, [0])),
                    xd)
  return _window_sum(rows, geometry.sub_window(w, [1]))

