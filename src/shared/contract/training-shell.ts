/** A plan's commands as one would type them (the copyable preview in the UI, `atelier train plan`): each step's
 * environment first, as Atelier sets it, then its folder and command. POSIX shells on Linux and macOS, PowerShell
 * on Windows. */

export type ShellKind = 'posix' | 'powershell';

/** The shell of the machine the engines run on (a Node `process.platform`). */
export function shellFor(platform: string | null | undefined): ShellKind {
  return platform === 'win32' ? 'powershell' : 'posix';
}

export interface ShellStep {
  cwd: string;
  argv: string[];
  env: Record<string, string>;
}

/** argv quoted for a POSIX shell. */
export function shellQuote(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

// PowerShell splits bare words on commas and expands $, @, backticks and more: anything else is single-quoted.
const psQuote = (a: string): string => (/^[\w./\\:=-]+$/.test(a) ? a : `'${a.replace(/'/g, "''")}'`);
const quote = (a: string, shell: ShellKind): string => (shell === 'posix' ? shellQuote([a]) : psQuote(a));

/** One command line; in PowerShell through the call operator (a quoted program is otherwise a string). */
export function commandLine(argv: string[], shell: ShellKind): string {
  return shell === 'posix' ? shellQuote(argv) : `& ${argv.map(psQuote).join(' ')}`;
}

/** The lines that give the shell a step's environment: the removed variables (names, or prefixes ending in `*`)
 * unset, then the step's variables set. */
export function envLines(env: Record<string, string>, unset: readonly string[], shell: ShellKind): string[] {
  const lines: string[] = [];
  const names = unset.filter((u) => !u.endsWith('*'));
  const prefixes = unset.filter((u) => u.endsWith('*')).map((u) => u.slice(0, -1));
  const vars = Object.entries(env);
  if (shell === 'posix') {
    const matching = prefixes.length ? [`$(env | cut -d= -f1 | grep -E '^(${prefixes.join('|')})')`] : [];
    if (unset.length) lines.push(['unset', ...names, ...matching].join(' '));
    if (vars.length) lines.push(`export ${vars.map(([k, v]) => `${k}=${shellQuote([v])}`).join(' ')}`);
  } else {
    if (unset.length) lines.push(`Remove-Item ${unset.map((u) => `Env:${u}`).join(', ')} -ErrorAction SilentlyContinue`);
    // An assignment's right side is an expression: a bare word there would be run as a command.
    if (vars.length) lines.push(vars.map(([k, v]) => `$env:${k} = '${v.replace(/'/g, "''")}'`).join('; '));
  }
  return lines;
}

/** Steps as one script: the environment before the first step and again wherever it changes, then each step's
 * folder and command. */
export function stepsScript(steps: ShellStep[], unset: readonly string[], shell: ShellKind): string {
  const cd = shell === 'posix' ? 'cd' : 'Set-Location';
  let env: string | null = null;
  return steps
    .map((s) => {
      const lines = envLines(s.env, unset, shell);
      const same = lines.join('\n') === env;
      env = lines.join('\n');
      return [...(same ? [] : lines), `${cd} ${quote(s.cwd, shell)}`, commandLine(s.argv, shell)].join('\n');
    })
    .join('\n\n');
}
