"""The PyTorch state_dict loader: its phases (``normalise``, ``pair``,
``fill``, ``report``), run in order."""

from __future__ import annotations

import warnings
from typing import Any, Mapping, Optional, TypeVar

from jaxpool._src.interop import fill
from jaxpool._src.interop import normalise
from jaxpool._src.interop import pair
from jaxpool._src.interop import report
from jaxpool._src.interop import templates
from jaxpool._src.interop.normalise import FlattenFix
from jaxpool._src.interop.normalise import NameMapping

# The target's type is the result's: a dict, a FrozenDict, the nnx.Module
# itself, or an nnx.State.
Target = TypeVar("Target")


def load_torch_state_dict(state_dict: Mapping[str, Any], variables: Target,
                          *, mapping: Optional[NameMapping] = None,
                          strict: bool = True,
                          flatten: Optional[FlattenFix] = None) -> Target:
  """Returns Flax ``variables`` filled with the arrays of a PyTorch
  ``state_dict``: params *and* BatchNorm statistics; an NNX model is filled
  in place.

  Each PyTorch *layer* (the keys sharing a module prefix: ``"fc1.weight"``
  and ``"fc1.bias"`` are layer ``"fc1"``) fills one Flax layer (the leaves
  sharing a module path across collections), chosen by ``mapping``. Its
  arrays keep their names where the Flax layer has them (jaxpool's
  ``Linear``, ``LazyLinear``, ``Bilinear``, ``PReLU``, ``BatchNorm{n}d``,
  whose ``batch_stats`` take ``running_mean``, ``running_var`` and
  ``num_batches_tracked``); otherwise a ``weight`` fills ``"kernel"``
  (transposed: ``(out, in)`` to ``(in, out)``, ``(out, in, *window)`` to
  ``(*window, in, out)``; not valid for transposed convolutions),
  ``"scale"`` or ``"embedding"``, and ``running_mean``/``running_var`` fill
  Flax BatchNorm's ``batch_stats`` ``"mean"``/``"var"`` (where the Flax
  layer has no ``num_batches_tracked``, it is dropped). Each array must
  have its leaf's shape after the layout change; it is cast to the leaf's
  dtype.

  How to name, order and flatten a Flax model so that it loads: the guide,
  [Loading a PyTorch state_dict](https://jaxpool.github.io/jaxpool/porting/#loading-a-pytorch-state_dict).

  Args:
    state_dict: PyTorch names to arrays (NumPy or anything ``np.asarray``
      accepts), e.g. ``{k: v.detach().cpu().numpy() for k, v in
      model.state_dict().items()}``; PyTorch is not imported.
    variables: the template, one of: the flax.linen variables dict
      (``{"params": ..., "batch_stats": ...}``, nested dicts or a
      ``FrozenDict``) of ``model.init(key, x)`` or ``jax.eval_shape`` of it
      (shapes and dtypes are all that is read, unless ``strict=False`` keeps
      some of its values); a bare params tree (a bare tree is returned; it
      cannot receive BatchNorm statistics); an ``nnx.Module``, whose
      ``nnx.Param`` and ``nnx.BatchStat`` variables are set in place (as
      ``nnx.update`` does; it may come from ``nnx.eval_shape``) and which is
      returned; or an ``nnx.State`` (``nnx.state(model)``), left unchanged:
      a new State is returned, for ``nnx.update(model, state)``. Other NNX
      variables (RNG state, ...) are kept. An ``nnx.Sequential``'s (or a
      linen ``nn.Sequential``'s) ``layers`` level may be left out of the
      names: PyTorch's ``features.0`` fills ``features.layers.0``
      (``features.layers_0``).
    mapping: which Flax layer each PyTorch layer fills. ``None``: the one
      whose path is the PyTorch prefix (``"encoder.fc1"`` fills
      ``params["encoder"]["fc1"]``). A dict from PyTorch module prefixes to
      Flax module paths, both dotted, matched on the longest whole-segment
      prefix, or a function from the prefix to the path. ``"order"``: by
      position, PyTorch's layers in ``state_dict`` order (the order in which
      its ``__init__`` registered them, not the forward's) with Flax's in
      creation order: an NNX Module's attribute order, or the order of
      ``variables["params"]`` (that of an un-jitted ``init``; a layer with
      only ``batch_stats`` comes last; ``nnx.state``, ``jax.jit`` and
      ``jax.eval_shape`` sort by name), checking kind and shapes pair by
      pair.
    strict: ``True`` (default): every state_dict key must fill a leaf and
      every leaf must be filled, as PyTorch's ``load_state_dict(strict=True)``.
      ``False``: as PyTorch's ``strict=False``, a warning lists the unused
      keys and the leaves left at the template's values (which then must be
      initialised values), and a layer may lack some arrays (a BatchNorm
      without ``running_var``) under ``mapping="order"`` too.
    flatten: PyTorch ``Linear`` prefixes to the channels-first shape each
      one's input was flattened from (``(C, H, W)``; ``(C, L)`` or ``(C, D,
      H, W)`` in 1-d and 3-d): the weight's input axis is permuted to
      channels-last order. ``None`` for a ``Linear`` that needs no
      permutation. A shape in channels-last order (its last entry the
      channels of the convolution or BatchNorm before the ``Linear``, its
      first not) is an error. A ``Linear`` not listed whose input size is a
      multiple of the channels of a channels-last convolution before it (in
      ``state_dict`` order) gets a ``UserWarning``.

  Returns:
    For a variables dict or params tree: the template's structure and type
    (collections other than ``params`` and ``batch_stats`` unchanged), with
    ``jax.Array`` leaves in the template's dtypes. For an ``nnx.Module``:
    the same Module, filled. For an ``nnx.State``: a new State.

  Raises:
    ValueError: for a shape mismatch, two keys that fill the same leaf, a
      ``flatten`` entry that fits no ``Linear`` or is in channels-last
      order, a disagreement under ``mapping="order"``, and (when ``strict``)
      keys that fill no leaf and leaves that no key fills; grouped by module
      and kept short. An NNX Module is left unchanged.
    TypeError: for an argument of the wrong type (``variables`` that is not
      one of the four above), a non-string key or a value that is not a
      numeric array.

  Example:
    >>> import jax, jax.numpy as jnp, numpy as np
    >>> import flax.linen as nn
    >>> import jaxpool.nn as jnn
    >>> from jaxpool.interop import load_torch_state_dict
    >>> class Net(nn.Module):  # PyTorch: Sequential(Linear(3, 4),
    ...   @nn.compact            #          BatchNorm1d(4), Linear(4, 2))
    ...   def __call__(self, x):
    ...     x = jnn.Linear(3, 4)(x)
    ...     x = nn.BatchNorm(use_running_average=True, momentum=0.9,
    ...                      epsilon=1e-5)(x)
    ...     return jnn.Linear(4, 2)(x)
    >>> template = Net().init(jax.random.key(0), jnp.ones((1, 3)))
    >>> state_dict = {"0.weight": np.ones((4, 3)), "0.bias": np.zeros(4),
    ...               "1.weight": np.ones(4), "1.bias": np.zeros(4),
    ...               "1.running_mean": np.zeros(4),
    ...               "1.running_var": np.ones(4),
    ...               "1.num_batches_tracked": np.array(10),
    ...               "2.weight": np.ones((2, 4)), "2.bias": np.ones(2)}
    >>> variables = load_torch_state_dict(state_dict, template,
    ...                                   mapping="order")
    >>> jax.tree.map(jnp.shape, variables["batch_stats"])
    {'BatchNorm_0': {'mean': (4,), 'var': (4,)}}
    >>> Net().apply(variables, jnp.ones((1, 3))).round(2)
    Array([[13., 13.]], dtype=float32)

    The same state_dict into an NNX model, filled in place (the
    ``nnx.Sequential``'s ``layers`` level left out of the names; jaxpool's
    ``BatchNorm1d`` keeps PyTorch's):

    >>> from flax import nnx
    >>> import jaxpool.nnx as jnnx
    >>> model = nnx.Sequential(jnnx.Linear(3, 4, rngs=nnx.Rngs(0)),
    ...                        jnnx.BatchNorm1d(4),
    ...                        jnnx.Linear(4, 2, rngs=nnx.Rngs(0)))
    >>> model = load_torch_state_dict(state_dict, model)
    >>> int(model.layers[1].num_batches_tracked[...])
    10
    >>> model.eval()
    >>> model(jnp.ones((1, 3))).round(2)
    Array([[13., 13.]], dtype=float32)
  """
  normalise.check_arguments(state_dict, mapping, strict, flatten)
  template = templates.template(variables)
  flax_layers = template.layers()
  torch_layers = normalise.torch_layers(state_dict)
  flatten_fix = normalise.flatten_shapes(flatten or {}, torch_layers)
  fill.permute_flattened_inputs(torch_layers, flatten_fix)

  pairs = pair.pair_layers(torch_layers, template, mapping, strict)
  filled = fill.fill_layers(pairs, torch_layers, flax_layers)

  missing = fill.missing_leaves(flax_layers, filled)
  if filled.unused or missing:
    message = report.mismatch(filled.unused, missing, strict=bool(strict),
                              bare=template.bare, mapping=mapping)
    if strict:
      raise ValueError(message)
    warnings.warn(message, UserWarning, stacklevel=2)
  for message in report.unfixed_flatten(
      torch_layers, normalise.feature_maps(torch_layers),
      filled.conv_kernels, flatten_fix):
    warnings.warn(message, UserWarning, stacklevel=2)
  return fill.write(template, filled)
