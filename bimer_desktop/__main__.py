import sys

from bimer_desktop.cli import main

sys.exit(main())
