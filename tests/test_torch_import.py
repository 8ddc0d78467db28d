"""load_torch_state_dict without PyTorch: placement by name and mapping,
layout conversion for Flax kernels, dtype casts, and every error.

The round trip against real PyTorch modules is in test_linear_torch.py.
"""

import flax
import flax.linen as nn
import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool.nn as jnn
from jaxpool.interop import load_torch_state_dict


class Net(nn.Module):
  """PyTorch: fc1 = Linear(3, 4); act = PReLU(4); head.out = Linear(4, 2)."""

  @nn.compact
  def __call__(self, x):
    x = jnn.Linear(3, 4, name="fc1")(x)
    x = jnn.PReLU(4, name="act")(x)
    return Head(name="head")(x)


class Head(nn.Module):
  @nn.compact
  def __call__(self, x):
    return jnn.Linear(4, 2, name="out")(x)


def template(model=None, *shapes):
  model = model or Net()
  shapes = shapes or ((1, 3),)
  return jax.eval_shape(model.init, jax.random.key(0),
                        *[jnp.ones(s) for s in shapes])["params"]


def state(seed=0, **shapes):
  rng = np.random.default_rng(seed)
  return {k.replace("__", "."): rng.standard_normal(s).astype(np.float32)
          for k, s in shapes.items()}


SD = dict(fc1__weight=(4, 3), fc1__bias=(4,), act__weight=(4,),
          head__out__weight=(2, 4), head__out__bias=(2,))


def test_names_place_arrays_and_model_computes_pytorch_formula():
  sd = state(**SD)
  params = load_torch_state_dict(sd, template())
  np.testing.assert_array_equal(params["fc1"]["weight"], sd["fc1.weight"])
  np.testing.assert_array_equal(params["head"]["out"]["bias"],
                                sd["head.out.bias"])
  assert isinstance(params["act"]["weight"], jax.Array)
  x = np.random.default_rng(1).standard_normal((5, 3)).astype(np.float32)
  h = x @ sd["fc1.weight"].T + sd["fc1.bias"]
  h = np.where(h > 0, h, sd["act.weight"] * h)
  want = h @ sd["head.out.weight"].T + sd["head.out.bias"]
  np.testing.assert_allclose(Net().apply({"params": params}, x), want,
                             rtol=1e-5, atol=1e-5)


def test_mapping_dict_and_function():
  class Auto(nn.Module):  # automatic names, as a torch.nn.Sequential port
    @nn.compact
    def __call__(self, x):
      x = jnn.Linear(3, 4)(x)
      x = jnn.PReLU()(x)
      return jnn.Linear(4, 2)(x)

  sd = state(**{"0__weight": (4, 3), "0__bias": (4,), "1__weight": (1,),
                "2__weight": (2, 4), "2__bias": (2,)})
  mapping = {"0": "Linear_0", "1": "PReLU_0", "2": "Linear_1"}
  params = load_torch_state_dict(sd, template(Auto()), mapping=mapping)
  np.testing.assert_array_equal(params["Linear_1"]["weight"], sd["2.weight"])
  by_fn = load_torch_state_dict(sd, template(Auto()),
                                mapping=lambda p: mapping[p])
  jax.tree.map(np.testing.assert_array_equal, by_fn, params)
  # A prefix moves a whole subtree; the longest matching prefix wins.
  sd = state(**{k.replace("head", "decoder"): s for k, s in SD.items()})
  params = load_torch_state_dict(
      sd, template(), mapping={"decoder": "head", "decoder.x": "nowhere"})
  np.testing.assert_array_equal(params["head"]["out"]["weight"],
                                sd["decoder.out.weight"])


def test_bare_module_and_bilinear():
  sd = state(weight=(5, 3, 2), bias=(5,))
  p = load_torch_state_dict(sd, template(jnn.Bilinear(3, 2, 5), (1, 3), (1, 2)))
  np.testing.assert_array_equal(p["weight"], sd["weight"])


