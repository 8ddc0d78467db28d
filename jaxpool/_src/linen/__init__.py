"""flax.linen Modules: generated classes (see jaxpool/_src/layers) and base.py."""
