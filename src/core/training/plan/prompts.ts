/** The sample prompts file: one prompt per line, `#` comments kept, blank lines dropped, Windows line ends
 * normalised. Returns null when no line is a prompt (no file, no --sample_prompts). */
export function samplePromptsFile(text: string): string | null {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.some((l) => !l.startsWith('#')) ? `${lines.join('\n')}\n` : null;
}
