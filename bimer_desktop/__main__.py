import sys

from bimer_desktop.launch import main

sys.exit(main())
