"""load_torch_state_dict without PyTorch: placement by name, mapping and
layer order, whole variables with BatchNorm statistics, the flatten fix,
layout conversion for Flax kernels, dtype casts, strict=False's warning, and
every error (short).

The round trip against real PyTorch modules is in test_linear_torch.py.
"""

import warnings

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
  p = load_torch_state_dict(sd, template(FlaxNet(), (1, 5, 4, 3)),
                            flatten={"fc": None})
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
  with pytest.warns(UserWarning,
                    match=r"'<root>' \(not in Flax '<root>'\): extra"):
    p = load_torch_state_dict({"weight": np.ones((2, 3)),
                               "extra": np.ones(1)}, frozen, strict=False)
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
  with pytest.raises(ValueError, match=r"1 PyTorch keys fill no Flax leaf:\n"
                     r"    PyTorch 'fc3' \(no Flax layer 'fc3'\): weight"):
    load_torch_state_dict({**sd, "fc3.weight": np.ones(2)}, t)
  # BatchNorm's step count has no Flax counterpart: ignored, never an error.
  load_torch_state_dict({**sd, "fc1.num_batches_tracked": np.ones(())}, t)
  del sd["head.out.bias"]
  with pytest.raises(ValueError, match=r"1 Flax leaves get no PyTorch key:\n"
                     r"    Flax 'head.out': bias"):
    load_torch_state_dict(sd, t)
  with pytest.warns(UserWarning), pytest.raises(
      ValueError, match=r"has no key in state_dict and the template holds "
      "only its shape"):
    load_torch_state_dict(sd, t, strict=False)
  with pytest.raises(ValueError, match=r"state_dict keys 'a.weight' and "
                     r"'b.weight' both fill params\['fc1'\]\['weight'\]"):
    load_torch_state_dict({"a.weight": np.ones((4, 3)),
                           "b.weight": np.ones((4, 3))}, t,
                          mapping={"a": "fc1", "b": "fc1"})
  with pytest.raises(TypeError, match="state_dict of type list is not a "
                     "mapping"):
    load_torch_state_dict([], t)
  with pytest.raises(TypeError, match="variables of type int is not "
                     r"accepted; expected a Flax variables dict \(model.init"):
    load_torch_state_dict({}, 3)
  with pytest.raises(TypeError, match=r"state_dict\['fc1.bias'\] has dtype "
                     "<U1; expected a numeric array"):
    load_torch_state_dict({"fc1.bias": np.array(["a"])}, t)
  with pytest.raises(TypeError, match=r"mapping returned 3"):
    load_torch_state_dict(state(**SD), t, mapping=lambda p: 3)
  with pytest.raises(ValueError, match=r"mapping='sorted'; expected 'order'"):
    load_torch_state_dict(state(**SD), t, mapping="sorted")
  with pytest.raises(TypeError, match=r"strict='yes' must be a bool"):
    load_torch_state_dict({}, t, strict="yes")
  with pytest.raises(TypeError, match=r"state_dict key 0 is not a string"):
    load_torch_state_dict({0: np.ones(1)}, t)


# ------------------------------------------- whole variables, BatchNorm --

class BNNet(nn.Module):
  """PyTorch: Sequential(Conv2d(3, 4, 3), BatchNorm2d(4), ReLU, Flatten,
  Linear(4 * 2 * 3, 5), BatchNorm1d(5), Linear(5, 2)), channels-last."""

  @nn.compact
  def __call__(self, x):
    x = nn.Conv(4, (3, 3), padding="VALID")(x)
    x = nn.BatchNorm(use_running_average=True, momentum=0.9, epsilon=1e-5)(x)
    x = jnn.ReLU()(x).reshape(x.shape[0], -1)
    x = jnn.Linear(24, 5)(x)
    x = nn.BatchNorm(use_running_average=True, momentum=0.9, epsilon=1e-5)(x)
    return jnn.Linear(5, 2)(x)


