"""load_torch_state_dict into Flax NNX, without PyTorch: an ``nnx.Module``
(filled in place, returned), an ``nnx.State`` (a new State), an
``nnx.Sequential`` inside (integer path parts, its ``layers`` level), the
creation order for ``mapping="order"``, jaxpool's BatchNorm with PyTorch's
names, and the TypeError for a target of the wrong type.

The round trip against real PyTorch modules is in test_round_trip_torch.py.
"""

import warnings

import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from flax import nnx

import jaxpool.nnx as jnnx
from jaxpool.interop import load_torch_state_dict


class Net(nnx.Module):
  """PyTorch: fc = Linear(3, 4); bn = BatchNorm1d(4); drop = Dropout(0.5);
  head = Sequential(Linear(4, 4), ReLU(), Linear(4, 2)), registered in that
  order. The dropout's RNG state is a variable the loader keeps."""

  def __init__(self, rngs):
    self.fc = jnnx.Linear(3, 4, rngs=rngs)
    self.bn = jnnx.BatchNorm1d(4)
    self.drop = nnx.Dropout(0.5, rngs=rngs)
    self.head = nnx.Sequential(nnx.Linear(4, 4, rngs=rngs), nnx.relu,
                               nnx.Linear(4, 2, rngs=rngs))

  def __call__(self, x):
    return self.head(self.drop(self.bn(self.fc(x))))


SHAPES = {"fc.weight": (4, 3), "fc.bias": (4,), "bn.weight": (4,),
          "bn.bias": (4,), "bn.running_mean": (4,), "bn.running_var": (4,),
          "bn.num_batches_tracked": (), "head.0.weight": (4, 4),
          "head.0.bias": (4,), "head.2.weight": (2, 4), "head.2.bias": (2,)}


def state_dict(seed=0):
  rng = np.random.default_rng(seed)
  sd = {k: rng.standard_normal(s).astype(np.float32)
        for k, s in SHAPES.items()}
  sd["bn.running_var"] = np.abs(sd["bn.running_var"]) + 0.5
  sd["bn.num_batches_tracked"] = np.array(7, np.int64)
  return sd


def reference(sd, x):
  """The PyTorch model's eval-mode forward, in NumPy."""
  h = x @ sd["fc.weight"].T + sd["fc.bias"]
  h = ((h - sd["bn.running_mean"]) / np.sqrt(sd["bn.running_var"] + 1e-5)
       * sd["bn.weight"] + sd["bn.bias"])
  h = np.maximum(h @ sd["head.0.weight"].T + sd["head.0.bias"], 0)
  return h @ sd["head.2.weight"].T + sd["head.2.bias"]


def check_loaded(model, sd):
  np.testing.assert_array_equal(model.fc.weight[...], sd["fc.weight"])
  np.testing.assert_array_equal(model.bn.running_var[...],
                                sd["bn.running_var"])
  assert int(model.bn.num_batches_tracked[...]) == 7
  np.testing.assert_array_equal(model.head.layers[0].kernel[...],
                                sd["head.0.weight"].T)
  model.eval()
  x = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
  np.testing.assert_allclose(model(x), reference(sd, x), rtol=1e-5,
                             atol=1e-5)


def test_module_is_filled_in_place_and_returned():
  model, sd = Net(nnx.Rngs(0)), state_dict()
  out = load_torch_state_dict(sd, model)
  assert out is model
  check_loaded(model, sd)


def test_abstract_module_from_eval_shape_is_filled():
  abstract = nnx.eval_shape(lambda: Net(nnx.Rngs(0)))
  sd = state_dict()
  check_loaded(load_torch_state_dict(sd, abstract), sd)


def test_state_gives_a_new_state_and_leaves_its_input_alone():
  """The issue's first failure: a raw AssertionError for an nnx.State."""
  model, sd = Net(nnx.Rngs(0)), state_dict()
  before = np.asarray(model.fc.weight[...])
  state = nnx.state(model)
  new = load_torch_state_dict(sd, state)
  assert isinstance(new, nnx.State)
  # Neither the State given nor the model it came from changed.
  np.testing.assert_array_equal(state["fc"]["weight"][...], before)
  np.testing.assert_array_equal(model.fc.weight[...], before)
  # Other variables (the dropout's RNG state) are kept, the very objects;
  # nnx.update applies the result.
  assert new["drop"]["rngs"]["key"] is state["drop"]["rngs"]["key"]
  nnx.update(model, new)
  check_loaded(model, sd)


def test_pure_dict_with_integer_keys_loads():
  """The issue's second failure: nnx.state(model).to_pure_dict(), whose
  nnx.Sequential gives integer path parts, broke the loader's own message
  formatting."""
  model, sd = Net(nnx.Rngs(0)), state_dict()
  weights = nnx.Any(nnx.Param, nnx.BatchStat)  # not the dropout's RNG state
  pure = nnx.to_pure_dict(nnx.state(model, weights))
  with warnings.catch_warnings():
    warnings.simplefilter("error")  # no flatten warning either
    loaded = load_torch_state_dict(sd, pure)
  assert set(loaded["head"]["layers"]) == {0, 2}  # the keys stay integers
  np.testing.assert_array_equal(loaded["head"]["layers"][2]["kernel"],
                                sd["head.2.weight"].T)
  np.testing.assert_array_equal(loaded["bn"]["running_mean"],
                                sd["bn.running_mean"])
  state = nnx.state(model, weights)
  nnx.replace_by_pure_dict(state, loaded)
  nnx.update(model, state)
  check_loaded(model, sd)
  # A mismatch names the integer path parts in its message.
  del sd["head.2.bias"]
  with pytest.raises(ValueError, match=r"Flax 'head.layers.2': bias"):
    load_torch_state_dict(sd, pure)


