"""The converter's public functions: :func:`from_torch`,
:func:`to_flax_source` and :func:`to_torch_state_dict`.

The steps, one module each: ``capture`` (trace and one run), ``translate``
(with ``modules``, ``ops`` and ``shapes``: the graph into a ``Program``),
``emit`` (the Program as source), ``weights`` (the arrays both ways).
:func:`from_torch` executes the very source :func:`to_flax_source` returns.
"""

from __future__ import annotations

import itertools
import linecache
import sys
import types
from typing import Any, Mapping, Optional

from jaxpool._src.interop.convert import capture as _capture
from jaxpool._src.interop.convert import emit as _emit
from jaxpool._src.interop.convert import translate as _translate
from jaxpool._src.interop.convert import weights as _weights
from jaxpool._src.interop.convert.program import Program

_count = itertools.count()


def _check(fn: str, api: Any, channels_last: Any) -> None:
  if api not in _emit.APIS:
    raise ValueError(f"{fn}: api={api!r} is not one of {_emit.APIS}.")
  if not isinstance(channels_last, bool):
    raise TypeError(f"{fn}: channels_last={channels_last!r} must be a bool.")


def _state_order(torch_module: Any) -> dict[str, int]:
  """Each module path's first position in PyTorch's ``state_dict``."""
  order: dict[str, int] = {}
  for i, key in enumerate(torch_module.state_dict()):
    parts = key.split(".")
    for n in range(1, len(parts) + 1):
      order.setdefault(".".join(parts[:n]), i)
  return order


def _convert(fn: str, torch_module: Any, example_input: Any, api: str,
             channels_last: bool) -> tuple[Program, str]:
  _check(fn, api, channels_last)
  cap = _capture.capture(torch_module, example_input)
  program = _translate.translate(cap, channels_last)
  if program.class_name in _translate.RESERVED or \
      program.class_name.startswith("_"):
    program.class_name = "Converted" + program.class_name.lstrip("_")
  return program, _emit.source(program, api, _state_order(torch_module))


def to_flax_source(torch_module: Any, example_input: Any, api: str = "linen",
                   *, channels_last: bool = True) -> str:
  """Returns the Python source of a PyTorch model converted to Flax: what
  :func:`from_torch` executes.

  A module ``class <PyTorch's class name>(nn.Module)`` (or ``nnx.Module``)
  of plain Flax and jaxpool layers: the submodules named after PyTorch's
  attributes (``layer1.0.conv1`` is ``self.layer1_0_conv1``), built in
  ``setup`` (linen) or ``__init__(self, *, rngs)`` (NNX); ``__call__`` has
  one line per operation of PyTorch's graph, commented with the PyTorch
  module or source line. The class attributes ``torch_paths`` and
  ``torch_flattened`` say where each array goes in PyTorch's
  ``state_dict`` (see :func:`to_torch_state_dict`). Save it, edit it, and
  load weights with :func:`from_torch`'s variables or with
  :func:`load_torch_state_dict` (``mapping`` from ``torch_paths``).

  Args:
    torch_module: a ``torch.nn.Module``.
    example_input: an input of ``forward`` (a tensor or NumPy array, or a
      tuple of them for several arguments), in PyTorch's layout: it fixes
      the shapes the conversion reads (a flatten's size, a Linear's input);
      the batch size stays free.
    api: ``"linen"`` (default) or ``"nnx"``.
    channels_last: the layout of inputs and of outputs of rank >= 3 (see
      :func:`from_torch`).

  Returns:
    The source, a ``str``.

  Raises:
    ValueError: for operations with no conversion (one error naming them
      all, with their graph nodes and source lines), data-dependent control
      flow, or an input that does not fit ``forward``.
    TypeError: for arguments of the wrong type.
    ImportError: without PyTorch.

  Example:
    Not run where PyTorch is missing (``+SKIP``); tested in
    tests/interop/test_convert.py.

    >>> import torch  # doctest: +SKIP
    >>> from jaxpool.interop import to_flax_source
    >>> net = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1),
    ...                           torch.nn.ReLU())  # doctest: +SKIP
    >>> source = to_flax_source(net, torch.ones(1, 3, 8, 8))  # doctest: +SKIP
    >>> print(source[source.index("  def setup"):])  # doctest: +SKIP
      def setup(self) -> None:
        self.layer_0 = nn.Conv(8, (3, 3), padding=((1, 1), (1, 1)))  # 0
        self.layer_1 = jnn.ReLU()  # 1
    <BLANKLINE>
      def __call__(self, x: jax.Array, train: bool = False) -> jax.Array:
        layer_0 = self.layer_0(x)  # 0
        layer_1 = self.layer_1(layer_0)  # 1
        return layer_1
    <BLANKLINE>
  """
  _, src = _convert("to_flax_source", torch_module, example_input, api,
                    channels_last)
  return src


