"""`python -m probes`: see probes/run.py."""

import sys

from .run import main

sys.exit(main())
