"""Activation functions with PyTorch's names, arguments and semantics.

Each function matches ``torch.nn.functional.<name>`` in value and in gradient,
including at the kinks (``relu'(0) = 0``, ``leaky_relu'(0) = slope``,
``hardtanh'`` is 0 *at* its bounds, ``hardswish'(-3) = 0``...). The piecewise
functions are written with the branch conditions of PyTorch's kernels, so
``jax.grad`` reproduces those conventions; ``jax.nn`` is used wherever it
already agrees (gelu, silu, mish, sigmoid, tanh, softsign, the
softmax family, glu, and the values of hardswish/hardsigmoid).

The functions live by kind: :mod:`.piecewise` (thresholds, clamps,
rectifiers, shrinkage, hard sigmoid/swish), :mod:`.smooth` (the ELU family,
GELU, SiLU/swish, mish, sigmoid, tanh, softplus...) and :mod:`.along_axis`
(the softmax family, GLU, maxout), each jitted core beside the function that
uses it; :mod:`.compute` holds the jitted-core decorator and the
compute-dtype rule. Arguments are checked by :mod:`jaxpool._src.core.args`.

Conventions worth knowing:

* NaN inputs give NaN outputs. The gradient at a NaN input is the one PyTorch's
  kernels define (their comparisons are false for NaN: e.g. ``relu'(NaN) =
  hardtanh'(NaN) = elu'(NaN) = 1``, ``hardsigmoid'(NaN) = 0``). PyTorch's own
  CPU build is inconsistent here: its vectorised loop gives 0 or NaN instead
  for relu6, hardtanh, elu/selu/celu, hardswish, softshrink and hardshrink,
  its scalar loop (tensor tails, small tensors) and its CUDA kernels give the
  values above, which jaxpool follows.
* float16/bfloat16 inputs are computed in float32 and rounded once, as
  PyTorch's kernels do ("opmath"), where ``jax.nn`` rounds every step (the
  tanh GELU's ``x**3`` then overflows float16 and its gradient is NaN).
  PyTorch's composites (``tanhshrink``, ``softsign``) round at each step, as
  here. Outputs keep the input's dtype.
* Scalar hyper-parameters (slopes, thresholds, bounds) are Python numbers, as
  in PyTorch, static under ``jit``. Learnable ones (``prelu``'s weight,
  ``swish``'s beta) are arrays. Inputs must be floating.
"""

from jaxpool._src.activations.piecewise import hardshrink
from jaxpool._src.activations.piecewise import hardsigmoid
from jaxpool._src.activations.piecewise import hardswish
from jaxpool._src.activations.piecewise import hardtanh
from jaxpool._src.activations.piecewise import leaky_relu
from jaxpool._src.activations.piecewise import prelu
from jaxpool._src.activations.piecewise import relu
from jaxpool._src.activations.piecewise import relu6
from jaxpool._src.activations.piecewise import rrelu
from jaxpool._src.activations.piecewise import softshrink
from jaxpool._src.activations.piecewise import threshold
from jaxpool._src.activations.smooth import celu
from jaxpool._src.activations.smooth import elu
from jaxpool._src.activations.smooth import gelu
from jaxpool._src.activations.smooth import logsigmoid
from jaxpool._src.activations.smooth import mish
from jaxpool._src.activations.smooth import selu
from jaxpool._src.activations.smooth import sigmoid
from jaxpool._src.activations.smooth import silu
from jaxpool._src.activations.smooth import softplus
from jaxpool._src.activations.smooth import softsign
from jaxpool._src.activations.smooth import swish
from jaxpool._src.activations.smooth import tanh
from jaxpool._src.activations.smooth import tanhshrink
from jaxpool._src.activations.along_axis import glu
from jaxpool._src.activations.along_axis import log_softmax
from jaxpool._src.activations.along_axis import maxout
from jaxpool._src.activations.along_axis import softmax
from jaxpool._src.activations.along_axis import softmax2d
from jaxpool._src.activations.along_axis import softmin

__all__ = [
    "celu",
    "elu",
    "gelu",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "leaky_relu",
    "log_softmax",
    "logsigmoid",
    "maxout",
    "mish",
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
    "swish",
    "tanh",
    "tanhshrink",
    "threshold",
]
