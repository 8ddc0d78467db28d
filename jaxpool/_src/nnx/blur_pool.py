"""flax.nnx Modules, written by tools/generate_layers.py from
jaxpool/_src/layers/blur_pool.py: edit that file and rerun the tool.
"""

from __future__ import annotations

from typing import Optional

from flax import nnx
import jax
from jax.typing import ArrayLike

from jaxpool._src.core.args import IntOrSeq
from jaxpool._src.layers import blur_pool as _definitions
from jaxpool._src.nnx.base import Layer


class BlurPool1d(Layer, _definitions.BlurPool):
  """1-d BlurPool: partial application of :func:`jaxpool.functional.blur_pool1d`.

  A fixed binomial filter: no parameters, and no ``channels`` argument (the
  filter is applied to every channel). See the function for the definition
  (Zhang, 2019).

  Args:
    filt_size: taps of the binomial filter: an int or 1 ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or 1 ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.array([[[0.], [0.], [4.], [0.], [0.], [0.]]])
    >>> jnnx.BlurPool1d(3)(x)[..., 0]
    Array([[0., 2., 0.]], dtype=float32)
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
      pad_type: str = "reflect", pad_off: int = 0, channels_last: bool = True,
  ) -> None:
    self.filt_size = filt_size
    self.stride = stride
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class BlurPool2d(Layer, _definitions.BlurPool):
  """2-d BlurPool: partial application of :func:`jaxpool.functional.blur_pool2d`.

  A fixed binomial filter: no parameters, and no ``channels`` argument (the
  filter is applied to every channel). See the function for the definition
  (Zhang, 2019).

  Args:
    filt_size: taps of the binomial filter: an int or 2 ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or 2 ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((2, 8, 8, 3))
    >>> jnnx.BlurPool2d()(x).shape
    (2, 4, 4, 3)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
      pad_type: str = "reflect", pad_off: int = 0, channels_last: bool = True,
  ) -> None:
    self.filt_size = filt_size
    self.stride = stride
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class BlurPool3d(Layer, _definitions.BlurPool):
  """3-d BlurPool: partial application of :func:`jaxpool.functional.blur_pool3d`.

  A fixed binomial filter: no parameters, and no ``channels`` argument (the
  filter is applied to every channel). See the function for the definition
  (Zhang, 2019).

  Args:
    filt_size: taps of the binomial filter: an int or 3 ints, at least 1
      (default 4, the paper's code's default; 1 is plain subsampling).
    stride: the subsampling factor: an int or 3 ints (default 2).
    pad_type: ``"reflect"`` (default, alias ``"refl"``; the edge is not
      repeated, as ``torch.nn.ReflectionPad``), ``"replicate"`` (``"repl"``)
      or ``"zero"``.
    pad_off: extra padding on both sides of every spatial axis (default 0).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L + 2 * pad_off - 1) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((1, 4, 4, 4, 2))
    >>> jnnx.BlurPool3d(3, pad_type="replicate")(x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, filt_size: IntOrSeq = 4, stride: IntOrSeq = 2,
      pad_type: str = "reflect", pad_off: int = 0, channels_last: bool = True,
  ) -> None:
    self.filt_size = filt_size
    self.stride = stride
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class MaxBlurPool1d(Layer, _definitions.MaxBlurPool):
  """1-d MaxBlurPool: partial application of :func:`jaxpool.functional.max_blur_pool1d`.

  No parameters. Dense max pooling then BlurPool, the paper's anti-aliased
  max pooling. See the function for the definition (Zhang, 2019).

  Args:
    kernel_size: the max-pool window (stride 1, no padding): an int or 1
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or 1 ints
      (default 2).
    filt_size: taps of the binomial filter: an int or 1 ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool1d`.
    pad_off: extra blur padding on both sides (default 0).
    channels_last: ``True`` (default) for ``(N, L, C)`` input, ``False``
      for ``(N, C, L)``. The numbers are the same either way.

  Shape:
    Input ``(N, L, C)`` or ``(L, C)`` when ``channels_last`` (default);
    ``(N, C, L)`` or ``(C, L)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((1, 9, 2))
    >>> jnnx.MaxBlurPool1d()(x).shape
    (1, 4, 2)
  """
  __module__ = "jaxpool.nnx"
  ndim = 1

  def __init__(
      self, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
      filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0,
      channels_last: bool = True,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.filt_size = filt_size
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class MaxBlurPool2d(Layer, _definitions.MaxBlurPool):
  """2-d MaxBlurPool: partial application of :func:`jaxpool.functional.max_blur_pool2d`.

  No parameters. Dense max pooling then BlurPool, the paper's anti-aliased
  max pooling. See the function for the definition (Zhang, 2019).

  Args:
    kernel_size: the max-pool window (stride 1, no padding): an int or 2
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or 2 ints
      (default 2).
    filt_size: taps of the binomial filter: an int or 2 ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool2d`.
    pad_off: extra blur padding on both sides (default 0).
    channels_last: ``True`` (default) for ``(N, H, W, C)`` input, ``False``
      for ``(N, C, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, H, W, C)`` or ``(H, W, C)`` when ``channels_last`` (default);
    ``(N, C, H, W)`` or ``(C, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((2, 9, 9, 3))
    >>> jnnx.MaxBlurPool2d(filt_size=3)(x).shape
    (2, 4, 4, 3)
  """
  __module__ = "jaxpool.nnx"
  ndim = 2

  def __init__(
      self, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
      filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0,
      channels_last: bool = True,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.filt_size = filt_size
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)


class MaxBlurPool3d(Layer, _definitions.MaxBlurPool):
  """3-d MaxBlurPool: partial application of :func:`jaxpool.functional.max_blur_pool3d`.

  No parameters. Dense max pooling then BlurPool, the paper's anti-aliased
  max pooling. See the function for the definition (Zhang, 2019).

  Args:
    kernel_size: the max-pool window (stride 1, no padding): an int or 3
      ints (default 2, as the paper).
    stride: the subsampling factor of the blur: an int or 3 ints
      (default 2).
    filt_size: taps of the binomial filter: an int or 3 ints (default 4).
    pad_type: ``"reflect"`` (default), ``"replicate"`` or ``"zero"``, as
      :func:`blur_pool3d`.
    pad_off: extra blur padding on both sides (default 0).
    channels_last: ``True`` (default) for ``(N, D, H, W, C)`` input, ``False``
      for ``(N, C, D, H, W)``. The numbers are the same either way.

  Shape:
    Input ``(N, D, H, W, C)`` or ``(D, H, W, C)`` when ``channels_last`` (default);
    ``(N, C, D, H, W)`` or ``(C, D, H, W)`` otherwise. Output: the same with each
    spatial length ``L`` replaced by
    ``floor((L - kernel_size + 2 * pad_off) / stride) + 1``.

  Example:
    >>> import jax, jax.numpy as jnp
    >>> import jaxpool.nnx as jnnx
    >>> from flax import nnx
    >>> x = jnp.ones((1, 5, 5, 5, 2))
    >>> jnnx.MaxBlurPool3d(filt_size=3)(x).shape
    (1, 2, 2, 2, 2)
  """
  __module__ = "jaxpool.nnx"
  ndim = 3

  def __init__(
      self, kernel_size: IntOrSeq = 2, stride: IntOrSeq = 2,
      filt_size: IntOrSeq = 4, pad_type: str = "reflect", pad_off: int = 0,
      channels_last: bool = True,
  ) -> None:
    self.kernel_size = kernel_size
    self.stride = stride
    self.filt_size = filt_size
    self.pad_type = pad_type
    self.pad_off = pad_off
    self.channels_last = channels_last
    self.start()

  def __call__(self, x: ArrayLike) -> jax.Array:
    return self.forward(x)
