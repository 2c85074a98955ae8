"""Run one export as `manage.py export_workshops` would, and print how far the process's resident
memory rose above what it held once Django was set up (VmHWM is the peak), in MB.

python -m bench.rss_probe csv /tmp/export.csv
"""

import re
import sys
from pathlib import Path

import django


def resident_kb(field: str) -> int:
    return int(re.search(rf"{field}:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def main(fmt: str, path: str) -> None:
    django.setup()
    from django.core.management import call_command

    before = resident_kb("VmRSS")
    call_command("export_workshops", "--format", fmt, "-o", path)
    print(round((resident_kb("VmHWM") - before) / 1024, 1))


if __name__ == "__main__":
    main(*sys.argv[1:3])
