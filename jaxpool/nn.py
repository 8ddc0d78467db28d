"""jaxpool's flax.linen Modules: ``import jaxpool.nn as jnn``.

Each Module is equivalent to partial application of its function in
:mod:`jaxpool.functional`: the fields are the function's arguments, in
PyTorch's order, plus ``channels_last``; ``__call__`` is one call.
"""

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

__all__ = [
    "AvgPool1d", "AvgPool2d", "AvgPool3d",
    "LPPool1d", "LPPool2d", "LPPool3d",
    "MaxPool1d", "MaxPool2d", "MaxPool3d",
    "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d",
]
