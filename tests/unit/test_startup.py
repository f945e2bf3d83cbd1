"""A worker's start-up: the extractor never imports camel-tools' Unicode-wide character sets (a third
of a second and tens of megabytes per process), and the two small sets it spells out instead are
camel-tools' own."""

import os
import subprocess
import sys
from pathlib import Path

from camel_tools.utils import charsets

from extract import text

REPO = Path(__file__).resolve().parents[2]


def test_the_arabic_sets_are_camel_tools_own():
    assert text.AR_LETTERS_CHARSET == charsets.AR_LETTERS_CHARSET
    assert text.AR_DIAC_CHARSET == charsets.AR_DIAC_CHARSET


def test_extracting_an_article_imports_no_unicode_wide_sets():
    code = (
        "import sys; from datetime import date; from extract.article import prepare_extractor;"
        "prepare_extractor(); print('camel_tools.utils.charsets' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
