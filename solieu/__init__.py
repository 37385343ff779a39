"""solieu — số liệu: figures from Vietnamese education reports into tables."""

__version__ = "0.1.0"
