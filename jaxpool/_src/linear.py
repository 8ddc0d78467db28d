"""Linear layers: ``F.linear``, ``F.bilinear`` and the Modules ``Linear``,
``Bilinear`` and ``Identity`` (re-exported by jaxpool.functional / jaxpool.nn).

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
import math
from typing import Any, Callable, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
from jax import lax
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args

Initializer = Callable[..., Any]
PrecisionLike = Any  # None, a lax.Precision/str, or a pair of them


def _promote(fn: str, named: dict[str, Any]) -> Any:
  """The dtype the arrays compute in: JAX's promotion of their dtypes."""
  arrays = {k: v for k, v in named.items() if v is not None}
  try:
    return jnp.result_type(*arrays.values())
  except (jax.dtypes.TypePromotionError, TypeError) as e:  # strict mode
    dtypes = ", ".join(f"{k} dtype={v.dtype}" for k, v in arrays.items())
    mode = jax.config.jax_numpy_dtype_promotion
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


def _torch_uniform(fan_in: int) -> Initializer:
  """PyTorch's default: ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` (0 if empty)."""
  bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0

  def init(key, shape, dtype=jnp.float32):
    return jax.random.uniform(key, shape, dtype, -bound, bound)
  return init


def _check_size(module: nn.Module, name: str, value, optional: bool) -> None:
  if optional and value is None:
    return
  if not _args.is_int(value):
    raise TypeError(f"{_label(module)}: {name}={value!r} must be an int"
                    + (" or None." if optional else "."))
  if value < 0:
    raise ValueError(f"{_label(module)}: {name}={value!r} must be "
                     "non-negative.")


def _label(module: nn.Module) -> str:
  name = type(module).__name__
  return f"{name} {module.name!r}" if module.name else name


def _infer_in(module: nn.Module, field: str, x: jax.Array, which: str) -> int:
  """The feature size of ``x``, checked against the Module's field if set."""
  if x.ndim < 1:
    raise ValueError(f"{_label(module)}: {which} has shape {tuple(x.shape)} "
                     "(rank 0); expected at least 1 dimension.")
  declared = getattr(module, field)
  if declared is not None and declared != x.shape[-1]:
    raise ValueError(
        f"{_label(module)}: {field}={declared!r} but the {which}'s last "
        f"dimension is {x.shape[-1]} ({which} shape {tuple(x.shape)}); "
        "expected them to be equal.")
  return x.shape[-1]


def _cast(dtype, *arrays):
  """Casts to the Module's ``dtype``; ``None`` leaves promotion to F."""
  if dtype is None:
    return arrays
  return tuple(None if a is None else jnp.asarray(a, dtype) for a in arrays)


_INIT_DOC = """
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape {wshape}. ``None``
      (default) is PyTorch's: ``U(-1/sqrt({fan}), 1/sqrt({fan}))``. Flax's
      fan-based initializers assume Flax's ``(in, out)`` kernel: name the
      axes for this layout, e.g. ``nn.initializers.lecun_normal({axes})``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's."""


class Linear(nn.Module):
  """Applies ``y = x @ weight.T + bias``, as ``torch.nn.Linear``:
  partial application of :func:`jaxpool.functional.linear`.

  The input size is inferred at init, as Flax's ``nn.Dense``; ``in_features``
  is optional and checked against the input when given. Params, in PyTorch's
  layout and names (so a PyTorch ``state_dict`` maps one to one, see
  :func:`jaxpool.interop.load_torch_state_dict`): ``"weight"``
  ``(out_features, in_features)`` and, with ``use_bias``, ``"bias"``
  ``(out_features,)``.

  Attributes:
    out_features: size of each output sample.
    use_bias: whether to add a learned bias (PyTorch's ``bias=True``).
    in_features: optional size of each input sample; when given, an input
      whose last dimension differs is an error.
    dtype: the dtype of the computation; ``None`` (default) promotes the
      input and params by JAX's rules. The params are cast to it.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.linear`.{init}

  Raises:
    ValueError: when ``in_features`` is given and differs from the input's
      last dimension, or for a negative size.
    TypeError: for a non-int size.

  Shape:
    Input ``(*, in_features)``; output ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.Linear(3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {{'params': {{'bias': (3,), 'weight': (3, 5)}}}}
    >>> layer.apply(params, jnp.ones((4, 7, 5))).shape
    (4, 7, 3)
  """
  out_features: int
  use_bias: bool = True
  in_features: Optional[int] = None
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    _check_size(self, "out_features", self.out_features, optional=False)
    _check_size(self, "in_features", self.in_features, optional=True)
    _args.check_bool(_label(self), "use_bias", self.use_bias)
    x = _args.check_array(_label(self), x)
    fan_in = _infer_in(self, "in_features", x, "input")
    default = _torch_uniform(fan_in)
    weight = self.param("weight", self.kernel_init or default,
                        (self.out_features, fan_in), self.param_dtype)
    bias = (self.param("bias", self.bias_init or default,
                       (self.out_features,), self.param_dtype)
            if self.use_bias else None)
    return linear(*_cast(self.dtype, x, weight, bias),
                  precision=self.precision)


