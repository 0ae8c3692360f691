"""Content packs: reading a pack folder and checking everything before anything is written."""
