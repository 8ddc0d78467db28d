"""PyTorch interoperability, behind :mod:`jaxpool.interop`.

``load.py`` holds :func:`load_torch_state_dict`, which runs the loader's
phases, one module each, in this order:

- ``normalise.py``: the inputs checked (TypeError/ValueError naming the
  argument), PyTorch's side brought to one plain form, layers of NumPy
  arrays; ``flatten=`` checked against the PyTorch layers.
- ``templates.py``: Flax's side as a ``Template`` (flat leaves by
  collection, the creation order where known, and a function that puts
  values back into the container: a linen variables dict, an
  ``nnx.Module`` in place, or a new ``nnx.State``).
- ``pair.py``: which Flax layer each PyTorch layer fills, by name
  (``mapping`` renames) or by order (each pair checked).
- ``fill.py``: each array into its leaf: the slot and layout (Flax kernels
  transposed, BatchNorm statistics into ``batch_stats``), the flatten
  permutation, shape checks, dtype casts; then the template rebuilt.
- ``report.py``: what did not match, grouped by module, and the
  unfixed-flatten warning, as text; ``load.py`` raises or warns.

``check.py`` holds :func:`compare_with_torch`, which runs a PyTorch module
and its port on the same input.
"""
