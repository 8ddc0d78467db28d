"""Activations along an axis: the softmax family, GLU and maxout.

Each normalises, gates or reduces the entries of one axis, which is validated
here; the values are ``jax.nn``'s (for maxout, ``jnp.max``'s, NaN decided
by an ``isnan`` reduction).
"""

from __future__ import annotations

import functools
from typing import Optional

import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.activations import compute
from jaxpool._src.core import args as _args
from jaxpool._src.core import rules


def _softmax_args(fn: str, x, dim, dtype) -> tuple[jax.Array, int]:
  if dim is None:
    raise ValueError(
        f"{fn}: dim=None; expected an explicit int dim. (PyTorch's deprecated "
        "implicit choice, dim 0 for ranks 0, 1 and 3 and dim 1 otherwise, "
        "assumes the channels-first layout, so jaxpool does not guess.)")
  x = _args.check_float_array(fn, x)
  if dtype is not None:
    if not jnp.issubdtype(dtype, jnp.floating):
      raise TypeError(f"{fn}: dtype={dtype!r} is not a floating dtype.")
    x = x.astype(dtype)
  return x, _args.check_dim(fn, dim, x.ndim)


def _along(f, x, axis):
  # PyTorch treats a 0-d input as having one element along dim 0 or -1.
  return f(x[None], 0)[0] if x.ndim == 0 else f(x, axis)


@compute.core
def _softmax(x, axis):
  return jax.nn.softmax(x, axis=axis)


def softmax(x: ArrayLike, dim: Optional[int] = None, *,
            dtype=None) -> jax.Array:
  """Softmax along ``dim``, as ``torch.nn.functional.softmax``.

  Computed by ``jax.nn.softmax``. A slice containing ``+inf`` or NaN, or only
  ``-inf``, gives NaN, as PyTorch.

  Args:
    x: a floating array.
    dim: the axis to normalise; required (see Raises).
    dtype: if given, ``x`` is cast to it first (PyTorch's ``dtype``).

  Returns:
    An array of ``x``'s shape (and dtype, or ``dtype``).

  Raises:
    ValueError: for ``dim=None`` (PyTorch's implicit, deprecated choice
      assumes channels-first; pass the dim) or an out-of-range ``dim``.
    TypeError: for a non-floating input or ``dtype``, or a non-int ``dim``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softmax(jnp.array([[0., 0., 0., 0.], [1., 1., 1., 1.]]), dim=-1)
    Array([[0.25, 0.25, 0.25, 0.25],
           [0.25, 0.25, 0.25, 0.25]], dtype=float32)
  """
  x, axis = _softmax_args("softmax", x, dim, dtype)
  return _along(_softmax, x, axis)


def softmin(x: ArrayLike, dim: Optional[int] = None, *,
            dtype=None) -> jax.Array:
  """``softmax(-x, dim)``, as ``torch.nn.functional.softmin``.

  Args:
    x: a floating array.
    dim: the axis to normalise; required.
    dtype: if given, ``x`` is cast to it first.

  Returns:
    An array of ``x``'s shape (and dtype, or ``dtype``).

  Raises:
    ValueError: for ``dim=None`` or an out-of-range ``dim``.
    TypeError: for a non-floating input or ``dtype``, or a non-int ``dim``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softmin(jnp.array([[0., 0.], [1., 1.]]), dim=0)  # down columns
    Array([[0.7310586 , 0.7310586 ],
           [0.26894143, 0.26894143]], dtype=float32)
  """
  x, axis = _softmax_args("softmin", x, dim, dtype)
  return _along(_softmax, -x, axis)


@compute.core
def _log_softmax(x, axis):
  return jax.nn.log_softmax(x, axis=axis)


def log_softmax(x: ArrayLike, dim: Optional[int] = None, *,
                dtype=None) -> jax.Array:
  """``log(softmax(x, dim))``, stably, as ``F.log_softmax``.

  Computed by ``jax.nn.log_softmax``.

  Args:
    x: a floating array.
    dim: the axis to normalise; required.
    dtype: if given, ``x`` is cast to it first.

  Returns:
    An array of ``x``'s shape (and dtype, or ``dtype``).

  Raises:
    ValueError: for ``dim=None`` or an out-of-range ``dim``.
    TypeError: for a non-floating input or ``dtype``, or a non-int ``dim``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.log_softmax(jnp.array([0., 0.]), dim=0)
    Array([-0.6931472, -0.6931472], dtype=float32)
  """
  x, axis = _softmax_args("log_softmax", x, dim, dtype)
  return _along(_log_softmax, x, axis)


def softmax2d(x: ArrayLike, *, channels_last: bool = True) -> jax.Array:
  """Softmax over the channels of an image batch, as ``nn.Softmax2d``.

  PyTorch has no functional form; this backs :class:`jaxpool.nn.Softmax2d`.

  Args:
    x: a floating array of rank 3 (unbatched) or 4.
    channels_last: channels on the last axis (default), or on axis -3
      (PyTorch's ``(N, C, H, W)`` / ``(C, H, W)``).

  Returns:
    An array of ``x``'s shape and dtype.

  Raises:
    ValueError: for an input of rank other than 3 or 4.
    TypeError: for a non-floating input.

  Shape:
    ``(N, H, W, C)`` or ``(H, W, C)`` (``channels_last``), ``(N, C, H, W)``
    or ``(C, H, W)`` otherwise; output the same.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.softmax2d(jnp.zeros((1, 2, 2, 4)))[0, 0, 0]
    Array([0.25, 0.25, 0.25, 0.25], dtype=float32)
  """
  x = _args.check_float_array("softmax2d", x)
  channels_last = _args.check_bool("softmax2d", "channels_last",
                                   channels_last)
  if x.ndim not in (3, 4):
    raise ValueError(
        f"softmax2d: input has shape {tuple(x.shape)} (rank {x.ndim}); "
        "expected rank 4 (N, H, W, C) or 3 without the batch dimension "
        f"(channels_last={channels_last}).")
  return _softmax(x, x.ndim - 1 if channels_last else x.ndim - 3)


