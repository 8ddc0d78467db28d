"""Linear layers: ``F.linear`` and ``F.bilinear`` (re-exported by
jaxpool.functional); their Modules ``Linear``, ``Bilinear`` and ``Identity``
are defined in :mod:`jaxpool._src.layers.linear`.

Parameter layout: PyTorch's. ``Linear`` stores ``"weight"`` with shape
``(out_features, in_features)`` and ``"bias"`` with shape ``(out_features,)``;
``Bilinear`` stores ``"weight"`` ``(out_features, in1_features,
in2_features)`` and ``"bias"``. Why not Flax's ``"kernel"`` ``(in, out)``:

- ``F.linear(x, weight, bias)`` takes PyTorch's ``(out, in)`` weight (the
  function PyTorch users know), and the Module's ``__call__`` is one
  call of it on its own params: no transpose hidden between the two.
- A PyTorch ``state_dict`` maps onto the params one to one, in name and
  shape, so a ported model is loaded by
  :func:`jaxpool.interop.load_torch_state_dict` without a per-layer
  conversion rule, and params exported back to PyTorch need none either.
- It costs nothing at run time: ``x @ W.T`` is one ``dot_general``
  contracting the last axis of both operands; XLA does not materialise the
  transpose.

The price: Flax tooling that looks for ``"kernel"`` (e.g. a weight-decay
mask written for ``nn.Dense``) must look for ``"weight"``, and Flax's
fan-based initializers need their axes named for this layout (see
:class:`Linear`).
"""

from __future__ import annotations

import functools
from typing import Any, Optional

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args

PrecisionLike = Any  # None, a lax.Precision/str, or a pair of them


def _promote(fn: str, named: dict[str, Any]) -> Any:
  """The dtype the arrays compute in: JAX's promotion of their dtypes."""
  arrays = {k: v for k, v in named.items() if v is not None}
  try:
    return jnp.result_type(*arrays.values())
  except (jax.dtypes.TypePromotionError, TypeError) as e:  # strict mode
    dtypes = ", ".join(f"{k} dtype={v.dtype}" for k, v in arrays.items())
    mode = getattr(jax.config, "jax_numpy_dtype_promotion")  # untyped flag
    raise TypeError(
        f"{fn}: {dtypes} cannot be promoted to a common dtype under "
        f"jax_numpy_dtype_promotion={mode!r}; expected equal dtypes: cast "
        "the arguments (or set the Module's dtype).") from e


def _accumulation(dtype) -> Any:
  """Half-precision products accumulate in float32 (as PyTorch's CPU gemm)."""
  if jnp.issubdtype(dtype, jnp.floating) and jnp.finfo(dtype).bits < 32:
    return jnp.float32
  return None


def _check_bias(fn: str, bias, out_shape, out_features) -> None:
  try:
    ok = np.broadcast_shapes(bias.shape, out_shape) == tuple(out_shape)
  except ValueError:
    ok = False
  if not ok:
    expected = "()" if out_features is None else f"({out_features},)"
    raise ValueError(
        f"{fn}: bias has shape {tuple(bias.shape)}; expected {expected} "
        "(out_features) or a shape that broadcasts to the output shape "
        f"{tuple(out_shape)}.")


def linear(input: ArrayLike, weight: ArrayLike,
           bias: Optional[ArrayLike] = None, *,
           precision: PrecisionLike = None) -> jax.Array:
  """Applies ``y = x @ weight.T + bias``, as ``torch.nn.functional.linear``.

  Args:
    input: the input, ``(*, in_features)``.
    weight: PyTorch's layout, ``(out_features, in_features)``; or
      ``(in_features,)``, which gives an output without the feature axis.
    bias: optional, ``(out_features,)`` or any shape that broadcasts to the
      output's shape (as PyTorch's ``addmm``).
    precision: passed to :func:`jax.lax.dot_general`; ``None`` (default) is
      JAX's default precision (on GPU/TPU this may be lower than float32; pass
      ``"highest"`` for PyTorch's full float32 products).

  Returns:
    The output, in the promoted dtype of the arguments. float16/bfloat16
    products are accumulated in float32, the bias added, and the result
    rounded once.

  Raises:
    ValueError: for a rank-0 input, a weight that is not 1-d or 2-d, an input
      whose last dimension is not ``in_features``, or a bias of the wrong
      shape.
    TypeError: for a non-array argument, or dtypes that cannot be promoted
      (under strict dtype promotion: any mixed dtypes). PyTorch always
      requires equal dtypes; jaxpool follows JAX's promotion mode.

  Shape:
    Input ``(*, in_features)``; weight ``(out_features, in_features)``;
    output ``(*, out_features)``. Any number of leading dimensions, none
    included.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x = jnp.array([[1., 2.], [3., 4.], [5., 6.]])  # (3, in=2)
    >>> w = jnp.array([[1., 0.], [0., 1.], [1., 1.]])  # (out=3, in=2)
    >>> F.linear(x, w, jnp.array([0., 0., 10.]))
    Array([[ 1.,  2., 13.],
           [ 3.,  4., 17.],
           [ 5.,  6., 21.]], dtype=float32)
  """
  fn = "linear"
  x = _args.check_array(fn, input)
  w = _args.check_array(fn, weight, "weight")
  b = None if bias is None else _args.check_array(fn, bias, "bias")
  if x.ndim < 1:
    raise ValueError(f"{fn}: input has shape {tuple(x.shape)} (rank 0); "
                     "expected at least 1 dimension, (*, in_features).")
  if w.ndim not in (1, 2):
    raise ValueError(
        f"{fn}: weight has shape {tuple(w.shape)} (rank {w.ndim}); expected "
        "(out_features, in_features) or (in_features,).")
  if x.shape[-1] != w.shape[-1]:
    raise ValueError(
        f"{fn}: input has shape {tuple(x.shape)}, whose last dimension "
        f"{x.shape[-1]} does not match weight's in_features={w.shape[-1]} "
        f"(weight shape {tuple(w.shape)}); expected (*, {w.shape[-1]}).")
  out_shape = x.shape[:-1] + w.shape[:-1]
  if b is not None:
    _check_bias(fn, b, out_shape, w.shape[0] if w.ndim == 2 else None)
  dtype = _promote(fn, {"input": x, "weight": w, "bias": b})
  return _linear(x.astype(dtype), w.astype(dtype),
                 None if b is None else b.astype(dtype), precision)


