#!/usr/bin/env python3
"""Writes the synthetic fallback corpus of the version benchmarks (benches/data/*.tsv).

The benchmarks prefer real inputs (the machine's apt lists, the real RPM EVRs of the shared
folder); this corpus is only used where those are absent, so that `cargo bench` runs anywhere.
It is synthetic — made here from the shapes real versions take, not copied from any source — and
deterministic (fixed seed): running this script again rewrites the same bytes.

Format: `name<TAB>version` lines; several versions per name make the same-package pairs
(a version history: security updates, rebuilds, new upstream releases of one package).

Usage: python3 scripts/gen-version-corpus.py
"""

import pathlib
import random

PACKAGES = 900
OUT = pathlib.Path(__file__).resolve().parent.parent / "benches" / "data"

SYLLABLES = ["lib", "gtk", "py", "xml", "ssl", "net", "core", "util", "font", "perl", "kde",
             "gnome", "ruby", "java", "sql", "mail", "zip", "img", "dev", "cups", "snd", "gl"]


def name(rng):
    parts = rng.sample(SYLLABLES, rng.randint(1, 3))
    suffix = rng.choice(["", "", str(rng.randint(0, 9)), "-dev", "-common", "-data", "-utils"])
    return "".join(parts) + suffix


def upstream(rng):
    shape = rng.random()
    if shape < 0.6:
        parts = [rng.randint(0, 9), rng.randint(0, 40)] + ([rng.randint(0, 30)] if rng.random() < 0.7 else [])
        text = ".".join(map(str, parts))
    elif shape < 0.75:
        text = f"{rng.randint(0, 3)}.{rng.randint(0, 99)}{rng.choice('abcdefghijk')}"
    elif shape < 0.9:
        text = f"0.0~git{rng.randint(2015, 2024)}{rng.randint(1, 12):02}{rng.randint(1, 28):02}.{rng.getrandbits(28):07x}"
    else:
        text = f"{rng.randint(2015, 2024)}{rng.randint(1, 12):02}{rng.randint(1, 28):02}"
    return text + rng.choice(["", "", "", "+dfsg", "+ds", ".dfsg.1", "~rc1", "+really1.0"])


def deb_history(rng):
    epoch = rng.choice(["", "", "", "", "", "", "", "", "1:", "2:"])
    up = upstream(rng)
    native = rng.random() < 0.1
    rev = rng.randint(1, 12)
    versions = []
    for _ in range(rng.randint(2, 5)):
        if native:
            versions.append(epoch + up)
            up += rng.choice(["", ".1", "+nmu1", "+b1"])
            continue
        kind = rng.random()
        if kind < 0.5:
            extra = rng.choice(["", f"+deb12u{rng.randint(1, 6)}", f"~deb11u{rng.randint(1, 4)}", f"+b{rng.randint(1, 3)}"])
        else:
            extra = rng.choice(["", f"+deb12u{rng.randint(1, 6)}"])
            rev += 1
        versions.append(f"{epoch}{up}-{rev}{extra}")
        if rng.random() < 0.2:
            up = upstream(rng)
            rev = 1
    return versions


def rpm_history(rng):
    epoch = rng.choice(["", "", "", "", "", "", "", "1:", "2:", "0:"])
    parts = [rng.randint(0, 9), rng.randint(0, 30), rng.randint(0, 40)]
    version = ".".join(map(str, parts[: rng.randint(2, 3)])) + rng.choice(["", "", "", "a", "k", "~rc1", "^20230101git"])
    versions = []
    for _ in range(rng.randint(2, 5)):
        rel = rng.randint(1, 60)
        dist = rng.choice([
            f"amzn2023.0.{rng.randint(1, 9)}", f"amzn2.0.{rng.randint(1, 9)}", f"{rng.randint(1, 9)}.amzn1",
            f"el8_{rng.randint(1, 9)}", "el9", f"el9_{rng.randint(0, 4)}.{rng.randint(1, 3)}", "el7_9",
            f"fc{rng.randint(35, 40)}", f"150500.{rng.randint(1, 9)}.{rng.randint(1, 40)}.1", "ph3",
        ])
        versions.append(f"{epoch}{version}-{rel}.{dist}")
        if rng.random() < 0.3:
            parts[-1] += 1
            version = ".".join(map(str, parts))
    return versions


def write(path, history, seed):
    rng = random.Random(seed)
    lines = []
    for _ in range(PACKAGES):
        package = name(rng)
        lines.extend(f"{package}\t{v}\n" for v in dict.fromkeys(history(rng)))
    path.write_text("".join(lines))
    print(f"wrote {path} ({len(lines)} lines)")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "deb-versions.tsv", deb_history, 1)
    write(OUT / "rpm-versions.tsv", rpm_history, 2)
