"""What :func:`jaxpool.interop.from_torch` translates, op by op, against
PyTorch: dim arguments through layouts, flattens before a Linear,
convolution paddings, parameters read directly, several inputs and
outputs, modes and random numbers; and what it refuses: one error naming
every operation with no conversion, data-dependent control flow, bad
arguments. The generated source type-checks (basedpyright, standard).

The zoo of whole models is in test_convert_zoo.py.
"""

import importlib.util
import inspect
import json
import subprocess
import sys

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from flax import nnx  # noqa: E402
from torch import nn  # noqa: E402
import torch.nn.functional as TF  # noqa: E402

from jaxpool._src.interop.convert import weights as convert_weights  # noqa: E402
from jaxpool.interop import from_torch  # noqa: E402
from jaxpool.interop import to_flax_source  # noqa: E402
from jaxpool.interop import to_torch_state_dict  # noqa: E402
from tests.interop import zoo  # noqa: E402
from tests.interop.test_convert_zoo import back, cl, tensors  # noqa: E402


def randn(*shape, seed=0):
  return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def check(net, x, channels_last=True, atol=1e-5, api="linen"):
  """Converts ``net`` and compares its eval outputs with PyTorch's."""
  xs = x if isinstance(x, tuple) else (x,)
  converted = from_torch(net, x, channels_last=channels_last, api=api)
  move = cl if channels_last else np.asarray
  args = [jnp.asarray(move(t.numpy())) for t in xs]
  if api == "linen":
    module, variables = converted
    out = module.apply(variables, *args)
  else:
    out = converted(*args)
  net.eval()
  with torch.no_grad():
    want = net(*xs)
  got = [back(o) if channels_last else np.asarray(o) for o in tensors(out)]
  want_t = [w.numpy() for w in tensors(want)]
  assert len(got) == len(want_t)
  for g, w in zip(got, want_t):
    assert g.shape == w.shape
    np.testing.assert_allclose(g, w, rtol=1e-5, atol=atol)
  return converted, out, want


# -- Dims through layouts. ---------------------------------------------------


class Dims(nn.Module):
  """Every dim-taking operation, on a feature map and on vectors."""

  def __init__(self):
    super().__init__()
    self.softmax = nn.Softmax(dim=1)
    self.log_softmax = nn.LogSoftmax(dim=-2)
    self.glu = nn.GLU(dim=1)

  def forward(self, x):
    a = torch.cat([x, x * 2], 1)
    b = torch.cat((x, -x), dim=2)
    c = torch.cat([x, x], -1).sum(dim=(1, 3), keepdim=True)
    d = torch.stack([x, x + 1], dim=2).amax(2)
    e = x.mean(2) + x.transpose(2, 3).mean(dim=-1)
    f = self.softmax(x) + TF.softmax(x, dim=2) + self.log_softmax(x)
    g = self.glu(a).amin(dim=3)
    n, ch, h, w = x.size()
    h2 = x.shape[2]
    v = x.permute(0, 2, 3, 1).reshape(n, h * w, ch)
    t = x.transpose(1, 3).contiguous().view(n, -1)
    u = x.unsqueeze(1).squeeze(1)[:, 1:, :h2 - 1, ::2]
    flat = torch.flatten(x, 2)
    return a, b, c, d, e, f, g, v, t, u, flat, x.sum(), x.mean(1).sum(1)


@pytest.mark.parametrize("channels_last", [True, False])
def test_dim_arguments_follow_the_layout(channels_last):
  check(Dims(), randn(2, 4, 5, 6), channels_last=channels_last)


class FlattenUses(nn.Module):
  """A flatten feeding a Linear through Dropout and ReLU (the Linear's
  weight permuted), and flattens that reach other operations."""

  def __init__(self):
    super().__init__()
    self.conv = nn.Conv2d(3, 4, 3)
    self.flatten = nn.Flatten()
    self.drop = nn.Dropout(0.0)
    self.fc = nn.Linear(4 * 3 * 4, 5)

  def forward(self, x):
    y = self.conv(x)
    z = self.fc(TF.relu(self.drop(self.flatten(y))))
    return z, y.flatten(1), y.view(y.size(0), 4, -1)