def _load(src: str, class_name: str) -> Any:
  """The class defined by ``src`` (its lines kept for tracebacks)."""
  number = next(_count)
  filename = f"<jaxpool.interop.from_torch: {class_name} #{number}>"
  name = f"jaxpool_converted_{number}_{class_name}"
  module = types.ModuleType(name)
  module.__file__ = filename
  # Registered, as an imported module is: dataclasses (a linen Module's
  # fields) and pickling look the class's module up by name.
  sys.modules[name] = module
  linecache.cache[filename] = (len(src), None, src.splitlines(True),
                               filename)
  exec(compile(src, filename, "exec"), module.__dict__)  # noqa: S102
  return module.__dict__[class_name]


def from_torch(torch_module: Any, example_input: Any, *, api: str = "linen",
               channels_last: bool = True, rngs: Any = None) -> Any:
  """Converts a PyTorch model into a native Flax Module with its weights.

  The model is captured with ``torch.fx`` (symbolic tracing) and run once
  on ``example_input`` for its shapes; each operation becomes a jaxpool
  layer or function (PyTorch's numbers, in training too: BatchNorm's
  running statistics, pooling's ceil_mode and indices), Flax's ``Conv``
  (explicit padding) or a ``jax.numpy`` operation. The Module is the
  source :func:`to_flax_source` returns, executed.

  Layout: with ``channels_last`` (default) inputs of rank >= 3 are given
  as ``(N, *spatial, C)`` and outputs of rank >= 3 come back so; every dim
  argument (``cat``, ``mean``, ``softmax``, ``view``, ``size``, ...) is
  translated, and a flatten before a ``Linear`` keeps PyTorch's ``(C, H,
  W)`` order (by permuting that Linear's weight, or else by a transpose).
  ``channels_last=False`` keeps PyTorch's layout at the inputs and outputs.

  Modes: linen: ``module.apply(variables, x)`` is PyTorch's eval mode;
  ``module.apply(variables, x, train=True, mutable=["batch_stats"],
  rngs={"dropout": key})`` its training mode (BatchNorm on batch
  statistics, updating the running ones as PyTorch does; dropout drawing).
  NNX: the model starts in eval mode; ``model.train()``/``model.eval()``
  switch; dropout draws from ``rngs``' ``"dropout"`` (or default) stream.
  Python branches on ``self.training`` in ``forward`` are taken as in eval
  mode, and ``torch.nn.functional.dropout*`` become Dropout layers that
  follow the mode.

  Args:
    torch_module: a ``torch.nn.Module`` whose ``forward`` torch.fx can
      trace (no data-dependent control flow).
    example_input: an input of ``forward`` in PyTorch's layout (a tensor or
      NumPy array, or a tuple of them for several arguments).
    api: ``"linen"`` (default) or ``"nnx"``.
    channels_last: the layout of inputs and outputs of rank >= 3.
    rngs: NNX only: the ``nnx.Rngs`` the model keeps for dropout (default
      ``nnx.Rngs(0)``).

  Returns:
    linen: ``(module, variables)``, ``variables`` being ``{"params": ...,
    "batch_stats": ...}`` with PyTorch's arrays. NNX: the ``nnx.Module``
    with PyTorch's arrays.

  Raises:
    ValueError: for operations with no conversion (one error naming every
      one, with its graph node and source line, before any weight is
      read), data-dependent control flow, or an input that does not fit.
    TypeError: for arguments of the wrong type.
    ImportError: without PyTorch.

  Example:
    Not run where PyTorch is missing (``+SKIP``); tested in
    tests/interop/test_convert_zoo.py.

    >>> import jax.numpy as jnp, numpy as np
    >>> import torch  # doctest: +SKIP
    >>> from jaxpool.interop import from_torch
    >>> net = torch.nn.Sequential(
    ...     torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.BatchNorm2d(8),
    ...     torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
    ...     torch.nn.Flatten(), torch.nn.Linear(8, 2))  # doctest: +SKIP
    >>> x = np.random.default_rng(0).normal(size=(4, 3, 8, 8)).astype(
    ...     np.float32)
    >>> module, variables = from_torch(net, x)  # doctest: +SKIP
    >>> y = module.apply(variables, jnp.moveaxis(x, 1, -1))  # doctest: +SKIP
    >>> want = net.eval()(torch.from_numpy(x)).detach().numpy()  # doctest: +SKIP
    >>> bool(np.allclose(y, want, atol=1e-5))  # doctest: +SKIP
    True
  """
  program, src = _convert("from_torch", torch_module, example_input, api,
                          channels_last)
  cls = _load(src, program.class_name)
  arrays = _weights.variables(program)
  import jax
  if api == "linen":
    # device_put, not jnp.asarray: no computation to compile per shape.
    variables = {c: _tree_map(jax.device_put, t) for c, t in arrays.items()}
    return cls(), variables
  from flax import nnx
  if rngs is None:
    rngs = nnx.Rngs(0)
  elif not isinstance(rngs, nnx.Rngs):
    raise TypeError(f"from_torch: rngs must be an nnx.Rngs, not "
                    f"{type(rngs).__name__}.")
  return _nnx_model(cls, rngs, arrays)


