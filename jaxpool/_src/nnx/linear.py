"""flax.nnx Modules ``Linear``, ``Bilinear`` and ``Identity`` (re-exported by
jaxpool.nnx), over :mod:`jaxpool._src.linear`, whose docstring explains the
parameter layout (PyTorch's).

The constructors take PyTorch's arguments in PyTorch's order. NNX creates
parameters in the constructor, so the input sizes are required: there is no
``LazyLinear`` in :mod:`jaxpool.nnx` (use ``jaxpool.nn.LazyLinear`` in linen,
or give ``in_features``).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Optional

import jax
import jax.numpy as jnp
from flax import nnx
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


def _cast(dtype: Any, array: Optional[jax.Array]) -> Any:
  """Casts to the Module's ``dtype``; ``None`` leaves promotion to F."""
  if array is None or dtype is None:
    return array
  return jnp.asarray(array, dtype)


class Linear(nnx.Module):
  """Applies ``y = x @ weight.T + bias``, as ``torch.nn.Linear``, in NNX:
  calls :func:`jaxpool.functional.linear` on its params.

  PyTorch's arguments in PyTorch's order, then Flax's options. Params, in
  PyTorch's layout and names (a PyTorch ``state_dict`` maps one to one):
  ``weight`` ``(out_features, in_features)`` and, with ``bias``, ``bias``
  ``(out_features,)``, both ``nnx.Param``; without a bias ``self.bias`` is
  None, as in PyTorch. NNX has no lazy shapes, so there is no
  ``LazyLinear`` here: ``in_features`` is required.

  Args:
    in_features: size of each input sample.
    out_features: size of each output sample.
    bias: whether to add a learned bias (default True).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      input and params by JAX's rules. The params are cast to it.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.linear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in_features), 1/sqrt(in_features))``. Flax's fan-based
      initializers assume Flax's ``(in, out)`` kernel: name the axes for this
      layout, e.g. ``nnx.initializers.lecun_normal(in_axis=-1,
      out_axis=-2)``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.
    rngs: the ``nnx.Rngs`` for the initializers (stream ``params``).

  Raises:
    TypeError: for a non-int size or a non-bool ``bias``.
    ValueError: for a negative size; at the call, for an input whose last
      dimension is not ``in_features``.

  Shape:
    Input ``(*, in_features)``; output ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> layer = jnnx.Linear(5, 3, rngs=nnx.Rngs(0))
    >>> layer.weight.shape, layer.bias.shape
    ((3, 5), (3,))
    >>> layer(jnp.ones((4, 7, 5))).shape
    (4, 7, 3)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, in_features: int, out_features: int, bias: bool = True,
               dtype: Optional[Any] = None, param_dtype: Any = jnp.float32,
               precision: PrecisionLike = None,
               kernel_init: Optional[Initializer] = None,
               bias_init: Optional[Initializer] = None, *, rngs: nnx.Rngs):
    self.in_features = _args.check_int("Linear", "in_features",
                                       in_features)
    self.out_features = _args.check_int("Linear", "out_features",
                                        out_features)
    _args.check_bool("Linear", "bias", bias)
    self.dtype = dtype
    self.precision = precision
    default = _torch_uniform(self.in_features)
    self.weight = nnx.Param((kernel_init or default)(
        rngs.params(), (self.out_features, self.in_features), param_dtype))
    self.bias: Optional[nnx.Param] = (
        nnx.Param((bias_init or default)(rngs.params(), (self.out_features,),
                                         param_dtype))
        if bias else None)

  def __call__(self, x: ArrayLike) -> jax.Array:
    x = _args.check_array("Linear", x)
    b = None if self.bias is None else self.bias[...]
    return linear(_cast(self.dtype, x), _cast(self.dtype, self.weight[...]),
                  _cast(self.dtype, b), precision=self.precision)


class Bilinear(nnx.Module):
  """Applies ``y_k = x1 @ weight[k] @ x2 + bias_k``, as ``torch.nn.Bilinear``,
  in NNX: calls :func:`jaxpool.functional.bilinear` on its params.

  Called as ``m(x1, x2)``. PyTorch's arguments in PyTorch's order, then
  Flax's options. Params, in PyTorch's layout and names: ``weight``
  ``(out_features, in1_features, in2_features)`` and, with ``bias``,
  ``bias`` ``(out_features,)``, both ``nnx.Param``; without a bias
  ``self.bias`` is None.

  Args:
    in1_features: size of each ``x1`` sample.
    in2_features: size of each ``x2`` sample.
    out_features: size of each output sample.
    bias: whether to add a learned bias (default True).
    dtype: the dtype of the computation; ``None`` (default) promotes the
      inputs and params by JAX's rules.
    param_dtype: the dtype of the params (default float32).
    precision: the ``precision`` of :func:`jaxpool.functional.bilinear`.
    kernel_init: initializer of the weight, called as ``init(key, shape,
      param_dtype)`` with the stored (PyTorch) shape ``(out_features,
      in1_features, in2_features)``. ``None`` (default) is PyTorch's:
      ``U(-1/sqrt(in1_features), 1/sqrt(in1_features))``.
    bias_init: initializer of the bias, ``init(key, (out_features,),
      param_dtype)``. ``None`` (default) is PyTorch's, the same uniform as
      the weight's.
    rngs: the ``nnx.Rngs`` for the initializers (stream ``params``).

  Raises:
    TypeError: for a non-int size or a non-bool ``bias``.
    ValueError: for a negative size; at the call, for inputs whose last
      dimensions are not the feature sizes.

  Shape:
    Inputs ``(*, in1_features)`` and ``(*, in2_features)``; output
    ``(*, out_features)``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> layer = jnnx.Bilinear(3, 5, 4, rngs=nnx.Rngs(0))
    >>> layer.weight.shape
    (4, 3, 5)
    >>> layer(jnp.ones((2, 3)), jnp.ones((2, 5))).shape
    (2, 4)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, in1_features: int, in2_features: int, out_features: int,
               bias: bool = True, dtype: Optional[Any] = None,
               param_dtype: Any = jnp.float32,
               precision: PrecisionLike = None,
               kernel_init: Optional[Initializer] = None,
               bias_init: Optional[Initializer] = None, *, rngs: nnx.Rngs):
    self.in1_features = _args.check_int("Bilinear", "in1_features",
                                        in1_features)
    self.in2_features = _args.check_int("Bilinear", "in2_features",
                                        in2_features)
    self.out_features = _args.check_int("Bilinear", "out_features",
                                        out_features)
    _args.check_bool("Bilinear", "bias", bias)
    self.dtype = dtype
    self.precision = precision
    default = _torch_uniform(self.in1_features)  # PyTorch's bound: in1 only
    self.weight = nnx.Param((kernel_init or default)(
        rngs.params(),
        (self.out_features, self.in1_features, self.in2_features),
        param_dtype))
    self.bias: Optional[nnx.Param] = (
        nnx.Param((bias_init or default)(rngs.params(), (self.out_features,),
                                         param_dtype))
        if bias else None)

  def __call__(self, x1: ArrayLike, x2: ArrayLike) -> jax.Array:
    x1 = _args.check_array("Bilinear", x1, "x1")
    x2 = _args.check_array("Bilinear", x2, "x2")
    b = None if self.bias is None else self.bias[...]
    return bilinear(_cast(self.dtype, x1), _cast(self.dtype, x2),
                    _cast(self.dtype, self.weight[...]), _cast(self.dtype, b),
                    precision=self.precision)


class Identity(nnx.Module):
  """Returns its input unchanged, as ``torch.nn.Identity``, in NNX.

  A placeholder where a layer is optional. PyTorch's constructor ignores any
  arguments; this one takes none, as the linen twin.

  Example:
    >>> import jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> jnnx.Identity()(jnp.arange(3.))
    Array([0., 1., 2.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self):
    # Stated, so that the signature is ``()`` rather than nnx.Module's.
    pass

  def __call__(self, x: Any) -> Any:
    return x