class Bilinear(nn.Module):
  """Applies ``y_k = x1 @ weight[k] @ x2 + bias_k``, as ``torch.nn.Bilinear``:
  partial application of :func:`jaxpool.functional.bilinear`.

  Called as ``m(x1, x2)``. Both input sizes are inferred at init and checked
  against ``in1_features``/``in2_features`` when given. Params, in PyTorch's
  layout and names: ``"weight"`` ``(out_features, in1_features,
  in2_features)`` and, with ``use_bias``, ``"bias"`` ``(out_features,)``.

  Attributes:
    out_features: size of each output sample.
    use_bias: whether to add a learned bias (PyTorch's ``bias=True``).
    in1_features: optional size of each ``x1`` sample (checked).
    in2_features: optional size of each ``x2`` sample (checked).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      inputs and params by JAX's rules.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.bilinear`.{init}

  Raises:
    ValueError: when a given feature size differs from the input's last
      dimension, or for a negative size.
    TypeError: for a non-int size.

  Shape:
    Inputs ``(*, in1_features)`` and ``(*, in2_features)``; output
    ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.Bilinear(4)
    >>> x1, x2 = jnp.ones((2, 3)), jnp.ones((2, 5))
    >>> params = layer.init(jax.random.key(0), x1, x2)
    >>> jax.tree.map(jnp.shape, params)
    {{'params': {{'bias': (4,), 'weight': (4, 3, 5)}}}}
    >>> layer.apply(params, x1, x2).shape
    (2, 4)
  """
  out_features: int
  use_bias: bool = True
  in1_features: Optional[int] = None
  in2_features: Optional[int] = None
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  @nn.compact
  def __call__(self, x1: ArrayLike, x2: ArrayLike) -> jax.Array:
    _check_size(self, "out_features", self.out_features, optional=False)
    _check_size(self, "in1_features", self.in1_features, optional=True)
    _check_size(self, "in2_features", self.in2_features, optional=True)
    _args.check_bool(_label(self), "use_bias", self.use_bias)
    x1 = _args.check_array(_label(self), x1, "x1")
    x2 = _args.check_array(_label(self), x2, "x2")
    in1 = _infer_in(self, "in1_features", x1, "x1")
    in2 = _infer_in(self, "in2_features", x2, "x2")
    default = _torch_uniform(in1)  # PyTorch's bound uses in1 only
    weight = self.param("weight", self.kernel_init or default,
                        (self.out_features, in1, in2), self.param_dtype)
    bias = (self.param("bias", self.bias_init or default,
                       (self.out_features,), self.param_dtype)
            if self.use_bias else None)
    return bilinear(*_cast(self.dtype, x1, x2, weight, bias),
                    precision=self.precision)


class Identity(nn.Module):
  """Returns its input unchanged, as ``torch.nn.Identity``.

  A placeholder where a layer is optional. PyTorch's constructor ignores any
  arguments; a Flax Module is a dataclass, so this one takes none.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> jnn.Identity().apply({}, jnp.arange(3.))
    Array([0., 1., 2.], dtype=float32)
  """

  def __call__(self, x: Any) -> Any:
    return x


Linear.__doc__ = Linear.__doc__.format(init=_INIT_DOC.format(
    wshape="``(out_features, in_features)``", fan="in_features",
    axes="in_axis=-1, out_axis=-2"))
Bilinear.__doc__ = Bilinear.__doc__.format(init=_INIT_DOC.format(
    wshape="``(out_features, in1_features, in2_features)``",
    fan="in1_features", axes="in_axis=-2, out_axis=(-3, -1)"))
for _cls in (Linear, Bilinear, Identity):
  _cls.__module__ = "jaxpool.nn"
