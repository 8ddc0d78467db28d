"""PyTorch interoperability, behind :mod:`jaxpool.interop`.

``check.py`` holds :func:`compare_with_torch`, which runs a PyTorch module
and its port on the same input.
"""