def test_a_flatten_before_a_linear_permutes_its_weight():
  net = FlattenUses()
  x = randn(2, 3, 5, 6)
  (module, variables), _, _ = check(net, x)
  assert type(module).torch_flattened == {"fc": ((4, 3, 4), (1, 2, 0))}
  source = to_flax_source(net, x)
  fc_line = next(l for l in source.splitlines() if "= self.flatten(" in l)
  assert "jnn.Flatten(channels_last=False)" in source
  assert "weight is permuted" in fc_line or "permuted" in source
  assert "F.flatten(conv, 1)" in source  # the other flatten: PyTorch's order
  state = to_torch_state_dict(module, variables)
  weight = net.fc.weight.detach().numpy()
  np.testing.assert_array_equal(state["fc.weight"], weight)
  assert not np.array_equal(np.asarray(variables["params"]["fc"]["weight"]),
                            weight)


def test_a_linear_on_a_map_acts_on_pytorchs_last_dim():
  net = nn.Sequential(nn.Conv2d(2, 3, 1), nn.Linear(5, 4), nn.ReLU())
  check(net, randn(2, 2, 4, 5))


class Breadth(nn.Module):
  """Functional forms, layers kept in ModuleList and ModuleDict, Identity,
  Parameters and buffers fed to functions."""

  def __init__(self):
    super().__init__()
    self.blocks = nn.ModuleList([nn.Conv2d(3, 4, 3, padding=1),
                                 nn.Conv2d(4, 4, 1)])
    self.acts = nn.ModuleDict({"prelu": nn.PReLU(4),
                               "hardtanh": nn.Hardtanh(-0.5, 0.5)})
    self.skip = nn.Identity()
    self.softmax2d = nn.Softmax2d()
    self.register_buffer("mean", torch.randn(4) * 0.1)
    self.register_buffer("var", torch.rand(4) + 0.5)
    self.gamma = nn.Parameter(torch.rand(4) + 0.5)
    self.beta = nn.Parameter(torch.randn(4) * 0.1)
    self.slopes = nn.Parameter(torch.rand(4))
    self.pair = nn.Parameter(torch.randn(3, 4, 4) * 0.3)

  def forward(self, x):
    for block in self.blocks:
      x = block(x)
    x = self.skip(self.acts["hardtanh"](self.acts["prelu"](x)))
    x = TF.batch_norm(x, self.mean, self.var, self.gamma, self.beta,
                      training=False)
    y, idx = TF.max_pool2d(x, 2, return_indices=True)
    x = TF.prelu(TF.max_unpool2d(y, idx, 2), self.slopes)
    x = (TF.gelu(x, approximate="tanh") + TF.silu(x) + TF.elu(x, 0.5)
         + TF.softplus(x, beta=2) + torch.relu(x) + x.sigmoid()
         - TF.hardswish(x))
    v = TF.threshold(TF.adaptive_avg_pool1d(x.flatten(2), 3), 0.1, 20.0)
    z = torch.tanh(v.mean(-1))
    return (self.softmax2d(x), TF.glu(x, dim=1), TF.lp_pool2d(x, 2, 2),
            TF.bilinear(z, z, self.pair))


@pytest.mark.parametrize("api", ["linen", "nnx"])
@pytest.mark.parametrize("channels_last", [True, False])
def test_functional_forms_and_containers(api, channels_last):
  torch.manual_seed(0)
  net = Breadth()
  converted, _, _ = check(net, randn(2, 3, 6, 8), channels_last=channels_last,
                          api=api)
  state = (to_torch_state_dict(*converted) if api == "linen"
           else to_torch_state_dict(converted))
  assert list(state) == list(net.state_dict())


# -- Convolutions. -----------------------------------------------------------


CONVS = [
    nn.Conv1d(2, 4, 3),
    nn.Conv1d(2, 4, 4, padding="same", dilation=2),
    nn.Conv1d(2, 4, 3, stride=2, padding=2, padding_mode="circular"),
    nn.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 0), bias=False),
    nn.Conv2d(4, 6, 3, padding="valid", groups=2, dilation=(2, 1)),
    nn.Conv2d(2, 4, 4, padding="same", padding_mode="reflect"),
    nn.Conv2d(2, 4, 3, padding=1, padding_mode="replicate"),
    nn.Conv3d(2, 4, (2, 3, 3), stride=2, padding=(0, 1, 1)),
    nn.Conv3d(2, 2, 3, padding="same", groups=2, bias=False),
]


