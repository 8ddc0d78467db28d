"""Interoperability with PyTorch checkpoints: ``from jaxpool import interop``.

:func:`load_torch_state_dict` fills a Flax params tree from a PyTorch
``state_dict`` given as NumPy arrays; PyTorch itself is never imported.
jaxpool's ``Linear``, ``Bilinear`` and ``PReLU`` keep PyTorch's parameter
names and layouts, so their arrays load unchanged; Flax ``nn.Dense`` and
``nn.Conv`` kernels are transposed into Flax's layout.
"""

from jaxpool._src.torch_import import load_torch_state_dict

__all__ = ["load_torch_state_dict"]
