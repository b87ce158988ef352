"""Exchange rates a story states itself: "¥69 billion, or about $460 million at roughly ¥150
to the dollar", "equivalent to €1.88 billion at the reference rate of HUF 395 per euro".

Amounts in two currencies are compared only when a rate is known. The corpus config
may give rates; a source of the story may state one, and then the amounts of that
story in the stated currency are converted with it. The rate figure itself is a rate,
not an amount, and is never compared.
"""
from __future__ import annotations

import functools
import re

from factcheck.config.knowledge import Knowledge, alternatives
from factcheck.models import Claim

@functools.lru_cache(maxsize=4)
def _after(kn: Knowledge) -> re.Pattern[str]:
    """'0.92 euros to the dollar', 'per 1 USD': the words after a rate that name the currency it is given against."""
    joiners, leads = alternatives(kn.grammar("rate_joiners")), alternatives(kn.grammar("rate_leads"))
    return re.compile(rf"(?<!\s)\s*+(?:{joiners})\s++(?:(?:{leads})\s*+)?(?P<cur>[A-Za-z.]+)")


def stated_rates(claims: list[Claim], kn: Knowledge) -> dict[str, tuple[str, float, Claim]]:
    """Currency -> (currency it is given against, units of the first per unit of the second, the rate's claim)."""
    out: dict[str, tuple[str, float, Claim]] = {}
    for c in claims:
        if c.kind != "money" or not c.value or not c.unit:
            continue
        at = c.sentence.find(" ".join(c.quote.split()))
        m = _after(kn).match(c.sentence, at + len(" ".join(c.quote.split()))) if at >= 0 else None
        target = kn.currency_words.get(m.group("cur").lower().rstrip(".")) if m else None
        if target and target != c.unit:
            out.setdefault(c.unit, (target, c.value, c))
    return out


def convert(claims: list[Claim], kn: Knowledge) -> list[Claim]:
    """The story's claims with its stated rates applied: rate figures dropped, amounts in a stated currency put
    into the units of the currency it was stated against (when that one's own conversion is known)."""
    rates = stated_rates(claims, kn)
    if not rates:
        return claims
    rate_ids = {claim.id for _, _, claim in rates.values()}
    base = {c.unit: c.to_base for c in claims if c.kind == "money" and c.to_base is not None}
    out = []
    for c in claims:
        if c.id in rate_ids:
            continue  # "¥150 to the dollar" is a rate, not an amount
        if c.kind == "money" and c.to_base is None and c.unit in rates:
            target, per_unit, rate = rates[c.unit]
            target_base = base.get(target, 1.0 if target == kn.default_dollar else kn.rates.get(target))
            if target_base is not None:
                note = f"converted at the rate {rate.source} states: '{rate.quote}' to one {target}"
                c = c.model_copy(update={"to_base": target_base / per_unit, "notes": c.notes + (note,)})
        out.append(c)
    return out