@functools.partial(jax.jit, static_argnums=(3,))
def _linear(x, w, b, precision):
  # Contract the last axes of both: no transpose of the (out, in) weight.
  y = lax.dot_general(x, w, (((x.ndim - 1,), (w.ndim - 1,)), ((), ())),
                      precision=precision,
                      preferred_element_type=_accumulation(x.dtype))
  if b is not None:
    y = y + jnp.broadcast_to(b.astype(y.dtype), y.shape)
  return y.astype(x.dtype)


def bilinear(input1: ArrayLike, input2: ArrayLike, weight: ArrayLike,
             bias: Optional[ArrayLike] = None, *,
             precision: PrecisionLike = None) -> jax.Array:
  """Applies ``y_k = x1 @ weight[k] @ x2 + bias_k``, as
  ``torch.nn.functional.bilinear``.

  Args:
    input1: ``(*, in1_features)``.
    input2: ``(*, in2_features)``, with the same leading dimensions as
      ``input1`` (no broadcasting, as PyTorch).
    weight: ``(out_features, in1_features, in2_features)``.
    bias: optional, ``(out_features,)``.
    precision: passed to :func:`jax.numpy.einsum` (see :func:`linear`).

  Returns:
    ``(*, out_features)``, in the promoted dtype of the arguments
    (float16/bfloat16 accumulate in float32).

  Raises:
    ValueError: for a rank-0 input, a weight that is not 3-d, feature sizes
      that do not match the weight, leading dimensions that differ, or a bias
      that is not ``(out_features,)``.
    TypeError: for a non-array argument or dtypes that cannot be promoted.

  Shape:
    Inputs ``(*, in1_features)`` and ``(*, in2_features)``; output
    ``(*, out_features)``.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.functional as F
    >>> x1 = jnp.array([[1., 2.]])           # (1, in1=2)
    >>> x2 = jnp.array([[3., 4., 5.]])       # (1, in2=3)
    >>> w = jnp.ones((1, 2, 3))              # (out=1, in1, in2)
    >>> F.bilinear(x1, x2, w, jnp.array([0.5]))  # (1 + 2) * (3 + 4 + 5) + .5
    Array([[36.5]], dtype=float32)
  """
  fn = "bilinear"
  x1 = _args.check_array(fn, input1, "input1")
  x2 = _args.check_array(fn, input2, "input2")
  w = _args.check_array(fn, weight, "weight")
  b = None if bias is None else _args.check_array(fn, bias, "bias")
  for name, x in (("input1", x1), ("input2", x2)):
    if x.ndim < 1:
      raise ValueError(f"{fn}: {name} has shape {tuple(x.shape)} (rank 0); "
                       "expected at least 1 dimension.")
  if w.ndim != 3:
    raise ValueError(
        f"{fn}: weight has shape {tuple(w.shape)} (rank {w.ndim}); expected "
        "(out_features, in1_features, in2_features).")
  for name, x, field, size in (("input1", x1, "in1_features", w.shape[1]),
                                ("input2", x2, "in2_features", w.shape[2])):
    if x.shape[-1] != size:
      raise ValueError(
          f"{fn}: {name} has shape {tuple(x.shape)}, whose last dimension "
          f"{x.shape[-1]} does not match weight's {field}={size} (weight "
          f"shape {tuple(w.shape)}); expected (*, {size}).")
  if x1.shape[:-1] != x2.shape[:-1]:
    raise ValueError(
        f"{fn}: input1 has shape {tuple(x1.shape)} and input2 has shape "
        f"{tuple(x2.shape)}; expected the same leading (batch) dimensions.")
  if b is not None and b.shape != (w.shape[0],):
    raise ValueError(f"{fn}: bias has shape {tuple(b.shape)}; expected "
                     f"({w.shape[0]},) (out_features).")
  dtype = _promote(fn, {"input1": x1, "input2": x2, "weight": w, "bias": b})
  return _bilinear(x1.astype(dtype), x2.astype(dtype), w.astype(dtype),
                   None if b is None else b.astype(dtype), precision)


@functools.partial(jax.jit, static_argnums=(4,))
def _bilinear(x1, x2, w, b, precision):
  acc = _accumulation(x1.dtype)
  # (x1 W_k) first: one (*, in1) x (in1, out*in2) product, then a batched dot.
  t = jnp.einsum("...i,oij->...oj", x1, w, precision=precision,
                 preferred_element_type=acc)
  y = jnp.einsum("...oj,...j->...o", t, x2.astype(t.dtype),
                 precision=precision, preferred_element_type=acc)
  if b is not None:
    y = y + jnp.broadcast_to(b.astype(y.dtype), y.shape)
  return y.astype(x1.dtype)