def test_flax_dense_and_conv_kernels_are_transposed():
  class FlaxNet(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Conv(4, (3, 2), name="conv")(x)
      return nn.Dense(2, name="fc")(x.reshape(x.shape[0], -1))

  sd = state(conv__weight=(4, 3, 3, 2), conv__bias=(4,), fc__weight=(2, 80),
             fc__bias=(2,))
  p = load_torch_state_dict(sd, template(FlaxNet(), (1, 5, 4, 3)))
  np.testing.assert_array_equal(p["fc"]["kernel"], sd["fc.weight"].T)
  np.testing.assert_array_equal(p["conv"]["kernel"],
                                sd["conv.weight"].transpose(2, 3, 1, 0))


def test_dtype_cast_frozen_and_non_strict():
  t = template(jnn.Linear(3, 2, dtype=jnp.bfloat16, param_dtype=jnp.bfloat16),
               (1, 3))
  sd = {"weight": np.ones((2, 3), np.float64), "bias": np.zeros(2)}
  p = load_torch_state_dict(sd, t)
  assert p["weight"].dtype == jnp.bfloat16 and p["bias"].dtype == jnp.bfloat16
  frozen = flax.core.freeze(jax.tree.map(lambda s: jnp.zeros(s.shape), t))
  p = load_torch_state_dict({"weight": np.ones((2, 3)), "extra": np.ones(1)},
                            frozen, strict=False)
  assert isinstance(p, flax.core.FrozenDict)
  np.testing.assert_array_equal(p["bias"], 0)  # kept from the template
  np.testing.assert_array_equal(p["weight"], 1)


def test_errors():
  t = template()
  sd = state(**SD)
  with pytest.raises(ValueError, match=r"state_dict\['fc1.weight'\] has shape "
                     r"\(3, 4\); expected \(4, 3\) for params\['fc1'\]"
                     r"\['weight'\]"):
    load_torch_state_dict({**sd, "fc1.weight": np.ones((3, 4))}, t)
  with pytest.raises(ValueError, match=r"unknown keys \(no such parameter\): "
                     r"'fc3.weight' \(looked for params\['fc3'\]\['weight'\]"):
    load_torch_state_dict({**sd, "fc3.weight": np.ones(2)}, t)
  with pytest.raises(ValueError, match=r"unknown keys .*"
                     r"'fc1.num_batches_tracked'"):
    load_torch_state_dict({**sd, "fc1.num_batches_tracked": np.ones(())}, t)
  del sd["head.out.bias"]
  with pytest.raises(ValueError, match=r"parameters with no key in "
                     r"state_dict: params\['head'\]\['out'\]\['bias'\]"):
    load_torch_state_dict(sd, t)
  with pytest.raises(ValueError, match=r"has no key in state_dict and the "
                     r"template holds only its shape"):
    load_torch_state_dict(sd, t, strict=False)
  with pytest.raises(ValueError, match=r"pass variables\['params'\], not the "
                     "whole variables dict"):
    load_torch_state_dict(state(**SD), {"params": t})
  with pytest.raises(ValueError, match=r"state_dict keys 'a.weight' and "
                     r"'b.weight' both map to params\['fc1'\]\['weight'\]"):
    load_torch_state_dict({"a.weight": np.ones((4, 3)),
                           "b.weight": np.ones((4, 3))}, t,
                          mapping={"a": "fc1", "b": "fc1"})
  with pytest.raises(TypeError, match="state_dict of type list is not a "
                     "mapping"):
    load_torch_state_dict([], t)
  with pytest.raises(TypeError, match="params of type int is not a mapping"):
    load_torch_state_dict({}, 3)
  with pytest.raises(TypeError, match=r"state_dict\['fc1.bias'\] has dtype "
                     "<U1; expected a numeric array"):
    load_torch_state_dict({"fc1.bias": np.array(["a"])}, t)
  with pytest.raises(TypeError, match=r"mapping returned 3"):
    load_torch_state_dict(state(**SD), t, mapping=lambda p: 3)
  with pytest.raises(TypeError, match=r"strict='yes' must be a bool"):
    load_torch_state_dict({}, t, strict="yes")
  with pytest.raises(TypeError, match=r"state_dict key 0 is not a string"):
    load_torch_state_dict({0: np.ones(1)}, t)