@pytest.mark.parametrize("conv", CONVS, ids=repr)
@pytest.mark.parametrize("root", [False, True], ids=["layer", "model"])
def test_convolutions(conv, root):
  """As a layer (Flax's Conv), and as the model itself (traced into:
  F.conv{n}d and F.pad), in both layouts."""
  torch.manual_seed(0)
  conv.reset_parameters()
  net = conv if root else nn.Sequential(conv)
  shape = {1: (2, conv.in_channels, 9), 2: (2, conv.in_channels, 9, 8),
           3: (2, conv.in_channels, 6, 7, 8)}[len(conv.kernel_size)]
  for channels_last in (True, False):
    (converted, _, _) = check(net, randn(*shape),
                              channels_last=channels_last)
    module, variables = converted
    state = to_torch_state_dict(module, variables)
    for k, v in net.state_dict().items():
      np.testing.assert_array_equal(state[k], v.numpy())


def test_same_padding_puts_the_extra_element_high():
  source = to_flax_source(nn.Sequential(nn.Conv1d(1, 1, 4, padding="same")),
                          randn(1, 1, 8))
  assert "padding=((1, 2),)" in source
  source = to_flax_source(nn.Sequential(nn.Conv2d(1, 1, 3, stride=2,
                                                  padding=1)),
                          randn(1, 1, 8, 8))
  assert "strides=(2, 2), padding=((1, 1), (1, 1))" in source
  # A convolution as the model itself is traced into: F.conv2d (and F.pad).
  source = to_flax_source(nn.Conv2d(1, 1, 4, padding="same",
                                    padding_mode="reflect"),
                          randn(1, 1, 8, 8))
  assert "jnp.pad(x, ((0, 0), (1, 2), (1, 2), (0, 0)), mode='reflect')" \
      in source


# -- Parameters and buffers read in forward; several inputs and outputs. -----


class TwoInputs(nn.Module):
  def __init__(self):
    super().__init__()
    self.gamma = nn.Parameter(torch.rand(3, 1, 1) + 0.5)
    self.register_buffer("offset", torch.randn(3))
    self.bilinear = nn.Bilinear(3, 2, 4)

  def forward(self, x, y):
    m = x * self.gamma
    v = m.mean(dim=(2, 3)) + self.offset
    return self.bilinear(v, y), [m, y.size(1)], {"scaled": m.amax(1)}


def test_parameters_buffers_several_inputs_and_outputs():
  net = TwoInputs()
  (module, variables), out, _ = check(net, (randn(2, 3, 4, 5), randn(2, 2)))
  assert isinstance(out[1], list) and out[1][1] == 2
  assert set(variables["params"]) == {"gamma", "bilinear"}
  assert set(variables["batch_stats"]) == {"offset"}
  state = to_torch_state_dict(module, variables)
  assert list(state) == list(net.state_dict())


# -- Modes and random numbers. -----------------------------------------------


class Noisy(nn.Module):
  def __init__(self):
    super().__init__()
    self.bn = nn.BatchNorm1d(8)
    self.drop = nn.Dropout(0.5)

  def forward(self, x):
    return TF.dropout2d(self.drop(self.bn(x)), 0.5, self.training)


def test_modes_and_dropout_linen():
  net = Noisy()
  x = randn(16, 8, 6)
  module, variables = from_torch(net, x)
  xj = jnp.asarray(cl(x.numpy()))
  eval_out = module.apply(variables, xj)
  y, updates = module.apply(variables, xj, train=True,
                            mutable=["batch_stats"],
                            rngs={"dropout": jax.random.key(0)})
  assert float(jnp.mean(y == 0)) > 0.5  # two dropouts at p=0.5: ~75% zeros
  assert int(updates["batch_stats"]["bn"]["num_batches_tracked"]) == 1
  with pytest.raises(Exception, match="dropout"):
    module.apply(variables, xj, train=True, mutable=["batch_stats"])
  net.eval()
  np.testing.assert_allclose(back(eval_out), net(x).detach().numpy(),
                             rtol=1e-5, atol=1e-5)


