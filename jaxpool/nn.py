"""jaxpool's flax.linen Modules: ``import jaxpool.nn as jnn``.

Each Module is equivalent to partial application of its function in
:mod:`jaxpool.functional`: the fields are the function's arguments, in
PyTorch's order, plus ``channels_last``; ``__call__`` is one call.
"""

from jaxpool._src.modules.activations import CELU
from jaxpool._src.modules.activations import ELU
from jaxpool._src.modules.activations import GELU
from jaxpool._src.modules.activations import GLU
from jaxpool._src.modules.activations import Hardshrink
from jaxpool._src.modules.activations import Hardsigmoid
from jaxpool._src.modules.activations import Hardswish
from jaxpool._src.modules.activations import Hardtanh
from jaxpool._src.modules.activations import LeakyReLU
from jaxpool._src.modules.activations import LogSigmoid
from jaxpool._src.modules.activations import LogSoftmax
from jaxpool._src.modules.activations import Maxout
from jaxpool._src.modules.activations import Mish
from jaxpool._src.modules.activations import PReLU
from jaxpool._src.modules.activations import RReLU
from jaxpool._src.modules.activations import ReLU
from jaxpool._src.modules.activations import ReLU6
from jaxpool._src.modules.activations import SELU
from jaxpool._src.modules.activations import SiLU
from jaxpool._src.modules.activations import Sigmoid
from jaxpool._src.modules.activations import Softmax
from jaxpool._src.modules.activations import Softmax2d
from jaxpool._src.modules.activations import Softmin
from jaxpool._src.modules.activations import Softplus
from jaxpool._src.modules.activations import Softshrink
from jaxpool._src.modules.activations import Softsign
from jaxpool._src.modules.activations import Swish
from jaxpool._src.modules.activations import Tanh
from jaxpool._src.modules.activations import Tanhshrink
from jaxpool._src.modules.activations import Threshold
from jaxpool._src.modules.adaptive import AdaptiveAvgPool1d
from jaxpool._src.modules.adaptive import AdaptiveAvgPool2d
from jaxpool._src.modules.adaptive import AdaptiveAvgPool3d
from jaxpool._src.modules.adaptive import AdaptiveMaxPool1d
from jaxpool._src.modules.adaptive import AdaptiveMaxPool2d
from jaxpool._src.modules.adaptive import AdaptiveMaxPool3d
from jaxpool._src.modules.adaptive import FractionalMaxPool2d
from jaxpool._src.modules.adaptive import FractionalMaxPool3d
from jaxpool._src.modules.adaptive import GlobalAvgPool1d
from jaxpool._src.modules.adaptive import GlobalAvgPool2d
from jaxpool._src.modules.adaptive import GlobalAvgPool3d
from jaxpool._src.modules.adaptive import GlobalMaxPool1d
from jaxpool._src.modules.adaptive import GlobalMaxPool2d
from jaxpool._src.modules.adaptive import GlobalMaxPool3d
from jaxpool._src.modules.linear import Bilinear
from jaxpool._src.modules.linear import Identity
from jaxpool._src.modules.linear import LazyLinear
from jaxpool._src.modules.linear import Linear
from jaxpool._src.modules.pooling import AvgPool1d
from jaxpool._src.modules.pooling import AvgPool2d
from jaxpool._src.modules.pooling import AvgPool3d
from jaxpool._src.modules.pooling import LPPool1d
from jaxpool._src.modules.pooling import LPPool2d
from jaxpool._src.modules.pooling import LPPool3d
from jaxpool._src.modules.pooling import MaxPool1d
from jaxpool._src.modules.pooling import MaxPool2d
from jaxpool._src.modules.pooling import MaxPool3d
from jaxpool._src.modules.pooling import MaxUnpool1d
from jaxpool._src.modules.pooling import MaxUnpool2d
from jaxpool._src.modules.pooling import MaxUnpool3d
from jaxpool._src.modules.research import BlurPool1d
from jaxpool._src.modules.research import BlurPool2d
from jaxpool._src.modules.research import BlurPool3d
from jaxpool._src.modules.research import GeM1d
from jaxpool._src.modules.research import GeM2d
from jaxpool._src.modules.research import GeM3d
from jaxpool._src.modules.research import MaxBlurPool1d
from jaxpool._src.modules.research import MaxBlurPool2d
from jaxpool._src.modules.research import MaxBlurPool3d
from jaxpool._src.modules.research import MixedPool1d
from jaxpool._src.modules.research import MixedPool2d
from jaxpool._src.modules.research import MixedPool3d
from jaxpool._src.modules.research import SpatialPyramidPool1d
from jaxpool._src.modules.research import SpatialPyramidPool2d
from jaxpool._src.modules.research import SpatialPyramidPool3d
from jaxpool._src.modules.research import StochasticPool1d
from jaxpool._src.modules.research import StochasticPool2d
from jaxpool._src.modules.research import StochasticPool3d

__all__ = [
    "Linear", "LazyLinear", "Bilinear", "Identity",
    "AvgPool1d", "AvgPool2d", "AvgPool3d",
    "LPPool1d", "LPPool2d", "LPPool3d",
    "MaxPool1d", "MaxPool2d", "MaxPool3d",
    "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
    "GlobalAvgPool1d", "GlobalAvgPool2d", "GlobalAvgPool3d",
    "GlobalMaxPool1d", "GlobalMaxPool2d", "GlobalMaxPool3d",
    "FractionalMaxPool2d", "FractionalMaxPool3d",
    "BlurPool1d", "BlurPool2d", "BlurPool3d",
    "GeM1d", "GeM2d", "GeM3d",
    "MaxBlurPool1d", "MaxBlurPool2d", "MaxBlurPool3d",
    "MixedPool1d", "MixedPool2d", "MixedPool3d",
    "SpatialPyramidPool1d", "SpatialPyramidPool2d", "SpatialPyramidPool3d",
    "StochasticPool1d", "StochasticPool2d", "StochasticPool3d",
    "CELU", "ELU", "GELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish",
    "Hardtanh", "LeakyReLU", "LogSigmoid", "LogSoftmax", "Maxout", "Mish",
    "PReLU", "RReLU", "ReLU", "ReLU6", "SELU", "SiLU", "Sigmoid", "Softmax",
    "Softmax2d", "Softmin", "Softplus", "Softshrink", "Softsign", "Swish",
    "Tanh", "Tanhshrink", "Threshold",
]