BN_SD = {"0.weight": (4, 3, 3, 3), "0.bias": (4,), "1.weight": (4,),
         "1.bias": (4,), "1.running_mean": (4,), "1.running_var": (4,),
         "1.num_batches_tracked": (), "4.weight": (5, 24), "4.bias": (5,),
         "5.weight": (5,), "5.bias": (5,), "5.running_mean": (5,),
         "5.running_var": (5,), "5.num_batches_tracked": (), "6.weight": (2, 5),
         "6.bias": (2,)}


def bn_state(seed=0):
  rng = np.random.default_rng(seed)
  sd = {k: rng.standard_normal(s).astype(np.float32) for k, s in BN_SD.items()}
  for k in sd:
    if k.endswith("running_var"):
      sd[k] = np.abs(sd[k]) + 0.5
    if k.endswith("num_batches_tracked"):
      sd[k] = np.array(7, np.int64)
  return sd


def bn_reference(sd, x_nchw):
  """The PyTorch model's eval-mode forward in NumPy (channels-first)."""
  w, b = sd["0.weight"], sd["0.bias"]
  n, _, h, wd = x_nchw.shape
  out = np.zeros((n, 4, h - 2, wd - 2))
  for i in range(h - 2):
    for j in range(wd - 2):
      patch = x_nchw[:, :, i:i + 3, j:j + 3]
      out[:, :, i, j] = np.einsum("ncij,ocij->no", patch, w) + b

  def bn(z, p, axis):
    shape = [1] * z.ndim
    shape[axis] = -1
    r = lambda k: sd[f"{p}.{k}"].reshape(shape)
    return ((z - r("running_mean")) / np.sqrt(r("running_var") + 1e-5)
            * r("weight") + r("bias"))

  z = np.maximum(bn(out, "1", 1), 0).reshape(n, -1)  # PyTorch: (C, H, W)
  z = bn(z @ sd["4.weight"].T + sd["4.bias"], "5", 1)
  return z @ sd["6.weight"].T + sd["6.bias"]


def test_whole_variables_with_batchnorm_by_order_and_flatten_fix():
  model, sd = BNNet(), bn_state()
  x_nchw = np.random.default_rng(1).standard_normal((3, 3, 4, 5)).astype(
      np.float32)
  x = x_nchw.transpose(0, 2, 3, 1)
  variables = model.init(jax.random.key(0), x)  # un-jitted: creation order
  loaded = load_torch_state_dict(sd, variables, mapping="order",
                                 flatten={"4": (4, 2, 3)})
  assert set(loaded) == {"params", "batch_stats"}
  np.testing.assert_array_equal(loaded["params"]["BatchNorm_0"]["scale"],
                                sd["1.weight"])
  np.testing.assert_array_equal(loaded["batch_stats"]["BatchNorm_1"]["var"],
                                sd["5.running_var"])
  np.testing.assert_array_equal(loaded["batch_stats"]["BatchNorm_0"]["mean"],
                                sd["1.running_mean"])
  want = bn_reference(sd, x_nchw.astype(np.float64))
  np.testing.assert_allclose(model.apply(loaded, x), want, rtol=1e-4,
                             atol=1e-4)
  # Without the flatten fix the shapes agree and the values do not: the
  # loader says so.
  with pytest.warns(UserWarning, match=r"Linear '4' \(in_features=24\) "
                    r"follows the channels-last convolution '0' \(4 "
                    r"channels\).*flatten=\{'4': \(4, H, W\)\}") as record:
    wrong = load_torch_state_dict(sd, variables, mapping="order")
  assert record[0].filename == __file__  # points at the caller's line
  assert np.abs(model.apply(wrong, x) - want).max() > 1e-2
  with warnings.catch_warnings():
    warnings.simplefilter("error")  # None: no permutation, no warning
    load_torch_state_dict(sd, variables, mapping="order", flatten={"4": None})
  # By name: the same, with a dict mapping; a FrozenDict stays frozen.
  names = {"0": "Conv_0", "1": "BatchNorm_0", "4": "Linear_0",
           "5": "BatchNorm_1", "6": "Linear_1"}
  frozen = load_torch_state_dict(sd, flax.core.freeze(variables),
                                 mapping=names, flatten={"4": (4, 2, 3)})
  assert isinstance(frozen, flax.core.FrozenDict)
  jax.tree.map(np.testing.assert_array_equal, flax.core.unfreeze(frozen),
               loaded)


