"""jaxpool's flax.nnx Modules: ``import jaxpool.nnx as jnnx``.

Every Module of :mod:`jaxpool.nn` has an NNX twin here of the same name,
with the same constructor arguments, order and defaults, and the same
computation: the constructor stores the arguments, ``__call__`` calls the
function in :mod:`jaxpool.functional`. What NNX changes:

- Parameters are ``nnx.Param`` attributes created in the constructor, under
  the linen twins' names: ``Linear.weight`` ``(out, in)`` and ``bias``
  (PyTorch's layout and init), ``Bilinear.weight``/``bias``,
  ``PReLU.weight``, ``Swish.beta``, ``GeM*.p``, ``MixedPool*.alpha_logit``,
  ``Maxout.linear`` (an ``nnx.Linear``). Layers with random initial values
  take the keyword-only ``rngs`` (``Linear``, ``Bilinear``, ``Maxout``).
- ``Linear(in_features, out_features, bias=True, *, rngs)`` and
  ``Bilinear(in1_features, in2_features, out_features, bias=True, *,
  rngs)`` are PyTorch's order. NNX has no lazy shapes, so there is no
  ``LazyLinear``, and sizes that linen infers from the first input are
  keyword-only arguments: ``Maxout(..., in_features=)`` and, with
  ``per_channel=True``, ``GeM*``/``MixedPool*(..., num_channels=)``.
- Randomness comes from ``nnx.Rngs``: ``RReLU``, ``StochasticPool*`` and
  ``FractionalMaxPool*`` take an optional keyword-only ``rngs`` (forked and
  kept, stream ``rng_collection`` as in linen: ``"dropout"``,
  ``"fractional"``; NNX falls back to the ``default`` stream), or ``rngs=``
  (a key, stream or Rngs) at the call.
- Train/eval is NNX's convention, as ``nnx.Dropout``: ``RReLU`` and
  ``StochasticPool*`` hold ``deterministic``, set by ``model.train()``
  (False) and ``model.eval()`` (True), by ``nnx.view(model,
  deterministic=...)``, or per call. Fractional pooling is random in both
  modes, as PyTorch's.

Example:
  >>> import jax, jax.numpy as jnp
  >>> from flax import nnx
  >>> import jaxpool.nnx as jnnx
  >>> class Net(nnx.Module):
  ...   def __init__(self, *, rngs: nnx.Rngs):
  ...     self.pool = jnnx.MaxPool2d(2)
  ...     self.act = jnnx.RReLU(rngs=rngs)
  ...     self.fc = jnnx.Linear(4 * 4 * 3, 10, rngs=rngs)
  ...   def __call__(self, x):
  ...     x = self.act(self.pool(x))
  ...     return self.fc(x.reshape(x.shape[0], -1))
  >>> net = Net(rngs=nnx.Rngs(0))
  >>> net.train()  # RReLU draws its slopes
  >>> net(jnp.ones((2, 8, 8, 3))).shape
  (2, 10)
  >>> net.eval()  # RReLU uses the mean slope
  >>> nnx.jit(lambda m, x: m(x))(net, jnp.ones((2, 8, 8, 3))).shape
  (2, 10)
"""



