"""Landing-folder ingest: discover files, parse them into articles, quarantine what cannot be loaded."""
