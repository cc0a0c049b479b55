"""Naming a term the way a spreadsheet writes it: exact after trimming, else the nearest known names to suggest."""

import difflib

SUGGESTIONS = 3


def normalised(name):
    return "".join(str(name).split()).replace("（", "(").replace("）", ")")


def nearest(name, known, n=SUGGESTIONS):
    """The known names closest to `name`: those containing it or contained in it first, then by similarity."""
    wanted = normalised(name)
    overlapping = [k for k in known if wanted and (wanted in normalised(k) or normalised(k) in wanted)]
    similar = difflib.get_close_matches(wanted, list(known), n=n, cutoff=0.3)
    return list(dict.fromkeys(overlapping + similar))[:n]