@compute.core
def _glu(x, axis):
  return jax.nn.glu(x, axis=axis)


def glu(x: ArrayLike, dim: int = -1) -> jax.Array:
  """Gated linear unit (Dauphin et al. 2017), as ``F.glu``.

  Splits ``x`` in halves ``a, b`` along ``dim`` and returns
  ``a * sigmoid(b)`` (``jax.nn.glu``).

  Args:
    x: a floating array of rank >= 1.
    dim: the axis to halve; its length must be even.

  Returns:
    An array of ``x``'s dtype.

  Raises:
    ValueError: for a 0-d input, an out-of-range ``dim`` or an odd length.
    TypeError: for a non-floating input or a non-int ``dim``.

  Shape:
    Input ``(*, 2M, *)``; output ``(*, M, *)`` (``dim`` halved).

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.glu(jnp.array([[1., 2., 0., 0.]]))
    Array([[0.5, 1. ]], dtype=float32)
  """
  x = _args.check_float_array("glu", x)
  if x.ndim == 0:
    raise ValueError("glu: input is 0-d; expected an array of rank >= 1 "
                     "with an even length along dim.")
  axis = _args.check_dim("glu", dim, x.ndim)
  if x.shape[axis] % 2:
    raise ValueError(
        f"glu: input of shape {tuple(x.shape)} has odd length "
        f"{x.shape[axis]} along dim={dim!r}; expected an even length.")
  return _glu(x, axis)


def maxout(x: ArrayLike, pool_size: int, axis: int = -1) -> jax.Array:
  """Maxout over groups of channels (Goodfellow et al. 2013).

  "Maxout Networks", ICML 2013: a maxout unit is
  ``h_i(x) = max_{j in [1, k]} z_ij`` with ``z_ij = x^T W_ij + b_ij``. This
  function takes the ``z`` already computed: the ``C`` entries of ``axis``
  are split into ``C / pool_size`` groups of ``pool_size`` consecutive
  entries (unit ``i`` gets entries ``i*k .. i*k + k - 1``, as TensorFlow
  Addons' ``Maxout``) and each group is reduced by its max. NaN propagates;
  the gradient of a tied max is shared equally between the tied entries
  (``jnp.max``'s rule, as ``torch.amax``). :class:`jaxpool.nn.Maxout` adds
  the linear pieces.

  Args:
    x: a floating array of rank >= 1.
    pool_size: ``k``, the number of pieces per unit; it must divide ``C``.
    axis: the channel axis (default -1).

  Returns:
    An array of ``x``'s dtype.

  Raises:
    ValueError: for a non-positive ``pool_size``, one that does not divide
      the length of ``axis``, an out-of-range ``axis`` or a 0-d input.
    TypeError: for a non-floating input or non-int ``pool_size``/``axis``.

  Shape:
    Input ``(*, C, *)``; output ``(*, C / pool_size, *)`` on ``axis``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> F.maxout(jnp.array([[1., 5., 3., 2.]]), 2)
    Array([[5., 3.]], dtype=float32)
  """
  x = _args.check_float_array("maxout", x)
  if not _args.is_int(pool_size):
    raise TypeError(f"maxout: pool_size={pool_size!r} is not an int; "
                    "expected a positive int.")
  if pool_size < 1:
    raise ValueError(f"maxout: pool_size={pool_size!r} must be positive.")
  if x.ndim == 0:
    raise ValueError("maxout: input is 0-d; expected an array of rank >= 1.")
  ax = _args.check_dim("maxout", axis, x.ndim, "axis")
  c = x.shape[ax]
  if c % pool_size:
    raise ValueError(
        f"maxout: input of shape {tuple(x.shape)} has {c} channels on "
        f"axis={axis!r}, not divisible by pool_size={pool_size!r}; expected "
        "a multiple of pool_size.")
  k = int(pool_size)
  grouped = x.reshape(x.shape[:ax] + (c // k, k) + x.shape[ax + 1:])
  return _group_max(grouped, ax + 1)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1,))
def _group_max(x: jax.Array, axis: int) -> jax.Array:
  """``jnp.max`` along ``axis`` with NaN decided by an ``isnan`` reduction
  (XLA:CPU's vectorised reduce-max drops NaN)."""
  return rules.nan_max_along(x, axis)


@_group_max.defjvp
def _group_max_jvp(axis, primals, tangents):
  """``jnp.max``'s rule (``torch.amax``'s): the tangents of the entries
  equal to the max, averaged; a NaN max equals none (0 / 0: NaN)."""
  (x,), (t,) = primals, tangents
  out = _group_max(x, axis)
  hit = (x == jnp.expand_dims(out, axis)).astype(t.dtype)
  return out, jnp.sum(t * hit, axis) / jnp.sum(hit, axis)
