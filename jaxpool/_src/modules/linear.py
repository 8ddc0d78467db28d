"""flax.linen Modules ``Linear``, ``Bilinear`` and ``Identity`` (re-exported by
jaxpool.nn), over :mod:`jaxpool._src.linear`, whose docstring explains the
parameter layout (PyTorch's)."""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

import flax.linen as nn
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.core import args as _args
from jaxpool._src.linear import PrecisionLike, bilinear, linear

Initializer = Callable[..., Any]


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


def _cast(dtype: Any, array: jax.Array) -> jax.Array:
  """Casts to the Module's ``dtype``; ``None`` leaves promotion to F."""
  return array if dtype is None else jnp.asarray(array, dtype)


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
    precision: the ``precision`` of :func:`jaxpool.functional.linear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in_features), 1/sqrt(in_features))``. Flax's fan-based
      initializers assume Flax's ``(in, out)`` kernel: name the axes for this
      layout, e.g. ``nn.initializers.lecun_normal(in_axis=-1,
      out_axis=-2)``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.

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
    {'params': {'bias': (3,), 'weight': (3, 5)}}
    >>> layer.apply(params, jnp.ones((4, 7, 5))).shape
    (4, 7, 3)
  """
  __module__ = "jaxpool.nn"
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
    return linear(_cast(self.dtype, x), _cast(self.dtype, weight),
                  None if bias is None else _cast(self.dtype, bias),
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
    precision: the ``precision`` of :func:`jaxpool.functional.bilinear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in1_features, in2_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in1_features), 1/sqrt(in1_features))``. Flax's fan-based
      initializers assume Flax's ``(in, out)`` kernel: name the axes for this
      layout, e.g. ``nn.initializers.lecun_normal(in_axis=-2,
      out_axis=(-3, -1))``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.

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
    {'params': {'bias': (4,), 'weight': (4, 3, 5)}}
    >>> layer.apply(params, x1, x2).shape
    (2, 4)
  """
  __module__ = "jaxpool.nn"
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
    return bilinear(_cast(self.dtype, x1), _cast(self.dtype, x2),
                    _cast(self.dtype, weight),
                    None if bias is None else _cast(self.dtype, bias),
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
  __module__ = "jaxpool.nn"

  def __call__(self, x: Any) -> Any:
    return x

