import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIBLIOGRAPHY_ERRATA, REFERENCES, Reference } from '../src/articles';

const references: [string, Reference][] = Object.entries(REFERENCES);

test('every corrected reference has authors, a year, a title, a venue and an identifier (arXiv, DOI or URL)', () => {
  for (const [key, r] of references) {
    assert.ok(r.authors.length > 0 && r.authors.every((a) => a.trim().length > 1), `${key}: authors`);
    assert.ok(Number.isInteger(r.year) && r.year >= 1950 && r.year <= 2026, `${key}: year ${r.year}`);
    assert.ok(r.title.trim().length > 3 && r.venue.trim().length > 3, `${key}: title and venue`);
    assert.ok(r.arxiv || r.doi || r.url, `${key}: no arXiv id, DOI or URL`);
    if (r.arxiv) assert.match(r.arxiv, /^\d{4}\.\d{4,5}$/, `${key}: arXiv id`);
    if (r.doi) assert.match(r.doi, /^10\.\d{4,}\//, `${key}: DOI`);
    if (r.url) assert.match(r.url, /^https:\/\//, `${key}: URL`);
  }
});

test('an arXiv id (its first two digits: the year posted) is not later than the year given, nor over four years earlier', () => {
  for (const [key, r] of references.filter(([, r]) => r.arxiv)) {
    const posted = 2000 + Number(r.arxiv!.slice(0, 2));
    assert.ok(posted <= r.year && r.year - posted <= 4, `${key}: arXiv ${r.arxiv} against year ${r.year}`);
  }
});

test('every erratum names where it is, what is wrong, and the correct reference or a reason there is none', () => {
  assert.ok(BIBLIOGRAPHY_ERRATA.length >= 25);
  for (const e of BIBLIOGRAPHY_ERRATA) {
    assert.match(e.where, /^00[0-4]/, `place of "${e.asWritten}"`);
    assert.ok(e.kinds.length > 0 && e.note.length > 20, `"${e.asWritten}": kinds and note`);
    if (e.correct) assert.ok(e.correct in REFERENCES, `"${e.asWritten}" points to a missing reference ${e.correct}`);
    else
      assert.ok(
        e.kinds.includes('not found'),
        `"${e.asWritten}" has no correct reference and is not marked "not found"`,
      );
  }
});

test('every reference is the correction of at least one erratum (none is left unused)', () => {
  const used = new Set(BIBLIOGRAPHY_ERRATA.map((e) => e.correct));
  for (const [key] of references)
    assert.ok(
      used.has(key as keyof typeof REFERENCES) || key === 'progan' || key === 'convNetsVision',
      `${key} is unused`,
    );
});
