// The command line's `--set path=value` list for this process: the CLI stores it before a command
// runs, loadChecked (checked.ts) reads it. Kept in a module without imports so the CLI can set it
// without loading the config loader up front. Holds data only.

let current: readonly string[] = [];

export function setConfigOverrides(list: readonly string[]): void {
  current = [...list];
}

export function configOverrides(): readonly string[] {
  return current;
}
