"""The headless engine: colour science, image files, models, colorizing. Never imports Qt."""
