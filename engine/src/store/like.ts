/** A LIKE pattern matching values that start with `s` (its `\`, `%` and `_` taken literally). */
export const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
