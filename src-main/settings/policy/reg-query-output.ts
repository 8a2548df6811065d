/**
 * Reads what `reg query <key>` prints: the key's path on a line of its own,
 * then one line per value, indented four spaces, with name, type and data
 * separated by four spaces ("    EndOfTurnSilenceMs    REG_DWORD    0xbb8").
 * Subkeys follow as bare paths and are not ours to read. Type names are not
 * translated on localised Windows, so they are safe to match.
 */
export function parseRegQueryOutput(output: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let seenKey = false;
  for (const line of output.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    if (!line.startsWith('    ')) {
      // The first bare line is the key itself; a later one is a subkey, after every value of ours.
      if (seenKey) break;
      seenKey = true;
      continue;
    }
    const match = /^ {4}(.+?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name, type, data = ''] = match as unknown as [string, string, string, string | undefined];
    values[name] = registryData(type, data);
  }
  return values;
}

/**
 * The names of the subkeys `reg query <key>` lists: the bare lines that are
 * the key's path and one more name. A key without values prints no line of
 * its own, only its subkeys. Registry names ignore case, and reg prints the
 * queried part of the path as it was asked for, so the match ignores case.
 */
export function regQuerySubkeys(output: string, key: string): string[] {
  const prefix = `${key.toLowerCase()}\\`;
  const names: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith(' ') || !line.toLowerCase().startsWith(prefix)) continue;
    const name = line.slice(prefix.length).trimEnd();
    if (name !== '' && !name.includes('\\')) names.push(name);
  }
  return names;
}

function registryData(type: string, data: string): unknown {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      // reg prints numbers in hex: 0xbb8.
      return /^0x[0-9a-f]+$/i.test(data) ? Number.parseInt(data.slice(2), 16) : data;
    case 'REG_MULTI_SZ':
      // reg joins the strings with a literal \0.
      return data === '' ? [] : data.split('\\0');
    default:
      // REG_SZ and REG_EXPAND_SZ are text; any other type is passed on as text, which the setting's own check refuses by name.
      return data;
  }
}
