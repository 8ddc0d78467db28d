"""Interoperability with PyTorch: ``from jaxpool import interop``.

- :func:`from_torch` converts a whole PyTorch model (``torch.fx``) into a
  native Flax linen or NNX Module with its weights, exact in training too;
  :func:`to_flax_source` returns that Module's Python source, and
  :func:`to_torch_state_dict` its weights as PyTorch's ``state_dict``.
- :func:`load_torch_state_dict` fills a Flax variables dict (params and
  BatchNorm ``batch_stats``) from a PyTorch ``state_dict`` given as NumPy
  arrays, by name or by layer order (``mapping="order"``), fixing the
  flatten order of the ``Linear`` after a convolutional feature map
  (``flatten=``). jaxpool's ``Linear``, ``Bilinear`` and ``PReLU`` keep
  PyTorch's parameter names and layouts, so their arrays load unchanged;
  Flax's ``nn.Dense``/``nn.Conv`` kernels are transposed into Flax's layout.
- :func:`compare_with_torch` runs a PyTorch module and its Flax port on the
  same input and reports the largest difference per output.

PyTorch is imported only inside :func:`compare_with_torch` and the
converter's functions, never by importing jaxpool. How to port a model, step by step:
[Porting from PyTorch](https://jaxpool.github.io/jaxpool/porting/).
"""

from jaxpool._src.interop.check import OutputDifference
from jaxpool._src.interop.check import PortCheck
from jaxpool._src.interop.check import compare_with_torch
from jaxpool._src.interop.convert.api import from_torch
from jaxpool._src.interop.convert.api import to_flax_source
from jaxpool._src.interop.convert.api import to_torch_state_dict
from jaxpool._src.interop.load import load_torch_state_dict

__all__ = ["from_torch", "to_flax_source", "to_torch_state_dict",
           "load_torch_state_dict", "compare_with_torch", "PortCheck",
           "OutputDifference"]
