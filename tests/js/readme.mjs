// The examples of the README's API section, read from README.md, so the docs cannot
// drift from what the package does. Each is a ```js block between "## API" and the
// next "## " heading; it runs as the body of an async function with `put` and `update`
// in scope.
import { readFile } from 'node:fs/promises';

export async function apiExamples() {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## API');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  return [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
}
