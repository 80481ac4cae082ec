"""Headless training and evaluation of colorization models (never imports Qt)."""
