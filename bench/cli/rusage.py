#!/usr/bin/env python3
"""Runs a command and writes its wall, user and system seconds (microseconds), peak RSS (KiB) and
minor page faults to a file: GNU time's '%e %U %S %M %R', without its 10 ms rounding, which made
a 0.06 s run anything from 0.055 to 0.065 s and ratios at 100 resources a matter of one tick.

    python3 bench/cli/rusage.py <out-file> <command> [args...]

The figures are wait4()'s for the child, which include the children it waited for (as with GNU
time, so `timeout cmd` passes its child's through). Exits with the command's status, 128 + the
signal number when a signal ended it, 127 when it could not be started.
"""
import os
import sys
import time


def write(figures):
    with open(out, "w") as f:
        f.write(" ".join(figures) + "\n")


out, command = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
try:
    pid = os.posix_spawnp(command[0], command, os.environ)
except OSError as error:
    sys.stderr.write(f"rusage.py: cannot run {command[0]}: {error}\n")
    write(["0"] * 5)  # as GNU time does: a line to read, and the status says what happened
    sys.exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
write([f"{wall:.6f}", f"{usage.ru_utime:.6f}", f"{usage.ru_stime:.6f}", str(usage.ru_maxrss), str(usage.ru_minflt)])
sys.exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
