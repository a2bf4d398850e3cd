import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

// `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`.
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

/** A relative import that still lands inside src/, or undefined for anything else. */
function staysInside(file: string, specifier: string): boolean {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return false;
  return !relative(srcDir, resolve(dirname(file), specifier)).startsWith('..');
}

describe('the dependency rule', () => {
  it('the domain package imports nothing outside itself', () => {
    const outside = sourceFiles(srcDir).flatMap((file) =>
      imports(file)
        .filter((specifier) => !staysInside(file, specifier))
        .map((specifier) => `${relative(srcDir, file)} imports ${specifier}`),
    );
    expect(outside).toEqual([]);
  });

  it('the model does not import the service layer or the fakes', () => {
    const modelDir = join(srcDir, 'model');
    const inward = sourceFiles(modelDir).flatMap((file) =>
      imports(file)
        .filter((specifier) => specifier.includes('service-layer') || specifier.includes('testing'))
        .map((specifier) => `${relative(srcDir, file)} imports ${specifier}`),
    );
    expect(inward).toEqual([]);
  });

  it('declares no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(srcDir, '..', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
  });
});
