import { describe, expect, it } from 'vitest';
import { csvText, toCsv } from './csv.ts';

describe('the CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['服務流程', '服務流程'],
    ['a,b', '"a,b"'],
  ])('writes the text %j as a cell that opens as text: %s', (value, cell) => {
    expect(toCsv([{ v: value }])).toBe(`v\n${cell}\n`);
  });

  it('writes numbers, negative ones too, as numbers, and nothing for null', () => {
    expect(toCsv([{ a: -5, b: null, c: 2.5 }])).toBe('a,b,c\n-5,,2.5\n');
  });

  it("writes the studio's tables by column: the header, then each row, with the same guard", () => {
    expect(
      csvText(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          [1, null],
          ['=1+1', -2],
        ],
      ),
    ).toBe(`a,b\n"x, y","say ""hi"""\n1,\n'=1+1,-2\n`);
  });
});
