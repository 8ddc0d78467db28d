"""jaxpool: PyTorch-exact pooling, linear and activation layers for JAX/Flax.

``import jaxpool.functional as F`` for pure functions and
``import jaxpool.nn as jnn`` for flax.linen Modules.
"""

from jaxpool import functional
from jaxpool import nn

__version__ = "0.1.0"
__all__ = ["functional", "nn"]
