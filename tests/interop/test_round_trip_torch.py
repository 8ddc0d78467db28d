"""Round trips through PyTorch: modules (Linear, Bilinear, PReLU, a
Sequential, a small CNN, BatchNorm) are exported with ``state_dict()``,
loaded with :func:`jaxpool.interop.load_torch_state_dict`, and the Flax port
must give PyTorch's outputs; :func:`compare_with_torch` reports them.

Skipped when PyTorch is not installed.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import flax.linen as nn  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.nn as jnn  # noqa: E402
from jaxpool.interop import compare_with_torch  # noqa: E402
from jaxpool.interop import load_torch_state_dict  # noqa: E402


def rand(shape, seed):
  return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


def numpy_state_dict(module):
  return {k: v.detach().cpu().numpy() for k, v in module.state_dict().items()}


def template(model, *inputs):
  return jax.eval_shape(model.init, jax.random.key(0), *inputs)["params"]


def to_np(t):
  return t.detach().float().numpy()


class TorchBN(torch.nn.Module):
  """conv-bn-relu-maxpool, flatten, Linear-bn1d-PReLU-Linear: every kind the
  loader converts, with BatchNorm statistics away from their defaults."""

  def __init__(self):
    super().__init__()
    self.features = torch.nn.Sequential(
        torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.BatchNorm2d(4),
        torch.nn.ReLU(), torch.nn.MaxPool2d(2))
    self.head = torch.nn.Sequential(
        torch.nn.Linear(4 * 3 * 2, 6), torch.nn.BatchNorm1d(6),
        torch.nn.PReLU(6), torch.nn.Linear(6, 3))

  def forward(self, x):
    return self.head(self.features(x).flatten(1))


class FlaxBN(nn.Module):
  @nn.compact
  def __call__(self, x):
    bn = lambda: nn.BatchNorm(use_running_average=True, momentum=0.9,
                              epsilon=1e-5)
    x = jnn.MaxPool2d(2)(jnn.ReLU()(bn()(nn.Conv(4, (3, 3), padding=1)(x))))
    x = bn()(jnn.Linear(24, 6)(x.reshape(x.shape[0], -1)))
    return jnn.Linear(6, 3)(jnn.PReLU(6)(x))


def trained_bn(seed=3):
  torch.manual_seed(seed)
  tnet = TorchBN().train()
  with torch.no_grad():
    for _ in range(2):
      tnet(torch.randn(16, 2, 6, 4) * 3 + 1)
  return tnet.eval()


def test_round_trip_linear_bilinear_prelu():
  torch.manual_seed(0)
  x = rand((7, 5), 1)
  lin = torch.nn.Linear(5, 3)
  p = load_torch_state_dict(numpy_state_dict(lin),
                            template(jnn.Linear(5, 3), x))
  np.testing.assert_allclose(jnn.Linear(5, 3).apply({"params": p}, x),
                             to_np(lin(torch.tensor(x))), rtol=1e-6,
                             atol=1e-6)
  lin = torch.nn.Linear(5, 3, bias=False)
  p = load_torch_state_dict(numpy_state_dict(lin),
                            template(jnn.Linear(5, 3, bias=False), x))
  np.testing.assert_allclose(
      jnn.Linear(5, 3, bias=False).apply({"params": p}, x),
      to_np(lin(torch.tensor(x))), rtol=1e-6, atol=1e-6)

  x2 = rand((7, 2), 2)
  bil = torch.nn.Bilinear(5, 2, 4)
  p = load_torch_state_dict(numpy_state_dict(bil),
                            template(jnn.Bilinear(5, 2, 4), x, x2))
  np.testing.assert_allclose(
      jnn.Bilinear(5, 2, 4).apply({"params": p}, x, x2),
      to_np(bil(torch.tensor(x), torch.tensor(x2))), rtol=1e-5, atol=1e-5)

  # PReLU with a slope per channel, trained away from its init.
  img = rand((2, 3, 4, 4), 3)  # PyTorch's (N, C, H, W)
  prelu = torch.nn.PReLU(3)
  with torch.no_grad():
    prelu.weight.copy_(torch.tensor([0.1, -0.5, 2.0]))
  want = to_np(prelu(torch.tensor(img)))
  for channels_last, arr in [(False, img), (True, img.transpose(0, 2, 3, 1))]:
    m = jnn.PReLU(3, channels_last=channels_last)
    p = load_torch_state_dict(numpy_state_dict(prelu), template(m, arr))
    got = np.asarray(m.apply({"params": p}, arr))
    if channels_last:
      got = got.transpose(0, 3, 1, 2)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_round_trip_sequential_with_mapping():
  torch.manual_seed(1)
  seq = torch.nn.Sequential(torch.nn.Linear(6, 8), torch.nn.PReLU(),
                            torch.nn.Linear(8, 8), torch.nn.PReLU(8),
                            torch.nn.Identity(), torch.nn.Linear(8, 2))

  class Port(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = jnn.PReLU(name="1")(jnn.Linear(6, 8, name="0")(x))
      x = jnn.PReLU(8, name="3")(jnn.Linear(8, 8, name="2")(x))
      return jnn.Linear(8, 2, name="5")(jnn.Identity()(x))

  x = rand((4, 6), 2)
  p = load_torch_state_dict(numpy_state_dict(seq), template(Port(), x))
  np.testing.assert_allclose(Port().apply({"params": p}, x),
                             to_np(seq(torch.tensor(x))), rtol=1e-5,
                             atol=1e-5)


def test_round_trip_cnn_with_flax_conv():
  # A small PyTorch CNN ported to channels-last Flax: Conv2d -> nn.Conv
  # (kernel transposed by the loader), pooling and activations from jaxpool,
  # and the flatten order fixed by the loader's flatten= (C,H,W -> H,W,C).
  torch.manual_seed(2)

  class TorchNet(torch.nn.Module):
    def __init__(self):
      super().__init__()
      self.conv = torch.nn.Conv2d(1, 4, 3, padding=1)
      self.act = torch.nn.PReLU(4)
      self.pool = torch.nn.MaxPool2d(2)
      self.fc = torch.nn.Linear(4 * 4 * 4, 3)

    def forward(self, x):
      return self.fc(self.pool(self.act(self.conv(x))).flatten(1))

  class FlaxNet(nn.Module):
    @nn.compact
    def __call__(self, x):
      x = nn.Conv(4, (3, 3), padding=1, name="conv")(x)
      x = jnn.MaxPool2d(2)(jnn.PReLU(4, name="act")(x))
      return jnn.Linear(64, 3, name="fc")(x.reshape(x.shape[0], -1))

  tnet = TorchNet()
  sd = numpy_state_dict(tnet)
  img = rand((5, 1, 8, 8), 3)
  x = img.transpose(0, 2, 3, 1)
  p = load_torch_state_dict(sd, template(FlaxNet(), x),
                            flatten={"fc": (4, 4, 4)})
  np.testing.assert_allclose(FlaxNet().apply({"params": p}, x),
                             to_np(tnet(torch.tensor(img))), rtol=1e-5,
                             atol=1e-5)


def test_batchnorm_model_by_order_matches_pytorch():
  tnet = trained_bn()
  variables = FlaxBN().init(jax.random.key(0), jnp.ones((1, 6, 4, 2)))
  loaded = load_torch_state_dict(numpy_state_dict(tnet), variables,
                                 mapping="order",
                                 flatten={"head.0": (4, 3, 2)})
  img = rand((5, 2, 6, 4), 4)
  check = compare_with_torch(tnet, lambda x: FlaxBN().apply(loaded, x), img,
                             atol=1e-5)
  assert check.max_abs <= 1e-5 and tnet.training is False
  # The check shows a wrong port as wrong: without the flatten fix (warned).
  with pytest.warns(UserWarning, match="flatten="):
    wrong = load_torch_state_dict(numpy_state_dict(tnet), variables,
                                  mapping="order")
  with pytest.raises(ValueError, match=r"(?s)the port differs from PyTorch "
                     r"by .* > atol=0.0001:\noutput .*\noutput  "):
    compare_with_torch(tnet, lambda x: FlaxBN().apply(wrong, x), img,
                       atol=1e-4)


def test_compare_with_torch_layouts_structures_and_mode():
  pool = torch.nn.MaxPool2d(2, return_indices=True)
  img = rand((2, 3, 4, 6), 5)
  check = compare_with_torch(
      pool, lambda x: jnn.MaxPool2d(2, return_indices=True).apply({}, x), img)
  assert [o.name for o in check.outputs] == ["output[0]", "output[1]"]
  assert check.outputs[0].shape == (2, 3, 2, 3) and check.max_abs == 0
  assert "max abs diff" in str(check)
  # channels_last=False: both sides in PyTorch's layout; two inputs.
  bil = torch.nn.Bilinear(3, 2, 4)
  p = load_torch_state_dict(numpy_state_dict(bil),
                            jnn.Bilinear(3, 2, 4).init(
                                jax.random.key(0), jnp.ones((1, 3)),
                                jnp.ones((1, 2))))
  check = compare_with_torch(
      bil, lambda a, b: jnn.Bilinear(3, 2, 4).apply(p, a, b),
      (rand((5, 3), 6), rand((5, 2), 7)), channels_last=False)
  assert check.max_rel < 1e-5
  # Train mode is restored afterwards; eval mode was used (BatchNorm).
  tnet = trained_bn().train()
  compare_with_torch(tnet, lambda x: jnp.zeros((5, 3)), rand((5, 2, 6, 4), 8))
  assert tnet.training
  with pytest.raises(ValueError, match=r"output has shape \(5, 3\) from "
                     r"PyTorch but \(5, 2\) from Flax"):
    compare_with_torch(tnet, lambda x: jnp.zeros((5, 2)),
                       rand((5, 2, 6, 4), 8))
