#!/usr/bin/python3
"""Generate tests/data/repr_cases.tsv: doubles and Python's repr() of each.

Python's repr(float) is the oracle for how an error message writes a number
(ce_format_double in ext/core/checks.c): the shortest digits that read back as
the double, positional for a decimal exponent in [-4, 16) with ".0" on a
whole number, exponent form otherwise (two exponent digits at least).
tests/reliability.test reads every row through SQL and requires the
extension's text to equal the repr exactly.

Columns:
  case   a name: the family of the value and its index in it
  bits   the IEEE 754 binary64 bit pattern, 16 hex digits, so the test binds
         exactly this double whatever its decimal parser does
  repr   repr(x) of Debian's /usr/bin/python3

Families: values at the boundaries of the two notations (1e-4, 1e-5, 1e16
and their neighbours), zeros, the subnormal and normal extremes, every power
of two, powers of ten, small integers and percentages, short decimals (few
significant digits), integers up to 2**53 and past it, random subnormals,
and random bit patterns (every exponent equally likely); half of the
random values negated. Infinities and NaN are left out (Python writes "inf"
and "nan", the extension "Inf" and "NaN"; the SQL tests check those).
Deterministic (fixed seed). Run from anywhere:

  /usr/bin/python3 tests/gen/make_repr_cases.py
"""
import math
import os
import random
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                   "data", "repr_cases.tsv")


def bits_of(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def double_of(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def neighbours(x, k=3):
    """x and the k doubles on either side of it."""
    out = [x]
    lo = hi = x
    for _ in range(k):
        lo = math.nextafter(lo, -math.inf)
        hi = math.nextafter(hi, math.inf)
        out += [lo, hi]
    return out


def main():
    rng = random.Random(20240611)
    families = []

    boundary = []
    for x in (1e-4, 1e-5, 1e16, 1e15, 9999999999999998.0, 0.0001234567890123456,
              1.0, 100.0, 0.5, 2.0 ** 53, 2.0 ** 63, 2.0 ** 64):
        boundary += neighbours(x)
    boundary += [0.1 + 0.2, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, math.pi, math.e,
                 100.5, 90.0, 1.5, -1e-09, 1e300, 1e-300, 1e22, 1e23,
                 123456789012345678.0, 5e-324, 1e-323, 2.2250738585072014e-308,
                 2.225073858507201e-308, 1.7976931348623157e308,
                 9007199254740993.0, 0.000123, 0.00001]
    families.append(("boundary", boundary))
    families.append(("zero", [0.0, -0.0]))
    families.append(("pow2", [math.ldexp(1.0, k) for k in range(-1074, 1024)]))
    families.append(("pow10", [float("1e%d" % k) for k in range(-325, 309)
                               if float("1e%d" % k) != 0.0]))
    families.append(("int", [float(i) for i in range(0, 121)]
                     + [i + 0.5 for i in range(90, 101)]))
    short = []
    for _ in range(600):
        digits = rng.randint(1, 6)
        mantissa = rng.randint(1, 10 ** digits - 1)
        exponent = rng.randint(-12, 20)
        short.append(float("%de%d" % (mantissa, exponent)))
    families.append(("short", short))
    families.append(("bigint", [float(rng.randint(1, 2 ** rng.randint(1, 70)))
                                for _ in range(300)]))
    families.append(("subnormal", [double_of(rng.randint(1, 2 ** 52 - 1))
                                   for _ in range(300)]))
    randoms = []
    while len(randoms) < 1500:
        exponent = rng.randint(0, 2046)           # every finite exponent field
        bits = (exponent << 52) | rng.getrandbits(52)
        randoms.append(double_of(bits))
    families.append(("random", randoms))

    with open(OUT, "w") as f:
        f.write("case\tbits\trepr\n")
        for name, values in families:
            for i, x in enumerate(values, 1):
                if name in ("short", "bigint", "subnormal", "random") \
                        and rng.random() < 0.5:
                    x = -x
                if math.isinf(x) or math.isnan(x):
                    continue
                f.write("%s-%d\t%016x\t%s\n" % (name, i, bits_of(x), repr(x)))


if __name__ == "__main__":
    main()
