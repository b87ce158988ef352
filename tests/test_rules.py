"""The comparison rules, end to end through `factcheck check`, and on hand-made claims."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from factcheck.models import Claim
from factcheck.compare.rules import REGISTRY, acronym, base, dates, numeric, ranking

from helpers import check_corpus, position_quotes, run_cli, write_corpus

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "conflicts.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_conflict_case(case, tmp_path):
    rc, report = check_corpus(tmp_path, case["sources"])
    assert [s["id"] for s in report["sources"]] == sorted(Path(n).stem for n in case["sources"])
    found = [{"code": d["code"], "positions": position_quotes(d)} for d in report["discrepancies"]]
    assert found == case["discrepancies"]
    for d in report["discrepancies"]:
        assert d["id"].startswith(d["code"] + "-")
        assert len(d["positions"]) >= 2
    if "severity" in case:
        assert [d["severity"] for d in report["discrepancies"]] == [case["severity"]]
    if "corroborations" in case:
        assert [[c["quote"] for c in x["claims"]] for x in report["corroborations"]] == case["corroborations"]
    assert rc == case["exit"]


def test_case_ids_are_unique():
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_discrepancy_positions_carry_provenance(tmp_path):
    case = next(c for c in CASES if c["id"] == "count-exact-vs-more-than-for-one-visit")
    _, report = check_corpus(tmp_path, case["sources"])
    (d,) = report["discrepancies"]
    assert d["rule"] == "numeric.interval_conflict"
    assert d["reason"] == "the figures allow 29 and above 30, which share no value"
    (a,), (b,) = (p["claims"] for p in d["positions"])
    text_a = (tmp_path / "corpus" / "alpha.md").read_text(encoding="utf-8")
    text_b = (tmp_path / "corpus" / "beta.md").read_text(encoding="utf-8")
    assert (a["source"], a["path"]) == ("alpha", str(tmp_path / "corpus" / "alpha.md"))
    assert text_a[a["start"]:a["end"]] == a["quote"] == "29 agreements"
    assert text_b[b["start"]:b["end"]] == b["quote"] == "more than 30 agreements"
    assert (a["value"], a["low"], a["high"], a["bound"]) == (29, 29, 29, "=")
    assert (b["value"], b["low"], b["high"], b["bound"]) == (30, 30, None, ">")
    assert (a["line"], a["column"]) == (1, text_a.index("29") + 1)
    assert all(p["independent_sources"] == 1 for p in d["positions"])


def test_part_of_a_whole_belongs_to_the_part(tmp_path, kn):
    """'..., of which Sweden accounts for €30 billion': Sweden is the part's party, not the whole's."""
    from factcheck.run.pipeline import extract_corpus
    write_corpus(tmp_path, {"a.md": "Germany's trade with the Nordic states exceeded €90 billion in 2024, "
                                    "of which Sweden accounts for €30 billion.\n"})
    result = extract_corpus([tmp_path], kn)
    frames = {c.quote: c.frame for c in result.claims["a"] if c.kind == "money"}
    assert "sweden" in frames["€30 billion"].parties
    assert "sweden" not in frames["exceeded €90 billion"].parties
    assert frames["exceeded €90 billion"].owner == "germany"


# --- stable ids ------------------------------------------------------------------------------------

STABLE_SOURCES = {
    "alpha.md": "During his visit to Japan in May 2025, Tokayev signed 29 agreements with Japanese companies.\n\n"
                "Japan is Kazakhstan's largest trading partner.\n",
    "beta.md": "During the May 2025 visit to Japan, Tokayev signed more than 30 agreements with Japanese firms.\n\n"
               "India is Kazakhstan's largest trading partner.\n\n"
               "The Caspian Freight Alliance (CFA) was founded in Aktau.\n",
    "gamma.md": "The Central Fertilizer Association (CFA) was founded in Aktau.\n",
}


def _ids(report: dict) -> list[str]:
    return [d["id"] for d in report["discrepancies"]]


def _claim_ids(report: dict) -> list[list[list[str]]]:
    return [[[c["claim_id"] for c in p["claims"]] for p in d["positions"]] for d in report["discrepancies"]]


def test_discrepancy_ids_are_stable_across_runs(tmp_path):
    _, first = check_corpus(tmp_path / "one", STABLE_SOURCES)
    _, second = check_corpus(tmp_path / "two", STABLE_SOURCES)
    assert [d["code"] for d in first["discrepancies"]] == ["FC201", "FC301", "FC401"]
    assert _ids(first) == _ids(second)
    assert _claim_ids(first) == _claim_ids(second)


def test_discrepancy_ids_survive_an_unrelated_edit_elsewhere(tmp_path):
    _, before = check_corpus(tmp_path / "before", STABLE_SOURCES)
    edited = dict(STABLE_SOURCES)
    edited["beta.md"] = ("This note collects what the delegation reported on its return home.\n\n"
                         + STABLE_SOURCES["beta.md"])
    _, after = check_corpus(tmp_path / "after", edited)
    assert [d["code"] for d in before["discrepancies"]] == ["FC201", "FC301", "FC401"]
    assert _ids(after) == _ids(before)
    assert _claim_ids(after) == _claim_ids(before)
    moved = [c for d in after["discrepancies"] for p in d["positions"] for c in p["claims"] if c["source"] == "beta"]
    assert moved and all(c["line"] > 1 for c in moved)     # the offsets did move; the ids did not


def test_discrepancy_id_changes_when_the_period_compared_changes(tmp_path):
    """The id is a fingerprint of what is compared: another period is another thing."""
    _, before = check_corpus(tmp_path / "before", STABLE_SOURCES)
    edited = {k: v.replace("May 2025", "May 2024") for k, v in STABLE_SOURCES.items()}
    _, after = check_corpus(tmp_path / "after", edited)
    fc201 = [d["id"] for r in (before, after) for d in r["discrepancies"] if d["code"] == "FC201"]
    assert len(fc201) == 2 and fc201[0] != fc201[1]


def test_a_decision_goes_stale_when_what_the_figures_are_about_changes_but_the_id_stays(tmp_path):
    """The visit moves from one country to another: the same thing is measured (the id stays), but a decision
    made on the old reading must be looked at again."""
    from factcheck.models import Discrepancy
    from factcheck.review.decisions import state_of
    _, before = check_corpus(tmp_path / "before", STABLE_SOURCES)
    edited = {k: v.replace("Japan", "India").replace("India is Kazakhstan", "Japan is Kazakhstan")
              for k, v in STABLE_SOURCES.items()}
    _, after = check_corpus(tmp_path / "after", edited)
    fc201 = [Discrepancy.model_validate(d) for r in (before, after) for d in r["discrepancies"] if d["code"] == "FC201"]
    assert len(fc201) == 2 and fc201[0].id == fc201[1].id
    assert state_of(fc201[0]) != state_of(fc201[1])


# --- the rules on hand-made claims ------------------------------------------------------------------

def claim(quote: str, value, low, high, bound: str = "=", precision: float = 0.0, kind: str = "money",
          source: str = "a", start: int = 0) -> Claim:
    return Claim(id=f"{source}:{quote}", source=source, kind=kind, quote=quote, start=start, end=start + len(quote),
                 line=1, column=1, sentence=quote, value=value, low=low, high=high, bound=bound,
                 precision=precision, unit="USD" if kind == "money" else "count")


def quotes(groups) -> list[list[str]]:
    return [[c.quote for c in g] for g in groups]


def test_more_than_excludes_its_own_value_for_exact_counts():
    exact = claim("30 agreements", 30, 30, 30, kind="count")
    over = claim("more than 30 agreements", 30, 30, None, ">", kind="count", source="b")
    at_least = claim("at least 30 agreements", 30, 30, None, ">=", kind="count", source="c")
    assert quotes(numeric.positions([exact, over])) == [["30 agreements"], ["more than 30 agreements"]]
    assert quotes(numeric.positions([exact, at_least])) == [["30 agreements", "at least 30 agreements"]]


def test_rounding_widens_the_interval():
    a = claim("$17.2 billion", 17.2e9, 17.2e9, 17.2e9, precision=0.05e9)
    b = claim("$17.25 billion", 17.25e9, 17.25e9, 17.25e9, precision=0.005e9, source="b")
    c = claim("$17.3 billion", 17.3e9, 17.3e9, 17.3e9, precision=0.05e9, source="c")
    assert base.effective(a) == (pytest.approx(17.15e9), pytest.approx(17.25e9), True, True)
    assert len(numeric.positions([a, b])) == 1
    assert len(numeric.positions([a, c])) == 2          # (17.15, 17.25) and (17.25, 17.35) only touch
    d = claim("$17.4 billion", 17.4e9, 17.4e9, 17.4e9, precision=0.05e9, source="d")
    assert quotes(numeric.positions([a, d])) == [["$17.2 billion"], ["$17.4 billion"]]


def test_open_interval_ends():
    assert base.effective(claim("over $5 billion", 5e9, 5e9, None, ">", kind="count")) == (5e9, float("inf"),
                                                                                            True, True)
    assert base.effective(claim("under 5", 5, None, 5, "<", kind="count")) == (float("-inf"), 5, True, True)


def test_numeric_severity():
    twelve = claim("$12 billion", 12e9, 12e9, 12e9, precision=0.5e9)
    near = claim("$12.6 billion", 12.6e9, 12.6e9, 12.6e9, precision=0.05e9, source="b")
    far = claim("$15 billion", 15e9, 15e9, 15e9, precision=0.5e9, source="b")
    assert numeric.severity(numeric.positions([twelve, near])) == "minor"
    assert numeric.severity(numeric.positions([twelve, far])) == "material"
    counts = [claim("29 agreements", 29, 29, 29, kind="count"), claim("30 agreements", 30, 30, 30, kind="count",
                                                                       source="b")]
    assert numeric.severity(numeric.positions(counts)) == "material"
    assert numeric.code_for(counts) == "FC201"


def test_positions_do_not_depend_on_input_order():
    cs = [claim("$12 billion", 12e9, 12e9, 12e9, precision=0.5e9),
          claim("$15 billion", 15e9, 15e9, 15e9, precision=0.5e9, source="b"),
          claim("about $14 billion", 14e9, 12.6e9, 15.4e9, "~", precision=0.5e9, source="c")]
    assert quotes(numeric.positions(cs)) == quotes(numeric.positions(list(reversed(cs))))


def text_claim(kind: str, quote: str, value: str, about: str, source: str) -> Claim:
    return Claim(id=f"{source}:{quote}", source=source, kind=kind, quote=quote, start=0, end=len(quote), line=1,
                 column=1, sentence=quote, text_value=value, about=about)


def test_ranking_sets_that_share_a_member_agree():
    eu = text_claim("ranking", "EU is investor number one", "European Union", "investor#1@KZ", "a")
    both = text_claim("ranking", "EU and US are the largest investors", "European Union + United States", "investor#1@KZ", "b")
    cn = text_claim("ranking", "China is the largest investor", "China", "investor#1@KZ", "c")
    assert quotes(ranking.positions([eu, both])) == [[eu.quote, both.quote]]
    assert quotes(ranking.positions([eu, both, cn])) == [[eu.quote, both.quote], [cn.quote]]
    assert ranking.SAME_SOURCE is True


@pytest.mark.parametrize("a, b, same", [
    ("Eurasian Grain Organisation", "Eurasian Grain Organization", True),
    ("Trans-Baltic Ferry and Freight Partnership", "Trans Baltic Ferry & Freight Partnership", True),
    ("the Steppe Energy Council", "Steppe Energy Council", True),
    ("Caspian Freight Alliance", "Central Fertilizer Association", False),
])
def test_acronym_spelling_variants(a, b, same):
    groups = acronym.positions([text_claim("acronym", a, a, "X", "a"), text_claim("acronym", b, b, "X", "b")])
    assert len(groups) == (1 if same else 2)


def test_dates_far_apart_are_another_occurrence():
    from factcheck.models import Frame, Period

    def day(iso: str, source: str) -> Claim:
        return Claim(id=f"{source}:{iso}", source=source, kind="date", quote=iso, start=0, end=len(iso), line=1,
                     column=1, sentence=iso, date=Period(start=iso, end=iso, granularity="day"))
    assert len(dates.positions([day("2025-11-06", "a"), day("2025-11-16", "b")])) == 2
    assert dates.severity(dates.positions([day("2025-11-06", "a"), day("2025-11-08", "b")])) == "minor"
    assert len(dates.positions([day("2023-11-06", "a"), day("2025-11-06", "b")])) == 2  # a birth happens once
    visit = Frame(event="visited", recurs=True)
    visits = [day("2023-11-06", "a").model_copy(update={"frame": visit}),
              day("2025-11-06", "b").model_copy(update={"frame": visit})]
    assert dates.positions(visits) == []  # a visit recurs: two years apart, two visits


def test_every_rule_module_documents_itself():
    for module in set(REGISTRY.values()):
        doc = module.__doc__ or ""
        assert "**Example conflict**" in doc and "**Not a conflict**" in doc, module.__name__
        assert module.NAME.count(".") == 1
        for fn in ("positions", "severity", "code_for", "reason"):
            assert callable(getattr(module, fn)), (module.__name__, fn)
    assert {k: v.__name__.rsplit(".", 1)[1] for k, v in REGISTRY.items()} == {
        "money": "numeric", "count": "numeric", "percent": "numeric", "quantity": "numeric",
        "multiplier": "numeric", "date": "dates", "ranking": "ranking", "acronym": "acronym"}


def test_check_via_cli_writes_both_reports(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", STABLE_SOURCES)
    rc, out, _ = run_cli(["check", "--corpus", corpus, "--reports", tmp_path / "r", "--claims", tmp_path / "c"])
    assert rc == 1
    report = json.loads((tmp_path / "r" / "discrepancies.json").read_text(encoding="utf-8"))
    md = (tmp_path / "r" / "discrepancies.md").read_text(encoding="utf-8")
    for d in report["discrepancies"]:
        assert d["id"] in md
        assert d["id"] in out
