#!/usr/bin/env python
"""manage.py of the minimal django-helpdesk project the complaints bench times (bench/helpdesk_peer.sh)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer_settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