# generated: begin (tools/generate_layers.py)
from jaxpool._src.nnx.adaptive import AdaptiveAvgPool1d
from jaxpool._src.nnx.adaptive import AdaptiveAvgPool2d
from jaxpool._src.nnx.adaptive import AdaptiveAvgPool3d
from jaxpool._src.nnx.adaptive import AdaptiveMaxPool1d
from jaxpool._src.nnx.adaptive import AdaptiveMaxPool2d
from jaxpool._src.nnx.adaptive import AdaptiveMaxPool3d
from jaxpool._src.nnx.avg_pool import AvgPool1d
from jaxpool._src.nnx.avg_pool import AvgPool2d
from jaxpool._src.nnx.avg_pool import AvgPool3d
from jaxpool._src.nnx.linear import Bilinear
from jaxpool._src.nnx.blur_pool import BlurPool1d
from jaxpool._src.nnx.blur_pool import BlurPool2d
from jaxpool._src.nnx.blur_pool import BlurPool3d
from jaxpool._src.nnx.activations_smooth import CELU
from jaxpool._src.nnx.activations_smooth import ELU
from jaxpool._src.nnx.fractional import FractionalMaxPool2d
from jaxpool._src.nnx.fractional import FractionalMaxPool3d
from jaxpool._src.nnx.activations_smooth import GELU
from jaxpool._src.nnx.activations_axis import GLU
from jaxpool._src.nnx.learned_pool import GeM1d
from jaxpool._src.nnx.learned_pool import GeM2d
from jaxpool._src.nnx.learned_pool import GeM3d
from jaxpool._src.nnx.global_pool import GlobalAvgPool1d
from jaxpool._src.nnx.global_pool import GlobalAvgPool2d
from jaxpool._src.nnx.global_pool import GlobalAvgPool3d
from jaxpool._src.nnx.global_pool import GlobalMaxPool1d
from jaxpool._src.nnx.global_pool import GlobalMaxPool2d
from jaxpool._src.nnx.global_pool import GlobalMaxPool3d
from jaxpool._src.nnx.activations_piecewise import Hardshrink
from jaxpool._src.nnx.activations_piecewise import Hardsigmoid
from jaxpool._src.nnx.activations_piecewise import Hardswish
from jaxpool._src.nnx.activations_piecewise import Hardtanh
from jaxpool._src.nnx.linear import Identity
from jaxpool._src.nnx.avg_pool import LPPool1d
from jaxpool._src.nnx.avg_pool import LPPool2d
from jaxpool._src.nnx.avg_pool import LPPool3d
from jaxpool._src.nnx.activations_piecewise import LeakyReLU
from jaxpool._src.nnx.linear import Linear
from jaxpool._src.nnx.activations_smooth import LogSigmoid
from jaxpool._src.nnx.activations_axis import LogSoftmax
from jaxpool._src.nnx.blur_pool import MaxBlurPool1d
from jaxpool._src.nnx.blur_pool import MaxBlurPool2d
from jaxpool._src.nnx.blur_pool import MaxBlurPool3d
from jaxpool._src.nnx.max_pool import MaxPool1d
from jaxpool._src.nnx.max_pool import MaxPool2d
from jaxpool._src.nnx.max_pool import MaxPool3d
from jaxpool._src.nnx.max_unpool import MaxUnpool1d
from jaxpool._src.nnx.max_unpool import MaxUnpool2d
from jaxpool._src.nnx.max_unpool import MaxUnpool3d
from jaxpool._src.nnx.activations_axis import Maxout
from jaxpool._src.nnx.activations_smooth import Mish
from jaxpool._src.nnx.learned_pool import MixedPool1d
from jaxpool._src.nnx.learned_pool import MixedPool2d
from jaxpool._src.nnx.learned_pool import MixedPool3d
from jaxpool._src.nnx.activations_piecewise import PReLU
from jaxpool._src.nnx.activations_piecewise import RReLU
from jaxpool._src.nnx.activations_piecewise import ReLU
from jaxpool._src.nnx.activations_piecewise import ReLU6
from jaxpool._src.nnx.activations_smooth import SELU
from jaxpool._src.nnx.activations_smooth import SiLU
from jaxpool._src.nnx.activations_smooth import Sigmoid
from jaxpool._src.nnx.activations_axis import Softmax
from jaxpool._src.nnx.activations_axis import Softmax2d
from jaxpool._src.nnx.activations_axis import Softmin
from jaxpool._src.nnx.activations_smooth import Softplus
from jaxpool._src.nnx.activations_piecewise import Softshrink
from jaxpool._src.nnx.activations_smooth import Softsign
from jaxpool._src.nnx.pyramid_pool import SpatialPyramidPool1d
from jaxpool._src.nnx.pyramid_pool import SpatialPyramidPool2d
from jaxpool._src.nnx.pyramid_pool import SpatialPyramidPool3d
from jaxpool._src.nnx.stochastic_pool import StochasticPool1d
from jaxpool._src.nnx.stochastic_pool import StochasticPool2d
from jaxpool._src.nnx.stochastic_pool import StochasticPool3d
from jaxpool._src.nnx.activations_smooth import Swish
from jaxpool._src.nnx.activations_smooth import Tanh
from jaxpool._src.nnx.activations_smooth import Tanhshrink
from jaxpool._src.nnx.activations_piecewise import Threshold

__all__ = [
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "AdaptiveMaxPool3d",
    "AvgPool1d",
    "AvgPool2d",
    "AvgPool3d",
    "Bilinear",
    "BlurPool1d",
    "BlurPool2d",
    "BlurPool3d",
    "CELU",
    "ELU",
    "FractionalMaxPool2d",
    "FractionalMaxPool3d",
    "GELU",
    "GLU",
    "GeM1d",
    "GeM2d",
    "GeM3d",
    "GlobalAvgPool1d",
    "GlobalAvgPool2d",
    "GlobalAvgPool3d",
    "GlobalMaxPool1d",
    "GlobalMaxPool2d",
    "GlobalMaxPool3d",
    "Hardshrink",
    "Hardsigmoid",
    "Hardswish",
    "Hardtanh",
    "Identity",
    "LPPool1d",
    "LPPool2d",
    "LPPool3d",
    "LeakyReLU",
    "Linear",
    "LogSigmoid",
    "LogSoftmax",
    "MaxBlurPool1d",
    "MaxBlurPool2d",
    "MaxBlurPool3d",
    "MaxPool1d",
    "MaxPool2d",
    "MaxPool3d",
    "MaxUnpool1d",
    "MaxUnpool2d",
    "MaxUnpool3d",
    "Maxout",
    "Mish",
    "MixedPool1d",
    "MixedPool2d",
    "MixedPool3d",
    "PReLU",
    "RReLU",
    "ReLU",
    "ReLU6",
    "SELU",
    "SiLU",
    "Sigmoid",
    "Softmax",
    "Softmax2d",
    "Softmin",
    "Softplus",
    "Softshrink",
    "Softsign",
    "SpatialPyramidPool1d",
    "SpatialPyramidPool2d",
    "SpatialPyramidPool3d",
    "StochasticPool1d",
    "StochasticPool2d",
    "StochasticPool3d",
    "Swish",
    "Tanh",
    "Tanhshrink",
    "Threshold",
]
# generated: end
