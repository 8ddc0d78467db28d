"""flax.linen Modules ``Linear``, ``LazyLinear``, ``Bilinear`` and
``Identity`` (re-exported by jaxpool.nn), over :mod:`jaxpool._src.linear`,
whose docstring explains the parameter layout (PyTorch's).

``Linear`` and ``Bilinear`` take PyTorch's arguments in PyTorch's order
(``Linear(in_features, out_features, bias=True)``); ``LazyLinear`` infers the
input size at init, as ``torch.nn.LazyLinear`` and Flax's ``nn.Dense``.
"""

from __future__ import annotations

import functools
import inspect
import math
from typing import Any, Callable, Optional, TypeVar

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


def _check_size(module: nn.Module, name: str, value) -> None:
  if isinstance(value, bool):
    # Most likely the old Linear(out_features, use_bias) order.
    raise TypeError(f"{_label(module)}: {name}={value!r} must be an int "
                    f"(PyTorch's order is {_USAGE[type(module).__name__]}).")
  _args.check_int(_label(module), name, value)


_USAGE = {
    "Linear": "Linear(in_features, out_features, bias=True)",
    "LazyLinear": "LazyLinear(out_features, bias=True)",
    "Bilinear": "Bilinear(in1_features, in2_features, out_features, bias=True)",
}
_ModuleType = TypeVar("_ModuleType", bound=type)


def _pytorch_signature(cls: _ModuleType) -> _ModuleType:
  """Rewords the dataclass ``__init__``'s argument errors for PyTorch users.

  jaxpool's ``Linear``/``Bilinear`` once took Flax's order
  (``Linear(out_features, use_bias)``); a call in that form must say what to
  write now, not just that an argument is missing.
  """
  init = cls.__init__
  signature = inspect.signature(init)
  name = cls.__name__

  @functools.wraps(init)
  def __init__(self, *args, **kwargs):
    if "use_bias" in kwargs:
      usage = _USAGE[name].replace("bias=True", f"bias={kwargs['use_bias']!r}")
      lazy = (f", or LazyLinear(out_features, bias={kwargs['use_bias']!r}) for "
              "an input size inferred at init" if name == "Linear" else "")
      raise TypeError(f"{_call(name, args, kwargs)}: use_bias is now bias, "
                      f"PyTorch's name: write {usage}{lazy}.")
    try:
      signature.bind(self, *args, **kwargs)
    except TypeError as e:
      raise TypeError(_usage_error(name, args, kwargs, e)) from None
    init(self, *args, **kwargs)

  setattr(cls, "__init__", __init__)
  return cls


def _call(name: str, args, kwargs) -> str:
  shown = ", ".join([repr(a) for a in args]
                    + [f"{k}={v!r}" for k, v in kwargs.items()])
  return f"{name}({shown})"


def _usage_error(name: str, args, kwargs, error: TypeError) -> str:
  call = _call(name, args, kwargs)
  if name == "LazyLinear":
    return f"{call}: {error}; expected {_USAGE[name]}."
  required = ("in_features and out_features" if name == "Linear" else
              "in1_features, in2_features and out_features")
  msg = (f"{call}: {required} are required, in PyTorch's order: "
         f"{_USAGE[name]}")
  if name == "Linear":
    # The old Linear(out_features): its one int is the output size.
    outs = [a for a in args if _args.is_int(a)] or [
        v for k, v in kwargs.items() if k == "out_features"]
    out = outs[0] if outs else 10
    msg += (f", e.g. Linear(784, {out}); for an input size inferred at init, "
            f"use LazyLinear({out})")
  return msg + "."


def _label(module: nn.Module) -> str:
  name = type(module).__name__
  return f"{name} {module.name!r}" if module.name else name


