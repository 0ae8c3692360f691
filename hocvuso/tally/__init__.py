"""Counters: per place, indicator, segment and day, bumped with the change they count."""
