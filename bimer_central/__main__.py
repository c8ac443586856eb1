"""``python -m bimer_central``."""

import sys

from bimer_central.cli import main

sys.exit(main())
