"""Argument normalisation and validation shared by every layer family.

Every public function validates its arguments here, once, at call/trace time,
and raises ``ValueError``/``TypeError`` messages of the form
``"<function>: <argument>=<value!r> ...; expected ..."``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from typing import Any, Sequence, Union

import jax
import jax.numpy as jnp
import numpy as np

IntOrSeq = Union[int, Sequence[int]]
PaddingLike = Union[str, int, Sequence[Union[int, Sequence[int]]]]
# What max pooling returns with return_indices=True, and with a plain bool.
Indexed = tuple[jax.Array, jax.Array]
MaybeIndexed = Union[jax.Array, Indexed]
# What a Module with a ``return_indices`` field returns: values or (values,
# indices) as the field says. Any, since a type cannot follow a field's
# value, so that callers need no cast.
ValuesOrIndexed = Any


def is_int(v) -> bool:
  return isinstance(v, (numbers.Integral, np.integer)) and not isinstance(
      v, (bool, np.bool_))


def ntuple(fn: str, name: str, value, n: int, *, minimum: int) -> tuple[int, ...]:
  """An int or a length-``n`` sequence of ints, each ``>= minimum``."""
  if is_int(value):
    values = (int(value),) * n
  elif isinstance(value, (tuple, list)) and all(is_int(v) for v in value):
    if len(value) == 1:
      values = (int(value[0]),) * n
    elif len(value) == n:
      values = tuple(int(v) for v in value)
    else:
      raise ValueError(
          f"{fn}: {name}={value!r} has {len(value)} entries; expected an int "
          f"or a sequence of 1 or {n} ints (one per spatial dimension).")
  else:
    raise TypeError(
        f"{fn}: {name}={value!r} is not an int or a sequence of ints; "
        f"expected an int or a sequence of {n} ints.")
  for v in values:
    if v < minimum:
      what = "positive" if minimum == 1 else "non-negative"
      raise ValueError(f"{fn}: {name}={value!r} must be {what}; got {v}.")
  return values


def padding_pairs(fn: str, value, n: int) -> tuple[tuple[int, int], ...] | str:
  """Padding as ``n`` (lo, hi) pairs, or the string ``"SAME"``/``"VALID"``.

  Accepts an int, ``n`` ints, ``n`` ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``
  (case-insensitive).
  """
  if isinstance(value, str):
    if value.upper() in ("SAME", "VALID"):
      return value.upper()
    raise ValueError(
        f"{fn}: padding={value!r} is not a recognised padding string; expected "
        "'SAME', 'VALID', an int, a sequence of ints, or (lo, hi) pairs.")
  if (isinstance(value, (tuple, list)) and value
      and all(isinstance(v, (tuple, list)) for v in value)):
    if len(value) != n or any(len(v) != 2 or not all(is_int(e) for e in v)
                              for v in value):
      raise ValueError(
          f"{fn}: padding={value!r} must hold exactly {n} (lo, hi) pairs of "
          "ints, one per spatial dimension.")
    pairs = tuple((int(lo), int(hi)) for lo, hi in value)
    if any(lo < 0 or hi < 0 for lo, hi in pairs):
      raise ValueError(f"{fn}: padding={value!r} must be non-negative.")
    return pairs
  if (isinstance(value, (tuple, list)) and value
      and not all(is_int(v) for v in value)):
    raise TypeError(
        f"{fn}: padding={value!r} mixes ints and pairs; expected an int, "
        f"{n} ints, {n} (lo, hi) pairs, or 'SAME'/'VALID'.")
  return tuple((p, p) for p in ntuple(fn, "padding", value, n, minimum=0))


def check_bool(fn: str, name: str, value) -> bool:
  if not isinstance(value, (bool, np.bool_)):
    raise TypeError(f"{fn}: {name}={value!r} must be a bool.")
  return bool(value)


def check_int(fn: str, name: str, value, *, minimum: int = 0) -> int:
  """An int (not a bool) ``>= minimum``: a size, a count or an offset."""
  if not is_int(value):
    raise TypeError(f"{fn}: {name}={value!r} must be an int.")
  if value < minimum:
    what = {0: "non-negative", 1: "positive"}.get(minimum, f">= {minimum}")
    raise ValueError(f"{fn}: {name}={value!r} must be {what}.")
  return int(value)


def check_real(fn: str, name: str, value, *, finite: bool = False,
               positive: bool = False, hyper_parameter: bool = False) -> float:
  """A static real number (Python or NumPy, not a bool) as a float.

  Args:
    fn: the public function (or Module) named in errors.
    name: the argument named in errors.
    value: the argument.
    finite: reject NaN and +-inf.
    positive: reject values ``<= 0`` (and NaN, +-inf).
    hyper_parameter: word the type error for an activation's hyper-parameter,
      which PyTorch takes as a Python number, so that an array is told why
      it is refused.
  """
  if (isinstance(value, (bool, np.bool_))
      or not isinstance(value, numbers.Real)):
    if hyper_parameter:
      raise TypeError(
          f"{fn}: {name}={value!r} is not a real number; expected a Python "
          "float (a static hyper-parameter, as in PyTorch).")
    raise TypeError(f"{fn}: {name}={value!r} must be a real number.")
  value = float(value)
  if (finite or positive) and (math.isnan(value) or math.isinf(value)
                               or (positive and value <= 0)):
    what = "a positive finite" if positive else "a finite"
    raise ValueError(f"{fn}: {name}={value!r} must be {what} number.")
  return value


def check_dim(fn: str, dim, ndim: int, name: str = "dim") -> int:
  """Normalises the axis ``dim`` of an input of rank ``ndim`` (0 acts as 1)."""
  if not is_int(dim):
    raise TypeError(f"{fn}: {name}={dim!r} is not an int; expected an int "
                    "axis.")
  n = max(ndim, 1)
  if not -n <= dim < n:
    raise ValueError(
        f"{fn}: {name}={dim!r} is out of range for an input of rank {ndim}; "
        f"expected an int in [{-n}, {n - 1}].")
  return int(dim) % n


@dataclasses.dataclass(frozen=True)
class Layout:
  """Where the spatial, channel and batch axes of an input are."""
  ndim: int
  spatial_axes: tuple[int, ...]
  channel_axis: int
  batched: bool

  @property
  def plane_axes(self) -> tuple[int, ...]:
    """The non-spatial axes (batch and channel), in order."""
    return tuple(a for a in range(self.ndim) if a not in self.spatial_axes)


def layout(fn: str, x_shape: tuple[int, ...], n: int, channels_last: bool,
           name: str = "input", empty: str | None = None) -> Layout:
  """Validates the input rank for ``n`` spatial dims and locates the axes.

  With ``empty``, a rule of :data:`EMPTY_RULES`, also checks that only the
  dims PyTorch lets be empty (size 0) are (see :func:`check_nonempty`).
  """
  ndim = len(x_shape)
  if ndim not in (n + 1, n + 2):
    form = (f"(N, {', '.join(spatial_names(n))}, C)"
            if channels_last else
            f"(N, C, {', '.join(spatial_names(n))})")
    raise ValueError(
        f"{fn}: {name} has shape {tuple(x_shape)} (rank {ndim}); expected rank "
        f"{n + 2} {form} or rank {n + 1} without the batch dimension "
        f"(channels_last={channels_last}).")
  if channels_last:
    spatial = tuple(range(ndim - 1 - n, ndim - 1))
    channel = ndim - 1
  else:
    spatial = tuple(range(ndim - n, ndim))
    channel = ndim - n - 1
  lay = Layout(ndim, spatial, channel, ndim == n + 2)
  if empty is not None:
    check_nonempty(fn, x_shape, lay, empty, name)
  return lay


# Which dims of an input PyTorch 2.13 lets be empty (size 0), by rule; every
# other dim must be non-zero. Applied to the same dims in either layout.
#   "batch": pooling by windows (max/avg/lp pool): ATen's pool2d_shape_check
#     and pool3d_shape_check accept 0 only in the batch dim of batched input
#     (an unbatched input's channel dim must be non-zero).
#   "leading": adaptive max, fractional max, max_unpool and 3-d adaptive
#     average (output not all 1): ATen checks dims 1.. of the tensor, so the
#     leading dim may be 0: the batch dim, or the channel dim of unbatched
#     input.
#   "channels": 1-d/2-d adaptive average (ATen checks the last two dims), and
#     adaptive average to all-1 outputs (a mean; PyTorch checks nothing and
#     gives NaN for empty spatial dims, which jaxpool rejects): the batch and
#     channel dims may be 0.
EMPTY_RULES = {
    "batch": "non-zero channel and spatial sizes (as PyTorch, only the batch "
             "dimension of a batched input may be 0)",
    "leading": "non-zero spatial sizes and, in a batched input, non-zero "
               "channels (as PyTorch, only the leading dimension may be 0: "
               "the batch dimension, or the channel dimension of an unbatched "
               "input)",
    "channels": "non-zero spatial sizes (the batch and channel dimensions may "
                "be 0)",
}


def check_nonempty(fn: str, x_shape, lay: Layout, rule: str,
                   name: str = "input") -> None:
  """Raises unless only the dims that ``rule`` allows are empty."""
  if rule == "batch":
    allowed = {0} if lay.batched else set()
  elif rule == "leading":
    allowed = {0 if lay.batched else lay.channel_axis}
  elif rule == "channels":
    allowed = set(lay.plane_axes)
  else:
    raise ValueError(f"unknown empty-dimension rule {rule!r}")
  names = dict(zip(lay.spatial_axes, spatial_names(len(lay.spatial_axes))))
  for a, size in enumerate(x_shape):
    if size == 0 and a not in allowed:
      if a in names:
        what = f"spatial dimension {names[a]}"
      elif a == lay.channel_axis:
        what = "channel dimension"
      else:
        what = "batch dimension"
      raise ValueError(
          f"{fn}: {name} has shape {tuple(x_shape)} with an empty {what} "
          f"(axis {a}); expected {EMPTY_RULES[rule]}.")


def spatial_names(n: int) -> tuple[str, ...]:
  return {1: ("L",), 2: ("H", "W"), 3: ("D", "H", "W")}.get(
      n, tuple(f"S{i}" for i in range(n)))


def check_array(fn: str, x, name: str = "input") -> jax.Array:
  if not hasattr(x, "shape") or not hasattr(x, "dtype"):
    try:
      x = jnp.asarray(x)
    except TypeError as e:
      raise TypeError(f"{fn}: {name} of type {type(x).__name__} is not an "
                      "array.") from e
  return x


def check_float_array(fn: str, x, name: str = "input") -> jax.Array:
  """An array (or array-like) of a floating dtype."""
  if x is None:
    raise TypeError(f"{fn}: {name} is None; expected a floating array.")
  x = check_array(fn, x, name)
  if not jnp.issubdtype(x.dtype, jnp.floating):
    raise TypeError(
        f"{fn}: {name} has dtype {x.dtype}; expected a floating dtype "
        "(float16, bfloat16, float32 or float64).")
  return x


def check_scalar_param(fn: str, name: str, value, dtype) -> jax.Array:
  """A learnable scalar (a real number or 0-d floating array) in ``dtype``."""
  if isinstance(value, numbers.Real) and not isinstance(value, bool):
    return jnp.asarray(value, dtype)
  v = check_array(fn, value, name)
  if v.ndim != 0 or not jnp.issubdtype(v.dtype, jnp.floating):
    raise ValueError(
        f"{fn}: {name} has shape {tuple(v.shape)} and dtype {v.dtype}; "
        "expected a float or a 0-d floating array.")
  return v.astype(dtype)


def index_dtype():
  """int64 when jax x64 is enabled (as PyTorch), int32 otherwise."""
  # getattr: jax.config resolves flags at run time (and honours the
  # enable_x64 context manager), which its type stubs do not declare.
  return jnp.int64 if getattr(jax.config, "jax_enable_x64") else jnp.int32