def test_modes_and_dropout_nnx():
  net = Noisy()
  x = randn(16, 8, 6)
  xj = jnp.asarray(cl(x.numpy()))
  model = from_torch(net, x, api="nnx", rngs=nnx.Rngs(dropout=1))
  first = model(xj)
  np.testing.assert_array_equal(first, model(xj))  # eval mode: the same
  model.train()
  a, b = model(xj), model(xj)
  assert float(jnp.mean(a == 0)) > 0.5
  assert not np.array_equal(a, b)  # the stream moves on
  assert int(model.bn.num_batches_tracked[...]) == 2
  other = from_torch(net, x, api="nnx", rngs=nnx.Rngs(dropout=2))
  other.train()
  assert not np.array_equal(other(xj), a)  # another seed, other masks
  same = from_torch(net, x, api="nnx", rngs=nnx.Rngs(dropout=1))
  same.train()
  np.testing.assert_array_equal(same(xj), a)
  with pytest.raises(TypeError, match="rngs"):
    from_torch(net, x, api="nnx", rngs=0)


# -- One path: from_torch runs to_flax_source's source. ----------------------


@pytest.mark.parametrize("api", ["linen", "nnx"])
def test_from_torch_executes_the_returned_source(api):
  net = zoo.build("segnet")
  x = zoo.example("segnet")
  converted = from_torch(net, x, api=api)
  cls = type(converted[0] if api == "linen" else converted)
  ran = inspect.getsource(sys.modules[cls.__module__])
  assert ran == to_flax_source(net, x, api=api)
  assert f"self.enc1_0 = {'nn.Conv(' if api == 'linen' else 'nnx.Conv('}" \
      in ran
  assert "# enc1.0" in ran and "# forward: d1 = F.max_unpool2d(" in ran


# -- What is refused. --------------------------------------------------------


class Unsupported(nn.Module):
  def __init__(self):
    super().__init__()
    self.up = nn.Upsample(scale_factor=2)
    self.norm = nn.LayerNorm(10)
    self.deconv = nn.ConvTranspose2d(3, 3, 2)
    self.conv = nn.Conv2d(3, 3, 1)

  def forward(self, x):
    y = self.deconv(self.up(x))
    y = self.deconv(y)
    z = torch.matmul(x, x.transpose(2, 3))
    w = TF.interpolate(x, scale_factor=2.0)
    return self.norm(self.conv(y)), z.expand(2, 3, 4, 4), w


def test_unsupported_operations_make_one_short_error(monkeypatch):
  def touched(*args, **kwargs):
    raise AssertionError("weights read before the error")
  monkeypatch.setattr(convert_weights, "variables", touched)
  with pytest.raises(ValueError) as info:
    from_torch(Unsupported(), randn(2, 3, 4, 4))
  message = str(info.value)
  lines = message.splitlines()
  assert len(lines) <= 25
  assert "nothing was converted" in lines[0]
  for what in ("module up (torch.nn.modules.upsampling.Upsample)",
               "module norm (torch.nn.modules.normalization.LayerNorm)",
               "module deconv (torch.nn.modules.conv.ConvTranspose2d)",
               "function torch.matmul", "method Tensor.expand",
               "function torch.nn.functional.interpolate"):
    assert what in message, what
  deconv = next(l for l in lines if "ConvTranspose2d" in l)
  assert "graph node deconv, deconv_1" in deconv  # called twice, one line
  assert "test_convert.py" in deconv  # where, in the model's source
  assert "module conv (" not in message  # what converts is not listed


def test_many_kinds_of_unsupported_operations_stay_within_25_lines():
  class Many(nn.Module):
    def forward(self, x):
      for name in ("cos", "sin", "tan", "erf", "floor", "ceil", "round",
                   "sign", "trunc", "frac", "log2", "log10", "exp2",
                   "expm1", "log1p", "reciprocal", "rsqrt", "asin", "acos",
                   "atan", "sinh", "cosh", "asinh", "atanh", "digamma",
                   "lgamma", "erfc", "erfinv"):
        x = getattr(torch, name)(x)
      return x
  with pytest.raises(ValueError) as info:
    to_flax_source(Many(), randn(2, 3))
  lines = str(info.value).splitlines()
  assert len(lines) <= 25
  assert "28 operation(s)" in lines[0]
  assert "more kinds" in str(info.value)


