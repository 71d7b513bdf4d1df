import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from '../../src/store/route';

describe('hash routes', () => {
  it('reads, presents and opens notes for a section', () => {
    expect(parseHash('#/lstm')).toEqual({ mode: 'read', slug: 'lstm' });
    expect(parseHash('#/present/gru')).toEqual({ mode: 'present', slug: 'gru' });
    expect(parseHash('#/notes/bptt')).toEqual({ mode: 'notes', slug: 'bptt' });
    expect(parseHash('#/lstm/')).toEqual({ mode: 'read', slug: 'lstm' });
  });
  it('an empty hash means "the first section"', () => {
    expect(parseHash('')).toEqual({ mode: 'read', slug: null });
    expect(parseHash('#/')).toEqual({ mode: 'read', slug: null });
    expect(parseHash('#/present')).toEqual({ mode: 'present', slug: null });
  });
  it('tampered hashes become an invalid slug, never a crash', () => {
    expect(parseHash('#/%E0%A4%A').slug).toBe('__invalid__');
    expect(parseHash('#/<script>').slug).toBe('__invalid__');
    expect(parseHash('#/a/b/c').slug).toBe('__invalid__');
    expect(parseHash('#/' + 'x'.repeat(200)).slug).toBe('__invalid__');
  });
  it('round-trips with hrefFor', () => {
    for (const mode of ['read', 'present', 'notes'] as const)
      expect(parseHash(hrefFor('vanilla-cell', mode))).toEqual({ mode, slug: 'vanilla-cell' });
  });
});

describe('the whole-lecture handout route', () => {
  it('reads #/handout and #/handout/print, and nothing else under it', () => {
    expect(parseHash('#/handout')).toEqual({ mode: 'handout', slug: 'lecture' });
    expect(parseHash('#/handout/print')).toEqual({ mode: 'handout', slug: 'lecture', print: true });
    expect(parseHash('#/handout/print?v=1&bptt.T=40')).toEqual({ mode: 'handout', slug: 'lecture', print: true });
    expect(parseHash('#/handout/lstm')).toEqual({ mode: 'read', slug: '__invalid__' });
    expect(parseHash('#/handout/print/2')).toEqual({ mode: 'read', slug: '__invalid__' });
    expect(hrefFor('lstm', 'handout')).toBe('#/handout');
  });
});
