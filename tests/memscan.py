#!/usr/bin/env python3
# memscan.py PID TEXT: in how many readable mappings of process PID the bytes
# of TEXT are found (for hostile.sh: a secret must not linger in memory).
import sys, re
pid, needle = int(sys.argv[1]), sys.argv[2].encode()
found = []
with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/mem", "rb", 0) as mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)", line)
        if not m or m.group(3)[0] != "r": continue
        name = m.group(4)
        if name.startswith("[vvar") or name.startswith("[vsyscall"): continue
        a, b = int(m.group(1), 16), int(m.group(2), 16)
        if b - a > (1 << 30): continue
        pos, tail = a, b""
        while pos < b:
            n = min(1 << 24, b - pos)
            try:
                mem.seek(pos); chunk = mem.read(n)
            except (OSError, ValueError, OverflowError):
                break
            if needle in tail + chunk:
                found.append(name or "anon"); break
            tail = chunk[-len(needle):]
            pos += n
print(len(found), " ".join(found))
