"""Local-first review of AI vendor contracts."""

__version__ = "0.1.0"
