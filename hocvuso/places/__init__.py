"""The tree of administrative units: the nation, provinces, communes and the sub-units below."""
