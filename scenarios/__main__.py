"""`python -m scenarios --persons N --seed S --out DIR`."""

import sys

from scenarios.cli import main

sys.exit(main())
