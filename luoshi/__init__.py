"""luoshi (落实): Chinese government work reports as tracked, verifiable commitments."""
from .model import Document
from .pipeline import analyze, read

__all__ = ["Document", "analyze", "read"]
__version__ = "0.1.0"
