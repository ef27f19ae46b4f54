"""Placement: matching children in care with foster families and family homes."""

__version__ = "0.1.0"
