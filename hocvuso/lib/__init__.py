"""Helpers with no Django in them: text, phones, dates, PDF."""
