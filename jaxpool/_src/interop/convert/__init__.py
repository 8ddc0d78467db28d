"""Whole-model conversion from PyTorch: see ``api.py`` for the steps."""
