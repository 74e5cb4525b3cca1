/** How definition files are written: as the repository's Prettier formats JSON. */

/** JSON as the repository's Prettier writes it when Prettier is installed, else 2-space JSON. */
export async function formatJson(body: unknown): Promise<string> {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  try {
    const prettier = await import('prettier');
    return await prettier.format(text, { parser: 'json' });
  } catch {
    return text;
  }
}
