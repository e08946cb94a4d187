import { describe, expect, it, vi } from 'vitest';

// Pretend the compiled policies were never built.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, existsSync: (p: string) => (String(p).includes('build/policies') ? false : fs.existsSync(p)) };
});

describe('loadRegoCheck without a build', () => {
  it('rejects with an error that says to run the build', async () => {
    const { loadRegoCheck, ruleCatalogue } = await import('../../src/engine/rego.js');
    await expect(loadRegoCheck()).rejects.toThrow(/compiled policies not found \(.*build\/policies\/rules\.json\); run `npm run build`/);
    expect(() => ruleCatalogue()).toThrow(/run `npm run build`/);
  });
});
