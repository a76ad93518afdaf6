// Placeholder until the detect command lands.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('bandscope detect: not implemented yet\n');
  return 1;
}
