"""Arabic conflict-news extraction: segmentation, numbers, casualties, actors, places, dates and events.

Each module has one job; `extract.article` ties them together for one article.
"""

from extract import native

native.install()  # compiled copies of the per-token modules, when built from the current source