def test_bare_params_still_load_and_batchnorm_needs_variables():
  p = load_torch_state_dict(state(**SD), template())
  assert set(p) == {"fc1", "act", "head"}
  variables = BNNet().init(jax.random.key(0), jnp.ones((1, 4, 5, 3)))
  with pytest.raises(ValueError, match=r"running_mean/running_var need "
                     r"batch_stats: pass the whole variables dict"):
    load_torch_state_dict(bn_state(), variables["params"],
                          mapping={"0": "Conv_0", "1": "BatchNorm_0",
                                   "4": "Linear_0", "5": "BatchNorm_1",
                                   "6": "Linear_1"}, flatten={"4": None})


def test_order_disagreement_names_both_sides_briefly():
  variables = BNNet().init(jax.random.key(0), jnp.ones((1, 4, 5, 3)))
  sd = bn_state()
  # PyTorch's model lacks the first BatchNorm: pair 2 is conv vs batchnorm.
  del_bn = {k: v for k, v in sd.items() if not k.startswith("1.")}
  with pytest.raises(ValueError) as info:
    load_torch_state_dict(del_bn, variables, mapping="order")
  msg = str(info.value)
  assert msg.startswith("load_torch_state_dict: mapping='order': pair 2 "
                        "disagrees: kinds differ (linear vs batchnorm).")
  assert "  PyTorch '4': linear, weight (5, 24), bias (5,)" in msg
  assert ("  Flax    'BatchNorm_0': batchnorm, scale (4,), bias (4,), "
          "batch_stats/mean (4,), batch_stats/var (4,)") in msg
  assert "(pair 1 agrees: '0' -> 'Conv_0'; PyTorch has 4 layers" in msg
  assert len(msg.splitlines()) <= 6
  # Same kinds, another shape.
  bad = {**sd, "6.weight": np.ones((2, 4), np.float32)}
  with pytest.raises(ValueError, match=r"pair 5 disagrees: weight \(2, 4\); "
                     r"expected \(2, 5\) for 'weight'\.\n  PyTorch '6'"):
    load_torch_state_dict(bad, variables, mapping="order")
  # A layer too many on one side.
  extra = {**sd, "7.weight": np.ones((3, 2), np.float32)}
  with pytest.raises(ValueError, match=r"PyTorch has 6 layers with arrays, "
                     r"Flax 5; the first 5 pair up, PyTorch has '7' left"):
    load_torch_state_dict(extra, variables, mapping="order")
  # jit/eval_shape sort the layers: the error says why the order is lost.
  shapes = jax.eval_shape(BNNet().init, jax.random.key(0),
                          jnp.ones((1, 4, 5, 3)))
  with pytest.raises(ValueError, match=r"(?s)pair 1 disagrees.*sorted order, "
                     r"as jax.jit, jax.eval_shape and jax.tree.map leave "
                     "them"):
    load_torch_state_dict(sd, shapes, mapping="order")


def test_strict_false_warns_listing_every_leaf_left_at_init():
  variables = BNNet().init(jax.random.key(0), jnp.ones((1, 4, 5, 3)))
  sd = {k: v for k, v in bn_state().items() if not k.startswith("5.")}
  sd["9.weight"] = np.ones(3, np.float32)
  names = {"0": "Conv_0", "1": "BatchNorm_0", "4": "Linear_0",
           "6": "Linear_1"}
  with pytest.warns(UserWarning) as record:
    out = load_torch_state_dict(sd, variables, mapping=names, strict=False,
                                flatten={"4": None})
  msg = str(record[0].message)
  assert record[0].filename == __file__  # points at the caller's line
  assert "1 PyTorch keys fill no Flax leaf:\n    PyTorch '9' (no Flax layer " \
         "'9'): weight" in msg
  assert ("4 Flax leaves get no PyTorch key (kept at their initial values):"
          "\n    Flax 'BatchNorm_1': scale, bias, batch_stats/mean, "
          "batch_stats/var") in msg
  # Left at the template's values; the rest loaded.
  np.testing.assert_array_equal(out["batch_stats"]["BatchNorm_1"]["var"], 1)
  np.testing.assert_array_equal(out["params"]["Linear_1"]["weight"],
                                sd["6.weight"])