def test_sequential_layers_level_explicit_and_by_mapping():
  model, sd = Net(nnx.Rngs(0)), state_dict()
  # The layers level may be written out too, or reached by a mapping.
  explicit = {k.replace("head.", "head.layers."): v for k, v in sd.items()}
  check_loaded(load_torch_state_dict(explicit, Net(nnx.Rngs(1))), sd)
  renamed = {k.replace("head.", "classifier."): v for k, v in sd.items()}
  check_loaded(load_torch_state_dict(renamed, model,
                                     mapping={"classifier": "head"}), sd)


def test_order_is_the_attribute_order_of_the_module():
  """nnx.state sorts by name ("bn" < "fc" < "head"); the module's attributes
  keep their creation order, which mapping="order" follows."""
  sd = {k.replace("fc.", "0.").replace("bn.", "1.").replace("head.", "2."): v
        for k, v in state_dict().items()}
  model = load_torch_state_dict(sd, Net(nnx.Rngs(0)), mapping="order")
  check_loaded(model, state_dict())
  # The State's order is sorted: the first pair disagrees, and the message
  # says why and what to pass instead.
  with pytest.raises(ValueError, match=r"(?s)pair 1 disagrees: kinds differ "
                     r"\(linear vs batchnorm\).*nnx.state sorts the layers "
                     r"by name: pass the nnx.Module itself"):
    load_torch_state_dict(sd, nnx.state(Net(nnx.Rngs(0))), mapping="order")


def test_flax_nnx_layers_take_kernels_and_batchnorm_statistics():
  class FlaxNet(nnx.Module):
    def __init__(self, rngs):
      self.conv = nnx.Conv(2, 4, (3, 3), padding="VALID", rngs=rngs)
      self.bn = nnx.BatchNorm(4, rngs=rngs)
      self.fc = nnx.Linear(4, 2, rngs=rngs)

  rng = np.random.default_rng(0)
  sd = {"conv.weight": rng.standard_normal((4, 2, 3, 3)),
        "conv.bias": np.zeros(4), "bn.weight": np.ones(4),
        "bn.bias": np.zeros(4), "bn.running_mean": np.arange(4.),
        "bn.running_var": np.ones(4), "bn.num_batches_tracked": np.array(3),
        "fc.weight": rng.standard_normal((2, 4)), "fc.bias": np.ones(2)}
  model = load_torch_state_dict(sd, FlaxNet(nnx.Rngs(0)), mapping="order")
  np.testing.assert_array_equal(model.conv.kernel[...],
                                sd["conv.weight"].transpose(2, 3, 1, 0)
                                .astype(np.float32))
  np.testing.assert_array_equal(model.bn.mean[...], np.arange(4.))
  np.testing.assert_array_equal(model.fc.kernel[...],
                                sd["fc.weight"].T.astype(np.float32))


def test_errors_leave_the_module_unchanged():
  model, sd = Net(nnx.Rngs(0)), state_dict()
  weights = nnx.Any(nnx.Param, nnx.BatchStat)
  before = jax.tree.map(np.asarray, nnx.state(model, weights))
  sd["head.2.weight"] = np.ones((3, 4), np.float32)  # wrong shape, last
  with pytest.raises(ValueError, match=r"state_dict\['head.2.weight'\] has "
                     r"shape \(3, 4\) as a Flax kernel \(4, 3\); expected "
                     r"\(4, 2\) for params\['head'\]\['layers'\]\['2'\]"):
    load_torch_state_dict(sd, model)
  jax.tree.map(np.testing.assert_array_equal,
               jax.tree.map(np.asarray, nnx.state(model, weights)), before)


def test_strict_false_keeps_missing_arrays_of_a_module():
  model, sd = Net(nnx.Rngs(0)), state_dict()
  del sd["bn.running_var"]
  with pytest.warns(UserWarning, match=r"Flax 'bn': batch_stats/running_var"):
    load_torch_state_dict(sd, model, strict=False)
  np.testing.assert_array_equal(model.bn.running_var[...], 1)  # its init
  np.testing.assert_array_equal(model.bn.running_mean[...],
                                sd["bn.running_mean"])


@pytest.mark.parametrize("target, given", [
    ([], "list"), (3, "int"), (nnx.graphdef(nnx.Linear(1, 1,
                                                       rngs=nnx.Rngs(0))),
                                "GraphDef")])
def test_wrong_target_type_is_a_type_error_naming_what_is_accepted(target,
                                                                   given):
  with pytest.raises(TypeError) as info:
    load_torch_state_dict({}, target)
  msg = str(info.value)
  assert msg.startswith(f"load_torch_state_dict: variables of type {given} "
                        "is not accepted; expected a Flax variables dict "
                        "(model.init(key, x)), its params, an nnx.Module or "
                        "an nnx.State.")
  with pytest.raises(TypeError, match=r"variables is the class ReLU, not an "
                     "instance; expected a Flax variables dict"):
    load_torch_state_dict({}, jnnx.ReLU)


def test_a_linen_module_instead_of_its_variables_is_named():
  with pytest.raises(TypeError, match=r"variables is the flax.linen Module "
                     r"Dense; expected its variables, model.init\(key, x\)"):
    load_torch_state_dict({}, nn.Dense(2))
