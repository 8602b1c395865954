import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gsmSeptets, isGsm7, normalizeForSms } from '../../../src/core/sms/gsm.js';

describe('GSM-7 alphabet', () => {
  it('knows basic, extension and outside characters', () => {
    expect(gsmSeptets('a')).toBe(1);
    expect(gsmSeptets('é')).toBe(1);
    expect(gsmSeptets('\n')).toBe(1);
    expect(gsmSeptets('€')).toBe(2);
    expect(gsmSeptets('[')).toBe(2);
    expect(gsmSeptets('ê')).toBe(0);
    expect(gsmSeptets('’')).toBe(0);
    expect(gsmSeptets('\u001b')).toBe(0);
    expect(isGsm7('Hello {world} 100€')).toBe(true);
    expect(isGsm7('Bonjour, ça va?')).toBe(false); // lower-case ç is not in the alphabet
  });
});

describe('normalizeForSms', () => {
  it('turns smart quotes, dashes, ellipses and special spaces into GSM equivalents', () => {
    expect(normalizeForSms('It’s “fine” — really…')).toBe('It\'s "fine" - really...');
    expect(normalizeForSms('«\u00A0Oui\u00A0» ou «\u202Fnon\u202F»\u202F?')).toBe('" Oui " ou " non " ?');
    expect(normalizeForSms('co\u00ADoperate\u200B 10\u221210')).toBe('cooperate 10-10');
    expect(isGsm7(normalizeForSms('‘a’ “b” – c — d … e'))).toBe(true);
  });

  it('leaves letters and emoji alone', () => {
    expect(normalizeForSms('Être ou ne pas être 👍 ç')).toBe('Être ou ne pas être 👍 ç');
  });

  it('is idempotent and never turns a GSM text into a non-GSM one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const once = normalizeForSms(s);
        expect(normalizeForSms(once)).toBe(once);
        if (isGsm7(s)) expect(once).toBe(s);
      }),
    );
  });
});