def _infer_in(module: nn.Module, field: str, x: jax.Array, which: str) -> int:
  """The feature size of ``x``, checked against the Module's field if set."""
  if x.ndim < 1:
    raise ValueError(f"{_label(module)}: {which} has shape {tuple(x.shape)} "
                     "(rank 0); expected at least 1 dimension.")
  declared = getattr(module, field, None)  # LazyLinear declares none
  if declared is not None and declared != x.shape[-1]:
    raise ValueError(
        f"{_label(module)}: {field}={declared!r} but the {which}'s last "
        f"dimension is {x.shape[-1]} ({which} shape {tuple(x.shape)}); "
        "expected them to be equal.")
  return x.shape[-1]


def _cast(dtype: Any, array: jax.Array) -> jax.Array:
  """Casts to the Module's ``dtype``; ``None`` leaves promotion to F."""
  return array if dtype is None else jnp.asarray(array, dtype)


@_pytorch_signature
class Linear(nn.Module):
  """Applies ``y = x @ weight.T + bias``, as ``torch.nn.Linear``:
  partial application of :func:`jaxpool.functional.linear`.

  PyTorch's arguments in PyTorch's order: ``Linear(in_features,
  out_features, bias=True)``; the rest are keywords. The input's last
  dimension must equal ``in_features`` (for a size inferred at init, as
  Flax's ``nn.Dense``, use :class:`LazyLinear`). Params, in PyTorch's layout
  and names (so a PyTorch ``state_dict`` maps one to one, see
  :func:`jaxpool.interop.load_torch_state_dict`): ``"weight"``
  ``(out_features, in_features)`` and, with ``bias``, ``"bias"``
  ``(out_features,)``.

  Attributes:
    in_features: size of each input sample.
    out_features: size of each output sample.
    bias: whether to add a learned bias (PyTorch's ``bias=True``).
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
    TypeError: for the old call form ``Linear(out_features)`` or
      ``use_bias=`` (saying what to write instead), or a non-int size.
    ValueError: for a negative size, or an input whose last dimension is
      not ``in_features``.

  Shape:
    Input ``(*, in_features)``; output ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.Linear(5, 3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (3,), 'weight': (3, 5)}}
    >>> layer.apply(params, jnp.ones((4, 7, 5))).shape
    (4, 7, 3)
    >>> jnn.Linear(10)
    Traceback (most recent call last):
    ...
    TypeError: Linear(10): in_features and out_features are required, in PyTorch's order: Linear(in_features, out_features, bias=True), e.g. Linear(784, 10); for an input size inferred at init, use LazyLinear(10).
  """
  __module__ = "jaxpool.nn"
  in_features: int
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  def __post_init__(self) -> None:
    super().__post_init__()
    _check_size(self, "in_features", self.in_features)
    _check_size(self, "out_features", self.out_features)
    _args.check_bool(_label(self), "bias", self.bias)

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    x = _args.check_array(_label(self), x)
    return _linear_call(self, x, _infer_in(self, "in_features", x, "input"))


@_pytorch_signature
class LazyLinear(nn.Module):
  """A :class:`Linear` whose ``in_features`` is inferred from the input at
  init, as ``torch.nn.LazyLinear`` (and Flax's ``nn.Dense``).

  ``LazyLinear(out_features, bias=True)``, PyTorch's signature; the rest are
  keywords. Params and computation are :class:`Linear`'s (``"weight"``
  ``(out_features, in_features)``, ``"bias"``), so a PyTorch ``Linear``'s
  ``state_dict`` entries load into it unchanged.

  Attributes:
    out_features: size of each output sample.
    bias: whether to add a learned bias (PyTorch's ``bias=True``).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      input and params by JAX's rules.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.linear`.
    kernel_init: initializer of the weight (see :class:`Linear`); ``None``
      is PyTorch's uniform with the inferred ``in_features``.
    bias_init: initializer of the bias (see :class:`Linear`).

  Raises:
    TypeError: for ``use_bias=`` or a non-int ``out_features``.
    ValueError: for a negative ``out_features``.

  Shape:
    Input ``(*, in_features)`` with any ``in_features`` at init (fixed by the
    params afterwards); output ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.LazyLinear(3)
    >>> params = layer.init(jax.random.key(0), jnp.ones((2, 5)))
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (3,), 'weight': (3, 5)}}
  """
  __module__ = "jaxpool.nn"
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  def __post_init__(self) -> None:
    super().__post_init__()
    _check_size(self, "out_features", self.out_features)
    _args.check_bool(_label(self), "bias", self.bias)

  @nn.compact
  def __call__(self, x: ArrayLike) -> jax.Array:
    x = _args.check_array(_label(self), x)
    return _linear_call(self, x, _infer_in(self, "in_features", x, "input"))