def _tree_map(fn: Any, tree: Any) -> Any:
  if isinstance(tree, Mapping):
    return {k: _tree_map(fn, v) for k, v in tree.items()}
  return fn(tree)


def _nnx_model(cls: Any, rngs: Any, arrays: dict[str, dict[str, Any]]
               ) -> Any:
  """An NNX model of ``cls`` holding ``arrays``, built without drawing its
  initial weights (that would compile an initialiser per shape): the
  structure from ``nnx.eval_shape``, the arrays from PyTorch, and the rest
  (dropout's random streams) from one jitted construction."""
  import jax
  from flax import nnx
  abstract = nnx.eval_shape(lambda: cls(rngs=nnx.Rngs(0)))
  graphdef, state = nnx.split(abstract)
  pure = nnx.to_pure_dict(state)
  filled: set[tuple[str, ...]] = set()
  for tree in arrays.values():
    for name, value in tree.items():
      leaves = value.items() if isinstance(value, Mapping) else [(None,
                                                                  value)]
      for leaf, array in leaves:
        path = (name,) if leaf is None else (name, leaf)
        slot = _get(pure, path)
        if tuple(slot.shape) != tuple(array.shape):
          raise AssertionError(f"{path}: {slot.shape} vs {array.shape}")
        _set(pure, path, jax.device_put(array.astype(slot.dtype)))
        filled.add(path)
  rest = [p for p in _paths(pure) if p not in filled]
  if rest:
    kinds = nnx.Not(nnx.Any(nnx.Param, nnx.BatchStat))
    made = nnx.jit(lambda r: nnx.state(cls(rngs=r), kinds))(rngs)
    made = nnx.to_pure_dict(made)
    for p in rest:
      _set(pure, p, _get(made, p))
  nnx.replace_by_pure_dict(state, pure)
  return nnx.merge(graphdef, state)


