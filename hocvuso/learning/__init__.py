"""Learner pages, learning events, progress, attempts, mastery and assessments."""
