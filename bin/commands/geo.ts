// Placeholder until the geo command lands.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('bandscope geo: not implemented yet\n');
  return 1;
}
