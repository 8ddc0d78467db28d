"""jaxpool's flax.linen Modules: ``import jaxpool.nn as jnn``.

Each Module is equivalent to partial application of its function in
:mod:`jaxpool.functional`: the fields are the function's arguments, in
PyTorch's order, plus ``channels_last``; ``__call__`` is one call.
"""

from jaxpool._src.activation_modules import CELU
from jaxpool._src.activation_modules import ELU
from jaxpool._src.activation_modules import GELU
from jaxpool._src.activation_modules import GLU
from jaxpool._src.activation_modules import Hardshrink
from jaxpool._src.activation_modules import Hardsigmoid
from jaxpool._src.activation_modules import Hardswish
from jaxpool._src.activation_modules import Hardtanh
from jaxpool._src.activation_modules import LeakyReLU
from jaxpool._src.activation_modules import LogSigmoid
from jaxpool._src.activation_modules import LogSoftmax
from jaxpool._src.activation_modules import Maxout
from jaxpool._src.activation_modules import Mish
from jaxpool._src.activation_modules import PReLU
from jaxpool._src.activation_modules import RReLU
from jaxpool._src.activation_modules import ReLU
from jaxpool._src.activation_modules import ReLU6
from jaxpool._src.activation_modules import SELU
from jaxpool._src.activation_modules import SiLU
from jaxpool._src.activation_modules import Sigmoid
from jaxpool._src.activation_modules import Softmax
from jaxpool._src.activation_modules import Softmax2d
from jaxpool._src.activation_modules import Softmin
from jaxpool._src.activation_modules import Softplus
from jaxpool._src.activation_modules import Softshrink
from jaxpool._src.activation_modules import Softsign
from jaxpool._src.activation_modules import Swish
from jaxpool._src.activation_modules import Tanh
from jaxpool._src.activation_modules import Tanhshrink
from jaxpool._src.activation_modules import Threshold
from jaxpool._src.adaptive_modules import AdaptiveAvgPool1d
from jaxpool._src.adaptive_modules import AdaptiveAvgPool2d
from jaxpool._src.adaptive_modules import AdaptiveAvgPool3d
from jaxpool._src.adaptive_modules import AdaptiveMaxPool1d
from jaxpool._src.adaptive_modules import AdaptiveMaxPool2d
from jaxpool._src.adaptive_modules import AdaptiveMaxPool3d
from jaxpool._src.adaptive_modules import FractionalMaxPool2d
from jaxpool._src.adaptive_modules import FractionalMaxPool3d
from jaxpool._src.adaptive_modules import GlobalAvgPool1d
from jaxpool._src.adaptive_modules import GlobalAvgPool2d
from jaxpool._src.adaptive_modules import GlobalAvgPool3d
from jaxpool._src.adaptive_modules import GlobalMaxPool1d
from jaxpool._src.adaptive_modules import GlobalMaxPool2d
from jaxpool._src.adaptive_modules import GlobalMaxPool3d
from jaxpool._src.linear import Bilinear
from jaxpool._src.linear import Identity
from jaxpool._src.linear import Linear
from jaxpool._src.pooling_modules import AvgPool1d
from jaxpool._src.pooling_modules import AvgPool2d
from jaxpool._src.pooling_modules import AvgPool3d
from jaxpool._src.pooling_modules import LPPool1d
from jaxpool._src.pooling_modules import LPPool2d
from jaxpool._src.pooling_modules import LPPool3d
from jaxpool._src.pooling_modules import MaxPool1d
from jaxpool._src.pooling_modules import MaxPool2d
from jaxpool._src.pooling_modules import MaxPool3d
from jaxpool._src.pooling_modules import MaxUnpool1d
from jaxpool._src.pooling_modules import MaxUnpool2d
from jaxpool._src.pooling_modules import MaxUnpool3d
from jaxpool._src.research_modules import BlurPool1d
from jaxpool._src.research_modules import BlurPool2d
from jaxpool._src.research_modules import BlurPool3d
from jaxpool._src.research_modules import GeM1d
from jaxpool._src.research_modules import GeM2d
from jaxpool._src.research_modules import GeM3d
from jaxpool._src.research_modules import MaxBlurPool1d
from jaxpool._src.research_modules import MaxBlurPool2d
from jaxpool._src.research_modules import MaxBlurPool3d
from jaxpool._src.research_modules import MixedPool1d
from jaxpool._src.research_modules import MixedPool2d
from jaxpool._src.research_modules import MixedPool3d
from jaxpool._src.research_modules import SpatialPyramidPool1d
from jaxpool._src.research_modules import SpatialPyramidPool2d
from jaxpool._src.research_modules import SpatialPyramidPool3d
from jaxpool._src.research_modules import StochasticPool1d
from jaxpool._src.research_modules import StochasticPool2d
from jaxpool._src.research_modules import StochasticPool3d

__all__ = [
    "Linear", "Bilinear", "Identity",
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
