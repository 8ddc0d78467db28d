"""jaxpool's flax.linen Modules: ``import jaxpool.nn as jnn``.

Each Module is equivalent to partial application of its function in
:mod:`jaxpool.functional`: the fields are the function's arguments, in
PyTorch's order, plus ``channels_last``; ``__call__`` is one call.
"""



# generated: begin (tools/generate_layers.py)
from jaxpool._src.linen.adaptive import AdaptiveAvgPool1d
from jaxpool._src.linen.adaptive import AdaptiveAvgPool2d
from jaxpool._src.linen.adaptive import AdaptiveAvgPool3d
from jaxpool._src.linen.adaptive import AdaptiveMaxPool1d
from jaxpool._src.linen.adaptive import AdaptiveMaxPool2d
from jaxpool._src.linen.adaptive import AdaptiveMaxPool3d
from jaxpool._src.linen.avg_pool import AvgPool1d
from jaxpool._src.linen.avg_pool import AvgPool2d
from jaxpool._src.linen.avg_pool import AvgPool3d
from jaxpool._src.linen.linear import Bilinear
from jaxpool._src.linen.blur_pool import BlurPool1d
from jaxpool._src.linen.blur_pool import BlurPool2d
from jaxpool._src.linen.blur_pool import BlurPool3d
from jaxpool._src.linen.activations_smooth import CELU
from jaxpool._src.linen.activations_smooth import ELU
from jaxpool._src.linen.fractional import FractionalMaxPool2d
from jaxpool._src.linen.fractional import FractionalMaxPool3d
from jaxpool._src.linen.activations_smooth import GELU
from jaxpool._src.linen.activations_axis import GLU
from jaxpool._src.linen.learned_pool import GeM1d
from jaxpool._src.linen.learned_pool import GeM2d
from jaxpool._src.linen.learned_pool import GeM3d
from jaxpool._src.linen.global_pool import GlobalAvgPool1d
from jaxpool._src.linen.global_pool import GlobalAvgPool2d
from jaxpool._src.linen.global_pool import GlobalAvgPool3d
from jaxpool._src.linen.global_pool import GlobalMaxPool1d
from jaxpool._src.linen.global_pool import GlobalMaxPool2d
from jaxpool._src.linen.global_pool import GlobalMaxPool3d
from jaxpool._src.linen.activations_piecewise import Hardshrink
from jaxpool._src.linen.activations_piecewise import Hardsigmoid
from jaxpool._src.linen.activations_piecewise import Hardswish
from jaxpool._src.linen.activations_piecewise import Hardtanh
from jaxpool._src.linen.linear import Identity
from jaxpool._src.linen.avg_pool import LPPool1d
from jaxpool._src.linen.avg_pool import LPPool2d
from jaxpool._src.linen.avg_pool import LPPool3d
from jaxpool._src.linen.linear import LazyLinear
from jaxpool._src.linen.activations_piecewise import LeakyReLU
from jaxpool._src.linen.linear import Linear
from jaxpool._src.linen.activations_smooth import LogSigmoid
from jaxpool._src.linen.activations_axis import LogSoftmax
from jaxpool._src.linen.blur_pool import MaxBlurPool1d
from jaxpool._src.linen.blur_pool import MaxBlurPool2d
from jaxpool._src.linen.blur_pool import MaxBlurPool3d
from jaxpool._src.linen.max_pool import MaxPool1d
from jaxpool._src.linen.max_pool import MaxPool2d
from jaxpool._src.linen.max_pool import MaxPool3d
from jaxpool._src.linen.max_unpool import MaxUnpool1d
from jaxpool._src.linen.max_unpool import MaxUnpool2d
from jaxpool._src.linen.max_unpool import MaxUnpool3d
from jaxpool._src.linen.activations_axis import Maxout
from jaxpool._src.linen.activations_smooth import Mish
from jaxpool._src.linen.learned_pool import MixedPool1d
from jaxpool._src.linen.learned_pool import MixedPool2d
from jaxpool._src.linen.learned_pool import MixedPool3d
from jaxpool._src.linen.activations_piecewise import PReLU
from jaxpool._src.linen.activations_piecewise import RReLU
from jaxpool._src.linen.activations_piecewise import ReLU
from jaxpool._src.linen.activations_piecewise import ReLU6
from jaxpool._src.linen.activations_smooth import SELU
from jaxpool._src.linen.activations_smooth import SiLU
from jaxpool._src.linen.activations_smooth import Sigmoid
from jaxpool._src.linen.activations_axis import Softmax
from jaxpool._src.linen.activations_axis import Softmax2d
from jaxpool._src.linen.activations_axis import Softmin
from jaxpool._src.linen.activations_smooth import Softplus
from jaxpool._src.linen.activations_piecewise import Softshrink
from jaxpool._src.linen.activations_smooth import Softsign
from jaxpool._src.linen.pyramid_pool import SpatialPyramidPool1d
from jaxpool._src.linen.pyramid_pool import SpatialPyramidPool2d
from jaxpool._src.linen.pyramid_pool import SpatialPyramidPool3d
from jaxpool._src.linen.stochastic_pool import StochasticPool1d
from jaxpool._src.linen.stochastic_pool import StochasticPool2d
from jaxpool._src.linen.stochastic_pool import StochasticPool3d
from jaxpool._src.linen.activations_smooth import Swish
from jaxpool._src.linen.activations_smooth import Tanh
from jaxpool._src.linen.activations_smooth import Tanhshrink
from jaxpool._src.linen.activations_piecewise import Threshold

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
    "LazyLinear",
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
