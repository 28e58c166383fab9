"""`python -m ingest.synthetic --persons N --seed S --out DIR`."""

import sys

from ingest.synthetic.cli import main

sys.exit(main())
