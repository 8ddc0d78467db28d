"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/activations_smooth.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Any, Optional

from flax import nnx
import jax
import jax.numpy as jnp
from jax.typing import ArrayLike

from jaxpool._src.layers import activations_smooth as _definitions
from jaxpool._src.nnx.base import Layer


class ELU(Layer, _definitions.ELU):
  """Applies :func:`jaxpool.functional.elu`, as PyTorch's ``nn.ELU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Args:
    alpha: the negative saturation value (default 1.0).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.ELU(alpha=2.0)(jnp.array([0., 1.]))
    Array([0., 1.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, alpha: float = 1.0) -> None:
    self.alpha = alpha
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class SELU(Layer, _definitions.SELU):
  """Applies :func:`jaxpool.functional.selu`, as PyTorch's ``nn.SELU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.SELU()(jnp.array([1.]))
    Array([1.050701], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class CELU(Layer, _definitions.CELU):
  """Applies :func:`jaxpool.functional.celu`, as PyTorch's ``nn.CELU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Args:
    alpha: the negative saturation value, non-zero (default 1.0).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.CELU(alpha=2.0)(jnp.array([-2., 1.]))
    Array([-1.2642411,  1.       ], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, alpha: float = 1.0) -> None:
    self.alpha = alpha
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class GELU(Layer, _definitions.GELU):
  """Applies :func:`jaxpool.functional.gelu`, as PyTorch's ``nn.GELU``.

  Exact (erf) by default, as PyTorch; ``approximate='tanh'`` for the tanh
  form (``jax.nn.gelu``'s default).

  Args:
    approximate: ``"none"`` (default) or ``"tanh"``.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.GELU()(jnp.array([1.]))
    Array([0.8413447], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, approximate: str = "none") -> None:
    self.approximate = approximate
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class SiLU(Layer, _definitions.SiLU):
  """Applies :func:`jaxpool.functional.silu`, as PyTorch's ``nn.SiLU``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.SiLU()(jnp.array([0.]))
    Array([0.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Swish(Layer, _definitions.Swish):
  """Swish with a learnable ``beta`` (Ramachandran et al. 2017).

  ``x * sigmoid(beta * x)`` (:func:`jaxpool.functional.swish`) with ``beta``
  a scalar weight (shape ``()``), initialised to ``init_value``. With ``beta
  = 1`` it is SiLU. PyTorch has no ``Swish``. The initial value is a
  constant: no random key is needed.

  Args:
    init_value: the initial beta (default 1.0).
    param_dtype: the dtype of ``beta`` (default float32).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> m = jnnx.Swish()
    >>> m.beta[...]
    Array(1., dtype=float32)
    >>> m(jnp.array([0., 1.]))
    Array([0.       , 0.7310586], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(
      self, init_value: float = 1.0, param_dtype: Any = jnp.float32,
  ) -> None:
    self.init_value = init_value
    self.param_dtype = param_dtype
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Mish(Layer, _definitions.Mish):
  """Applies :func:`jaxpool.functional.mish`, as PyTorch's ``nn.Mish``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.Mish()(jnp.array([1.]))
    Array([0.8650985], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Sigmoid(Layer, _definitions.Sigmoid):
  """Applies :func:`jaxpool.functional.sigmoid`, as PyTorch's ``nn.Sigmoid``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.Sigmoid()(jnp.array([0.]))
    Array([0.5], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Tanh(Layer, _definitions.Tanh):
  """Applies :func:`jaxpool.functional.tanh`, as PyTorch's ``nn.Tanh``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.Tanh()(jnp.array([0.]))
    Array([0.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softplus(Layer, _definitions.Softplus):
  """Applies :func:`jaxpool.functional.softplus`, as PyTorch's ``nn.Softplus``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Args:
    beta: the sharpness, non-zero (default 1).
    threshold: the switch to the identity (default 20).

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.Softplus(beta=2.0, threshold=2.0)(jnp.array([2.]))
    Array([2.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
    self.beta = beta
    self.threshold = threshold
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Softsign(Layer, _definitions.Softsign):
  """Applies :func:`jaxpool.functional.softsign`, as PyTorch's ``nn.Softsign``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.Softsign()(jnp.array([1.]))
    Array([0.5], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class Tanhshrink(Layer, _definitions.Tanhshrink):
  """Applies :func:`jaxpool.functional.tanhshrink`, as PyTorch's ``nn.Tanhshrink``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.Tanhshrink()(jnp.array([0.]))
    Array([0.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LogSigmoid(Layer, _definitions.LogSigmoid):
  """Applies :func:`jaxpool.functional.logsigmoid`, as PyTorch's ``nn.LogSigmoid``.

  Partial application of the function: its other arguments, if any, are
  the fields, with PyTorch's defaults. See the function for the definition
  and its gradients at the kinks.

  Shape:
    Input ``(*)``, any shape; output the same shape and dtype.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> jnnx.LogSigmoid()(jnp.array([0.]))
    Array([-0.6931472], dtype=float32)
  """
  __module__ = "jaxpool.nnx"

  def __init__(self) -> None:
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