def test_errors_are_short_for_a_large_mismatch():
  """A whole model under the wrong names: grouped by module, <= 25 lines."""
  class Deep(nn.Module):
    @nn.compact
    def __call__(self, x):
      for i in range(40):
        x = jnn.Linear(2, 2, name=f"block{i}")(x)
      return x

  sd = {f"layers.{i}.{leaf}": np.ones((2, 2) if leaf == "weight" else 2)
        for i in range(40) for leaf in ("weight", "bias")}
  variables = Deep().init(jax.random.key(0), jnp.ones((1, 2)))
  with pytest.raises(ValueError) as info:
    load_torch_state_dict(sd, variables)
  msg = str(info.value)
  assert len(msg.splitlines()) <= 25 and len(msg) < 2500, msg
  assert "80 PyTorch keys fill no Flax leaf" in msg
  assert "80 Flax leaves get no PyTorch key" in msg
  assert "... and 32 more modules" in msg
  # mapping="order" pairs them without any names.
  out = load_torch_state_dict(sd, variables, mapping="order")
  np.testing.assert_array_equal(out["params"]["block39"]["weight"], 1)


def test_flatten_fix_permutes_and_checks():
  w = np.arange(2 * 12, dtype=np.float32).reshape(2, 12)  # (out, C*H*W)
  sd = {"fc.weight": w, "fc.bias": np.zeros(2, np.float32)}

  class FC(nn.Module):
    @nn.compact
    def __call__(self, x):
      return jnn.Linear(12, 2, name="fc")(x)

  v = FC().init(jax.random.key(0), jnp.ones((1, 12)))
  out = load_torch_state_dict(sd, v, flatten={"fc": (3, 2, 2)})
  # Column (h, w, c) of the port is PyTorch's column (c, h, w).
  want = w.reshape(2, 3, 2, 2).transpose(0, 2, 3, 1).reshape(2, 12)
  np.testing.assert_array_equal(out["params"]["fc"]["weight"], want)
  chw = np.random.default_rng(0).standard_normal((3, 2, 2)).astype(np.float32)
  np.testing.assert_allclose(
      FC().apply(out, chw.transpose(1, 2, 0).reshape(1, -1))[0],
      w @ chw.reshape(-1), rtol=1e-5)
  with pytest.raises(ValueError, match=r"flatten\['fc'\]=\(3, 2, 3\) has 18 "
                     r"elements but fc.weight has shape \(2, 12\)"):
    load_torch_state_dict(sd, v, flatten={"fc": (3, 2, 3)})
  with pytest.raises(ValueError, match=r"flatten\['head'\]: state_dict has "
                     r"no Linear 'head'"):
    load_torch_state_dict(sd, v, flatten={"head": (3, 2, 2)})
  with pytest.raises(TypeError, match=r"flatten\['fc'\]=12; expected the "
                     r"channels-first shape"):
    load_torch_state_dict(sd, v, flatten={"fc": 12})


# ------------------------------------------ what a new user ran into --

def test_flatten_shape_in_channels_last_order_is_rejected():
  """The conv before the Linear has 4 channels: (2, 3, 4) is the
  channels-last order of PyTorch's (4, 2, 3), and taken as given would
  permute the weight wrongly without a word."""
  variables = BNNet().init(jax.random.key(0), jnp.ones((1, 4, 5, 3)))
  sd = bn_state()
  with pytest.raises(ValueError, match=r"flatten\['4'\]=\(2, 3, 4\) is in "
                     r"channels-last order: '0' before it \(in state_dict "
                     r"order\) has 4 channels; expected PyTorch's "
                     r"channels-first order \(4, 2, 3\)"):
    load_torch_state_dict(sd, variables, mapping="order",
                          flatten={"4": (2, 3, 4)})
  # (4, 2, 3) and a shape whose first entry is not the channels either (a
  # concatenation's map: the state_dict does not show its channels) load.
  load_torch_state_dict(sd, variables, mapping="order",
                        flatten={"4": (4, 2, 3)})
  load_torch_state_dict(sd, variables, mapping="order",
                        flatten={"4": (6, 2, 2)})


