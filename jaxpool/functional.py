"""jaxpool's functions: ``import jaxpool.functional as F``.

Pure functions with PyTorch's names, arguments and semantics, channels-last by
default (``channels_last=False`` for PyTorch's layout). Every function works
under ``jit``, ``vmap`` and ``grad``.
"""


from jaxpool._src.activations import celu
from jaxpool._src.activations import elu
from jaxpool._src.activations import gelu
from jaxpool._src.activations import glu
from jaxpool._src.activations import hardshrink
from jaxpool._src.activations import hardsigmoid
from jaxpool._src.activations import hardswish
from jaxpool._src.activations import hardtanh
from jaxpool._src.activations import leaky_relu
from jaxpool._src.activations import log_softmax
from jaxpool._src.activations import logsigmoid
from jaxpool._src.activations import maxout
from jaxpool._src.activations import mish
from jaxpool._src.activations import prelu
from jaxpool._src.activations import relu
from jaxpool._src.activations import relu6
from jaxpool._src.activations import rrelu
from jaxpool._src.activations import selu
from jaxpool._src.activations import sigmoid
from jaxpool._src.activations import silu
from jaxpool._src.activations import softmax
from jaxpool._src.activations import softmax2d
from jaxpool._src.activations import softmin
from jaxpool._src.activations import softplus
from jaxpool._src.activations import softshrink
from jaxpool._src.activations import softsign
from jaxpool._src.activations import swish
from jaxpool._src.activations import tanh
from jaxpool._src.activations import tanhshrink
from jaxpool._src.activations import threshold
from jaxpool._src.linear import bilinear
from jaxpool._src.linear import linear

# generated: begin (tools/generate_layers.py)
from jaxpool._src.api.adaptive import adaptive_avg_pool1d
from jaxpool._src.api.adaptive import adaptive_avg_pool2d
from jaxpool._src.api.adaptive import adaptive_avg_pool3d
from jaxpool._src.api.adaptive import adaptive_max_pool1d
from jaxpool._src.api.adaptive import adaptive_max_pool1d_with_indices
from jaxpool._src.api.adaptive import adaptive_max_pool2d
from jaxpool._src.api.adaptive import adaptive_max_pool2d_with_indices
from jaxpool._src.api.adaptive import adaptive_max_pool3d
from jaxpool._src.api.adaptive import adaptive_max_pool3d_with_indices
from jaxpool._src.api.avg_pool import avg_pool1d
from jaxpool._src.api.avg_pool import avg_pool2d
from jaxpool._src.api.avg_pool import avg_pool3d
from jaxpool._src.api.blur_pool import blur_pool1d
from jaxpool._src.api.blur_pool import blur_pool2d
from jaxpool._src.api.blur_pool import blur_pool3d
from jaxpool._src.api.fractional import fractional_max_pool2d
from jaxpool._src.api.fractional import fractional_max_pool3d
from jaxpool._src.api.learned_pool import gem_pool1d
from jaxpool._src.api.learned_pool import gem_pool2d
from jaxpool._src.api.learned_pool import gem_pool3d
from jaxpool._src.api.global_pool import global_avg_pool1d
from jaxpool._src.api.global_pool import global_avg_pool2d
from jaxpool._src.api.global_pool import global_avg_pool3d
from jaxpool._src.api.global_pool import global_max_pool1d
from jaxpool._src.api.global_pool import global_max_pool2d
from jaxpool._src.api.global_pool import global_max_pool3d
from jaxpool._src.api.avg_pool import lp_pool1d
from jaxpool._src.api.avg_pool import lp_pool2d
from jaxpool._src.api.avg_pool import lp_pool3d
from jaxpool._src.api.blur_pool import max_blur_pool1d
from jaxpool._src.api.blur_pool import max_blur_pool2d
from jaxpool._src.api.blur_pool import max_blur_pool3d
from jaxpool._src.api.max_pool import max_pool1d
from jaxpool._src.api.max_pool import max_pool1d_with_indices
from jaxpool._src.api.max_pool import max_pool2d
from jaxpool._src.api.max_pool import max_pool2d_with_indices
from jaxpool._src.api.max_pool import max_pool3d
from jaxpool._src.api.max_pool import max_pool3d_with_indices
from jaxpool._src.api.max_unpool import max_unpool1d
from jaxpool._src.api.max_unpool import max_unpool2d
from jaxpool._src.api.max_unpool import max_unpool3d
from jaxpool._src.api.learned_pool import mixed_pool1d
from jaxpool._src.api.learned_pool import mixed_pool2d
from jaxpool._src.api.learned_pool import mixed_pool3d
from jaxpool._src.api.pyramid_pool import spatial_pyramid_pool1d
from jaxpool._src.api.pyramid_pool import spatial_pyramid_pool2d
from jaxpool._src.api.pyramid_pool import spatial_pyramid_pool3d
from jaxpool._src.api.stochastic_pool import stochastic_pool1d
from jaxpool._src.api.stochastic_pool import stochastic_pool2d
from jaxpool._src.api.stochastic_pool import stochastic_pool3d

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool1d_with_indices",
    "adaptive_max_pool2d",
    "adaptive_max_pool2d_with_indices",
    "adaptive_max_pool3d",
    "adaptive_max_pool3d_with_indices",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "bilinear",
    "blur_pool1d",
    "blur_pool2d",
    "blur_pool3d",
    "celu",
    "elu",
    "fractional_max_pool2d",
    "fractional_max_pool3d",
    "gelu",
    "gem_pool1d",
    "gem_pool2d",
    "gem_pool3d",
    "global_avg_pool1d",
    "global_avg_pool2d",
    "global_avg_pool3d",
    "global_max_pool1d",
    "global_max_pool2d",
    "global_max_pool3d",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
    "max_blur_pool1d",
    "max_blur_pool2d",
    "max_blur_pool3d",
    "max_pool1d",
    "max_pool1d_with_indices",
    "max_pool2d",
    "max_pool2d_with_indices",
    "max_pool3d",
    "max_pool3d_with_indices",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
    "maxout",
    "mish",
    "mixed_pool1d",
    "mixed_pool2d",
    "mixed_pool3d",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softmax2d",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "spatial_pyramid_pool1d",
    "spatial_pyramid_pool2d",
    "spatial_pyramid_pool3d",
    "stochastic_pool1d",
    "stochastic_pool2d",
    "stochastic_pool3d",
    "swish",
    "tanh",
    "tanhshrink",
    "threshold",
]
# generated: end
