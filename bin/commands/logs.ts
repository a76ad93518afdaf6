// Placeholder until the logs command lands.
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('bandscope logs: not implemented yet\n');
  return 1;
}
