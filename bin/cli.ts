// `bandscope <command> …`: a thin shell over the engines in src/.
import * as detect from './commands/detect';
import * as geo from './commands/geo';
import * as logs from './commands/logs';
import * as rules from './commands/rules';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number> }> = { detect, geo, logs, rules };

const USAGE = `usage: bandscope <command> [options]

commands:
${[detect, geo, logs, rules].map((c) => `  ${c.SYNOPSIS}\n`).join('')}`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`bandscope: unknown command "${name}"\n${USAGE}`);
    return 1;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    process.stderr.write(`bandscope ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
