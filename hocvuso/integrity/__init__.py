"""Flags on implausible records, for an officer's review."""
