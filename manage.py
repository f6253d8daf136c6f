#!/usr/bin/env python
import os
import sys
from pathlib import Path

VENV = Path(__file__).resolve().parent / ".venv"
VENV_PYTHON = VENV / "bin" / "python"


def main() -> None:
    try:
        import django  # noqa: F401
    except ImportError:
        # Run with a plain `python` (as ../shared/eval/score.py does): use the project's venv,
        # which `make run` / `make test` create, instead of failing on a missing Django.
        if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != VENV.resolve():
            os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])
        raise SystemExit("Django is not installed here: run `make run` once to create .venv.") from None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
