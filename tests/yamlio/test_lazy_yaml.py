"""PyYAML loads when a document is parsed or written, not when the reader is imported."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_reader_does_not_load_pyyaml() -> None:
    code = (
        "import sys\n"
        "from gapplan.yamlio.reader import dump_yaml, parse_yaml\n"
        "before = 'yaml' in sys.modules\n"
        "doc = parse_yaml('a: [1, x]\\n', 'f.yaml')\n"
        "print(before, doc.data, dump_yaml({'b': 'yes'}).strip())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout == "False {'a': [1, 'x']} b: 'yes'\n"
