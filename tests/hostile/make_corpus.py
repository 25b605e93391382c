#!/usr/bin/env python3
"""make_corpus.py — writes the hostile-atlas corpus in tests/hostile/corpus/.

Every file is small (the cap is 200 KB a file); the big cases (a 20 MB string, a million tags,
200,000-deep nesting) are generated at test time by tests/core/unit-hostile.cpp instead.
The files are committed; this script documents how each was made and rewrites them all:

    python3 tests/hostile/make_corpus.py

Then re-check tests/hostile/EXPECTED.tsv (exit code and first line of `atlas validate`).
Raw bytes matter here (invalid UTF-8, a BOM, NUL), so every file is written as bytes.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus")

HEADER = (
    '"format":"mecfs-atlas","format_version":1,"title":"Hostile atlas","generated":"2026-01-02",'
    '"tag_categories":[{"id":"symptom","name":"Symptom"},{"id":"method_flag","name":"Method Flag"}]'
)


def study(sid, **changes):
    """A valid study record as an ordered dict; `changes` replace fields (None removes one)."""
    s = {
        "id": sid,
        "slug": sid + "-slug",
        "title": "A study of " + sid,
        "authors": ["Doe, Jane", "Roe, Richard"],
        "journal": "A Journal",
        "year": 2020,
        "pmid": str(100000 + sum(map(ord, sid)) * 7 % 900000),
        "evidence_level": "E2",
        "confidence": "high",
        "pem": "required",
        "case_definitions": ["CCC"],
        "publication_type": "Trial-RCT",
        "peer_review": "peer_reviewed",
        "review_status": "machine_draft",
        "sections": {"quick_summary": "Summary of " + sid + "."},
        "tags": {"symptom": ["Fatigue"]},
        "last_updated": "2026-01-02",
    }
    for k, v in changes.items():
        if v is None:
            s.pop(k, None)
        else:
            s[k] = v
    return s


def raw_study(sid, **changes):
    """The study as JSON text, so callers can splice raw (possibly invalid) bytes into it."""
    return json.dumps(study(sid, **changes), ensure_ascii=False, separators=(",", ":"))


def atlas_text(studies_text, header=HEADER):
    return "{" + header + ',"studies":[' + studies_text + "]}"


def atlas(*studies, header=HEADER):
    return atlas_text(",".join(json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in studies), header)


FILES = {}


def add(name, content):
    if isinstance(content, str):
        content = content.encode("utf-8")
    assert name not in FILES, name
    assert len(content) <= 200 * 1024, name
    FILES[name] = content


valid = atlas(study("good-a"), study("good-b"), study("good-c"))

# -- Not a usable document at all ---------------------------------------------------------------
add("empty.json", b"")
add("whitespace-only.json", b" \n\t\r\n   \n")
add("bom-only.json", b"\xef\xbb\xbf")
add("not-json.json", "this is not an atlas\n")
add("html-page.json", "<!doctype html><html><body>404 Not Found</body></html>\n")
add("truncated-in-header.json", valid[:60])
add("truncated-in-study.json", valid[: len(valid) // 2])
add("truncated-after-studies.json", valid[:-1])
add("top-level-array.json", "[" + valid + "]")
add("top-level-string.json", '"mecfs-atlas"')
add("top-level-null.json", "null")
add("empty-object.json", "{}")
add("trailing-garbage.json", valid + "\nxyz\n")
add("two-documents.json", valid + valid)
add("comments.json", "// an atlas\n" + valid)
add("single-quotes.json", valid.replace('"format":"mecfs-atlas"', "'format':'mecfs-atlas'"))
add("trailing-comma.json", valid[:-2] + ",]}")
add("nan-infinity.json", atlas_text(raw_study("nan", year=2020).replace('"year":2020', '"year":NaN')
                                    + "," + raw_study("inf").replace('"year":2020', '"year":Infinity')))
add("format-wrong.json", valid.replace('"format":"mecfs-atlas"', '"format":"zotero-export"'))
add("format-number.json", valid.replace('"format":"mecfs-atlas"', '"format":1'))
add("format-missing.json", valid.replace('"format":"mecfs-atlas",', ""))
add("format-version-2.json", valid.replace('"format_version":1', '"format_version":2'))
add("format-version-string.json", valid.replace('"format_version":1', '"format_version":"1"'))
add("format-version-float.json", valid.replace('"format_version":1', '"format_version":1.0'))
add("studies-missing.json", "{" + HEADER + "}")
add("studies-object.json", "{" + HEADER + ',"studies":{"good-a":' + raw_study("good-a") + "}}")
add("studies-null.json", "{" + HEADER + ',"studies":null}')

# -- Invalid UTF-8 and escapes ------------------------------------------------------------------
ok = raw_study("utf")
add("invalid-utf8-in-value.json",
    atlas_text(raw_study("good-a")).encode() .replace(b"A study of good-a", b"A study of \xff\xfe good-a"))
add("invalid-utf8-in-key.json", atlas_text(raw_study("good-a")).encode().replace(b'"journal"', b'"jour\xc3\x28nal"'))
add("overlong-utf8.json", atlas_text(raw_study("good-a")).encode().replace(b"A Journal", b"A \xc0\xaf Journal"))
add("utf8-encoded-surrogate.json", atlas_text(raw_study("good-a")).encode().replace(b"A Journal", b"A \xed\xa0\x80 Journal"))
add("truncated-utf8-sequence.json", atlas_text(raw_study("good-a")).encode().replace(b"A Journal", b"A \xe2\x82 Journal"))
add("lone-high-surrogate-escape.json", atlas_text(raw_study("good-a").replace("A Journal", "A \\ud800 Journal")))
add("lone-low-surrogate-escape.json", atlas_text(raw_study("good-a").replace("A Journal", "A \\udc00 Journal")))
add("bom-then-valid.json", b"\xef\xbb\xbf" + valid.encode())
add("raw-control-character.json", atlas_text(raw_study("good-a")).replace("A Journal", "A\x01Journal"))
add("raw-nul-byte.json", atlas_text(raw_study("good-a")).encode().replace(b"A Journal", b"A\x00Journal"))
# Escaped control characters are valid JSON: the record loads (what the page shows is the renderer's job).
add("escaped-control-characters.json",
    atlas_text(raw_study("ctl").replace("A Journal", "A\\u0000\\u0007\\u001b[31mJournal")))

# -- Header fields of the wrong type ------------------------------------------------------------
add("header-wrong-types.json", atlas(
    study("good-a"),
    header='"format":"mecfs-atlas","format_version":1,"title":42,"generated":true,'
           '"source":["x"],"license":{},"generator":1.5,"policy_version":null,"synthetic":"yes",'
           '"contribute_url":"javascript:alert(1)","about_url":7,'
           '"tag_categories":"symptom","evidence_levels":{"E0":"x"},"counts":"many","content_hash":0'))
add("header-bad-items.json", atlas(
    study("good-a"),
    header='"format":"mecfs-atlas","format_version":1,"title":"T","generated":"2026-02-30",'
           '"tag_categories":[1,{"id":"symptom"},{"id":"","name":"Empty"},{"id":"x","name":""}],'
           '"evidence_levels":[null,{"code":"E7","label":"x","description":"y"},{"code":"E1","label":2}]'))
add("header-duplicate-key.json", atlas(study("good-a"), header=HEADER + ',"title":"Second title"'))
add("header-deep-nesting.json", atlas(study("good-a"), header=HEADER + ',"extra":' + "[" * 40 + "]" * 40))

# -- Study records of the wrong shape -----------------------------------------------------------
add("studies-not-objects.json", atlas_text('1,"good-a",null,[],true,' + raw_study("good-a")))
add("study-field-types.json", atlas(
    study("good-a"),
    study("t-id", id=7),
    study("t-slug", slug=["x"]),
    study("t-title", title={"en": "x"}),
    study("t-authors", authors="Doe, Jane"),
    study("t-author-item", authors=["Doe, Jane", 2]),
    study("t-journal", journal=False),
    study("t-year", year="2020"),
    study("t-pmid", pmid=19855350),
    study("t-doi", doi=10.1),
    study("t-evidence", evidence_level=2),
    study("t-casedefs", case_definitions="CCC"),
    study("t-updated", last_updated=20260102),
    study("t-retraction", retraction="yes"),
    study("t-retracted", retraction={"retracted": "true"}),
    study("good-b"),
))
add("study-missing-fields.json", atlas(
    study("good-a"),
    study("m-title", title=None),
    study("m-sections", sections=None),
    study("m-summary", sections={"why_it_matters": "x"}),
    {"id": "m-almost-everything"},
    {},
    study("good-b"),
))
add("study-null-fields.json", atlas(dict(study("n-null"), title=None, doi=None, tags=None, retraction=None),
                                     dict(study("n-year"), year=None), study("good-a")))
add("sections-wrong-types.json", atlas(
    study("s-array", sections=["Summary."]),
    study("s-summary", sections={"quick_summary": 5}),
    study("s-findings", sections={"quick_summary": "x", "observed_findings": "one finding"}),
    study("s-finding-item", sections={"quick_summary": "x", "strengths": [["nested"]]}),
    study("s-unknown", sections={"quick_summary": "x", "executive_summary": "y"}),
    study("good-a"),
))
add("tags-wrong-types.json", atlas(
    study("g-array", tags=["Fatigue"]),
    study("g-string", tags={"symptom": "Fatigue"}),
    study("g-item", tags={"symptom": ["Fatigue", 3]}),
    study("g-badcat", tags={"Bad Category!": ["Fatigue"]}),
    study("g-undeclared", tags={"mood": ["Low"]}),
    study("good-a"),
))
add("duplicate-ids.json", atlas(study("good-a"), study("dup"), study("dup", slug="other-slug"), study("good-b")))
add("duplicate-slugs.json", atlas(study("good-a", slug="same"), study("good-b", slug="same"), study("good-c")))
add("duplicate-keys-in-study.json", atlas_text(raw_study("good-a")[:-1] + ',"title":"Another title"}'
                                               + "," + raw_study("good-b")))
add("duplicate-pmids.json", atlas(study("good-a", pmid="123"), study("good-b", pmid="123")))
add("unknown-enums.json", atlas(
    study("e-evidence", evidence_level="E9"),
    study("e-confidence", confidence="very high"),
    study("e-pem", pem="yes"),
    study("e-pubtype", publication_type="RCT"),
    study("e-peer", peer_review="peer-reviewed"),
    study("e-review", review_status="reviewed"),
    study("e-casedef", case_definitions=["CCC", "CDC-1988"]),
    study("e-lowercase", evidence_level="e2"),
    study("good-a"),
))
add("bad-identifiers.json", atlas(
    study("i-upper", id="Bad-ID"),
    study("i-dash", id="-leading"),
    study("i-empty", id=""),
    study("i-long", id="a" * 65),
    study("i-space", id="has space"),
    study("i-slug", slug="../../etc/passwd"),
    study("good-a"),
))
add("bad-dates-pmid-doi.json", atlas(
    study("d-feb30", last_updated="2026-02-30"),
    study("d-short", last_updated="2026-1-2"),
    study("d-words", last_updated="yesterday"),
    study("d-pmid", pmid="PMC12345"),
    study("d-pmid-long", pmid="1234567890"),
    study("d-doi", doi="https://doi.org/10.1/x"),
    study("d-retraction", retraction={"retracted": True, "date": "2026-13-01"}),
    study("good-a"),
))

# Years: raw text so that 1e400, 2000.5 and big integers are written exactly as given.
years = ["-1", "99999", "2000.5", "1899", "2101", "0", '"2020"', "null", "true", "2.02e3",
         "18446744073709551616", "-9223372036854775809", "123456789012345678901234567890"]
add("absurd-years.json", atlas_text(",".join(
    raw_study("y%d" % i).replace('"year":2020', '"year":' + y) for i, y in enumerate(years)) + "," + raw_study("good-a")))
# Numbers too big for a double: as a year, and in unknown fields the loader does not even read.
add("year-1e400.json", atlas_text(raw_study("good-a") + "," + raw_study("y-big").replace('"year":2020', '"year":1e400')))
add("huge-numbers.json", atlas_text(raw_study("good-a") + "," + raw_study("h")[:-1]
                                    + ',"ratio":1e-400,"score":' + "9" * 400 + "}"))

# -- Caps (kept under 200 KB a file) ------------------------------------------------------------
add("string-over-cap.json", atlas(study("good-a"), study("c-long", sections={"quick_summary": "x" * (64 * 1024 + 1)}),
                                  study("good-b")))
add("title-over-cap.json", atlas(study("good-a"), study("c-title", title="T" * 2049), study("good-b")))
add("too-many-authors.json", atlas(study("good-a"), study("c-authors", authors=["Doe, J%d" % i for i in range(501)])))
add("too-many-tags.json", atlas(study("good-a"), study("c-tags", tags={"symptom": ["T%d" % i for i in range(101)]})))
add("too-many-list-items.json", atlas(study("good-a"), study("c-list", sections={
    "quick_summary": "x", "limitations": ["l%d" % i for i in range(201)]})))
add("deep-nesting-in-study.json", atlas_text(raw_study("good-a") + "," + raw_study("c-deep")[:-1]
                                             + ',"x":' + "[" * 1000 + "]" * 1000 + "}," + raw_study("good-b")))
add("long-key.json", atlas_text(raw_study("c-key")[:-1] + ',"' + "k" * 300 + '":1},' + raw_study("good-a")))

# -- Optional fields: relations and population (issue 15) ---------------------------------------
add("relations-wrong-shapes.json", atlas(
    study("r-object", relations={"type": "replicates", "id": "good-a"}),
    study("r-item", relations=["good-a"]),
    study("r-type", relations=[{"type": "confirms", "id": "good-a"}]),
    study("r-no-type", relations=[{"id": "good-a"}]),
    study("r-no-target", relations=[{"type": "replicates"}]),
    study("r-two-targets", relations=[{"type": "replicates", "id": "good-a", "doi": "10.1/x"}]),
    study("r-bad-id", relations=[{"type": "replicates", "id": "../good-a"}]),
    study("r-bad-doi", relations=[{"type": "comments_on", "doi": "https://doi.org/10.1/x"}]),
    study("r-bad-pmid", relations=[{"type": "retraction_of", "pmid": 19815723}]),
    study("r-long-note", relations=[{"type": "replicates", "id": "good-a", "note": "n" * 301}]),
    study("r-script-note", relations=[{"type": "replicates", "id": "good-a",
                                       "note": '<script>alert(1)</script>', "why": "unknown key"}]),
    study("good-a"),
))
add("too-many-relations.json", atlas(study("good-a"), study("c-relations", relations=[
    {"type": "comments_on", "pmid": str(i + 1)} for i in range(51)])))
add("population-wrong-shapes.json", atlas(
    study("p-array", population=[77]),
    study("p-negative", population={"n_patients": -1}),
    study("p-fraction", population={"n_controls": 70.5}),
    study("p-huge", population={"n_patients": 10 ** 12}),
    study("p-percent", population={"female_percent": 120}),
    study("p-severity", population={"severity": ["mild", "bedbound"]}),
    study("p-severity-twice", population={"severity": ["severe", "severe"]}),
    study("p-age", population={"age_group": "adult"}),
    study("p-onset", population={"onset": "viral"}),
    study("p-uk", population={"countries": ["NO", "UK"]}),
    study("p-lower", population={"countries": ["gb"]}),
    study("p-country-twice", population={"countries": ["GB", "NO", "GB"]}),
    study("good-a", population={"n_patients": 77, "n_controls": 71, "severity": ["mild", "moderate"],
                                "age_group": "adults", "female_percent": 84.4, "onset": "infectious",
                                "countries": ["NO", "GB"], "bmi": 22}),
))
add("relations-and-population-valid.json", atlas(
    study("good-a", population={"n_patients": 30, "countries": ["NO"]}),
    study("good-b", relations=[{"type": "replicates", "id": "good-a", "note": "Same protocol, new cohort."},
                               {"type": "supersedes", "doi": "10.1101/2020.01.01.000001"},
                               {"type": "comments_on", "pmid": "19815723"},
                               {"type": "fails_to_replicate", "id": "not-in-this-atlas"}],
          population={"n_patients": 151, "n_controls": 0, "severity": ["very_severe"], "age_group": "mixed",
                      "female_percent": 0, "onset": "unknown", "countries": []}),
    study("good-c", relations=[]),
))

# -- Hostile text that is valid data ------------------------------------------------------------
script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
html = {
    "title": "Title " + script, "journal": "<b>Journal</b>" + script, "authors": [script, "Doe, <i>Jane</i>"],
    "doi": "10.1000/" + script,
    "sections": {k: ("<p>" + k + "</p>" + script) for k in
                 ["quick_summary", "why_it_matters", "remaining_questions", "does_not_prove"]}
                | {k: [script, "<a href=\"javascript:alert(1)\">x</a>"] for k in
                   ["observed_findings", "inferred_conclusions", "strengths", "limitations"]},
    "tags": {"symptom": [script, "Fatigue"]},
    "retraction": {"retracted": True, "notice": "javascript:alert(1) " + script, "date": "2025-01-01"},
}
html_header = {
    "format": "mecfs-atlas", "format_version": 1, "title": "Atlas " + script, "generated": "2026-01-02",
    "source": script, "license": script, "generator": script, "policy_version": script,
    "contribute_url": "https://example.org/?q=" + script, "about_url": "mailto:x@example.org?subject=" + script,
    "tag_categories": [{"id": "symptom", "name": script}],
    "evidence_levels": [{"code": "E%d" % i, "label": script, "description": script} for i in range(4)],
}
add("html-and-script-everywhere.json", atlas(study("html", **html),
    header=json.dumps(html_header, ensure_ascii=False, separators=(",", ":"))[1:-1]))
add("unknown-fields.json", atlas(study("good-a", provenance={"checked": "2026-01-02"}, extra_field=1, notes="x"),
                                 header=HEADER + ',"future_field":{"a":1}'))
add("one-bad-among-good.json", atlas(*[study("good-%d" % i) for i in range(5)],
                                     study("bad-one", evidence_level="E5"),
                                     *[study("good-%d" % i) for i in range(5, 10)]))
add("valid.json", valid)


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))
    for name, content in sorted(FILES.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(content)
    print("%d files in %s" % (len(FILES), OUT))


if __name__ == "__main__":
    main()