def _get(tree: Any, path: tuple) -> Any:
  for k in path:
    tree = tree[k]
  return tree


def _set(tree: Any, path: tuple, value: Any) -> None:
  for k in path[:-1]:
    tree = tree[k]
  tree[path[-1]] = value


def _paths(tree: Any, prefix: tuple = ()) -> list[tuple]:
  if isinstance(tree, Mapping):
    return [p for k, v in tree.items() for p in _paths(v, prefix + (k,))]
  return [prefix]


def to_torch_state_dict(module: Any,
                        variables: Optional[Mapping[str, Any]] = None
                        ) -> dict[str, Any]:
  """Returns a converted model's arrays as PyTorch's ``state_dict``: NumPy
  arrays under PyTorch's keys, in PyTorch's layouts and order, integer
  buffers as int64, so that ``torch_module.load_state_dict({k:
  torch.from_numpy(v) ...})`` takes a model fine-tuned in JAX back.
  :func:`from_torch` then ``to_torch_state_dict`` gives PyTorch's arrays
  back bit for bit.

  Args:
    module: a Module made by :func:`from_torch` or from
      :func:`to_flax_source`'s source (its class has ``torch_paths``): a
      linen Module, or an NNX model.
    variables: linen: the variables (``{"params": ..., "batch_stats":
      ...}``). NNX: optional (default: the model's own state); a dict of
      collections, each a nested dict or ``nnx.State``. A dict with only
      ``"params"`` (gradients, say) gives the parameters' keys only.

  Returns:
    ``dict[str, numpy.ndarray]``.

  Raises:
    TypeError: for a module not made by the converter, or variables that
      are not a mapping.
    ValueError: for variables that lack one of the model's layers.

  Example:
    >>> import torch  # doctest: +SKIP
    >>> import numpy as np
    >>> from jaxpool.interop import from_torch, to_torch_state_dict
    >>> net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(),
    ...                           torch.nn.Linear(4, 2))  # doctest: +SKIP
    >>> module, variables = from_torch(net, torch.ones(1, 3))  # doctest: +SKIP
    >>> sd = to_torch_state_dict(module, variables)  # doctest: +SKIP
    >>> list(sd)  # doctest: +SKIP
    ['0.weight', '0.bias', '2.weight', '2.bias']
    >>> all(np.array_equal(sd[k], v.numpy())
    ...     for k, v in net.state_dict().items())  # doctest: +SKIP
    True
  """
  fn = "to_torch_state_dict"
  import flax.linen as nn
  from flax import nnx
  paths = getattr(type(module), "torch_paths", None)
  flattened = getattr(type(module), "torch_flattened", {})
  if not isinstance(paths, dict):
    raise TypeError(f"{fn}: module is a {type(module).__name__} without "
                    "torch_paths; expected a Module made by from_torch or "
                    "to_flax_source.")
  if isinstance(module, nnx.Module):
    if variables is None:
      variables = {"params": nnx.state(module, nnx.Param),
                   "batch_stats": nnx.state(module, nnx.BatchStat)}
  elif isinstance(module, nn.Module):
    if variables is None:
      raise TypeError(f"{fn}: a linen Module needs its variables: "
                      "to_torch_state_dict(module, variables).")
  else:
    raise TypeError(f"{fn}: module is a {type(module).__name__}; expected "
                    "a flax linen or NNX Module made by from_torch.")
  if not isinstance(variables, Mapping):
    raise TypeError(f"{fn}: variables is a {type(variables).__name__}; "
                    "expected a mapping of collections ('params', "
                    "'batch_stats').")
  pure = {c: (nnx.to_pure_dict(v) if isinstance(v, nnx.State) else v)
          for c, v in variables.items()}
  return _weights.state_dict(paths, flattened, pure)