def test_data_dependent_control_flow_is_named():
  class Branchy(nn.Module):
    def forward(self, x):
      if x.sum() > 0:
        return x
      return -x
  with pytest.raises(ValueError, match="data-dependent control flow") as info:
    from_torch(Branchy(), randn(2, 3))
  assert "test_convert.py" in str(info.value)
  assert "if x.sum() > 0:" in str(info.value)


def test_argument_errors():
  net = nn.Linear(3, 2)
  x = randn(1, 3)
  with pytest.raises(ValueError, match="api='jax'"):
    from_torch(net, x, api="jax")
  with pytest.raises(TypeError, match="channels_last"):
    from_torch(net, x, channels_last=1)
  with pytest.raises(TypeError, match="torch.nn.Module"):
    from_torch(lambda v: v, x)
  with pytest.raises(TypeError, match="example_input"):
    from_torch(net, "x")
  with pytest.raises(ValueError, match="takes 1 input"):
    from_torch(net, (x, x))
  with pytest.raises(ValueError, match=r"fails on example_input \(shapes "
                     r"\[\(1, 4\)\]\): RuntimeError: mat1 and mat2"):
    from_torch(net, randn(1, 4))
  module, variables = from_torch(net, x)
  with pytest.raises(TypeError, match="needs its variables"):
    to_torch_state_dict(module)
  with pytest.raises(TypeError, match="without torch_paths"):
    to_torch_state_dict(nnx.Linear(2, 2, rngs=nnx.Rngs(0)))
  with pytest.raises(ValueError, match="have no 'layer_0'"):
    to_torch_state_dict(from_torch(nn.Sequential(net), x)[0],
                        {"params": {}, "batch_stats": {}})


# -- The source: short and typed. ---------------------------------------------


def test_a_two_stage_resnet_is_short():
  net = zoo.ResNet(zoo.BasicBlock, [2, 2])
  source = to_flax_source(net, randn(2, 3, 32, 32))
  assert len(source.splitlines()) < 200
  assert source.count("self.layer1_0_conv1(") == 1
  assert "self.layer2_0_downsample_0 = nn.Conv(" in source


@pytest.mark.skipif(importlib.util.find_spec("basedpyright") is None,
                    reason="basedpyright is not installed")
def test_the_source_type_checks(tmp_path):
  from tests.contracts.test_typing import ROOT, _check, _errors
  cases = {"resnet": (zoo.ResNet(zoo.BasicBlock, [2, 2]),
                      randn(2, 3, 32, 32)),
           "segnet": (zoo.build("segnet"), zoo.example("segnet")),
           "functional": (zoo.build("functional"), zoo.example("functional")),
           "twoinputs": (TwoInputs(), (randn(2, 3, 4, 5), randn(2, 2)))}
  for name, (net, x) in cases.items():
    for api in ("linen", "nnx"):
      (tmp_path / f"{name}_{api}.py").write_text(
          to_flax_source(net, x, api=api))
  (tmp_path / "pyrightconfig.json").write_text(json.dumps({
      "typeCheckingMode": "standard", "extraPaths": [str(ROOT)]}))
  errors = _errors(_check(*sorted(p.name for p in tmp_path.glob("*.py")),
                          cwd=tmp_path))
  assert not errors, "\n".join(errors)
  # The check sees jaxpool's annotations: a wrong use is caught.
  bad = (tmp_path / "resnet_linen.py").read_text().replace(
      "jnn.BatchNorm2d(8)", "jnn.BatchNorm2d('8')", 1)
  (tmp_path / "bad.py").write_text(bad)
  assert _errors(_check("bad.py", cwd=tmp_path))


def test_the_docstring_examples_run_with_torch():
  """The examples are +SKIP for installs without PyTorch; run them here."""
  import doctest
  from jaxpool._src.interop.convert import api
  for fn in (api.from_torch, api.to_flax_source, api.to_torch_state_dict):
    text = fn.__doc__.replace("# doctest: +SKIP", "")
    test = doctest.DocTestParser().get_doctest(text, {}, fn.__name__, None, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted > 3 and result.failed == 0, fn.__name__
