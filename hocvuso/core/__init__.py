"""The site shell: base pages, language and text size, errors, and NFC on every text input."""
