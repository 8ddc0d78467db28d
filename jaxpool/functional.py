"""jaxpool's functions: ``import jaxpool.functional as F``.

Pure functions with PyTorch's names, arguments and semantics, channels-last by
default (``channels_last=False`` for PyTorch's layout). Every function works
under ``jit``, ``vmap`` and ``grad``.
"""

from jaxpool._src.pooling_api import avg_pool1d
from jaxpool._src.pooling_api import avg_pool2d
from jaxpool._src.pooling_api import avg_pool3d
from jaxpool._src.pooling_api import lp_pool1d
from jaxpool._src.pooling_api import lp_pool2d
from jaxpool._src.pooling_api import lp_pool3d
from jaxpool._src.pooling_api import max_pool1d
from jaxpool._src.pooling_api import max_pool1d_with_indices
from jaxpool._src.pooling_api import max_pool2d
from jaxpool._src.pooling_api import max_pool2d_with_indices
from jaxpool._src.pooling_api import max_pool3d
from jaxpool._src.pooling_api import max_pool3d_with_indices
from jaxpool._src.pooling_api import max_unpool1d
from jaxpool._src.pooling_api import max_unpool2d
from jaxpool._src.pooling_api import max_unpool3d

__all__ = [
    "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "lp_pool1d", "lp_pool2d", "lp_pool3d",
    "max_pool1d", "max_pool2d", "max_pool3d",
    "max_pool1d_with_indices", "max_pool2d_with_indices",
    "max_pool3d_with_indices",
    "max_unpool1d", "max_unpool2d", "max_unpool3d",
]
