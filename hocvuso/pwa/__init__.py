"""The installable web app: manifest, service worker, offline page and the offline outbox."""
