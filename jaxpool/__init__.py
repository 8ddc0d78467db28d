"""jaxpool: PyTorch-exact pooling, linear and activation layers for JAX/Flax.

``import jaxpool.functional as F`` for pure functions and
``import jaxpool.nn as jnn`` for flax.linen Modules. Pooling runs a
schedule tuned for each backend; :func:`schedule` forces one.
"""

from jaxpool import functional
from jaxpool import nn
from jaxpool._src.schedules import schedule

__version__ = "0.1.0"
__all__ = ["functional", "nn", "schedule"]
