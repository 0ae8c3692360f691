"""The curriculum: the framework of competences, content packs, lessons and question banks."""
