"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/avg_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

from flax import nnx
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq, PaddingLike
from jaxpool._src.layers import avg_pool as _definitions
from jaxpool._src.nnx.base import Layer


class AvgPool1d(Layer, _definitions.AvgPool):
  """1-d average pooling, as ``torch.nn.AvgPool1d``.

  Partial application of :func:`jaxpool.functional.avg_pool1d`: the same
  arguments (PyTorch's ``AvgPool1d`` has no ``divisor_override``), the same
  divisor and output size.

  Args:
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (zeros): an int, 1 ints, 1
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.arange(6.).reshape(1, 6, 1)
    >>> jnnx.AvgPool1d(2)(x)[0, :, 0]
    Array([0.5, 2.5, 4.5], dtype=float32)
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      padding: PaddingLike = 0, ceil_mode: bool = False,
      count_include_pad: bool = True, channels_last: bool = True,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.ceil_mode = ceil_mode
    self.count_include_pad = count_include_pad
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class AvgPool2d(Layer, _definitions.AvgPool):
  """2-d average pooling, as ``torch.nn.AvgPool2d``.

  Partial application of :func:`jaxpool.functional.avg_pool2d`: the same
  arguments (PyTorch's ``AvgPool1d`` has no ``divisor_override``), the same
  divisor and output size.

  Args:
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (zeros): an int, 2 ints, 2
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.
    divisor_override: if given, a non-zero int that replaces the divisor of
      every window.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> jnnx.AvgPool2d(2)(x)[0, :, :, 0]
    Array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      padding: PaddingLike = 0, ceil_mode: bool = False,
      count_include_pad: bool = True, divisor_override: Optional[int] = None,
      channels_last: bool = True,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.ceil_mode = ceil_mode
    self.count_include_pad = count_include_pad
    self.divisor_override = divisor_override
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class AvgPool3d(Layer, _definitions.AvgPool):
  """3-d average pooling, as ``torch.nn.AvgPool3d``.

  Partial application of :func:`jaxpool.functional.avg_pool3d`: the same
  arguments (PyTorch's ``AvgPool1d`` has no ``divisor_override``), the same
  divisor and output size.

  Args:
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    padding: implicit padding on both sides (zeros): an int, 3 ints, 3
      ``(lo, hi)`` pairs, or ``"SAME"``/``"VALID"``. Explicit values may not
      exceed ``kernel_size // 2`` (PyTorch's check, on the undilated
      kernel).
    ceil_mode: use ceil instead of floor for the output size.
    count_include_pad: whether padded cells count in the divisor.
    divisor_override: if given, a non-zero int that replaces the divisor of
      every window.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L + pad_lo + pad_hi - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L + pad_lo``
    (the last window must start inside the input or the left padding). An
    output length below 1 is an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((1, 3, 3, 3, 2))
    >>> jnnx.AvgPool3d(2, ceil_mode=True)(x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, kernel_size: IntOrSeq, stride: Optional[IntOrSeq] = None,
      padding: PaddingLike = 0, ceil_mode: bool = False,
      count_include_pad: bool = True, divisor_override: Optional[int] = None,
      channels_last: bool = True,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.padding = padding
    self.ceil_mode = ceil_mode
    self.count_include_pad = count_include_pad
    self.divisor_override = divisor_override
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LPPool1d(Layer, _definitions.LPPool):
  """1-d power-average pooling, as ``torch.nn.LPPool1d``.

  Partial application of :func:`jaxpool.functional.lp_pool1d`, PyTorch's
  exact definition.

  Args:
    norm_type: the exponent ``p``: a non-zero real number or +-inf.
    kernel_size: window size: an int or 1 ints.
    stride: window stride: an int or 1 ints; ``None`` (default) means
      ``kernel_size``.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for PyTorch's ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.array([[[3.], [4.]]])
    >>> jnnx.LPPool1d(2, 2)(x).ravel()
    Array([5.], dtype=float32)
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, norm_type: float, kernel_size: IntOrSeq,
      stride: Optional[IntOrSeq] = None, ceil_mode: bool = False,
      channels_last: bool = True,
  ) -> None:
    self.norm_type = norm_type
    self.kernel_size = kernel_size
    self.stride = stride
    self.ceil_mode = ceil_mode
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LPPool2d(Layer, _definitions.LPPool):
  """2-d power-average pooling, as ``torch.nn.LPPool2d``.

  Partial application of :func:`jaxpool.functional.lp_pool2d`, PyTorch's
  exact definition.

  Args:
    norm_type: the exponent ``p``: a non-zero real number or +-inf.
    kernel_size: window size: an int or 2 ints.
    stride: window stride: an int or 2 ints; ``None`` (default) means
      ``kernel_size``.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.arange(16.).reshape(1, 4, 4, 1)  # (N, H, W, C)
    >>> jnnx.LPPool2d(1, 2)(x)[0, :, :, 0]  # p = 1: window sums
    Array([[10., 18.],
           [42., 50.]], dtype=float32)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, norm_type: float, kernel_size: IntOrSeq,
      stride: Optional[IntOrSeq] = None, ceil_mode: bool = False,
      channels_last: bool = True,
  ) -> None:
    self.norm_type = norm_type
    self.kernel_size = kernel_size
    self.stride = stride
    self.ceil_mode = ceil_mode
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class LPPool3d(Layer, _definitions.LPPool):
  """3-d power-average pooling, as ``torch.nn.LPPool3d``.

  Partial application of :func:`jaxpool.functional.lp_pool3d`, PyTorch's
  exact definition.

  Args:
    norm_type: the exponent ``p``: a non-zero real number or +-inf.
    kernel_size: window size: an int or 3 ints.
    stride: window stride: an int or 3 ints; ``None`` (default) means
      ``kernel_size``.
    ceil_mode: use ceil instead of floor for the output size.
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for PyTorch's ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by ::

      out = floor((L - (kernel_size - 1) - 1
                   + (stride - 1 if ceil_mode else 0)) / stride) + 1

    and, under ``ceil_mode``, one less if ``(out - 1) * stride >= L`` (the
    last window must start inside the input). An output length below 1 is
    an error.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((1, 4, 4, 4, 1))
    >>> jnnx.LPPool3d(2, 2)(x).shape
    (1, 2, 2, 2, 1)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, norm_type: float, kernel_size: IntOrSeq,
      stride: Optional[IntOrSeq] = None, ceil_mode: bool = False,
      channels_last: bool = True,
  ) -> None:
    self.norm_type = norm_type
    self.kernel_size = kernel_size
    self.stride = stride
    self.ceil_mode = ceil_mode
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