def _linear_call(module: Any, x: jax.Array, fan_in: int) -> jax.Array:
  """Linear's and LazyLinear's params and computation (must run inside the
  Module's compact ``__call__``)."""
  default = _torch_uniform(fan_in)
  weight = module.param("weight", module.kernel_init or default,
                        (module.out_features, fan_in), module.param_dtype)
  bias = (module.param("bias", module.bias_init or default,
                       (module.out_features,), module.param_dtype)
          if module.bias else None)
  return linear(_cast(module.dtype, x), _cast(module.dtype, weight),
                None if bias is None else _cast(module.dtype, bias),
                precision=module.precision)


@_pytorch_signature
class Bilinear(nn.Module):
  """Applies ``y_k = x1 @ weight[k] @ x2 + bias_k``, as ``torch.nn.Bilinear``:
  partial application of :func:`jaxpool.functional.bilinear`.

  PyTorch's arguments in PyTorch's order: ``Bilinear(in1_features,
  in2_features, out_features, bias=True)``; the rest are keywords. Called as
  ``m(x1, x2)``; the inputs' last dimensions must equal ``in1_features`` and
  ``in2_features``. Params, in PyTorch's layout and names: ``"weight"``
  ``(out_features, in1_features, in2_features)`` and, with ``bias``,
  ``"bias"`` ``(out_features,)``.

  Attributes:
    in1_features: size of each ``x1`` sample.
    in2_features: size of each ``x2`` sample.
    out_features: size of each output sample.
    bias: whether to add a learned bias (PyTorch's ``bias=True``).
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
    TypeError: for the old call form ``Bilinear(out_features)`` or
      ``use_bias=`` (saying what to write instead), or a non-int size.
    ValueError: for a negative size, or an input whose last dimension is
      not its declared size.

  Shape:
    Inputs ``(*, in1_features)`` and ``(*, in2_features)``; output
    ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nn as jnn
    >>> layer = jnn.Bilinear(3, 5, 4)
    >>> x1, x2 = jnp.ones((2, 3)), jnp.ones((2, 5))
    >>> params = layer.init(jax.random.key(0), x1, x2)
    >>> jax.tree.map(jnp.shape, params)
    {'params': {'bias': (4,), 'weight': (4, 3, 5)}}
    >>> layer.apply(params, x1, x2).shape
    (2, 4)
  """
  __module__ = "jaxpool.nn"
  in1_features: int
  in2_features: int
  out_features: int
  bias: bool = True
  dtype: Optional[Any] = None
  param_dtype: Any = jnp.float32
  precision: PrecisionLike = None
  kernel_init: Optional[Initializer] = None
  bias_init: Optional[Initializer] = None

  def __post_init__(self) -> None:
    super().__post_init__()
    _check_size(self, "in1_features", self.in1_features)
    _check_size(self, "in2_features", self.in2_features)
    _check_size(self, "out_features", self.out_features)
    _args.check_bool(_label(self), "bias", self.bias)

  @nn.compact
  def __call__(self, x1: ArrayLike, x2: ArrayLike) -> jax.Array:
    x1 = _args.check_array(_label(self), x1, "x1")
    x2 = _args.check_array(_label(self), x2, "x2")
    in1 = _infer_in(self, "in1_features", x1, "x1")
    in2 = _infer_in(self, "in2_features", x2, "x2")
    default = _torch_uniform(in1)  # PyTorch's bound uses in1 only
    weight = self.param("weight", self.kernel_init or default,
                        (self.out_features, in1, in2), self.param_dtype)
    bias = (self.param("bias", self.bias_init or default,
                       (self.out_features,), self.param_dtype)
            if self.bias else None)
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

