"""The PySide6 desktop app (thin views over colorizer_app.core)."""
