"""Colorizer: turn black-and-white photos into colour ones, and train the models that do it."""

__version__ = "0.1.0"
