"""Writes jaxpool's per-rank functions and its linen and NNX Modules from the
layer definitions in ``jaxpool/_src/layers/``.

    python tools/generate_layers.py          # rewrite the generated files
    python tools/generate_layers.py --check  # exit 1 if any is stale

Each definition module ``jaxpool/_src/layers/<family>.py`` holds per-rank
function templates (:func:`jaxpool._src.layers.templates.per_rank`) and
layer definitions (subclasses of :class:`jaxpool._src.layers.base.Layer`).
From them this tool writes, literally (so that editors, ``help()``, type
checkers and static doc tools see real signatures and docstrings):

- ``jaxpool/_src/api/<family>.py``: one function per template and rank;
- ``jaxpool/_src/linen/<family>.py``: one ``flax.linen`` class per layer and
  rank, its fields the definition's;
- ``jaxpool/_src/nnx/<family>.py``: one ``flax.nnx`` class per layer and
  rank, with an explicit ``__init__``;
- the import lists of ``jaxpool/functional.py``, ``nn.py`` and ``nnx.py``
  (between their ``# generated`` markers).

A Module's docstring is its definition's (rendered per rank), then ``Args``
taken entry by entry from the definition's own ``Args`` or else from its
function's, the function's ``Shape`` unless the definition has one, and the
example, written for linen and converted for NNX where the layer has no
state (``jnn.X(...).apply({}, x)`` -> ``jnnx.X(...)(x)``).
``tests/contracts/test_generated.py`` fails when a written file is stale.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import functools
import importlib
import inspect
import re
import sys
import textwrap
import types
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
  sys.path.insert(0, str(ROOT))
if "jaxpool" not in sys.modules:
  # The package without its __init__, which imports the generated files: the
  # definitions must load even when those are stale or broken.
  _package = types.ModuleType("jaxpool")
  _package.__path__ = [str(ROOT / "jaxpool")]
  sys.modules["jaxpool"] = _package

from jaxpool._src import layers as _layers  # noqa: E402
from jaxpool._src.layers import base as _base  # noqa: E402
from jaxpool._src.layers import docs as _docs  # noqa: E402
from jaxpool._src.layers.templates import FunctionTemplate  # noqa: E402

WIDTH = 80
HEADER = ('"""{what}, written by tools/generate_layers.py from\n'
          'jaxpool/_src/layers/{family}.py: edit that file and rerun the '
          'tool.\n"""\n')
FRAMEWORKS = {
    "nn": dict(alias="jnn", module="jaxpool.nn", package="linen",
               what="flax.linen Modules"),
    "nnx": dict(alias="jnnx", module="jaxpool.nnx", package="nnx",
                what="flax.nnx Modules"),
}
# Constructor and call arguments that only one framework has, documented
# here once (they say how the framework gives weights and keys).
NNX_RNGS_WEIGHTS = ("rngs: the ``nnx.Rngs`` whose ``params`` stream draws "
                    "the initial weights.")
# How each framework gives a random layer its keys and mode, said once.
RANDOM_NOTES = {
    "nn": (
        "Randomness: each call draws from ``self.make_rng(rng_collection)`` "
        "(pass ``rngs={{'{collection}': key}}`` to ``apply``), or uses the "
        "key given to the call as ``rng``."),
    "nnx": (
        "Randomness: each call draws from the stream ``rng_collection`` of "
        "the ``rngs`` given to the constructor, or from ``rngs`` given to "
        "the call (an ``nnx.Rngs``, ``nnx.RngStream`` or key)."),
}
SWITCH_NOTES = {
    "nn": (
        "Mode: as ``flax.linen.Dropout``, ``deterministic`` is a field or a "
        "call argument (exactly one of them set): ``False`` is PyTorch's "
        "training mode, ``True`` its eval mode."),
    "nnx": (
        "Mode: as ``flax.nnx.Dropout``, ``model.train()`` sets "
        "``deterministic=False`` (PyTorch's training mode) and "
        "``model.eval()`` sets it to ``True``; it may also be set in the "
        "constructor or passed to the call. The default ``None`` makes the "
        "mode an explicit choice."),
}
NNX_RNGS_RANDOM = (
    "rngs: an ``nnx.Rngs`` (its stream ``rng_collection``, else "
    "``default``, is forked and kept) or ``nnx.RngStream``; or None, and a "
    "key (or Rngs, or stream) passed to each call as ``rngs=``.")


