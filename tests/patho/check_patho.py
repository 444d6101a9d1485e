#!/usr/bin/env python3
"""Hostile inputs of at least 10 MB each: unionnews must read every one in
time and memory within a few times those of a plain page of the same size
(the seed bulletin repeated), and exit as it should.

usage: check_patho.py UNIONNEWS WORKDIR [--no-timing] [--mb N]
--no-timing (for sanitizer and valgrind builds) only checks that each
input is read, with the right exit status, within the ctest timeout;
--mb N makes the inputs N MB instead of 10 (for valgrind)."""
import os
import subprocess
import sys
import time

MB = 1 << 20
SIZE = 10 * MB
RATIO = 3.0
RUNS = 3


def repeat_to(unit, size):
    b = unit.encode('utf-8')
    return b * (size // len(b) + 1)


def inputs(seed):
    text = seed.replace('\r', '')
    flat = text.replace('\n', '')
    unquoted = text.replace('\u201d', '').replace('\u201c', '')
    # an opening mark every 100 bytes or so, never closed
    sprinkled = []
    for para in unquoted.split('\n'):
        sprinkled.append('\u201c'.join(para[i:i + 33] for i in range(0, len(para), 33)))
    depth = MB // 6  # 1 MB of marks, nested
    return [
        ('plain', repeat_to(text, SIZE), 0),
        ('one-line', repeat_to(flat, SIZE) + b'\n', 0),
        ('empty-lines', b'\n' * SIZE, 0),
        ('unmatched-quotes', repeat_to('\n'.join(sprinkled) + '\n', SIZE), 0),
        ('nested-quotes', repeat_to('\u201c' * depth + '工会' + '\u201d' * depth + '\n', SIZE), 0),
        ('digits', ('1' * 10**6 + '\n').encode() * (SIZE // 10**6 + 1), 0),
        ('nfkc-bomb', repeat_to('\ufdfa' * 1000 + '\n', SIZE), 0),
    ]


def run(binary, args, path):
    """Seconds, exit status and stderr of one run, its output read through
    a pipe."""
    t0 = time.perf_counter()
    p = subprocess.Popen([binary] + args + ['-j', '1', path], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    while p.stdout.read(1 << 16):
        pass
    err = p.stderr.read()
    rc = p.wait()
    return time.perf_counter() - t0, rc, err


def peak_kb(binary, args, path):
    """Peak resident memory of one run, from /usr/bin/time if there is one."""
    if not os.path.exists('/usr/bin/time'):
        return None
    p = subprocess.run(['/usr/bin/time', '-f', '%M', binary] + args + ['-j', '1', path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        return int(p.stderr.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None


def main():
    global SIZE
    binary, work = sys.argv[1], sys.argv[2]
    timing = '--no-timing' not in sys.argv
    if '--mb' in sys.argv:
        SIZE = int(sys.argv[sys.argv.index('--mb') + 1]) * MB
    here = os.path.dirname(os.path.abspath(__file__))
    seed = open(os.path.join(here, '..', '..', 'data', 'bulletin.txt'), encoding='utf-8').read()
    os.makedirs(work, exist_ok=True)
    failures = 0
    plain = {}
    for name, data, want_rc in inputs(seed):
        assert len(data) >= SIZE, name
        path = os.path.join(work, name + '.txt')
        with open(path, 'wb') as f:
            f.write(data)
        for label, args in (('stats', ['stats']), ('articles', ['articles', '-f', 'jsonl'])):
            best = None
            for _ in range(RUNS if timing else 1):
                t, rc, err = run(binary, args, path)
                if rc != want_rc:
                    print(f'FAIL {name} {label}: exit {rc}, wanted {want_rc}: {err[:300]!r}')
                    failures += 1
                    break
                best = t if best is None else min(best, t)
            if best is None:
                continue
            kb = peak_kb(binary, args, path) if timing else None
            if name == 'plain':
                plain[label] = (best, kb)
            line = f'{name:17} {label:9} {best:6.2f} s'
            if kb:
                line += f' {kb / 1024:7.1f} MB'
            if timing and name != 'plain':
                pt, pkb = plain[label]
                ratio = best / pt
                line += f'  time x{ratio:.2f}'
                if ratio > RATIO:
                    line = 'FAIL ' + line + f' (over x{RATIO})'
                    failures += 1
                if kb and pkb:
                    mratio = kb / pkb
                    line += f'  memory x{mratio:.2f}'
                    if mratio > RATIO:
                        line = 'FAIL ' + line + f' (memory over x{RATIO})'
                        failures += 1
            print(line, flush=True)
        os.remove(path)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
