"""A self-contained page for people: reports/index.html (no network, no CDN).

Each discrepancy shows its positions side by side; each quote is highlighted inside
its sentence, with the source's title, outlet and date and a link to file:line.
Filters (kind, severity, status, source) are plain JavaScript over data attributes,
mirrored in the URL fragment (`#severity=material&source=x`) so a filtered view can be
linked. Source text is untrusted: every piece of it goes through html.escape, and no
script ever inserts it as markup.
"""
from __future__ import annotations

import html
import json
import os
from collections.abc import Iterator, Sequence

from factcheck.models import ClaimRef, Discrepancy, Report, SourceMeta
from factcheck.wording import figure, noun_of_metric, plural
from factcheck.safe_text import visible
from factcheck.report.memo import NO_MEMO, Memo

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f4f5f7}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}
main{padding:16px 24px;max-width:1400px}.filters{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 16px}
.filters label{font-size:13px;color:#4a5263}.filters select{margin-left:4px}
.disc{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002;margin:0 0 16px;padding:12px 16px}
.disc h2{font-size:16px;margin:0 0 6px}.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;
margin-right:6px;color:#fff}.material{background:#b42318}.minor{background:#b54708}.new{background:#175cd3}
.stale{background:#6941c6}.reviewed{background:#027a48}.why{color:#4a5263;margin:4px 0 8px}
.positions{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.position{border:1px solid #d0d5dd;border-radius:6px;padding:8px 10px}.position h3{font-size:14px;margin:0 0 6px}
.claim{border-top:1px solid #eaecf0;padding:6px 0}.claim:first-of-type{border-top:0}
.meta{font-size:12px;color:#4a5263}mark{background:#fde68a;padding:0 1px}.value{font-family:monospace;font-size:13px}
.review{background:#ecfdf3;border-left:3px solid #027a48;padding:4px 8px;margin:6px 0}
.review.stale{background:#f4f3ff;border-color:#6941c6}table{border-collapse:collapse;background:#fff}
td,th{border:1px solid #d0d5dd;padding:4px 8px;font-size:13px;text-align:left}#count{font-size:13px;color:#4a5263}
.decide{margin:10px 0 0;font-size:13px;color:#4a5263}.decide code{display:block;background:#f2f4f7;border:1px solid
#d0d5dd;border-radius:4px;padding:4px 8px;margin:4px 0;font-size:12px;user-select:all;overflow-x:auto;white-space:pre}
.decide button{font-size:12px}.changes{margin:4px 0 0 16px;padding:0}.empty{background:#fff;border-radius:8px;
padding:12px 16px}
"""

_JS = """
(function(){
  var keys=['kind','severity','status','source'];
  function current(){var o={};keys.forEach(function(k){o[k]=document.getElementById('f-'+k).value;});return o;}
  function apply(){
    var f=current(),shown=0,items=document.querySelectorAll('.disc');
    items.forEach(function(el){
      var ok=(!f.kind||el.dataset.kind===f.kind)&&(!f.severity||el.dataset.severity===f.severity)&&
             (!f.status||el.dataset.status===f.status)&&(!f.source||el.dataset.sources.split(' ').indexOf(f.source)>=0);
      el.hidden=!ok; if(ok){shown++;}
    });
    document.getElementById('count').textContent=shown+' of '+items.length+
      (items.length===1?' discrepancy':' discrepancies')+' shown';
    var parts=keys.filter(function(k){return f[k];}).map(function(k){return k+'='+encodeURIComponent(f[k]);});
    history.replaceState(null,'',parts.length?'#'+parts.join('&'):location.pathname);
  }
  function fromHash(){
    location.hash.replace(/^#/,'').split('&').forEach(function(p){
      var kv=p.split('='); var el=document.getElementById('f-'+kv[0]);
      if(el&&kv.length===2){el.value=decodeURIComponent(kv[1]);}
    });
  }
  keys.forEach(function(k){document.getElementById('f-'+k).addEventListener('change',apply);});
  document.querySelectorAll('button.copy').forEach(function(b){b.addEventListener('click',function(){
    var code=b.parentNode.querySelector('code'),range=document.createRange();
    range.selectNodeContents(code);getSelection().removeAllRanges();getSelection().addRange(range);
    if(navigator.clipboard){navigator.clipboard.writeText(code.textContent).then(function(){b.textContent='copied';});}
  });});
  fromHash(); apply();
})();
"""


def escape(text: str, quote: bool = True) -> str:
    """HTML-escaped, with control and bidi characters shown as markers (a U+202E must not reorder a quote)."""
    return html.escape(visible(text), quote)


def _href(path: str, base: str | None) -> str:
    if base is None:
        return path
    return os.path.relpath(os.path.abspath(path), os.path.abspath(base)).replace(os.sep, "/")


def _highlight(sentence: str, quote: str) -> str:
    needle = " ".join(quote.split())
    k = sentence.find(needle)
    if k < 0:
        return f"{escape(sentence)} <mark>{escape(needle)}</mark>"
    return escape(sentence[:k]) + "<mark>" + escape(needle) + "</mark>" + escape(sentence[k + len(needle):])


def _value(c: ClaimRef) -> str:
    """The figure as a person writes it, and the interval it stands for ('$17.2 billion (17.15–17.25 billion)')."""
    return figure(c, noun_of_metric(c.subject.metric if c.subject else None))


def _about(meta: SourceMeta | None) -> str:
    """All a card shows of a source's metadata: all the card's piece in the memo depends on, of the metadata."""
    return " · ".join(escape(x) for x in (meta.title, meta.outlet, meta.published) if x) if meta else ""


def _claim(c: ClaimRef, about: str, base: str | None) -> str:
    href = escape(_href(c.path, base), quote=True)
    speaker = f" · said by {escape(c.speaker)}" if c.speaker else ""
    return (f'<div class="claim"><div class="meta"><b>{escape(c.source)}</b> {about}{speaker} · '
            f'<a href="{href}">{escape(c.path)}:{c.line}</a></div><div>{_highlight(c.sentence, c.quote)}</div>'
            f'<div class="value">{escape(_value(c))}</div></div>')


def _discrepancy(d: Discrepancy, about: dict[str, str], base: str | None) -> str:
    ids = sorted({c.source for p in d.positions for c in p.claims})
    kind = d.positions[0].claims[0].kind
    review = ""
    if d.review is not None:
        review = (f'<div class="review {escape(d.status)}">{escape(d.review.status)} by '
                  f'{escape(d.review.by or "unknown")} on {escape(d.review.at)}: {escape(d.review.reason)}'
                  + (" — changed since the decision:" + _changes(d.review.changes) if d.status == "stale" else "")
                  + "</div>")
    positions = "".join(
        f'<div class="position"><h3>Position {n}: {escape(p.label)}</h3><div class="meta">'
        f'{plural(p.independent_sources, "independent source")}</div>'
        + "".join(_claim(c, about.get(c.source, ""), base) for c in p.claims) + "</div>"
        for n, p in enumerate(d.positions, 1))
    return (f'<section class="disc" id="{escape(d.id)}" data-kind="{escape(kind)}" data-severity="{d.severity}" '
            f'data-status="{d.status}" data-sources="{escape(" ".join(ids))}"><h2><span class="badge {d.severity}">'
            f'{d.severity}</span><span class="badge {d.status}">{d.status}</span>{escape(d.id)} · {escape(d.subject)}'
            f'</h2><div class="why">{escape(d.reason)} · rule {escape(d.rule)} · subject confidence '
            f'{d.subject_confidence:.2f} · extraction confidence {d.extraction_confidence:.2f}</div>'
            + (f'<div class="why">lined up: {escape(d.alignment)}</div>' if d.alignment else '') + f'{review}'
            f'<div class="positions">{positions}</div>{_decide(d)}</section>')


def _changes(changes: tuple[str, ...]) -> str:
    return '<ul class="changes">' + "".join(f"<li>{escape(x)}</li>" for x in changes) + "</ul>"


def _decide(d: Discrepancy) -> str:
    """What to do next: the command that records a decision, ready to copy."""
    what = "Decide again" if d.status == "stale" else "Change the decision" if d.status == "reviewed" else "Decide"
    command = f'factcheck review {d.id} --status explained --reason "..."'
    return (f'<div class="decide">{what}: run, with the status that fits, <code>{escape(command)}</code>'
            '<button class="copy" type="button">copy</button> Status: <b>explained</b> (the sources do not '
            'really disagree: scope, period, ...), <b>accepted</b> (a known disagreement) or <b>error</b> with '
            '<code style="display:inline">--source ID</code> (one source is wrong).</div>')


def _unmatched(report: Report) -> str:
    """How many comparable claims lined up with nothing: an empty report on an unfamiliar topic is not agreement."""
    return f"{report.claims_unaligned} of {report.claims_compared} comparable lined up with nothing"


def _empty(report: Report) -> str:
    """No discrepancy: say what was compared, so an empty page is never mistaken for an unread corpus."""
    if not report.sources:
        return '<p class="empty">No sources were read, so nothing was compared.</p>'
    detail = (f" Of {plural(report.claims_compared, 'comparable claim')}, {report.claims_unaligned} lined up "
              "with nothing in another source, so they could not be compared." if report.claims_compared else "")
    return (f'<p class="empty">No discrepancies found: {plural(len(report.sources), "source")} and '
            f'{plural(report.claims_total, "claim")} were compared.{detail} '
            f'{plural(len(report.corroborations), "figure")} agreed across sources (below).</p>')


def _select(name: str, values: Sequence[str]) -> str:
    options = '<option value="">all</option>' + "".join(
        f'<option value="{escape(v, quote=True)}">{escape(v)}</option>' for v in values)
    return f'<label>{name} <select id="f-{name}">{options}</select></label>'


def render(report: Report, base: str | None = None) -> str:
    return "".join(chunks(report, base))


def chunks(report: Report, base: str | None = None, memo: Memo = NO_MEMO) -> Iterator[str]:
    """The page a discrepancy at a time (a large report is never one string in memory); each card from `memo`
    when the last run rendered the same discrepancy of the same sources, linked from the same folder."""
    sources = {s.id: s for s in report.sources}
    about = {s.id: _about(s) for s in report.sources}
    where = [base, os.path.abspath(base), os.getcwd()] if base is not None else [None]   # what links depend on

    def context(d: Discrepancy) -> str:
        """What a card shows besides its discrepancy: where its links lead (relative source paths are read from
        the current folder), and what it shows of each source (not the source's hash: an edit elsewhere in a
        source leaves its other cards as they were)."""
        return json.dumps(where + [about.get(i, "") for i in sorted({c.source for p in d.positions for c in p.claims})])

    kinds = sorted({d.positions[0].claims[0].kind for d in report.discrepancies})
    filters = (_select("kind", kinds) + _select("severity", ["material", "minor"])
               + _select("status", ["new", "stale", "reviewed"]) + _select("source", sorted(sources)))
    skipped = "".join(f"<li>{escape(s.path)}: {escape(s.code)} {escape(s.message)}</li>" for s in report.skipped)
    yield (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'\">"
        f"<title>factcheck: {plural(len(report.discrepancies), 'discrepancy')}</title><style>{_CSS}</style>"
        f"</head><body><header><h1>Discrepancy report</h1>{plural(len(report.sources), 'source')} · "
        f"{plural(report.claims_total, 'claim')} ({escape(_unmatched(report))}) · "
        f"{plural(len(report.discrepancies), 'discrepancy')} · "
        f"{plural(len(report.corroborations), 'corroborated figure')}</header>"
        f"<main><div class=\"filters\">{filters}<span id=\"count\"></span></div>"
        + (f"<h2>Sources that could not be read</h2><ul>{skipped}</ul>" if skipped else "")
        + "<div id=\"list\">")
    for d in report.discrepancies:
        yield memo.piece("html", d, lambda: _discrepancy(d, about, base), lambda: context(d))
    yield ("" if report.discrepancies else _empty(report)) + "</div>"
    if report.corroborations:
        yield ("<h2>Corroborated figures</h2><table><tr><th>subject</th><th>figure</th><th>independent sources</th>"
               "<th>sources</th></tr>")
        for c in report.corroborations:
            yield (f"<tr><td>{escape(c.subject)}</td><td>{escape(c.label)}</td><td>{c.independent_sources}"
                   f"</td><td>{escape(', '.join(sorted({r.source for r in c.claims})))}</td></tr>")
        yield "</table>"
    yield f"</main><script>{_JS}</script></body></html>\n"
