"""Learner pages."""
