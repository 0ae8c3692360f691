"""hocvuso: digital skills for every citizen."""

__version__ = "0.5.0"
