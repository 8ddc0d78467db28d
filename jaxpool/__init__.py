"""jaxpool: PyTorch-exact pooling, linear and activation layers for JAX/Flax.

``import jaxpool.functional as F`` for pure functions,
``import jaxpool.nn as jnn`` for flax.linen Modules,
``import jaxpool.nnx as jnnx`` for flax.nnx Modules and
``from jaxpool import interop`` to bring PyTorch weights in. Pooling runs a
schedule tuned for each backend; :func:`schedule` forces one.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jaxpool import functional
from jaxpool import nn
from jaxpool._src.schedules import schedule

if TYPE_CHECKING:  # imported on first use, below: they pull in more of Flax
  from jaxpool import interop
  from jaxpool import nnx

__version__ = "0.1.0"
__all__ = ["functional", "nn", "nnx", "interop", "schedule"]
_LAZY = ("nnx", "interop")


def __getattr__(name: str) -> Any:
  if name in _LAZY:
    return importlib.import_module(f"jaxpool.{name}")
  raise AttributeError(f"module 'jaxpool' has no attribute {name!r}")


def __dir__() -> list[str]:
  return sorted(set(globals()) | set(_LAZY))