# -- Reading the definitions ------------------------------------------------


@dataclasses.dataclass
class Param:
  """One parameter of a signature, as source text."""
  name: str
  annotation: str
  default: Optional[str]
  keyword_only: bool = False

  def text(self, annotation: Optional[str] = None,
           default: Any = "keep") -> str:
    ann = self.annotation if annotation is None else annotation
    value = self.default if default == "keep" else default
    out = f"{self.name}: {ann}" if ann else self.name
    return out if value is None else f"{out} = {value}"


@dataclasses.dataclass
class Source:
  """A definition module: its text, syntax tree and import map."""
  module: Any
  family: str
  text: str
  tree: ast.Module
  imports: dict[str, str]  # a bound name -> the import statement binding it

  @classmethod
  @functools.lru_cache(maxsize=None)
  def load(cls, family: str) -> Source:
    module = importlib.import_module(f"jaxpool._src.layers.{family}")
    text = inspect.getsource(module)
    tree = ast.parse(text)
    imports: dict[str, str] = {}
    for node in tree.body:
      if isinstance(node, ast.ImportFrom) and node.module != "__future__":
        for a in node.names:
          bound = a.asname or a.name
          alias = f" as {a.asname}" if a.asname else ""
          imports[bound] = f"from {node.module} import {a.name}{alias}"
      elif isinstance(node, ast.Import):
        for a in node.names:
          bound = a.asname or a.name.split(".")[0]
          alias = f" as {a.asname}" if a.asname else ""
          imports[bound] = f"import {a.name}{alias}"
    return cls(module, family, text, tree, imports)

  def segment(self, node: Optional[ast.AST]) -> Optional[str]:
    return None if node is None else ast.get_source_segment(self.text, node)

  def function_node(self, name: str, body: Iterable[ast.stmt] = ()
                    ) -> ast.FunctionDef:
    for node in (body or self.tree.body):
      if isinstance(node, ast.FunctionDef) and node.name == name:
        return node
    raise LookupError(f"{self.family}: no def {name}")

  def params(self, fn: ast.FunctionDef) -> list[Param]:
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(
        args.defaults)
    out = [Param(a.arg, self.segment(a.annotation) or "",
                 self.segment(d)) for a, d in zip(positional, defaults)]
    out += [Param(a.arg, self.segment(a.annotation) or "",
                  self.segment(d), keyword_only=True)
            for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    return [p for p in out if p.name != "self"]

  def class_node(self, name: str) -> ast.ClassDef:
    for node in self.tree.body:
      if isinstance(node, ast.ClassDef) and node.name == name:
        return node
    raise LookupError(f"{self.family}: no class {name}")

  def fields(self, cls: type) -> list[Param]:
    """The definition's fields, base-first, as dataclasses order them."""
    fields: dict[str, Param] = {}
    for klass in reversed(cls.__mro__):
      if not (isinstance(klass, type) and issubclass(klass, _base.Layer)
              and klass.__module__ == self.module.__name__):
        continue
      for node in self.class_node(klass.__name__).body:
        if (isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and not (self.segment(node.annotation) or "").startswith(
                "ClassVar")):
          name = node.target.id
          fields[name] = Param(name, self.segment(node.annotation) or "",
                               self.segment(node.value))
    return list(fields.values())

  def method(self, cls: type, name: str) -> ast.FunctionDef:
    for klass in cls.__mro__:
      if klass.__module__ == self.module.__name__ and name in vars(klass):
        return self.function_node(name, self.class_node(klass.__name__).body)
    raise LookupError(f"{cls.__name__}: no method {name}")


def definitions(source: Source) -> tuple[list[tuple[str, FunctionTemplate]],
                                         list[type]]:
  """The module's function templates and layer definitions, in source
  order."""
  templates, layers = [], []
  for node in source.tree.body:
    name = getattr(node, "name", None)
    value = getattr(source.module, name, None) if name else None
    if isinstance(value, FunctionTemplate):
      templates.append((name, value))
    elif (isinstance(value, type) and issubclass(value, _base.Layer)
          and "public_name" in vars(value)):
      layers.append(value)
  return templates, layers


# -- Text helpers -----------------------------------------------------------


def wrap_items(head: str, items: list[str], tail: str, indent: int,
               close: int = 0) -> str:
  """``head(items)tail`` on one line if it fits; else the items packed on
  lines indented by ``indent``, a trailing comma, and the closing ``tail``
  on its own line indented by ``close`` (a def's signature)."""
  one = f"{head}{', '.join(items)}{tail}"
  if len(one) <= WIDTH:
    return one
  pad = " " * indent
  lines, line = [], ""
  for item in items:
    piece = item + ","
    if line and len(pad) + len(line) + len(piece) + 1 > WIDTH:
      lines.append(pad + line.rstrip())
      line = ""
    line += piece + " "
  lines.append(pad + line.rstrip())
  return head + "\n" + "\n".join(lines) + "\n" + " " * close + tail


def wrap_aligned(head: str, items: list[str], tail: str) -> str:
  """``head(items)tail``, continuation lines aligned after ``head`` (a
  call)."""
  pad = " " * len(head.split("\n")[-1])
  lines, line = [], head
  for i, item in enumerate(items):
    piece = item + ("," if i < len(items) - 1 else tail)
    if line.strip() and line != head and len(line) + len(piece) + 1 > WIDTH:
      lines.append(line.rstrip())
      line = pad
    line += piece + (" " if i < len(items) - 1 else "")
  lines.append(line)
  return "\n".join(lines)


def signature(params: list[Param], *, self_param: bool = False,
              star_before: Optional[str] = None) -> list[str]:
  """Parameter texts, with ``*`` before the first keyword-only one."""
  out = ["self"] if self_param else []
  star = False
  for p in params:
    if (p.keyword_only or p.name == star_before) and not star:
      out.append("*")
      star = True
    out.append(p.text())
  return out


def identifiers(*texts: Optional[str]) -> set[str]:
  found: set[str] = set()
  for t in texts:
    if t:
      found.update(re.findall(r"(?<![.\w])([A-Za-z_]\w*)", t))
  return found


def imports_for(source: Source, names: set[str]) -> list[str]:
  """The import lines (grouped) that bind ``names`` as the definition
  module binds them, or from the definition module itself."""
  froms: dict[str, list[str]] = {}
  plain: set[str] = set()
  for name in sorted(names):
    statement = source.imports.get(name)
    if statement is None:
      if hasattr(source.module, name) and not hasattr(__builtins__, name):
        statement = f"from {source.module.__name__} import {name}"
      else:
        continue
    if statement.startswith("import "):
      plain.add(statement)
      continue
    module, _, bound = statement[5:].partition(" import ")
    froms.setdefault(module, []).append(bound)
  third = sorted(s for s in plain if not s.startswith("import jaxpool"))
  lines = third[:]
  for module in sorted(froms, key=lambda m: (m.startswith("jaxpool"), m)):
    lines.append(f"from {module} import {', '.join(sorted(froms[module]))}")
  return lines


def render(template: str, n: int, fields: dict[str, str]) -> str:
  """Fills a docstring template for rank ``n``: the rank fields, then the
  family's fields (themselves templates over the rank fields)."""
  base = {**_docs.rank_fields(n), **fields}
  filled = {k: v.format_map(base) for k, v in fields.items()}
  return template.format_map({**base, **filled})


def example_section(body: str, framework: str) -> str:
  alias = {"functional": "F", "nn": "jnn", "nnx": "jnnx"}[framework]
  lines = ["  Example:", "    >>> import jax, jax.numpy as jnp",
           f"    >>> import jaxpool.{framework} as {alias}"]
  if framework == "nnx":
    lines.append("    >>> from flax import nnx")
  return "\n".join(lines) + "\n" + body.rstrip() + "\n"


def docstring(text: str, indent: int) -> str:
  """A docstring literal whose text is already indented for its place."""
  pad = " " * indent
  text = text.rstrip() + "\n" + pad
  if "\\" in text:
    return f'r"""{text}"""'
  return f'"""{text}"""'


def split_sections(doc: str) -> tuple[str, dict[str, str]]:
  """A rendered Google docstring as (preamble, {section: body}); section
  bodies keep their indentation."""
  parts = re.split(r"^  ([A-Z][A-Za-z ]*):\n", doc, flags=re.M)
  sections = {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}
  return parts[0], sections


def reflow(entry: str) -> str:
  """An ``Args`` entry rewrapped if rendering made a line too long."""
  if all(len(line) <= WIDTH - 1 for line in entry.splitlines()):
    return entry
  words = " ".join(line.strip() for line in entry.splitlines())
  return textwrap.fill(words, WIDTH - 1, initial_indent="    ",
                       subsequent_indent="      ",
                       break_long_words=False, break_on_hyphens=False) + "\n"


def arg_entries(section: str) -> dict[str, str]:
  """An ``Args`` body as {name: entry lines}."""
  entries: dict[str, str] = {}
  current = None
  for line in section.splitlines(keepends=True):
    m = re.match(r"^    (\w+)( \([^)]*\))?:", line)
    if m:
      current = m.group(1)
      entries[current] = line
    elif current is not None and line.strip():
      entries[current] += line
  return {name: reflow(entry) for name, entry in entries.items()}


# -- Functions --------------------------------------------------------------


def function_doc(source: Source, template: FunctionTemplate, n: int) -> str:
  """The rendered docstring of a template's rank-``n`` function, without
  its example, its ``Args`` entries rewrapped where rendering made them
  long."""
  raw = template.doc
  if raw is None:
    node = source.function_node(template.template.__name__)
    raw = ast.get_docstring(node, clean=False)
  if raw is None:
    raise ValueError(f"{template.name}: no docstring template")
  fields = {**template.fields, **template.rank_fields.get(n, {})}
  doc = render(raw, n, fields)
  pre, sections = split_sections(doc)
  if template.args_from is not None:
    _, theirs = split_sections(function_doc(source, template.args_from, n))
    own = arg_entries(sections.get("Args", ""))
    given = arg_entries(theirs["Args"])
    node = source.function_node(template.template.__name__)
    names = [p.name for p in source.params(node)]
    sections = {"Args": "".join(own.get(a) or given[a] for a in names)
                + "\n", **{k: v for k, v in sections.items() if k != "Args"}}
    if "Shape" in theirs and "Shape" not in sections:
      sections["Shape"] = theirs["Shape"]
  if "Args" in sections:
    sections["Args"] = "".join(arg_entries(sections["Args"]).values())
  return pre.rstrip() + "\n\n" + "\n".join(
      f"  {title}:\n{body.rstrip()}\n" for title, body in sections.items())


def write_function(source: Source, template: FunctionTemplate,
                   n: int) -> str:
  node = source.function_node(template.template.__name__)
  params = [p for p in source.params(node)
            if n in template.rank_only.get(p.name, (n,))]
  name = template.public_name(n)
  returns = source.segment(node.returns) or "jax.Array"
  lines = []
  ov = template.overload
  if ov is not None:
    lines += overloads(name, params, ov)
  head = f"def {name}("
  lines.append(wrap_items(head, signature(params), f") -> {returns}:", 4))
  doc = (function_doc(source, template, n).rstrip() + "\n\n"
         + example_section(template.examples[n], "functional"))
  lines.append("  " + docstring(doc, 2))
  lines.append(core_call(source, template, n, params))
  return "\n".join(lines) + "\n"


def overloads(name: str, params: list[Param], ov: Any) -> list[str]:
  """Four overloads: a literal False, a keyword True, a positional True
  (earlier defaults dropped) and a plain bool."""
  flag = next(i for i, p in enumerate(params) if p.name == ov.flag)
  if any(not p.keyword_only for p in params[flag + 1:]):
    raise ValueError(f"{name}: the overload flag must be the last "
                     "positional parameter")
  before, after = params[:flag], params[flag + 1:]
  p = params[flag]
  variants = [
      (signature(before) + [p.text("Literal[False]")] + _kw(after),
       ov.when_false),
      (signature(before) + ["*", p.text("Literal[True]", None)]
       + [a.text() for a in after], ov.when_true),
      ([b.text(default=None) for b in before]
       + [p.text("Literal[True]", None)] + _kw(after), ov.when_true),
      (signature(before) + [p.text("bool")] + _kw(after), "MaybeIndexed"),
  ]
  out = []
  for items, returns in variants:
    out.append("@overload")
    out.append(wrap_items(f"def {name}(", items, f") -> {returns}: ...",
                          4))
  return out


def _kw(params: list[Param]) -> list[str]:
  return (["*"] + [p.text() for p in params]) if params else []


def core_call(source: Source, template: FunctionTemplate, n: int,
              params: list[Param]) -> str:
  """``return core(name, n, ...)``, arguments in the core's order."""
  given = {p.name: p.name for p in params}
  node = source.function_node(template.template.__name__)
  defaults = {p.name: p.default for p in source.params(node)}
  core_params = list(inspect.signature(template.core).parameters)[2:]
  args = []
  for name in core_params:
    if name in template.fixed:
      args.append(template.fixed[name])
    elif name in given:
      args.append(name)
    elif name in defaults:  # an argument this rank does not have
      args.append(str(defaults[name]))
    else:
      raise ValueError(f"{template.public_name(n)}: no value for the core's "
                       f"parameter {name!r}")
  core = _core_alias(template.core)
  return wrap_aligned(f"  return {core}(",
                      [f'"{template.public_name(n)}"', str(n)] + args, ")")


def _core_alias(core: Callable[..., Any]) -> str:
  return f"_{core.__module__.rsplit('.', 1)[-1]}.{core.__name__}"


def write_api(source: Source, templates: list[tuple[str, FunctionTemplate]]
              ) -> str:
  bodies, names = [], set()
  for _, template in templates:
    node = source.function_node(template.template.__name__)
    for p in source.params(node):
      names |= identifiers(p.annotation, p.default)
    names |= identifiers(source.segment(node.returns))
    if template.overload is not None:
      names |= identifiers(template.overload.when_false,
                           template.overload.when_true)
    for n in template.ranks:
      bodies.append(write_function(source, template, n))
  cores = sorted({(t.core.__module__, t.core.__module__.rsplit(".", 1)[-1])
                  for _, t in templates})
  head = HEADER.format(what=f"Public {source.family} functions",
                       family=source.family)
  lines = [head, "from __future__ import annotations", ""]
  typing_names = {"Literal", "overload"} if any(
      t.overload for _, t in templates) else set()
  typing_names |= names & {"Optional", "Sequence", "Union", "Any"}
  if typing_names:
    lines.append(f"from typing import {', '.join(sorted(typing_names))}")
    lines.append("")
  lines.append("import jax")
  others = imports_for(source, names - typing_names - {"jax"})
  if any(t.overload for _, t in templates):
    others.append("from jaxpool._src.core.args import MaybeIndexed")
  lines += _sorted_unique(others)
  lines += [f"from {'.'.join(m.split('.')[:-1])} import {alias} as _{alias}"
            for m, alias in cores]
  return "\n".join(lines) + "\n\n\n" + "\n\n".join(bodies)


def _sorted_unique(lines: list[str]) -> list[str]:
  merged: dict[str, set[str]] = {}
  plain = []
  for line in lines:
    if line.startswith("from "):
      module, _, names = line[5:].partition(" import ")
      merged.setdefault(module, set()).update(
          n.strip() for n in names.split(","))
    elif line not in plain:
      plain.append(line)
  third = [f"from {m} import {', '.join(sorted(v))}"
           for m, v in sorted(merged.items()) if not m.startswith("jaxpool")]
  ours = [f"from {m} import {', '.join(sorted(v))}"
          for m, v in sorted(merged.items()) if m.startswith("jaxpool")]
  return sorted(plain) + third + ([""] if ours else []) + ours


# -- Modules ----------------------------------------------------------------


@dataclasses.dataclass
class LayerShape:
  """What a definition's classes look like in one framework."""
  fields: list[Param]     # constructor fields (both frameworks)
  sizes: list[Param]      # NNX's keyword-only sizes
  call: list[Param]       # forward's parameters (without randomness)
  returns: str
  random: bool
  switchable: bool
  random_weights: bool


def layer_shape(source: Source, cls: type, n: int) -> LayerShape:
  fields = [f for f in source.fields(cls)
            if n in cls.rank_only.get(f.name, (n,))]
  sizes = [f for f in fields if f.name in cls.sizes]
  fields = [f for f in fields if f.name not in cls.sizes]
  forward = source.method(cls, "forward")
  call = source.params(forward)
  random = issubclass(cls, _base.Random)
  if random:
    if not call or call[-1].name != "random":
      raise ValueError(f"{cls.__name__}.forward must take `random` last")
    call = call[:-1]
  returns = source.segment(forward.returns) or "jax.Array"
  return LayerShape(fields, sizes, call, returns, random,
                    issubclass(cls, _base.Switchable), cls.random_init)


def module_doc(source: Source, cls: type, n: int, framework: str,
               shape: LayerShape) -> str:
  raw = None
  for klass in cls.__mro__:  # its own, else its nearest definition base's
    if issubclass(klass, _base.Layer) and klass is not _base.Layer:
      home = Source.load(klass.__module__.rsplit(".", 1)[-1])
      raw = ast.get_docstring(home.class_node(klass.__name__), clean=False)
      if raw is not None:
        break
  if raw is None:
    raise ValueError(f"{cls.__name__} has no docstring")
  function = cls.function
  fn_doc, fn_name = "", ""
  if isinstance(function, FunctionTemplate):
    fn_doc = function_doc(source, function, n)
    fn_name = function.public_name(n)
  elif function is not None:
    fn_name = function.__name__
    fn_doc = "  " + inspect.cleandoc(function.__doc__ or "").replace(
        "\n", "\n  ") + "\n"
    fn_doc = re.sub(r"^  $", "", fn_doc, flags=re.M)
  fields = dict(fn=fn_name, name=cls.public_name.format(n=n),
                **cls.doc_fields)
  own_pre, own = split_sections(render(raw, n, fields))
  _, theirs = split_sections(fn_doc)
  own_note = cls.notes.get(framework)
  notes = [render(own_note, n, {}) if own_note else None]
  if shape.switchable:
    notes.append(SWITCH_NOTES[framework])
  if shape.random:
    collection = next(f.default for f in shape.fields
                      if f.name == "rng_collection").strip("\"'")
    notes.append(RANDOM_NOTES[framework].format(collection=collection))
  pre = own_pre.rstrip() + "\n"
  for note in filter(None, notes):
    pre += "\n" + textwrap.fill(note, 78,
                                initial_indent="  ",
                                subsequent_indent="  ") + "\n"
  own_args = arg_entries(own.get("Args", ""))
  fn_args = arg_entries(theirs.get("Args", ""))
  names = [f.name for f in shape.fields]
  if framework == "nnx":
    names += [f.name for f in shape.sizes]
  entries = []
  for name in names:
    entry = own_args.get(name) or fn_args.get(name)
    if entry is None:
      raise ValueError(f"{cls.public_name.format(n=n)}: no Args entry for "
                       f"{name!r} in the definition or its function")
    entries.append(entry.rstrip("\n"))
  if framework == "nnx" and (shape.random or shape.random_weights):
    text = NNX_RNGS_RANDOM if shape.random else NNX_RNGS_WEIGHTS
    entries.append(textwrap.fill(text, 78, initial_indent="    ",
                                 subsequent_indent="      "))
  sections = [pre.rstrip()]
  if entries:
    # A linen Module's constructor arguments are dataclass fields: Google
    # style (and griffe) call them Attributes.
    title = "Attributes" if framework == "nn" else "Args"
    sections.append(f"  {title}:\n" + "\n".join(entries))
  for title, body in own.items():
    if title != "Args":
      sections.append(f"  {title}:\n{body.rstrip()}")
  if "Shape" not in own and "Shape" in theirs:
    sections.append(f"  Shape:\n{theirs['Shape'].rstrip()}")
  sections.append(example_section(example(cls, n, framework, shape),
                                  framework).rstrip())
  return "\n\n".join(sections) + "\n"


def example(cls: type, n: int, framework: str, shape: LayerShape) -> str:
  given = cls.examples[n]
  if isinstance(given, dict):
    return given[framework]
  if framework == "nn":
    return given
  if shape.random or re.search(r"\.init\(|params|rngs=", given):
    raise ValueError(f"{cls.public_name.format(n=n)}: a stateful layer's "
                     "example needs an explicit NNX form")
  return given.replace("jnn.", "jnnx.").replace(".apply({}, ", "(")


def write_class(source: Source, cls: type, n: int, framework: str) -> str:
  name = cls.public_name.format(n=n)
  shape = layer_shape(source, cls, n)
  base = ("Switchable" if shape.switchable and framework == "nnx"
          else "Layer")
  lines = [f"class {name}({base}, _definitions.{cls.__name__}):",
           "  " + docstring(module_doc(source, cls, n, framework, shape), 2),
           f'  __module__ = "{FRAMEWORKS[framework]["module"]}"']
  if cls.ranks:
    lines.append(f"  ndim = {n}")
  forward_args = [p.name for p in shape.call]
  if framework == "nn":
    lines += [f"  {f.text()}" for f in shape.fields]
    extra = []
    if shape.switchable:
      extra.append(Param("deterministic", "Optional[bool]", "None"))
    if shape.random:
      extra.append(Param("rng", "Optional[jax.Array]", "None"))
    randomness = (
        [f"self.randomness({'deterministic' if shape.switchable else 'None'}"
         ", rng)"] if shape.random else [])
    lines += ["", "  @nn.compact",
              wrap_items("  def __call__(", signature(shape.call + extra,
                                                      self_param=True),
                         f") -> {shape.returns}:", 6, 2),
              wrap_aligned("    return self.forward(",
                           forward_args + randomness, ")")]
  else:
    init = shape.fields + [dataclasses.replace(s, keyword_only=True)
                           for s in shape.sizes]
    if shape.random:
      init.append(Param("rngs", "random.RngsLike", "None",
                        keyword_only=True))
    elif shape.random_weights:
      init.append(Param("rngs", "nnx.Rngs", None, keyword_only=True))
    lines += ["", wrap_items("  def __init__(",
                             signature(init, self_param=True), ") -> None:",
                             6, 2)]
    lines += [f"    self.{f.name} = {f.name}"
              for f in shape.fields + shape.sizes]
    lines.append("    self.start(rngs)" if shape.random or
                 shape.random_weights else "    self.start()")
    extra = []
    if shape.switchable:
      extra.append(Param("deterministic", "Optional[bool]", "None",
                         keyword_only=True))
    if shape.random:
      extra.append(Param("rngs", "random.CallRngs", "None",
                         keyword_only=True))
    randomness = (
        [f"self.randomness({'deterministic' if shape.switchable else 'None'}"
         ", rngs)"] if shape.random else [])
    lines += ["", wrap_items("  def __call__(", signature(
        shape.call + extra, self_param=True), f") -> {shape.returns}:", 6, 2),
              wrap_aligned("    return self.forward(",
                           forward_args + randomness, ")")]
  return "\n".join(lines) + "\n"


def write_modules(source: Source, layers: list[type], framework: str) -> str:
  info = FRAMEWORKS[framework]
  bodies, names = [], set()
  for cls in layers:
    if framework not in cls.frameworks:
      continue
    for n in (cls.ranks or (0,)):
      shape = layer_shape(source, cls, n)
      for p in shape.fields + shape.sizes + shape.call:
        names |= identifiers(p.annotation, p.default)
      names |= identifiers(shape.returns)
      bodies.append(write_class(source, cls, n, framework))
  head = HEADER.format(what=info["what"], family=source.family)
  typing_names = (names | {"Optional"}) & {"Optional", "Sequence", "Union",
                                           "Any", "Callable"}
  lines = [head, "from __future__ import annotations", ""]
  if typing_names:
    lines += [f"from typing import {', '.join(sorted(typing_names))}", ""]
  lines.append("import flax.linen as nn" if framework == "nn"
               else "from flax import nnx")
  lines.append("import jax")
  others = imports_for(source, names - typing_names - {"jax", "nn", "nnx"})
  others.append(f"from jaxpool._src.layers import {source.family} as "
                "_definitions")
  pkg = info["package"]
  base_names = ["Layer"]
  if framework == "nnx" and any(issubclass(c, _base.Switchable)
                                for c in layers):
    base_names.append("Switchable")
  others.append(f"from jaxpool._src.{pkg}.base import "
                f"{', '.join(base_names)}")
  if framework == "nnx" and any(issubclass(c, _base.Random) for c in layers):
    others.append("from jaxpool._src.nnx import random")
  lines += _sorted_unique(others)
  return "\n".join(lines) + "\n\n\n" + "\n\n".join(bodies)


# -- The package's import lists ---------------------------------------------


def public_names(layers_by_family: dict[str, tuple[list, list]]
                 ) -> dict[str, list[tuple[str, str]]]:
  """(module, name) pairs each public module re-exports."""
  out: dict[str, list[tuple[str, str]]] = {"functional": [], "nn": [],
                                            "nnx": []}
  for family, (templates, layers) in layers_by_family.items():
    for _, t in templates:
      for n in t.ranks:
        out["functional"].append((f"jaxpool._src.api.{family}",
                                  t.public_name(n)))
    for cls in layers:
      for fw in cls.frameworks:
        pkg = FRAMEWORKS[fw]["package"]
        for n in (cls.ranks or (0,)):
          out[fw].append((f"jaxpool._src.{pkg}.{family}",
                          cls.public_name.format(n=n)))
  return out


MARK_BEGIN = "# generated: begin (tools/generate_layers.py)"
MARK_END = "# generated: end"


def with_region(text: str, lines: list[str]) -> str:
  start, end = text.index(MARK_BEGIN), text.index(MARK_END)
  return (text[:start + len(MARK_BEGIN)] + "\n" + "\n".join(lines) + "\n"
          + text[end:])


def outputs() -> dict[Path, str]:
  """Every generated file (or file with a generated region) and its text."""
  files: dict[Path, str] = {}
  found = {}
  for family in _layers.FAMILIES:
    source = Source.load(family)
    templates, layers = definitions(source)
    found[family] = (templates, layers)
    if templates:
      files[ROOT / "jaxpool/_src/api" / f"{family}.py"] = write_api(
          source, templates)
    for fw, info in FRAMEWORKS.items():
      chosen = [c for c in layers
                if fw in c.frameworks]
      if chosen:
        files[ROOT / "jaxpool/_src" / info["package"] / f"{family}.py"] = (
            write_modules(source, chosen, fw))
  for public, pairs in public_names(found).items():
    path = ROOT / "jaxpool" / f"{public}.py"
    current = path.read_text()
    if MARK_BEGIN not in current:
      continue
    lines = [f"from {m} import {n}" for m, n in sorted(pairs,
                                                       key=lambda p: p[1])]
    begin, end = current.index(MARK_BEGIN), current.index(MARK_END)
    by_hand = re.findall(r"^from \S+ import (\w+)$",
                         current[:begin] + current[end:], flags=re.M)
    exported = sorted({n for _, n in pairs} | set(by_hand))
    lines += ["", "__all__ = ["] + [f'    "{n}",' for n in exported] + ["]"]
    files[path] = with_region(current, lines)
  return files


def main(argv: Optional[list[str]] = None) -> int:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("--check", action="store_true",
                      help="exit 1 if a generated file is stale")
  args = parser.parse_args(argv)
  stale = []
  for path, text in outputs().items():
    if not path.exists() or path.read_text() != text:
      stale.append(path.relative_to(ROOT))
      if not args.check:
        path.write_text(text)
  if args.check and stale:
    print("stale (run python tools/generate_layers.py):",
          *map(str, stale), sep="\n  ")
    return 1
  print(("written: " if stale else "up to date") +
        ", ".join(map(str, stale)))
  return 0


if __name__ == "__main__":
  sys.exit(main())
