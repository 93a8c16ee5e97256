#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyportal.settings")
    # On a developer's machine manage.py works without any configuration (DEBUG with a dev
    # key). Production always sets SECRET_KEY, and gunicorn and Celery never take this path,
    # so a deployment without a key still fails loudly.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
