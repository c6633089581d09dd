"""Near-duplicate text families, a line-for-line port of src/graph/text-similarity.ts.

Every hash is the TypeScript one in unsigned 32-bit arithmetic (Math.imul == (a * b) & MASK), so
signatures, LSH bucket keys and leader choices are bit-identical. JavaScript measures string length
in UTF-16 code units, so lengths here are UTF-16 lengths too.
"""
import math
from operator import eq
import unicodedata

from .quotations import HANDLE_OR_LINK, without_quotations

MASK = 0xFFFFFFFF
HASHES = 32
BANDS = 16
ROWS = HASHES // BANDS
EMPTY = 0xFFFFFFFF
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
# src/graph/text-similarity.ts: a CJK character counts three against the minimum length.
CJK_WEIGHT = 3


def utf16_len(s):
    return len(s) + sum(1 for c in s if ord(c) > 0xFFFF)


def is_cjk(cp):
    return 0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x9FFF or 0xAC00 <= cp <= 0xD7AF or 0xF900 <= cp <= 0xFAFF




def normalise(text):
    """NFKC, lower case, without quotations (quotations.py), @handles and links, only letters and
    digits (JS: /[^\\p{L}\\p{N}]+/gu removed)."""
    low = without_quotations(unicodedata.normalize("NFKC", text).lower())
    if "@" in low or "http" in low:
        low = HANDLE_OR_LINK.sub(" ", low)
    return "".join(c for c in low if unicodedata.category(c)[0] in "LN")


def mix(x, seed):
    h = (x ^ seed) & MASK
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & MASK
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & MASK
    return (h ^ (h >> 16)) & MASK


def shingles(norm):
    cps = [ord(c) for c in norm]
    cjk = sum(1 for cp in cps if is_cjk(cp))
    k = 2 if cjk * 2 >= len(cps) else 3
    out = []
    c0 = c1 = c2 = 0
    for seen, cp in enumerate(cps, 1):
        c0, c1, c2 = c1, c2, cp
        if seen < k:
            continue
        h = FNV_OFFSET
        if k == 3:
            h = ((h ^ c0) * FNV_PRIME) & MASK
        h = ((h ^ c1) * FNV_PRIME) & MASK
        h = ((h ^ c2) * FNV_PRIME) & MASK
        out.append(mix(h, 0x9747B28C))
    if not out:
        # Shorter than one shingle: the whole text (its UTF-16 code units) is the shingle.
        h = FNV_OFFSET
        units = norm.encode("utf-16-le")
        for i in range(0, len(units), 2):
            h = ((h ^ (units[i] | (units[i + 1] << 8))) * FNV_PRIME) & MASK
        out.append(mix(h, 0x9747B28C))
    return out


def minhash(sh):
    out = [EMPTY] * HASHES
    for h in sh:
        b = h & (HASHES - 1)
        v = h >> 5
        if v < out[b]:
            out[b] = v
    for k in range(HASHES):
        if out[k] != EMPTY:
            continue
        for d in range(1, HASHES):
            src = out[(k + d) & (HASHES - 1)]
            if src != EMPTY and src < (1 << 27):
                out[k] = (1 << 27) + (mix(src, d) & 0x7FFFFFF)
                break
    return out


def signature(text, min_length):
    """The MinHash signature of an event's text, or None where the TS code gives it none."""
    if text is None or utf16_len(text) < min_length / CJK_WEIGHT:
        return None
    norm = normalise(text)
    cjk = any(is_cjk(ord(c)) for c in norm)
    if utf16_len(norm) < (min_length / CJK_WEIGHT if cjk else min_length):
        return None
    return minhash(shingles(norm))


def is_candidate(text, min_length):
    """Texts the TS code puts in its time-sorted list (it numbers them, even those without a signature)."""
    return text is not None and utf16_len(text) >= min_length / CJK_WEIGHT


def band_key(sig, b):
    h = ((b + 1) * 0x9E3779B1) & MASK
    for r in range(ROWS):
        h = ((h ^ sig[b * ROWS + r]) * FNV_PRIME) & MASK
    return h | 1


def similarity_at_least(a, b, lo):
    need = math.ceil(lo * HASHES - 1e-9)
    same = 0
    for k in range(HASHES):
        if a[k] == b[k]:
            same += 1
        elif same + (HASHES - k - 1) < need:
            return -1
    return same / HASHES


def band_keys(sig):
    """The 16 LSH bucket keys of a signature (computed with the signatures, in parallel)."""
    return [band_key(sig, b) for b in range(BANDS)]


def leader_pass(rows, min_similarity, max_bucket, window):
    """
    Leader clustering in time order, exactly as findTextGroups: `rows` are (pos, ts, account, sig,
    keys) for texts with a signature, sorted by (ts, pos). Yields (pos, account, leader pos, leader
    ts) for every row (a leader is its own leader). Which families span >= 2 accounts, and their
    numbers, are decided afterwards over all rows (families.py).

    The pass is sequential (a text's family depends on the earlier leaders in its buckets), but a
    text only ever meets leaders sharing one of its band keys: rows of texts that share no key
    with each other, even interleaved in one call, do not affect each other's result. That is why
    the job may run it per group of connected texts (components.py) instead of once over the day.
    """
    l_ts = []  # leaders only: the chains hold nothing else
    l_sig = []
    l_pos = []
    buckets = {}  # band key -> leader numbers, oldest first
    for p, t, a, sig, keys in rows:
        best = -1
        best_sim = min_similarity
        stamped = set()
        for key in keys:
            chain = buckets.get(key)
            if chain is None:
                continue
            seen = 0
            for c in reversed(chain):
                if seen >= max_bucket:
                    break
                seen += 1
                if t - l_ts[c] > window:
                    break
                if c in stamped:
                    continue
                stamped.add(c)
                # The caller's test decides, so the plain agreeing share is enough (similarity_at_least
                # returns it or -1 when it cannot reach best_sim): one C-level pass over the 32 hashes.
                sim = sum(map(eq, sig, l_sig[c])) / HASHES
                if sim >= best_sim:
                    best_sim = sim
                    best = c
        if best >= 0:
            yield (p, a, l_pos[best], l_ts[best])
        else:
            c = len(l_ts)
            l_ts.append(t)
            l_sig.append(sig)
            l_pos.append(p)
            for key in keys:
                buckets.setdefault(key, []).append(c)
            yield (p, a, p, t)