def test_flatten_channels_come_from_a_batchnorm_after_the_conv():
  """DenseNet's classifier reads norm5's channels (a concatenation's), not
  the last conv's: the check and the warning use them."""
  sd = {"conv.weight": np.ones((2, 3, 1, 1)), "norm.weight": np.ones(6),
        "norm.bias": np.ones(6), "norm.running_mean": np.ones(6),
        "norm.running_var": np.ones(6), "fc.weight": np.ones((2, 24)),
        "fc.bias": np.ones(2)}

  class Dense(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Conv(2, (1, 1), use_bias=False, name="conv")(x)
      x = jnp.concatenate([x, x, x], axis=-1)
      x = jnn.BatchNorm2d(6, use_running_average=True, name="norm")(x)
      return jnn.Linear(24, 2, name="fc")(x.reshape(x.shape[0], -1))

  variables = Dense().init(jax.random.key(0), jnp.ones((1, 2, 2, 3)))
  with pytest.raises(ValueError, match=r"flatten\['fc'\]=\(2, 2, 6\) is in "
                     r"channels-last order: 'norm' before it"):
    load_torch_state_dict(sd, variables, flatten={"fc": (2, 2, 6)})
  with pytest.warns(UserWarning, match=r"follows the channels-last "
                    r"convolution 'conv' \(and 'norm' after it\) \(6 "
                    r"channels\)"):
    load_torch_state_dict(sd, variables)
  with warnings.catch_warnings():
    warnings.simplefilter("error")
    load_torch_state_dict(sd, variables, flatten={"fc": (6, 2, 2)})


def test_no_flatten_warning_from_a_conv_that_filled_nothing_or_on_error():
  """The issue: a conv that did not load (a Sequential not found by name)
  left the stem's channel count in place, and the Linear after it got a
  flatten warning before the real error."""
  variables = BNNet().init(jax.random.key(0), jnp.ones((1, 4, 5, 3)))
  sd = bn_state()
  names = {"1": "BatchNorm_0", "4": "Linear_0", "5": "BatchNorm_1",
           "6": "Linear_1"}  # the conv '0' is not loaded
  with warnings.catch_warnings(record=True) as record:
    warnings.simplefilter("always")
    with pytest.raises(ValueError, match="fill no Flax leaf"):
      load_torch_state_dict(sd, variables, mapping=names)
    load_torch_state_dict(sd, variables, mapping=names, strict=False)
  assert [str(w.message) for w in record
          if "flatten" in str(w.message)] == []


class Plain(nn.Module):
  """Conv_0, Conv_1, Dense_0: auto-names that sort in creation order."""

  @nn.compact
  def __call__(self, x):
    x = nn.Conv(2, (1, 1))(x)
    x = nn.Conv(2, (1, 1))(x)
    return nn.Dense(2)(x)


def test_sorted_hint_only_where_a_round_trip_sorted_the_layers():
  x = jnp.ones((1, 2, 2, 2))
  sd = {"0.weight": np.ones((2, 2, 1, 1)), "0.bias": np.ones(2),
        "1.weight": np.ones((2, 2)), "1.bias": np.ones(2)}  # a conv missing
  hint = "sorted order"
  un_jitted = Plain().init(jax.random.key(0), x)
  assert list(un_jitted["params"]) == sorted(un_jitted["params"])
  with pytest.raises(ValueError, match="pair 2 disagrees") as info:
    load_torch_state_dict(sd, un_jitted, mapping="order")
  assert hint not in str(info.value)  # the kernel-before-bias order shows it
  jitted = jax.jit(Plain().init)(jax.random.key(0), x)
  for sorted_variables in (jitted, jax.tree.map(np.asarray, un_jitted)):
    with pytest.raises(ValueError, match=r"(?s)pair 2 disagrees.*The Flax "
                       "layers are in sorted order"):
      load_torch_state_dict(sd, sorted_variables, mapping="order")


def test_strict_false_by_order_keeps_a_missing_statistic_at_init():
  """As PyTorch's load_state_dict(strict=False): a BatchNorm without
  running_var (or without both statistics) pairs, the rest loads, and the
  warning lists what kept its initial value."""
  variables = BNNet().init(jax.random.key(0), jnp.ones((1, 4, 5, 3)))
  sd = bn_state()
  no_var = {k: v for k, v in sd.items() if k != "1.running_var"}
  with pytest.raises(ValueError, match=r"pair 2 disagrees: no PyTorch array "
                     r"for 'var'"):
    load_torch_state_dict(no_var, variables, mapping="order",
                          flatten={"4": (4, 2, 3)})
  with pytest.warns(UserWarning, match=r"1 Flax leaves get no PyTorch key "
                    r"\(kept at their initial values\):\n    Flax "
                    r"'BatchNorm_0': batch_stats/var"):
    out = load_torch_state_dict(no_var, variables, mapping="order",
                                strict=False, flatten={"4": (4, 2, 3)})
  np.testing.assert_array_equal(out["batch_stats"]["BatchNorm_0"]["var"], 1)
  np.testing.assert_array_equal(out["batch_stats"]["BatchNorm_0"]["mean"],
                                sd["1.running_mean"])
  np.testing.assert_array_equal(out["params"]["Linear_1"]["weight"],
                                sd["6.weight"])
  no_stats = {k: v for k, v in sd.items()
              if not k.startswith("5.running") and k != "5.num_batches_tracked"}
  with pytest.warns(UserWarning, match=r"'BatchNorm_1': batch_stats/mean, "
                    r"batch_stats/var"):
    out = load_torch_state_dict(no_stats, variables, mapping="order",
                                strict=False, flatten={"4": (4, 2, 3)})
  np.testing.assert_array_equal(out["params"]["BatchNorm_1"]["scale"],
                                sd["5.weight"])
  # Kinds and shapes are still checked: a PyTorch layer missing entirely
  # shifts the pairs, and that is an error, strict or not.
  no_bn = {k: v for k, v in sd.items() if not k.startswith("1.")}
  with pytest.raises(ValueError, match="pair 2 disagrees: kinds differ"):
    load_torch_state_dict(no_bn, variables, mapping="order", strict=False)


def test_jaxpool_batchnorm_takes_pytorch_names_and_step_count():
  class Net(nn.Module):
    @nn.compact
    def __call__(self, x):
      return jnn.BatchNorm1d(3, use_running_average=True)(jnn.Linear(2, 3)(x))

  sd = {"0.weight": np.ones((3, 2)), "0.bias": np.zeros(3),
        "1.weight": np.full(3, 2.), "1.bias": np.ones(3),
        "1.running_mean": np.arange(3.), "1.running_var": np.full(3, 4.),
        "1.num_batches_tracked": np.array(9)}
  variables = Net().init(jax.random.key(0), jnp.ones((1, 2)))
  out = load_torch_state_dict(sd, variables, mapping="order")
  stats = out["batch_stats"]["BatchNorm1d_0"]
  np.testing.assert_array_equal(stats["running_mean"], np.arange(3.))
  assert int(stats["num_batches_tracked"]) == 9
  assert stats["num_batches_tracked"].dtype == variables["batch_stats"][
      "BatchNorm1d_0"]["num_batches_tracked"].dtype
  # A state_dict without the count (older PyTorch) loads, as PyTorch's
  # load_state_dict takes it: the count keeps its value, 0 from shapes.
  del sd["1.num_batches_tracked"]
  shapes = jax.eval_shape(Net().init, jax.random.key(0), jnp.ones((1, 2)))
  names = {"0": "Linear_0", "1": "BatchNorm1d_0"}  # shapes come sorted
  for template_ in (variables, shapes):
    out = load_torch_state_dict(sd, template_, mapping=names)
    assert int(out["batch_stats"]["BatchNorm1d_0"]["num_batches_tracked"]) == 0
