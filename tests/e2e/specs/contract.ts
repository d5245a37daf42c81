// The operations of the published contract (public/openapi.yaml), as the tables of the suites
// name their rows: 'METHOD /path/{param}'. A suite that must cover every operation compares its
// rows with this list, so a new operation without a row, or a row for none, fails it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every operation of the contract. (A line scan: redocly lint and tests/contract.rs keep the
 * file's layout: paths at two spaces, their methods at four.) */
export function contractOperations(): string[] {
  const text = readFileSync(join(__dirname, '../../../public/openapi.yaml'), 'utf8');
  const paths = text.slice(text.indexOf('\npaths:'), text.indexOf('\ncomponents:'));
  const found: string[] = [];
  let path = '';
  for (const line of paths.split('\n')) {
    const at = /^ {2}(\/\S*):\s*$/.exec(line);
    if (at) path = at[1];
    const method = /^ {4}(get|put|post|patch|delete):\s*$/.exec(line);
    if (method) found.push(`${method[1].toUpperCase()} ${path}`);
  }
  return found;
}
