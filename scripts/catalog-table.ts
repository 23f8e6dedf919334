/** Print the indicator catalog as a Markdown table (for the README). */
import '../local/quiet-sdk.ts';
import { CATALOG } from '../catalog/index.ts';

const rows = CATALOG.indicators.map((i) => {
  const kind = i.kind === 'rate' ? `rate (${i.numerator} / ${i.denominator}${i.scale === 'ratio' ? ', ratio' : ''})` : i.kind;
  return `| \`${i.code}\` | ${i.label} | ${kind} | ${i.levels.join(', ')} | ${i.source} |`;
});
console.log(['| code | label | kind | levels | source |', '|---|---|---|---|---|', ...rows].join('\n'));
